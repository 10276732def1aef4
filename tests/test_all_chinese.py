"""Under --lang zh every word the tool writes is Chinese (issue 25, item 1): each command and format is
rendered and any run of Latin letters left once the exceptions are out fails the test. The exceptions
(tests/zh_words.py): ids, URLs, unit symbols, source names and every other string of the data files
(the document's own text), option and command names. JSON and CSV keys and their English note text are
a contract for scripts (capacity.report/1) and are not checked here; the workbook's sheet names and
header notes are. The HTML page is checked on its text as parsed (html.parser, style and script left
out): no browser is installed on the test machine."""

from __future__ import annotations

import collections
import html.parser
import json
import re

import pytest

from zh_words import ROOT, english_words, data_strings

REGION = "examples/regions/baotou-2023.yaml"

COMMANDS = [
    ["report"],
    ["report", "--units", "si"],
    ["check"],
    ["check", "--format", "github"],
    ["check", "--format", "junit"],
    ["reconcile"],
    ["reconcile", "polysilicon"],
    ["sources"],
    ["targets"],
    ["targets", "--projects"],
    ["whatif", "--set", "polysilicon=67萬噸", "--all"],
    ["whatif", "--drop-project", "通威三期"],
    ["solve", "polysilicon"],
    ["solve", "industrial_silicon"],
    ["sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "5"],
    ["simulate", "--samples", "300"],
    ["compare", "-t", "data/targets.yaml", "-t", REGION],
    ["validate"],
    ["glossary"],
]
FORMATS = ["table", "markdown"]


@pytest.fixture(scope="module")
def strings():
    return data_strings()


def words_of(text: str, strings: list[str]) -> collections.Counter:
    return collections.Counter(english_words(text, strings))


def _words_only(args, out: str) -> str:
    """The words of a CI format without its syntax: JUnit's elements and attribute names, GitHub's
    ``::error file=…,line=…,title=…::`` (a format's keywords, as JSON keys are)."""
    if "junit" in args:
        import xml.etree.ElementTree as ET

        root = ET.fromstring(out)
        return "\n".join([e.get("message") or "" for e in root.iter()] + [e.text or "" for e in root.iter()])
    if "github" in args:
        return re.sub(r"^::(error|warning|notice) file=[^,]*,line=\d+,title=", "", out, flags=re.M)
    return out


def run_zh(cli, monkeypatch, args, fmt=None):
    monkeypatch.setenv("COLUMNS", "1000")  # no folded line splits a source name out of the exceptions
    monkeypatch.setenv("NO_COLOR", "1")
    extra = [] if fmt is None or args[0] in ("validate",) else ["--format", fmt]
    if args[0] == "check" and "--format" in args:
        extra = []
    res = cli(*args, *extra, "--lang", "zh")
    assert res.exit_code in (0, 1), res.stdout + res.stderr
    return res


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_every_word_is_chinese(cli, monkeypatch, strings, args, fmt):
    if fmt == "markdown" and args[0] in ("validate",):
        pytest.skip("validate writes text or JSON only")
    res = run_zh(cli, monkeypatch, args, fmt)
    found = words_of(_words_only(args, res.stdout) + res.stderr, strings)
    assert not found, f"English under --lang zh: {found.most_common(20)}"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in res.stdout + res.stderr)  # and it said something


def test_the_checker_finds_english(strings):
    """The check itself can fail: an English sentence, a verdict word and a column header are found;
    ids, a URL, units and a source name are not."""
    assert english_words("polysilicon：26.9% FAIL, the claim holds while", strings) == \
        ["FAIL", "the", "claim", "holds", "while"]
    assert english_words("industrial_silicon_per_polysilicon 1.23 t/t https://x.org/a-b GW "
                         "中国有色金属工业协会硅业分会 (Silicon Industry Branch, CNMIA) --lang zh", strings) == []
    assert english_words("Headroom", strings) == ["Headroom"]


def test_rows_are_labelled_with_the_documents_names(cli, monkeypatch):
    out = run_zh(cli, monkeypatch, ["report"]).stdout
    assert "多晶硅產能" in out and "未达标" in out and "分母：口径 产能" in out
    table = out.split("占全国总量的比重")[1].split("条形：")[0]
    assert "polysilicon " not in table  # the id is in the notes and the JSON, the name labels the row
    en = cli("report", "--lang", "en").stdout
    assert "polysilicon " in en.split("Shares of the national total")[1].split("Bar:")[0]


