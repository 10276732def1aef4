"""The small public functions for a notebook: quantities or figure strings in, plain numbers out
(``share``, ``gap``, ``headroom``, ``supply_ratio``). The bare arithmetic of a claim at its stated
threshold; the commands go through the claim kinds (``capacity.claims.share`` …)."""

from __future__ import annotations

from typing import Any

from capacity.units import Figure, parse_figure


def _q(x: Any):  # noqa: ANN202
    if isinstance(x, str):
        return parse_figure(x, allow_bound=False, allow_range=False).quantity()
    if isinstance(x, Figure):
        return x.quantity()
    return x


def _fraction(x: Any) -> float:
    """A threshold as a fraction: 0.4, "40%" or a dimensionless quantity."""
    if isinstance(x, (int, float)):
        return float(x)
    return float(_q(x).to("").magnitude)


def _pure(fn):  # noqa: ANN001, ANN202
    """Turn pint's dimension errors into our QuantityError (an InputError) for notebook users."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import pint

        try:
            return fn(*args, **kwargs)
        except pint.errors.DimensionalityError as exc:
            from capacity.errors import QuantityError

            raise QuantityError(f"{fn.__name__}: the dimensions differ ({exc.dim1 or 'dimensionless'} and "
                                f"{exc.dim2 or 'dimensionless'})", expected="quantities of matching dimensions") from None

    return wrapper


@_pure
def share(local: Any, national: Any) -> float:
    """local / national as a fraction: ``share("87萬噸", "217.5萬噸") == 0.4``."""
    return float((_q(local) / _q(national)).to("").magnitude)


@_pure
def gap(local: Any, national: Any, threshold: Any) -> Any:
    """threshold × national − local, in local's unit (positive: capacity still missing)."""
    loc, nat = _q(local), _q(national)
    return (_fraction(threshold) * nat - loc).to(loc.units)


@_pure
def headroom(local: Any, threshold: Any) -> Any:
    """local / threshold: the largest national total at which the share still reaches threshold."""
    return _q(local) / _fraction(threshold)


@_pure
def supply_ratio(supply: Any, demand: Any, factor: Any = None) -> float:
    """supply / (demand × factor): the share of local need that local supply covers."""
    need = _q(demand) * (_q(factor) if factor is not None else 1)
    return float((_q(supply) / need).to("").magnitude)
