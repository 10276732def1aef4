"""Issue 20: the language real policy texts use, on the format side: figure strings as texts write them
(rates, unit case, Chinese numerals, fractions, currency words, area, pairs), and the fields stance,
comparator about + tolerance on a target, per-claim basis/scope, period, year: none, of:/of_observed:,
growth:, project figures and provenance. Each has a loader test, a schema test and a test that a bad
spelling gets ONE error naming file, line and what to write instead."""

from __future__ import annotations

import copy

import jsonschema
import pytest
import yaml

from capacity import schema as sch
from capacity.errors import InputError, InputErrors, QuantityError
from capacity.load import read_targets
from capacity.units import convert, parse_figure

HEAD = """\
schema_version: 1
region: {id: testville, name: 測試市, target_year: 2025}
targets:
"""


def write(tmp_path, body: str, name: str = "t.yaml"):
    p = tmp_path / name
    p.write_text(HEAD + body, encoding="utf-8")
    return p


def load(tmp_path, body: str):
    return read_targets(write(tmp_path, body))


def one_error(tmp_path, body: str) -> str:
    """The file is refused with exactly one error; its text (file:line: message, expected, hint)."""
    p = write(tmp_path, body)
    with pytest.raises(InputError) as exc:
        read_targets(p)
    assert not isinstance(exc.value, InputErrors), exc.value.format()
    msg = exc.value.format()
    assert msg.startswith(f"{p}:"), msg
    return msg


def schema_errors(body: str) -> list[str]:
    doc = yaml.safe_load(HEAD + body)
    v = jsonschema.Draft7Validator(sch.schema("targets"))
    return [e.message for e in v.iter_errors(doc)]


# ------------------------------------------------------------------------------------------ 3. figures


@pytest.mark.parametrize("text, unit, value", [
    ("17萬噸/年", "t", 170_000), ("60Gwh/年", "MWh", 60_000), ("60GWh/a", "MWh", 60_000), ("每年50万吨", "t", 500_000),
    ("60Gwh", "MWh", 60_000), ("60gwh", "MWh", 60_000), ("60GWH", "MWh", 60_000), ("300 Mw", "GW", 0.3),
    ("千亿元", "億元", 1000), ("两千亿元", "億元", 2000), ("兩千億元", "億元", 2000), ("三个", "个", 3),
    ("二百万千瓦", "GW", 2), ("三十萬噸", "t", 300_000), ("一倍", "", 1), ("七分之一", "", 1 / 7),
    ("六分之一", "", 1 / 6), ("百分之四十", "", 0.4), ("1/6", "", 1 / 6), ("翻一番", "", 1), ("翻两番", "", 3),
    ("150亿元人民币", "億元", 150), ("60亿人民币", "億元", 60), ("8平方公里", "平方公里", 8),
    ("300公顷", "平方公里", 3), ("1500亩", "平方公里", 1), ("1.4亿千瓦", "GW", 140), ("200万千瓦时", "MWh", 2000),
    ("12吉瓦时", "MWh", 12_000),
])
def test_figures_as_texts_write_them(text, unit, value):
    assert convert(text, unit) == pytest.approx(value)


def test_dollars_are_their_own_currency():
    fig = parse_figure("5亿美元")
    assert fig.dimension == "currency_usd" and fig.value == 5e8
    with pytest.raises(QuantityError) as exc:
        convert("5亿美元", "億元")
    assert "dimensions differ" in exc.value.format()


def test_rate_per_year_is_annual_and_says_so():
    fig = parse_figure("17萬噸/年")
    assert fig.per == "year" and fig.value == 170_000 and fig.unit.text == "萬噸" and fig.text == "17萬噸/年"


@pytest.mark.parametrize("text", ["700吨/天", "每天700吨", "5 t/h", "每小时5吨", "700吨/d"])
def test_rate_per_day_or_hour_refused_without_days_per_year(text):
    with pytest.raises(QuantityError) as exc:
        parse_figure(text)
    msg = exc.value.format()
    assert "is a rate per" in msg and "'days_per_year:' on the target" in msg


