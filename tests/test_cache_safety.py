"""Hostile caches (issue 23, root causes 1 and 2): nothing read from a cache folder runs code, and no entry
is trusted without checking the digest of its content and the key it was written for. Real processes:
the units memo is loaded once per process, and pint's cache is read by a fresh registry."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from capacity import cache, codec
from capacity.load import bundled_path

REPO = Path(__file__).resolve().parent.parent


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("CAPACITY_CACHE", "XDG_CACHE_HOME", "HOME")}
    base.update({"XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home"), "NO_COLOR": "1",
                 "COLUMNS": "120"})
    base.update(env)
    base = {k: v for k, v in base.items() if v is not None}
    return subprocess.run([sys.executable, "-m", "capacity_cli", *args], capture_output=True, text=True,
                          cwd=tmp_path, env=base, timeout=120)


@pytest.fixture
def data(tmp_path):
    t, n = tmp_path / "targets.yaml", tmp_path / "national.yaml"
    shutil.copy(bundled_path("targets.yaml"), t)
    shutil.copy(bundled_path("national.yaml"), n)
    (tmp_path / "home").mkdir()
    return t, n


def _entries(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "xdg" / "capacity").glob("*.json") if p.name != cache.MEMO_FILE)


class _Marker:
    """A pickle that creates a file when it is loaded."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):  # noqa: ANN204
        return (open, (self.path, "w"))


def test_a_pickle_planted_in_pints_cache_never_runs(tmp_path, data):
    import pint

    from capacity.units import DEFINITIONS

    planted = tmp_path / "xdg" / "pint"
    ureg = pint.UnitRegistry(cache_folder=planted)  # the file names pint's cache uses for these definitions
    ureg.load_definitions(str(DEFINITIONS))
    marker = tmp_path / "PWNED"
    pickles = list(planted.glob("*.pickle"))
    assert pickles
    for p in pickles:
        p.write_bytes(pickle.dumps(_Marker(str(marker))))
    for args in (["convert", "87萬噸", "t"], ["--no-cache", "convert", "87萬噸", "t"], ["check"]):
        out = _run(args, tmp_path)
        assert out.returncode in (0, 1), out.stderr
        assert not marker.exists(), args
    assert _run(["convert", "87萬噸", "t"], tmp_path).stdout == "870000 t\n"


def test_a_missing_home_is_never_created(tmp_path):
    home = tmp_path / "nohome"
    out = _run(["convert", "87萬噸", "t"], tmp_path, HOME=str(home), XDG_CACHE_HOME=None)
    assert out.returncode == 0 and out.stdout == "870000 t\n", out.stderr
    assert not home.exists()


def test_no_cache_reads_and_writes_nothing_at_all(tmp_path, data):
    t, n = data
    for args, env in ((["--no-cache", "check", "-t", str(t), "--national-only", str(n)], {}),
                      (["check", "-t", str(t), "--national-only", str(n)], {"CAPACITY_CACHE": "0"}),
                      (["convert", "87萬噸", "t"], {"CAPACITY_CACHE": "off"})):
        out = _run(args, tmp_path, **env)
        assert out.returncode in (0, 1), out.stderr
    assert not (tmp_path / "xdg").exists()


@pytest.mark.parametrize("value", ["disabled", "2", "nope"])
def test_an_unknown_cache_setting_is_an_error(tmp_path, data, value):
    out = _run(["check"], tmp_path, CAPACITY_CACHE=value)
    assert out.returncode == 2 and out.stdout == "", out.stderr
    assert f"CAPACITY_CACHE='{value}' is not a setting of the cache" in out.stderr
    assert "CAPACITY_CACHE=0" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "xdg").exists()
    assert _run(["check"], tmp_path, CAPACITY_CACHE=" ON ").returncode == 1


