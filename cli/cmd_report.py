"""The main report and the reconciliation of share claims."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from .common import (
    EXIT_OK,
    DenominatorOpt,
    FormatOpt,
    SaveScenarioOpt,
    Shared,
    check_format,
    emit,
    err,
    fail_input,
    guarded,
    say_year_fallbacks,
    shared_options,
)

FORMATS = ("table", "json", "csv", "markdown")


@guarded
@shared_options()
def report(
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    save_scenario: SaveScenarioOpt = None,
    fmt: FormatOpt = "table",
    html: Annotated[Optional[Path], typer.Option("--html", metavar="FILE", help="Also write a self-contained HTML report with "
                                                 "charts to this file.")] = None,
    lang: Annotated[str, typer.Option("--lang", metavar="LANG", help="Chart labels: zh | en (HTML report).")] = "zh",
    samples: Annotated[int, typer.Option("--samples", metavar="N", help="With --html: Monte Carlo samples for the probability "
                                         "chart (0 to leave it out).")] = 20000,
    denominator: DenominatorOpt = "target",
) -> None:
    """The one-screen summary: shares, local supply, rollups and progress, with the denominators used.

    Exit codes: 0 every decidable claim holds, 1 at least one fails, 2 bad input or usage.
    """
    check_format(fmt, FORMATS)
    if lang not in ("zh", "en"):
        raise fail_input(f"--lang '{lang}' is not one of zh, en")
    from capacity.evaluate import evaluate, exit_code
    from capacity.views import report_doc

    if html is not None:  # refused before any work: one of the run's inputs, a folder, a read-only file…
        from capacity.outputs import check_output

        check_output(html, shared.inputs(), what="HTML report")
    ds = shared.load(save_scenario)
    options = shared.options(denominator=denominator)
    result = evaluate(ds, options)
    say_year_fallbacks(result)
    if html is not None:
        from capacity.outputs import write_output
        from capacity.render.html import render_html

        write_output(html, render_html(ds, result, options=options, lang=lang, samples=samples), shared.inputs(),
                     what="HTML report")
        err(f"wrote {html}")
    emit(report_doc(result), fmt)
    raise typer.Exit(exit_code(result))


@guarded
@shared_options(denominator=False)
def reconcile(
    target: Annotated[Optional[List[str]], typer.Argument(help="Target ids (default: every share claim).",
                                                          show_default=False)] = None,
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    fmt: FormatOpt = "table",
) -> None:
    """Each share claim against every national figure on file: on which denominator is it true?"""
    check_format(fmt, FORMATS)
    from capacity.catalog import reconcile as do_reconcile
    from capacity.views import reconcile_doc

    ds = shared.load()
    emit(reconcile_doc(do_reconcile(ds, target)), fmt)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("reconcile")(reconcile)