def test_rate_per_day_with_days_per_year():
    assert parse_figure("每天700吨", days_per_year=330).value == 231_000  # 700 × 330
    assert parse_figure("5 t/h", days_per_year=300).value == 36_000  # 5 × 24 × 300


def test_pair_exposes_both_halves():
    fig = parse_figure("791.5MW/2656MWh")
    power, energy = fig.halves
    assert (power.text, power.value, power.dimension) == ("791.5MW", 791.5, "power")
    assert (energy.text, energy.value, energy.dimension) == ("2656MWh", 2656, "energy")
    assert fig.dimension == "power" and fig.text == "791.5MW/2656MWh"
    e = fig.primary("energy")
    assert e.dimension == "energy" and e.magnitude("MWh") == 2656 and e.text == "791.5MW/2656MWh"
    assert fig.half("energy") is energy


@pytest.mark.parametrize("text, phrase", [
    ("10MW/20MW", "power/energy pair"), ("23 degree", "an angle, not a share"), ("1/0", "divides by zero"),
    ("千瓦", "has no number"), ("萬噸", "is not a figure"),
])
def test_figures_refused(text, phrase):
    with pytest.raises(QuantityError) as exc:
        parse_figure(text)
    assert phrase in exc.value.format()


def test_degrees_were_a_percentage_before():
    """23 degree was accepted as 40.14% (pint reads angles as plain numbers): now refused."""
    with pytest.raises(QuantityError):
        convert("23 degree", "")


def test_chinese_numeral_figure_in_a_file(tmp_path):
    tf = load(tmp_path, """\
  - {id: output_value, name: 光伏产业产值, figure: 两千亿元, measure: output_value}
  - {id: storage, name: 储能, figure: 791.5MW/2656MWh, dimension: energy}
  - {id: silicon, name: 硅料, figure: 17萬噸/年, dimension: mass}
""")
    ov, st, si = tf.targets
    assert ov.figure.text == "两千亿元" and ov.figure.magnitude("億元") == 2000
    assert st.figure.dimension == "energy" and st.figure.magnitude("MWh") == 2656
    assert si.figure.per == "year" and si.figure.magnitude("t") == 170_000


def test_one_error_for_a_bad_threshold_figure(tmp_path):
    """`1/6` used to add a false second error "has no 'figure'" (its threshold was refused, so the target
    looked like a target without a figure); a refused threshold figure is one error."""
    msg = one_error(tmp_path, """\
  - id: share_claim
    name: 占全国
    dimension: mass
    national: polysilicon
    threshold: {figure: 1/6t, kind: share}
""")
    assert ":8:" in msg and "has no 'figure'" not in msg
    tf = load(tmp_path, """\
  - id: share_claim
    name: 占全国
    dimension: mass
    national: polysilicon
    threshold: {figure: 1/6, kind: share, text: 占全国六分之一}
""")
    assert tf.targets[0].threshold.value == pytest.approx(1 / 6)


def test_per_day_in_a_file_names_the_key(tmp_path):
    msg = one_error(tmp_path, "  - {id: output, name: 日产, figure: 每天700吨, dimension: mass}\n")
    assert ":4:" in msg and "'days_per_year:' on the target" in msg
    tf = load(tmp_path, "  - {id: output, name: 日产, figure: 每天700吨, dimension: mass, days_per_year: 330}\n")
    t = tf.targets[0]
    assert t.days_per_year == 330 and t.figure.magnitude("t") == 231_000 and t.figure.per == "day"


def test_days_per_year_out_of_range(tmp_path):
    msg = one_error(tmp_path, "  - {id: output, name: 日产, figure: 每天700吨, dimension: mass, days_per_year: 400}\n")
    assert "days_per_year" in msg and "from 1 to 366" in msg


