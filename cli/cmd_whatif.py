"""What-if commands: whatif (scenario beside baseline), solve (goal seek), sweep (data table)."""

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
    EXIT_OK,
    BasisOpt,
    DropOpt,
    FactorOpt,
    FormatOpt,
    SaveScenarioOpt,
    ScenarioOpt,
    ScopeOpt,
    SetOpt,
    Shared,
    SourceOpt,
    TargetsOpt,
    UnitsOpt,
    YearOpt,
    check_basis,
    check_format,
    check_units,
    emit,
    fail_input,
    guarded,
    NationalOnlyOpt,
    load_split,
    say_year_fallbacks,
    shared_options,
    examples,
    MEANINGS,
)

FORMATS = ("table", "json", "csv", "markdown", "xlsx")


@guarded
@shared_options()
def whatif(
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    save_scenario: SaveScenarioOpt = None,
    all_rows: Annotated[bool, typer.Option("--all", help="Show unchanged results too.")] = False,
    units: UnitsOpt = "doc",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    lang: LangOpt = None,
) -> None:
    """Baseline beside scenario for every result: the delta, and the verdicts that flip.

    Exit codes: 0 every decidable claim holds in the scenario, 1 at least one fails, 2 bad input.
    """
    check_format(fmt, FORMATS)
    check_out(fmt, output, bom, shared.inputs())
    lang = check_lang(lang)
    from capacity.evaluate import exit_code
    from capacity.views import whatif_doc
    from capacity.whatif import whatif as do_whatif

    base, overrides = shared.load_split(save_scenario)
    if not overrides:
        raise fail_input("whatif needs at least one override",
                         "e.g. capacity whatif --national polysilicon=330萬噸, --drop-project 通威三期, "
                         "--set wafers=100GW, --factor polysilicon_per_watt=2.4g/W or --scenario FILE")
    result = do_whatif(base, overrides, shared.options())
    say_year_fallbacks(result["report"])
    check_units(units)
    emit(whatif_doc(result, show_all=all_rows, units=units), fmt, output, bom, lang, shared.inputs())
    raise typer.Exit(exit_code(result["report"]))


@guarded
def solve(
    target: Annotated[str, typer.Argument(metavar="TARGET", help="A target id with a share or supply threshold, e.g. polysilicon.")],
    targets: TargetsOpt = None,
    national: Annotated[Optional[List[str]], typer.Option(
        "--national", "-n", metavar="QUANTITY|FILE|ID=QUANTITY", help="The national total to solve against (QUANTITY, e.g. 330萬噸), a national FILE, "
        "or an override ID=QUANTITY.", show_default=False, rich_help_panel="Data")] = None,
    national_only: NationalOnlyOpt = None,
    year: YearOpt = None,
    basis: BasisOpt = None,
    source: SourceOpt = None,
    scope: ScopeOpt = None,
    set_: SetOpt = None,
    factor: FactorOpt = None,
    drop_project: DropOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    units: UnitsOpt = "doc",
    lang: LangOpt = None,
) -> None:
    """Goal seek in closed form: the local figure a claim needs, the largest national total at which the
    current figure holds (headroom), and for supply ratios the factor at which the ratio breaks even."""
    check_format(fmt, FORMATS)
    check_out(fmt, output, bom, input_paths(targets, national, scenario))
    lang = check_lang(lang)
    check_units(units)
    check_basis(basis)
    from capacity.evaluate import Options
    from capacity.scenario import apply_overrides
    from capacity.views import solve_doc
    from capacity.whatif import solve as do_solve

    nat_values = []
    for v in national or []:
        if "=" not in v and not Path(v).exists() and _is_figure(v):
            nat_values.append(("__target__", v))
        else:
            nat_values.append((None, v))
    base, overrides = load_split(targets, [v for k, v in nat_values if k is None], set_, factor, drop_project,
                                  scenario, national_only=national_only)
    bare = [v for k, v in nat_values if k == "__target__"]
    if bare:
        from capacity.whatif import national_for_target

        overrides.items.extend(national_for_target(base, target, bare[-1]))
    ds = apply_overrides(base, overrides)
    emit(solve_doc(do_solve(ds, target, Options(year=year, basis=basis, source=source, scope=scope)), units=units), fmt,
         output, bom, lang, input_paths(targets, national, scenario))
    raise typer.Exit(EXIT_OK)


def _is_figure(text: str) -> bool:
    from capacity.errors import InputError
    from capacity.units import parse_figure

    try:
        parse_figure(text)
        return True
    except InputError:
        return False


@guarded
@shared_options()
def sweep(
    param: Annotated[str, typer.Argument(metavar="PARAM", help="national.ID, target.ID or factor.ID, e.g. national.polysilicon.")],
    start: Annotated[str, typer.Argument(metavar="FROM", help="First value, e.g. 200萬噸.")],
    stop: Annotated[str, typer.Argument(metavar="TO", help="Last value, e.g. 400萬噸.")],
    steps: Annotated[int, typer.Option("--steps", metavar="N", help="Number of values from FROM to TO (2-1000).")] = 11,
    shared: Shared = None,  # type: ignore[assignment]  # the shared options, filled in by @shared_options
    chart: Annotated[bool, typer.Option("--chart/--no-chart", help="Draw a chart in the terminal (table format).")] = True,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    bom: BomOpt = False,
    units: UnitsOpt = "doc",
    lang: LangOpt = None,
) -> None:
    """A data table: one parameter from FROM to TO against every result it moves, with the exact values at
    which a verdict flips (solved, not interpolated) and a chart in the terminal."""
    check_format(fmt, FORMATS)
    check_out(fmt, output, bom, shared.inputs())
    lang = check_lang(lang)
    check_units(units)
    from capacity.views import sweep_doc
    from capacity.whatif import sweep as do_sweep

    result = do_sweep(shared.load(), param, start, stop, steps, shared.options())
    emit(sweep_doc(result, chart=chart and fmt == "table", units=units), fmt, output, bom, lang, shared.inputs())
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command("whatif", short_help="Baseline beside scenario for every result: the deltas and the verdicts that flip.",
                epilog=examples("capacity whatif --drop-project 通威三期",
                                "capacity whatif --national polysilicon=230萬噸 --all",
                                "capacity whatif --scenario examples/tongwei-slips.yaml"))(whatif)
    app.command("solve", short_help="Goal seek: the local figure a claim needs, its headroom, the break-even factor.",
                epilog=MEANINGS + "\n\n" + examples("capacity solve polysilicon",
                                                    "capacity solve polysilicon --national 330萬噸",
                                                    "capacity solve industrial_silicon --units si"))(solve)
    app.command("sweep", short_help="One parameter from FROM to TO against every result it moves; where verdicts flip.",
                epilog=examples("capacity sweep national.polysilicon 200萬噸 400萬噸 --steps 9",
                                "capacity sweep target.wafers 80GW 200GW --steps 4",
                                "capacity sweep factor.industrial_silicon_per_polysilicon 1t/t 1.3t/t"))(sweep)
