"""Hostile input, round three (issue 23): the cases that need several files, a real process or a
stream, beside the one-file corpus of tests/bad_inputs/cases.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from capacity_cli.main import app

FIXTURES = Path(__file__).resolve().parent / "bad_inputs" / "fixtures"
DATA = ["--targets", "targets.yaml", "--national-only", "national.yaml"]

CRYST = """quantities:
  - id: cryst
    name: 晶硅
    dimension: mass
    figures:
      - year: 2023
        basis: capacity
        value: 100万吨
        source: test source
        preferred: true
sections:"""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for fixture in ("targets.yaml", "national.yaml"):
        shutil.copyfile(FIXTURES / fixture, tmp_path / fixture)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def _region(work: Path, name: str, rid: str, *, edits: tuple[tuple[str, str], ...] = ()) -> str:
    text = (work / "targets.yaml").read_text(encoding="utf-8").replace("id: testville", f"id: {rid}")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    (work / name).write_text(text, encoding="utf-8")
    return name


def _cli(*args: str):
    result = CliRunner().invoke(app, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result


def _share(args: list[str], target: str = "polysilicon", region: str = "testville") -> dict:
    result = _cli("report", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["results"]
    return next(r for r in rows if r["id"] == target and r["kind"] == "share" and r["region"] == region)


# ------------------------------------------------------------------ 4. a region's declared quantities are its own

def test_a_region_with_its_own_quantity_leaves_the_other_regions_alone(work: Path) -> None:
    """otherville declares 'cryst' with a figure of 100万吨 for its own share: testville's share of
    polysilicon stays 87 / 230 = 37.8% whether otherville is loaded or not; each figure names its file."""
    other = _region(work, "other.yaml", "otherville", edits=(("sections:", CRYST), ("national: polysilicon",
                                                                                      "national: cryst")))
    alone = _share(DATA)
    together = _share(["--targets", "targets.yaml", "--targets", other, "--national-only", "national.yaml"])
    assert round(alone["share"], 4) == round(together["share"], 4) == round(87 / 230, 4)
    assert alone["status"] == together["status"] == "pass"
    assert together["national"]["file"] == "national.yaml"
    theirs = _share(["--targets", "targets.yaml", "--targets", other, "--national-only", "national.yaml"],
                    region="otherville")
    assert round(theirs["share"], 4) == 0.87 and theirs["national"]["file"] == other  # 87萬噸 / 100万吨


def test_a_quantity_declared_with_figures_by_two_files_is_refused(work: Path) -> None:
    """Declared alike in both files (tests/test_compare.py) it changes nothing; declared otherwise, the
    second file's figure would change the first region's share."""
    a = _region(work, "a.yaml", "aville", edits=(("sections:", CRYST),))
    b = _region(work, "b.yaml", "bville", edits=(("sections:", CRYST.replace("100万吨", "300万吨")),))
    for args in (["check", "-t", a, "-t", b, "--national-only", "national.yaml"], ["validate", a, b]):
        result = _cli(*args)
        assert result.exit_code == 2
        assert result.stderr.startswith("b.yaml:10:5: error: quantity 'cryst' is declared with figures in "
                                        "a.yaml:10, and again in b.yaml"), result.stderr
        assert sum("error:" in line for line in result.stderr.splitlines()) == 1


def test_a_target_may_not_use_a_quantity_another_file_declares(work: Path) -> None:
    """Alone, a.yaml names a quantity nobody has (an error); with b.yaml declaring it, it must not
    silently borrow b's figure."""
    a = _region(work, "a.yaml", "aville", edits=(("national: polysilicon", "national: cryst"),))
    b = _region(work, "b.yaml", "bville", edits=(("sections:", CRYST), ("national: polysilicon", "national: cryst")))
    result = _cli("check", "-t", a, "-t", b, "--national-only", "national.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("a.yaml:13:5: error: target 'polysilicon' names quantity 'cryst', which only "
                                    "b.yaml declares"), result.stderr


# ------------------------------------------------------------------ 8. parent: checked

@pytest.mark.parametrize("command", [["validate", "a.yaml", "b.yaml"],
                                     ["check", "-t", "a.yaml", "-t", "b.yaml", "--national-only", "national.yaml"],
                                     ["compare", "-t", "a.yaml", "-t", "b.yaml", "--national-only", "national.yaml"]])
def test_two_regions_that_are_each_others_parent_are_refused(work: Path, command: list[str]) -> None:
    _region(work, "a.yaml", "aville", edits=(("  target_year: 2024\n", "  target_year: 2024\n  parent: bville\n"),))
    _region(work, "b.yaml", "bville", edits=(("  target_year: 2024\n", "  target_year: 2024\n  parent: aville\n"),))
    result = _cli(*command)
    assert result.exit_code == 2, result.stdout + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("a.yaml:9:11: error: region 'aville' is inside itself through its parents: "
                            "aville → bville → aville"), result.stderr
    assert sum("error:" in line for line in result.stderr.splitlines()) == 1  # one circle, one error


