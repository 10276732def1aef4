"""Option values without pydantic.

typer 0.29 coerces every parameter value through a pydantic ``TypeAdapter`` (``typer._coercion``,
``typer._adapters``): importing pydantic and building one adapter per option cost 60–110 ms of every
run, more than the rest of the CLI layer. Our options are all ``str``, ``int``, ``float``, ``bool``
or ``Path`` (optional, or lists of them), which need no pydantic: ``lighten`` gives each such
parameter of a built command a plain-Python coercion with pydantic's messages, through typer's
own per-parameter hook (``_TyperParameter._runtime_param``, built lazily by typer). Any other
annotation keeps typer's coercion. If typer changes that hook, nothing breaks: typer's own
coercion runs, only slower, and tests/test_startup.py fails to say so.
"""

from __future__ import annotations

import os
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

try:  # typer's private hook; without it typer's own coercion runs
    from typer._click.exceptions import BadParameter
    from typer._coercion import RuntimeParam
    from typer._param_types import coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - another typer
    RuntimeParam = None  # type: ignore[assignment,misc]

_INT = re.compile(r"^\s*[+-]?\d+\s*$")


def _leaf(annotation: Any) -> Optional[Callable]:
    if annotation is str:
        return _str
    if annotation is int:
        return _int
    if annotation is float:
        return _float
    if annotation is bool:
        return _bool
    if annotation is Path:
        return _path
    return None


def _strip_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or (hasattr(types, "UnionType") and origin is types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def plan(annotation: Any) -> Optional[tuple[bool, Callable]]:
    """(is a list, leaf coercion) for an annotation we coerce ourselves, else None."""
    annotation = _strip_optional(annotation)
    if typing.get_origin(annotation) is list:
        args = typing.get_args(annotation)
        leaf = _leaf(_strip_optional(args[0])) if len(args) == 1 else None
        return (True, leaf) if leaf else None
    leaf = _leaf(annotation)
    return (False, leaf) if leaf else None


def _str(value: Any, info: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _bounds(value: Any, info: Any, param: Any, ctx: Any) -> Any:
    if info.min is not None and value < info.min:
        if info.clamp:
            return type(value)(info.min)
        raise BadParameter(f"Input should be greater than or equal to {info.min}", ctx=ctx, param=param)
    if info.max is not None and value > info.max:
        if info.clamp:
            return type(value)(info.max)
        raise BadParameter(f"Input should be less than or equal to {info.max}", ctx=ctx, param=param)
    return value


def _int(value: Any, info: Any, param: Any, ctx: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise BadParameter("Input should be a valid integer", ctx=ctx, param=param)
    if isinstance(value, str):
        if not _INT.match(value):
            raise BadParameter("Input should be a valid integer, unable to parse string as an integer",
                               ctx=ctx, param=param)
        value = int(value)
    return _bounds(value, info, param, ctx)


def _float(value: Any, info: Any, param: Any, ctx: Any) -> float:
    if isinstance(value, bool):
        raise BadParameter("Input should be a valid number", ctx=ctx, param=param)
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise BadParameter("Input should be a valid number, unable to parse string as a number",
                           ctx=ctx, param=param) from None
    return _bounds(number, info, param, ctx)


_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no", ""}


def _bool(value: Any, info: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadParameter("Input should be a valid boolean, unable to interpret input", ctx=ctx, param=param)


class GivenPath(type(Path())):  # type: ignore[misc]
    """A Path that keeps the text as given where Path would change its meaning: ``newdir/`` (a folder:
    Path drops the '/', and an output would have been written as a file) and ``""`` (Path makes it '.')."""

    given: Optional[str] = None

    def __str__(self) -> str:
        return super().__str__() if self.given is None else self.given

    def __fspath__(self) -> str:
        return str(self)


def _path(value: Any, info: Any, param: Any, ctx: Any) -> Any:
    path_type = info.path_type or Path
    if isinstance(value, str) and path_type is Path and not (
            info.exists or info.resolve_path or info.allow_dash or not info.file_okay or not info.dir_okay):
        # no stat, no "is not readable" check here: the library opens the file and names what is wrong in
        # its own words (file:line, a hint), never click's usage block
        path = GivenPath(value)
        if value == "" or value.endswith(("/", os.sep)) and value.rstrip("/" + os.sep):
            path.given = value
        return path
    if not isinstance(value, Path) and path_type is Path:
        value = Path(value)
    return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):  # type: ignore[misc,valid-type]
        """typer's RuntimeParam contract, coerced in plain Python."""

        is_list: bool = False
        leaf: Any = None

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.is_list:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [self.leaf(v, self.parameter_info, param, ctx) for v in items]
            return self.leaf(value, self.parameter_info, param, ctx)


def lighten_param(param: Any) -> bool:
    """Give one parameter the plain coercion, if its type is one we coerce. True if done."""
    if RuntimeParam is None or not isinstance(param, _TyperParameter) or \
            getattr(param, "_runtime_param", 0) is not None:
        return False
    desc = getattr(param, "type_descriptor", None)
    if desc is None or desc.file_annotation is not None or desc.is_choice:
        return False
    how = plan(desc.annotation)
    if how is None:
        return False
    param._runtime_param = PlainRuntimeParam(parameter_info=desc.parameter_info, annotation=desc.annotation,
                                             is_list=how[0], leaf=how[1])
    return True


def lighten(command: Any) -> int:
    """Give every simple parameter of a built click command (its help option too) the plain coercion.
    Returns how many parameters it changed."""
    if RuntimeParam is None:
        return 0
    done = sum(lighten_param(p) for p in getattr(command, "params", []))
    get_help_option = getattr(command, "get_help_option", None)
    if get_help_option is not None and not getattr(get_help_option, "_lightened", False):

        def help_option(ctx: Any) -> Any:
            option = get_help_option(ctx)
            if option is not None:
                lighten_param(option)
            return option

        help_option._lightened = True  # type: ignore[attr-defined]
        command.get_help_option = help_option
    return done
