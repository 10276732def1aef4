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

from .state import EXIT_CODES_HELP, EXIT_FAILED, EXIT_INPUT, EXIT_OK, STATE  # noqa: F401 - re-exported

# --------------------------------------------------------------------------------------------- options

TargetsOpt = Annotated[Optional[List[Path]], typer.Option(
    "--targets", "-t", metavar="FILE", help="A targets file: YAML, or a spreadsheet (.xlsx, .csv; docs/spreadsheets.md); "
    "- reads YAML from stdin. Repeatable: one region each. Default: the bundled data.",
    show_default=False, rich_help_panel="Data")]
NationalOpt = Annotated[Optional[List[str]], typer.Option(
    "--national", "-n", metavar="FILE|ID=QUANTITY", help="A national YAML FILE (- for stdin) whose quantities, figures and factors are "
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
    "comparator about) may fall and still be about right, below 50 (default: a target's own tolerance, else 2.5).",
    rich_help_panel="Denominator")]
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
                                        "(default: table, or what -o FILE's extension says).")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the output to FILE "
                                                   "instead of stdout; its extension (.xlsx .csv .json .md) sets the "
                                                   "format unless --format does. -o - is stdout.", show_default=False)]
BomOpt = Annotated[bool, typer.Option("--bom", help="With --format csv: start with a UTF-8 byte-order mark, so that Excel "
                                      "opens the file with Chinese intact.")]
LangOpt = Annotated[Optional[str], typer.Option("--lang", metavar="zh|en", help="Language of every word the tool "
                                                "writes: tables, notes, Markdown, HTML, xlsx sheets (default: the "
                                                "locale, LANG=zh_CN… is zh, else en). Data (names, figures, sources) "
                                                "stay as written; JSON and CSV keys stay English.", show_default=False)]
UnitsOpt = Annotated[str, typer.Option("--units", metavar="doc|si", help="Figures in tables: doc (default: in the units the "
                                       "document writes, e.g. 87萬噸) or si (t, GW, MWh). JSON, CSV and xlsx "
                                       "always carry SI magnitudes with their unit.")]


def check_lang(lang: Optional[str]) -> str:
    """The run's language: ``--lang`` (or the project's configuration), else the environment's locale
    (LC_ALL, LC_MESSAGES, LANG: one starting with zh is Chinese), else English. One rule for every
    output, the HTML page's included."""
    from capacity.messages import Msg, set_output_lang

    if lang is not None and lang not in ("zh", "en"):
        raise fail_input(Msg("err.not_one_of", option="--lang", value=lang, choices="zh, en"))
    lang = lang or locale_lang()
    set_output_lang(lang)
    return lang


def locale_lang() -> str:
    """zh when the environment's locale is Chinese (the first of LC_ALL, LC_MESSAGES, LANG that is set), else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def check_units(units: str) -> str:
    if units not in ("doc", "si"):
        from capacity.messages import Msg

        raise fail_input(Msg("err.not_one_of", option="--units", value=units, choices="doc, si"))
    return units


def examples(*lines: str) -> str:
    """An Examples section for a command's --help (click keeps the lines as written after \\b)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {x}" for x in lines)


MEANINGS = ("±pp: share − threshold, in percentage points. Gap: threshold × national − local, the capacity still "
            "missing (negative: to spare). Headroom: local / threshold, the largest national total at which the "
            "claim holds. Bar: █ the share, ░ the unknown part of a bounded share, ┃ the threshold.")


# --------------------------------------------------------------------------------------------- errors


def fail_input(message: str, hint: Optional[str] = None) -> "typer.Exit":
    from capacity.errors import InputError
    from capacity.messages import set_output_lang

    try:
        from typer._click.globals import get_current_context  # typer ≥ 0.20 carries its own click
    except ImportError:  # pragma: no cover - an older typer on click
        from click import get_current_context

    ctx = get_current_context(silent=True)  # an option checked before --lang was: the run's language
    lang = ctx.params.get("lang") if ctx is not None else None
    if lang in ("zh", "en"):
        set_output_lang(lang)
    err(InputError(message, hint=hint).format())  # a Msg message or hint in the run's language
    return typer.Exit(EXIT_INPUT)


