"""Small things a careful reader sees (issue 16)."""

from __future__ import annotations

import json


def test_plain_report_has_no_trailing_spaces(cli, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    for args in (["report"], ["check"], ["report", "--format", "markdown"]):
        out = cli(*args).stdout
        assert [ln for ln in out.splitlines() if ln != ln.rstrip()] == [], args


def test_one_warning_is_singular(cli):
    out = cli("check", "--only", "polysilicon", "--national", "polysilicon=210萬噸", "--warn-within", "5").stdout
    assert "1 warning," in out and "1 warnings" not in out  # 41.4% is within 5 pp of 40%


def test_progress_has_a_date_column(cli):
    md = cli("report", "--format", "markdown").stdout
    progress = md.split("### Progress")[1]
    header = progress.splitlines()[2]
    assert "| Date |" in header and "| Observed [% of goal] |" in header
    assert "| polysilicon | 萬噸 | 2023-09 | 47.5 [54.6%] | 87 | 39.5 |" in progress  # 47.5 / 87 = 54.6%


def test_bundled_file_named_as_bundled_outside_the_repo(cli, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    rep = json.loads(cli("report", "--format", "json").stdout)
    assert rep["regions"][0]["file"] == "<bundled>/targets.yaml"
    assert rep["national_file"] == "<bundled>/national.yaml"


def test_whatif_shows_the_changed_local_figure(cli):
    md = cli("whatif", "--set", "polysilicon=80萬噸", "--format", "markdown").stdout
    assert "| polysilicon | share | local 87 → 80萬噸 |" in md
    md = cli("whatif", "--set", "polysilicon=80萬噸", "--format", "markdown", "--units", "si").stdout
    assert "local 870,000 → 800,000 t" in md
    rep = json.loads(cli("whatif", "--set", "polysilicon=80萬噸", "--format", "json").stdout)
    share = next(r for r in rep["results"] if r["id"] == "polysilicon" and r["kind"] == "share")
    assert share["figures"] == [{"name": "local", "baseline": {"magnitude": 870000.0, "unit": "t", "text": "87萬噸"},
                                 "scenario": {"magnitude": 800000.0, "unit": "t", "text": "80萬噸"}}]
