"""Loading on more than one core (capacity/workers.py): the same records, the same errors in the same
order, whatever each process read; a worker that fails or dies costs time, never a result; the cache
entry holds the workers' own bytes, and reads back as the data one process loads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from capacity import cache, codec, workers
from capacity.errors import InputError
from capacity.load import load_dataset, read_targets
from capacity.model import TargetFile

REPO = Path(__file__).resolve().parent.parent
REGIONS = sorted(str(p) for p in (REPO / "examples" / "regions").glob("*.yaml"))
forks = pytest.mark.skipif(sys.platform != "linux", reason="workers fork on Linux only")


def _decode(raw: bytes) -> TargetFile:
    return codec.loads(raw, TargetFile)


def test_the_examples_are_many_files():
    assert len(REGIONS) >= 8  # the tests below need more files than processes


@forks
def test_workers_read_what_one_process_reads(monkeypatch):
    monkeypatch.setenv(workers.ENV, "1")
    alone = load_dataset(REGIONS)
    monkeypatch.setenv(workers.ENV, "3")
    assert workers.plan(REGIONS) == (3, list(range(len(REGIONS))))
    seen = []

    def read(path):  # a worker's list is its own copy: ``seen`` keeps what the caller read
        seen.append(path)
        time.sleep(0.02)  # the worker has time to start and take files, however fast this machine
        return read_targets(path)

    got = workers.read_all(read, REGIONS, encode=codec.dumps, decode=_decode, catch=InputError)
    assert got == list(alone.regions)
    assert 0 < len(seen) < len(REGIONS)  # the caller read some, the workers the others
    assert load_dataset(REGIONS) == alone


@forks
def test_the_entry_holds_what_workers_handed_back_and_reads_back_as_one_process_loads(monkeypatch):
    monkeypatch.setenv(workers.ENV, "2")
    parent = os.getpid()

    def slow_here(path, *args):  # the worker has time to start and take files
        if os.getpid() == parent:
            time.sleep(0.02)
        return read_targets(path, *args)

    monkeypatch.setattr("capacity.load.read_targets", slow_here)
    encoded = {}
    ds = load_dataset(REGIONS, encoded=encoded)
    # every file's line is ready when the workers are done: theirs as they handed them back, the command's
    # own encoded while they ran (a cold run's entry then encodes nothing more)
    assert sorted(encoded) == sorted(id(tf) for tf in ds.regions)
    for tf in ds.regions:
        assert codec.loads(encoded[id(tf)], TargetFile) == tf
    lines = codec.dumps_dataset(ds, encoded).split(b"\n")
    assert len(lines) == 1 + len(REGIONS)
    assert set(encoded.values()) <= set(lines[1:])  # written as they came
    monkeypatch.setenv(workers.ENV, "1")
    alone = load_dataset(REGIONS)
    back = codec.loads_dataset(b"\n".join(lines))
    assert back == alone == ds
    units = [t.figure.unit for tf in back.regions for t in tf.targets if t.figure]
    assert len({id(u) for u in units}) == len(set(units))  # equal units of different lines: one object


@forks
def test_an_error_is_raised_as_one_process_raises_it(monkeypatch, tmp_path, cli):
    files = []
    for i, src in enumerate(REGIONS[:6]):
        dst = tmp_path / Path(src).name
        text = Path(src).read_text(encoding="utf-8")
        if i in (2, 4):  # two broken files: both errors, in the order of the command line
            text = text.replace("targets:", "targets: 3\ntargetz:", 1)
        dst.write_text(text, encoding="utf-8")
        files.append(str(dst))
    args = ["--no-cache", "check"] + [a for f in files for a in ("-t", f)]
    monkeypatch.setenv(workers.ENV, "1")
    alone = cli(*args)
    monkeypatch.setenv(workers.ENV, "4")
    shared = cli(*args)
    assert alone.exit_code == shared.exit_code == 2
    assert shared.stderr == alone.stderr
    assert Path(files[2]).name in alone.stderr and Path(files[4]).name in alone.stderr
    assert alone.stderr.index(Path(files[2]).name) < alone.stderr.index(Path(files[4]).name)


@forks
def test_a_worker_that_dies_or_answers_badly_costs_a_rereading(monkeypatch):
    monkeypatch.setenv(workers.ENV, "2")
    parent = os.getpid()
    dies, garbled = REGIONS[1], REGIONS[2]

    def read(path):
        if os.getpid() != parent and path == dies:
            os._exit(7)  # the worker is gone, with the files it had taken
        return read_targets(path)

    def encode(tf):
        return b"{not json" if tf.path == garbled else codec.dumps(tf)

    got = workers.read_all(read, REGIONS, encode=encode, decode=_decode, catch=InputError)
    monkeypatch.setenv(workers.ENV, "1")
    assert got == [read_targets(p) for p in REGIONS]


@forks
def test_other_exceptions_propagate_and_leave_no_worker(monkeypatch):
    monkeypatch.setenv(workers.ENV, "2")

    def read(path):
        raise RuntimeError(path)

    with pytest.raises(RuntimeError):
        workers.read_all(read, REGIONS, encode=codec.dumps, decode=_decode, catch=InputError)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every worker was waited for


def test_when_workers_are_not_used(monkeypatch, tmp_path):
    small = REGIONS[:3]
    monkeypatch.delenv(workers.ENV, raising=False)
    assert workers.plan(small) == (1, [])  # auto: a few kilobytes are read faster by one process
    monkeypatch.setenv(workers.ENV, "2")
    assert workers.plan(small[:1]) == (1, [])  # one file
    assert workers.plan(["-", small[0]]) == (1, [])  # standard input is the caller's own: one file left
    assert workers.plan(["-", *small])[1] == [1, 2, 3]
    for off in ("1", "0"):
        monkeypatch.setenv(workers.ENV, off)
        assert workers.plan(small) == (1, [])
    monkeypatch.setenv(workers.ENV, "2")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # another thread (a notebook's kernel): forking would copy it half-way, so one process
        assert workers.plan(small) == (1, [])
    finally:
        stop.set()
        other.join()


def test_a_bad_setting_is_an_input_error(monkeypatch, cli):
    for bad in ("two", "-1", "65", "1.5", "２"):
        monkeypatch.setenv(workers.ENV, bad)
        with pytest.raises(InputError) as exc:
            workers.setting()
        assert workers.ENV in str(exc.value)
    monkeypatch.setenv(workers.ENV, "many")
    for args in (["check", "-t", REGIONS[0], "-t", REGIONS[1]], ["check"], ["check"], ["convert", "5Mt", "t"]):
        result = cli(*args)  # the second bundled check would be a cache hit: refused all the same
        assert result.exit_code == 2, args
        assert "CAPACITY_WORKERS='many' is not a number of processes" in result.stderr
        assert "Traceback" not in result.stderr
    for good, n in (("", None), (" auto ", None), ("AUTO", None), ("1", 1), ("0", 1), ("8", 8)):
        monkeypatch.setenv(workers.ENV, good)
        assert workers.setting() == n


@forks
def test_a_cold_run_with_workers_through_a_real_process(tmp_path):
    """A real process: the entry is complete when the command ends (the next run is a hit), and the
    output is printed once (no worker writes to stdout), byte for byte that of a run without the cache."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1", "COLUMNS": "120",
           workers.ENV: "2"}
    args = [sys.executable, "-m", "capacity_cli", "check", "--format", "json"] + [a for f in REGIONS for a in ("-t", f)]
    off = subprocess.run(args[:3] + ["--no-cache"] + args[3:], capture_output=True, env=env, cwd=tmp_path)
    cold = subprocess.run(args, capture_output=True, env=env, cwd=tmp_path)
    entries = [p for p in (tmp_path / "xdg" / "capacity").glob("*.json")
               if p.name != cache.MEMO_FILE and not p.name.startswith("replay-")]
    assert len(entries) == 1 and not list((tmp_path / "xdg" / "capacity").glob(".*.tmp"))
    key = entries[0].stem
    ds = codec.loads_dataset(cache.unframe(entries[0].read_bytes(), key))
    assert [tf.region.id for tf in ds.regions] == [read_targets(p).region.id for p in REGIONS]
    warm = subprocess.run(args, capture_output=True, env=env, cwd=tmp_path)
    assert off.returncode == cold.returncode == warm.returncode == 1
    assert off.stdout == cold.stdout == warm.stdout
    assert json.loads(cold.stdout)
    assert cold.stderr == off.stderr == warm.stderr


