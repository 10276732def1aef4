"""Replayed outputs (capacity/replay.py, cli/common.py `replayed`): the same command on the same files prints
the same bytes, stderr and exit code without loading or evaluating; anything that could change the output
changes the key; nothing incomplete, failed or unasked-for is ever stored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from capacity import cache, replay

REPO = Path(__file__).resolve().parent.parent


from test_cache import data, home  # noqa: F401,E402 - the cache tests' fixtures: a fresh folder, a data copy


def _replays(home: Path) -> list[Path]:
    return sorted(home.glob(f"{replay.PREFIX}*.json")) if home.exists() else []


def _same(a, b) -> None:
    assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr)


def test_third_run_stores_fourth_replays_the_same_bytes(cli, home, data):
    t, n = data
    args = ["check", "--format", "json", "-t", t, "--national-only", n]
    off = cli("--no-cache", *args)
    assert off.exit_code == 1 and off.stdout.startswith("{")
    first = cli(*args)  # loads the YAML, stores the dataset: no replay entry (a first run never pays for one)
    assert _replays(home) == []
    second = cli(*args)  # the dataset from the cache: this run is recorded
    assert cache.STATE["last"] == "hit" and len(_replays(home)) == 1
    cache.STATE["last"] = None
    third = cli(*args)  # replayed: nothing loaded
    assert cache.STATE["last"] is None
    for run in (first, second, third):
        _same(run, off)
    assert "check:" in third.stderr and "failed" in third.stderr


@pytest.mark.parametrize("change", [
    ["--strict"], ["--lang", "zh"], ["--only", "polysilicon"], ["--warn-within", "5"], ["--tolerance", "1"],
    ["--year", "2023"], ["--national", "polysilicon=300萬噸"], ["--goals-only"], ["--units", "si"],
    ["--denominator", "issued"],
])
def test_every_option_is_part_of_the_key(cli, home, data, change):
    t, n = data
    args = ["check", "--format", "json", "-t", t, "--national-only", n]
    for _ in range(3):
        cli(*args)
    assert len(_replays(home)) == 1
    cache.STATE["last"] = None
    changed = cli(*args, *change)
    assert cache.STATE["last"] == "hit"  # computed from the cached dataset, not replayed
    _same(changed, cli("--no-cache", *args, *change))


def test_one_byte_of_a_data_file_changes_the_output(cli, home, data):
    t, n = data
    args = ["check", "--format", "json", "-t", t, "--national-only", n, "--only", "polysilicon"]
    for _ in range(3):
        before = cli(*args)
    assert '"local": "87萬噸"' in before.stdout or "87萬噸" in before.stdout
    t.write_text(t.read_text(encoding="utf-8").replace("87萬噸", "97萬噸", 1), encoding="utf-8")
    after = cli(*args)
    assert "97萬噸" in after.stdout and "87萬噸" not in after.stdout
    _same(after, cli("--no-cache", *args))


def test_a_scenario_file_is_an_input(cli, home, data, tmp_path):
    t, n = data
    sc = tmp_path / "what-if.yaml"
    sc.write_text("national:\n  polysilicon: 300萬噸\n", encoding="utf-8")
    args = ["check", "--format", "json", "-t", t, "--national-only", n, "--scenario", sc]
    for _ in range(3):
        cli(*args)
    sc.write_text("national:\n  polysilicon: 100萬噸\n", encoding="utf-8")
    _same(cli(*args), cli("--no-cache", *args))


def test_a_corrupt_entry_is_ignored(cli, home, data):
    t, n = data
    args = ["check", "--format", "junit", "-t", t, "--national-only", n]
    off = cli("--no-cache", *args)
    for _ in range(3):
        cli(*args)
    (entry,) = _replays(home)
    raw = bytearray(entry.read_bytes())
    raw[-20] ^= 0xFF
    entry.write_bytes(bytes(raw))
    _same(cli(*args), off)


def test_off_and_failed_runs_store_nothing(cli, home, data, monkeypatch):
    t, n = data
    args = ["check", "--format", "json", "-t", t, "--national-only", n]
    for _ in range(3):
        cli("--no-cache", *args)
    bad = ["check", "--format", "json", "-t", t, "--national-only", n, "--only", "no_such_id"]
    for _ in range(3):
        assert cli(*bad).exit_code == 2
    assert _replays(home) == []
    monkeypatch.setenv("CAPACITY_CACHE", "0")
    for _ in range(3):
        cli(*args)
    assert _replays(home) == []


def test_files_are_never_replayed(cli, home, data, tmp_path):
    """-o FILE writes a file: a replay would skip writing it."""
    t, n = data
    for _ in range(3):
        cli("check", "--format", "json", "-t", t, "--national-only", n, "-o", tmp_path / "out.json")
        cli("check", "--format", "csv", "-t", t, "--national-only", n, "-o", tmp_path / "out.csv")
    assert _replays(home) == []


@pytest.mark.parametrize("env", [{"COLUMNS": "80"}, {"COLUMNS": "200"}, {"FORCE_COLOR": "1"},
                                 {"LANG": "zh_CN.UTF-8"}])
def test_a_piped_table_is_replayed_and_its_width_and_colour_are_in_the_key(cli, home, data, monkeypatch, env):
    t, n = data
    args = ["check", "-t", t, "--national-only", n]
    monkeypatch.setenv("COLUMNS", "120")
    off = cli("--no-cache", *args)
    runs = [cli(*args) for _ in range(3)]
    assert len(_replays(home)) == 1
    for run in runs:
        _same(run, off)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    changed_off = cli("--no-cache", *args)
    assert changed_off.stdout != off.stdout  # the setting matters to the table…
    _same(cli(*args), changed_off)  # …and is not answered from the stored one


def test_compare_is_replayed(cli, home, data):
    t, n = data
    args = ["compare", "--format", "json", "-t", t, "-t", REPO / "examples" / "regions" / "zhundong.yaml",
            "--national-only", n]
    off = cli("--no-cache", *args)
    runs = [cli(*args) for _ in range(3)]
    assert len(_replays(home)) == 1
    for run in runs:
        _same(run, off)


def _proc(args: list[str], env: dict, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "capacity", *args], cwd=REPO, env={**os.environ, **env}, **kw)


def test_stderr_keeps_its_place_among_stdout_and_a_replay_imports_no_evaluation(tmp_path):
    """2>&1 into one file reads the same replayed; the replaying process imports no evaluation, model or
    rendering module (in a fresh process)."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1"}
    args = ["check", "--format", "github", "--year", "2019"]  # years with no figure: notes on stderr first
    runs = [_proc(args, env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(4)]
    assert {r.returncode for r in runs} == {1}
    assert len({r.stdout for r in runs}) == 1 and b"note:" in runs[0].stdout
    assert runs[0].stdout.index(b"note:") < runs[0].stdout.index(b"::error")
    code = ("import sys, runpy\nsys.argv = ['capacity'] + %r\ntry:\n    runpy.run_module('capacity', run_name='__main__')\n"
            "finally:\n    print('IMPORTED:' + ','.join(sorted(m for m in sys.modules if m.startswith('capacity'))), "
            "file=sys.stderr)" % args)
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env={**os.environ, **env}, capture_output=True)
    imported = proc.stderr.decode().strip().splitlines()[-1].removeprefix("IMPORTED:").split(",")
    assert proc.returncode == 1 and proc.stdout
    assert not {"capacity.evaluate", "capacity.model", "capacity.load", "capacity.render", "capacity.views"} \
        & set(imported), imported


