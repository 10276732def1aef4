"""Spreadsheets and notebooks (issue 16): --format xlsx -o FILE, csv --bom, capacity.to_frame."""

from __future__ import annotations

import pytest

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")


def test_report_workbook_has_numbers_as_numbers(cli, tmp_path):
    out = tmp_path / "r.xlsx"
    res = cli("report", "--format", "xlsx", "-o", out)
    assert res.exit_code == 1, res.stderr  # claims fail on the bundled data
    assert res.stdout == "" and f"wrote {out}" in res.stderr
    wb = openpyxl.load_workbook(out)
    # no "then others" sheets: what was published by 2024-01-01 is one figure per claim (issue 22 item 2)
    assert wb.sheetnames == ["share", "then_now", "supply", "rollup", "rollup parts", "rollup projects", "progress",
                             "progress history", "unmatched", "sources"]  # unmatched: targets without a result (issue 22)
    ws = wb["share"]
    assert ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    poly = rows["polysilicon"]
    assert poly["local.magnitude"] == 870000 and poly["local.unit"] == "t" and poly["national.magnitude"] == 3231000
    assert poly["share"] == pytest.approx(870000 / 3231000) and poly["threshold"] == 0.4
    assert poly["headroom.magnitude"] == 2175000 and poly["gap_low"] == 422400  # 0.4 × 3,231,000 − 870,000
    si = rows["industrial_silicon"]  # SMM's >700万吨 is on a 300-day basis: no nameplate figure (issue 22 item 5)
    assert si["share_low"] is None and si["share_high"] is None and si["national.magnitude"] is None
    bound = tmp_path / "b.xlsx"  # the same bound given as an override: a range, two columns, 0 to 79 / 700
    cli("report", "--format", "xlsx", "-o", bound, "-n", "industrial_silicon=>700万吨")
    si = {r[0]: dict(zip(head, r)) for r in openpyxl.load_workbook(bound)["share"].iter_rows(min_row=2, values_only=True)
          }["industrial_silicon"]
    assert si["share_low"] == 0 and si["share_high"] == pytest.approx(79 / 700)
    at = 2 + list(rows).index("polysilicon")
    for col in ("share", "share_low", "share_high", "then.share", "then.share_low", "threshold"):
        assert ws.cell(row=at, column=head.index(col) + 1).number_format == "0.0%", col
    assert ws.cell(1, head.index("local.magnitude") + 1).comment.text == "Local (unit: local.unit)"  # t, GW…
    supply = wb["supply"]
    assert [c.value for c in supply[1]][:2] == ["id", "kind"]
    sources = {r[1]: r for r in wb["sources"].iter_rows(min_row=2, values_only=True)}
    assert "中国有色金属工业协会硅业分会" in sources["polysilicon"][6]


def test_unit_in_header_note_when_one_unit(cli, tmp_path):
    out = tmp_path / "s.xlsx"
    assert cli("reconcile", "polysilicon", "--format", "xlsx", "-o", out).exit_code == 0
    ws = openpyxl.load_workbook(out).active
    head = [c.value for c in ws[1]]
    assert "national.magnitude" in head
    assert ws.cell(1, head.index("national.magnitude") + 1).comment.text.endswith("(t)")


WORKBOOKS = [["report"], ["reconcile"], ["check"], ["targets"], ["sources"], ["whatif", "--drop-project", "通威三期"],
             ["solve", "polysilicon"], ["sweep", "national.polysilicon", "200萬噸", "400萬噸"],
             ["simulate", "--samples", "200"], ["compare"]]


@pytest.mark.parametrize("args", WORKBOOKS, ids=lambda a: a[0])
def test_tidy_workbooks_match_the_csv(cli, tmp_path, args):
    """Every workbook: numbers as numbers, the CSV's column names, no JSON in a cell, sheet names of whole
    words within 31 characters; pandas reads the same."""
    import csv
    import io
    import json as _json

    pd = pytest.importorskip("pandas")
    out = tmp_path / "x.xlsx"
    res = cli(*args, "-o", out)  # the extension says xlsx
    assert res.exit_code in (0, 1), res.stderr
    csv_res = cli(*args, "--format", "csv")
    csv_head = set(next(csv.reader(io.StringIO(csv_res.stdout))))
    wb = openpyxl.load_workbook(out)
    first = [c.value for c in wb.worksheets[0][1]]
    assert set(first) <= csv_head, set(first) - csv_head  # the table the CSV holds: the same names
    for ws in wb:
        assert len(ws.title) <= 31 and ws.title == ws.title.strip()
        head = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2, values_only=True):
            for h, v in zip(head, row):
                if isinstance(v, str) and v[:1] in "[{":
                    with pytest.raises(ValueError):
                        _json.loads(v)  # text that starts with a bracket, never JSON
                if isinstance(v, str) and not h.endswith(("period", "date", "year")) and h != "id":
                    with pytest.raises(ValueError):
                        float(v)  # a number is never stored as text (a period "2023" is a label)
    frames = pd.read_excel(out, sheet_name=None)
    assert list(frames) == wb.sheetnames
    frame = frames[wb.sheetnames[0]]
    assert any(str(t).startswith(("int", "float")) for t in frame.dtypes)


