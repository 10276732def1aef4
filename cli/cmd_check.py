"""CI commands: `capacity check` (every check, CI formats, exit codes) and `capacity schema`."""

from __future__ import annotations

import os
from typing import Annotated, List, Optional

import typer

from .common import (
    LangOpt,
    check_lang,
    BomOpt,
    OutputOpt,
    check_out,
    EXIT_OK,
    DenominatorOpt,
    Shared,
    UnitsOpt,
    check_format,
    check_units,
    emit,
    err,
    fail_input,
    guarded,
    replayed,
    say_year_fallbacks,
    shared_options,
    write_out,
    write_out as _stdout,
    MEANINGS,
    examples,
)

FORMATS = ("table", "text", "json", "junit", "github", "markdown", "csv", "xlsx")  # text: an alias of table
REPLAYED = ("table", "json", "junit", "github", "markdown", "csv")  # replayable (capacity.replay), to stdout

CHECK_HELP = "\n\n".join([
    "Run every check (share claims, local supply, rollups) for CI: exit 1 when a claim stops holding.",
    "A check is a result with a verdict to give: a share of the national total or a local supply ratio with a "
    "threshold, or a rollup (stated parts against a stated total; named projects against the target they feed). "
    "Results without a threshold (context shares, chain links) and progress rows are not checks and are left out.",
    "A warning is a pass within the warning margin of its threshold (threshold.warn_within in the data, or "
    "--warn-within), or a pass on a share above 100% (which cannot be: check the units, the basis or the national "
    "figure); it passes unless --strict.",
    "Data go to stdout, messages to stderr. Under --format junit an input error is also written as a JUnit "
    "document with an <error> testcase, and under --format github as an ::error line at its file and line.",
    "Each check carries the stance of its claim (how firmly the text states it: goal, aspiration 力争, forecast "
    "预计/预期, status 已形成/截至), shown beside the verdict. Aspirations and forecasts count like goals unless "
    "--goals-only leaves them out.",
    "Exit codes, the same in every format: 0 every check passed (warnings allowed); 1 at least one check failed "
    "(with --strict, a warning too); 2 usage or input error (bad flag, unreadable or invalid YAML, unknown unit, "
    "dimension mismatch, missing national figure, unknown --only id).",
])

SCHEMA_HELP = "\n\n".join([
    "Print the JSON Schema (draft 7) of the data files, for editors and CI.",
    "Point yaml-language-server (VS Code's YAML extension, and others) at it with a first line "
    "`# yaml-language-server: $schema=targets.schema.json`; the bundled data/targets.yaml and data/national.yaml "
    "do, next to data/targets.schema.json and data/national.schema.json (regenerate them with "
    "`capacity schema --kind targets > data/targets.schema.json`).",
    "The schema checks one field at a time; `capacity validate` has the last word (units, dimensions, references "
    "between files).",
    "Exit codes: 0 ok, 2 bad usage.",
])


@guarded
@shared_options()
def check(
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    only: Annotated[Optional[List[str]], typer.Option(
        "--only", metavar="IDS", help="Only the checks about these ids, comma-separated or repeated: a target id (polysilicon: "
        "its share claim and its named-projects rollup) or a check id (polysilicon_projects, "
        "industrial_silicon_for_polysilicon). An id with no check is an error (exit 2).",
        show_default=False, rich_help_panel="Checks")] = None,
    warn_within: Annotated[Optional[float], typer.Option(
        "--warn-within", metavar="PP", min=0, max=100,
        help="Report a pass within PP percentage points of its threshold as a warning (a threshold's own "
        "warn_within in the data wins).", rich_help_panel="Checks")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Warnings fail (exit 1).", rich_help_panel="Checks")] = False,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", help="table (tables and a summary line; alias: text) | json (the report's contract, checks only) | "
        "junit (one testcase per check) | github (::error annotations at the target's line) | markdown | csv | "
        "xlsx (with -o FILE).",
        rich_help_panel="Output")] = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    lang: LangOpt = None,
    units: UnitsOpt = "doc",
    summary: Annotated[bool, typer.Option(
        "--summary", help="Also append a Markdown table of the checks to the file named by $GITHUB_STEP_SUMMARY "
        "(GitHub Actions' job summary).", rich_help_panel="Output")] = False,
    denominator: DenominatorOpt = "target",
    goals_only: Annotated[bool, typer.Option(
        "--goals-only", help="Leave out claims the text states as an aspiration (力争) or a forecast "
        "(预计/预期): check only goals and status figures. Without it they count like goals.",
        rich_help_panel="Checks")] = False,
) -> None:
    """Run every check for CI (see CHECK_HELP)."""
    check_format(fmt, FORMATS)
    check_units(units)
    fmt = "table" if fmt == "text" else fmt
    check_out(fmt, output, bom, shared.inputs())
    lang = check_lang(lang)
    from capacity.errors import InputError

    if summary and os.environ.get("GITHUB_STEP_SUMMARY"):  # refused before any work (an input, a pipe…)
        from capacity.outputs import check_output

        check_output(os.environ["GITHUB_STEP_SUMMARY"], shared.inputs(), what="step summary")
    if fmt in REPLAYED and output is None and not summary:  # the same run on the same files: its bytes again
        replayed("check", {"shared": vars(shared), "only": only, "warn_within": warn_within, "strict": strict,
                           "format": fmt, "units": units, "lang": lang, "denominator": denominator,
                           "goals_only": goals_only, "bom": bom}, shared.inputs(), table=fmt == "table")
    try:
        report, code = _run(shared, only, warn_within, strict, denominator, goals_only)
    except InputError as exc:
        _input_error(exc, fmt, summary, shared.inputs())
        raise  # guarded prints it on stderr (file:line: error: …) and exits 2
    _emit(report, code, fmt, units, output, bom, lang, shared.inputs())
    if summary:
        from capacity.render.ci import summary_markdown

        _step_summary(summary_markdown(report, code), shared.inputs())
    raise typer.Exit(code)


