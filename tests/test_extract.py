"""capacity extract: a draft targets file from a policy text; --against a data file; recall and precision."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from capacity.errors import InputError
from capacity.extract import against, decode, extract, read_document, recall_precision, to_yaml
from capacity.load import read_targets, targets_from_node
from capacity.validate import validate_files
from capacity import yamlio

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "data" / "source" / "baotou-2024-1.txt"
TEXT = DOC.read_text(encoding="utf-8")
DATA = REPO / "data" / "targets.yaml"


@pytest.fixture(scope="module")
def draft():
    return extract(TEXT, "data/source/baotou-2024-1.txt")


@pytest.fixture(scope="module")
def tf():
    return read_targets(DATA)


def _records(draft, kind=None):
    return [r for r in draft.records if kind is None or r.kind == kind]


def _target(draft, figure, clause):
    hits = [r for r in draft.targets if r.fields["figure"] == figure and r.fields.get("clause") == clause]
    assert len(hits) == 1, (figure, clause, hits)
    return hits[0]


# --------------------------------------------------------------------------------------------- the measure


def test_recall_and_precision_on_the_bundled_document(draft, tf):
    """Figure and clause both right, against every figure of data/targets.yaml (targets and projects).
    README states these numbers: 103 of 103 data figures (recall 100%), 103 of 103 draft figures (precision 100%)."""
    m = recall_precision(draft, tf)
    assert m["data"] == 103 and m["draft"] == 103 and m["matched"] == 103, m
    assert m["recall"] == 1.0 and m["precision"] == 1.0
    assert m["recall"] >= 0.95


# The figures the research notes list as the targets and project sizes of Baotou's 2023 document (the
# "Targets found" tables and the "Project sizes" line of examples/regions/sources/baotou-2023.md).
BAOTOU_2023_TARGETS = ["87万吨", "253GW", "106GW", "56GW", "30GW", "2000亿元", "6000亿元", "14个", "120家", "5家",
                       "700家", "2500亿元", "20%", "40%", "60%", "20%", "25%"]
BAOTOU_2023_PROJECTS = ["20万吨", "10万吨", "2万吨", "20GW", "40GW", "50GW", "10万吨", "20GW", "20GW", "20GW", "5GW"]


MD_2023 = REPO / "examples" / "regions" / "sources" / "baotou-2023.md"
DATA_2023 = REPO / "examples" / "regions" / "baotou-2023.yaml"


def test_recall_and_precision_on_another_document():
    """Baotou 2023 (news excerpts, simplified script, no clause numbers): only the 7 quoted excerpt blocks
    (the lines that start with '> '), not the research notes and tables around them. Figures are compared
    as written (the excerpts have no section or clause). README and docs/extract.md state these numbers."""
    md = MD_2023.read_text(encoding="utf-8")
    blocks = [line[2:] for line in md.splitlines() if line.startswith("> ")]
    assert len(blocks) == 7
    text = "\n".join(blocks)
    d = extract(text)
    want = Counter(BAOTOU_2023_TARGETS + BAOTOU_2023_PROJECTS)
    got = Counter(r.fields["figure"] for r in d.records if r.fields.get("figure"))
    matched = sum((want & got).values())
    recall, precision = matched / sum(want.values()), matched / sum(got.values())
    assert (matched, sum(want.values()), sum(got.values())) == (28, 28, 28)
    assert recall == 1.0 and precision == 1.0
    assert sorted(r.fields["figure"] for r in d.targets) == sorted(BAOTOU_2023_TARGETS)
    status = {r.written: r for r in d.status}
    assert set(status) == {"2.05%", "296家", "533家", "184.9亿元", "21%"}  # 2021 baselines: status, not targets
    assert {r.stance for r in d.status} == {"status"} and {r.year for r in d.status} == {2021}
    poly = next(r for r in d.targets if r.fields["figure"] == "87万吨")
    assert poly.fields["id"] == "polysilicon"
    assert poly.fields["threshold"] == {"figure": "40%", "comparator": "reach", "kind": "share", "text": "约占全国40%"}
    assert any("approximate" in n for n in poly.review)


def test_the_whole_research_file_also_drafts_its_notes_and_tables():
    """`capacity extract` on the whole .md reads the notes and the markdown tables too: the 28 figures are
    among them, and 52 more come from the notes (README and docs/extract.md say so); four are the notes' quotes
    of a share stated alone (约占全国40%), drafted as figures of their own."""
    d = extract(read_document(MD_2023))
    want = Counter(BAOTOU_2023_TARGETS + BAOTOU_2023_PROJECTS)
    got = Counter(r.fields["figure"] for r in d.records if r.fields.get("figure"))
    assert (sum((want & got).values()), sum(got.values()), len(d.targets), len(d.projects)) == (28, 80, 69, 11)


def test_against_a_data_file_without_sections(cli):
    """The 2023 data file gives no section or clause (the source has none): its 15 figures match the
    quoted sentences by figure and words, none is reported missing, and the rest of the 80 are text-only."""
    r = cli("extract", MD_2023, "--against", DATA_2023, "--format", "json")
    assert r.exit_code == 0, r.stdout + r.stderr
    res = json.loads(r.stdout)
    assert res["data_only"] == [] and res["held_not_extracted"] == [] and res["differs"] == []
    assert len(res["text_only"]) == 80 - 15
    # the quoted sentences (lines 35 and 37 of the file) are matched, not the notes that repeat their figures
    assert not [x for x in res["text_only"] if x["line"] in (35, 37) and x["figure"] in
                ("87万吨", "253GW", "106GW", "56GW", "30GW", "2000亿元", "6000亿元", "20万吨", "40GW", "50GW")]
    assert [x["figure"] for x in res["text_only"] if x["line"] == 37] == []
    assert sorted((x["figure"], x["kind"]) for x in res["text_only"] if x["line"] == 35) == [
        ("10万吨", "project"), ("14个", "target"), ("20GW", "project"), ("20GW", "project"), ("20GW", "project"),
        ("2万吨", "project"), ("5GW", "project")]
    r = cli("extract", MD_2023, "--against", DATA_2023)
    assert r.exit_code == 0
    assert "in the text, not in the data: 65" in r.stdout
    assert "in the data, not in the text: none" in r.stdout
    assert "not found by extract" not in r.stdout


def test_against_keeps_exact_sections_when_both_have_them(tmp_path):
    """A data record with a section matches a draft figure only in that section and clause."""
    text = "一、硅\n1.多晶硅。\n多晶硅产能达到10万吨。\n二、其他\n1.组件。\n组件产能达到10万吨。\n"
    yaml = ("schema_version: 1\nregion: {id: r, name: R}\nsections:\n  - {section: 一, title: 硅}\n"
            "  - {section: 二, title: 其他}\ntargets:\n"
            "  - {id: a, name: 组件产能, figure: 10万吨, comparator: reach, measure: capacity, section: 一, clause: 1,"
            " text: 组件产能达到10万吨}\n")
    f = tmp_path / "t.yaml"
    f.write_text(yaml, encoding="utf-8")
    res = against(extract(text), read_targets(f), text)
    assert [(x["figure"], x["section"], x["clause"]) for x in res["text_only"]] == [("10万吨", "二", 1)]
    assert res["data_only"] == [] and res["held_not_extracted"] == []


def test_glossary_word_inside_a_longer_name():
    """包头市2025年多晶硅产能: the glossary word that ends the name gives the id, in either script; a list of
    two products or a composite (碳纤维复合材料) keeps a placeholder."""
    simp = extract("包头市2025年多晶硅产能达到100万吨。").targets[0].fields
    trad = extract("包頭市2025年多晶矽產能達到100萬噸。").targets[0].fields
    assert (simp["id"], simp["national"]) == (trad["id"], trad["national"]) == ("polysilicon", "polysilicon")
    assert extract("多晶硅、单晶硅产能达到100GW。").targets[0].fields["id"] == "preamble_capacity_1"
    assert extract("碳纤维复合材料产能达到1万吨。").targets[0].fields["id"] == "preamble_capacity_1"


# --------------------------------------------------------------------------------------------- the draft


def test_draft_validates_and_lists(draft, cli, tmp_path):
    out = tmp_path / "draft.yaml"
    r = cli("extract", DOC, "-o", out)
    assert r.exit_code == 0, r.stderr
    assert "wrote" in r.stderr
    assert out.read_text(encoding="utf-8") == to_yaml(draft).replace("extract data/source/baotou-2024-1.txt",
                                                                     f"extract {DOC}")
    assert validate_files([out]) == []
    r = cli("validate", out)
    assert r.exit_code == 0 and "ok: 1 file(s) valid" in r.stdout
    r = cli("targets", "--targets", out, "--format", "json")
    assert r.exit_code == 0
    payload = json.loads(r.stdout)
    assert len(payload["targets"]) == len(draft.targets) + len(draft.status) == 75 + 4
    assert {t["figure"] for t in payload["targets"]} >= {"87萬噸", "253GW", "200萬千瓦時", "2000億元", "3~5家", "2000臺"}
    r = cli("report", "--targets", out)
    assert r.exit_code in (0, 1), r.stderr


def test_stdout_is_the_same_draft(cli):
    r = cli("extract", "data/source/baotou-2024-1.txt")
    assert r.exit_code == 0
    assert r.stdout.startswith("# Draft targets file")
    assert "# review:" in r.stdout
    tf = targets_from_node(yamlio.parse(r.stdout, "draft"), "draft")
    assert len(tf.targets) == 75 + 4 and len(tf.projects) == 78


def test_figures_sections_clauses_leads(draft):
    poly = _target(draft, "87萬噸", 5)
    f = poly.fields
    assert (f["id"], f["section"], f["comparator"], f["measure"], f["dimension"], f["national"]) == (
        "polysilicon", "二", "reach", "capacity", "mass", "polysilicon")
    assert f["lead"] == ["市發改委"]
    assert f["threshold"] == {"figure": "40%", "comparator": "at_least", "kind": "share", "text": "均占全國產能40%以上"}
    assert f["text"] in TEXT and "87萬噸" in f["text"]
    mono = _target(draft, "253GW", 5).fields
    assert mono["id"] == "monocrystalline_silicon" and mono["threshold"]["figure"] == "40%"
    wafers, cells = _target(draft, "88GW", 6).fields, _target(draft, "60GW", 6).fields
    assert (wafers["id"], wafers["threshold"]["figure"]) == ("wafers", "15%")
    assert (cells["id"], cells["threshold"]["figure"]) == ("cells", "10%")
    assert cells["threshold"]["text"] == "占全國產能分別達到15%以上、10%以上"
    modules = _target(draft, "37GW", 6).fields
    assert modules["threshold"]["text"] == "占全國產能的10%以上"
    si = _target(draft, "79萬噸", 5).fields
    assert si["threshold"] == {"figure": "80%", "comparator": "reach", "kind": "supply", "text": "本地配套率達到80%"}
    # lead units of clause 4: 市科技局、工信局,稀土高新區
    assert _target(draft, "850家", 4).fields["lead"] == ["市科技局", "工信局", "稀土高新區"]
    # a section's opening paragraph: no clause, no lead
    opening = [r for r in draft.targets if r.fields["figure"] == "1000億元" and r.fields["section"] == "一"]
    assert len(opening) == 1 and "clause" not in opening[0].fields and "lead" not in opening[0].fields
    assert opening[0].fields["comparator"] == "at_least" and opening[0].fields["measure"] == "output_value"
    rng = _target(draft, "3~5家", 19)
    assert rng.fields["comparator"] == "range" and any("力爭" in n for n in rng.review)
    assert _target(draft, "200萬千瓦時", 10).fields["id"] == "energy_storage"
    assert any("新增" in n for n in _target(draft, "150件", 4).review)
    top10 = _target(draft, "10強", 2)
    assert top10.fields["measure"] == "count" and any("前N強" in n for n in top10.review)


def test_summary_before_the_full_text_is_not_counted_twice(draft):
    """The news summary repeats clauses 5-8 and 10 under its own 一、…四、: the full text's clause wins."""
    assert [r.fields.get("clause") for r in draft.targets if r.fields["figure"] == "87萬噸"] == [5]
    assert [r["title"] for r in draft.sections][:2] == ["加快推動“兩個稀土基地”建設取得新突破",
                                                               "全面提升“世界綠色硅都”能級"]
    assert [s["section"] for s in draft.sections] == list("一二三四五六七")


