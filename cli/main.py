"""The typer app. Commands live in cli/cmd_*.py; COMMANDS below names each one's module.

Commands are built lazily: ``capacity check`` imports and builds only ``cmd_check``'s ``check``, and
``capacity --help`` builds none (it shows the summaries in COMMANDS; a test keeps them equal to each
command's own help). Adding a command is one row in COMMANDS and a ``register`` line in its module.
"""


import gc
import importlib
import os
import sys
from typing import Annotated, Any, Iterator, MutableMapping, Optional

import typer
from typer.core import TyperGroup

from .state import EXIT_CODES_HELP, STATE  # not .common: `capacity --help` needs none of its options


def _wide_aware_help_wrapping() -> None:
    """Click wraps help text counting characters, so a line holding Chinese (two cells a character)
    overflows the terminal. Wrap each paragraph narrower by its number of wide characters: the line
    then fits in cells whatever it holds. Help-only; a no-op if typer's vendored click changes."""
    try:
        from typer._click import formatting
    except ImportError:  # pragma: no cover - typer without a vendored click
        return
    original = formatting.wrap_text
    if getattr(original, "_wide_aware", False):
        return

    def wide(text: str) -> int:  # CJK and full-width forms: two cells each
        return 0 if text.isascii() else sum(1 for c in text if ord(c) > 0x2e7f)

    def wrap_text(text: str, width: int = 78, *args: Any, **kwargs: Any) -> str:
        if not wide(text):
            return original(text, width, *args, **kwargs)
        return "\n\n".join(original(p, max(20, width - wide(p)), *args, **kwargs) for p in text.split("\n\n"))

    wrap_text._wide_aware = True  # type: ignore[attr-defined]
    formatting.wrap_text = wrap_text


_wide_aware_help_wrapping()


def _usage_lang(ctx: Any) -> str:
    """The language of a usage error: ``--lang`` among the arguments given (click fails before it reads
    them), else the locale's (capacity.messages.OUTPUT, set by the callback)."""
    args = list((getattr(ctx, "meta", None) or {}).get("capacity.args", ()))  # meta: shared by the chain
    while ctx is not None:
        lang = (getattr(ctx, "params", None) or {}).get("lang")
        if lang in ("zh", "en"):
            return lang
        ctx = ctx.parent
    import sys

    given = [*args, *sys.argv[1:]]
    for i, a in enumerate(given):
        if a == "--lang" and i + 1 < len(given) and given[i + 1] in ("zh", "en"):
            return given[i + 1]
        if a in ("--lang=zh", "--lang=en"):
            return a[7:]
    from capacity.messages import OUTPUT

    return OUTPUT["lang"]


def _worded_usage_errors() -> None:
    """Click's own usage errors ("No such option", "Missing argument", "Usage:") in the run's language:
    under zh, ``UsageError.show`` says them from the message table (capacity.messages); English is
    click's own text. Nothing is imported until an error is shown (``--help`` costs nothing)."""
    try:
        from typer._click import exceptions as ex
    except ImportError:  # pragma: no cover - typer without a vendored click
        return
    original = ex.UsageError.show
    if getattr(original, "_worded", False):
        return

    def zh_message(e: Any) -> str:
        import re

        from capacity.messages import message

        def m(code: str, **kw: Any) -> str:
            return message(code, "zh", **kw)

        if isinstance(e, ex.NoSuchOption) and e.message.startswith("No such option: "):
            text = m("click.no_such_option", name=e.message[len("No such option: "):])
            if e.possibilities:
                text += m("click.possible", names=", ".join(sorted(e.possibilities)))
            return text
        if isinstance(e, ex.MissingParameter) and not e.message:
            hint = e.param_hint if e.param_hint is not None else (e.param.get_error_hint() if e.param else "")
            hint = ex._join_param_hints(hint) or ""
            kind = e.param_type or (e.param.param_type_name if e.param else "parameter")
            return m("click.missing." + (kind if kind in ("argument", "option") else "parameter"), hint=hint)
        if isinstance(e, ex.BadParameter) and not isinstance(e, ex.MissingParameter):
            hint = e.param_hint if e.param_hint is not None else (e.param.get_error_hint() if e.param else None)
            hint = ex._join_param_hints(hint)
            return m("click.invalid_for", hint=hint, text=e.message) if hint else m("click.invalid", text=e.message)
        extra = re.fullmatch(r"Got unexpected extra arguments? \((.*)\)", e.message or "", re.S)
        if extra:
            return m("click.extra", args=extra.group(1))
        return e.format_message()

    def show(self: Any, file: Any = None) -> None:
        try:
            zh = _usage_lang(self.ctx) == "zh"
        except Exception:  # noqa: BLE001 - never lose the error itself over its language
            zh = False
        if not zh:
            return original(self, file)
        try:
            said = zh_message(self)
        except Exception:  # noqa: BLE001 - a click of another shape: its own words
            return original(self, file)
        from capacity.messages import message

        if file is None:
            file = ex.get_text_stderr()
        color = self.ctx.color if self.ctx is not None else None
        if self.ctx is not None:
            usage = self.ctx.get_usage()
            if usage.startswith("Usage: "):
                usage = message("click.usage", "zh", usage=usage[len("Usage: "):])
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = message("click.try", "zh", command=self.ctx.command_path,
                               option=self.ctx.help_option_names[0]) + "\n"
            ex.echo(f"{usage}\n{hint}", file=file, color=color)
        ex.echo(message("click.error", "zh", text=said), file=file, color=color)

    show._worded = True  # type: ignore[attr-defined]
    ex.UsageError.show = show


