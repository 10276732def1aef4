"""capacity compare: regions side by side, aligned by national quantity."""

from __future__ import annotations

import typer

from .common import (
    EXIT_OK,
    BomOpt,
    FormatOpt,
    LangOpt,
    OutputOpt,
    Shared,
    UnitsOpt,
    check_format,
    check_lang,
    check_out,
    check_units,
    emit,
    examples,
    guarded,
    replayed,
    shared_options,
)

FORMATS = ("table", "json", "csv", "markdown", "xlsx")


@guarded
@shared_options()
def compare(
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    units: UnitsOpt = "doc",
    lang: LangOpt = None,
) -> None:
    """Regions side by side: a row per national quantity with each region's figure, share and verdict, and
    what the regions' plans add up to against the national figure (a region with `parent:` is shown as a
    fraction of its parent, never added). Give each region with --targets FILE.

    Exit codes: 0 (an analysis), 2 bad input or usage.
    """
    check_format(fmt, FORMATS)
    check_out(fmt, output, bom, shared.inputs())
    check_units(units)
    lang = check_lang(lang)
    if fmt != "xlsx" and output is None:  # to stdout: replayable (capacity.replay)
        replayed("compare", {"shared": vars(shared), "format": fmt, "units": units, "lang": lang, "bom": bom},
                 shared.inputs(), table=fmt == "table")
    from capacity.compare import compare as do_compare
    from capacity.views import compare_doc

    emit(compare_doc(do_compare(shared.load(), shared.options()), units=units), fmt, output, bom, lang, shared.inputs())
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("compare", epilog=examples(
        "capacity compare -t data/targets.yaml -t examples/regions/zhundong.yaml",
        "capacity compare -t data/targets.yaml -t zhundong.yaml --units si --lang zh",
        "capacity compare -t ours.yaml -t theirs.yaml --format xlsx -o compare.xlsx"))(compare)
