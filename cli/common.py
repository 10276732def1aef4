"""Shared options and plumbing for every command. Imports only typer at module level: the
library (and pint) load inside the commands, so ``capacity --help`` stays fast."""

from __future__ import annotations

import errno
import functools
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Callable, List, Optional

import typer
from typer.core import TyperArgument

# Usage and argument lines show the metavar (TARGET, FILE…), never a Python type (<list[str]>, <str>).
TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2

EXIT_CODES_HELP = "Exit codes: 0 ok, 1 a checked threshold failed, 2 bad input or usage."

STATE = {"debug": False, "no_cache": False}

# --------------------------------------------------------------------------------------------- options

TargetsOpt = Annotated[Optional[List[Path]], typer.Option(
    "--targets", "-t", metavar="FILE", help="A targets YAML file (repeatable: one region each). Default: the bundled data.",
    show_default=False, rich_help_panel="Data")]
NationalOpt = Annotated[Optional[List[str]], typer.Option(
    "--national", "-n", metavar="FILE|ID=QUANTITY", help="A national YAML FILE whose quantities, figures and factors are "
    "added to the bundled ones (yours win where quantity, year, basis and source meet), or an override ID=QUANTITY "
    "(national total, e.g. polysilicon=330萬噸). Repeatable.", show_default=False, rich_help_panel="Data")]
NationalOnlyOpt = Annotated[Optional[Path], typer.Option(
    "--national-only", metavar="FILE", help="A national YAML FILE used instead of the bundled one.",
    show_default=False, rich_help_panel="Data")]
YearOpt = Annotated[Optional[int], typer.Option("--year", metavar="YEAR", help="Year of the national figure (default: newest).",
                                               rich_help_panel="Denominator")]
BasisOpt = Annotated[Optional[str], typer.Option("--basis", metavar="BASIS", help="capacity | production | installed "
                                                "(default: capacity).", rich_help_panel="Denominator")]
SourceOpt = Annotated[Optional[str], typer.Option("--source", metavar="TEXT", help="Use national figures whose source contains "
                                                 "this text.", rich_help_panel="Denominator")]
ToleranceOpt = Annotated[Optional[float], typer.Option(
    "--tolerance", metavar="PP", help="Percentage points below the threshold that an approximate claim (約40%, "
    "comparator about) may fall and still be about right (default 2.5; a target's own tolerance wins).",
    min=0, max=100, rich_help_panel="Denominator")]
ScopeOpt = Annotated[Optional[str], typer.Option("--scope", metavar="SCOPE", help="Use national figures of this scope "
                                               "(default: national; e.g. listed_firms, sample).",
                                               rich_help_panel="Denominator")]
SetOpt = Annotated[Optional[List[str]], typer.Option(
    "--set", metavar="ID=QUANTITY", help="Override a target's local figure: ID=QUANTITY, e.g. polysilicon=80萬噸.",
    show_default=False, rich_help_panel="What-if")]
FactorOpt = Annotated[Optional[List[str]], typer.Option(
    "--factor", metavar="ID=QUANTITY", help="Override a conversion factor: ID=QUANTITY, e.g. polysilicon_per_watt=2.4g/W.",
    show_default=False, rich_help_panel="What-if")]
DropOpt = Annotated[Optional[List[str]], typer.Option(
    "--drop-project", metavar="NAME", help="Remove a named project (as written, e.g. 通威三期) from the target it feeds.",
    show_default=False, rich_help_panel="What-if")]
ScenarioOpt = Annotated[Optional[List[Path]], typer.Option(
    "--scenario", metavar="FILE", help="A scenario YAML file of overrides (repeatable, applied in order; the command line "
    "applies last).", show_default=False, rich_help_panel="What-if")]
SaveScenarioOpt = Annotated[Optional[Path], typer.Option(
    "--save-scenario", metavar="FILE", help="Write this command line's overrides to a scenario file.", rich_help_panel="What-if")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="table | json | csv | markdown | xlsx "
                                        "(with -o FILE).")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the output to FILE "
                                                   "(required by --format xlsx) instead of stdout.", show_default=False)]
BomOpt = Annotated[bool, typer.Option("--bom", help="With --format csv: start with a UTF-8 byte-order mark, so that Excel "
                                      "opens the file with Chinese intact.")]
