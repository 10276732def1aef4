"""One message table for what the terminal tables say: titles, headers, verdict words and notes, in
English (``en``, the default for tables) or Chinese (``zh``). ``t(key, lang)`` looks a message up;
a key missing in one language falls back to English, so a new message is never an error."""

from __future__ import annotations

from typing import Any

LANGS = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # renderer
    "bar_column": {"en": "bar", "zh": "條形圖"},
    "columns_left_out": {"en": "(left out at this width: {names}; a wider terminal or --format csv shows them)",
                         "zh": "（此寬度下省略：{names}；加寬終端或用 --format csv 可見）"},
    # verdicts
    "PASS": {"en": "PASS", "zh": "達標"},
    "FAIL": {"en": "FAIL", "zh": "未達標"},
    "WARN": {"en": "WARN", "zh": "臨界"},
    "FLIPPED": {"en": "FLIPPED", "zh": "翻轉"},
}


def t(key: str, lang: str = "en", **kwargs: Any) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        text = key
    else:
        text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text
