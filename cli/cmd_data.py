"""Data commands: targets, convert, validate, sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from .common import (
    input_paths,
    LangOpt,
    check_lang,
    BomOpt,
    OutputOpt,
    check_out,
    EXIT_INPUT,
    EXIT_OK,
    STATE,
    FormatOpt,
    check_stdin,
    say_if_empty,
    NationalOnlyOpt,
    NationalOpt,
    TargetsOpt,
    check_format,
    emit,
    err,
    fail_input,
    guarded,
    load,
    split_national,
    write_out,
    examples,
)

FORMATS = ("table", "json", "csv", "markdown", "xlsx")


@guarded
def targets(
    targets: TargetsOpt = None,
    section: Annotated[Optional[str], typer.Option("--section", metavar="SECTION", help="Section as written (二) or its number (2); "
                                                   "'preamble' for the opening.")] = None,
    clause: Annotated[Optional[int], typer.Option("--clause", metavar="N", help="Clause number (1-26).")] = None,
    lead: Annotated[Optional[str], typer.Option("--lead", metavar="TEXT", help="Lead unit (牽頭單位) containing this text, "
                                                "e.g. 市發改委.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", metavar="TEXT", help="Text to look for in ids, names and "
                                                  "the document's words.")] = None,
    projects: Annotated[Optional[bool], typer.Option("--projects/--no-projects", help="--projects: only the named projects; "
                                                     "--no-projects: only the targets (default: both).",
                                                     show_default=False)] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """List the document's targets and named projects, each figure as written with its clause."""
    check_format(fmt, FORMATS)
    check_out(fmt, output, bom, input_paths(targets, None))
    lang = check_lang(lang)
    from capacity.catalog import targets_payload
    from capacity.views import targets_doc

    nodes = None
    if targets:  # the targets files alone: a listing needs no national file, and is not refused for one
        from types import SimpleNamespace

        from capacity.errors import InputErrors
        from capacity.load import parent_errors, read_node, targets_from_node

        check_stdin(targets)
        nodes = [read_node(p, str(p)) for p in targets]
        regions = [targets_from_node(n, name) for n, name in nodes]
        wrong = parent_errors(regions)  # a region inside itself is refused by every command
        if wrong:
            raise wrong[0] if len(wrong) == 1 else InputErrors(wrong)
        ds = SimpleNamespace(regions=regions)
    else:  # the bundled data, through the cache of loaded datasets
        ds = load(None, None)
    payload = targets_payload(ds, section=section, clause=clause, lead=lead, search=search, projects=projects is not False)
    if projects:  # only the projects
        payload["targets"] = []
    say_if_empty(payload, "targets", "projects")
    if fmt in ("csv", "xlsx"):  # the spreadsheet layout --targets reads back (docs/spreadsheets.md)
        filtered = section is not None or clause is not None or lead or search or projects is not None
        ids = {x["id"] for x in payload["targets"] + payload.get("projects", [])} if filtered else None
        _write_tables(nodes, ids, fmt, output, bom, input_paths(targets, None))
        return
    emit(targets_doc(payload, lang), fmt, output, bom, lang, input_paths(targets, None))


def _write_tables(nodes, ids, fmt: str, output, bom: bool, inputs) -> None:  # noqa: ANN001
    """A targets file as the spreadsheet layout (capacity.tabular), to ``output`` or stdout."""
    from capacity import tabular

    if nodes is None:
        from capacity import yamlio
        from capacity.load import bundled_display, bundled_path

        nodes = [(yamlio.load(bundled_path("targets.yaml"), bundled_display("targets.yaml")), "")]
    if len(nodes) > 1:
        raise fail_input(f"--format {fmt} writes one targets file's spreadsheet; {len(nodes)} are named",
                         "run once per --targets file (a spreadsheet holds one region)")
    tables = tabular.tables_from_node(nodes[0][0], ids)
    data = tabular.to_csv(tables, bom=bom) if fmt == "csv" else tabular.to_xlsx(tables)
    if output is None:
        write_out(data)
        return
    from capacity.outputs import write_output

    write_output(output, data, inputs, what="workbook" if fmt == "xlsx" else "output")
    err(f"wrote {output}")


@guarded
def convert(
    quantity: Annotated[str, typer.Argument(metavar="QUANTITY", help="A figure as written: 87万吨, 2000億元, 253GW.")],
    unit: Annotated[str, typer.Argument(metavar="UNIT", help="The unit to convert to: MWh, t, 元, 萬噸, GW …")],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table (alias: text) | json | csv.")] = "table",
) -> None:
    """Convert a figure to another unit: `capacity convert 87萬噸 t` prints 870000 t."""
    check_format(fmt, ("table", "text", "json", "csv"))
    from capacity.cache import load_memo
    from capacity.render import to_json
    from capacity.units import convert as do_convert

    load_memo(use=not STATE.get("no_cache"))  # conversions earlier runs computed: a repeated conversion needs no pint
    from capacity.units import format_quantity

    value = do_convert(quantity, unit)
    if fmt == "json":
        write_out(to_json({"input": quantity, "magnitude": value, "unit": unit}))
    elif fmt == "csv":
        from capacity.render import to_csv

        write_out(to_csv([{"input": quantity, "magnitude": value, "unit": unit}]))
    else:
        write_out(format_quantity(value, unit) + "\n")


