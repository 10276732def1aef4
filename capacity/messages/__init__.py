"""Message catalogues, one per language (``en.py``, ``zh.py``): note codes and view templates →
words (``MESSAGES``), and the English labels the views carry (titles, headers, verdict words) →
their words in the language (``LABELS``; English needs none). English is complete; a language
without an entry falls back to English.

``Msg`` is a message that keeps its code and parameters: it *is* its English text (a ``str``), so
anything that reads it as text gets English, and ``Msg.text(lang)`` words it again in ``lang``. The
views build their titles, headers, cells and notes from ``Msg``s and labels; the renderer's one
lookup (``capacity.i18n.translate``) words them in the run's language. No text is parsed back."""

from __future__ import annotations

from typing import Any

LANGS = ("en", "zh")


def _table(lang: str) -> dict[str, str]:
    from capacity.messages import en

    if lang == "zh":
        from capacity.messages import zh

        return zh.MESSAGES
    return en.MESSAGES


def labels(lang: str) -> dict[str, str]:
    """English label → its words in ``lang`` (empty for English)."""
    if lang == "zh":
        from capacity.messages import zh

        return zh.LABELS
    return {}


SEPARATORS = {"en": "; ", "zh": "；"}

#: The language this run writes in (the CLI sets it from --lang or the locale): errors, which are
#: raised deep in the library and said at the edge, are worded in it.
OUTPUT = {"lang": "en"}


def set_output_lang(lang: str) -> None:
    OUTPUT["lang"] = lang if lang in LANGS else "en"


def _param(v: Any, lang: str) -> Any:
    if isinstance(v, Msg):
        return v.text(lang)
    if isinstance(v, dict) and "code" in v:  # a note record inside a note record
        return message(v["code"], lang, **(v.get("params") or {}))
    if hasattr(v, "code") and hasattr(v, "text"):  # a capacity.results.Note inside a note
        return v.text(lang)
    if isinstance(v, (list, tuple)):
        return SEPARATORS.get(lang, "; ").join(str(_param(x, lang)) for x in v)
    if isinstance(v, str) and lang != "en":
        return labels(lang).get(v, v)
    return v


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = {m: i + 1 for i, m in enumerate(MONTHS)} | {"June": 6, "July": 7, "Sept": 9}


def period_text(p: Any, lang: str = "en") -> str:
    """A national figure's period (end-2024, Jan–Oct 2025, H1 2025, end-Q1 2024, 2024 (forecast)) in
    ``lang``; a period of another shape is said as published."""
    import re

    p = "" if p is None else str(p)
    if lang != "zh":
        return p
    m = re.fullmatch(r"(.*?)\s*\((forecast)\)", p)
    if m:
        return period_text(m.group(1), lang) + "（预测）"
    m = re.fullmatch(r"(\d{4}) additions", p)
    if m:
        return f"{m.group(1)}年新增"
    m = re.fullmatch(r"end-(\d{4})", p)
    if m:
        return f"{m.group(1)}年末"
    m = re.fullmatch(r"end-(Q[1-4]|H[12]|[A-Z][a-z]+) (\d{4})", p)
    if m:
        part = m.group(1)
        what = {"Q1": "一季度", "Q2": "二季度", "Q3": "三季度", "Q4": "四季度", "H1": "上半年", "H2": "下半年"}.get(part)
        if what is None and part in _MONTH:
            what = f"{_MONTH[part]}月"
        if what:
            return f"{m.group(2)}年{what}末"
    m = re.fullmatch(r"(H[12]) (\d{4})", p)
    if m:
        return f"{m.group(2)}年{'上' if m.group(1) == 'H1' else '下'}半年"
    m = re.fullmatch(r"([A-Z][a-z]+)[–-]([A-Z][a-z]+) (\d{4})", p)
    if m and m.group(1) in _MONTH and m.group(2) in _MONTH:
        return f"{m.group(3)}年{_MONTH[m.group(1)]}–{_MONTH[m.group(2)]}月"
    return p


