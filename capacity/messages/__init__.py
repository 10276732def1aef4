"""Message tables, one per language, keyed by note code (``capacity.results.Note``). English is
complete; a language without a code falls back to English."""

from __future__ import annotations

from typing import Any


def message(code: str, lang: str = "en", **params: Any) -> str:
    from capacity.messages import en

    table = en.MESSAGES
    if lang == "zh":
        from capacity.messages import zh

        table = {**table, **zh.MESSAGES}
    return table[code].format(**params)