def test_a_source_rewritten_in_place_changes_the_digest(tmp_path):
    """The key of the code follows every write to a source file, even one that keeps its size and sets its
    modification time back (the change time cannot be set back)."""
    (tmp_path / "sub").mkdir()
    f = tmp_path / "sub" / "views.py"
    f.write_text("A = 1\n")
    (tmp_path / "sub" / "__pycache__").mkdir()
    before = cache.tree_digest(tmp_path)
    st = os.stat(f)
    import time

    time.sleep(0.01)
    f.write_text("A = 2\n")  # same size
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # the same modification time
    rewritten = cache.tree_digest(tmp_path)
    assert rewritten != before
    (tmp_path / "sub" / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"x")  # bytecode: not source
    (tmp_path / "notes.md").write_text("x")
    assert cache.tree_digest(tmp_path) == rewritten


def test_the_command_line_and_the_renderers_are_in_the_key():
    digest = replay.renderers()
    assert [p.split(":")[0] for p in digest.split("|")] == ["capacity_cli", "rich", "orjson"]
    assert "capacity_cli:none" not in digest and "rich:none" not in digest


def test_a_deleted_working_folder_is_no_key(tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert replay.key("check", {}, [str(REPO / "data" / "targets.yaml")]) is None


@pytest.mark.parametrize("size", [0, 1000, 5 * replay.CHUNK + 123])
def test_the_recorder_stores_every_byte_in_order(home, size):
    """Past a megabyte the output is compressed by a second thread; either way the stored stream is the
    bytes written, in order, with each stderr line at its offset."""
    import random

    rng = random.Random(size)
    data = bytes(rng.getrandbits(8) for _ in range(min(size, 4096))) * (size // 4096 + 1)
    data = data[:size]
    rec = replay.Recorder("k" * 64)
    pos = 0
    while pos < len(data):
        step = rng.randint(1, 300_000)
        rec.out(data[pos:pos + step])
        pos += step
        if rng.random() < 0.1:
            rec.err(f"line at {rec.size}")
    assert rec.save(1)
    entry = replay.read("k" * 64)
    assert entry.code == 1 and b"".join(entry.chunks()) == data
    assert all(line == f"line at {offset}" for offset, line in entry.stderr)
