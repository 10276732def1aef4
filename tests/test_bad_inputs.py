"""Hostile input, through the CLI: every case of tests/bad_inputs/cases.py gives its exit code and its
message (file:line, one line of reason, a hint), never a traceback, and writes nothing.

Also: ``--debug`` shows the traceback of an unexpected error; without it, one line and a hint.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import stat
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
    elif kind == "fifo":  # a named pipe nobody writes to: reading it (or writing it) must not hang
        os.mkfifo(path)
    elif kind == "dev_full":  # the "disk full" device, under another name in the temporary folder
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    elif kind == "readonly":  # a read-only file named as an output: never replaced
        path.write_text("keep me\n", encoding="utf-8")
        path.chmod(0o444)
    elif kind == "symlink_to_targets":  # another name for an input of the run
        path.symlink_to("targets.yaml")
    elif kind == "symlink_to_output":  # another name for a file the run also writes (dangling until then)
        path.symlink_to("targets.yaml.out")
    elif kind == "sparse_20mb":
        with open(path, "wb") as fh:
            fh.truncate(20 * 1024 * 1024)
    elif kind == "many_lines":  # 300,000 lines: over the item cap, refused before parsing
        path.write_text("schema_version: 1\n" + "# x\n" * 300_000, encoding="utf-8")
    elif kind in ("flood_keys", "long_key"):
        text = (FIXTURES / "targets.yaml").read_text(encoding="utf-8")
        extra = ("".join(f"  k{i}: x\n" for i in range(5000)) if kind == "flood_keys"
                 else "  " + "k" * 1000 + ": x\n")  # YAML keys stop at 1024 characters
        path.write_text(text.replace("  target_year: 2024\n", "  target_year: 2024\n" + extra), encoding="utf-8")
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
    for var, value in case["env"].items():
        monkeypatch.setenv(var, _fill(value, file_name))
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
            assert ("error:" in line or line.startswith("  hint: ") or line.endswith("file(s)")
                    or line.startswith("  … and ")), \
                f"unexpected line {line!r}\n{shown}"
        for i, line in enumerate(err.splitlines()):
            if "error:" in line:
                following = err.splitlines()[i + 1:i + 2]
                assert "; expected " in line or (following and following[0].startswith("  hint: ")), \
                    f"no hint for {line!r}\n{shown}"
        if case["located"] and (case["file"] or case["make"] not in (None, "missing")):
            assert error_lines[0].startswith(file_name + ":") or "targets.yaml:" in error_lines[0], \
                f"the first error names the file\n{shown}"
    if case["max_stderr"] is not None:
        assert len(err) <= case["max_stderr"], f"stderr is {len(err)} characters\n{shown[:3000]}"
    assert _snapshot(work) == before, f"the run changed the folder\n{shown}"


def test_corpus_size_and_files() -> None:
    assert len(CASES) >= 180
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


# ------------------------------------------------------------------------------------------ round two (issue 14):
# outputs, streams and non-regular files, through a real process where the CLI runner cannot show it.

import stat as _stat  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402


def _run(args: list[str], cwd: Path, *, stdin=subprocess.DEVNULL, close: str = "", env: dict | None = None,
         preexec=None, timeout: float = 60) -> subprocess.CompletedProcess:
    """`capacity ARGS` in a process; ``close`` names streams to start closed ("stdout", "stderr")."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "NO_COLOR")}
    full_env.update(env or {})
    redirs = {"stdout": " >&-", "stderr": " 2>&-"}
    quoted = " ".join("'" + a.replace("'", "'\\''") + "'" for a in args)
    script = f"'{sys.executable}' -m capacity {quoted}" + "".join(redirs[c] for c in close.split() if c)
    return subprocess.run(["bash", "-c", script], cwd=cwd, stdin=stdin, capture_output=True, text=True,
                          env=full_env, preexec_fn=preexec, timeout=timeout)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for fixture in ("targets.yaml", "national.yaml"):
        shutil.copyfile(FIXTURES / fixture, tmp_path / fixture)
    return tmp_path


DATA = ["--targets", "targets.yaml", "--national-only", "national.yaml"]


@pytest.mark.parametrize("close", ["stderr", "stdout", "stdout stderr"])  # the stdout rule changed in round three
@pytest.mark.parametrize("args,code", [
    (["check", *DATA], 0),                                             # the fixtures pass
    (["check", *DATA, "--national", "polysilicon=500萬噸"], 1),          # 17.4% < 30%: a claim fails
    (["check", *DATA, "--set", "polysilicon=87萬GW"], 2),               # bad input
    (["report", *DATA, "--format", "json"], 0),
    (["convert", "87萬噸", "t"], 0),
    (["convert", "87萬噸", "t", "--format", "json"], 0),
    (["convert", "5 degC", "K"], 2),
])
def test_exit_codes_do_not_depend_on_open_streams(work: Path, args: list[str], code: int, close: str) -> None:
    """A closed stderr loses messages, never the exit code. A closed stdout loses the output: since round
    three (issue 23) that is exit 2, said on stderr when stderr is open (it was exit 0, silently)."""
    result = _run(args, work, close=close)
    lost = "stdout" in close.split() and code != 2  # output was to be written
    assert result.returncode == (2 if lost else code), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if lost and "stderr" not in close.split():
        assert result.stderr.startswith("error: cannot write to stdout: it is closed"), result.stderr


