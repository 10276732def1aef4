"""Figures as written, parsed by our own front end and converted by pint."""

import math
import shutil
import subprocess

import pytest

from capacity.errors import QuantityError
from capacity.units import convert, parse_figure


@pytest.mark.parametrize("text, unit, expected", [
    ("87萬噸", "t", 870_000),
    ("87万吨", "t", 870_000),
    ("87 万吨", "t", 870_000),
    ("８７萬噸", "t", 870_000),           # full-width digits (NFKC)
    ("200萬千瓦時", "MWh", 2000),
    ("200万千瓦时", "MWh", 2000),
    ("2000億元", "元", 2e11),
    ("2000亿元", "億元", 2000),
    ("1.7萬億元", "億元", 17_000),
    ("253GW", "MW", 253_000),
    ("50萬千瓦", "GW", 0.5),
    ("2.1 g/W", "kg/kW", 2.1),
    ("870kt", "t", 870_000),             # kt is kilotonne here, never knot
    ("1.2萬人", "人", 12_000),
    ("38家", "家", 38),
    ("40%", "", 0.4),
    ("217.5萬噸", "t", 2_175_000),
])
def test_convert(text, unit, expected):
    assert math.isclose(convert(text, unit), expected, rel_tol=1e-12)


def test_traditional_and_simplified_agree():
    for trad, simp in (("87萬噸", "87万吨"), ("2000億元", "2000亿元"), ("200萬千瓦時", "200万千瓦时"), ("2000臺", "2000台")):
        a, b = parse_figure(trad), parse_figure(simp)
        assert a.value == b.value and a.dimension == b.dimension


def test_figure_forms():
    r = parse_figure("3~5家")
    assert (r.low, r.high, r.bound, r.dimension) == (3, 5, "range", "count")
    b = parse_figure(">1000GW")
    assert b.bound == "at_least" and b.low == 1000 and math.isinf(b.high)
    assert parse_figure("≤20%").interval("") == (0.0, 0.2)
    assert parse_figure("87萬噸").text == "87萬噸"


@pytest.mark.parametrize("text, phrase", [
    ("1,5t", "comma"),
    ("87,000 t", "comma"),
    ("-5萬噸", "negative"),
    ("nan t", "finite"),
    ("inf GW", "finite"),
    ("1e400 t", "out of range"),
    ("1kt**400", "the unit 'kt**400' is out of range"),  # 1e1200 t: pint's own arithmetic overflowed (a crash)
    ("1萬噸^99", "the unit '萬噸^99' is out of range"),
    ("5t**999999999999999999999", "out of range"),
    ("87", "no unit"),
    ("87萬", "unknown unit"),
    ("87 furlongs-per-fortnight", "unknown unit"),
    ("abc", "not a figure"),
])
def test_bad_figures(text, phrase):
    with pytest.raises(QuantityError) as exc:
        parse_figure(text)
    assert phrase in exc.value.format()


def test_a_unit_power_past_float_range_is_bad_input_not_a_crash(tmp_path):
    """kt**400 overflowed inside pint (OverflowError: 'internal error', a bug report) instead of a bad figure."""
    from typer.testing import CliRunner

    from capacity_cli.main import app

    result = CliRunner().invoke(app, ["convert", "--", "1kt**400", "t"])
    assert result.exit_code == 2 and "internal error" not in result.output
    assert "the unit 'kt**400' is out of range" in result.output
    path = tmp_path / "t.yaml"
    path.write_text("schema_version: 1\nregion: {id: x, name: X, target_year: 2024}\ntargets:\n"
                    "  - id: a\n    section: 一\n    name: A\n    figure: 1GW**999\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2 and f"{path}:7:13: error:" in result.output and "out of range" in result.output


def test_counts_never_mix_with_tonnes():
    with pytest.raises(QuantityError, match="dimensions differ"):
        convert("38家", "t")


def test_kt_is_not_a_speed():
    assert parse_figure("870kt").dimension == "mass"
    with pytest.raises(QuantityError):
        convert("870kt", "km/h")


# GNU units, run once by hand (`units -t '2000000 kWh' MWh` …) on this machine: units 2.22.
GNU_UNITS = [("2000000 kWh", "MWh", 2000), ("870000 t", "kg", 8.7e8), ("253 GW", "MW", 253000),
             ("2.1 g/W", "kg/kW", 2.1), ("50 kWh/kg", "MJ/kg", 180), ("1 kilotonne", "t", 1000),
             ("0.5 Mt", "t", 500000), ("2000 MWh", "GJ", 7200), ("1 GWh", "kWh", 1e6)]


@pytest.mark.parametrize("text, unit, expected", GNU_UNITS)
def test_agrees_with_gnu_units_recorded(text, unit, expected):
    assert math.isclose(convert(text, unit), expected, rel_tol=1e-9)


@pytest.mark.skipif(shutil.which("units") is None, reason="GNU units is not installed")
@pytest.mark.parametrize("text, unit, expected", GNU_UNITS)
def test_agrees_with_gnu_units_live(text, unit, expected):
    gnu_text = text.replace("Mt", "megatonne")
    out = subprocess.run(["units", "-t", gnu_text, unit], capture_output=True, text=True, check=True).stdout
    assert math.isclose(float(out.split()[0]), convert(text, unit), rel_tol=1e-6)