def test_the_json_contract_is_the_same_in_either_language(cli):
    zh = json.loads(cli("report", "--format", "json", "--lang", "zh").stdout)
    en = json.loads(cli("report", "--format", "json").stdout)
    assert zh == en
    magnetic = next(r for r in en["results"] if r["id"] == "magnetic_materials")
    # magnets: no capacity figure on file, only production: no unlike share (issue 22 item 5)
    assert magnetic["note"] == "no national capacity figure on file (only production, not like): no share"
    assert magnetic["notes"] == [{"code": "no_like_figure", "params": {"basis": "capacity", "used": "production"}}]


def test_notes_are_worded_from_their_codes(cli, monkeypatch):
    out = run_zh(cli, monkeypatch, ["report"]).stdout
    assert "magnetic_materials：无全国产能数据（仅有产量，口径不同）：不计比重" in out  # no unlike share
    assert "2024年末" in out and "end-2024" not in out  # periods worded
    out = run_zh(cli, monkeypatch, ["solve", "polysilicon"]).stdout
    assert "全国总量不超过 87萬噸 / 40% 时判断成立" in out
    out = run_zh(cli, monkeypatch, ["compare", "-t", "data/targets.yaml", "-t", REGION]).stdout
    assert "本规划（目标年 2024）合计达到全国产能" in out and "this plan" not in out


def test_workbook_sheets_and_header_notes_are_chinese(cli, monkeypatch, strings, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    for args in (["report"], ["simulate", "--samples", "300"], ["compare", "-t", "data/targets.yaml", "-t", REGION]):
        out = tmp_path / f"{args[0]}.xlsx"
        res = cli(*args, "--lang", "zh", "-o", out)
        assert res.exit_code in (0, 1), res.stderr
        book = openpyxl.load_workbook(out)
        names = " ".join(book.sheetnames)
        assert not words_of(names, strings), names
        notes = " ".join(c.comment.text for ws in book.worksheets for c in ws[1] if c.comment)
        keys = {str(c.value) for ws in book.worksheets for c in ws[1]}
        keys = sorted(keys | {k.rsplit(".", 1)[0] for k in keys}, key=len, reverse=True)  # gap of gap.magnitude
        # a note names the table's header and the unit column it reads from (the CSV's keys: a contract)
        assert not words_of(notes, keys + strings), notes[:300]
    assert "比重" in book.sheetnames[0] or "地区" in book.sheetnames[0]


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.skip, self.parts = 0, []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag):  # noqa: ANN001
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):  # noqa: ANN001
        if not self.skip:
            self.parts.append(data)


def test_the_html_page_in_chinese_has_no_english_word(cli, strings, tmp_path):
    out = tmp_path / "r.html"
    res = cli("report", "--html", out, "--lang", "zh", "--samples", "300")
    assert res.exit_code == 1, res.stderr
    p = _Text()
    p.feed(out.read_text(encoding="utf-8"))
    text = "\n".join(p.parts)  # the SVG charts' <text> included
    found = words_of(text, strings)
    assert not found, found.most_common(20)
    assert "未达标" in text and "不成立" not in text  # one word for a failed check, tables and charts alike
    assert "79萬噸" in text and "790,000 t" not in text  # the charts in the document's units


def test_one_default_language_from_the_locale(cli, monkeypatch, tmp_path):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert "Shares of the national total" in cli("report").stdout  # no locale: English
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "占全国总量的比重" in cli("report").stdout
    assert "Shares of the national total" in cli("report", "--lang", "en").stdout  # --lang wins
    out = tmp_path / "r.html"
    assert cli("report", "--html", out, "--samples", "0").exit_code == 1
    assert '<html lang="zh-Hans">' in out.read_text(encoding="utf-8")  # the HTML as every other output
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # LC_ALL wins over LANG
    assert cli("report", "--html", out, "--samples", "0").exit_code == 1
    assert '<html lang="en">' in out.read_text(encoding="utf-8")


def test_common_errors_are_chinese(cli, strings, tmp_path):
    """The CLI's option errors and an unknown target id are worded whole in Chinese; so are the loader's
    commonest templates and the name of the part of the file they are about."""
    for args in (["solve", "polysilicn"], ["report", "--units", "x"], ["report", "--format", "nope"]):
        res = cli(*args, "--lang", "zh")
        assert res.exit_code == 2 and res.stderr.startswith("错误："), res.stderr
        assert not words_of(res.stderr, strings + ["polysilicn", "nope"]), res.stderr  # the value given, echoed
    assert "提示：是否想输入 polysilicon" in cli("solve", "polysilicn", "--lang", "zh").stderr
    assert cli("solve", "polysilicn").stderr.startswith("error: unknown target id 'polysilicn'")  # English as before
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nregion: {id: x, name: y}\ntargetz: []\n", encoding="utf-8")
    err = cli("report", "-t", bad, "--lang", "zh").stderr
    assert "bad.yaml:3:1: 错误：目标文件 中有未知的键 'targetz'" in err and "提示：是否想输入 targets？" in err


