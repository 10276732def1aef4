"""Typed pieces of results: a note is a code with parameters (``Note``), its words made only when a
result is written out, from the message table of a language (``capacity.messages``). Plain data:
imports no renderer, no view and no CLI code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from capacity.memo import once


@dataclass(frozen=True, slots=True)
class Note:
    """Why a result is as it is, as a code (``year_fallback``) and its parameters (year=2025, used=2024)."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Any) -> "Note":
        return cls(code, tuple(params.items()))

    def text(self, lang: str = "en") -> str:
        try:
            return _TEXTS[(self, lang)]  # the same note on every row of a region: its words made once
        except KeyError:
            pass
        except TypeError:  # a parameter that cannot be hashed: made each time
            return _text(self, lang)
        if len(_TEXTS) > 50_000:  # notes worded per row (dates, figures): bounded
            _TEXTS.clear()
        out = _TEXTS[(self, lang)] = _text(self, lang)
        return out


_TEXTS: dict = {}


def _text(note: Note, lang: str) -> str:
    from capacity.messages import message

    return message(note.code, lang, **dict(note.params))


def notes_text(notes: "tuple[Note, ...] | list[Note]", lang: str = "en") -> str:
    """Notes as one line, "; " between them (the JSON's ``fallback`` and ``note`` strings)."""
    return "; ".join(t for t in (n.text(lang) for n in notes) if t)


def note_records(notes: "tuple[Note, ...] | list[Note]") -> list[dict]:
    """Notes as JSON records, ``{"code": …, "params": {…}}``: a renderer words them in any language.
    A fresh list each call; the records in it are made once per note and shared (read, never changed)."""
    return [_record(n) for n in notes]


def _record(n: Note) -> dict:
    # the same note object on many rows (a chosen denominator's notes): worked out once
    return once(_RECORDS, n, None, _record_of, limit=_NOTES_KEPT)


def _record_of(n: Note, _: None) -> dict:
    return {"code": n.code, "params": {k: _plain(v) for k, v in n.params}}


_NOTES_KEPT = 20_000


#: id(note) → (note, its record). By identity, not equality: notes equal with 1 and 1.0 (or True) as a
#: parameter write different JSON.
_RECORDS: dict = {}


def worded(note: Note) -> tuple[str, tuple[dict, ...]]:
    """(``note.text()``, the records of ``note_records([note])``) of one note object, worked out once
    (a kind's own note, the same object on every row of that kind)."""
    return once(_WORDED, note, None, _worded_of, limit=_NOTES_KEPT)


def _worded_of(note: Note, _: None) -> tuple[str, tuple[dict, ...]]:
    return note.text(), tuple(note_records([note]))


_WORDED: dict = {}


def _plain(v: Any) -> Any:
    if isinstance(v, Note):  # a note inside a note (" from 'CNMIA'"): a record too
        return {"code": v.code, "params": {k: _plain(x) for k, x in v.params}}
    return v if v is None or isinstance(v, (str, int, float, bool)) else str(v)


__all__ = ["Note", "notes_text", "note_records", "worded"]