def err(text: str) -> None:
    """A message on stderr. A closed or broken stderr loses the message, never the exit code."""
    rec = STATE["recorder"]
    if rec is not None:  # a run being recorded for replay (capacity.replay)
        rec.err(text)
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
        outputs = sys.modules.get("capacity.outputs")
        if outputs is not None:  # a new run names its outputs afresh (in-process runs follow one another)
            outputs.begin_run()
        STATE["stdout_lost"] = False
        STATE["recorder"] = None
        try:
            from capacity.workers import setting

            setting()  # CAPACITY_WORKERS=two is refused by every command, whether this run would fork or not
            kwargs = resolve_output(kwargs)
            result = fn(*args, **kwargs)
            _save_recording(EXIT_OK)
            _stdout_lost_exit(EXIT_OK)
            return result
        except typer.Exit as exc:
            _save_recording(exc.exit_code)
            _stdout_lost_exit(exc.exit_code)
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
        finally:
            STATE["recorder"] = None  # an error or an interruption: nothing is stored
            outputs = sys.modules.get("capacity.outputs")
            if outputs is not None:  # the run is over: its outputs bind nothing that follows in this process
                outputs.begin_run()

    return wrapper


# --------------------------------------------------------------------------------------------- -o and -

#: An output file's extension → the format it holds: ``-o r.xlsx`` means ``--format xlsx``.
EXTENSION_FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown",
                     ".html": "html", ".htm": "html"}
FORMAT_ALIASES = {"text": "table"}  # one format under two names


def _given(name: str) -> bool:
    """Whether the option ``name`` was given on the command line (or its environment variable), not defaulted."""
    try:
        from typer._click.core import ParameterSource
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover - another typer: every value counts as given
        return True
    ctx = get_current_context(silent=True)
    if ctx is None:
        return True
    source = ctx.get_parameter_source(name)
    return source not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def resolve_output(kwargs: dict) -> dict:
    """``-o``/``--format`` for every command, in one place: the format follows the output file's extension
    (.xlsx .csv .json .md .html) unless --format is given, a contradiction is refused (exit 2), and
    ``-o -`` is standard output."""
    from capacity import stdin

    stdin.reset()
    STATE["output_stdout"] = False
    STATE["format_from"] = None
    if "output" not in kwargs or kwargs.get("output") is None:
        return kwargs
    output = kwargs["output"]
    if stdin.is_stdin(output):
        STATE["output_stdout"] = True
        return {**kwargs, "output": None}
    if "fmt" not in kwargs:
        return kwargs
    suffix = Path(os.fspath(output)).suffix.lower()
    implied = EXTENSION_FORMATS.get(suffix)
    if implied is None:
        return kwargs
    fmt = kwargs["fmt"]
    if _given("fmt"):
        if FORMAT_ALIASES.get(fmt, fmt) != implied:
            raise fail_input(f"-o {output} is {implied} (by its extension) but --format says {fmt}",
                             f"drop --format, or name the file for {fmt} (e.g. -o out{_suffix_for(fmt)})")
        return kwargs
    STATE["format_from"] = f"-o {output}"
    return {**kwargs, "fmt": implied}


def _suffix_for(fmt: str) -> str:
    return next((k for k, v in EXTENSION_FORMATS.items() if v == fmt), ".txt")


def to_stdout() -> bool:
    """Whether ``-o -`` asked for standard output."""
    return bool(STATE.get("output_stdout"))


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
    check_stdin(targets, nat_file, national_only)
    if save is not None:  # refused before any work: an input, a folder, a read-only file…
        from capacity.outputs import check_output

        check_output(save, input_paths(targets, national, scenarios, national_only), what="scenario file")
    cli_overrides = scenario.from_cli(set_ or [], nat_overrides, factor or [], drop or [])
    overrides = scenario.Overrides()
    for path in scenarios or []:
        overrides.extend(scenario.read_scenario(path))
    overrides.extend(cli_overrides)
    base = load_dataset([str(t) for t in targets] if targets else None, str(national_only) if national_only else None,
                        national_layers=[nat_file] if nat_file else [],
                        use_cache=not STATE.get("no_cache") and not _reads_stdin(targets, nat_file, national_only))
    arm_recorder()
    if save is not None:
        scenario.apply_overrides(base, overrides)  # refuse to save overrides that do not apply
        scenario.save_scenario(save, cli_overrides, inputs=input_paths(targets, national, scenarios, national_only))
        err(f"saved {len(cli_overrides.items)} override(s) to {save}")
    return base, overrides