def test_the_chinese_catalogue_has_every_code_with_the_same_parameters():
    """zh.py words every code of en.py (a code missing there would be said in English), with no
    parameter that en.py does not show (row.label aside: it is given both the id and the name)."""
    import string

    from capacity.messages import en, zh

    assert sorted(set(en.MESSAGES) - set(zh.MESSAGES)) == []
    for code, words in zh.MESSAGES.items():
        assert code in en.MESSAGES, code
        names = {f for _, f, _, _ in string.Formatter().parse(words) if f}
        passed = {f for _, f, _, _ in string.Formatter().parse(en.MESSAGES[code]) if f}
        passed |= {"name"} if code == "row.label" else set()  # a row's id in English, its name in Chinese
        assert names <= passed, code


# --------------------------------------------------------------------------------------------- extract
DOC = "data/source/baotou-2024-1.txt"
MD_2023 = "examples/regions/sources/baotou-2023.md"


def _comments(yaml_text: str) -> str:
    return "\n".join(line for line in yaml_text.splitlines() if line.lstrip().startswith("#"))


@pytest.mark.parametrize("doc", [DOC, MD_2023])
def test_extract_draft_comments_are_chinese_and_its_data_the_same(cli, monkeypatch, strings, tmp_path, doc):
    """The draft's header, `# 核对：` lines and the left-out list with its reasons are Chinese; the YAML itself
    is byte-identical to the English draft's, and `capacity validate` accepts it."""
    zh = run_zh(cli, monkeypatch, ["extract", doc]).stdout
    en = cli("extract", doc, "--lang", "en").stdout
    own = set(re.findall(r"[A-Za-z]{2,}", (ROOT / doc).read_text(encoding="utf-8")))  # the document's own words
    found = [w for w in words_of(_comments(zh), strings) if w not in own]
    assert not found, f"English under --lang zh: {found[:20]}"
    assert "# 未收录的数字（非目标）：" in zh and "# 核对：" in zh and "# review:" not in zh
    assert "# Figures left out (not targets):" in en and "  # review: id is a placeholder: give it a name" in en
    data = [line for line in zh.splitlines() if not line.lstrip().startswith("#")]
    assert data == [line for line in en.splitlines() if not line.lstrip().startswith("#")]
    out = tmp_path / "draft.yaml"
    out.write_text(zh, encoding="utf-8")
    res = cli("validate", out, "--lang", "zh")
    assert res.exit_code == 0, res.stdout + res.stderr


def test_extract_against_is_chinese(cli, monkeypatch, strings, tmp_path):
    """Every group of the review list (text only, status, named only, data only, differs, left out) in
    Chinese, its row words too; the English report as before."""
    text = (ROOT / "data" / "targets.yaml").read_text(encoding="utf-8")
    text = re.sub(r"  - id: damao_zero_carbon_park\n(    .*\n)+", "", text)
    text = text.replace("    figure: 38家\n", "    figure: 39家\n").replace("      figure: 15%\n", "      figure: 20%\n")
    copy = tmp_path / "targets.yaml"
    copy.write_text(text, encoding="utf-8")
    for doc, data in ((DOC, copy), (MD_2023, REGION)):
        out = run_zh(cli, monkeypatch, ["extract", doc, "--against", data]).stdout
        own = set(re.findall(r"[A-Za-z]{2,}", (ROOT / doc).read_text(encoding="utf-8")))  # the document's words
        found = [w for w in words_of(out, strings) if w not in own]
        assert not found, f"English under --lang zh: {found[:20]}"
    out = run_zh(cli, monkeypatch, ["extract", DOC, "--against", copy]).stdout
    assert "两者都有，但说法不同：1" in out and "`threshold`" not in out
    assert "门槛：文本 15%（占全國產能分別達到15%以上、10%以上），数据 20%" in out
    assert "数据中有、文本中没有：1" in out and "数字不在文本中" in out and "项目 達茂零碳園區" in out
    en = cli("extract", DOC, "--against", copy, "--lang", "en").stdout
    assert "in both, said otherwise: 1" in en and "threshold: text 15% (占全國產能分別達到15%以上、10%以上), data 20%" in en
    res = cli("extract", DOC, "-o", tmp_path / "d.yaml", "--lang", "zh")
    assert res.exit_code == 0 and res.stderr.startswith("已写入 ") and "个目标" in res.stderr, res.stderr


def test_a_cached_message_is_worded_in_the_language_of_the_run_that_reads_it():
    """The dataset cache keeps a message (Msg) as its code and parameters, not as the English words of the
    run that wrote it: read back, it is worded again in Chinese."""
    import json as _json

    from capacity import codec
    from capacity.messages import Msg

    msg = Msg("err.unknown_key", key="targetz", what=Msg("what.targets_file"))
    back = _json.loads(_json.dumps(codec.encode([msg])), object_hook=codec._hook(codec._classes()[1]))[0]
    assert back == "unknown key 'targetz' in a targets file"
    assert back.text("zh") == "目标文件 中有未知的键 'targetz'"


