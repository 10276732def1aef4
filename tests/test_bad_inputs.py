"""Hostile input, through the CLI: every case of tests/bad_inputs/cases.py gives its exit code and its
message (file:line, one line of reason, a hint), never a traceback, and writes nothing.

Also: ``--debug`` shows the traceback of an unexpected error; without it, one line and a hint.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from capacity_cli.main import app

HERE = Path(__file__).resolve().parent / "bad_inputs"
FILES = HERE / "files"
FIXTURES = HERE / "fixtures"
MADE_NAME = "regions.yaml"  # the name of a file the test makes (directory, sparse file, …)


def _load_cases() -> list[dict]:
    spec = importlib.util.spec_from_file_location("bad_input_cases", HERE / "cases.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


CASES = _load_cases()


def _ids(cases: list[dict]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in cases:
        n = seen.get(c["name"], 0)
        seen[c["name"]] = n + 1
        out.append(c["name"] if n == 0 else f"{c['name']}-{n + 1}")
    return out


def _make(kind: str, where: Path) -> None:
    path = where / MADE_NAME
    if kind == "directory":
        path.mkdir()
        (path / "targets.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    elif kind == "sparse_huge":
        with open(path, "wb") as fh:  # 300 MB that take no disk space: refused from its size alone
            fh.truncate(300 * 1024 * 1024)
    elif kind == "deep_nesting":
        path.write_text("a: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    elif kind == "missing":
        pass
    else:  # pragma: no cover - a typo in cases.py
        raise AssertionError(f"unknown make kind {kind!r}")


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every path under root with its type, size, mtime and (for files under 1 MiB) a hash of its bytes."""
    snap: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            digest = ""
            if p.is_file() and st.st_size < 1024 * 1024:
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
            snap[str(p.relative_to(root))] = (p.is_dir(), st.st_size, st.st_mtime_ns, digest)
    return snap


def _fill(text: str, file_name: str) -> str:
    return text.replace("{file}", file_name).replace("{targets}", "targets.yaml").replace(
        "{national}", "national.yaml")


@pytest.mark.parametrize("case", CASES, ids=_ids(CASES))
def test_bad_input(case: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for fixture in ("targets.yaml", "national.yaml"):
        shutil.copyfile(FIXTURES / fixture, work / fixture)
    if case["file"]:
        shutil.copyfile(FILES / case["file"], work / case["file"])
        file_name = case["file"]
    else:
        file_name = MADE_NAME
    if case["make"]:
        _make(case["make"], work)
    monkeypatch.chdir(work)
    before = _snapshot(work)

    args = [_fill(a, file_name) for a in case["args"]]
    result = CliRunner().invoke(app, args, catch_exceptions=True)
    out, err = result.stdout, result.stderr
    shown = f"capacity {' '.join(args)}\n--- exit {result.exit_code}\n--- stdout\n{out}\n--- stderr\n{err}"

    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert result.exit_code == case["exit"], shown
    assert "Traceback" not in out + err, shown
    for phrase in case["expect"]:
        assert _fill(phrase, file_name) in err, f"missing {phrase!r}\n{shown}"
    for phrase in case["stdout"]:
        assert phrase in out, f"missing {phrase!r} on stdout\n{shown}"
    error_lines = [line for line in err.splitlines() if "error:" in line]
    assert len(error_lines) == case["errors"], f"expected {case['errors']} error line(s)\n{shown}"
    if case["exit"] == 2:
        assert out == "", f"an error prints nothing on stdout\n{shown}"
        # one line of reason per error, each with a hint: "; expected …" on the line or "  hint: …" after it
        for line in err.splitlines():
            assert "error:" in line or line.startswith("  hint: ") or line.endswith("file(s)"), \
                f"unexpected line {line!r}\n{shown}"
        for i, line in enumerate(err.splitlines()):
            if "error:" in line:
                following = err.splitlines()[i + 1:i + 2]
                assert "; expected " in line or (following and following[0].startswith("  hint: ")), \
                    f"no hint for {line!r}\n{shown}"
        if case["file"] or case["make"] not in (None, "missing"):
            assert error_lines[0].startswith(file_name + ":") or "targets.yaml:" in error_lines[0], \
                f"the first error names the file\n{shown}"
    assert _snapshot(work) == before, f"the run changed the folder\n{shown}"


def test_corpus_size_and_files() -> None:
    assert len(CASES) >= 50
    used = {c["file"] for c in CASES if c["file"]}
    on_disk = {p.name for p in FILES.iterdir()}
    assert used <= on_disk, used - on_disk
    assert on_disk <= used, f"files no case uses: {sorted(on_disk - used)}"
    assert any(c["exit"] == 0 for c in CASES)  # the BOM and NO cases


def test_fixtures_are_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    result = CliRunner().invoke(app, ["validate", "targets.yaml", "national.yaml"])
    assert result.exit_code == 0, result.stderr
    result = CliRunner().invoke(app, ["check", "--targets", "targets.yaml", "--national-only", "national.yaml"])
    assert result.exit_code == 0, result.stdout + result.stderr


# ------------------------------------------------------------------------------------------ --debug


@pytest.fixture
def broken_evaluate(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected error deep in the library (not an InputError)."""
    import capacity.evaluate

    def boom(*args, **kwargs):
        raise RuntimeError("boom in evaluate")

    monkeypatch.setattr(capacity.evaluate, "evaluate", boom)


def _fixture_args() -> list[str]:
    return ["report", "--targets", str(FIXTURES / "targets.yaml"), "--national-only", str(FIXTURES / "national.yaml")]


def test_unexpected_error_is_one_line_and_a_hint(broken_evaluate) -> None:
    from capacity_cli.common import STATE

    result = CliRunner().invoke(app, _fixture_args())
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "internal error: RuntimeError: boom in evaluate"
    assert lines[1].startswith("  hint: ") and "--debug" in lines[1]
    assert len(lines) == 2 and result.stdout == ""
    assert STATE["debug"] is False


def test_debug_shows_the_traceback(broken_evaluate) -> None:
    from capacity_cli.common import STATE

    try:
        result = CliRunner().invoke(app, ["--debug", *_fixture_args()])
    finally:
        STATE["debug"] = False
    assert result.exit_code == 2  # the same exit code as without --debug: 1 means "a threshold failed"
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: boom in evaluate" in result.stderr
    assert 'in boom' in result.stderr  # the frame where it was raised
    assert result.stderr.rstrip().splitlines()[-2] == "internal error: RuntimeError: boom in evaluate"


def test_debug_does_not_change_input_errors() -> None:
    """An input error is the same one message with or without --debug (plus the traceback with it)."""
    args = ["convert", "87萬GW", "t"]
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 2 and "Traceback" not in plain.stderr
    assert plain.stderr.startswith("error: cannot convert 87萬GW (power) to t (mass)")
