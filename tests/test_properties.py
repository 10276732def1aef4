"""Property tests (hypothesis): whatever text or YAML a colleague writes, the CLI answers with a result or
the one clear error (exit 2, no traceback, no "internal error"); a figure survives parse → format → parse.
"""

from __future__ import annotations

import math
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from capacity.errors import InputError, QuantityError
from capacity.units import display_unit, format_quantity, parse_figure
from capacity_cli.main import app

FIXTURES = Path(__file__).resolve().parent / "bad_inputs" / "fixtures"
TARGETS = (FIXTURES / "targets.yaml").read_text(encoding="utf-8")
NATIONAL = (FIXTURES / "national.yaml").read_text(encoding="utf-8")

SETTINGS = settings(max_examples=200, deadline=None, database=None, derandomize=True,  # the same examples every run (CI)
                    suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------------------ strategies

DIGITS = list("0123456789")
FULL_WIDTH = list("０１２３４５６７８９")
SCALES = ["萬", "万", "億", "亿", "萬億", "万亿"]
UNITS = ["噸", "吨", "t", "kt", "Mt", "GW", "MW", "MWh", "GWh", "千瓦", "千瓦時", "千瓦时", "元", "億元", "家", "個",
         "%", "g/W", "t/t", "mt", "tons"]
PUNCT = [",", "，", ".", "~", "～", ">", "<", ">=", "≥", "≤", "-", "+", "e", "E", "e-", " ", "　", "以上", "/", "*",
         "**", "(", ")", "^", "nan", "inf", "'", '"']
TOKEN = st.one_of(st.sampled_from(DIGITS), st.sampled_from(FULL_WIDTH), st.sampled_from(SCALES),
                  st.sampled_from(UNITS), st.sampled_from(PUNCT), st.characters())
QUANTITY_TEXT = st.lists(TOKEN, max_size=10).map("".join)
TARGET_UNIT = st.one_of(st.sampled_from(["t", "萬噸", "GW", "MWh", "億元", "家", "%", "", "1", "g/W", "km/h"]),
                        QUANTITY_TEXT)

#: Scalars a hand-written file may hold: figures, YAML 1.1 words, numbers, odd text.
SCALAR = st.one_of(
    QUANTITY_TEXT,
    st.sampled_from(["87萬噸", "253GW", "40%", "3~5家", ">1000GW", "0萬噸", "NO", "yes", "on", "~", "null", "true",
                     "1e3", "0755", "1:20", "二", "preamble", "share", "supply", "capacity", "polysilicon", "wafers",
                     "polysilicon_per_watt", "2023", "1800", ".nan", "-.inf", ""]),
    st.integers(-10**30, 10**30), st.floats(), st.booleans(), st.none(), st.text(max_size=20),
)
KEYS = ["schema_version", "region", "id", "name", "targets", "section", "clause", "figure", "comparator", "measure",
        "dimension", "national", "threshold", "kind", "warn_within", "projects", "feeds", "rollups", "total", "parts",
        "chain", "links", "supply", "demand", "factor", "project_states", "state", "p_complete", "quantities",
        "figures", "year", "basis", "value", "source", "preferred", "factors", "low", "high", "observed", "date",
        "set", "drop_project"]
NODE = st.recursive(SCALAR, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=5)), max_leaves=25)


# ------------------------------------------------------------------------------------------ helpers


@pytest.fixture(autouse=True, scope="module")
def _build_the_click_command_once():
    """typer.testing rebuilds the click command from the app on every invoke (~45 ms); hundreds of examples
    need it once. The command is the same object the CLI runs."""
    import typer.testing

    command = typer.testing._get_command(app)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(typer.testing, "_get_command", lambda _app: command)
        yield


def _run(args: list[str]):
    result = CliRunner().invoke(app, args, catch_exceptions=True)
    shown = f"capacity {args!r}\n--- exit {result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert "internal error" not in result.stderr, shown
    return result, shown


def _assert_clear(result, shown: str, allowed: tuple[int, ...]) -> None:
    assert result.exit_code in allowed, shown
    if result.exit_code == 2:
        assert "error:" in result.stderr, shown