#: the YAML keys and values the loader's errors name (a file's own words, as ids are)
YAML_WORDS = ["schema_version", "region", "sections", "targets", "projects", "rollups", "chain", "chains",
              "project_states", "quantities", "comparator", "reach", "at_least", "at_most", "range", "about",
              "power", "mass", "targetz", "reachx", "true", "false", "yes", "no", "on", "off", "YAML"]


def test_loader_errors_name_the_part_of_the_file_in_chinese(cli, strings, tmp_path):
    """The part of the file an error is about (a targets file, target 'a'), what was expected and the
    example figures are Chinese under --lang zh; the English errors are the same as before."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nregion: {id: x, name: y}\ntargetz: []\n", encoding="utf-8")
    bad2 = tmp_path / "bad2.yaml"
    bad2.write_text("schema_version: 1\nregion: {id: x, name: y}\ntargets:\n  - id: a\n    name: b\n"
                    "    figure: 5GW\n    dimension: mass\n    comparator: reachx\n", encoding="utf-8")
    err = cli("report", "-t", bad, "--lang", "zh").stderr + cli("report", "-t", bad2, "--lang", "zh").stderr
    assert "错误：目标文件 中有未知的键 'targetz'" in err
    assert "错误：文件中没有 'targets' 列表；应为 一个 'targets:' 列表" in err
    assert "错误：目标 'a'：'5GW' 的量纲为 power；应为 量纲为 mass 的数字（例如 87萬噸, 870000 t）" in err
    assert "错误：目标 'a' 的 'comparator' 为 'reachx'；应为 reach, at_least, at_most, range, about 之一" in err
    found = words_of(err, strings + YAML_WORDS)
    assert not found, (found, err)
    bad3 = tmp_path / "bad3.yaml"  # the units' common errors: a comparator word, a daily rate, a range with '-'
    for figure in ("87萬噸以上", "700吨/天", "5-10家"):
        bad3.write_text("schema_version: 1\nregion: {id: x, name: y}\ntargets:\n  - id: a\n    name: b\n"
                        f"    figure: {figure}\n", encoding="utf-8")
        said = cli("validate", bad3, "--lang", "zh").stderr
        assert said.count("错误：目标 'a'：") == 1 and "提示：" in said, said
        assert not words_of(said, strings + YAML_WORDS + ["days_per_year"]), said
    assert "提示：写作 5~10家" in said
    en = cli("report", "-t", bad, "--lang", "en").stderr + cli("report", "-t", bad2, "--lang", "en").stderr
    assert "error: unknown key 'targetz' in a targets file; expected one of schema_version" in en
    assert "error: the file has no 'targets' list; expected a 'targets:' list" in en
    assert "error: target 'a': '5GW' is power; expected a mass figure (e.g. 87萬噸, 870000 t)" in en
    assert "error: 'comparator' of target 'a' is 'reachx'; expected one of reach, at_least, at_most, range, about" in en


def test_clicks_usage_errors_are_chinese(cli, strings, monkeypatch):
    """Click's own errors (no such option, a missing argument, an extra one, an invalid choice of value) under
    --lang zh: the usage line, the help hint and the error in Chinese, exit 2; English as click says it."""
    for args in (["validate", "-t", "x"], ["extract"], ["report", "--formt", "x"], ["convert", "1", "t", "kg", "x"]):
        res = cli(*args, "--lang", "zh")
        assert res.exit_code == 2, res.stderr
        lines = res.stderr.strip().splitlines()
        assert lines[0].startswith("用法：capacity "), res.stderr
        assert lines[1].startswith("运行 'capacity ") and lines[1].endswith("查看帮助。"), res.stderr
        assert lines[-1].startswith("错误："), res.stderr
        found = words_of(re.sub(r"'capacity [^']*'", " ", "\n".join(lines[1:])), strings + ["FILE"])  # metavar
        assert not found, (found, res.stderr)
    assert "错误：缺少参数 'FILE'。" in cli("extract", "--lang", "zh").stderr
    assert "错误：没有这个选项：--formt（可能的选项：" in cli("report", "--lang", "zh", "--formt", "x").stderr
    en = cli("extract").stderr
    assert "Usage: capacity extract" in en and "Try 'capacity extract -h' for help." in en
    assert "Error: Missing argument 'FILE'." in en
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the locale's language, as every other output
    assert "错误：缺少参数 'FILE'。" in cli("extract").stderr
