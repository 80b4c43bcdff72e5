from __future__ import annotations

import json

import click

from graph_app.cli.common import format_option, open_existing, store_option
from graph_app.runner import EmbeddedRunner
from graph_app.units import ROUNDING_RULE, billing_units


@click.command()
@click.argument("code")
@click.argument("dose")
@format_option("text", "json", default="text")
@store_option
def units(code: str, dose: str, fmt: str, store_path: str) -> None:
    """How many billing units a DOSE of an HCPCS CODE is (dose / descriptor unit, rounded up).

    The unit comes from the official descriptor when an HCPCS release is loaded, else from the
    documents. Doses in g, mg, mcg (microgram), units or ml convert within their kind.
    Example: medkg units J3262 "162 mg"
    """
    store = open_existing(store_path)
    a = billing_units(EmbeddedRunner(store), code.strip().upper(), dose)
    unit = a.billing_unit
    if fmt == "json":
        click.echo(json.dumps({
            "code": a.code, "dose": {"amount": str(a.dose.amount), "unit": a.dose.unit},
            "perUnit": {"amount": str(unit.per_unit.amount), "unit": unit.per_unit.unit},
            "units": a.units, "exact": str(a.exact), "rounded": a.rounded,
            "descriptor": unit.descriptor, "origin": unit.origin, "source": unit.source,
            "rule": ROUNDING_RULE,
        }, indent=2))
        return
    click.echo(f"{a.code} {dose.strip()} = {a.units} billing unit{'s' if a.units != 1 else ''}")
    click.echo(f"  billing unit: {unit.per_unit_text} "
               f"({unit.origin} descriptor \"{unit.descriptor}\", {unit.source})")
    click.echo(f"  calculation:  {a.explanation}")
    click.echo(f"  rounding:     {ROUNDING_RULE}")
    for other in a.others:
        click.echo(f"  note: {other.source} states {other.per_unit_text} per unit (\"{other.descriptor}\")")
