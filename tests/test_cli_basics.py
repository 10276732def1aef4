"""The command line as a new user meets it: help, version, errors, exit codes, start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(code: str, cwd=None):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"], ["check", "--help"], ["--version"]])
def test_help_does_not_import_pint(argv):
    code = ("import sys\nfrom capacity_cli.main import run\nsys.argv = ['capacity'] + %r\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print('IMPORTED:' + ','.join(m for m in ('pint', 'numpy', 'yaml', 'matplotlib') if m in sys.modules), "
            "file=sys.stderr)" % argv)
    out = _run(code)
    assert "IMPORTED:" in out.stderr
    assert out.stderr.strip().splitlines()[-1] == "IMPORTED:", out.stderr


def test_version(cli):
    from capacity import __version__
    r = cli("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"capacity {__version__}"


def test_python_dash_m_from_another_folder(tmp_path):
    out = subprocess.run([sys.executable, "-m", "capacity", "convert", "200萬千瓦時", "MWh"], capture_output=True,
                         text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 0 and out.stdout == "2000 MWh\n"


def test_report_from_another_folder_uses_bundled_data(tmp_path):
    out = subprocess.run([sys.executable, "-m", "capacity", "targets", "--format", "json"], capture_output=True,
                         text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    figures = {t["id"]: t["figure"] for t in data["targets"]}
    assert figures["polysilicon"] == "87萬噸" and len(data["targets"]) > 60


def test_convert_cases(cli):
    assert cli("convert", "200萬千瓦時", "MWh").stdout == "2000 MWh\n"
    assert cli("convert", "87万吨", "t").stdout == "870000 t\n"
    j = json.loads(cli("convert", "2000億元", "元", "--format", "json").stdout)
    assert j == {"input": "2000億元", "magnitude": 2e11, "unit": "元"}
    r = cli("convert", "87萬噸", "GW")
    assert r.exit_code == 2 and "dimensions differ" in r.stderr and "mass" in r.stderr and "power" in r.stderr
    r = cli("convert", "87萬噸", "furlongz")
    assert r.exit_code == 2 and "unknown unit 'furlongz'" in r.stderr


def test_missing_file_is_exit_2_without_traceback(cli, tmp_path):
    r = cli("report", "--targets", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    r = cli("report", "--targets", tmp_path)
    assert r.exit_code == 2 and "is a directory" in r.stderr


def test_usage_errors_exit_2(cli):
    assert cli("report", "--format", "xml").exit_code == 2
    assert cli("report", "--no-such-flag").exit_code == 2
    assert cli("report", "--basis", "imagined").exit_code == 2
    assert cli("targets", "--lang", "fr").exit_code == 2


def test_targets_filters(cli):
    out = json.loads(cli("targets", "--section", "2", "--format", "json").stdout)
    assert out["targets"] and all(t["section"] == "二" for t in out["targets"])
    out = json.loads(cli("targets", "--clause", "5", "--no-projects", "--format", "json").stdout)
    assert {t["id"] for t in out["targets"]} >= {"polysilicon", "monocrystalline_silicon", "industrial_silicon"}
    assert "projects" not in out
    out = json.loads(cli("targets", "--lead", "市科技局", "--format", "json").stdout)
    assert out["targets"] and all(any("市科技局" in x for x in t["lead"]) for t in out["targets"])
    out = json.loads(cli("targets", "--search", "通威", "--format", "json").stdout)
    assert {p["name"] for p in out["projects"]} >= {"通威三期", "通威"}
    en = cli("targets", "--clause", "5", "--lang", "en").stdout
    assert "Polysilicon capacity" in en


def test_sources(cli):
    out = json.loads(cli("sources", "--format", "json").stdout)
    poly = next(q for q in out["quantities"] if q["id"] == "polysilicon")
    assert any(f["value"] == "230万吨" and f["year"] == 2023 and f["basis"] == "capacity" for f in poly["figures"])
    assert {f["id"] for f in out["factors"]} >= {"polysilicon_per_watt", "industrial_silicon_per_polysilicon"}
    assert cli("sources", "polysilicone").exit_code == 2


def test_validate(cli, tmp_path):
    assert cli("validate").exit_code == 0
    from capacity.load import bundled_path
    ok = cli("validate", bundled_path("targets.yaml"), bundled_path("national.yaml"))
    assert ok.exit_code == 0 and "2 file(s) valid" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nregion: {id: x, name: x}\ntargets:\n  - id: a\n    id: b\n", encoding="utf-8")
    r = cli("validate", bad)
    assert r.exit_code == 2 and f"{bad}:5:5" in r.stderr and "duplicate key 'id' (first at line 4)" in r.stderr


def test_no_color_and_piped_output_is_plain(cli, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = cli("report").stdout
    assert "\x1b[" not in out and "polysilicon" in out


def test_no_top_level_cli_package_installed():
    """The cli/ folder is installed as `capacity_cli`: a top-level `cli` would collide with other packages."""
    import importlib.util

    import capacity_cli

    assert importlib.util.find_spec("cli") is None or "capacity" not in str(importlib.util.find_spec("cli").origin)
    assert Path(capacity_cli.__file__).parent.name in ("cli", "capacity_cli")


# -- the process's end (cli/main.py entry: no teardown of every object, exit handlers and streams kept)

def _entry(code: str, argv: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    prog = "import sys\nfrom capacity_cli.main import entry\nsys.argv = ['capacity'] + %r\n" % argv + code + "\nentry()\n"
    return subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "xdg")})


def test_the_entry_point_keeps_the_exit_code_the_output_and_the_exit_handlers(tmp_path):
    code = "import atexit\natexit.register(lambda: print('HANDLER RAN', file=sys.stderr))"
    out = _entry(code, ["check", "--format", "json"], tmp_path)
    assert out.returncode == 1 and out.stderr.rstrip().endswith("HANDLER RAN"), out.stderr
    assert json.loads(out.stdout)["summary"]["fail"] == 6  # the whole document, flushed before the end
    assert _entry(code, ["check", "-t", "/no/such.yaml"], tmp_path).returncode == 2
    assert _entry(code, ["--version"], tmp_path).returncode == 0


def test_the_entry_point_leaves_the_end_to_python_while_another_thread_runs(tmp_path):
    """A thread still running (a library's, a notebook's) is waited for, as Python's own exit does."""
    code = ("import threading, time\n"
            "threading.Thread(target=lambda: (time.sleep(1.5), print('THREAD DONE', file=sys.stderr))).start()")
    out = _entry(code, ["check", "--format", "json"], tmp_path)
    assert out.returncode == 1 and "THREAD DONE" in out.stderr, out.stderr


def test_the_console_script_and_python_m_use_the_entry_point():
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "capacity"]
    assert script.value == "capacity_cli.main:entry"
    for main in (REPO / "capacity" / "__main__.py", REPO / "cli" / "__main__.py"):
        assert main.read_text(encoding="utf-8").rstrip().endswith("entry()"), main