def _run(shared: Shared, only, warn_within, strict, denominator="target", goals_only=False):  # noqa: ANN001, ANN202
    from capacity.checks import run_checks

    report, code = run_checks(shared.load(), shared.options(warn_within=warn_within, strict=strict,
                                                            denominator=denominator), only, goals_only=goals_only)
    say_year_fallbacks(report)
    return report, code


def _input_error(exc, fmt: str, summary: bool, inputs: List[str]) -> None:  # noqa: ANN001
    from capacity.render.ci import (
        error_summary_markdown,
        github_error_lines,
        junit_error_xml,
    )

    errors = list(getattr(exc, "errors", None) or [exc])
    if fmt == "junit":
        write_out(junit_error_xml(errors))
    elif fmt == "github":
        write_out("".join(x + "\n" for x in github_error_lines(errors, title="capacity check: input error")))
    if summary:
        _step_summary(error_summary_markdown(errors), inputs)


def _emit(report: dict, code: int, fmt: str, units: str = "doc", output=None, bom: bool = False,  # noqa: ANN001
          lang=None, inputs=()) -> None:  # noqa: ANN001
    from capacity.render.ci import (
        CHECK_KINDS,
        github_check_lines,
        junit_xml,
        summary_line,
    )

    from capacity.messages import word

    line = summary_line(report, code)
    if fmt in ("table", "markdown", "csv", "xlsx"):
        from capacity.views import report_doc, warning_lines

        doc = report_doc(report, kinds=CHECK_KINDS, units=units)
        doc.footer = warning_lines(report["results"]) + [line]  # a share above 100% is said, as report says it
        emit(doc, fmt, output, bom, lang, inputs)
        if fmt in ("csv", "xlsx") or output is not None:
            err(word(line, lang))
        return

    def write_out(text: str) -> None:  # noqa: F811 - stdout, or the file named by -o
        if output is None:
            _stdout(text)
        else:
            from capacity.outputs import write_output

            write_output(output, text, inputs)  # never over one of the run's inputs
    if fmt == "json" and output is None:  # streamed a result at a time: 100k targets' ~110 MB never whole
        from capacity.render import _json_default
        from capacity.render.fastjson import dump

        pending: list = []

        def piece(b: bytes, size: list = [0]) -> None:  # noqa: B006 - stdout in ~1 MB writes
            pending.append(b)
            size[0] += len(b)
            if size[0] >= 1 << 20:
                _stdout(b"".join(pending))
                pending.clear()
                size[0] = 0
        dump(report, piece, default=_json_default)
        _stdout(b"".join(pending))
    elif fmt == "json":
        from capacity.render import to_json_bytes

        write_out(to_json_bytes(report))
    elif fmt == "junit":
        write_out(junit_xml(report, lang=lang))
    elif fmt == "github":
        write_out("".join(x + "\n" for x in github_check_lines(report, lang=lang)))
    err(word(line, lang))


def _step_summary(text: str, inputs: List[str]) -> None:
    from capacity.errors import InputError
    from capacity.render.ci import append_text

    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        err("warning: --summary: $GITHUB_STEP_SUMMARY is not set (not running in GitHub Actions?); "
            "no step summary written")
        return
    try:
        append_text(path, text, inputs)
    except InputError as exc:  # the checks ran: their exit code stands; the summary is not written at all
        err(f"warning: --summary: {exc.message}")


@guarded
def schema(
    kind: Annotated[str, typer.Option(
        "--kind", "-k", metavar="KIND", help="targets | national | scenario | all (one schema for any of the three, choosing "
        "by the top-level keys as `capacity validate` does).")] = "all",
) -> None:
    """Print the JSON Schema of the data files (see SCHEMA_HELP)."""
    if kind not in ("all", "targets", "national", "scenario"):
        raise fail_input(f"--kind '{kind}' is not one of all, targets, national, scenario")
    from capacity.schema import schema_json

    write_out(schema_json(None if kind == "all" else kind))
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("check", help=CHECK_HELP, short_help="Run every check for CI: exit 1 when a claim stops holding.",
                epilog=MEANINGS + "\n\n" + examples(
                    "capacity check",
                    "capacity check --only polysilicon --national polysilicon=200萬噸",
                    "capacity check --format junit > checks.xml",
                    "capacity check --format github --warn-within 5 --strict"))(check)
    app.command("schema", help=SCHEMA_HELP, short_help="Print the JSON Schema of the data files, for editors and CI.",
                epilog=examples("capacity schema --kind targets > data/targets.schema.json",
                                "capacity schema"))(schema)


__all__ = ["register", "check", "schema", "FORMATS"]