LangOpt = Annotated[Optional[str], typer.Option("--lang", metavar="zh|en", help="Language of titles, headers, verdicts, "
                                                "legends and summary lines in tables and Markdown (default: en). Data "
                                                "(names, figures, sources) stay as written; JSON, CSV and xlsx keys stay "
                                                "English.", show_default=False)]
UnitsOpt = Annotated[str, typer.Option("--units", metavar="doc|si", help="Figures in tables: doc (default: in the units the "
                                       "document writes, e.g. 87萬噸) or si (t, GW, MWh). JSON, CSV and xlsx "
                                       "always carry SI magnitudes with their unit.")]


def check_lang(lang: Optional[str]) -> Optional[str]:
    if lang is not None and lang not in ("zh", "en"):
        raise fail_input(f"--lang '{lang}' is not one of zh, en")
    return lang


def check_units(units: str) -> str:
    if units not in ("doc", "si"):
        raise fail_input(f"--units '{units}' is not one of doc, si")
    return units


def examples(*lines: str) -> str:
    """An Examples section for a command's --help (click keeps the lines as written after \\b)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {x}" for x in lines)


MEANINGS = ("±pp: share − threshold, in percentage points. Gap: threshold × national − local, the capacity still "
            "missing (negative: to spare). Headroom: local / threshold, the largest national total at which the "
            "claim holds. Bar: █ the share, ░ the unknown part of a bounded share, ┃ the threshold.")


# --------------------------------------------------------------------------------------------- errors


def fail_input(message: str, hint: Optional[str] = None) -> "typer.Exit":
    err(f"error: {message}" + (f"\n  hint: {hint}" if hint else ""))
    return typer.Exit(EXIT_INPUT)


def err(text: str) -> None:
    """A message on stderr. A closed or broken stderr loses the message, never the exit code."""
    stream = sys.stderr
    if stream is None:  # started with stderr closed (2>&-)
        return
    try:
        stream.write(text.rstrip("\n") + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass
    except UnicodeEncodeError:  # a stderr that cannot encode the text: say it in ASCII
        try:
            stream.write(text.rstrip("\n").encode("ascii", "backslashreplace").decode("ascii") + "\n")
            stream.flush()
        except (OSError, ValueError, UnicodeError):
            pass


def _surrogate_arg(values: Any) -> Optional[str]:
    """The first argument that is not valid UTF-8 (Python keeps its bytes as lone surrogates)."""
    stack = [values]
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple)):
            stack.extend(v)
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, (str, Path)):
            text = str(v)
            if any("\udc80" <= ch <= "\udcff" for ch in text):
                return text
    return None


def _not_utf8(text: str) -> str:
    shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    byte = next(ord(ch) - 0xDC00 for ch in text if "\udc80" <= ch <= "\udcff")
    return f"error: the argument '{shown}' is not UTF-8 (byte 0x{byte:02x})\n" \
           "  hint: give file names and values in UTF-8 (rename the file, or set a UTF-8 locale)"


def refuse_non_utf8_argv(argv: List[str]) -> None:
    """Exit 2 with one line naming the first command-line argument that is not UTF-8."""
    bad = _surrogate_arg(argv)
    if bad is not None:
        err(_not_utf8(bad))
        sys.exit(EXIT_INPUT)


def _stdout_encoding_error(exc: UnicodeEncodeError) -> bool:
    enc = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    return bool(enc) and exc.encoding.lower().replace("_", "-") == enc


def guarded(fn: Callable) -> Callable:
    """Map library errors to exit 2 with one clear message; tracebacks only with --debug."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from capacity.errors import InputError

        bad = _surrogate_arg([list(args), kwargs])
        if bad is not None:
            err(_not_utf8(bad))
            raise typer.Exit(EXIT_INPUT)
        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except InputError as exc:
            if STATE["debug"]:
                import traceback

                traceback.print_exc()
            err(exc.format())
            raise typer.Exit(EXIT_INPUT) from None
        except (typer.Abort, KeyboardInterrupt):
            err("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            except OSError:
                pass
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if isinstance(exc, UnicodeEncodeError) and _stdout_encoding_error(exc):
                bad = exc.object[exc.start:exc.end] if isinstance(exc.object, str) else "?"
                err(f"error: cannot write to stdout: its encoding ({sys.stdout.encoding}) cannot encode {bad!a}\n"
                    "  hint: set PYTHONIOENCODING=utf-8 or a UTF-8 locale (LANG=C.UTF-8)")
                raise typer.Exit(EXIT_INPUT) from None
            if STATE["debug"]:  # the traceback, then the same message and exit 2 (exit 1 means "a threshold failed")
                import traceback

                traceback.print_exc()
            err(f"internal error: {type(exc).__name__}: {exc}\n  hint: this is a bug in capacity; rerun with "
                "`capacity --debug ...` to see the traceback, and report it")
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper


# --------------------------------------------------------------------------------------------- data


def _exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except OSError:  # e.g. a name too long for the file system: an override, not a file
        return False


def split_national(values: Optional[List[str]]) -> tuple[Optional[str], list[str]]:
    """``--national`` is a FILE or an ID=QUANTITY override: tell them apart."""
    file: Optional[str] = None
    overrides: list[str] = []
    for v in values or []:
        if "=" in v and not _exists(v):
            overrides.append(v)
        else:
            if file is not None:
                raise fail_input(f"--national names two files ('{file}' and '{v}')",
                                 "give one national file; overrides take the form ID=QUANTITY")
            file = v
    return file, overrides


def load_split(targets: Optional[List[Path]], national: Optional[List[str]], set_: Optional[List[str]] = None,
               factor: Optional[List[str]] = None, drop: Optional[List[str]] = None,
               scenarios: Optional[List[Path]] = None, save: Optional[Path] = None,
               national_only: Optional[Path] = None):  # noqa: ANN201
    """The baseline dataset and the overrides (scenario files first, then the command line), kept
    apart; the command line's overrides are saved to ``save`` if asked."""
    from capacity import scenario
    from capacity.cache import load_dataset  # the loader, through the cache of loaded datasets

    nat_file, nat_overrides = split_national(national)
    if save is not None:  # refused before any work: an input, a folder, a read-only file…
        from capacity.outputs import check_output

        check_output(save, input_paths(targets, national, scenarios, national_only), what="scenario file")
    cli_overrides = scenario.from_cli(set_ or [], nat_overrides, factor or [], drop or [])
    overrides = scenario.Overrides()
    for path in scenarios or []:
        overrides.extend(scenario.read_scenario(path))
    overrides.extend(cli_overrides)
    base = load_dataset([str(t) for t in targets] if targets else None, str(national_only) if national_only else None,
                        national_layers=[nat_file] if nat_file else [], use_cache=not STATE.get("no_cache"))
    if save is not None:
        scenario.apply_overrides(base, overrides)  # refuse to save overrides that do not apply
        scenario.save_scenario(save, cli_overrides, inputs=input_paths(targets, national, scenarios, national_only))
        err(f"saved {len(cli_overrides.items)} override(s) to {save}")
    return base, overrides


def input_paths(targets: Optional[List[Path]], national: Optional[List[str]],
                scenarios: Optional[List[Path]] = None, national_only: Optional[Path] = None) -> list[str]:
    """Every file the run reads (the bundled data when no file is named): no output may be one of them."""
    from capacity.bundled import bundled_path  # not capacity.load: a cache hit imports neither YAML nor the loader

    nat_file, _ = split_national(national)
    paths = [str(t) for t in targets or []] or [str(bundled_path("targets.yaml"))]
    paths.append(str(national_only) if national_only else str(bundled_path("national.yaml")))
    if nat_file:  # added to the bundled (or --national-only) file
        paths.append(nat_file)
    paths.extend(str(s) for s in scenarios or [])
    return paths


def load(targets: Optional[List[Path]], national: Optional[List[str]], set_: Optional[List[str]] = None,
         factor: Optional[List[str]] = None, drop: Optional[List[str]] = None,
         scenarios: Optional[List[Path]] = None, save: Optional[Path] = None,
         national_only: Optional[Path] = None):  # noqa: ANN201
    """Load the data and apply the overrides: the dataset every computing command starts from."""
    nat_file, nat_overrides = split_national(national)
    if not (set_ or factor or drop or scenarios or nat_overrides or save is not None):  # no what-if: no YAML
        from capacity.cache import load_dataset  # needed beyond the data files (a cache hit reads none)

        return load_dataset([str(t) for t in targets] if targets else None, str(national_only) if national_only else None,
                            national_layers=[nat_file] if nat_file else [], use_cache=not STATE.get("no_cache"))
    from capacity.scenario import apply_overrides

    base, overrides = load_split(targets, national, set_, factor, drop, scenarios, save, national_only)
    return apply_overrides(base, overrides)


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    if fmt not in allowed:
        raise fail_input(f"--format '{fmt}' is not one of {', '.join(allowed)}")
    return fmt


def check_basis(basis: Optional[str]) -> Optional[str]:
    if basis is not None and basis not in ("capacity", "production", "installed"):
        raise fail_input(f"--basis '{basis}' is not one of capacity, production, installed")
    return basis


def _stdout_to_devnull() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def write_out(text: str | bytes) -> None:
    """Data (text, or UTF-8 bytes as the JSON encoder writes them) to stdout. A reader that leaves early
    (`| head`) ends the output, not the command: the exit code stays the one the command computed (1 when
    a check failed)."""
    stream = sys.stdout
    if stream is None:  # started with stdout closed (>&-): the output is lost, the exit code is not
        return
    try:
        if isinstance(text, bytes):
            buffer = getattr(stream, "buffer", None)
            if buffer is None:  # a text-only stream (a test's StringIO)
                stream.write(text.decode("utf-8"))
            else:
                stream.flush()
                buffer.write(text)
                buffer.flush()
        else:
            stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _stdout_to_devnull()
    except UnicodeEncodeError:
        raise  # guarded says which encoding, in one line
    except (OSError, ValueError) as exc:  # a closed descriptor (EBADF) or a closed file
        if isinstance(exc, OSError) and exc.errno not in (errno.EBADF, errno.EPIPE, errno.EINVAL):
            raise
        return


def make_console(file: Any = None, width: Optional[int] = None):  # noqa: ANN201
    """A rich Console on stdout: colour only on a terminal and never under NO_COLOR; 120 columns when
    piped (or $COLUMNS); a closed pipe (`capacity report | head`) ends quietly with exit 0."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # the reader left: say nothing more, keep the exit code
            self.quiet = True
            _stdout_to_devnull()

    stream = file or sys.stdout
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    if width is None and not is_tty:
        cols = os.environ.get("COLUMNS", "")
        width = int(cols) if cols.isdigit() and int(cols) > 20 else 120
    return _Console(file=stream, width=width, highlight=False, soft_wrap=False,
                    no_color=bool(os.environ.get("NO_COLOR")) or None)


def check_out(fmt: str, output: Optional[Path], bom: bool = False, inputs: Any = ()) -> None:
    """Refuse, before any work, an output option that would do nothing or an output that may not be
    written (a folder, a missing folder, one of the run's inputs: capacity.outputs' rules)."""
    if bom and fmt != "csv":
        raise fail_input(f"--bom applies to --format csv, not --format {fmt}", "e.g. --format csv --bom -o out.csv")
    if fmt == "xlsx" and output is None:
        raise fail_input("--format xlsx writes a workbook: name it with -o FILE", "e.g. --format xlsx -o report.xlsx")
    if output is not None:
        from capacity.outputs import check_output

        check_output(output, inputs, what="workbook" if fmt == "xlsx" else "output")


def emit(doc: Any, fmt: str, output: Optional[Path] = None, bom: bool = False, lang: Optional[str] = None,
         inputs: Any = ()) -> None:
    """Render ``doc`` in ``fmt`` to stdout, or to ``output`` when named (never over one of ``inputs``);
    tables and Markdown in ``lang``."""
    from capacity.render import emit as render_emit

    check_out(fmt, output, bom, inputs)
    if lang and lang != "en" and fmt in ("table", "markdown"):
        from capacity.i18n import translate

        doc = translate(doc, lang)
    if fmt == "xlsx":
        from capacity.render.xlsx import write_xlsx

        write_xlsx(doc, output, inputs)  # type: ignore[arg-type]
        err(f"wrote {output}")
        return
    if output is None:
        if bom:
            write_out("\ufeff")
        render_emit(doc, fmt, write_out, make_console() if fmt == "table" else None)
        return
    import io

    from capacity.outputs import write_output

    buf = io.StringIO()
    render_emit(doc, fmt, buf.write, make_console(file=buf) if fmt == "table" else None)
    write_output(output, ("\ufeff" if bom else "") + buf.getvalue(), inputs)
    err(f"wrote {output}")


# --------------------------------------------------------------------------------------------- shared option groups

DATA_OPTIONS = (("targets", TargetsOpt), ("national", NationalOpt), ("national_only", NationalOnlyOpt))
DENOMINATOR_OPTIONS = (("year", YearOpt), ("basis", BasisOpt), ("source", SourceOpt), ("scope", ScopeOpt),
                       ("tolerance", ToleranceOpt))
DenominatorOpt = Annotated[str, typer.Option(
    "--denominator", metavar="WHICH", help="target: the target year's national figure decides (default); issued: the "
    "figure known when the document was issued (the newest full-year figure before it).",
    rich_help_panel="Denominator")]
OVERRIDE_OPTIONS = (("set_", SetOpt), ("factor", FactorOpt), ("drop_project", DropOpt), ("scenario", ScenarioOpt))


class Shared:
    """The options every computing command shares (data files, denominator, what-if overrides),
    handed to the command as one object by ``@shared_options``."""

    def __init__(self, **values: Any) -> None:
        self.targets = values.get("targets")
        self.national = values.get("national")
        self.national_only = values.get("national_only")
        self.year = values.get("year")
        self.basis = values.get("basis")
        self.source = values.get("source")
        self.tolerance = values.get("tolerance")
        self.scope = values.get("scope")
        self.set_ = values.get("set_")
        self.factor = values.get("factor")
        self.drop_project = values.get("drop_project")
        self.scenario = values.get("scenario")

    def load(self, save: Optional[Path] = None):  # noqa: ANN201
        """The dataset with every override applied."""
        return load(self.targets, self.national, self.set_, self.factor, self.drop_project, self.scenario, save,
                    self.national_only)

    def load_split(self, save: Optional[Path] = None):  # noqa: ANN201
        """(baseline dataset, overrides), kept apart."""
        return load_split(self.targets, self.national, self.set_, self.factor, self.drop_project, self.scenario, save,
                          self.national_only)

    def inputs(self) -> list[str]:
        """Every file this run reads: outputs may not be one of them (capacity.outputs)."""
        return input_paths(self.targets, self.national, self.scenario, self.national_only)

    def options(self, **extra: Any):  # noqa: ANN201
        """capacity.evaluate.Options for the denominator options (and ``extra``)."""
        from capacity.evaluate import Options

        if "denominator" in extra and extra["denominator"] not in ("target", "issued"):
            raise fail_input(f"--denominator '{extra['denominator']}' is not one of target, issued")
        return Options(year=self.year, basis=check_basis(self.basis), source=self.source, scope=self.scope,
                       tolerance=self.tolerance, **extra)


def say_year_fallbacks(report: dict) -> None:
    """A denominator from another year than asked is said on stderr, not only in the notes."""
    from capacity.evaluate import year_fallbacks

    for line in year_fallbacks(report):
        err(f"note: {line}")


def shared_options(denominator: bool = True, overrides: bool = True) -> Callable:
    """Give a command the shared options (as typer parameters) in place of its ``shared: Shared``
    parameter: one definition of them for every command, as sqlite-utils' ``output_options``."""
    import inspect
    import typing

    groups = DATA_OPTIONS + (DENOMINATOR_OPTIONS if denominator else ()) + (OVERRIDE_OPTIONS if overrides else ())

    def decorate(fn: Callable) -> Callable:
        hints = typing.get_type_hints(fn, include_extras=True)
        sig = inspect.signature(fn)
        params = []
        for p in sig.parameters.values():
            if p.name == "shared":
                params.extend(inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None,
                                                annotation=ann) for name, ann in groups)
            else:
                params.append(p.replace(annotation=hints.get(p.name, p.annotation)))
        names = [name for name, _ in groups]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            shared = Shared(**{n: kwargs.pop(n, None) for n in names})
            return fn(*args, shared=shared, **kwargs)

        wrapper.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params} | {"return": hints.get("return")}
        return wrapper

    return decorate