@forks
def test_many_regions_through_the_cli_are_the_same_with_and_without_workers(monkeypatch, cli, tmp_path):
    copies = []
    for i in range(3):  # 3 x 11 files: other region ids, the same figures
        for src in REGIONS:
            text = Path(src).read_text(encoding="utf-8")
            dst = tmp_path / f"{i}-{Path(src).name}"
            rid = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("id:"))
            dst.write_text(text.replace(f"id: {rid}", f"id: {rid}_v{i}", 1), encoding="utf-8")
            copies.append(str(dst))
    args = ["--no-cache", "compare", "--format", "json"] + [a for f in copies for a in ("-t", f)]
    monkeypatch.setenv(workers.ENV, "1")
    alone = cli(*args)
    monkeypatch.setenv(workers.ENV, "2")
    shared = cli(*args)
    assert alone.exit_code in (0, 1), alone.stderr
    assert (shared.exit_code, shared.stdout, shared.stderr) == (alone.exit_code, alone.stdout, alone.stderr)
    assert len(json.loads(alone.stdout)["regions"]) == len(copies)


@forks
def test_a_worker_keeps_ctrl_c_as_the_command_has_it(monkeypatch):
    """Ctrl-C ends a worker at once, unless the command runs with SIGINT ignored (a background job of a
    script, nohup): then its workers ignore it too, as one process would."""
    import signal

    monkeypatch.setenv(workers.ENV, "2")
    parent = os.getpid()

    def read(path):
        if os.getpid() == parent:
            time.sleep(0.05)  # leaves the worker time to take files
            return "caller"
        return repr(signal.getsignal(signal.SIGINT))

    def run():
        got = workers.read_all(read, REGIONS, encode=str.encode, decode=bytes.decode)
        return {x for x in got if x != "caller"}

    assert run() == {repr(signal.SIG_DFL)}
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert run() == {repr(signal.SIG_IGN)}
    finally:
        signal.signal(signal.SIGINT, previous)