def _mutate(doc, data, depth: int = 0):
    """Replace, delete or add one thing somewhere in a parsed YAML document."""
    if isinstance(doc, dict) and doc and depth < 8 and data.draw(st.integers(0, 3)):
        key = data.draw(st.sampled_from(sorted(doc, key=str)))
        doc[key] = _mutate(doc[key], data, depth + 1)
        return doc
    if isinstance(doc, list) and doc and depth < 8 and data.draw(st.integers(0, 3)):
        i = data.draw(st.integers(0, len(doc) - 1))
        doc[i] = _mutate(doc[i], data, depth + 1)
        return doc
    action = data.draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
    if action == "delete" and isinstance(doc, dict) and doc:
        del doc[data.draw(st.sampled_from(sorted(doc, key=str)))]
        return doc
    if action == "delete" and isinstance(doc, list) and doc:
        del doc[data.draw(st.integers(0, len(doc) - 1))]
        return doc
    if action == "add" and isinstance(doc, dict):
        doc[data.draw(st.sampled_from(KEYS))] = data.draw(NODE)
        return doc
    if action == "duplicate" and isinstance(doc, list) and doc:
        doc.append(doc[data.draw(st.integers(0, len(doc) - 1))])
        return doc
    return data.draw(NODE)


def _dump(doc) -> str:
    try:
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError, OverflowError):  # pragma: no cover - hypothesis made something undumpable
        assume(False)
        raise


# ------------------------------------------------------------------------------------------ properties


@SETTINGS
@given(text=QUANTITY_TEXT, unit=TARGET_UNIT)
def test_convert_any_text_is_a_result_or_a_clear_error(text: str, unit: str) -> None:
    result, shown = _run(["convert", "--", text, unit])
    _assert_clear(result, shown, (0, 2))
    if result.exit_code == 0:
        assert result.stdout.strip(), shown


@settings(max_examples=1000, deadline=None, database=None)
@given(text=QUANTITY_TEXT)
def test_parse_figure_raises_only_quantity_error(text: str) -> None:
    try:
        fig = parse_figure(text)
    except QuantityError:
        return
    assert 0 <= fig.low <= fig.high and not math.isnan(fig.low)
    assert fig.high == math.inf or fig.high <= 1e30


@SETTINGS
@given(data=st.data())
def test_mutated_targets_file_is_a_result_or_a_clear_error(data) -> None:
    doc = _mutate(yaml.safe_load(TARGETS), data)
    text = _dump(doc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "targets.yaml"
        path.write_text(text, encoding="utf-8")
        national = Path(tmp) / "national.yaml"
        national.write_text(NATIONAL, encoding="utf-8")
        result, shown = _run(["report", "--targets", str(path), "--national-only", str(national), "--format", "json"])
        _assert_clear(result, shown + "\n--- file\n" + text, (0, 1, 2))
        result, shown = _run(["validate", str(path)])
        _assert_clear(result, shown + "\n--- file\n" + text, (0, 2))


@SETTINGS
@given(data=st.data())
def test_mutated_national_file_is_a_result_or_a_clear_error(data) -> None:
    doc = _mutate(yaml.safe_load(NATIONAL), data)
    text = _dump(doc)
    with tempfile.TemporaryDirectory() as tmp:
        targets = Path(tmp) / "targets.yaml"
        targets.write_text(TARGETS, encoding="utf-8")
        path = Path(tmp) / "national.yaml"
        path.write_text(text, encoding="utf-8")
        result, shown = _run(["check", "--targets", str(targets), "--national-only", str(path), "--format", "json"])
        _assert_clear(result, shown + "\n--- file\n" + text, (0, 1, 2))


@SETTINGS
@given(doc=NODE)
def test_random_yaml_document_is_a_clear_error(doc) -> None:
    text = _dump(doc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.yaml"
        path.write_text(text, encoding="utf-8")
        result, shown = _run(["report", "--targets", str(path), "--national-only", str(FIXTURES / "national.yaml")])
        _assert_clear(result, shown + "\n--- file\n" + text, (0, 1, 2))
        result, shown = _run(["report", "--targets", str(FIXTURES / "targets.yaml"), "--scenario", str(path),
                              "--national-only", str(FIXTURES / "national.yaml")])
        _assert_clear(result, shown + "\n--- file\n" + text, (0, 1, 2))


@SETTINGS
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8")),
                     st.lists(st.sampled_from(TARGETS.splitlines(keepends=True) + ["\t", "&a ", "*a", "!!str ",
                                                                                   "- ", ": ", "{", "[", "'"]),
                              max_size=40).map(lambda xs: "".join(xs).encode("utf-8"))))
def test_random_bytes_are_a_clear_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "raw.yaml"
        path.write_bytes(raw)
        result, shown = _run(["validate", str(path)])
        _assert_clear(result, shown + f"\n--- bytes\n{raw!r}", (0, 2))


