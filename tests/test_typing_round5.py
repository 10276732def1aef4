"""Typing records faster (round five) must not change a record or an error. Each shortcut has a case
here where it must not apply: an optional key present with a null value (it reads as absent), a key
twice in different case, an unknown key among known ones, errors of a target in English and Chinese
(a target is read first with the label 'a target', and again with its own label only when that reading
kept an error), the cap on kept errors reached inside one target, the figure memo's options, and the
descriptor-filling ``Target.__init__``."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from capacity import yamlio
from capacity.errors import MAX_KEPT, InputError, InputErrors
from capacity.load import _OBSERVATION_KEYS, _PROJECT_KEYS, _ROLLUP_KEYS, _TARGET_KEYS, _THRESHOLD_KEYS, \
    Keys, Reader, targets_from_node
from capacity.model import Target
from capacity.units import QuantityError, parse_figure

HEAD = """\
schema_version: 1
region: {id: testland, name: 測試, target_year: 2025}
sections: [{section: 二, title: 硅}]
targets:
"""


def _load(body: str, name: str = "t.yaml"):
    return targets_from_node(yamlio.parse(HEAD + body, name), name)


def _errors(body: str) -> list[InputError]:
    with pytest.raises(InputError) as got:
        _load(body)
    exc = got.value
    return list(exc.errors) if isinstance(exc, InputErrors) else [exc]


# ------------------------------------------------------------------------------------------ keys
def test_keys_sets_are_their_lists():
    for keys in (_TARGET_KEYS, _THRESHOLD_KEYS, _OBSERVATION_KEYS, _PROJECT_KEYS, _ROLLUP_KEYS):
        assert type(keys) is Keys and keys.known == frozenset(keys) and len(set(keys)) == len(keys)
    assert _TARGET_KEYS[:6] == ("id", "section", "clause", "name", "name_en", "figure") and len(_TARGET_KEYS) == 26


def test_a_target_with_every_key_loads():
    """Every key of the list is known to the set the check uses (a key missing there would be refused)."""
    tf = _load("""\
  - {id: t1, section: 二, clause: 3, name: 甲, name_en: A, figure: 10萬噸, comparator: about, measure: capacity,
     dimension: mass, national: polysilicon, lead: [a], text: 約10萬噸, year: 2025, source: s, url: u,
     published: '2024', stance: forecast, tolerance: 2.5, basis: production, scope: listed_firms,
     period: 2025-01..2025-09, days_per_year: 330,
     observed: [{date: 2024-05, figure: 8萬噸, source: s, url: u, note: n, period: 2024-01..2024-05}],
     threshold: {figure: 40%, comparator: about, kind: share, text: 約40%, warn_within: 2, tolerance: 3,
                 stance: goal, basis: capacity, scope: national}}
  - {id: t2, name: 乙, figure: 5萬噸, addition: {base: 3萬噸, base_year: 2023}}
  - {id: t3, name: 丙, figure: 30%, measure: growth, dimension: currency, growth: {base: 500億元, base_year: 2020}}
  - {id: t4, name: 丁, figure: 1萬噸, threshold: {figure: 10%, kind: share, of: t2}}
  - {id: t5, name: 戊, figure: 1萬噸, threshold: {figure: 10%, kind: share, of_observed: t1}}
