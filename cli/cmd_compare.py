"""capacity compare: regions side by side, aligned by national quantity."""

from __future__ import annotations

import typer

from .common import EXIT_OK, FormatOpt, Shared, check_format, emit, guarded, shared_options

FORMATS = ("table", "json", "csv", "markdown")


@guarded
@shared_options()
def compare(
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    fmt: FormatOpt = "table",
) -> None:
    """Regions side by side: a row per national quantity with each region's figure, share and verdict, and
    what the regions' plans add up to against the national figure (a region with `parent:` is shown as a
    fraction of its parent, never added). Give each region with --targets FILE.

    Exit codes: 0 (an analysis), 2 bad input or usage.
    """
    check_format(fmt, FORMATS)
    from capacity.compare import compare as do_compare
    from capacity.views import compare_doc

    emit(compare_doc(do_compare(shared.load(), shared.options())), fmt)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare)
