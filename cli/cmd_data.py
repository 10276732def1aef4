"""Data commands: targets, convert, validate, sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from .common import (
    EXIT_INPUT,
    EXIT_OK,
    STATE,
    FormatOpt,
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
)

FORMATS = ("table", "json", "csv", "markdown")


@guarded
def targets(
    targets: TargetsOpt = None,
    national: NationalOpt = None,
    national_only: NationalOnlyOpt = None,
    section: Annotated[Optional[str], typer.Option("--section", metavar="SECTION", help="Section as written (二) or its number (2); "
                                                   "'preamble' for the opening.")] = None,
    clause: Annotated[Optional[int], typer.Option("--clause", metavar="N", help="Clause number (1-26).")] = None,
    lead: Annotated[Optional[str], typer.Option("--lead", metavar="TEXT", help="Lead unit (牽頭單位) containing this text, "
                                                "e.g. 市發改委.")] = None,
    search: Annotated[Optional[str], typer.Option("--search", metavar="TEXT", help="Text to look for in ids, names and "
                                                  "the document's words.")] = None,
    projects: Annotated[bool, typer.Option("--projects/--no-projects", help="List the named projects too.")] = True,
    lang: Annotated[str, typer.Option("--lang", metavar="LANG", help="zh (names as in the document) | en.")] = "zh",
    fmt: FormatOpt = "table",
) -> None:
    """List the document's targets and named projects, each figure as written with its clause."""
    check_format(fmt, FORMATS)
    if lang not in ("zh", "en"):
        raise fail_input(f"--lang '{lang}' is not one of zh, en")
    from capacity.catalog import targets_payload
    from capacity.views import targets_doc

    ds = load(targets, national, national_only=national_only)
    payload = targets_payload(ds, section=section, clause=clause, lead=lead, search=search, projects=projects)
    emit(targets_doc(payload, lang), fmt)


@guarded
def convert(
    quantity: Annotated[str, typer.Argument(help="A figure as written: 200萬千瓦時, 87万吨, 2000億元, 253GW.")],
    unit: Annotated[str, typer.Argument(help="The unit to convert to: MWh, t, 元, 萬噸, GW …")],
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text | json.")] = "text",
) -> None:
    """Convert a figure to another unit: `capacity convert 200萬千瓦時 MWh` prints 2000 MWh."""
    check_format(fmt, ("text", "json"))
    from capacity.cache import load_memo
    from capacity.render import to_json
    from capacity.units import convert as do_convert

    load_memo(use=not STATE.get("no_cache"))  # conversions earlier runs computed: a repeated conversion needs no pint
    from capacity.units import format_quantity

    value = do_convert(quantity, unit)
    if fmt == "json":
        write_out(to_json({"input": quantity, "magnitude": value, "unit": unit}))
    else:
        write_out(format_quantity(value, unit) + "\n")


@guarded
def validate(
    files: Annotated[Optional[List[Path]], typer.Argument(help="Targets, national or scenario YAML files "
                                                          "(default: the bundled data).", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="text | json | github.")] = "text",
) -> None:
    """Check data files: exit 0 when valid, 2 with every error listed (file:line:column)."""
    check_format(fmt, ("text", "json", "github"))
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
        err(f"{total} error(s) in {len(names)} file(s)")
        raise typer.Exit(EXIT_INPUT)
    if fmt == "text":
        write_out(f"ok: {len(names)} file(s) valid\n")
    raise typer.Exit(EXIT_OK)


@guarded
def sources(
    targets: TargetsOpt = None,
    national: NationalOpt = None,
    national_only: NationalOnlyOpt = None,
    quantity: Annotated[Optional[str], typer.Argument(help="Only this national quantity (e.g. polysilicon).")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """The national figures and conversion factors, with year, basis and source."""
    check_format(fmt, FORMATS)
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
    emit(sources_doc(sources_payload(ds, quantity)), fmt)


def register(app: typer.Typer) -> None:
    app.command("targets")(targets)
    app.command("convert")(convert)
    app.command("validate")(validate)
    app.command("sources")(sources)
