"""How many billing units a dose is: the dose divided by the descriptor's unit, rounded up.

An HCPCS drug descriptor names the dose one billing unit stands for ("Injection, tocilizumab,
1 mg"; "…, 0.1 mg"; "…, 1 microgram"). The unit is taken from the official descriptor when an
HCPCS release is loaded, else from the documents. Doses convert within one dimension (g, mg,
mcg by weight; units; ml); anything else is an error that says which units would do.

Rounding follows CMS: when the dose given is not a multiple of the billing unit, bill the number
of whole units that covers it, i.e. round up (Medicare Claims Processing Manual, ch. 17).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from graph_app.errors import MedkgError
from graph_app.querylib import library_query
from graph_app.runner import Runner
from ingest.descriptors import DOSE_RE, parse_dose
from ingest.records import Dose

ROUNDING_RULE = ("CMS: bill the number of whole units that covers the dose given; a dose that is "
                 "not a multiple of the billing unit is rounded up")
# How many of the smallest unit of each dimension one unit is.
_SCALE: dict[str, tuple[str, Decimal]] = {
    "g": ("weight", Decimal(1_000_000)),
    "mg": ("weight", Decimal(1_000)),
    "mcg": ("weight", Decimal(1)),
    "units": ("units", Decimal(1)),
    "ml": ("volume", Decimal(1)),
}
_UNITS_OF = {dim: [u for u, (d, _) in _SCALE.items() if d == dim] for dim, _ in _SCALE.values()}


class DoseError(MedkgError):
    """A dose that cannot be read, or cannot be converted to the code's billing unit."""


class NoBillingUnitError(MedkgError):
    """Neither the loaded HCPCS release nor any document gives the code's billing unit."""


@dataclass(frozen=True)
class BillingUnit:
    per_unit: Dose
    descriptor: str
    origin: str  # "official" | "document"
    source: str  # the release title or the document file

    @property
    def per_unit_text(self) -> str:
        return _fmt(self.per_unit)


@dataclass(frozen=True)
class UnitsAnswer:
    code: str
    dose: Dose
    billing_unit: BillingUnit
    exact: Decimal  # the dose in billing units before rounding
    units: int
    others: tuple[BillingUnit, ...] = ()  # other origins that state a different unit

    @property
    def rounded(self) -> bool:
        return self.exact != self.units

    @property
    def explanation(self) -> str:
        per = self.billing_unit.per_unit
        text = (f"{_fmt(self.dose)} / {_fmt(per)} per unit = {_num(self.exact)} -> {self.units} "
                f"unit{'s' if self.units != 1 else ''}")
        return text + (" (rounded up)" if self.rounded else "")


def read_dose(text: str) -> Dose:
    dose = parse_dose(text) if DOSE_RE.fullmatch(text.strip()) else None
    if dose is None:
        raise DoseError(f"cannot read a dose from {text!r}: give an amount and a unit, e.g. \"162 mg\" "
                        f"(units: g, mg, mcg/microgram, units, ml)")
    if dose.amount <= 0:
        raise DoseError(f"the dose must be more than zero, got {text!r}")
    return dose


def convert(dose: Dose, unit: str) -> Decimal:
    """The dose expressed in `unit`; DoseError when the two are different dimensions."""
    have, want = _SCALE[dose.unit], _SCALE[unit]
    if have[0] != want[0]:
        raise DoseError(
            f"a dose in {dose.unit} cannot be converted to {unit}: the code bills by {want[0]}; "
            f"give the dose in {', '.join(_UNITS_OF[want[0]])}")
    return dose.amount * have[1] / want[1]


def units_for(dose: Dose, per_unit: Dose) -> tuple[Decimal, int]:
    exact = convert(dose, per_unit.unit) / per_unit.amount
    return exact, math.ceil(exact)


def billing_units(runner: Runner, code: str, dose_text: str) -> UnitsAnswer:
    dose = read_dose(dose_text)
    found = billing_unit_sources(runner, code)
    if not found:
        raise NoBillingUnitError(
            f"no billing unit known for {code}: no loaded HCPCS release has it and no document "
            f"states its descriptor (load one: medkg refdata load --hcpcs FILE)")
    chosen = found[0]
    exact, units = units_for(dose, chosen.per_unit)
    others = tuple(b for b in found[1:] if b.per_unit != chosen.per_unit)
    return UnitsAnswer(code, dose, chosen, exact, units, others)


def billing_unit_sources(runner: Runner, code: str) -> list[BillingUnit]:
    """The code's billing unit from each origin, the official descriptor first (the query's order)."""
    out = []
    for r in library_query("billing-unit").run(runner, code=code).rows:
        per = Dose(Decimal(r["doseAmount"].value), r["doseUnit"].value)
        if per.unit not in _SCALE or per.amount <= 0:
            continue
        descriptor = r["descriptor"].value if "descriptor" in r else ""
        out.append(BillingUnit(per, descriptor, r["origin"].value, r["source"].value))
    return out


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if len(text) < 14 else f"{value:.6g}"


def _fmt(dose: Dose) -> str:
    return f"{_num(dose.amount)} {dose.unit}"