# ------------------------------------------------------------------------------------------ 1. stance, about


def test_stance_and_about_on_a_target(tmp_path):
    tf = load(tmp_path, """\
  - {id: wind, name: 风电装机, figure: 2200万千瓦, comparator: about, tolerance: 5, stance: aspiration}
  - id: poly
    name: 多晶硅
    figure: 36萬噸
    stance: status
    national: polysilicon
    threshold: {figure: 20%, kind: share}
  - id: poly2
    name: 多晶硅
    figure: 36萬噸
    national: polysilicon
    threshold: {figure: 20%, kind: share, stance: forecast}
""")
    wind, poly, poly2 = tf.targets
    assert (wind.comparator, wind.tolerance, wind.stance) == ("about", 5.0, "aspiration")
    assert poly.stance == "status" and poly.threshold.stance == "status"  # a threshold takes its target's
    assert poly2.stance == "goal" and poly2.threshold.stance == "forecast"


def test_stance_default_is_goal(tmp_path):
    t = load(tmp_path, "  - {id: wind, name: 风电, figure: 22GW}\n").targets[0]
    assert t.stance == "goal" and t.comparator == "reach" and t.tolerance is None


@pytest.mark.parametrize("body, phrase, hint", [
    ("  - {id: w, name: 风电, figure: 22GW, stance: 力争}\n", "'stance' of target 'w' is '力争'", "write stance: aspiration"),
    ("  - {id: w, name: 风电, figure: 22GW, stance: 预计}\n", "'stance'", "write stance: forecast"),
    ("  - {id: w, name: 风电, figure: 22GW, stance: 已形成}\n", "'stance'", "write stance: status"),
    ("  - {id: w, name: 风电, figure: 22GW, stance: goals}\n", "'stance'", "did you mean goal"),
    ("  - {id: w, name: 风电, figure: 22GW, comparator: 左右}\n", "'comparator' of target 'w'", "write comparator: about"),
    ("  - {id: w, name: 风电, figure: 22GW, tolerance: 5}\n", "has a tolerance but comparator 'reach'",
     "comparator: about"),
])
def test_bad_stance_or_comparator_one_error(tmp_path, body, phrase, hint):
    msg = one_error(tmp_path, body)
    assert ":4:" in msg and phrase in msg and hint in msg


# ------------------------------------------------------------------------------------------ 2. basis, scope


def test_basis_and_scope_per_claim(tmp_path):
    tf = load(tmp_path, """\
  - id: poly_output
    name: 多晶硅产量
    figure: 20万吨
    basis: production
    national: polysilicon
    threshold: {figure: 20%, kind: share, text: 产量占全国20%}
  - id: poly_capacity
    name: 多晶硅产能
    figure: 36万吨
    national: polysilicon
    threshold: {figure: 20%, kind: share, basis: capacity, scope: listed_firms}
""")
    a, b = tf.targets
    assert a.basis == "production" and a.threshold.basis == "production" and a.scope is None
    assert b.basis is None and b.threshold.basis == "capacity" and b.threshold.scope == "listed_firms"


def test_bad_basis_one_error(tmp_path):
    msg = one_error(tmp_path, "  - {id: w, name: 产量, figure: 20万吨, basis: output}\n")
    assert ":4:" in msg and "'basis' of target 'w' is 'output'" in msg and "capacity, production, installed" in msg


# ------------------------------------------------------------------------------------------ 4. period, year none


def test_periods(tmp_path):
    tf = load(tmp_path, """\
  - id: investment
    name: 累计投资
    figure: 150亿元
    period: 2023..2025
    observed:
      - {date: 2024-10, figure: 194億元, period: 2024-01..2024-09}
  - {id: park, name: 全部建成后, figure: 8平方公里, year: none}
""")
    inv, park = tf.targets
    assert inv.period.cumulative and inv.period.months == 36 and inv.year == 2025  # the period's last year
    o = inv.observed[0].period
    assert o.year_to_date and o.partial_year and not o.full_year and o.months == 9
    assert park.year is None and park.no_year and park.figure.dimension == "area"


