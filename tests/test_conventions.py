"""Issue 25 items 4 and 5: an empty search says so; shell completion; project defaults from
[tool.capacity] / capacity.toml with --show-config; capacity glossary. Through the CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO


# --------------------------------------------------------------------------------------------- 4. nothing found

def test_an_empty_search_says_so_and_exits_0(cli):
    res = cli("targets", "--search", "沒有這個詞", "--format", "json")
    assert res.exit_code == 0
    assert "note: nothing matches --search 沒有這個詞: no targets or projects" in res.stderr
    doc = json.loads(res.stdout)  # the output is still written: valid JSON with empty lists
    assert all(not r["targets"] for r in doc["regions"]) if "regions" in doc and doc["regions"] and \
        "targets" in doc["regions"][0] else doc["targets"] == []


def test_a_search_that_matches_says_nothing(cli):
    res = cli("targets", "--search", "多晶硅")
    assert res.exit_code == 0 and "nothing matches" not in res.stderr and "polysilicon" in res.stdout


def test_to_frame_unknown_kind_raises_with_the_kinds():
    pytest.importorskip("pandas")
    import capacity
    from capacity.evaluate import evaluate
    from capacity.load import load_dataset

    report = evaluate(load_dataset())
    with pytest.raises(ValueError) as exc:
        capacity.to_frame(report, kind="shares")
    assert "'shares'" in str(exc.value) and "share" in str(exc.value) and "supply" in str(exc.value)
    assert len(capacity.to_frame(report, kind="rollup")) == 7  # 2 stated rollups and 5 of named projects


# --------------------------------------------------------------------------------------------- 5. completion

def test_completion_options_and_script(cli, monkeypatch):
    res = cli("--help")
    assert "--install-completion" in res.stdout and "--show-completion" in res.stdout
    import typer.completion

    # typer (with shellingham) detects the shell from the parent processes: a test run started outside a shell
    # (a CI runner, a background job) has none to find, and the script would depend on where pytest ran
    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    res = cli("--show-completion")
    assert res.exit_code == 0 and "_CAPACITY_COMPLETE=complete_bash" in res.stdout, repr(res.exception) + res.output


def test_completion_completes_commands_and_options():
    env = {**os.environ, "_CAPACITY_COMPLETE": "complete_bash", "COMP_WORDS": "capacity glo", "COMP_CWORD": "1"}
    code = "from capacity_cli.main import run; run()"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO)
    assert out.stdout.split() == ["glossary"]
    env.update(COMP_WORDS="capacity report --for", COMP_CWORD="2")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO)
    assert out.stdout.split() == ["--format"]


# --------------------------------------------------------------------------------------------- 5. configuration

@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()  # the search stops at the project's root
    sub = tmp_path / "reports"
    sub.mkdir()
    monkeypatch.chdir(sub)
    return tmp_path


def test_pyproject_defaults_apply_and_the_command_line_wins(cli, project):
    (project / "data").mkdir()
    (project / "data" / "zd.yaml").write_bytes((REPO / "examples" / "regions" / "zhundong.yaml").read_bytes())
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.capacity]\ntargets = "data/zd.yaml"\n'
                                            'lang = "zh"\nunits = "si"\ntolerance = 0\n', encoding="utf-8")
    doc = json.loads(cli("report", "--format", "json").stdout)
    assert [r["id"] for r in doc["regions"]] == ["zhundong"]  # relative to the pyproject's folder
    res = cli("targets")
    assert "目标" in res.stdout or "目標" in res.stdout  # lang = zh
    doc = json.loads(cli("report", "--targets", REPO / "data" / "targets.yaml", "--format", "json").stdout)
    assert [r["id"] for r in doc["regions"]] == ["baotou"]  # the command line wins
    res = cli("--show-config")
    assert res.exit_code == 0
    assert f"configuration: {project / 'pyproject.toml'}" in res.stdout
    assert f"targets    {project / 'data' / 'zd.yaml'}  ({project / 'pyproject.toml'})" in res.stdout
    assert "national   the bundled data  (built-in default)" in res.stdout
    assert "tolerance  0.0" in res.stdout


def test_tolerance_from_config_changes_an_about_verdict(cli, project):
    """約40% on baotou-2023: 37.8–41.4% is always within the default 2.5 pp; with tolerance = 0 from the
    configuration it is not (the same as --tolerance 0)."""
    b23 = REPO / "examples" / "regions" / "baotou-2023.yaml"
    args = ("simulate", "--targets", b23, "--samples", "2000", "--only", "polysilicon", "--format", "json")

    def probability():
        res = cli(*args)
        assert res.exit_code in (0, 1), res.stderr
        return next(r for r in json.loads(res.stdout)["results"] if r["id"] == "polysilicon")["probability"]

    assert probability() == 1.0
    (project / "capacity.toml").write_text("tolerance = 0\n", encoding="utf-8")
    assert probability() < 1.0
    assert cli(*args, "--tolerance", "2.5").exit_code in (0, 1)
    res = cli(*args, "--tolerance", "2.5")  # the command line wins
    assert next(r for r in json.loads(res.stdout)["results"] if r["id"] == "polysilicon")["probability"] == 1.0
    assert cli("--show-config").stdout.count(str(project / "capacity.toml")) == 2  # the file, and tolerance's line


def test_no_config_found(cli, project):
    res = cli("--show-config")
    assert "configuration: none found" in res.stdout and "lang       en  (built-in default)" in res.stdout


def test_bad_config_is_exit_2_with_file_and_line(cli, project):
    (project / "pyproject.toml").write_text('[tool.capacity]\nlangs = "zh"\n', encoding="utf-8")
    res = cli("report")
    assert res.exit_code == 2
    assert res.stderr.startswith(f"{project / 'pyproject.toml'}:2: error: unknown key 'langs'")
    assert "did you mean 'lang'" in res.stderr
    (project / "pyproject.toml").write_text('[tool.capacity]\nunits = "metric"\n', encoding="utf-8")
    res = cli("report")
    assert res.exit_code == 2 and ":2: error: units = 'metric'" in res.stderr
    (project / "pyproject.toml").write_text('[tool.capacity\n', encoding="utf-8")
    res = cli("report")
    assert res.exit_code == 2 and "invalid TOML" in res.stderr and "Traceback" not in res.stderr


def test_a_pyproject_without_the_table_is_passed_over(cli, project):
    (project / "reports" / "pyproject.toml").write_text('[project]\nname = "inner"\n', encoding="utf-8")
    (project / "capacity.toml").write_text('[tool.capacity]\nlang = "zh"\n', encoding="utf-8")
    assert f"configuration: {project / 'capacity.toml'}" in cli("--show-config").stdout


# --------------------------------------------------------------------------------------------- 5. glossary

def test_glossary_in_english_and_chinese(cli):
    res = cli("glossary", "--format", "json")
    words = {t["word"] for t in json.loads(res.stdout)["terms"]}
    assert {"rollup", "basis", "scope", "proxy", "tornado", "headroom", "stance"} <= words
    res = cli("glossary", "headroom")
    assert res.exit_code == 0 and "largest national total" in res.stdout
    res = cli("glossary", "口径", "--lang", "zh", "--format", "json")
    term = json.loads(res.stdout)["terms"]
    assert len(term) == 1 and term[0]["word"] == "口径 (basis)" and "产能" in term[0]["meaning"]
    res = cli("glossary", "nonsense")
    assert res.exit_code == 2 and "not in the glossary" in res.stderr


def test_glossary_fits_80_columns(cli, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    for lang in ("en", "zh"):
        res = cli("glossary", "--lang", lang)
        assert res.exit_code == 0
        assert max(cell_len(line) for line in res.stdout.splitlines()) <= 80


def test_a_pyproject_without_the_table_costs_no_toml_parse(tmp_path):
    """The repository's own pyproject.toml has no [tool.capacity]: a run beside it imports no TOML parser."""
    code = ("import sys\nfrom capacity_cli.main import run\nsys.argv = ['capacity', 'targets', '--format', 'json']\n"
            "try:\n    run()\nfinally:\n    print('TOML:' + str('tomllib' in sys.modules or 'tomli' in sys.modules),"
            " file=sys.stderr)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines()[-1] == "TOML:False"