def test_projects_with_their_verbs(draft):
    projects = {(r.fields["name"], r.fields.get("figure")): r.fields for r in draft.projects}
    assert projects[("通威三期", "20萬噸")]["state"] == "實施"
    assert projects[("通威三期", "20萬噸")]["product"] == "多晶硅"
    assert projects[("通威三期", "20萬噸")]["feeds"] == "polysilicon"
    assert projects[("新特二期", "17萬噸")]["state"] == "推動…落地"
    assert sorted(r.fields["product"] for r in draft.projects if r.fields.get("figure") == "40GW") == ["切片", "單晶硅"]
    assert projects[("晶澳", "20GW")]["state"] == "推動…投產滿產"
    assert projects[("大全", "20萬噸")]["state"] == "加快…建設"
    assert projects[("國能煤制烯烴升級示范二期", "35萬噸")]["product"] == "聚乙烯"
    assert projects[("北方稀土(集團)公司", "10萬噸")]["product"] == "輕稀土冶煉分離生產線"
    named = {r.fields["name"] for r in draft.projects if "figure" not in r.fields}
    assert {"包頭永磁電機產業園", "明陽試驗檢測中心", "九原區明陽氫能產業園", "達茂零碳園區", "陸港轉運站"} <= named
    assert not any(n.startswith("項目") or n in ("檢測中心", "認證中心") for n in named)


