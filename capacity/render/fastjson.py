"""Indented JSON as bytes, fast: orjson when it is installed (the ``fast`` extra), else Python's json.

The output is byte-identical to ``json.dumps(payload, ensure_ascii=False, indent=2) + "\\n"`` (the
contract's formatting): orjson writes the same structure, strings and shortest round-trip numbers, and
differs only in how it spells some floats (``1.5e-7`` and ``0.00001`` where Python writes ``1.5e-07``
and ``1e-05``); those few tokens are rewritten with Python's ``repr``. Python's json builds indented
output with its pure-Python encoder (its C encoder has no indent): 100,000 targets' report took ~4 s
and most of the peak memory; orjson takes a tenth of a second. Anything orjson refuses (an integer
beyond 64 bits, a lone surrogate) goes through Python's json, which gives the same result or error as
before. A NaN or infinite number is null either way (the contract's open end; orjson writes null, and
the json path retries with them replaced).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Callable, Optional

# Where orjson spells a float otherwise than Python: a one-digit negative exponent (1e-7, Python 1e-07), or
# 1e-05 <= x < 1e-04 written out (0.00001). Positive exponents and every other float are spelt alike.
# Found with bytes.find (a regex over 100 MB took seconds, even with literal alternatives).
_HINTS = (b"e-", b"0.0000")
_TOKEN = frozenset(b"0123456789.-+e")
_DIGITS = frozenset(b"0123456789")
_LINE_HEAD = re.compile(rb' *(?:"(?:[^"\\\n]|\\.)*": )?')  # indentation, then a key (strings hold no raw newline)


def _python(payload: Any, default: Optional[Callable]) -> bytes:
    try:
        text = json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False, default=default)
    except ValueError:  # a non-finite number: null, the contract's open end (as orjson writes it)
        text = json.dumps(finite(payload), ensure_ascii=False, indent=2, allow_nan=False, default=default)
    return (text + "\n").encode("utf-8")


def dumps(payload: Any, default: Optional[Callable] = None) -> bytes:
    """``payload`` as indented JSON (UTF-8, a newline at the end), as Python's json writes it."""
    try:
        import orjson
    except ImportError:
        return _python(payload, default)
    try:
        out = orjson.dumps(payload, default=default, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
                           | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
                           | orjson.OPT_PASSTHROUGH_SUBCLASS)
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return _python(payload, default)
    return python_floats(out)


#: A list longer than this, directly under the top-level mapping (a report's "results"), is written a
#: chunk of items at a time.
STREAM_ITEMS = 256
#: Items per chunk: one orjson call (and one scan for the floats it spells otherwise) per ~0.5 MB.
CHUNK_ITEMS = 400

_OPTIONS = 0  # orjson's options, set on first use (orjson is imported only when JSON is written)


def dump(payload: Any, write: Callable[[bytes], Any], default: Optional[Callable] = None) -> None:
    """Write ``dumps(payload, default)`` through ``write`` in pieces: the top-level mapping a key at a time
    and its long lists a chunk of items at a time, so the whole document never exists as one bytes object
    (a 100,000-target report is ~150 MB of JSON). The bytes written are exactly ``dumps``'s: Python's
    indented JSON composes (a value at depth d is its own indented text with 2·d spaces after every
    newline; JSON strings hold no raw newline), and each piece goes through orjson, or Python's json
    for what orjson refuses, with the same float spelling fixed."""
    if type(payload) is not dict or not payload or not all(type(k) is str for k in payload):
        write(dumps(payload, default))
        return
    write(b"{\n")
    last = len(payload) - 1
    for i, (key, value) in enumerate(payload.items()):
        head = b"  " + _piece(key, default) + b": "
        tail = b",\n" if i < last else b"\n"
        if type(value) is list and len(value) > STREAM_ITEMS:
            write(head + b"[\n")
            size = len(value)
            for j in range(0, size, CHUNK_ITEMS):
                write(_items(value[j:j + CHUNK_ITEMS], default, b",\n" if j + CHUNK_ITEMS < size else b"\n"))
            write(b"  ]" + tail)
        else:
            write(head + _piece(value, default).replace(b"\n", b"\n  ") + tail)
    write(b"}\n")


#: ``{"": [items]}`` as orjson indents it: the items sit at depth 2 (four spaces), where a top-level
#: list's items go, between this head and tail.
_WRAP_HEAD, _WRAP_TAIL = b'{\n  "": [\n', b"\n  ]\n}"


def _items(items: list, default: Optional[Callable], end: bytes = b"") -> bytes:
    """Non-empty ``items`` as the items of a list at depth 1 (each at four spaces, ",\n" between them,
    no newline after the last), then ``end``: one orjson call for them all, inside a wrapper that puts
    them at that depth, so no piece is re-indented (and the piece is copied out of orjson's output
    once, with its end); item by item (``_piece``) when orjson refuses one."""
    try:
        import orjson
    except ImportError:
        orjson = None
    if orjson is not None:
        global _OPTIONS
        if not _OPTIONS:
            _OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
                        | orjson.OPT_PASSTHROUGH_SUBCLASS)
        try:
            out = orjson.dumps({"": items}, default=default, option=_OPTIONS)
        except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError: item by item below
            pass
        else:
            return b"".join((memoryview(python_floats(out))[len(_WRAP_HEAD):-len(_WRAP_TAIL)], end))
    return b",\n".join(b"    " + _piece(item, default).replace(b"\n", b"\n    ") for item in items) + end


def _piece(value: Any, default: Optional[Callable]) -> bytes:
    """One value as indented JSON at depth 0, without the final newline."""
    return dumps(value, default)[:-1]


def finite(o: Any) -> Any:
    """``o`` with every infinite or undefined float replaced by None (JSON's null)."""
    if isinstance(o, float):
        return o if math.isfinite(o) else None
    if isinstance(o, dict):
        return {k: finite(v) for k, v in o.items()}
    if isinstance(o, (list, tuple, set)):
        return [finite(v) for v in o]
    return o


def python_floats(out: bytes) -> bytes:
    """Rewrite the float tokens orjson spells otherwise than Python (``1.5e-7`` → ``1.5e-07``)."""
    pieces: list[bytes] = []
    last = 0
    size = len(out)
    for at, hint in _hints(out):
        if at < last:
            continue
        if hint == b"e-" and (at == 0 or out[at - 1] not in _DIGITS):
            continue  # a JSON number has a digit before its exponent: words (re-use) go by at once
        start, end = at, at + len(hint)
        while start > 0 and out[start - 1] in _TOKEN:
            start -= 1
        while end < size and out[end] in _TOKEN:
            end += 1
        if not (out.startswith(b"\n", end) or out.startswith(b",\n", end)):
            continue  # not a whole value on its line
        head = _LINE_HEAD.match(out, out.rfind(b"\n", 0, start) + 1)
        if head is None or head.end() != start:
            continue  # inside a string
        token = out[start:end]
        if b"." not in token and b"e" not in token:
            continue  # an integer
        try:
            fixed = repr(float(token)).encode()
        except ValueError:
            continue
        if fixed != token:
            pieces += [out[last:start], fixed]
            last = end
    if not pieces:
        return out
    pieces.append(out[last:])
    return b"".join(pieces)


def _hints(out: bytes) -> list[tuple[int, bytes]]:
    """(position, hint) of every hint in ``out``, in order."""
    found = []
    for hint in _HINTS:
        at = out.find(hint)
        while at >= 0:
            found.append((at, hint))
            at = out.find(hint, at + 1)
    return sorted(found)
