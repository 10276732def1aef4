"""The renderer's one lookup for the run's language: ``translate(doc, lang)`` words a Doc's titles,
headers, cells, notes and header/footer lines in ``lang`` from the message catalogues
(``capacity.messages``: a ``Msg`` is worded again from its code and parameters, a label looked up).
Nothing is parsed back out of English text.

What is not worded: data (target names and figures as the document writes them, ids, sources,
periods as published) and the JSON and CSV keys, which are a contract for scripts."""

from __future__ import annotations

from typing import Any

from capacity.messages import LANGS, message, word

#: the renderer's own words (capacity.render), keyed by code
MESSAGES: dict[str, dict[str, str]] = {
    "bar_column": {"en": "bar", "zh": "条形图"},
    "columns_left_out": {"en": "(left out at this width: {names}; a wider terminal or --format csv shows them)",
                         "zh": "（此宽度下省略：{names}；加宽终端或用 --format csv 可见）"},
}


def t(key: str, lang: str = "en", **kwargs: Any) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return message(key, lang, **kwargs)
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text


def text(s: Any, lang: str) -> Any:
    """One display string in ``lang`` (a ``Msg`` worded again, a label looked up, data as it is)."""
    return word(s, lang)


def translate(doc: Any, lang: str) -> Any:
    """The Doc with its titles, headers, cells, notes and header/footer lines in ``lang``."""
    if lang == "en" or lang not in LANGS:
        return doc
    for v in doc.views:
        v.title = word(v.title, lang)
        v.sheet = word(v.sheet, lang) if v.sheet else v.title
        for c in v.columns:
            c.header = word(c.header, lang)
        for r in v.rows:
            for k, cell in list(r.items()):
                r[k] = word(cell, lang)
        v.notes = [word(n, lang) for n in v.notes]
        v.caption = word(v.caption, lang)
        v.lang = lang
    doc.header = [word(x, lang) for x in doc.header]
    doc.footer = [word(x, lang) for x in doc.footer]
    return doc


__all__ = ["LANGS", "MESSAGES", "t", "text", "translate"]