def test_not_targets_are_explained(draft):
    reasons = {(s.figure, s.section): s.reason for s in draft.skipped}
    # 預計全年… in a 2024 document: an estimate of 2023, drafted as status (not a goal, not dropped)
    assert sorted(r.written for r in draft.status) == ["10%", "20%", "30%", "30%"]
    assert {(r.stance, r.year) for r in draft.status} == {("status", 2023)}
    assert "no unit" in reasons[("10位左右", "preamble")]
    assert "specification" in reasons[("7MW", "三")]
    yaml_text = to_yaml(draft)
    assert "# Figures left out (not targets):" in yaml_text and "7MW" in yaml_text


# --------------------------------------------------------------------------------------------- --against


def test_against_the_completed_bundled_file_lists_only_explained_non_targets(draft, tf, cli):
    res = against(draft, tf, TEXT)
    assert res["text_only"] == [] and res["named_only"] == [] and res["data_only"] == []
    assert res["held_not_extracted"] == [] and res["differs"] == []
    assert sorted(x["figure"] for x in res["not_targets"]) == ["1+7", "10位左右", "7MW"]
    assert all(x["reason"] for x in res["not_targets"])
    r = cli("extract", DOC, "--against", DATA)
    assert r.exit_code == 0
    assert "in the text, not in the data: none" in r.stdout
    assert "in the data, not in the text: none" in r.stdout
    r = cli("extract", DOC, "--against", DATA, "--format", "json")
    assert json.loads(r.stdout)["text_only"] == []


