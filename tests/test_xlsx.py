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
    assert wb.sheetnames == ["share", "then_now", "supply", "rollup", "progress", "sources"]
    ws = wb["share"]
    assert ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    poly = rows["polysilicon"]
    assert poly["local"] == 870000 and poly["local unit"] == "t" and poly["national"] == 3231000
    assert poly["share"] == pytest.approx(870000 / 3231000) and poly["threshold"] == 0.4
    assert poly["headroom"] == 2175000 and poly["gap"] == 422400  # 0.4 × 3,231,000 − 870,000
    mono = rows["monocrystalline_silicon"]
    assert mono["share low"] == 0 and mono["share high"] == pytest.approx(0.253)  # a range: two columns
    assert ws.cell(row=2, column=head.index("share") + 1).number_format == "0.0%"
    supply = wb["supply"]
    assert [c.value for c in supply[1]][:2] == ["id", "kind"]
    sources = {r[1]: r for r in wb["sources"].iter_rows(min_row=2, values_only=True)}
    assert "中国有色金属工业协会硅业分会" in sources["polysilicon"][6]


def test_unit_in_header_when_one_unit(cli, tmp_path):
    out = tmp_path / "s.xlsx"
    assert cli("reconcile", "polysilicon", "--format", "xlsx", "-o", out).exit_code == 0
    ws = openpyxl.load_workbook(out).active
    head = [c.value for c in ws[1]]
    assert "national (t)" in head and "national unit" not in head


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
    assert poly["local"] == 870000 and poly["share"] == pytest.approx(870000 / 3231000)
    assert len(capacity.to_frame(report)) == len(report["results"])


def test_a_text_longer_than_a_cell_says_it_was_cut(cli, tmp_path):
    """Hostile round three (issue 23): XlsxWriter cut a 40,000-character text at 32,767 without a word."""
    from pathlib import Path

    fixture = Path(__file__).resolve().parent / "bad_inputs" / "fixtures" / "targets.yaml"
    text = fixture.read_text(encoding="utf-8").replace("    text: 多晶硅產能達到87萬噸\n",
                                                       "    text: 多晶硅產能達到87萬噸" + "硅" * 40000 + "END\n")
    src = tmp_path / "long.yaml"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "t.xlsx"
    res = cli("targets", "--targets", src, "--format", "xlsx", "-o", out)
    assert res.exit_code == 0, res.stderr
    ws = openpyxl.load_workbook(out).worksheets[0]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "polysilicon")
    cell = row[head.index("text")]
    assert len(cell) == 32767 and cell.startswith("多晶硅產能達到87萬噸硅")
    assert cell.endswith(" … [cut: 40,014 characters, more than a cell holds; --format json or csv has the whole text]")