@pytest.mark.parametrize("period, hint", [
    ("2024-01~2024-09", "write 2024-01..2024-09"), ("2023—2025", "write 2023..2025"), ("2023-2025", "write 2023..2025"),
    ("2024-09..2024-01", "2024-01..2024-09"), ("2024-13", "does not exist"),
])
def test_bad_period_one_error(tmp_path, period, hint):
    msg = one_error(tmp_path, f"  - {{id: inv, name: 投资, figure: 150亿元, period: \"{period}\"}}\n")
    assert ":4:" in msg and "period" in msg and hint in msg


def test_bad_year_says_none(tmp_path):
    msg = one_error(tmp_path, "  - {id: park, name: 园区, figure: 8平方公里, year: 无}\n")
    assert ":4:" in msg and "or none when the text gives no year" in msg and "write year: none" in msg


# ------------------------------------------------------------------------------------------ 5. pairs, projects


def test_pair_half_by_dimension_and_project_figures(tmp_path):
    tf = load(tmp_path, """\
  - {id: storage_power, name: 储能功率, figure: 1GW/2GWh, dimension: power}
  - {id: energy_storage, name: 储能容量, figure: 1GW/2GWh}
projects:
  - id: storage_demo
    name: 储能示范项目
    figure: 791.5MW/2656MWh
    feeds: energy_storage
    investment: 60亿元
    output_value: 两百亿元
    source: 某市发布
    url: https://example.org/p
    published: "2024-05-01"
""")
    sp, es = tf.targets
    assert sp.figure.magnitude("GW") == 1 and es.figure.magnitude("MWh") == 2000  # energy_storage is energy
    p = tf.projects[0]
    assert p.figure.dimension == "energy" and p.figure.magnitude("MWh") == 2656  # the half its target needs
    assert p.investment.magnitude("億元") == 60 and p.output_value.magnitude("億元") == 200
    assert (p.source, p.url, p.published) == ("某市发布", "https://example.org/p", "2024-05-01")


def test_project_investment_must_be_money(tmp_path):
    msg = one_error(tmp_path, "  - {id: t, name: x, figure: 1GW}\nprojects:\n  - {id: p, name: 项目, investment: 60万吨}\n")
    assert ":6:" in msg and "investment '60万吨' is mass" in msg and "a currency figure" in msg


# ------------------------------------------------------------------------------------------ 6. of:, growth


def test_share_of_a_local_total(tmp_path):
    tf = load(tmp_path, """\
  - {id: total_installed, name: 全市装机容量, figure: 1700万千瓦}
  - id: new_energy_share
    name: 新能源装机
    dimension: power
    threshold: {figure: 50%, comparator: at_least, kind: share, of: total_installed, text: 占比超过50%}
  - id: new_energy
    name: 新能源装机
    figure: 637.47萬千瓦
    stance: status
    threshold: {figure: 37.45%, kind: share, of_observed: installed_obs}
  - id: installed_obs
    name: 全市装机
    dimension: power
    national: modules
    threshold: {figure: 1%, kind: share}
    observed:
      - {date: 2022-06, figure: 1702万千瓦}
""")
    _, share, ne, _ = tf.targets
    assert share.figure is None and share.threshold.of == "total_installed" and not share.threshold.of_observed
    assert ne.threshold.of == "installed_obs" and ne.threshold.of_observed and ne.threshold.stance == "status"


