"""The typer app. Commands live in cli/cmd_*.py; each registers itself here."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from . import cmd_check, cmd_data, cmd_extract, cmd_report, cmd_simulate, cmd_whatif
from .common import EXIT_CODES_HELP, STATE

app = typer.Typer(
    name="capacity",
    help="Capacity and share calculator for regional industrial-policy targets.\n\n"
    "Runs on the bundled Baotou 2024 data (包黨發〔2024〕1號) unless --targets/--national name your own files.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich help panels cost ~90 ms of start-up (BENCHMARKS.md)
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from capacity import __version__

        typer.echo(f"capacity {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")] = False,
) -> None:
    """Capacity and share calculator for regional industrial-policy targets."""
    STATE["debug"] = debug


for module in (cmd_report, cmd_check, cmd_whatif, cmd_simulate, cmd_data, cmd_extract):
    module.register(app)


def run() -> None:
    """Console-script entry point."""
    from .common import refuse_non_utf8_argv

    refuse_non_utf8_argv(sys.argv[1:])  # before click echoes '\udcff' in a usage error
    try:
        app(prog_name="capacity")
    except BrokenPipeError:  # `capacity report | head`
        sys.exit(0)
