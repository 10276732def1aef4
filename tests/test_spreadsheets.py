"""Issue 25 item 3: targets kept in a spreadsheet. `capacity targets --format xlsx|csv -o FILE` writes
the layout `--targets FILE` reads back (capacity.tabular), with the same results as the YAML it came
from; errors name the sheet, the row and the column. Through the CLI runner."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import REPO

openpyxl = pytest.importorskip("openpyxl")

EXAMPLES = sorted((REPO / "examples" / "regions").glob("*.yaml"))


def without_locations(obj):
    """A result without its file:line locations (the one thing the file's name and layout change)."""
    if isinstance(obj, dict):
        return {k: without_locations(v) for k, v in obj.items() if k not in ("location", "file", "files")}
    if isinstance(obj, list):
        return [without_locations(x) for x in obj]
    return obj


def _report(cli, *args):
    res = cli("report", *args, "--format", "json")
    assert res.exit_code in (0, 1), res.stderr
    return res.exit_code, json.loads(res.stdout)


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
@pytest.mark.parametrize("source", [None] + EXAMPLES, ids=lambda p: "bundled" if p is None else p.stem)
def test_round_trip_gives_identical_results(cli, tmp_path, source, ext):
    sheet = tmp_path / f"t.{ext}"
    given = ["--targets", source] if source is not None else []
    res = cli("targets", *given, "--format", ext, "-o", sheet)
    assert res.exit_code == 0, res.stderr
    code_yaml, from_yaml = _report(cli, *given)
    code_sheet, from_sheet = _report(cli, "--targets", sheet)
    assert code_sheet == code_yaml
    assert without_locations(from_sheet) == without_locations(from_yaml)
    # the records themselves, too: a region whose claims yield no result row would prove nothing above
    listed = [json.loads(cli("targets", *a, "--format", "json").stdout) for a in (given, ["--targets", sheet])]
    assert listed[0] and without_locations(listed[1]) == without_locations(listed[0])
    if from_yaml["results"]:
        assert any(r["location"]["file"].startswith(str(sheet)) for r in from_sheet["results"])


def test_workbook_layout_numbers_and_csv_names(cli, tmp_path):
    xlsx, csv_path = tmp_path / "t.xlsx", tmp_path / "t.csv"
    assert cli("targets", "-o", xlsx).exit_code == 0
    assert cli("targets", "-o", csv_path).exit_code == 0
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["region", "sections", "targets", "projects", "rollups", "chain", "project_states"]
    head = [c.value for c in wb["targets"][1]]
    rows = {r[0]: dict(zip(head, r)) for r in wb["targets"].iter_rows(min_row=2, values_only=True)}
    poly = rows["polysilicon"]
    assert poly["figure"] == "87萬噸" and poly["threshold.figure"] == "40%" and poly["clause"] == 5
    assert isinstance(poly["clause"], int)  # a number cell, not text
    csv_head = next(csv.reader(io.StringIO(csv_path.read_text("utf-8"))))
    assert csv_head[0] == "table"
    for ws in wb:  # every sheet's columns are CSV columns, spelt the same
        assert set(c.value for c in ws[1]) <= set(csv_head), ws.title
    pd = pytest.importorskip("pandas")
    frame = pd.read_excel(xlsx, sheet_name="targets")
    assert frame.loc[frame["id"] == "polysilicon", "clause"].iloc[0] == 5


def _edit(src, dst, sheet, row_id, column, value):
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("id")].value == row_id:
            row[head.index(column)].value = value
            wb.save(dst)
            return row[0].row, head.index(column) + 1
    raise AssertionError(row_id)


def test_an_edit_in_the_spreadsheet_changes_the_result(cli, tmp_path):
    src, dst = tmp_path / "t.xlsx", tmp_path / "edited.xlsx"
    assert cli("targets", "-o", src).exit_code == 0
    _edit(src, dst, "targets", "polysilicon", "figure", "130萬噸")
    _, doc = _report(cli, "--targets", dst)
    poly = next(r for r in doc["results"] if r["id"] == "polysilicon" and r["kind"] == "share")
    assert poly["local"]["magnitude"] == 1_300_000
    assert poly["share"] == pytest.approx(1_300_000 / 3_231_000)  # 130萬噸 of 323.1萬噸: 40.2%


def test_a_percent_typed_in_excel_reads_as_written(cli, tmp_path):
    src, dst = tmp_path / "t.xlsx", tmp_path / "pct.xlsx"
    assert cli("targets", "-o", src).exit_code == 0
    wb = openpyxl.load_workbook(src)
    ws = wb["targets"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[head.index("id")].value == "polysilicon":
            cell = row[head.index("threshold.figure")]
            cell.value, cell.number_format = 0.4, "0%"
    wb.save(dst)
    _, a = _report(cli, "--targets", src)
    _, b = _report(cli, "--targets", dst)
    assert without_locations(a) == without_locations(b)


def test_errors_name_sheet_row_and_column(cli, tmp_path):
    src, dst = tmp_path / "t.xlsx", tmp_path / "bad.xlsx"
    assert cli("targets", "-o", src).exit_code == 0
    row, col = _edit(src, dst, "targets", "polysilicon", "figure", "abc萬噸")
    res = cli("report", "--targets", dst)
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    assert res.stderr.startswith(f"{dst}!targets:{row}:{col}: error:") and "abc萬噸" in res.stderr
    _edit(src, dst, "targets", "polysilicon", "clause", "=1+1")
    res = cli("report", "--targets", dst)
    assert res.exit_code == 2 and "formula" in res.stderr and f"{dst}!targets:" in res.stderr


def test_csv_errors_name_row_and_column(cli, tmp_path):
    src = tmp_path / "t.csv"
    assert cli("targets", "-o", src).exit_code == 0
    lines = src.read_text("utf-8").splitlines()
    n = next(i for i, x in enumerate(lines) if x.startswith("targets,polysilicon,"))
    lines[n] = "tragets" + lines[n][len("targets"):]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = cli("check", "--targets", bad)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{bad}:{n + 1}:1: error: table 'tragets'") and "did you mean 'targets'" in res.stderr


def test_unknown_sheet_refused_and_notes_sheet_left_alone(cli, tmp_path):
    src = tmp_path / "t.xlsx"
    assert cli("targets", "-o", src).exit_code == 0
    wb = openpyxl.load_workbook(src)
    wb.create_sheet("_notes")["A1"] = "my notes"
    wb.save(tmp_path / "notes.xlsx")
    assert cli("check", "--targets", tmp_path / "notes.xlsx").exit_code == 1  # loads: the bundled claims fail
    wb.create_sheet("Sheet9")
    wb.save(tmp_path / "extra.xlsx")
    res = cli("check", "--targets", tmp_path / "extra.xlsx")
    assert res.exit_code == 2 and "sheet 'Sheet9'" in res.stderr


def test_csv_formula_guard_reads_back(tmp_path):
    from capacity import tabular

    tables = {"region": [{"id": "x", "name": "=HYPERLINK(1)", "name_en": "-5", "title": "'=a", "document": "''"}]}
    text = tabular.to_csv(tables)
    assert ",'=HYPERLINK(1)," in text and ",-5," in text  # a formula never runs; a plain number stays plain
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    node = tabular.read_csv(path, str(path))
    got = {k: v.value for k, v in node.items["region"].items.items()}
    assert got == tables["region"][0]


def test_national_spreadsheet_is_refused(cli, tmp_path):
    src = tmp_path / "t.csv"
    assert cli("targets", "-o", src).exit_code == 0
    res = cli("report", "--national", src)
    assert res.exit_code == 2 and "national files are YAML" in res.stderr