def test_non_utf8_stdout_is_one_line_naming_the_encoding(work: Path) -> None:
    result = _run(["convert", "87萬噸", "萬噸"], work, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("error: cannot write to stdout: its encoding (ascii)")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_validate_fifo_returns_at_once(work: Path) -> None:
    os.mkfifo(work / "pipe.yaml")
    result = _run(["validate", "pipe.yaml"], work, timeout=20)
    assert result.returncode == 2 and "not a regular file (a named pipe)" in result.stderr
    assert _stat.S_ISFIFO(os.lstat(work / "pipe.yaml").st_mode)


def test_html_through_a_symlink_writes_its_target(work: Path) -> None:
    (work / "out").mkdir()
    (work / "out" / "real.html").write_text("old", encoding="utf-8")
    (work / "link.html").symlink_to("out/real.html")
    result = _run(["report", *DATA, "--samples", "0", "--lang", "en", "--html", "link.html"], work)
    assert result.returncode == 0, result.stderr
    assert (work / "link.html").is_symlink()
    assert (work / "out" / "real.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in (work / "out").iterdir()) == ["real.html"]  # no temporary file left


def test_replacing_an_output_keeps_its_mode(work: Path) -> None:
    out = work / "s.yaml"
    out.write_text("name: old\n", encoding="utf-8")
    out.chmod(0o640)
    result = _run(["report", *DATA, "--set", "polysilicon=80萬噸", "--save-scenario", "s.yaml"], work)
    assert result.returncode == 0, result.stderr
    assert _stat.S_IMODE(out.stat().st_mode) == 0o640
    assert "80萬噸" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_html_to_a_device_is_written_not_replaced(work: Path) -> None:
    """`--html /dev/null` replaced /dev/null as root. Tested on a copy of the node in a temporary folder."""
    dev = work / "null"
    os.mknod(dev, 0o666 | _stat.S_IFCHR, os.makedev(1, 3))  # the null device, under another name
    result = _run(["report", *DATA, "--samples", "0", "--html", "null"], work)
    assert result.returncode == 0, result.stderr
    assert _stat.S_ISCHR(os.lstat(dev).st_mode)
    assert sorted(p.name for p in work.iterdir()) == ["national.yaml", "null", "targets.yaml"]


def test_summary_append_is_whole_or_nothing(work: Path) -> None:
    """A file-size limit cuts the step summary's table short: the file keeps its old bytes, the check its
    exit code, and stderr says which file."""
    import resource

    summary = work / "summary.md"
    summary.write_bytes(b"# earlier steps\n" * 64)  # 1,024 bytes
    before = summary.read_bytes()

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 100, len(before) + 100))

    result = _run(["check", *DATA, "--summary"], work, env={"GITHUB_STEP_SUMMARY": str(summary)}, preexec=limit)
    assert result.returncode == 0, result.stderr
    assert summary.read_bytes() == before
    assert f"warning: --summary: cannot write '{summary}': the file would exceed the file-size limit" in result.stderr


def test_an_input_named_as_output_is_left_byte_for_byte(work: Path) -> None:
    before = (work / "targets.yaml").read_bytes()
    result = _run(["report", "--targets", "targets.yaml", "--html", "targets.yaml"], work)
    assert result.returncode == 2 and "is also an input of this run" in result.stderr
    assert (work / "targets.yaml").read_bytes() == before


def test_spreadsheet_cells_escape_text_not_numbers() -> None:
    from capacity.outputs import spreadsheet_text
    from capacity.render import to_csv

    assert spreadsheet_text("=1+1") == "'=1+1"
    assert spreadsheet_text("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_text("-2+3") == "'-2+3"
    assert spreadsheet_text("-5") == "-5" and spreadsheet_text("+1.5e3") == "+1.5e3"
    assert spreadsheet_text("多晶硅") == "多晶硅"
    text = to_csv([{"name": "=HYPERLINK(\"x\")", "margin": -5.0, "note": "-x"}])
    assert text.splitlines()[1] == "\"'=HYPERLINK(\"\"x\"\")\",-5,'-x"


@pytest.mark.parametrize("args", [["\udcff"], ["report", "--year", "\udcff"], ["validate", "t\udcfe.yaml"]])
def test_non_utf8_arguments_are_named_before_click_sees_them(work: Path, args: list[str]) -> None:
    result = _run(args, work)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: the argument '") and "is not UTF-8 (byte 0x" in lines[0], result.stderr
    assert "Usage:" not in result.stderr and "\\udc" not in result.stderr


def test_html_to_a_pipe_with_a_reader_is_written_whole(work: Path) -> None:
    """A named pipe with a reader is written directly (held open from the check to the write: the reader
    never sees an early end of file), and stays a pipe."""
    import threading

    pipe = work / "pipe.html"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = _run(["report", *DATA, "--samples", "0", "--lang", "en", "--html", "pipe.html"], work)
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert got and got[0].startswith(b"<!DOCTYPE html>") and got[0].rstrip().endswith(b"</html>")
    assert _stat.S_ISFIFO(os.lstat(pipe).st_mode)
