"""JSON output through orjson is byte for byte what Python's json writes (the contract's formatting)."""

from __future__ import annotations

import json
import math
import random
import struct

import pytest

from capacity.render import fastjson, to_json

orjson = pytest.importorskip("orjson")


def _python(payload) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode()


def _floats(n: int) -> list[float]:
    rng = random.Random(15)
    out = [1e-05, 1.5e-07, -1e-05, 9.99e-05, 1e-04, 0.0001234, 1e16, 1.5e16, 1e15, 1234567890123456.0,
           12345678901234567.0, 2e22, 5e-324, 1.7976931348623157e308, -0.0, 0.0, 0.1, 1 / 3, 100.0, 0.269266]
    while len(out) < n:
        x = struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0]
        if math.isfinite(x):
            out.append(x)
        out.append(rng.uniform(0, 1) * 10 ** rng.randint(-30, 30))
    return out


def test_numbers_strings_and_nesting_are_byte_identical():
    floats = _floats(20_000)
    payload = {
        "floats": floats, "ints": [0, -1, 2**63 - 1, -(2**63)], "empty": [{}, [], [[]], ""],
        "rows": [{"x": v, "s": '": 1e-7\n', "nested": [v, {"q": v, "k": None, "b": True}]} for v in floats[:3000]],
        "strings": ["包黨發〔2024〕1號", "\u2028\x7f\x01\x1f\"\\", "1e-07", "0.00001", "  1e-7,"],
    }
    assert fastjson.dumps(payload) == _python(payload)


def test_what_orjson_refuses_goes_through_json():
    assert fastjson.dumps({"big": 10**20}) == _python({"big": 10**20})
    assert fastjson.dumps({"x": [1, math.nan, math.inf]}) == b'{\n  "x": [\n    1,\n    null,\n    null\n  ]\n}\n'


def test_tokens_next_to_the_hints_are_left_alone():
    payload = {"1e-07": "2e-05", "a": ["x1e-07", 12345678901234567890, "0.00001,"], "b": 0.00001, "c": [1e-7]}
    assert fastjson.dumps(payload) == _python(payload)


def test_the_reports_are_byte_identical(cli, monkeypatch):
    for args in (["report"], ["check"], ["targets"], ["sources"], ["reconcile"], ["simulate", "--samples", "500"]):
        fast = cli(*args, "--format", "json")
        with monkeypatch.context() as mp:  # not monkeypatch.undo(): that would undo conftest's cache folder too
            mp.setattr(fastjson, "dumps", lambda payload, default=None: fastjson._python(payload, default))
            slow = cli(*args, "--format", "json")
        assert fast.stdout == slow.stdout and fast.stdout.startswith("{"), args
        assert to_json(json.loads(fast.stdout)) == fast.stdout


def _streamed(payload, default=None) -> bytes:
    pieces: list[bytes] = []
    fastjson.dump(payload, pieces.append, default)
    assert len(pieces) > 1 or not isinstance(payload, dict) or not payload or not all(type(k) is str for k in payload)
    return b"".join(pieces)


def test_streamed_output_is_byte_identical(monkeypatch):
    """fastjson.dump writes the same bytes as dumps, a key (and a long list's item) at a time."""
    monkeypatch.setattr(fastjson, "STREAM_ITEMS", 3)
    floats = _floats(2_000)
    payload = {
        "schema": "x", "floats": floats, "empty": [], "emptyd": {}, "short": [1e-7, 2],
        "results": [{"x": v, "s": '": 1e-7\n', "nested": [v, {"q": v, "k": None, "b": True, "i": float("inf")}]}
                    for v in floats[:500]] + [1.5e-07, [], {}, "1e-07", 2**70],
        "last": 1e-05,
    }
    assert _streamed(payload) == fastjson.dumps(payload) == _python(fastjson.finite(payload))
    for other in ([1, 2], {}, {"a": 1}, "x", 1.5e-7, {1: "int key"}):
        assert _streamed(other) == fastjson.dumps(other)


def test_a_streamed_report_is_byte_identical(monkeypatch):
    from capacity.evaluate import Options, evaluate
    from capacity.load import load_dataset
    from capacity.render import to_json_bytes

    from capacity.render import _json_default

    report = evaluate(load_dataset(), Options())
    monkeypatch.setattr(fastjson, "STREAM_ITEMS", 3)  # the results list an item at a time
    assert _streamed(report, _json_default) == to_json_bytes(report)


def test_check_json_on_stdout_is_streamed_and_byte_identical(cli, monkeypatch, tmp_path):
    """`check --format json` writes stdout through fastjson.dump (the report never whole in memory as JSON);
    the bytes are those of `-o FILE` (written whole) and of to_json_bytes."""
    calls = []
    real = fastjson.dump

    def counting(payload, write, default=None):
        calls.append(1)
        return real(payload, write, default)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # computed, not replayed (capacity/replay.py)
    monkeypatch.setattr(fastjson, "STREAM_ITEMS", 3)  # the bundled report's results an item at a time
    monkeypatch.setattr(fastjson, "dump", counting)
    streamed = cli("check", "--format", "json")
    assert streamed.exit_code in (0, 1) and calls == [1]
    out = tmp_path / "report.json"
    whole = cli("check", "--format", "json", "-o", out)
    assert whole.exit_code == streamed.exit_code and calls == [1]
    assert streamed.stdout.encode("utf-8") == out.read_bytes()
    assert json.loads(streamed.stdout)["results"]