_worded_usage_errors()

#: name → (module in cli/, the summary `capacity --help` shows, whole: the command's short help).
COMMANDS: dict[str, tuple[str, str]] = {
    "report": ("cmd_report", "The one-screen summary: shares, local supply, rollups and progress."),
    "reconcile": ("cmd_report", "Each share claim against every national figure: on which is it true?"),
    "check": ("cmd_check", "Run every check for CI: exit 1 when a claim stops holding."),
    "schema": ("cmd_check", "Print the JSON Schema of the data files, for editors and CI."),
    "whatif": ("cmd_whatif", "Baseline beside scenario for every result: the deltas and the verdicts that flip."),
    "solve": ("cmd_whatif", "Goal seek: the local figure a claim needs, its headroom, the break-even factor."),
    "sweep": ("cmd_whatif", "One parameter from FROM to TO against every result it moves; where verdicts flip."),
    "simulate": ("cmd_simulate", "The probability that each claim holds, over what the sources leave uncertain."),
    "targets": ("cmd_data", "The document's targets and named projects, each figure as written."),
    "convert": ("cmd_data", "Convert a figure to another unit (200萬千瓦時 to MWh)."),
    "validate": ("cmd_data", "Check data files: every error with file:line:column."),
    "sources": ("cmd_data", "The national figures and conversion factors, with year, basis and source."),
    "compare": ("cmd_compare", "Regions side by side: a row per national quantity with each region's figure, share "
                "and verdict, and what the regions' plans add up to against the national figure (a region with "
                "`parent:` is shown as a fraction of its parent, never added)."),
    "glossary": ("cmd_glossary", "The words the tables use (share, basis, scope, proxy, rollup, headroom, tornado "
                 "…), explained in English or Chinese."),
    "extract": ("cmd_extract", "Draft a targets YAML from a policy text: every figure as written, with its sentence, "
                "section, clause, lead units, comparator and threshold; guesses marked `# review:`."),
}

_BUILT: dict[str, Any] = {}  # name → click command, built once per process


def build_command(name: str) -> Any:
    """Import the command's module and build its click command (typer's own conversion, for one command)."""
    if name not in _BUILT:
        module = importlib.import_module(f"{__package__}.{COMMANDS[name][0]}")
        sub = typer.Typer(rich_markup_mode=None)
        module.register(sub)
        for info in sub.registered_commands:
            if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:  # type: ignore[union-attr]
                command = typer.main.get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
                from .params import lighten

                lighten(command)
                _BUILT[name] = command
                break
        else:
            raise LookupError(f"{module.__name__} registers no command '{name}'")
    return _BUILT[name]


class _LazyCommands(MutableMapping):
    """The group's ``commands``: every name in COMMANDS, each built when first looked up."""

    def __init__(self) -> None:
        self.extra: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name in self.extra:
            return self.extra[name]
        if name in COMMANDS:
            return build_command(name)
        raise KeyError(name)

    def __setitem__(self, name: str, command: Any) -> None:
        self.extra[name] = command

    def __delitem__(self, name: str) -> None:
        del self.extra[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (n for n in self.extra if n not in COMMANDS)

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self.extra))

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self.extra


class LazyGroup(TyperGroup):
    """A TyperGroup whose commands are built on first use; its help lists them from COMMANDS."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands()
        from .params import lighten

        lighten(self)  # --version, --debug, --no-cache

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from .params import lighten

        lighten(self)  # the completion options, appended after __init__ (typer's add_completion)
        ctx.meta["capacity.args"] = tuple(args)  # the words given: a usage error's language (--lang)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        names = [n for n in self.list_commands(ctx) if n in COMMANDS]
        if not names:
            return
        rows = [(n, COMMANDS[n][1]) for n in names]  # whole: wrapped by the formatter, never cut with "..."
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="capacity",
    cls=LazyGroup,
    help="Capacity and share calculator for regional industrial-policy targets.\n\n"
    "Runs on the bundled Baotou 2024 data (包黨發〔2024〕1號) unless --targets/--national name your own files.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (typer imports its completion code anyway)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: rich help panels cost ~90 ms of start-up (BENCHMARKS.md)
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from capacity import __version__

        typer.echo(f"capacity {__version__}")
        raise typer.Exit(0)


def _config() -> Any:
    """The project's defaults ([tool.capacity]: capacity/config.py); bad configuration is exit 2."""
    from capacity.config import load
    from capacity.errors import InputError

    from .common import EXIT_INPUT, err

    try:
        return load()
    except InputError as exc:
        err(exc.format())
        raise typer.Exit(EXIT_INPUT) from None