""")
    t1 = tf.target("t1")
    assert (t1.name_en, t1.comparator, t1.stance, t1.tolerance, t1.basis, t1.scope, t1.year, t1.days_per_year,
            t1.lead, t1.source, t1.url, t1.published, t1.period.text, t1.clause) == (
        "A", "about", "forecast", 2.5, "production", "listed_firms", 2025, 330.0, ("a",), "s", "u", "2024",
        "2025-01..2025-09", 3)
    th = t1.threshold
    assert (th.comparator, th.warn_within, th.tolerance, th.stance, th.basis, th.scope) == (
        "about", 2.0, 3.0, "goal", "capacity", "national")
    assert tf.target("t2").figure.low == 80000.0  # 3萬噸 + 5萬噸, in tonnes
    assert tf.target("t3").figure.low == pytest.approx(6.5e10)  # 500億元 × 1.3
    assert tf.target("t5").threshold.of_observed is True


def test_unknown_key_among_known_and_a_key_twice_in_another_case():
    errs = _errors("  - {id: t1, name: 甲, Name: 乙, figure: 1萬噸, Figure: 2萬噸, colour: red}\n")
    listed = ("one of id, section, clause, name, name_en, figure, comparator, measure, dimension, national, "
              "threshold, lead, text, observed, year, addition, source, url, published, stance, tolerance, basis, "
              "scope, period, days_per_year, growth")
    assert [(e.message, str(e.location), e.expected, e.hint) for e in errs] == [
        ("unknown key 'Name' in target 't1'", "t.yaml:5:23", listed, "did you mean name?"),
        ("unknown key 'Figure' in target 't1'", "t.yaml:5:45", listed, "did you mean figure?"),
        ("unknown key 'colour' in target 't1'", "t.yaml:5:58", listed, None),
    ]


def test_one_unknown_key_alone_among_known_ones():
    errs = _errors("  - {id: t1, name: 甲, figure: 1萬噸, figur: 2}\n")
    assert [(e.message, str(e.location), e.hint) for e in errs] == [
        ("unknown key 'figur' in target 't1'", "t.yaml:5:36", "did you mean figure?")]


def test_reader_keys_still_takes_a_plain_list():
    m = yamlio.parse("a: 1\nb: 2\n", "k.yaml")
    r = Reader("k.yaml")
    r.keys(m, ["a", "b"], "x")
    r.keys(m, ("a", "c"), "x")
    assert [(e.message, str(e.location)) for e in r.errors] == [("unknown key 'b' in x", "k.yaml:2:1")]


# ------------------------------------------------------------------------------ absent and null keys
OPTIONAL = ("measure", "dimension", "stance", "basis", "scope", "national", "tolerance", "days_per_year", "period",
            "year", "clause", "section", "lead", "observed", "source", "url", "published", "name_en", "text",
            "comparator")  # (growth:, addition: and threshold: with no value are refused: they are present)


def test_an_optional_key_with_a_null_value_reads_as_absent():
    bare = _load("  - id: t1\n    name: 甲\n    figure: 1萬噸\n").targets[0]
    nulls = _load("  - id: t1\n    name: 甲\n    figure: 1萬噸\n" + "".join(f"    {k}:\n" for k in OPTIONAL)).targets[0]
    assert nulls == bare
    assert (bare.measure, bare.comparator, bare.stance, bare.section, bare.clause, bare.year, bare.no_year,
            bare.tolerance, bare.period, bare.days_per_year, bare.lead, bare.observed, bare.threshold) == (
        "other", "reach", "goal", "", None, None, False, None, None, None, (), (), None)


@pytest.mark.parametrize("year", ["", "    year:\n"])
def test_without_a_year_a_period_gives_its_last_year(year):
    t = _load(f"  - id: t1\n    name: 甲\n    figure: 1萬噸\n    period: 2023..2025\n{year}").targets[0]
    assert (t.year, t.no_year, t.period.text) == (2025, False, "2023..2025")


def test_year_none_beside_a_period_is_refused():
    errs = _errors("  - id: t1\n    name: 甲\n    figure: 1萬噸\n    period: 2023..2025\n    year: none\n")
    assert [(e.message, str(e.location)) for e in errs] == [
        ("target 't1' has 'year: none' and a period (2023..2025)", "t.yaml:9:11")]


def test_required_keys_still_missing_and_null_required_still_refused():
    errs = _errors("  - id:\n    name:\n    figure:\n")
    assert [(e.message, str(e.location)) for e in errs] == [
        ("a target has no 'id'", "t.yaml:5:5"), ("a target has no 'figure'", "t.yaml:5:5"),
        ("a target has no 'name'", "t.yaml:5:5")]


def test_a_list_where_an_optional_value_goes_is_refused_not_skipped():
    errs = _errors("  - id: t1\n    name: 甲\n    figure: 1萬噸\n    stance: [a]\n    comparator: [b]\n    clause: [1]\n")
    assert [(e.message, str(e.location)) for e in errs] == [
        ("'stance' of target 't1' must be a single value", "t.yaml:8:13"),
        ("'comparator' of target 't1' must be a single value", "t.yaml:9:17"),
        ("'clause' of target 't1' must be a single value", "t.yaml:10:13")]


def test_an_unstated_threshold_comparator_follows_the_text_and_a_null_one_too():
    base = "  - id: t1\n    name: 甲\n    figure: 1萬噸\n    national: polysilicon\n    threshold:\n" \
           "      figure: 40%\n      kind: share\n"
    assert _load(base).targets[0].threshold.comparator == "at_least"
    assert _load(base + "      text: 約40%\n").targets[0].threshold.comparator == "about"
    assert _load(base + "      text: 約40%\n      comparator:\n").targets[0].threshold.comparator == "about"
    assert _load(base + "      text: 約40%以上\n").targets[0].threshold.comparator == "at_least"
    assert _load(base + "      text: 約40%\n      comparator: reach\n").targets[0].threshold.comparator == "reach"


def test_a_dimension_of_the_unit_table_is_checked_against_its_keys():
    errs = _errors("  - id: t1\n    name: 甲\n    figure: 1萬噸\n    dimension: mas\n")
    assert (errs[0].message, errs[0].hint) == ("'dimension' of target 't1' is 'mas'", "did you mean mass?")
    assert errs[0].expected == ("one of mass, power, energy, currency, currency_usd, area, count, dimensionless")


# ------------------------------------------------------------------------- labels: read again on error
BAD = """\
  - id: t1
    name: 甲
    figure: 1萬噸
    comparator: atleast
    national: polysilicon
    threshold: {figure: 40%, kind: shar}
    observed:
      - {date: 2023-05, figure: 1GW}
  - id: t2
    name: 乙
    figure: 2萬噸
