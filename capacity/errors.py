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
        return cls(prefix + self.message, location=self.location or location, value=self.value,
                   expected=self.expected, hint=self.hint)

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}error: {self.message}"
        if self.expected:
            text += f"; expected {self.expected}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
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


class InputErrors(InputError):
    """Several input errors at once (``validate`` lists them all)."""

    def __init__(self, errors: list[InputError]) -> None:
        first = errors[0]
        super().__init__(first.message, location=first.location, value=first.value,
                         expected=first.expected, hint=first.hint)
        self.errors = errors

    def format(self) -> str:
        return "\n".join(e.format() for e in self.errors)
