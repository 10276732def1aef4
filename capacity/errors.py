"""Errors the library raises. The CLI maps InputError to exit 2 and prints ``format()``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    file: str
    line: int  # 1-based
    column: int = 0  # 1-based; 0 when unknown

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"


#: No part of an error message is longer than this: a value echoed whole (a 120,000-digit number, a
#: 100,000-character key) is cut in the middle, whatever message it came in.
MAX_MESSAGE = 400


def _cap(text: str) -> str:
    text = str(text)
    if len(text) <= MAX_MESSAGE:
        return text
    keep = MAX_MESSAGE // 2 - 10
    return f"{text[:keep]} … {text[-keep:]}"


class CapacityError(Exception):
    """Base class of everything the library raises on purpose."""


class InputError(CapacityError):
    """Bad input: a file, a figure, an override. Carries where, what, and what was expected."""

    def __init__(self, message: str, *, location: Location | None = None, value: str | None = None,
                 expected: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.value = value
        self.expected = expected
        self.hint = hint

    def at(self, location: Location | None, *, prefix: str = "") -> "InputError":
        """The same error at a location (keeps an existing one), with an optional prefix."""
        cls = InputError if type(self) is QuantityError else type(self)
        message = self.message
        if prefix:  # a message (capacity.messages.Msg) on either side stays one, worded in the run's language
            if hasattr(prefix, "code") or hasattr(message, "code"):
                from capacity.messages import Msg

                message = Msg("concat", items=[prefix, message])
            else:
                message = prefix + message
        return cls(message, location=self.location or location, value=self.value,
                   expected=self.expected, hint=self.hint)

    def format(self, lang: str | None = None) -> str:
        """The error in one line (and its hint), in ``lang`` (default: the run's language): a message,
        an expectation or a hint built as a ``capacity.messages.Msg`` is worded in it."""
        from capacity.messages import OUTPUT, message, word

        lang = lang or OUTPUT["lang"]
        where = f"{self.location}: " if self.location else ""
        text = message("err.error", lang, where=where, text=_cap(word(self.message, lang)))
        if self.expected:
            text += message("err.expected", lang, text=_cap(word(self.expected, lang)))
        if self.hint:
            text += message("err.hint", lang, text=_cap(word(self.hint, lang)))
        return text

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "message": self.message,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "value": self.value,
            "expected": self.expected,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        return self.format()


class QuantityError(InputError):
    """A figure or unit that does not parse, or a dimension that does not fit."""


#: Error lists show this many errors, then "… and N more": 500,000 unknown keys are one mistake repeated.
MAX_SHOWN = 20
#: Error lists keep at most this many errors (the rest are counted only).
MAX_KEPT = 200


class InputErrors(InputError):
    """Several input errors at once (``validate`` lists them all, up to MAX_SHOWN)."""

    def __init__(self, errors: list[InputError], more: int = 0) -> None:
        first = errors[0]
        super().__init__(first.message, location=first.location, value=first.value,
                         expected=first.expected, hint=first.hint)
        flat: list[InputError] = []
        for e in errors:  # nested lists (one per file) are flattened, their counts kept
            if isinstance(e, InputErrors):
                flat.extend(e.errors)
                more += e.more
            else:
                flat.append(e)
        more += max(0, len(flat) - MAX_KEPT)
        self.errors = flat[:MAX_KEPT]
        self.more = more

    @property
    def total(self) -> int:
        return len(self.errors) + self.more

    def format(self) -> str:
        return format_errors(self.errors, self.more)


def count_errors(errors: list[InputError]) -> int:
    return sum(e.total if isinstance(e, InputErrors) else 1 for e in errors)


def format_errors(errors: list[InputError], more: int = 0, limit: int = MAX_SHOWN) -> str:
    """The first ``limit`` errors, one per line (with its hint), then how many more there are."""
    lines = [e.format() for e in errors[:limit]]
    rest = len(errors) - len(lines) + more
    if rest > 0:
        lines.append(f"  … and {rest} more error(s) not shown (the first {len(lines)} are above)")
    return "\n".join(lines)
