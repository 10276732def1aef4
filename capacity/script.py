"""One search across scripts: simplified and traditional Chinese match alike.

``fold(text)`` maps every traditional character to its simplified form (OpenCC's TSCharacters table,
first candidate: 電池片 → 电池片, 硅業分會 → 硅业分会), full-width ASCII to ASCII, and lower-cases.
``contains(needle, haystack)`` is ``fold(needle) in fold(haystack)``. Data are never folded in place:
only the comparison is.

The table is a committed character table (capacity/script_table.py, generated once from OpenCC's data
by tools/gen_script_table.py), not the ``opencc`` wheel: a one-to-one character fold is all a substring
search needs, it costs about 1 ms to import (the wheel: ~30 ms to load its dictionaries, and a compiled
dependency), and both sides of a comparison go through the same table, so an ambiguous character
(乾 → 干) still matches itself.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    from capacity.script_table import SOURCE, TARGET

    return str.maketrans(SOURCE, TARGET)


def fold(text: str) -> str:
    """Simplified, half-width, lower-case form of ``text``, for comparison only."""
    return text.translate(_table()).casefold()


def contains(needle: str, haystack: str) -> bool:
    """True when ``needle`` occurs in ``haystack`` in either script (and either case)."""
    return fold(needle) in fold(haystack)


def equals(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def simplify(text: str) -> str:
    """Traditional to simplified and full-width to half-width, one character for one: positions in the
    result are positions in ``text`` (no case folding)."""
    return text.translate(_table())
