"""One memo for per-row work that repeats: a result worked out once per object (a unit, a chosen
denominator, a note) and an extra key, found by the object's identity (hashing a record costs more than
the lookup saves), handed out as a fresh copy each time (rows are changed after they are built:
``by_identity``), or shared where the caller only reads it (``once``); or once per plain value it follows
from (a number's text, a bar, a text's width: ``by_value``). Used by the claim kinds, ``capacity.results``,
the views and the table renderer; it imports nothing of the project."""

from __future__ import annotations

from typing import Any, Callable

LIMIT = 4096  # entries per table before it is emptied (a run meets a few dozen objects)


def by_identity(table: dict, obj: Any, extra: Any, compute: Callable[[Any, Any], dict]) -> dict:
    """``dict(compute(obj, extra))``, computed once per (obj, extra) while ``obj`` lives."""
    return dict(once(table, obj, extra, compute))


def once(table: dict, obj: Any, extra: Any, compute: Callable[..., Any], *args: Any, limit: int = LIMIT) -> Any:
    """``compute(obj, extra, *args)``, computed once per (obj, extra) while ``obj`` lives: the one shared
    result (read it, never change it; ``by_identity`` hands out copies). ``args`` are not part of the key:
    the caller vouches that the result follows from ``obj`` and ``extra`` alone (a figure passed along to
    work out what its unit gives)."""
    hit = table.get((id(obj), extra))
    if hit is not None and hit[0] is obj:
        return hit[1]
    out = compute(obj, extra, *args)
    if len(table) > limit:
        table.clear()
    table[(id(obj), extra)] = (obj, out)  # the entry keeps obj alive: its id is not reused while cached
    return out


_MISSING = object()


def by_value(table: dict, key: Any, compute: Callable[..., Any], *args: Any, limit: int = LIMIT) -> Any:
    """``compute(*args)``, computed once per ``key``: a hashable value the result follows from alone (equal
    keys, the same result; the result is shared: read it, never change it)."""
    hit = table.get(key, _MISSING)
    if hit is _MISSING:
        if len(table) > limit:
            table.clear()
        hit = table[key] = compute(*args)
    return hit