#: codes worded by a function rather than a template
FORMATTERS = {"period": lambda lang, p: period_text(p, lang),
              "concat": lambda lang, items: "".join(str(_param(x, lang)) for x in items),
              "comma": lambda lang, items: ("、" if lang == "zh" else ", ").join(str(_param(x, lang)) for x in items)}


_EN: Any = None  # en.MESSAGES, once imported
_WITHOUT_PARAMS: dict[str, "Msg"] = {}


def _english() -> dict[str, str]:
    """The English table (imported on first use: ``--help`` imports no message table)."""
    global _EN
    from capacity.messages import en

    _EN = en.MESSAGES
    return _EN


def message(code: str, lang: str = "en", /, **params: Any) -> str:
    """The message ``code`` in ``lang`` with ``params`` filled in (a ``Msg`` parameter in ``lang`` too)."""
    from capacity.messages import en

    if code in FORMATTERS:
        return FORMATTERS[code](lang, **params)

    template = _table(lang).get(code) if lang != "en" else None
    if template is None:
        template = en.MESSAGES[code]
    return template.format(**{k: _param(v, lang) for k, v in params.items()}) if params else template


def word(s: Any, lang: str) -> Any:
    """One display string in ``lang``: a ``Msg`` worded again, a label looked up, anything else as it is."""
    if lang == "en" or not isinstance(s, str) or not s:
        return s
    if isinstance(s, Msg):
        return s.text(lang)
    return labels(lang).get(s, s)


class Msg(str):
    """A message: its English text, with the code and parameters to word it in another language."""

    code: str
    params: dict

    def __new__(cls, code: str, /, **params: Any) -> "Msg":
        # The fast path (the loader labels every record it reads, "target 'x'", "the threshold of …"):
        # an English template with plain or Msg parameters, which message() would format as they are.
        if not params and cls is Msg:
            known = _WITHOUT_PARAMS.get(code)
            if known is not None:
                return known
        template = (_EN or _english()).get(code)
        text = None
        if template is not None and code not in FORMATTERS:
            if not params:
                text = template
            else:  # message()'s English wording, inline: plain values as they are, a list of them joined
                args = params
                for k, v in params.items():
                    t = type(v)
                    if t in _AS_IS:
                        continue
                    if (t is list or t is tuple) and all(type(x) is str or type(x) is Msg for x in v):
                        if args is params:
                            args = dict(params)
                        args[k] = SEPARATORS["en"].join(v)
                        continue
                    break
                else:
                    text = template.format_map(args)
        if text is None:
            text = message(code, "en", **params)
        self = str.__new__(cls, text)
        self.code = code
        self.params = params
        if not params and template is not None and cls is Msg:
            _WITHOUT_PARAMS[code] = self  # "a target", "key: value lines": one object each
        return self

    def text(self, lang: str = "en") -> str:
        if lang == "en":  # worded in English when it was made: the string it is
            return str.__str__(self)
        return message(self.code, lang, **self.params)


def note_dicts(notes: Any) -> list[dict]:
    """Notes (``capacity.results.Note``) as JSON-ready ``{"code", "params"}`` records."""
    return [{"code": n.code, "params": dict(n.params)} for n in notes]


def worded(records: Any, lang: str = "en") -> Msg | str:
    """JSON note records (``{"code", "params"}``) as one ``Msg`` ("; " between them)."""
    items = [Msg(r["code"], **(r.get("params") or {})) for r in records or ()]
    if not items:
        return ""
    return items[0] if len(items) == 1 else Msg("list", items=items)


#: Parameter types ``_param`` gives back as they are in English (``Msg`` is added below, once defined).
_AS_IS = {str, int, float, type(None)}
_AS_IS.add(Msg)

__all__ = ["LANGS", "Msg", "message", "word", "labels", "note_dicts", "worded"]