def test_a_parent_chain_without_a_circle_passes(work: Path) -> None:
    _region(work, "a.yaml", "aville", edits=(("  target_year: 2024\n", "  target_year: 2024\n  parent: bville\n"),))
    _region(work, "b.yaml", "bville")
    assert _cli("validate", "a.yaml", "b.yaml").exit_code == 0


# ------------------------------------------------------------------ 9. order never settles a verdict

def test_two_preferred_figures_in_either_order_are_refused(work: Path) -> None:
    """1,000万吨 makes testville's 87萬噸 an 8.7% share (FAIL against 30%), 230万吨 a 37.8% PASS: which one
    counted depended on their order. Both orders are refused, naming the second figure."""
    base = (work / "national.yaml").read_text(encoding="utf-8")
    big = ("      - year: 2023\n        period: end-2023\n        basis: capacity\n        value: 1000万吨\n"
           "        source: test source\n        preferred: true\n")
    after = base.replace("factors:", big + "factors:")
    before = base.replace("    figures:\n", "    figures:\n" + big)
    for text in (after, before):
        (work / "n2.yaml").write_text(text, encoding="utf-8")
        for args in (["validate", "n2.yaml"], ["check", "-t", "targets.yaml", "--national-only", "n2.yaml"]):
            result = _cli(*args)
            assert result.exit_code == 2, result.stdout
            assert "has two preferred 2023 capacity figures from the same source" in result.stderr


# ------------------------------------------------------------------ 5. check shows an impossible share

def test_step_summary_carries_the_share_over_100_warning(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = work / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = _cli("check", *DATA, "--set", "polysilicon=700萬噸", "--summary")
    assert result.exit_code == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "**check: 0 failed, 1 warning, 1 passed, 0 undecided (exit 0)**" in text
    assert "| ⚠️ | `polysilicon` | share | 304.3% | ≥30% |" in text  # 700 / 230
    assert "- ⚠️ `polysilicon`: 測試市's 多晶硅產能 (700萬噸) is larger than the national total (230万吨, end-2023): " \
           "a share of 304%, which cannot be" in text


def test_check_json_counts_the_warning(work: Path) -> None:
    result = _cli("check", *DATA, "--set", "polysilicon=700萬噸", "--format", "json", "--strict")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    row = next(r for r in doc["results"] if r["id"] == "polysilicon" and r["kind"] == "share")
    assert row["status"] == "warn" and row["ok"] is False and round(row["share"], 4) == round(700 / 230, 4)
    assert doc["summary"]["warn"] == 1 and doc["summary"]["fail"] == 0


# ------------------------------------------------------------------ low: an unreadable --targets

def test_an_unreadable_targets_file_is_one_line_not_a_usage_block(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """click checked os.access(R_OK) itself and printed its Usage: block. The file is made unreadable
    (as root, by refusing its access check and its opening)."""
    (work / "secret.yaml").write_bytes((work / "targets.yaml").read_bytes())
    (work / "secret.yaml").chmod(0)
    if os.geteuid() == 0:
        import capacity.yamlio

        access, opener = os.access, capacity.yamlio._open_nonblocking

        def no_access(path, mode, *a, **k):  # noqa: ANN001, ANN202
            return False if str(path).endswith("secret.yaml") else access(path, mode, *a, **k)

        def no_open(path, flags):  # noqa: ANN001, ANN202
            if str(path).endswith("secret.yaml"):
                raise PermissionError(13, "Permission denied")
            return opener(path, flags)

        monkeypatch.setattr(os, "access", no_access)
        monkeypatch.setattr(capacity.yamlio, "_open_nonblocking", no_open)
    result = _cli("--no-cache", "check", "--targets", "secret.yaml", "--national-only", "national.yaml")
    assert result.exit_code == 2
    assert "Usage:" not in result.stderr
    assert result.stderr.startswith("error: cannot read 'secret.yaml': permission denied"), result.stderr


# ------------------------------------------------------------------ 7. stdout that fails

def _shell(args: list[str], cwd: Path, redirect: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "NO_COLOR")}
    quoted = " ".join("'" + a.replace("'", "'\\''") + "'" for a in args)
    return subprocess.run(["bash", "-c", f"'{sys.executable}' -m capacity {quoted} {redirect}"], cwd=cwd,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60)


COMMANDS = [["check", *DATA], ["check", *DATA, "--format", "junit"], ["report", *DATA, "--format", "json"],
            ["report", *DATA, "--format", "csv"], ["convert", "87萬噸", "t"], ["validate", "targets.yaml"],
            ["--help"], ["check", "--help"], ["--version"]]  # click's own output too: a traceback before


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("args", COMMANDS)
def test_stdout_on_a_full_device_is_one_line_and_exit_2(work: Path, args: list[str]) -> None:
    result = _shell(args, work, "> /dev/full")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: cannot write to stdout: no space left on the device"), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 2  # the error and its hint, nothing from Python's exit flush


@pytest.mark.parametrize("args", COMMANDS)
def test_a_closed_stdout_is_said_and_not_exit_0(work: Path, args: list[str]) -> None:
    result = _shell(args, work, ">&-")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-2] == "error: cannot write to stdout: it is closed; the output is lost"
    assert _shell(args, work, ">&- 2>&-").returncode == 2  # no message possible: the exit code says it