@SETTINGS
@given(set_value=QUANTITY_TEXT, key=st.sampled_from(["polysilicon", "wafers", "enterprises", "nope"]),
       flag=st.sampled_from(["--set", "--national", "--factor"]))
def test_any_override_is_a_result_or_a_clear_error(set_value: str, key: str, flag: str) -> None:
    if flag == "--factor":
        key = "polysilicon_per_watt"
    result, shown = _run(["check", "--targets", str(FIXTURES / "targets.yaml"), "--national",
                          str(FIXTURES / "national.yaml"), flag, f"{key}={set_value}", "--format", "json"])
    _assert_clear(result, shown, (0, 1, 2))


# ------------------------------------------------------------------------------------------ round trip

#: (unit as written, allows a scale word in front)
ROUND_TRIP_UNITS = ["噸", "吨", "t", "kt", "Mt", "GW", "MW", "kW", "千瓦", "MWh", "GWh", "千瓦時", "千瓦时", "元",
                    "家", "個", "g/W", "t/t", "%"]


def _number_text(n: int, places: int, full_width: bool) -> str:
    text = format(Decimal(n).scaleb(-places), "f")
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９")) if full_width else text


def _canonical(fig) -> str:
    """The figure written back in its own unit, without the scale word: 87萬噸 → 870000噸, 40% → 40 %."""
    if fig.unit.base_text == "%":
        return format_quantity(fig.value * 100, "%")
    return format_quantity(fig.value, fig.unit.base_text)


@settings(max_examples=300, deadline=None, database=None)
@given(n=st.integers(0, 999_999), places=st.integers(0, 5), scale=st.sampled_from([""] + SCALES),
       unit=st.sampled_from(ROUND_TRIP_UNITS), space=st.sampled_from(["", " "]), full_width=st.booleans())
def test_figure_round_trip(n: int, places: int, scale: str, unit: str, space: str, full_width: bool) -> None:
    """A figure as written (at most 6 significant digits, as documents write them) survives parse → format → parse."""
    if unit == "%":
        scale = ""  # 萬% is not a thing
    text = f"{_number_text(n, places, full_width)}{space}{scale}{unit}"
    fig = parse_figure(text)
    expected = float(Decimal(n).scaleb(-places) * {"": 1, "萬": 10**4, "万": 10**4, "億": 10**8, "亿": 10**8,
                                                  "萬億": 10**12, "万亿": 10**12}[scale])
    if unit == "%":
        expected /= 100
    assert math.isclose(fig.value, expected, rel_tol=1e-12), (text, fig.value, expected)

    again = parse_figure(_canonical(fig))
    assert math.isclose(again.value, fig.value, rel_tol=1e-12, abs_tol=0), (text, _canonical(fig))
    assert again.dimension == fig.dimension and again.bound == fig.bound == "exact"

    # and through the display unit (t, GW, MWh, 億元, the count word): the magnitude is kept
    shown_unit = display_unit(fig)
    if shown_unit:
        shown = parse_figure(format_quantity(fig.magnitude(), shown_unit))
        assert shown.dimension == fig.dimension
        assert math.isclose(shown.magnitude(), fig.magnitude(), rel_tol=1e-5), (text, shown.text)


@settings(max_examples=100, deadline=None, database=None)
@given(lo=st.integers(0, 9999), width=st.integers(0, 9999), unit=st.sampled_from(["家", "萬噸", "GW", "億元"]),
       bound=st.sampled_from(["", ">", "<", ">=", "≥", "≤"]))
def test_ranges_and_bounds_round_trip(lo: int, width: int, unit: str, bound: str) -> None:
    ranged = parse_figure(f"{lo}~{lo + width}{unit}")
    assert ranged.bound == "range" and ranged.low <= ranged.high
    assert parse_figure(f"{lo}{unit}").value == ranged.low
    bounded = parse_figure(f"{bound}{lo}{unit}")
    assert bounded.value == ranged.low
    assert bounded.bound == {"": "exact", ">": "at_least", ">=": "at_least", "≥": "at_least", "<": "at_most",
                             "≤": "at_most"}[bound]


def test_input_errors_are_input_errors() -> None:
    """QuantityError is an InputError: the CLI's one clear error covers it."""
    assert issubclass(QuantityError, InputError)
    with pytest.raises(QuantityError):
        parse_figure("87萬")