def test_an_edited_digit_in_a_cached_national_figure_is_detected(tmp_path, data):
    t, n = data
    args = ["check", "-t", str(t), "--national-only", str(n), "--format", "json"]
    fresh = _run(["--no-cache", *args], tmp_path)
    assert fresh.returncode == 1
    assert _run(args, tmp_path).stdout == fresh.stdout
    (entry,) = _entries(tmp_path)
    raw = entry.read_bytes()
    assert raw.count(b"3231000.0,3231000.0") == 1  # 323.1万吨, the 2024 polysilicon capacity
    entry.write_bytes(raw.replace(b"3231000.0,3231000.0", b"231000.0,231000.0"))
    edited = _run(args, tmp_path)
    assert (edited.returncode, edited.stdout) == (fresh.returncode, fresh.stdout)
    assert b"3231000.0,3231000.0" in entry.read_bytes()  # ignored, then rewritten from the files
    assert _run(args, tmp_path).stdout == fresh.stdout


def test_an_entry_copied_to_another_key_is_ignored(tmp_path, data):
    t, n = data
    args = ["check", "-t", str(t), "--national-only", str(n), "--format", "json"]
    _run(args, tmp_path)
    (entry,) = _entries(tmp_path)
    t.write_text(t.read_text(encoding="utf-8").replace("87萬噸", "88萬噸", 1), encoding="utf-8")
    key = cache.dataset_key(cache.sources([str(t)], str(n)))
    shutil.copy(entry, entry.with_name(f"{key}.json"))  # another file's entry under this file's key
    out = _run(args, tmp_path)
    fresh = _run(["--no-cache", *args], tmp_path)
    assert (out.returncode, out.stdout) == (fresh.returncode, fresh.stdout)
    assert '"magnitude": 880000' in out.stdout


def _forge_memo(path: Path) -> int:
    """Multiply every conversion factor in the memo by 100, keeping whatever header the file has."""
    raw = path.read_bytes()
    head, _, body = raw.partition(b"\n")
    if not body:
        head, body = b"", raw
    doc = json.loads(body)
    memo = doc["memo"]
    n = 0
    for k, v in memo.items():
        if isinstance(v, float) and v not in (0.0,):
            memo[k] = v * 100
            n += 1
    path.write_bytes((head + b"\n" if head else b"") + json.dumps(doc, ensure_ascii=False).encode())
    return n


def test_a_forged_units_memo_is_ignored(tmp_path, data):
    t, n = data
    args = ["check", "-t", str(t), "--national-only", str(n), "--format", "json"]
    fresh = _run(["--no-cache", *args], tmp_path)
    conv = ["convert", "5 Mt", "kg"]  # not among the shipped conversions: pint computes it, the memo keeps it
    fresh_conv = _run(["--no-cache", *conv], tmp_path)
    assert fresh_conv.stdout == "5000000000 kg\n"
    _run(args, tmp_path)
    _run(conv, tmp_path)
    memo = tmp_path / "xdg" / "capacity" / cache.MEMO_FILE
    assert _forge_memo(memo) >= 1
    assert _run(conv, tmp_path).stdout == fresh_conv.stdout
    out = _run(args, tmp_path)
    assert (out.returncode, out.stdout) == (fresh.returncode, fresh.stdout)


def test_the_frame_checks_key_and_digest():
    body = b'{"dataset":1}'
    raw = cache.frame("k1", body)
    assert cache.unframe(raw, "k1") == body
    assert cache.unframe(raw, "k2") is None
    assert cache.unframe(raw.replace(b"1}", b"2}"), "k1") is None
    assert cache.unframe(body, "k1") is None and cache.unframe(b"", "k1") is None


def test_utf16_without_a_bom_is_named(tmp_path):
    from capacity.errors import InputError
    from capacity.yamlio import decode

    text = "region:\n  id: baotou\n  name: 包頭市\n"
    for enc in ("utf-16-le", "utf-16-be"):
        with pytest.raises(InputError, match="the file is UTF-16 .without a byte-order mark., not UTF-8"):
            decode(text.encode(enc), "x.yaml")
    with pytest.raises(InputError, match="binary"):
        decode(b"region: a\x00b\n", "x.yaml")


def test_infinite_bounds_survive_the_compact_encoding():
    """orjson writes an infinite float as null: the encoder spells them {"F": "inf"} first."""
    from capacity.load import load_dataset

    ds = load_dataset()
    body = codec.dumps_dataset(ds)
    assert body.count(b'{"F":"inf"}') >= 1  # the bundled data's bounds (>X: high = inf)
    assert codec.loads_dataset(body) == ds
    assert codec.encode(float("-inf")) == {"F": "-inf"} and codec.encode(1.5) == 1.5
