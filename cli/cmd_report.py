"""The main report and the reconciliation of share claims."""

from __future__ import annotations

from pathlib import Path
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
    FormatOpt,
    SaveScenarioOpt,
    Shared,
    UnitsOpt,
    check_format,
    check_units,
    emit,
    err,
    fail_input,
    guarded,
    say_year_fallbacks,
    shared_options,
    MEANINGS,
    examples,
)

FORMATS = ("table", "json", "csv", "markdown", "xlsx")


@guarded
@shared_options()
def report(
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    save_scenario: SaveScenarioOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    units: UnitsOpt = "doc",
    html: Annotated[Optional[Path], typer.Option("--html", metavar="FILE", help="Also write a self-contained HTML report with "
                                                 "charts to this file.")] = None,
    lang: LangOpt = None,
    samples: Annotated[Optional[int], typer.Option("--samples", metavar="N", help="With --html only: Monte Carlo samples for "
                                                   "the probability chart (default 20000; 0 leaves it out).",
                                                   show_default=False)] = None,
    denominator: DenominatorOpt = "target",
) -> None:
    """The one-screen summary: shares, local supply, rollups and progress, with the denominators used.

    Exit codes: 0 every decidable claim holds, 1 at least one fails, 2 bad input or usage.
    """
    check_format(fmt, FORMATS + ("html",))
    if fmt == "html":  # -o report.html (or --format html): the HTML report there, nothing else
        if html is not None:
            raise fail_input("--html and -o/--format html both name the HTML report", "give one of them")
        html, output, fmt = output, None, "html"
    check_out("table" if fmt == "html" else fmt, output, bom, shared.inputs())
    check_units(units)
    lang = check_lang(lang)
    if samples is not None and html is None and fmt != "html":
        raise fail_input("--samples applies to the HTML report's probability chart", "give --html FILE too, "
                         "or use `capacity simulate --samples N` for the probabilities in a table")
    from capacity.evaluate import evaluate, exit_code
    from capacity.views import report_doc

    if html is not None:  # refused before any work: one of the run's inputs, a folder, a read-only file…
        from capacity.outputs import check_output

        check_output(html, shared.inputs(), what="HTML report")

    ds = shared.load(save_scenario)
    options = shared.options(denominator=denominator)
    result = evaluate(ds, options)
    say_year_fallbacks(result)
    if html is not None or fmt == "html":
        from capacity.render.html import render_html

        n = 20000 if samples is None else samples
        page = render_html(ds, result, options=options, lang=lang, samples=n,
                           simulation=_simulation() if n > 0 else None)
        if html is None:  # --format html (or -o -): the page on stdout
            from .common import write_out

            write_out(page)
            raise typer.Exit(exit_code(result))
        from capacity.outputs import write_output

        write_output(html, page, shared.inputs(), what="HTML report")
        err(f"wrote {html}")
        if fmt == "html":
            raise typer.Exit(exit_code(result))
    emit(report_doc(result, units=units), fmt, output, bom, lang, shared.inputs())
    raise typer.Exit(exit_code(result))


def _simulation():  # noqa: ANN202
    """``capacity.simulate.simulate`` for the HTML report's probability chart, or None without numpy."""
    try:
        from capacity.simulate import simulate
    except ImportError:
        return None
    return simulate


@guarded
@shared_options(denominator=False)
def reconcile(
    target: Annotated[Optional[List[str]], typer.Argument(metavar="[TARGET]...", help="Target ids (default: every share claim).",
                                                          show_default=False)] = None,
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """Each share claim against every national figure on file: on which denominator is it true?"""
    check_format(fmt, FORMATS)
    check_out(fmt, output, bom, shared.inputs())
    lang = check_lang(lang)
    from capacity.catalog import reconcile as do_reconcile
    from capacity.views import reconcile_doc

    ds = shared.load()
    emit(reconcile_doc(do_reconcile(ds, target)), fmt, output, bom, lang, shared.inputs())
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("report", short_help="The one-screen summary: shares, local supply, rollups and progress.",
                epilog=MEANINGS + "\n\n" + examples(
                    "capacity report",
                    "capacity report --units si --lang zh",
                    "capacity report --national polysilicon=3.3Mt",
                    "capacity report --format xlsx -o report.xlsx",
                    "capacity report --html report.html --lang en"))(report)
    app.command("reconcile", short_help="Each share claim against every national figure: on which is it true?",
                epilog=examples("capacity reconcile", "capacity reconcile polysilicon",
                                "capacity reconcile polysilicon --format csv --bom > reconcile.csv"))(reconcile)