@pytest.mark.parametrize("threshold, phrase", [
    ("{figure: 50%, kind: share, of: totl}", "of 'totl' is not a target"),
    ("{figure: 50%, kind: supply, of: total}", "only a share threshold has"),
    ("{figure: 50%, kind: share, of: total, of_observed: total}", "both 'of' and 'of_observed'"),
    ("{figure: 50%, kind: share, of_observed: total}", "has no observations"),
])
def test_bad_of_one_error(tmp_path, threshold, phrase):
    msg = one_error(tmp_path, f"""\
  - {{id: total, name: 总装机, figure: 1700万千瓦}}
  - {{id: part, name: 新能源, figure: 800万千瓦, threshold: {threshold}}}
""")
    assert ":5:" in msg and phrase in msg


def test_of_and_national_both_refused(tmp_path):
    msg = one_error(tmp_path, """\
  - {id: total, name: 总装机, figure: 1700万千瓦}
  - {id: part, name: 新能源, figure: 800万千瓦, national: modules, threshold: {figure: 50%, kind: share, of: total}}
""")
    assert "one denominator" in msg


def test_of_dimension_mismatch(tmp_path):
    msg = one_error(tmp_path, """\
  - {id: total, name: 总产值, figure: 1000亿元}
  - {id: part, name: 新能源, figure: 800万千瓦, threshold: {figure: 50%, kind: share, of: total}}
""")
    assert "is power but its total 'total' is currency" in msg


@pytest.mark.parametrize("figure, base, level", [
    ("一倍", "500亿元", 1000), ("翻一番", "500亿元", 1000), ("翻两番", "500亿元", 2000), ("30%", "500亿元", 650),
])
def test_growth_on_a_stated_base(tmp_path, figure, base, level):
    t = load(tmp_path, f"""\
  - id: output_value
    name: 产值
    figure: {figure}
    measure: output_value
    growth: {{base: {base}, base_year: 2020}}
""").targets[0]
    assert t.figure.magnitude("億元") == pytest.approx(level)  # base × (1 + growth), worked out by hand
    assert t.growth.rate.text == figure and t.growth.base.text == base and t.growth.base_year == 2020
    assert t.figure.text == f"{base} × (1 + {figure})" and t.dimension == "currency"


def test_growth_on_an_observed_base(tmp_path):
    t = load(tmp_path, """\
  - id: output_value
    name: 产值
    figure: 25%
    measure: growth
    growth: {base: observed, base_year: 2020}
    observed:
      - {date: "2020", figure: 400亿元}
      - {date: "2023", figure: 600亿元}
""").targets[0]
    assert t.growth.observed and t.growth.base.text == "400亿元" and t.figure.magnitude("億元") == 500
    assert t.dimension == "currency"


@pytest.mark.parametrize("body, phrase", [
    ("  - {id: g, name: 产值, figure: 30%, growth: {base: 30%, bse_year: 2020}}\n", "unknown key 'bse_year'"),
    ("  - {id: g, name: 产值, figure: 500亿元, growth: {base: 400亿元}}\n", "'500亿元' is currency"),
    ("  - {id: g, name: 产值, figure: 30%, growth: {base: 1000亿元}, addition: {base: 1亿元}}\n",
     "both 'addition' and 'growth'"),
])
def test_bad_growth_one_error(tmp_path, body, phrase):
    msg = one_error(tmp_path, body)
    assert ":4:" in msg and phrase in msg


# ------------------------------------------------------------------------------------------ the schema


GOOD_BODY = """\
  - {id: total, name: 总装机, figure: 1700万千瓦, stance: status, period: "2024"}
  - {id: park, name: 园区, figure: 8平方公里, year: none}
  - id: part
    name: 新能源
    figure: 千万千瓦
    comparator: about
    tolerance: 2.5
    stance: aspiration
    basis: installed
    scope: national
    days_per_year: 330
    threshold: {figure: 百分之五十, kind: share, of: total, stance: forecast, basis: capacity, scope: region}
    observed:
      - {date: 2024-10, figure: 800万千瓦, period: 2024-01..2024-09}
  - {id: growth, name: 产值, figure: 翻一番, measure: growth, growth: {base: 500亿元, base_year: 2020}}
  - {id: rate, name: 硅料, figure: 17萬噸/年}
  - {id: frac, name: 份额, figure: 1/6}
projects:
  - {id: p, name: 项目, figure: 791.5MW/2656MWh, investment: 60亿元, output_value: 200亿元, source: s, url: u,
     published: "2024-01-01"}
"""


