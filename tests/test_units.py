"""Billing units: dose / descriptor unit, converted within its kind, rounded up as CMS says."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from graph_app.cli import cli
from graph_app.runner import EmbeddedRunner
from graph_app.units import (
    ROUNDING_RULE,
    DoseError,
    NoBillingUnitError,
    billing_units,
    convert,
    read_dose,
    units_for,
)
from ingest.records import Dose
from tests.ask_fixtures import asked, asked_store  # noqa: F401  (fixtures)


@pytest.mark.parametrize("dose, per_unit, exact, units", [
    ("162 mg", "1 mg", "162", 162),
    ("0.8 mg", "0.1 mg", "8", 8),
    ("0.85 mg", "0.1 mg", "8.5", 9),  # not a multiple: the next whole unit
    ("1.5 g", "10 mg", "150", 150),
    ("28 mcg", "1 microgram", "28", 28),
    ("28 micrograms", "1 mcg", "28", 28),
    ("0.028 mg", "1 mcg", "28", 28),
    ("400 mcg", "1 mg", "0.4", 1),
    ("10,000 units", "1000 units", "10", 10),
    ("2.5 ml", "1 ml", "2.5", 3),
    ("3 cc", "1 ml", "3", 3),
])
def test_units_for(dose, per_unit, exact, units):
    got_exact, got_units = units_for(read_dose(dose), read_dose(per_unit))
    assert got_exact == Decimal(exact) and got_units == units


@pytest.mark.parametrize("dose, unit", [
    ("2 ml", "mg"), ("100 units", "mg"), ("5 mg", "units"), ("1 g", "ml")])
def test_doses_of_another_kind_do_not_convert(dose, unit):
    with pytest.raises(DoseError, match="cannot be converted"):
        convert(read_dose(dose), unit)


@pytest.mark.parametrize("text", ["abc", "162", "162 kg", "two mg", "mg 162", "162 mg of J3262", "0 mg", ""])
def test_unreadable_doses(text):
    with pytest.raises(DoseError):
        read_dose(text)


def test_official_descriptor_first(asked):  # noqa: F811
    answer = billing_units(asked, "J3262", "162 mg")
    assert answer.units == 162 and not answer.rounded
    assert answer.billing_unit.origin == "official" and "HCPCS" in answer.billing_unit.source
    assert answer.billing_unit.per_unit == Dose(Decimal("1"), "mg")
    assert billing_units(asked, "J9039", "0.028 mg").units == 28


def test_document_unit_when_no_hcpcs_release(seed_store):
    answer = billing_units(EmbeddedRunner(seed_store), "J9229", "0.85 mg")
    assert answer.billing_unit.origin == "document" and answer.billing_unit.source.startswith("002_")
    assert answer.units == 9 and answer.rounded and "(rounded up)" in answer.explanation


def test_a_code_without_a_unit(seed_store):
    with pytest.raises(NoBillingUnitError, match="J0135"):
        billing_units(EmbeddedRunner(seed_store), "J0135", "40 mg")


def test_cli_units(tmp_path):
    from graph_app.loader import ingest_paths
    from graph_app.store import GraphStore
    from tests.conftest import FIXED_TIME, SEEDS, need_shared

    store = GraphStore(tmp_path / "store")
    ingest_paths(store, [need_shared(SEEDS)], now=FIXED_TIME)
    store.close()
    runner = CliRunner()
    out = runner.invoke(cli, ["units", "--store", str(tmp_path / "store"), "J3262", "162 mg"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0] == "J3262 162 mg = 162 billing units"
    assert ROUNDING_RULE in out.stdout
    bad = runner.invoke(cli, ["units", "--store", str(tmp_path / "store"), "J3262", "2 ml"])
    assert isinstance(bad.exception, DoseError) and "give the dose in g, mg, mcg" in str(bad.exception)