def _reads_stdin(*paths: Any) -> bool:
    """Whether an input is standard input (``-``): never cached, read once."""
    from capacity.stdin import is_stdin

    flat = [p for x in paths for p in (x if isinstance(x, (list, tuple)) else [x]) if p is not None]
    return any(is_stdin(p) for p in flat)


def check_stdin(*paths: Any) -> None:
    """``-`` may stand for one input only: standard input is read once."""
    from capacity.stdin import is_stdin

    flat = [p for x in paths for p in (x if isinstance(x, (list, tuple)) else [x]) if p is not None]
    if sum(1 for p in flat if is_stdin(p)) > 1:
        raise fail_input("standard input ('-') is named for two inputs", "give all but one of them as files")


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
    check_stdin(targets, nat_file, national_only)
    if not (set_ or factor or drop or scenarios or nat_overrides or save is not None):  # no what-if: no YAML
        from capacity.cache import load_dataset  # needed beyond the data files (a cache hit reads none)

        ds = load_dataset([str(t) for t in targets] if targets else None, str(national_only) if national_only else None,
                          national_layers=[nat_file] if nat_file else [],
                          use_cache=not STATE.get("no_cache") and not _reads_stdin(targets, nat_file, national_only))
        arm_recorder()
        return ds
    from capacity.scenario import apply_overrides

    base, overrides = load_split(targets, national, set_, factor, drop, scenarios, save, national_only)
    return apply_overrides(base, overrides)


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    if fmt not in allowed:
        if STATE.get("format_from"):  # the format came from -o's extension
            raise fail_input(f"{STATE['format_from']}: this command does not write {fmt} (its formats: "
                             f"{', '.join(allowed)})", "name the output file for one of them, or give --format")
        from capacity.messages import Msg

        raise fail_input(Msg("err.not_one_of", option="--format", value=fmt, choices=", ".join(allowed)))
    return fmt


def check_basis(basis: Optional[str]) -> Optional[str]:
    if basis is not None and basis not in ("capacity", "production", "installed"):
        raise fail_input(f"--basis '{basis}' is not one of capacity, production, installed")
    return basis


def _stdout_to_devnull() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # AttributeError: no stdout at all (>&-)
        pass


def stdout_error(exc: OSError):  # noqa: ANN201
    """Stdout refused the output (a full disk, /dev/full, an I/O error): one line, exit 2 (guarded)."""
    from capacity.errors import InputError
    from capacity.outputs import os_reason

    _stdout_to_devnull()  # the unwritten rest must not fail again when Python flushes at exit
    return InputError(f"cannot write to stdout: {os_reason(exc)}", expected="a stdout that takes the output",
                      hint="write to a file with -o FILE, or free space where stdout goes")


def _lost() -> None:
    """Output for a stdout that was closed (>&-): guarded ends the run with exit 2 and says so."""
    STATE["stdout_lost"] = True
    _spoil()


def _spoil() -> None:
    """This run's output did not all arrive: it is not stored for replay."""
    if STATE["recorder"] is not None:
        STATE["recorder"].spoilt = True


# --------------------------------------------------------------------------------------------- replay


#: The environment a renderer reads (rich: width, colour, terminal; the locale): part of a replay's key.
REPLAY_ENV = ("COLUMNS", "LINES", "JUPYTER_COLUMNS", "JUPYTER_LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM",
              "TTY_COMPATIBLE", "TTY_INTERACTIVE", "LC_ALL", "LC_MESSAGES", "LANG", "PYTHONIOENCODING")