"""


def test_errors_name_their_target_in_english_and_chinese():
    """In order, at their places, each naming target 't1' (not 'a target', the label of a first reading)."""
    errs = _errors(BAD)
    assert [e.format("en") for e in errs] == [
        "t.yaml:10:36: error: 'kind' of the threshold of target 't1' is 'shar'; expected one of share, supply\n"
        "  hint: did you mean share?",
        "t.yaml:8:17: error: 'comparator' of target 't1' is 'atleast'; expected one of reach, at_least, at_most, "
        "range, about\n  hint: did you mean at_least, at_most?",
        "t.yaml:12:33: error: an observation of target 't1': '1GW' is power; expected a mass figure "
        "(e.g. 87萬噸, 870000 t)",
    ]
    assert [e.format("zh") for e in errs] == [
        "t.yaml:10:36: 错误：目标 't1' 的门槛 的 'kind' 为 'shar'；应为 share, supply 之一\n  提示：是否想输入 比重？",
        "t.yaml:8:17: 错误：目标 't1' 的 'comparator' 为 'atleast'；应为 reach, at_least, at_most, range, about 之一\n"
        "  提示：是否想输入 at_least, at_most？",
        "t.yaml:12:33: 错误：目标 't1' 的一条观测：'1GW' 的量纲为 power；应为 量纲为 mass 的数字（例如 87萬噸, 870000 t）",
    ]


def test_the_good_target_after_a_bad_one():
    fixed = BAD.replace("atleast", "at_least").replace("shar}", "share}").replace("1GW", "1萬噸")
    tf = _load(fixed)
    assert [t.id for t in tf.targets] == ["t1", "t2"] and tf.target("t2").figure.text == "2萬噸"
    assert tf.target("t1").threshold.kind == "share" and tf.target("t1").observed[0].figure.text == "1萬噸"


def test_errors_past_the_cap_counted_the_same_and_named_their_own_target():
    """199 errors, then a target with two: its first is the 200th kept, its second only counted (the first
    reading, with the label 'a target', reached the cap: its count is undone with its errors); then
    ten more targets each with one error, counted. Every kept error names its own target."""
    one = "  - {{id: a{i}, name: x, figure: 1萬噸, comparator: bad}}\n"
    two = "  - {id: b0, name: x, figure: 1萬噸, comparator: bad, stance: bad}\n"
    body = "".join(one.format(i=i) for i in range(199)) + two + "".join(one.format(i=i) for i in range(199, 209))
    with pytest.raises(InputErrors) as got:
        _load(body)
    assert MAX_KEPT == 200 and len(got.value.errors) == 200 and got.value.more == 11
    assert [e.message for e in got.value.errors[198:]] == [
        "'comparator' of target 'a198' is 'bad'", "'stance' of target 'b0' is 'bad'"]  # stance is read first
    assert all(f"target 'a{i}'" in e.message for i, e in enumerate(got.value.errors[:199]))


def test_validate_in_chinese_names_the_target(cli, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(HEAD + BAD, encoding="utf-8")
    result = cli("validate", "--lang", "zh", f)
    assert result.exit_code == 2
    assert "错误：目标 't1' 的门槛 的 'kind' 为 'shar'；应为 share, supply 之一" in result.stderr
    assert "错误：目标 't1' 的 'comparator' 为 'atleast'" in result.stderr
    assert "某个目标" not in result.stderr and "a target" not in result.stderr


# ------------------------------------------------------------------------------------- figure memo
def test_figure_memo_keys_every_option():
    assert parse_figure("≥40%").bound == "at_least"
    with pytest.raises(QuantityError):
        parse_figure("≥40%", allow_bound=False)  # memoised with the default above: must not answer here
    assert parse_figure("1~2萬噸").bound == "range"
    with pytest.raises(QuantityError):
        parse_figure("1~2萬噸", allow_range=False)
    a, b = parse_figure("每天700噸", days_per_year=330), parse_figure("每天700噸", days_per_year=365)
    assert (a.low, b.low) == (231000.0, 255500.0)
    with pytest.raises(QuantityError):
        parse_figure("每天700噸")  # a per-day figure needs days_per_year
    assert parse_figure("40%") is parse_figure("40%", allow_bound=True, allow_range=True, days_per_year=None)


# -------------------------------------------------------------------------------- Target.__init__
def test_target_init_takes_the_fields_and_defaults_in_order():
    with pytest.raises(TypeError, match=r"Target.__init__\(\) missing 6 required positional arguments"):
        Target(id="a")  # type: ignore[call-arg]  # (the first Target made writes its __init__)
    params = list(inspect.signature(Target).parameters.values())
    fields = dataclasses.fields(Target)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [inspect.Parameter.empty if f.default is dataclasses.MISSING
                                           else f.default for f in fields]
    values = {f.name: f"v{i}" for i, f in enumerate(fields)}
    t = Target(**values)
    assert all(getattr(t, name) == v for name, v in values.items())
    assert Target(*values.values()) == t and hash(Target(**values)) == hash(t)
    assert repr(t).startswith("Target(id='v0', name='v1', ") and repr(t).endswith("growth='v30')")
    short = Target(id="a", name="b", name_en="", figure=None, comparator="reach", measure="m", section="")
    assert (short.stance, short.lead, short.no_year, short.growth) == ("goal", (), False, None)
    assert dataclasses.replace(short, id="z") == Target(id="z", name="b", name_en="", figure=None,
                                                        comparator="reach", measure="m", section="")
    with pytest.raises(dataclasses.FrozenInstanceError):
        short.id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Target(id="a")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Target(id="a", name="b", name_en="", figure=None, comparator="reach", measure="m", section="", colour=1)