def test_sheet_names_are_whole_words():
    from capacity.render.xlsx import _sheet_name

    used: set = set()
    assert _sheet_name("Probability that each claim holds, over the sources", used) == "Probability that each claim"
    assert _sheet_name("Probability that each claim holds, over the sources", used) == "Probability that each claim 2"
    assert _sheet_name("Baseline beside scenario", used, "figures") == "Baseline beside figures"


@pytest.mark.parametrize("args", [["targets"], ["sources"], ["whatif", "--drop-project", "通威三期"],
                                  ["solve", "polysilicon"], ["sweep", "national.polysilicon", "200萬噸", "400萬噸"],
                                  ["simulate", "--samples", "200"], ["check"]])
def test_every_table_command_writes_a_workbook(cli, tmp_path, args):
    out = tmp_path / "x.xlsx"
    res = cli(*args, "--format", "xlsx", "-o", out)
    assert res.exit_code in (0, 1), res.stderr
    assert openpyxl.load_workbook(out).sheetnames


def test_xlsx_needs_an_output_file(cli):
    res = cli("report", "--format", "xlsx")
    assert res.exit_code == 2 and "-o FILE" in res.stderr


def test_csv_bom(cli, tmp_path):
    out = tmp_path / "t.csv"
    assert cli("sources", "--format", "csv", "--bom", "-o", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "硅业分会".encode() in raw
    res = cli("sources", "--format", "csv", "--bom")
    assert res.stdout.startswith("\ufeff")
    assert not cli("sources", "--format", "csv").stdout.startswith("\ufeff")
    assert cli("sources", "--bom").exit_code == 2  # --bom does nothing for a table: refused


def test_to_frame():
    pd = pytest.importorskip("pandas")
    import capacity
    from capacity.evaluate import evaluate
    from capacity.load import load_dataset

    report = evaluate(load_dataset())
    df = capacity.to_frame(report, kind="share")
    assert isinstance(df, pd.DataFrame)
    poly = df.set_index("id").loc["polysilicon"]
    assert poly["local.magnitude"] == 870000 and poly["share"] == pytest.approx(870000 / 3231000)
    assert len(capacity.to_frame(report)) == len(report["results"])
    with pytest.raises(ValueError, match="holds progress, rollup, share, supply"):
        capacity.to_frame(report, kind="shares")  # not an empty frame


def test_a_text_longer_than_a_cell_says_it_was_cut(cli, tmp_path):
    """Hostile round three (issue 23): XlsxWriter cut a 40,000-character text at 32,767 without a word. A
    report's workbook says where it cut; a targets workbook (meant to be read back) refuses instead."""
    from pathlib import Path

    fixture = Path(__file__).resolve().parent / "bad_inputs" / "fixtures" / "targets.yaml"
    text = fixture.read_text(encoding="utf-8").replace("    text: 多晶硅產能達到87萬噸\n",
                                                       "    text: 多晶硅產能達到87萬噸" + "硅" * 40000 + "END\n")
    src = tmp_path / "long.yaml"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "r.xlsx"
    src_name = tmp_path / "long-name.yaml"  # a report's workbook shows names, not texts
    src_name.write_text(fixture.read_text(encoding="utf-8").replace(
        "    name: 多晶硅產能\n", "    name: 多晶硅產能達到87萬噸" + "硅" * 40000 + "END\n"), encoding="utf-8")
    res = cli("report", "--targets", src_name, "--format", "xlsx", "-o", out)
    assert res.exit_code in (0, 1), res.stderr
    cells = [c for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows(values_only=True)
             for c in row if isinstance(c, str) and c.startswith("多晶硅產能達到87萬噸硅")]
    assert cells and all(len(c) == 32767 for c in cells)
    assert cells[0].endswith(" … [cut: 40,014 characters, more than a cell holds; --format json or csv has the whole text]")
    res = cli("targets", "--targets", src, "--format", "xlsx", "-o", tmp_path / "t.xlsx")
    assert res.exit_code == 2 and "longer than a cell holds" in res.stderr and "--format csv" in res.stderr
    assert not (tmp_path / "t.xlsx").exists()