def replayed(command: str, options: dict, inputs: List[str], table: bool = False) -> None:
    """Replay a stored run of ``command`` with these resolved ``options`` on ``inputs`` (stdout, stderr and
    exit code, exactly: capacity.replay) and end this one with its exit code; else record this run, to be
    stored when it ends normally if its data came from the cache (``arm_recorder``). Only for output that
    goes through ``write_out``, ``err`` and ``emit``'s table console (never -o FILE or a side file); a
    ``table`` only when stdout is not a terminal (a terminal's size and colours are not in the key)."""
    STATE["recorder"] = None
    if STATE.get("no_cache") or _reads_stdin(inputs) or (table and _stdout_is_tty()):
        return
    enc = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    if enc not in ("utf-8", "utf8") or os.linesep != "\n":  # replayed bytes are the UTF-8 ones recorded
        return
    from capacity import replay

    env = {name: os.environ.get(name) for name in REPLAY_ENV}
    env.update((name, value) for name, value in os.environ.items() if name.startswith("CAPACITY_"))
    key = replay.key(command, {"options": options, "env": env, "stdout_tty": _stdout_is_tty()}, inputs)
    entry = replay.read(key)
    if entry is None:
        if key is not None:
            STATE["recorder"] = replay.Recorder(key)
        return
    import itertools
    import zlib

    pieces = entry.pieces()
    try:
        first = next(pieces, None)  # a bad stream is found before anything is written (the digest matched)
    except zlib.error:
        return
    for stream, data in itertools.chain([first] if first else [], pieces):
        (write_out if stream == "out" else err)(data)
    raise typer.Exit(entry.code)


def arm_recorder() -> None:
    """The data are loaded: keep recording only when they came from the cache (a run on files seen
    before: storing the output then pays for itself), so a first run never pays for an entry."""
    if STATE["recorder"] is not None:
        cache = sys.modules.get("capacity.cache")
        if cache is None or cache.STATE.get("last") != "hit":
            STATE["recorder"] = None


def _save_recording(code: Any) -> None:
    rec, STATE["recorder"] = STATE["recorder"], None
    if rec is not None and code in (0, 1) and not STATE.get("stdout_lost"):
        rec.save(code)


def _stdout_lost_exit(code: Any, force: bool = False) -> None:
    if (force or STATE.get("stdout_lost")) and code != EXIT_INPUT:
        err("error: cannot write to stdout: it is closed; the output is lost\n"
            "  hint: run without closing stdout (>&-), or write to a file with -o FILE")
        if force:
            sys.exit(EXIT_INPUT)
        raise typer.Exit(EXIT_INPUT)