def test_against_lists_both_ways(tmp_path, cli):
    """Drop polysilicon and a named park from a copy, and make one figure wrong: each direction lists it."""
    text = DATA.read_text(encoding="utf-8")
    text = re.sub(r"  - id: damao_zero_carbon_park\n(    .*\n)+", "", text)
    text = text.replace("    figure: 38家\n", "    figure: 39家\n")
    text = text.replace("      figure: 15%\n", "      figure: 20%\n")
    copy = tmp_path / "targets.yaml"
    copy.write_text(text, encoding="utf-8")
    res = against(extract(TEXT), read_targets(copy), TEXT)
    assert [(x["figure"], x["clause"]) for x in res["text_only"]] == [("38家", 2)]
    assert [x["name"] for x in res["named_only"]] == ["達茂零碳園區"]
    assert [(x["id"], x["figure"]) for x in res["data_only"]] == [("magnet_producers", "39家")]
    assert [(x["data_id"], x["differences"]) for x in res["differs"]] == [
        ("wafers", ["threshold: text 15% (占全國產能分別達到15%以上、10%以上), data 20%"])]
    r = cli("extract", DOC, "--against", copy)
    assert r.exit_code == 0 and "達茂零碳園區" in r.stdout and "magnet_producers" in r.stdout
    assert "in both, said otherwise: 1" in r.stdout


def test_the_completed_file_holds_the_named_projects(tf):
    names = {p.name for p in tf.projects}
    assert {"包頭永磁電機產業園", "明陽試驗檢測中心", "氫能裝備制造產業園", "九原區明陽氫能產業園",
            "稀土高新區華電風光氫儲高端制造產業園", "啟源芯動力", "協鑫集團", "中交車輛", "陸港轉運站", "臥龍電氣",
            "達茂零碳園區"} <= names
    swap = [p for p in tf.projects if p.feeds == "heavy_truck_battery_swap_stations"]
    assert sorted(p.name for p in swap) == ["中交車輛", "協鑫集團", "啟源芯動力"]
    top = next(t for t in tf.targets if t.id == "national_top10_magnet_firms_in_baotou")
    assert (top.figure.text, top.figure.value, top.section, top.clause) == ("10強", 10, "一", 2)
    assert [t.id for t in tf.targets][-1] == "national_top10_magnet_firms_in_baotou"  # appended at the end
    assert [p.id for p in tf.projects][-1] == "damao_zero_carbon_park"


# --------------------------------------------------------------------------------------------- scripts, files


