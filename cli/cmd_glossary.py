"""capacity glossary: the words the tables use, in English or Chinese."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import EXIT_OK, LangOpt, check_format, check_lang, emit, examples, fail_input, guarded

FORMATS = ("table", "json", "csv", "markdown")


@guarded
def glossary(
    word: Annotated[Optional[str], typer.Argument(metavar="[WORD]", help="One word (e.g. headroom, 口径); default: "
                                                  "every word.", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table | json | csv | "
                                     "markdown.")] = "table",
    lang: LangOpt = None,
) -> None:
    """The words the tables use (share, basis, scope, proxy, rollup, headroom, tornado …), explained."""
    check_format(fmt, FORMATS)
    lang = check_lang(lang)
    from capacity.glossary import TERMS, entries
    from capacity.messages import Msg
    from capacity.render import Column, Doc, View

    try:
        rows = entries(lang, word)
    except KeyError:
        raise fail_input(f"'{word}' is not in the glossary", "its words: " + ", ".join(TERMS)) from None
    columns = [Column("word", "Word", head=True), Column("meaning", "Meaning", no_wrap=False, max_width=90)]
    shown = rows
    if lang == "en":
        columns.append(Column("also", "Also", no_wrap=False, max_width=24))
    else:  # the words of the Chinese tables: the English word and its aliases are the English tables'
        shown = [{**r, "word": TERMS[r["key"]][2]} for r in rows]
    doc = Doc(payload={"schema": "capacity.glossary/1", "lang": lang,
                       "terms": [{k: v for k, v in r.items() if k != "key"} for r in rows]},
              views=[View(Msg("title.glossary"), columns, shown, raw=[{k: v for k, v in r.items() if k != "key"}
                                                                      for r in rows], lang=lang)])
    emit(doc, fmt, lang=lang)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("glossary", short_help="The words the tables use (share, basis, scope, proxy, rollup, headroom, "
                "tornado …), explained in English or Chinese.", epilog=examples("capacity glossary", "capacity glossary headroom",
                                            "capacity glossary --lang zh", "capacity glossary 口径 --lang zh"))(glossary)