def test_schema_accepts_the_new_fields_and_the_loader_agrees(tmp_path):
    assert schema_errors(GOOD_BODY) == []
    tf = load(tmp_path, GOOD_BODY)
    assert len(tf.targets) == 6 and tf.targets[2].figure.magnitude("GW") == pytest.approx(10)  # 千万千瓦: 1e7 kW


@pytest.mark.parametrize("path, value", [
    (("targets", 2, "stance"), "力争"), (("targets", 2, "threshold", "stance"), "maybe"),
    (("targets", 2, "comparator"), "approx"), (("targets", 2, "basis"), "output"),
    (("targets", 0, "period"), "2023—2025"), (("targets", 1, "year"), "never"),
    (("targets", 2, "threshold", "of"), "Total"), (("targets", 2, "days_per_year"), 400),
    (("targets", 3, "growth", "bse"), "1"), (("projects", 0, "investment"), "about 60"),
    (("targets", 2, "scope"), "Listed Firms"), (("targets", 2, "observed", 0, "period"), "2024-01~2024-09"),
])
def test_schema_refuses_bad_spellings(path, value):
    doc = yaml.safe_load(HEAD + GOOD_BODY)
    node = doc
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    v = jsonschema.Draft7Validator(sch.schema("targets"))
    assert list(v.iter_errors(doc)), path


def test_schema_open_share_with_of_needs_no_figure():
    doc = yaml.safe_load(HEAD + "  - {id: t, name: x, dimension: power, threshold: {figure: 50%, kind: share, of: y}}\n"
                         "  - {id: y, name: y, figure: 1GW}\n")
    v = jsonschema.Draft7Validator(sch.schema("targets"))
    assert list(v.iter_errors(doc)) == []
    bad = copy.deepcopy(doc)
    del bad["targets"][0]["threshold"]["of"]
    assert list(v.iter_errors(bad))  # neither national nor of: a figure is required


# ------------------------------------------------------------------------------------------ the docs' examples


