"""extract: a draft targets file from a policy text, and the review list against an existing file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import EXIT_OK, LangOpt, check_format, check_lang, err, examples, fail_input, guarded, write_out


@guarded
def extract(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A policy text: .txt, .md (UTF-8 or GB18030), a saved web page (.html), "
                                         ".docx; .pdf with pip install 'capacity[docs]'; - reads the text from stdin.",
                                         show_default=False)],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE",
                                                   help="Write the draft here instead of stdout (- is stdout).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")] = False,
    against: Annotated[Optional[Path], typer.Option("--against", metavar="FILE",
                                                    help="A targets file: list what the text holds that it lacks, "
                                                    "and the reverse (a review list), instead of the draft.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="With --against: text | json.")] = "text",
    lang: LangOpt = None,
) -> None:
    """Draft a targets YAML from a policy text: every figure as written, with its sentence, section, clause,
    lead units, comparator and threshold; guesses marked `# review:`."""
    lang = check_lang(lang)
    check_format(fmt, ("text", "json"))
    from capacity.extract import against as compare
    from capacity.extract import extract as do_extract
    from capacity.extract import read_document, to_yaml

    inputs = [file] + ([against] if against is not None else [])
    if output is not None:
        from capacity.outputs import check_output

        check_output(output, inputs, what="draft")  # never an input, a folder, a read-only file …
        if output.exists() and output.is_file() and not force:
            raise fail_input(f"{output} exists", "add --force to replace it, or name a new file")
    from capacity import stdin

    if stdin.is_stdin(file):  # `-`: the text piped in, under a data file's size cap
        from capacity.extract import decode
        from capacity.yamlio import MAX_BYTES

        file = Path(stdin.NAME)
        text = decode(stdin.read_bytes(MAX_BYTES), stdin.NAME)
        if "\x00" in text:  # as read_document refuses a file
            from capacity.errors import InputError, Location

            raise InputError(f"{stdin.NAME} is not text (it holds NUL bytes)",
                             location=Location(stdin.NAME, text[: text.index("\x00")].count("\n") + 1),
                             expected="a policy text in UTF-8 or GB18030")
    else:
        text = read_document(file)
    draft = do_extract(text, str(file))
    if against is not None:
        from capacity.load import read_targets

        tf = read_targets(against)
        result = compare(draft, tf, text)
        result = {"file": str(file), "against": str(against), **result}
        out = _against_text(result, lang) if fmt == "text" else _json(result)
    else:
        if fmt != "text":
            raise fail_input("--format applies to --against; the draft is YAML")
        out = to_yaml(draft, lang)
    if output is not None:
        from capacity.outputs import write_output

        write_output(output, out, inputs, what="draft")
        from capacity.messages import message

        err(message("ex.wrote", lang, output=output) if against else
            message("ex.wrote_draft", lang, output=output, targets=len(draft.targets), projects=len(draft.projects)))
    else:
        write_out(out)
    raise typer.Exit(EXIT_OK)


def _json(result: dict) -> str:
    from capacity.render import to_json

    return to_json(result)


def _where(r: dict) -> str:
    return r["section"] + (f".{r['clause']}" if r.get("clause") else "")


def _against_text(res: dict, lang: str = "en") -> str:
    from capacity.messages import message, word

    def m(code: str, **params) -> str:  # noqa: ANN003
        return message(code, lang, **params)

    lines = [m("ex.against", file=res["file"], against=res["against"])]

    def group(code: str, rows: list, fmt_row) -> None:  # noqa: ANN001
        lines.append(m("ex.group", title=m(code), n=len(rows) if rows else m("denom.none")))
        for r in rows:
            lines.append("  " + fmt_row(r))

    def kind(r: dict) -> str:
        return m("ex.kind." + r["kind"])

    def line(r: dict, text: bool = False) -> str:
        return m("ex.line_text", line=r["line"], text=r["text"]) if text else m("ex.line", line=r["line"])

    group("ex.g.text_only", res["text_only"],
          lambda r: f"{_where(r)} {kind(r)} {r['figure']}  {r['name']}  [{m('ex.st.' + r['stance'])}"
          + (f", {r['year']}" if r.get("year") else "") + f"]  ({line(r, True)})")
    group("ex.g.status_only", res["status_only"],
          lambda r: f"{_where(r)} {r['figure']}  {r['name']}" + (f" [{r['year']}]" if r.get("year") else "")
          + f"  ({line(r)})")
    group("ex.g.named_only", res["named_only"],
          lambda r: f"{_where(r)} {m('ex.project', name=r['name'])}  ({line(r, True)})")
    group("ex.g.data_only", res["data_only"],
          lambda r: f"{_where(r)} {kind(r)} {r['id']} {r['figure'] or ''}  ({line(r)}): "
          + m("ex.check." + r["check"]))
    group("ex.g.differs", res["differs"],
          lambda r: f"{_where(r)} {kind(r)} {r['data_id']} {r['figure']}: "
          + message("list", lang, items=[word(d, lang) for d in r["differences"]]))
    if res["held_not_extracted"]:
        lines.append(m("ex.held", n=len(res["held_not_extracted"]),
                       ids=", ".join(r["id"] for r in res["held_not_extracted"])))
    group("ex.g.not_targets", res["not_targets"],
          lambda r: f"{_where(r)} {r['figure']}: {word(r['reason'], lang)} ({line(r)})")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    app.command("extract", epilog=examples(
        "capacity extract data/source/baotou-2024-1.txt",
        "capacity extract data/source/baotou-2024-1.txt -o draft.yaml",
        "capacity extract data/source/baotou-2024-1.txt --against data/targets.yaml"))(extract)