def test_simplified_text_gives_the_same_figures_and_ids():
    """The same clause in simplified characters and full-width digits: same ids, figures as written."""
    trad = "5.擴大晶硅優勢產能。\n年內多晶硅、單晶硅產能分別達到87萬噸、253GW,均占全國產能40%以上。(牽頭單位:市發改委)\n"
    simp = "5．扩大晶硅优势产能。\n年内多晶硅、单晶硅产能分别达到８７万吨、253GW，均占全国产能40%以上。（牵头单位：市发改委）\n"
    a, b = extract("一、硅\n" + trad), extract("一、硅\n" + simp)
    assert [r.fields["id"] for r in a.targets] == [r.fields["id"] for r in b.targets] == [
        "polysilicon", "monocrystalline_silicon"]
    assert [r.fields["figure"] for r in b.targets] == ["８７万吨", "253GW"]
    assert b.targets[0].fields["clause"] == 5 and b.targets[0].fields["lead"] == ["市发改委"]
    assert b.targets[0].fields["threshold"]["figure"] == "40%"


def test_chapter_and_parenthesised_numbering():
    text = "第三章 發展目標\n(一)產能\n到2025年,多晶硅產能達到10萬噸。\n(二)產值\n產業產值超過500億元。\n第四章 保障\n"
    d = extract(text)
    got = [(r.fields["section"], r.fields.get("clause"), r.fields["figure"], r.fields["comparator"]) for r in d.targets]
    assert got == [("三", 1, "10萬噸", "reach"), ("三", 2, "500億元", "at_least")]
    assert d.levels == ["chapter", "subsection"]


def test_gb18030_and_bom(tmp_path, cli):
    text = "一、總則\n年內組件產能達到37GW。\n"
    gb = tmp_path / "gb.txt"
    gb.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + ("# " + text).encode("utf-8"))
    assert read_document(gb) == text
    assert read_document(bom).startswith("一、總則")
    for f in (gb, bom):
        r = cli("extract", f)
        assert r.exit_code == 0 and "figure: 37GW" in r.stdout and "id: modules" in r.stdout
    with pytest.raises(InputError):
        decode(b"\xff\xff\xff\x00\x81", "x.txt")


def test_output_file_rules(tmp_path, cli):
    out = tmp_path / "d.yaml"
    out.write_text("keep me", encoding="utf-8")
    r = cli("extract", DOC, "-o", out)
    assert r.exit_code == 2 and "exists" in r.stderr and out.read_text(encoding="utf-8") == "keep me"
    r = cli("extract", DOC, "-o", out, "--force")
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Draft")
    src = tmp_path / "doc.txt"
    src.write_text(TEXT, encoding="utf-8")
    r = cli("extract", src, "-o", src, "--force")
    assert r.exit_code == 2 and "also an input" in r.stderr and src.read_text(encoding="utf-8") == TEXT
    copy = tmp_path / "t.yaml"
    copy.write_bytes(DATA.read_bytes())
    r = cli("extract", src, "--against", copy, "-o", copy, "--force")
    assert r.exit_code == 2 and copy.read_bytes() == DATA.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml", "doc.txt", "t.yaml"]  # no temporary left


def test_bad_inputs_exit_2(tmp_path, cli):
    r = cli("extract", tmp_path / "missing.txt")
    assert r.exit_code == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02abc")
    r = cli("extract", binary)
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    r = cli("extract", DOC, "--format", "json")
    assert r.exit_code == 2


def test_docx_and_pdf_need_the_extra_or_read(tmp_path, cli):
    for suffix, module in ((".docx", "zipfile"), (".pdf", "pypdf")):  # .docx is read with the standard library
        f = tmp_path / f"doc{suffix}"
        f.write_bytes(b"not really")
        r = cli("extract", f)
        assert r.exit_code == 2 and "Traceback" not in r.stderr
        try:
            __import__(module)
        except ImportError:
            assert "capacity[docs]" in r.stderr
        else:
            assert "not a readable" in r.stderr


def test_docx_when_available(tmp_path, cli):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in ("二、全面提升能級", "5.擴大晶硅優勢產能。", "年內多晶硅產能達到87萬噸。(牽頭單位:市發改委)"):
        d.add_paragraph(line)
    f = tmp_path / "doc.docx"
    d.save(str(f))
    r = cli("extract", f)
    assert r.exit_code == 0 and "figure: 87萬噸" in r.stdout and "clause: 5" in r.stdout


def test_a_long_sentence_is_quoted_by_its_phrase():
    """A text with no full stops: each figure keeps a verbatim excerpt, not the whole text, and time stays linear."""
    text = "年內多晶硅產能達到87萬噸," * 2000
    d = extract(text)
    assert len(d.targets) == 2000
    assert all(r.fields["text"] == "年內多晶硅產能達到87萬噸" for r in d.targets)
    assert any("phrase holding the figure" in n for n in d.targets[0].review)
    assert [r.fields["id"] for r in d.targets[:3]] == ["polysilicon", "preamble_capacity_1", "preamble_capacity_2"]