def _doc_blocks() -> list[str]:
    from conftest import REPO

    text = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```yaml\n")[1:]]
    return [b for b in blocks if (b.startswith("  - ") or b.startswith("projects:")) and "national: …" not in b]


@pytest.mark.parametrize("block", _doc_blocks())
def test_docs_target_examples_load(tmp_path, block):
    """Every target or project example in docs/data-format.md loads as written (a snippet that no longer
    loads is a bug)."""
    body = block if block.startswith("  - ") else "  - {id: some_target, name: x, figure: 1GW}\n" + block
    tf = load(tmp_path, body)
    assert tf.targets


def test_docs_examples_cover_every_new_field():
    joined = "".join(_doc_blocks())
    for key in ("stance: status", "stance: aspiration", "comparator: about", "basis: production", "period: 2023..2025",
                "period: 2024-01..2024-09", "year: none", "1GW/2GWh", "investment:", "of: installed_total",
                "growth: {base:", "figure: 一倍", "8平方公里", "150亿元人民币"):
        assert key in joined, key


def test_pair_against_a_national_quantity_of_the_other_half(tmp_path):
    """A pair whose first half is power, named against an energy quantity: one error saying which
    dimension line picks the other half."""
    from capacity.load import load_dataset

    p = write(tmp_path, "  - {id: storage, name: 储能, figure: 1GW/2GWh, national: energy_storage}\n")
    with pytest.raises(InputError) as exc:
        load_dataset([p])
    msg = exc.value.format()
    assert "is power but national quantity 'energy_storage' is energy" in msg
    assert "add 'dimension: energy' to the target to use the 2GWh half" in msg
    p = write(tmp_path, "  - {id: storage, name: 储能, figure: 1GW/2GWh, dimension: energy, national: energy_storage}\n")
    ds = load_dataset([p])
    assert ds.primary.targets[0].figure.magnitude("MWh") == 2000


def test_year_none_with_a_period_and_of_itself(tmp_path):
    msg = one_error(tmp_path, "  - {id: t, name: x, figure: 1GW, year: none, period: 2023..2025}\n")
    assert "has 'year: none' and a period" in msg
    msg = one_error(tmp_path, "  - {id: t, name: x, figure: 1GW, threshold: {figure: 50%, kind: share, of: t}}\n")
    assert "names the target itself" in msg


# ------------------------------------------------------------------------------------------ reports on the examples


def test_report_growth_on_an_observed_base(cli_json):
    """Suqian: 基本实现每年翻一番 on the observed 2021 output value 355.7亿元 → 711.4亿元 for 2022; the
    observed 680.37亿元 is 680.37 / 711.4 = 95.64% of it."""
    from conftest import REPO, row

    doc, _ = cli_json("report", "--targets", REPO / "examples" / "regions" / "suqian.yaml")
    r = row(doc, "pv_chain_output_value", "progress")
    assert r["observed"]["text"] == "680.37亿元"
    assert r["progress"] == pytest.approx(680.37 / 711.4)


def test_report_rate_per_year_is_the_annual_capacity(cli_json):
    """Turpan: 20万吨/年 of polysilicon against 230万吨 national capacity (end-2023): 8.70%."""
    from conftest import REPO, row

    doc, _ = cli_json("report", "--targets", REPO / "examples" / "regions" / "turpan-2023.yaml")
    r = row(doc, "polysilicon", "share")
    assert r["local"]["text"] == "20万吨/年" and r["local"]["magnitude"] == 200_000
    assert r["share"] == pytest.approx(200_000 / 2_300_000)


def test_report_energy_half_of_a_pair_and_a_chinese_numeral(cli_json, tmp_path):
    """The energy half of 1GW/2GWh is 2000 MWh, and 两千万千瓦 is 20 GW, each against its own national
    quantity (the shares are the national figures' own arithmetic, checked against the magnitudes)."""
    from conftest import row

    p = write(tmp_path, """\
  - {id: energy_storage, name: 储能, figure: 1GW/2GWh, national: energy_storage}
  - {id: modules, name: 组件, figure: 两千万千瓦, national: modules}
""")
    doc, _ = cli_json("report", "--targets", p)
    mo = row(doc, "modules", "share")
    doc, _ = cli_json("report", "--targets", p, "--basis", "installed")  # storage is on file as installed
    es = row(doc, "energy_storage", "share")
    assert es["local"]["magnitude"] == 2000 and es["local"]["unit"] == "MWh" and es["local"]["text"] == "1GW/2GWh"
    assert es["share"] == pytest.approx(2000 / es["national"]["magnitude"])
    assert mo["local"]["magnitude"] == 20 and mo["local"]["unit"] == "GW"
    assert mo["share"] == pytest.approx(20 / mo["national"]["magnitude"])


@pytest.mark.parametrize("text, hint", [
    ("约7500亿元", "write 7500亿元, with comparator: about"), ("7500亿元左右", "write 7500亿元 with comparator: about"),
    ("超700吨", "write 700吨 with comparator: at_least"), ("力争1000亿元", "write 1000亿元, with stance: aspiration"),
    ("近三分之一", "write 三分之一, with comparator: about"), ("150亿元人民币以上", "write 150亿元人民币, or ≥150亿元人民币"),
])
def test_hedge_words_in_a_figure_say_which_field_holds_them(text, hint):
    with pytest.raises(QuantityError) as exc:
        parse_figure(text)
    assert hint in exc.value.format()
