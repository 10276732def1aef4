"""`capacity simulate`: Monte Carlo over the uncertain inputs, the probability that each claim holds."""

from __future__ import annotations

import sys
from typing import Annotated, List, Optional

import typer

from .common import (
    LangOpt,
    check_lang,
    BomOpt,
    OutputOpt,
    check_out,
    EXIT_OK,
    FormatOpt,
    Shared,
    check_format,
    emit,
    fail_input,
    guarded,
    shared_options,
    examples,
)

FORMATS = ("table", "json", "csv", "markdown", "xlsx")
MIN_SAMPLES, MAX_SAMPLES = 1, 10_000_000  # as capacity.simulate (not imported here: keeps --help light)
PROGRESS_FROM = 500_000  # samples from which a progress bar is shown (stderr a terminal only)


def _progress_bar():  # noqa: ANN202
    """A rich progress bar on stderr and the callback that drives it."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("simulating"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}"),
                   TimeElapsedColumn(), console=Console(file=sys.stderr), transient=True)
    task = bar.add_task("simulate", total=1)

    def callback(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, callback


@guarded
@shared_options()
def simulate(
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    samples: Annotated[int, typer.Option("--samples", metavar="N", help=f"Monte Carlo samples ({MIN_SAMPLES:,} to "
                                         f"{MAX_SAMPLES:,}).", rich_help_panel="Simulation")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Random seed (0 or more): the same seed always "
                                      "gives the same output.", rich_help_panel="Simulation")] = 0,
    only: Annotated[Optional[List[str]], typer.Option("--only", metavar="IDS", help="Only these checks (ids, comma-separated "
                                                      "or repeated), e.g. polysilicon,cells.",
                                                      show_default=False, rich_help_panel="Simulation")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """The probability that each share and supply claim holds, over what the sources leave uncertain.

    Samples every national denominator between the figures on file, each conversion factor over its
    range, and each named project's completion (p by its state verb); what-if overrides fix what they
    set. Per check: P(holds), the 5th/50th/95th percentiles of the share or ratio, and the inputs
    that move it most (tornado).

    Exit codes: 0 (an analysis, not a check: see `capacity check`), 2 bad input or usage.
    """
    check_format(fmt, FORMATS)
    check_out(fmt, output, bom, shared.inputs())
    lang = check_lang(lang)
    if not MIN_SAMPLES <= samples <= MAX_SAMPLES:
        raise fail_input(f"--samples {samples} is out of range",
                         f"give a whole number from {MIN_SAMPLES:,} to {MAX_SAMPLES:,}")
    if seed < 0:
        raise fail_input(f"--seed {seed} is negative", "give a whole number of 0 or more")
    from capacity.simulate import select, simulate_doc
    from capacity.simulate import simulate as run

    ds = shared.load()
    options = shared.options()
    bar = None
    callback = None
    if samples >= PROGRESS_FROM and sys.stderr.isatty():
        bar, callback = _progress_bar()
        bar.start()
    try:
        payload = run(ds, options, samples=samples, seed=seed, progress=callback)
    finally:
        if bar is not None:
            bar.stop()
    payload = select(payload, only)
    emit(simulate_doc(payload, header=_header(ds, payload)), fmt, output, bom, lang, shared.inputs())
    raise typer.Exit(EXIT_OK)


def _header(ds, payload: dict) -> list[str]:  # noqa: ANN001
    from capacity.views import dataset_regions, header_lines

    return header_lines(dataset_regions(ds), payload["options"], payload["scenario"])


def register(app: typer.Typer) -> None:
    app.command("simulate", short_help="The probability that each claim holds, over what the sources leave uncertain.",
                epilog=examples("capacity simulate",
                                "capacity simulate --year 2023 --samples 1000000",
                                "capacity simulate --only polysilicon --format json"))(simulate)
