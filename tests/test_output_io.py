"""Issue 25 item 2: -o means what it says (the format follows the extension), `-` is stdout for -o and
stdin for --targets, --national and extract. Through the CLI runner."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import REPO

TARGETS = REPO / "data" / "targets.yaml"
NATIONAL = REPO / "data" / "national.yaml"


@pytest.mark.parametrize("ext, check", [
    (".csv", lambda b: b.decode("utf-8").startswith("table,id,")),  # the spreadsheet layout
    (".json", lambda b: json.loads(b)["schema"] == "capacity.targets/1"),
    (".md", lambda b: b"| " in b and b.decode("utf-8").lstrip().startswith("#")),
    (".xlsx", lambda b: b[:2] == b"PK"),  # a zip: the workbook, not terminal text
])
def test_extension_sets_the_format(cli, tmp_path, ext, check):
    out = tmp_path / f"t{ext}"
    res = cli("targets", "-o", out)
    assert res.exit_code == 0, res.stderr
    assert res.stdout == "" and f"wrote {out}" in res.stderr
    assert check(out.read_bytes())


def test_unknown_extension_keeps_the_table(cli, tmp_path):
    out = tmp_path / "t.txt"
    assert cli("targets", "-o", out).exit_code == 0
    assert not out.read_bytes().startswith(b"PK") and "polysilicon" in out.read_text("utf-8")


def test_format_given_wins_when_it_agrees_and_contradiction_is_exit_2(cli, tmp_path):
    out = tmp_path / "r.xlsx"
    res = cli("targets", "-o", out, "--format", "csv")
    assert res.exit_code == 2
    assert "-o" in res.stderr and "xlsx" in res.stderr and "csv" in res.stderr
    assert not out.exists()
    assert cli("targets", "-o", out, "--format", "xlsx").exit_code == 0 and out.read_bytes()[:2] == b"PK"
    # --format table against a .md file is a contradiction too (a default value is not "given")
    assert cli("targets", "-o", tmp_path / "r.md", "--format", "table").exit_code == 2


def test_extension_a_command_cannot_write_is_exit_2(cli, tmp_path):
    res = cli("sources", "-o", tmp_path / "s.html")
    assert res.exit_code == 2 and "does not write html" in res.stderr
    assert not (tmp_path / "s.html").exists()


def test_report_to_html_by_extension(cli, tmp_path):
    out = tmp_path / "r.html"
    res = cli("report", "-o", out, "--lang", "en")
    assert res.exit_code == 1, res.stderr  # claims fail on the bundled data: the report's own exit code
    assert res.stdout == ""
    assert out.read_text("utf-8").lstrip().lower().startswith("<!doctype html")


def test_dash_is_stdout_and_no_file_named_dash(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = cli("targets", "-o", "-", "--format", "csv")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert any(r["id"] == "polysilicon" and r["table"] == "targets" for r in rows)
    assert not (tmp_path / "-").exists()
    res = cli("sources", "-o", "-", "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["quantities"]


def test_xlsx_to_stdout_with_dash(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = cli("targets", "--format", "xlsx", "-o", "-")
    assert res.exit_code == 0 and res.stdout_bytes[:2] == b"PK"
    assert not (tmp_path / "-").exists()


def test_targets_from_stdin_gives_the_same_results(cli):
    want = json.loads(cli("report", "--targets", TARGETS, "--format", "json").stdout)
    res = cli("report", "--targets", "-", "--format", "json", input=TARGETS.read_bytes())
    assert res.exit_code == 1, res.stderr
    got = json.loads(res.stdout)
    assert "<stdin>" in res.stdout  # the locations name standard input…
    assert without_locations(got["results"]) == without_locations(want["results"])  # …and nothing else differs


def without_locations(obj):
    """A result with its file:line locations left out (the one thing a file's name changes)."""
    if isinstance(obj, dict):
        return {k: without_locations(v) for k, v in obj.items() if k not in ("location", "file", "files")}
    if isinstance(obj, list):
        return [without_locations(x) for x in obj]
    return obj


def test_national_from_stdin(cli):
    res = cli("sources", "--national", "-", "--format", "json", input=NATIONAL.read_bytes())
    assert res.exit_code == 0, res.stderr
    assert any(q["id"] == "polysilicon" for q in json.loads(res.stdout)["quantities"])


def test_stdin_errors_name_stdin_and_the_line(cli):
    res = cli("report", "--targets", "-", input="region: {id: x, name: x}\ntargets: [\n")
    assert res.exit_code == 2
    assert res.stderr.startswith("<stdin>:") and "Traceback" not in res.stderr
    res = cli("report", "--targets", "-", input=b"region: \xff\n")
    assert res.exit_code == 2 and "<stdin>:1" in res.stderr and "UTF-8" in res.stderr


def test_stdin_named_twice_is_exit_2(cli):
    res = cli("report", "--targets", "-", "--national", "-", input=TARGETS.read_bytes())
    assert res.exit_code == 2 and "standard input" in res.stderr


def test_stdin_size_cap(cli, monkeypatch):
    from capacity import yamlio

    monkeypatch.setattr(yamlio, "MAX_BYTES", 1000)
    res = cli("report", "--targets", "-", input=b"# x\n" * 400)
    assert res.exit_code == 2 and "<stdin>" in res.stderr and "more than 1000 bytes" in res.stderr


def test_extract_reads_stdin(cli):
    text = (REPO / "data" / "source" / "baotou-2024-1.txt").read_bytes()
    want = cli("extract", REPO / "data" / "source" / "baotou-2024-1.txt")
    res = cli("extract", "-", input=text)
    assert res.exit_code == 0, res.stderr
    body = lambda s: s.split("\n", 1)[1]  # the first line names the file read  # noqa: E731
    assert "<stdin>" in res.stdout.split("\n", 1)[0]
    assert body(res.stdout) == body(want.stdout)


def test_extract_stdin_refuses_binary(cli):
    res = cli("extract", "-", input=b"line one\n\x00binary")
    assert res.exit_code == 2 and res.stderr.startswith("<stdin>:2: error:") and "NUL" in res.stderr


def test_xlsx_onto_a_terminal_is_refused(cli, monkeypatch):
    import sys

    res = cli("targets", "--format", "xlsx")  # no -o at all
    assert res.exit_code == 2 and "-o FILE" in res.stderr
    monkeypatch.setattr("capacity_cli.common._stdout_is_tty", lambda: True)
    res = cli("report", "--format", "xlsx", "-o", "-")
    assert res.exit_code == 2 and "into a pipe" in res.stderr and sys.stdout is not None
