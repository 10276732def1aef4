"""extract: a draft targets file from a policy text, and the review list against an existing file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import EXIT_OK, check_format, err, examples, fail_input, guarded, write_out


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
) -> None:
    """Draft a targets YAML from a policy text: every figure as written, with its sentence, section, clause,
    lead units, comparator and threshold; guesses marked `# review:`."""
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
        out = _against_text(result) if fmt == "text" else _json(result)
    else:
        if fmt != "text":
            raise fail_input("--format applies to --against; the draft is YAML")
        out = to_yaml(draft)
    if output is not None:
        from capacity.outputs import write_output

        write_output(output, out, inputs, what="draft")
        err(f"wrote {output}" + ("" if against else f": {len(draft.targets)} target(s), {len(draft.projects)} "
                                 "project(s), every guess marked '# review:'"))
    else:
        write_out(out)
    raise typer.Exit(EXIT_OK)


def _json(result: dict) -> str:
    from capacity.render import to_json

    return to_json(result)


def _where(r: dict) -> str:
    return r["section"] + (f".{r['clause']}" if r.get("clause") else "")


def _against_text(res: dict) -> str:
    lines = [f"{res['file']} against {res['against']}"]

    def group(title: str, rows: list, fmt_row) -> None:  # noqa: ANN001
        lines.append(f"{title}: {len(rows) if rows else 'none'}")
        for r in rows:
            lines.append("  " + fmt_row(r))

    group("in the text, not in the data", res["text_only"],
          lambda r: f"{_where(r)} {r['kind']} {r['figure']}  {r['name']}  [{r['stance']}"
          + (f", {r['year']}" if r.get("year") else "") + f"]  (line {r['line']}: {r['text']})")
    group("figures of what is or was (status) in the text, not in the data", res["status_only"],
          lambda r: f"{_where(r)} {r['figure']}  {r['name']}" + (f" [{r['year']}]" if r.get("year") else "")
          + f"  (line {r['line']})")
    group("named in the text without a figure, not in the data", res["named_only"],
          lambda r: f"{_where(r)} project {r['name']}  (line {r['line']}: {r['text']})")
    group("in the data, not in the text", res["data_only"],
          lambda r: f"{_where(r)} {r['kind']} {r['id']} {r['figure'] or ''}  (line {r['line']}): {r['check']}")
    group("in both, said otherwise", res["differs"],
          lambda r: f"{_where(r)} {r['kind']} {r['data_id']} {r['figure']}: " + "; ".join(r["differences"]))
    if res["held_not_extracted"]:
        lines.append(f"in the data and in the text, not found by extract: {len(res['held_not_extracted'])} "
                     "(their words occur in the document): "
                     + ", ".join(r["id"] for r in res["held_not_extracted"]))
    group("figures left out as not targets", res["not_targets"],
          lambda r: f"{_where(r)} {r['figure']}: {r['reason']} (line {r['line']})")
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    app.command("extract", epilog=examples(
        "capacity extract data/source/baotou-2024-1.txt",
        "capacity extract data/source/baotou-2024-1.txt -o draft.yaml",
        "capacity extract data/source/baotou-2024-1.txt --against data/targets.yaml"))(extract)