@guarded
def validate(
    files: Annotated[Optional[List[Path]], typer.Argument(metavar="[FILE]...", help="Targets, national or scenario YAML files "
                                                          "(default: the bundled data).", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table (alias: text) | json | github.")] = "table",
    lang: LangOpt = None,
) -> None:
    """Check data files: exit 0 when valid, 2 with every error listed (file:line:column)."""
    check_format(fmt, ("table", "text", "json", "github"))
    lang = check_lang(lang)
    from capacity.messages import Msg

    fmt = "text" if fmt == "table" else fmt
    from capacity.load import bundled_path, load_dataset
    from capacity.validate import validate_files
    from capacity.render import to_json

    if files:
        errors = validate_files(files)
        names = [str(f) for f in files]
    else:
        errors = []
        try:
            load_dataset()
        except Exception as exc:  # noqa: BLE001 - collect like the others
            errors = list(getattr(exc, "errors", [exc]))
        names = [str(bundled_path("targets.yaml")), str(bundled_path("national.yaml"))]
    from capacity.errors import MAX_SHOWN, InputErrors, format_errors

    total, more = 0, 0
    if errors:  # one list, capped: the first MAX_SHOWN, then how many more
        every = InputErrors(errors)
        total, more = every.total, every.more + max(0, len(every.errors) - MAX_SHOWN)
        errors = every.errors[:MAX_SHOWN]
    if fmt == "json":
        write_out(to_json({"valid": not errors, "files": names, "errors": [e.to_dict() for e in errors],
                           "more": more}))
    elif fmt == "github":
        from capacity.render.ci import github_error_lines

        lines = github_error_lines(errors)
        write_out("".join(x + "\n" for x in lines))
    if errors:
        if fmt == "text":
            err(format_errors(errors, more))
        err(Msg("validate.errors", total=total, n=len(names)).text(lang))
        raise typer.Exit(EXIT_INPUT)
    if fmt == "text":
        write_out(Msg("validate.ok", n=len(names)).text(lang) + "\n")
    raise typer.Exit(EXIT_OK)


@guarded
def sources(
    targets: TargetsOpt = None,
    national: NationalOpt = None,
    national_only: NationalOnlyOpt = None,
    quantity: Annotated[Optional[str], typer.Argument(metavar="[QUANTITY]", help="Only this national quantity (e.g. polysilicon).")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """The national figures and conversion factors, with year, basis and source."""
    check_format(fmt, FORMATS)
    check_out(fmt, output, bom, input_paths(targets, national))
    lang = check_lang(lang)
    from capacity.catalog import sources_payload
    from capacity.views import sources_doc

    nat_file, overrides = split_national(national)
    if overrides:
        raise fail_input(f"sources lists the national file as it is; --national {overrides[0]} does not apply here",
                         "use the override with report, reconcile, check, whatif, solve, sweep or simulate")
    ds = load(targets, [nat_file] if nat_file else None, national_only=national_only)
    if quantity is not None and quantity not in [q.id for q in ds.national.quantities]:
        from capacity.load import did_you_mean

        raise fail_input(f"unknown national quantity '{quantity}'",
                         did_you_mean(quantity, [q.id for q in ds.national.quantities]))
    emit(sources_doc(sources_payload(ds, quantity)), fmt, output, bom, lang, input_paths(targets, national))


def register(app: typer.Typer) -> None:
    app.command("targets", short_help="The document's targets and named projects, each figure as written.",
                epilog=examples("capacity targets", "capacity targets --section 二 --lang en",
                                "capacity targets --projects", "capacity targets --search 通威 --format csv"))(targets)
    app.command("convert", short_help="Convert a figure to another unit (200萬千瓦時 to MWh).",
                epilog=examples("capacity convert 200萬千瓦時 MWh", "capacity convert 87万吨 t",
                                "capacity convert 60吉瓦 GW", "capacity convert 2000億元 元 --format json"))(convert)
    app.command("validate", short_help="Check data files: every error with file:line:column.",
                epilog=examples("capacity validate", "capacity validate examples/tongwei-slips.yaml",
                                "capacity validate --format github data/*.yaml"))(validate)
    app.command("sources", short_help="The national figures and conversion factors, with year, basis and source.",
                epilog=examples("capacity sources", "capacity sources polysilicon",
                                "capacity sources --format csv --bom > sources.csv"))(sources)