def _show_config(value: bool) -> None:
    if not value:
        return
    from capacity.config import KEYS

    from .common import write_out

    config = _config()
    from .common import locale_lang

    builtin = {"targets": "the bundled data", "national": "the bundled data", "lang": locale_lang(),  # the locale's
               "units": "doc", "tolerance": "2.5 (a target's own tolerance wins)"}
    lines = [f"configuration: {config.path}" if config.path else
             "configuration: none found (capacity.toml, or [tool.capacity] in pyproject.toml, from here up)"]
    for key in KEYS:
        value = config.values.get(key)
        shown = builtin[key] if value is None else ", ".join(value) if isinstance(value, list) else str(value)
        lines.append(f"  {key:<10} {shown}  ({config.source(key)})")
    lines.append("An option given on the command line wins over these.")
    write_out("\n".join(lines) + "\n")
    raise typer.Exit(0)


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an unexpected error.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read the data files afresh and leave the cache alone "
                                           "(also CAPACITY_CACHE=0).")] = False,
    show_config: Annotated[Optional[bool], typer.Option(
        "--show-config", callback=_show_config, is_eager=True,
        help="Print the defaults that apply (targets, national, lang, units, tolerance) and the file they come "
        "from: [tool.capacity] in the nearest pyproject.toml, or a capacity.toml. The command line wins.")] = None,
) -> None:
    """Capacity and share calculator for regional industrial-policy targets."""
    STATE["debug"] = debug
    from capacity.messages import set_output_lang

    from .common import locale_lang

    set_output_lang(locale_lang())  # errors before a command reads --lang: in the locale's language
    STATE["no_cache"] = no_cache
    config = _config()
    if config.values and ctx.invoked_subcommand:  # defaults for the command's options of those names
        ctx.default_map = {ctx.invoked_subcommand: dict(config.values)}


def run() -> None:
    """Console-script entry point."""
    # Nothing the CLI builds has reference cycles that matter for one run: the cyclic collector only
    # re-walks everything loaded (quadratic on big inputs; see BENCHMARKS.md). Refcounting frees the rest.
    gc.disable()
    import capacity

    capacity.PINT_WITHOUT_NUMPY = True  # a check needs no numpy: 60 ms of `import pint` (capacity/units)
    if not all(a.isascii() for a in sys.argv[1:]):  # a byte that is not UTF-8 is never ASCII
        from .common import refuse_non_utf8_argv

        refuse_non_utf8_argv(sys.argv[1:])  # before click echoes '\udcff' in a usage error
    closed = sys.stdout is None and any(a in ("-h", "--help", "--version") for a in sys.argv[1:])
    try:
        app(prog_name="capacity")
    except SystemExit as exc:
        if closed and exc.code in (0, None):  # click's help or version for a closed stdout (>&-): lost, said
            from .common import _stdout_lost_exit

            _stdout_lost_exit(0, force=True)
        raise
    except BrokenPipeError:  # `capacity report | head`
        sys.exit(0)
    except OSError as exc:  # click's own help or version on a stdout that refuses it (/dev/full): no traceback
        from .common import err, stdout_error

        err(stdout_error(exc).format())
        sys.exit(2)
    finally:
        if "capacity.cache" in sys.modules:  # conversions this run computed, for the next one
            sys.modules["capacity.cache"].save_memo()


def entry() -> None:
    """The process's entry point (the ``capacity`` script, ``python -m capacity``): ``run``, then the process
    ends at once (``_end_now``). ``run`` itself ends by raising SystemExit, as a function called in a test."""
    try:
        run()
    except SystemExit as exc:
        _end_now(exc.code)
        raise
    _end_now(0)


def _end_now(code: object) -> None:
    """End the process with ``code`` without the interpreter's teardown, which frees every object one at a
    time: 0.5 s of a 100,000-target check (the data set, the results and the report, millions of objects
    the operating system takes back at once). What that teardown does that a run needs is done first: the
    exit handlers (atexit) run and the standard streams are flushed. Every output file is written and
    closed before the command returns (capacity.outputs, the cache). Anything unusual is left to Python's
    own exit, as before: a code that is not a number (a message), another thread still running, a stream
    that does not flush (a full disk: Python reports it as it did)."""
    code = 0 if code is None else code
    if type(code) is not int or not 0 <= code <= 255:
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() != 1:
        return
    import atexit

    atexit._run_exitfuncs()  # noqa: SLF001 - what Py_Finalize runs first; they run once (the list is cleared)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):  # a full disk, a closed stream: Python's exit says what it says
        return
    os._exit(code)