def write_out(text: str | bytes) -> None:
    """Data (text, or UTF-8 bytes as the JSON encoder writes them) to stdout. A reader that leaves early
    (`| head`) ends the output, not the command: the exit code stays the one the command computed (1 when
    a check failed). A closed stdout (>&-) or one that refuses the output (/dev/full) ends the run with
    exit 2 and a message on stderr: the output is lost."""
    stream = sys.stdout
    rec = STATE["recorder"]
    if rec is not None:  # a run being recorded for replay: the bytes a UTF-8 stdout receives
        rec.out(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    if stream is None:  # started with stdout closed (>&-): the output is lost
        _lost()
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
        _spoil()
    except UnicodeEncodeError:
        _spoil()
        raise  # guarded says which encoding, in one line
    except (OSError, ValueError) as exc:  # a closed descriptor (EBADF) or a closed file
        if isinstance(exc, OSError) and exc.errno not in (errno.EBADF, errno.EPIPE, errno.EINVAL):
            raise stdout_error(exc) from None
        _lost()
        return


def make_console(file: Any = None, width: Optional[int] = None):  # noqa: ANN201
    """A rich Console on stdout: colour only on a terminal and never under NO_COLOR; 120 columns when
    piped (or $COLUMNS); a closed pipe (`capacity report | head`) ends quietly with exit 0."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:  # the reader left: say nothing more, keep the exit code
            self.quiet = True
            _stdout_to_devnull()

        def _check_buffer(self) -> None:
            if closed and self._buffer:
                _lost()
            try:
                super()._check_buffer()
            except BrokenPipeError:
                raise
            except OSError as exc:  # /dev/full, an I/O error: one line, exit 2
                raise stdout_error(exc) from None

    stream = file or sys.stdout
    closed = stream is None  # started with stdout closed (>&-)
    is_tty = hasattr(stream, "isatty") and stream.isatty()
    if width is None and not is_tty:
        cols = os.environ.get("COLUMNS", "")
        width = int(cols) if cols.isdigit() and int(cols) > 20 else 120
    return _Console(file=stream, width=width, highlight=False, soft_wrap=False,
                    no_color=bool(os.environ.get("NO_COLOR")) or None)


class _Recorded:
    """stdout as rich's console sees it, every write also recorded for replay (as the UTF-8 bytes it becomes)."""

    def __init__(self, stream: Any, rec: Any) -> None:
        self._stream, self._rec = stream, rec

    def write(self, text: str) -> Any:
        self._rec.out(text.encode("utf-8", "surrogatepass"))
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _stdout_is_tty() -> bool:
    try:
        return bool(sys.stdout is not None and sys.stdout.isatty())
    except (AttributeError, ValueError):
        return False


def check_out(fmt: str, output: Optional[Path], bom: bool = False, inputs: Any = ()) -> None:
    """Refuse, before any work, an output option that would do nothing or an output that may not be
    written (a folder, a missing folder, one of the run's inputs: capacity.outputs' rules)."""
    if bom and fmt != "csv":
        raise fail_input(f"--bom applies to --format csv, not --format {fmt}", "e.g. --format csv --bom -o out.csv")
    if fmt == "xlsx" and output is None and not (to_stdout() and not _stdout_is_tty()):
        raise fail_input("--format xlsx writes a workbook: name it with -o FILE (or -o - into a pipe)",
                         "e.g. --format xlsx -o report.xlsx")
    if output is not None:
        from capacity.outputs import check_output

        check_output(output, inputs, what="workbook" if fmt == "xlsx" else "output")


def emit(doc: Any, fmt: str, output: Optional[Path] = None, bom: bool = False, lang: Optional[str] = None,
         inputs: Any = ()) -> None:
    """Render ``doc`` in ``fmt`` to stdout, or to ``output`` when named (never over one of ``inputs``);
    tables and Markdown in ``lang``."""
    from capacity.render import emit as render_emit

    check_out(fmt, output, bom, inputs)
    if lang and lang != "en" and fmt in ("table", "markdown", "xlsx"):
        from capacity.i18n import translate

        doc = translate(doc, lang)
    if fmt == "xlsx":
        if output is None:  # -o - into a pipe: the workbook's bytes on stdout
            from capacity.render.xlsx import xlsx_bytes

            write_out(xlsx_bytes(doc))
            return
        from capacity.render.xlsx import write_xlsx

        write_xlsx(doc, output, inputs)  # type: ignore[arg-type]
        err(f"wrote {output}")
        return
    if output is None:
        if bom:
            write_out("\ufeff")
        console = None
        if fmt == "table":
            rec = STATE["recorder"]
            console = make_console(file=_Recorded(sys.stdout, rec) if rec is not None and sys.stdout is not None
                                   else None)
        render_emit(doc, fmt, write_out, console)
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
                       tolerance=check_tolerance(self.tolerance), **extra)


def check_tolerance(pp: Optional[float]) -> Optional[float]:
    """--tolerance: a finite number of percentage points from 0 to below MAX_TOLERANCE_PP (nan passed a 0..100
    check)."""
    from capacity.model import MAX_TOLERANCE_PP

    if pp is not None and not 0 <= pp < MAX_TOLERANCE_PP:  # False for nan
        raise fail_input(f"--tolerance {pp:g} is not percentage points from 0 to below {MAX_TOLERANCE_PP:g}",
                         "an approximate claim (約40%) is about right within the tolerance below its "
                         "threshold: 2.5 pp is the default; 50 pp or more would make it say nothing")
    return pp


def say_if_empty(payload: dict, *keys: str) -> bool:
    """A search or filter that matches nothing says so on stderr (the output, empty, is still written and
    the exit code stays 0: nothing failed, nothing was wrong). True when nothing matched."""
    if any(payload.get(k) for k in keys):
        return False
    try:
        from typer._click.globals import get_current_context

        ctx = get_current_context(silent=True)
        given = [f"--{n.replace('_', '-')} {v}" for n, v in (ctx.params.items() if ctx else [])
                 if n in ("section", "clause", "lead", "search", "only", "target", "quantity") and v not in (None, [], ())
                 and _given(n)]
    except ImportError:  # pragma: no cover
        given = []
    err(f"note: nothing matches{' ' + ' '.join(given) if given else ''}: no {' or '.join(keys)}")
    return True


def say_year_fallbacks(report: dict) -> None:
    """A denominator from another year than asked is said on stderr, not only in the notes."""
    from capacity.evaluate import flag_gaps, year_fallbacks

    for line in year_fallbacks(report):
        err(f"note: {line}")
    for line in flag_gaps(report):  # a flag that leaves a claim with no figure says so
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
