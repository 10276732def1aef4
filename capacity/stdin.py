"""``-`` as a file name: standard input, read once, under the same size cap as a data file.

``--targets -``, ``--national -`` and ``capacity extract -`` read their bytes here; the loaders then
apply the same rules as to a file (UTF-8, no NUL, the item cap…) and every error names ``<stdin>`` and
the line. Standard input can be read once: a second reader is refused, and a terminal (nothing piped)
is refused at once rather than waiting for typing.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from capacity.errors import InputError, Location

#: The name standard input has in messages.
NAME = "<stdin>"
DASH = "-"

_STATE: dict[str, Any] = {"read": False}


def is_stdin(path: Any) -> bool:
    """Whether ``path`` names standard input (``-``)."""
    try:
        return os.fspath(path) == DASH
    except TypeError:
        return False


def read_bytes(max_bytes: int) -> bytes:
    """Standard input's bytes (at most ``max_bytes``), or an InputError saying why not."""
    stream = sys.stdin
    if stream is None:
        raise InputError("standard input is closed", location=None, value=DASH, expected="data piped to '-'")
    if _STATE["read"]:
        raise InputError("standard input ('-') is named twice", location=None, value=DASH,
                         expected="'-' for one input only", hint="give the other inputs as files")
    try:
        if stream.isatty():
            raise InputError("standard input is a terminal: nothing is piped to '-'", location=None, value=DASH,
                             expected="data piped in, e.g. cat targets.yaml | capacity report --targets -")
    except (AttributeError, ValueError):
        pass
    _STATE["read"] = True
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            data = buffer.read(max_bytes + 1)
        else:  # a text stream (a test runner's)
            text = stream.read(max_bytes + 1)
            data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    except OSError as exc:
        raise InputError(f"cannot read standard input: {exc.strerror or exc}", location=None, value=DASH) from None
    if len(data) > max_bytes:
        raise InputError(f"'{NAME}' is more than {max_bytes} bytes", location=Location(NAME, 1),
                         expected=f"at most {max_bytes // (1024 * 1024)} MiB")
    return data


def reset() -> None:
    """Forget that standard input was read (a new command in the same process, as in tests)."""
    _STATE["read"] = False


__all__ = ["NAME", "DASH", "is_stdin", "read_bytes", "reset"]
