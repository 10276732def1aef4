"""Units: one lazily built pint registry, and our own parser for figures as written.

pint never sees a raw figure string. We split "bound, number, range, scale word, unit" ourselves
(full-width characters folded with NFKC, commas refused, ``kt`` read as kilotonne), then hand pint
the unit alone. The registry is built on first use (never with pint's pickle disk cache), so importing this
module costs nothing and ``capacity --help`` never imports pint.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from capacity.errors import QuantityError
from capacity.messages import Msg

if TYPE_CHECKING:  # pragma: no cover
    import pint

DEFINITIONS = Path(__file__).with_name("definitions.txt")

#: Scale words, longest first so 萬億 wins over 萬.
SCALE_WORDS: dict[str, Decimal] = {
    "萬億": Decimal("1e12"),
    "万亿": Decimal("1e12"),
    "萬": Decimal("1e4"),
    "万": Decimal("1e4"),
    "億": Decimal("1e8"),
    "亿": Decimal("1e8"),
    "百萬": Decimal("1e6"),
    "百万": Decimal("1e6"),
    "千萬": Decimal("1e7"),
    "千万": Decimal("1e7"),
    "十萬": Decimal("1e5"),
    "十万": Decimal("1e5"),
}

#: Units that pint reads in a way nobody in this domain means.
UNIT_REWRITES = {"kt": "kilotonne"}

#: Units pint reads otherwise than a colleague writing in English about tonnes may mean: refused.
_TONNES = "write t (tonne), kt (10^3 t) or Mt (10^6 t), or 噸"
AMBIGUOUS_UNITS = {
    "mt": "pint reads mt as millitonne (1 kg); " + _TONNES,
    "MT": "pint reads MT as megatesla; " + _TONNES,
    "T": "pint reads T as tesla; " + _TONNES,
    "ton": "pint reads ton as the US short ton (0.907 t); " + _TONNES,
    "tons": "pint reads tons as US short tons (0.907 t); " + _TONNES,
}

#: Display unit for each dimension (a figure's count word is kept as written).
DISPLAY_UNITS = {
    "mass": "t",
    "power": "GW",
    "energy": "MWh",
    "currency": "億元",
    "currency_usd": "億美元",
    "area": "平方公里",
    "dimensionless": "",
}

#: The dimensions data files may name, as pint dimensionality strings.
DIMENSIONS = {
    "mass": "[mass]",
    "power": "[mass] * [length] ** 2 / [time] ** 3",
    "energy": "[mass] * [length] ** 2 / [time] ** 2",
    "currency": "[currency]",
    "currency_usd": "[usd]",  # 美元: a currency of its own, never converted to 元
    "area": "[length] ** 2",  # 平方公里, 公顷, 亩
    "count": "[count]",
    "dimensionless": "",
}

#: The count dimensions, one per kind of thing counted (definitions.txt): all are "count" to the
#: data files, but pint converts only within one (38家 is not 38人).
COUNT_DIMENSIONS = ("[count]", "[firm]", "[person]", "[machine]", "[facility]", "[vehicle]", "[line]", "[item]")

MAX_MAGNITUDE = 1e30
MIN_MAGNITUDE = 1e-30  # non-zero figures below this are refused: a share over them overflows

_NUMBER = r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+"  # ASCII digits only (after NFKC)

#: A unit expression longer or more nested than this is refused before pint parses it (pint's parser
#: recurses: 3,000 nested brackets raised RecursionError).
MAX_UNIT_CHARS = 64
MAX_UNIT_DEPTH = 4
#: A unit whose size against SI base units is outside this range (yt**8/Yt**7 is 1e-405 kg) is refused.
MAX_UNIT_SCALE = 1e40
#: Figures as written longer than this are refused (and never echoed whole).
MAX_FIGURE_CHARS = 200
_FIGURE_RE = re.compile(
    rf"""^\s*
    (?P<bound>>=|<=|>|<|≥|≤)?\s*
    (?P<sign>[+-])?
    (?P<low>{_NUMBER})
    (?:\s*~\s*(?P<high>{_NUMBER}))?
    \s*(?P<unit>.*?)\s*$""",
    re.VERBOSE,
)

BOUND_NAMES = {">": "at_least", ">=": "at_least", "≥": "at_least",
               "<": "at_most", "<=": "at_most", "≤": "at_most"}


CORE = Path(__file__).with_name("core.txt")
#: Names the core registry reads otherwise than pint's full default registry (ft: femtotonne there, foot
#: here): a unit naming one is read by the full registry. tests/test_units_core.py keeps this list exact.
CORE_DIFFERS = frozenset({"Eh", "Pa", "Rd", "Ta", "Td", "Tt", "at", "cd", "ct", "dat", "fm", "ft", "ha", "kt", "pt", "qt",
                          "rd", "yd"})
_REGISTRY: dict[str, Any] = {"ureg": None, "full": False, "names": frozenset()}
_NAME = re.compile(r"[^\W\d]\w*")


def registry() -> "pint.UnitRegistry":
    """The one registry, built on first use. Never with pint's disk cache (``cache_folder``): pint reads it
    with pickle, and nothing read from disk may run code. Without that cache, pint's full default registry
    costs ~180 ms to build, so a process starts with a small one (``core.txt``: SI prefixes, mass, time,
    power, energy, plus ``definitions.txt``: ~15 ms) and switches to pint's defaults plus
    ``definitions.txt`` the first time a unit names anything else (``_pint_unit``). Both give the same
    factors for the units they share (the definitions are pint's own lines)."""
    ureg = _REGISTRY["ureg"]
    if ureg is None:
        ureg = _build_registry(full=False)
    return ureg


def _build_registry(full: bool) -> "pint.UnitRegistry":
    pint = _import_pint()
    ureg = pint.UnitRegistry("" if full else str(CORE), cache_folder=None)  # "": pint's default_en.txt
    ureg.load_definitions(str(DEFINITIONS))
    names: frozenset = frozenset()
    if not full:
        suffixes = tuple(ureg._suffixes)
        words = set(ureg._units) | set(ureg._prefixes)  # names, symbols and aliases
        names = frozenset(p + w + s for p in ureg._prefixes for w in ureg._units for s in suffixes) | words
    _REGISTRY.update(ureg=ureg, full=full, names=names - CORE_DIFFERS)
    _pint_unit.cache_clear()  # units of the previous registry (pint refuses to mix registries, and to compare
    dimension_name.cache_clear()  # their units: a cache lookup would raise)
    return ureg


def _registry_for(pint_text: str) -> "pint.UnitRegistry":
    """The registry to parse ``pint_text`` with: the core one while it reads every name in it alike."""
    ureg = registry()
    if not _REGISTRY["full"] and not all(n in _REGISTRY["names"] for n in _NAME.findall(pint_text)):
        ureg = _build_registry(full=True)
    return ureg


def _import_pint() -> Any:
    """``import pint``; without numpy when the command line asked (``capacity.PINT_WITHOUT_NUMPY``) and numpy
    is not loaded yet. Every conversion here is on plain floats; numpy is ~60 ms of ``import pint`` and
    only ``simulate`` and the HTML charts need it (they import it themselves, and pint then runs on floats
    as before). Off for library users: pint decides once per process whether it has numpy, and a notebook
    may want arrays."""
    import sys

    import capacity

    if not capacity.PINT_WITHOUT_NUMPY or "pint" in sys.modules or "numpy" in sys.modules:
        import pint

        return pint
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` raises ImportError: pint.compat goes without
    try:
        import pint
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
    return pint


def normalise(text: str) -> str:
    """NFKC-fold full-width digits and signs; ～ becomes ~."""
    return unicodedata.normalize("NFKC", text).replace("〜", "~")


def shorten(text: str, limit: int = 60) -> str:
    """A value for a message: whole when short, else its start and end around an ellipsis."""
    text = str(text)
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return f"{text[:keep]}…{text[-keep:]} ({len(text)} characters)"


def _refuse_folding(text: str) -> None:
    """Refuse characters that NFKC would turn into (part of) a number other than full-width ones:
    superscripts, subscripts, circled digits, fractions (8⁷t would be read as 87 t, ½ as 1⁄2)."""
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded == ch:
            if ch.isdigit() or unicodedata.category(ch) == "Nd":  # another script's digits: ٣, ३
                raise QuantityError(
                    f"'{shorten(text)}' holds '{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, '')}), a digit of "
                    "another script", value=text, expected="digits 0-9 (full-width ０-９ are folded)")
            continue
        if unicodedata.decomposition(ch).startswith("<wide>"):
            continue  # full-width ０-９, ．, ％: folded by design
        if any(c.isdigit() for c in folded) or ch.isdigit() or unicodedata.numeric(ch, None) is not None:
            raise QuantityError(
                f"'{shorten(text)}' holds '{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, '')}), which would be "
                f"read as '{folded}'", value=text, expected="digits 0-9 written on the line",
                hint="write exponents and fractions out (8e7 t, 0.5 t); superscripts, subscripts, circled "
                     "digits and vulgar fractions are refused")


def _check_unit_size(text: str, raw: str) -> None:
    depth = deepest = 0
    for ch in raw:
        if ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == ")":
            depth -= 1
    if len(raw) > MAX_UNIT_CHARS or deepest > MAX_UNIT_DEPTH:
        raise QuantityError(f"the unit '{shorten(text)}' is too long or nested too deeply", value=text,
                            expected=f"a unit of at most {MAX_UNIT_CHARS} characters and {MAX_UNIT_DEPTH} "
                                     "levels of brackets, such as 萬噸, GW or g/W")


def _check_unit_domain(text: str, unit: Any) -> None:
    """Offset and logarithmic units (degC, degF, dB) are not amounts: refuse them. So is a unit whose size
    against SI base units overflows or vanishes in float arithmetic."""
    ureg = registry()
    try:
        root = str(ureg.get_root_units(unit)[1])
    except ArithmeticError:  # OverflowError (kt**400: 1e1200 t), ZeroDivisionError
        raise _out_of_range(text) from None
    if "radian" in root:
        raise QuantityError(f"the unit '{shorten(text)}' is an angle, not a share", value=text,
                            expected="a share written with % (40%), or a ratio such as 1.23 t/t",
                            hint="pint reads angles (degree, radian, turn) as plain numbers: 23 degree would be "
                                 "40.14%; write the share the text states")
    if not ureg.Quantity(1.0, unit)._is_multiplicative:
        raise QuantityError(f"the unit '{shorten(text)}' is an offset or logarithmic scale, not an amount",
                            value=text, expected="a unit of amount: mass, power, energy, currency, count or %",
                            hint="degC, degF and dB are not converted: capacity works with amounts")
    try:
        factor, _ = ureg.get_base_units(unit)
        factor = float(factor)
    except (OverflowError, ZeroDivisionError, ValueError, ArithmeticError):
        factor = math.inf
    if not math.isfinite(factor) or not (1 / MAX_UNIT_SCALE <= abs(factor) <= MAX_UNIT_SCALE):
        raise _out_of_range(text)


def _out_of_range(text: str) -> QuantityError:
    return QuantityError(f"the unit '{shorten(text)}' is out of range", value=text,
                         expected=f"a unit within a factor of {MAX_UNIT_SCALE:g} of SI units, such as t, GW, MWh, g/W")


@dataclass(frozen=True)
class Unit:
    """A unit as written: an optional scale word times a pint unit.

    Plain data (no pint object): the pint unit is rebuilt from ``pint_text`` on first use, so a
    dataset read back from the cache (``capacity.cache``) needs no pint until a conversion is not
    in the memo."""

    text: str  # as written, e.g. "萬千瓦時"
    scale: Decimal  # 1e4 for 萬
    base_text: str  # the unit without its scale word, e.g. "千瓦時"
    pint_text: str  # what pint parses, e.g. "千瓦時" ("" for %: dimensionless)
    dim: str  # our dimension name (mass, power, …) or pint's own string

    @property
    def pint_unit(self) -> Any:  # pint.Unit
        return _pint_unit(self.pint_text)

    @property
    def dimension(self) -> str:
        return self.dim


# ---------------------------------------------------------------------------------------------- memo
#: Conversion results computed with pint, by key (see ``_memo_key``). A cache hit preloads the memo
#: it saved, so evaluating and rendering the same data with the same options never imports pint.
MEMO: dict[str, Any] = {}
_MEMO_STATE = {"added": 0}


def _memo_key(*parts: Any) -> str:
    return "\x1f".join(p if isinstance(p, str) else repr(p) for p in parts)


def _memo_put(key: str, value: Any) -> Any:
    if MEMO.get(key, _MISSING) != value:
        MEMO[key] = value
        _MEMO_STATE["added"] += 1
    return value


_MISSING = object()


def memo_snapshot() -> dict[str, Any]:
    """A copy of the memo, for the cache."""
    return dict(MEMO)


def memo_preload(entries: dict[str, Any]) -> None:
    """Preload conversion results saved by an earlier run (values are plain floats and strings)."""
    for key, value in entries.items():
        MEMO.setdefault(key, value)


def memo_added() -> int:
    """How many results pint computed in this process (0: the memo had them all)."""
    return _MEMO_STATE["added"]


@lru_cache(maxsize=4096)
def _pint_unit(pint_text: str) -> Any:
    if pint_text == "":
        return registry().dimensionless
    ureg = _registry_for(pint_text)
    try:
        return ureg.parse_units(pint_text)
    except Exception:  # noqa: BLE001 - the core registry may lack what pint's defaults have (% → percent)
        if _REGISTRY["full"]:
            raise
    return _build_registry(full=True).parse_units(pint_text)


@dataclass(frozen=True)
class Figure:
    """A figure as written, parsed: ``87萬噸``, ``3~5家``, ``>1000GW``, ``40%``.

    ``low`` and ``high`` are magnitudes in ``unit`` (scale already applied). An exact figure
    has low == high; ``>X`` has high = inf; ``<X`` has low = 0.
    """

    text: str
    low: float
    high: float
    unit: Unit
    bound: str  # exact | at_least | at_most | range
    #: The period the text writes the figure per: "" (a stock, or an annual capacity as usual), "year"
    #: (17萬噸/年, 60GWh/a, 每年50萬噸: read as the annual figure, unchanged), "day" or "hour" (700噸/天,
    #: 每小時5噸: ``low``/``high`` are then ANNUAL, converted with ``days_per_year``).
    per: str = ""
    days_per_year: Optional[float] = None  # set when a per-day or per-hour figure was converted to a year
    #: A power/energy pair written as one figure (791.5MW/2656MWh): both halves, in the order written,
    #: each a Figure of its own (text "791.5MW", "2656MWh"). ``low``/``high``/``unit`` are those of the
    #: half chosen as primary (the first, or the one of the target's dimension: see ``primary``).
    halves: tuple["Figure", ...] = ()

    def half(self, dimension: str) -> Optional["Figure"]:
        """The half of a pair with this dimension (power, energy); a single figure of that dimension
        is its own half; None when no half has it."""
        for h in self.halves or (self,):
            if h.dimension == dimension:
                return h
        return None

    def primary(self, dimension: str) -> "Figure":
        """This figure with the half of ``dimension`` as its value (text and both halves kept);
        itself when it is not a pair or no half has that dimension."""
        h = self.half(dimension) if self.halves else None
        if h is None or h.dimension == self.dimension:
            return self
        return Figure(text=self.text, low=h.low, high=h.high, unit=h.unit, bound=h.bound, per=self.per,
                      days_per_year=self.days_per_year, halves=self.halves)

    @property
    def value(self) -> float:
        """The number stated: the bound for a bound, the lower end of a range."""
        return self.high if self.bound == "at_most" else self.low

    @property
    def exact(self) -> bool:
        return self.bound == "exact"

    @property
    def dimension(self) -> str:
        return self.unit.dimension

    def quantity(self) -> Any:
        """The stated value as a pint Quantity."""
        return registry().Quantity(self.value, self.unit.pint_unit)

    def interval(self, unit: str | None = None) -> tuple[float, float]:
        """(low, high) converted to ``unit`` (a unit string; default: the display unit)."""
        factor = conversion_factor(self.unit, unit or display_unit(self))
        return self.low * factor, self.high * factor

    def magnitude(self, unit: str | None = None) -> float:
        return self.value * conversion_factor(self.unit, unit or display_unit(self))


def _pint_errors() -> tuple[type[BaseException], ...]:
    import tokenize

    import pint

    return (pint.errors.PintError, AssertionError, tokenize.TokenError, SyntaxError,
            ValueError, TypeError, AttributeError, KeyError, IndexError, ArithmeticError)


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Unit:
    """Parse a unit as written (``萬噸``, ``GW``, ``g/W``, ``%``), scale word first."""
    _refuse_folding(text)
    raw = normalise(text).strip()
    if not raw:
        raise QuantityError(Msg("err.no_unit", text=shorten(text)), expected=Msg("err.a_unit_short"))
    _check_unit_size(text, raw)
    if raw in ("%", "percent"):
        return Unit(text=text, scale=Decimal("0.01"), base_text="%", pint_text="", dim="dimensionless")
    scale, base = Decimal(1), raw
    for word, factor in SCALE_WORDS.items():
        if raw.startswith(word) and len(raw) > len(word):
            scale, base = factor, raw[len(word):].strip()
            break
    if "," in base:
        raise QuantityError(f"unknown unit '{shorten(text)}'", expected="a unit without commas")
    for tok in re.split(r"(\W)", base):
        if tok in AMBIGUOUS_UNITS:
            raise QuantityError(f"ambiguous unit '{tok}'" + ("" if tok == base else f" in '{text}'"),
                                expected="an unambiguous unit",
                                hint=AMBIGUOUS_UNITS[tok])
    pint_text = " ".join(UNIT_REWRITES.get(tok, tok) for tok in re.split(r"(\W)", base) if tok)
    pint_text = re.sub(r"\s+", " ", pint_text).replace(" / ", "/").replace(" * ", "*")
    key = _memo_key("dim", pint_text)
    dim = MEMO.get(key)
    if not isinstance(dim, str):  # not seen by an earlier run: pint parses and checks it
        try:
            try:
                unit = _pint_unit(pint_text)
            except _pint_errors():
                folded = _fold_case(pint_text)
                if folded == pint_text:
                    raise
                unit = _pint_unit(folded)  # Gwh, gwh, GWH as texts write them: GWh
                pint_text, key = folded, _memo_key("dim", folded)
        except _pint_errors() as exc:
            raise QuantityError(
                Msg("err.unknown_unit", text=shorten(text)),
                expected=Msg("err.a_unit"),
                hint=_unit_hint(base),
            ) from exc
        except RecursionError:  # pragma: no cover - bounded above
            raise QuantityError(f"the unit '{shorten(text)}' is nested too deeply", expected="a simple unit") from None
        _check_unit_domain(text, unit)
        dim = _memo_put(key, dimension_name(unit))
    return Unit(text=text, scale=scale, base_text=base, pint_text=pint_text, dim=dim)


#: Power and energy units in the case texts write them (Gwh, gwh, GWH, Mw): read as written means GWh, MW.
#: Only tried when pint does not know the unit as written, so mW stays pint's milliwatt.
_CASE_UNITS = {u.lower(): u for u in ("kW", "MW", "GW", "TW", "Wh", "kWh", "MWh", "GWh", "TWh")}


def _fold_case(pint_text: str) -> str:
    return "".join(_CASE_UNITS.get(tok.lower(), tok) for tok in re.split(r"(\W)", pint_text))


def _unit_hint(base: str) -> str | None:
    if base in ("萬", "万", "億", "亿"):
        return "a scale word needs a unit after it, e.g. 87萬噸"
    if re.fullmatch(r"[千百十]\S*", base):
        return "千 is only understood in 千瓦 and 千瓦時; write the number out (5000噸, not 5千噸)"
    return None


def _decimal(text: str, original: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise QuantityError(f"'{shorten(original)}' is not a number", expected="a number") from exc
    if not number.is_finite():
        raise QuantityError(f"'{shorten(original)}' is not a finite number", expected="a finite number")
    if number and not -100 <= number.adjusted() <= 100:  # before any arithmetic: 1e999999999999 overflows Decimal
        raise QuantityError(f"'{shorten(original)}' is out of range",
                            expected=f"zero or a magnitude from {MIN_MAGNITUDE:g} to {MAX_MAGNITUDE:g}")
    return number


def parse_figure(text: str, *, allow_bound: bool = True, allow_range: bool = True,
                 days_per_year: Optional[float] = None) -> Figure:
    """Parse a figure as written. Raises QuantityError (with what was expected) on bad input.

    Beyond ``[bound] number [~ number] [scale word] unit``: rates per year (17萬噸/年, 60GWh/a, 每年…)
    read as annual; rates per day or hour (700噸/天) only with ``days_per_year`` (else refused, saying
    so); Chinese numerals (两千亿元, 三个, 一倍, 七分之一, 百分之四十, 翻一番: through cn2an, imported only
    then); fractions (1/6); power/energy pairs (791.5MW/2656MWh, see ``Figure.halves``)."""
    if not isinstance(text, str):
        raise QuantityError(f"{text!r} is not a figure", expected="a figure such as 87萬噸")
    shown = shorten(text)
    if len(text) > MAX_FIGURE_CHARS:
        raise QuantityError(f"'{shown}' is too long for a figure", value=shorten(text),
                            expected=f"a figure of at most {MAX_FIGURE_CHARS} characters, such as 87萬噸")
    _refuse_folding(text)
    norm = normalise(text)
    refuse_typed_form(text, norm)
    if "," in norm or "，" in text:
        raise QuantityError(
            f"'{shown}' has a comma",
            expected="a number without separators",
            hint="commas are ambiguous (1,5 may mean 1.5 or 15): write 1.5, or 15000 without separators",
        )
    lowered = norm.strip().lower()
    if lowered in ("nan", "inf", "infinity", "-inf", "+inf", ".nan", ".inf", "-.inf"):
        raise QuantityError(f"'{shown}' is not a finite number", expected="a finite figure such as 87萬噸")
    if re.match(r"^\s*[+-]?\s*(nan|inf)", lowered):
        raise QuantityError(f"'{shown}' is not a finite number", expected="a finite figure such as 87萬噸")
    norm, per = _split_rate(norm)
    pair = _PAIR_RE.fullmatch(norm)
    if pair:
        halves = tuple(_parse_one(text, half, allow_bound, allow_range, shown_as=half.strip())
                       for half in (pair["a"], pair["b"]))
        dims = {h.dimension for h in halves}
        if dims != {"power", "energy"}:
            raise QuantityError(f"'{shown}' is two figures joined by '/' ({halves[0].dimension or 'dimensionless'}"
                                f" and {halves[1].dimension or 'dimensionless'})",
                                expected="one figure, or a power/energy pair such as 791.5MW/2656MWh")
        first = halves[0]
        fig = Figure(text=text, low=first.low, high=first.high, unit=first.unit, bound=first.bound, halves=halves)
    else:
        fig = _parse_one(text, norm, allow_bound, allow_range)
    return _rate(fig, per, days_per_year) if per else fig


#: Rates as texts write them. Per year: the annual figure. Per day or hour: converted with days_per_year.
_PER_WORDS = {"年": "year", "a": "year", "yr": "year", "year": "year", "天": "day", "日": "day", "d": "day",
              "day": "day", "h": "hour", "hr": "hour", "hour": "hour", "小时": "hour", "小時": "hour"}
_PER_SUFFIX_RE = re.compile(r"\s*/\s*(年|a|yr|year|天|日|d|day|h|hr|hour|小时|小時)\s*$")
_PER_PREFIX_RE = re.compile(r"^(\s*(?:>=|<=|>|<|≥|≤)?\s*)每\s*(年|天|日|小时|小時)\s*")
#: Two figures joined by '/': the left ends with a unit (not a digit), the right starts with a number.
_PAIR_RE = re.compile(r"(?P<a>.*?[^\s0-9./~])\s*/\s*(?P<b>(?:[0-9.]+|[零〇一二两兩三四五六七八九十百千]+)\s*[^\s0-9./~].*)")
#: A fraction written with digits: 1/6 (dimensionless).
_FRACTION_RE = re.compile(r"\s*(?P<bound>>=|<=|>|<|≥|≤)?\s*(?P<num>[0-9]+)\s*/\s*(?P<den>[0-9]+)\s*")


def _split_rate(norm: str) -> tuple[str, str]:
    """(the figure without its rate words, "year" | "day" | "hour" | "")."""
    m = _PER_PREFIX_RE.match(norm)
    if m:
        return m[1] + norm[m.end():], _PER_WORDS[m[2]]
    m = _PER_SUFFIX_RE.search(norm)
    if m and m.start() > 0 and not norm[:m.start()].strip()[-1:].isdigit():  # 87萬噸/年, not 1/6 nor 5/d
        return norm[:m.start()], _PER_WORDS[m[1]]
    return norm, ""


def _rate(fig: Figure, per: str, days_per_year: Optional[float]) -> Figure:
    """A figure written per year is the annual figure; per day or hour it is converted with
    ``days_per_year`` (stated on the target), else refused."""
    from dataclasses import replace

    if per == "year":
        return replace(fig, per=per)
    if days_per_year is None:
        word = "day" if per == "day" else "hour"
        raise QuantityError(
            Msg(f"err.rate_per_{word}", text=shorten(fig.text)),
            value=fig.text, expected=Msg("err.days_per_year"), hint=Msg("err.never_assumes_days"))
    k = days_per_year * (24 if per == "hour" else 1)
    halves = tuple(replace(h, low=h.low * k, high=h.high * k) for h in fig.halves)
    return replace(fig, low=fig.low * k, high=fig.high * k, per=per, days_per_year=days_per_year, halves=halves)


def _parse_one(text: str, norm: str, allow_bound: bool, allow_range: bool, shown_as: Optional[str] = None) -> Figure:
    """One figure (not a pair): Chinese numerals read, a fraction, or ``[bound] number [~ number] unit``."""
    shown = shorten(text)
    if _CN_START_RE.match(norm):
        norm = _chinese_number(norm, text)
    frac = _FRACTION_RE.fullmatch(norm)
    if frac:
        num, den = int(frac["num"]), int(frac["den"])
        if den == 0:
            raise QuantityError(f"'{shown}' divides by zero", value=text, expected="a fraction such as 1/6")
        if frac["bound"] and not allow_bound:
            raise QuantityError(f"'{shown}' is a bound", expected="an exact figure here")
        v = num / den
        unit = Unit(text="", scale=Decimal(1), base_text="", pint_text="", dim="dimensionless")
        fig_text = shown_as or text
        if frac["bound"]:
            bound = BOUND_NAMES[frac["bound"]]
            return Figure(text=fig_text, low=v if bound == "at_least" else 0.0,
                          high=math.inf if bound == "at_least" else v, unit=unit, bound=bound)
        return Figure(text=fig_text, low=v, high=v, unit=unit, bound="exact")
    return _parse_plain(shown_as or text, norm, allow_bound, allow_range)


def _parse_plain(text: str, norm: str, allow_bound: bool, allow_range: bool) -> Figure:
    shown = shorten(text)
    m = _FIGURE_RE.match(norm)
    if not m:
        raise QuantityError(f"'{shown}' is not a figure",
                            expected="number, scale word and unit, e.g. 87萬噸, 253GW, 3~5家, 40%")
    if m["sign"] == "-":
        raise QuantityError(f"'{shown}' is negative", expected="a figure of zero or more")
    bound_sym, unit_text = m["bound"], m["unit"]
    if not unit_text:
        raise QuantityError(f"'{shown}' has no unit",
                            expected="a unit after the number, e.g. 87萬噸, 253GW, 0.4 (write 40%)",
                            hint="a bare number is refused: write the unit (%, 噸, GW, 億元, 家 …)")
    if unit_text[:1].isdigit() or unit_text[:1] in ".~":
        raise QuantityError(f"'{shown}' is not a figure",
                            expected="number, scale word and unit, e.g. 87萬噸, 253GW, 3~5家, 40%")
    unit = parse_unit(unit_text)
    low_d = _decimal(m["low"], text) * unit.scale
    high_d = _decimal(m["high"], text) * unit.scale if m["high"] else None
    low = float(low_d)
    high = float(high_d) if high_d is not None else low
    for v in (low_d, high_d if high_d is not None else low_d):
        if not v.is_finite() or float(abs(v)) > MAX_MAGNITUDE or (v != 0 and float(abs(v)) < MIN_MAGNITUDE):
            raise QuantityError(f"'{shown}' is out of range",
                                expected=f"zero or a magnitude from {MIN_MAGNITUDE:g} to {MAX_MAGNITUDE:g}")
    _check_display_range(shown, unit, low, high)
    if high_d is not None:
        if not allow_range:
            raise QuantityError(f"'{shown}' is a range", expected="a single figure here")
        if bound_sym:
            raise QuantityError(f"'{shown}' has both a bound and a range", expected="one or the other")
        if high < low:
            raise QuantityError(f"'{shown}' is a range whose end is below its start",
                                expected="low~high with low ≤ high")
        return Figure(text=text, low=low, high=high, unit=unit, bound="range")
    if bound_sym:
        if not allow_bound:
            raise QuantityError(f"'{shown}' is a bound", expected="an exact figure here")
        bound = BOUND_NAMES[bound_sym]
        if bound == "at_least":
            return Figure(text=text, low=low, high=math.inf, unit=unit, bound=bound)
        return Figure(text=text, low=0.0, high=low, unit=unit, bound=bound)
    return Figure(text=text, low=low, high=low, unit=unit, bound="exact")


#: Chinese numerals: the digits (a numeral must hold one: 萬噸 alone is not a figure) and the scale words.
_CN_DIGITS = "零〇一二两兩三四五六七八九十百千壹贰貳叁參肆伍陆陸柒捌玖拾佰仟"
_CN_NUM = _CN_DIGITS + "万萬亿億点點"
_CN_START_RE = re.compile(rf"^\s*(?:>=|<=|>|<|≥|≤)?\s*(?:百分之|翻)?[{_CN_DIGITS}]")


@lru_cache(maxsize=1)
def _cn2an() -> Any:
    """cn2an, imported on the first figure holding a Chinese numeral (it costs ~0.4 s to import:
    it compiles large regexes), never at start-up."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cn2an
    return cn2an


def _cn_value(numeral: str) -> str:
    """A Chinese numeral as digits (两千亿 → 200000000000, 一点五 → 1.5); ValueError when cn2an cannot read it.
    A numeral opening with 百 or 千 (千亿) means one hundred / one thousand."""
    if not any(c in _CN_DIGITS for c in numeral):
        raise ValueError(numeral)
    if numeral[:1] in "百千佰仟":
        numeral = "一" + numeral
    value = _cn2an().cn2an(numeral, "normal")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _chinese_number(norm: str, text: str) -> str:
    """The figure with its Chinese numeral written in digits: 两千亿元 → 200000000000元, 三个 → 3个,
    一倍 → 1倍, 七分之一 → 1/7, 百分之四十 → 40%, 翻一番 → 1倍 (doubling: growth of 100%), 翻两番 → 3倍."""
    m = re.match(r"^\s*(>=|<=|>|<|≥|≤)?\s*", norm)
    bound, body = (m[1] or "") if m else "", norm[m.end():] if m else norm
    body = body.strip()
    fail = QuantityError(
        f"'{shorten(text)}' has a Chinese numeral the tool cannot read", value=text,
        expected="a numeral with a unit, e.g. 两千亿元, 三个, 一倍, 七分之一, 百分之四十, 翻一番, or digits (2000亿元)")
    try:
        if body.startswith("百分之"):
            return f"{bound}{_cn_value(body[3:])}%"
        mm = re.fullmatch(rf"翻\s*([{_CN_NUM}0-9]+)\s*番", body)
        if mm:
            n = int(mm[1]) if mm[1].isdigit() else int(_cn_value(mm[1]))
            return f"{bound}{2 ** n - 1}倍"
        mm = re.fullmatch(rf"([{_CN_NUM}]+)分之([{_CN_NUM}]+)", body)
        if mm:
            return f"{bound}{_cn_value(mm[2])}/{_cn_value(mm[1])}"
    except ValueError:
        raise fail from None
    span = re.match(rf"[{_CN_NUM}]+", body)
    if span is None:
        raise fail
    numeral, rest = span[0], body[span.end():]
    for k in range(len(numeral), 0, -1):  # 二百万千瓦: 二百万 and 千瓦, not 二百万千 and 瓦
        try:
            value = _cn_value(numeral[:k])
        except (ValueError, ArithmeticError):
            continue
        unit = (numeral[k:] + rest).strip()
        if not unit:
            return f"{bound}{value}"  # refused below: no unit
        try:
            parse_unit(unit)
        except QuantityError:
            continue
        return f"{bound}{value}{unit}"
    try:
        parse_unit(body)
    except QuantityError:
        raise fail from None
    raise QuantityError(f"'{shorten(text)}' has no number", value=text,
                        expected="a number before the unit, e.g. 300万千瓦, 两千亿元")


#: Forms people type that are not figures, with what to write instead (see refuse_typed_form).
_COMPARATOR_WORDS = {"以上": "≥", "以下": "≤", "左右": "", "多": "≥", "余": "≥", "餘": "≥", "超過": "≥", "超过": "≥"}


def refuse_typed_form(text: str, norm: str) -> None:
    """Refuse, with the figure to write instead, forms users type that are not figures: a comparator
    word (87万吨以上), a per-year rate (87萬噸/年), a range with a hyphen (5-10家)."""
    core = norm.strip()
    m = re.fullmatch(rf"({_NUMBER})\s*-\s*({_NUMBER})\s*(\S*)", core)
    if m:
        raise QuantityError(Msg("err.range_dash", text=shorten(text)), expected=Msg("err.range_tilde"),
                            hint=Msg("err.write_figure", figure=f"{m[1]}~{m[2]}{m[3]}"))
    m = re.fullmatch(rf"({_NUMBER})\s*(多|余|餘|左右)\s*(\S+)", core)
    if m:
        raise QuantityError(f"'{shorten(text)}' has '{m[2]}' (more than / about) in the figure",
                            expected="a figure without it", hint=f"write {m[1]}{m[3]}, or ≥{m[1]}{m[3]} for a bound")
    for word, mark in _COMPARATOR_WORDS.items():
        start = core[:-len(word)].strip()[:1]
        if core.endswith(word) and (start.isdigit() or start in _CN_DIGITS or start == "每"):
            fig = core[:-len(word)].strip()
            raise QuantityError(Msg("err.comparator_word", text=shorten(text), word=word),
                                expected=Msg("err.no_comparator_word"),
                                hint=Msg("err.write_bound", figure=fig, bound=f"{mark}{fig}") if mark else
                                Msg("err.write_about", figure=fig))
    m = re.fullmatch(r"(约|約|近|接近|超过|超過|超|突破|逾|达到|達到|达|達|力争|力爭)\s*(\S.*)", core)
    if m and (m[2][:1].isdigit() or m[2][:1] in _CN_DIGITS):
        word, fig = m[1], m[2].strip()
        comparator = {"约": "about", "約": "about", "近": "about", "接近": "about", "力争": "", "力爭": ""}.get(
            word, "reach" if word.startswith(("达", "達")) else "at_least")
        how = {"about": ", with comparator: about in a targets file",
               "at_least": f" with comparator: at_least in a targets file, or ≥{fig} for a bound",
               "reach": "", "": ", with stance: aspiration in a targets file"}[comparator]
        raise QuantityError(f"'{shorten(text)}' starts with the word '{word}'", expected="the figure alone",
                            hint=f"write {fig}{how}")


def _check_display_range(shown: str, unit: Unit, low: float, high: float) -> None:
    """The range check on the quantity, not on the number as written: 1e-30 yt**8/Yt**7 is 1e-390 t."""
    dim = unit.dimension
    target = unit.base_text if dim == "count" or dim not in DISPLAY_UNITS else DISPLAY_UNITS[dim]
    try:
        factor = conversion_factor(unit, target) if target != unit.base_text or unit.scale != 1 else 1.0
    except QuantityError:  # pragma: no cover - same dimension by construction
        return
    for v in (low, high):
        converted = v * factor
        if v and (not math.isfinite(converted) or not MIN_MAGNITUDE <= abs(converted) <= MAX_MAGNITUDE):
            where = f" ({format_number(converted)} {target})" if target and math.isfinite(converted) else ""
            raise QuantityError(f"'{shown}' is out of range{where}",
                                expected=f"zero or a magnitude from {MIN_MAGNITUDE:g} to {MAX_MAGNITUDE:g} "
                                         f"{target or '(as a ratio)'}")


@lru_cache(maxsize=4096)  # pint formats the dimensionality anew on every call: 40 µs a figure
def dimension_name(unit: Any) -> str:
    """Our name for a pint unit's dimension (mass, power, …) or pint's own string."""
    dims = str(unit.dimensionality)
    if dims == "dimensionless":
        dims = ""
    for name, text in DIMENSIONS.items():
        if dims == text:
            return name
    if dims in COUNT_DIMENSIONS:  # every counting word is a count, but 家 and 人 do not convert
        return "count"
    return dims


def display_unit(figure: Figure) -> str:
    """The unit a figure is shown and exported in: t, GW, MWh, 億元, its own count word, or ''."""
    dim = figure.dimension
    if dim == "count":
        return figure.unit.base_text
    if dim in DISPLAY_UNITS:
        return DISPLAY_UNITS[dim]
    return figure.unit.base_text


@lru_cache(maxsize=4096)
def conversion_factor(unit: Unit, target: str) -> float:
    """Multiply a magnitude in ``unit`` (scale applied) by this to get ``target``."""
    key = _memo_key("conv", unit.pint_text, target)
    known = MEMO.get(key)
    if isinstance(known, float):
        return known
    src = unit.pint_unit
    if target == "":
        dst = registry().dimensionless
        dst_scale = Decimal(1)
    else:
        parsed = parse_unit(target)
        dst, dst_scale = parsed.pint_unit, parsed.scale
    try:
        factor = registry().Quantity(1.0, src).to(dst).magnitude
    except _pint_errors() as exc:
        raise QuantityError(
            f"cannot convert {unit.text or 'a dimensionless figure'} ({dimension_name(src) or 'dimensionless'}) "
            f"to {target or 'a dimensionless ratio'} ({dimension_name(dst) or 'dimensionless'})",
            expected=f"a unit of the same dimension as {unit.text or 'the figure'}",
        ) from exc
    return _memo_put(key, float(factor / float(dst_scale)))


def scaled_pint_unit(unit_text: str) -> Any:
    """The pint unit of a unit as written, its scale word included (萬噸 → 10000 t)."""
    u = parse_unit(unit_text)
    return registry().Unit(u.pint_unit) * float(u.scale) if u.scale != 1 else u.pint_unit


def link_factor(per_unit: str, value: float, unit: Unit, to_unit: str) -> float:
    """(1 ``per_unit`` × ``value`` ``unit``) in ``to_unit``: how much supply (in its display unit) one
    display unit of demand needs at a factor of ``value unit`` (e.g. 1 GW × 2.2 g/W in t)."""
    key = _memo_key("link", per_unit, value, unit.pint_text, to_unit)
    known = MEMO.get(key)
    if isinstance(known, float):
        return known
    ureg = registry()
    k = ureg.Quantity(1.0, scaled_pint_unit(per_unit)) * ureg.Quantity(value, unit.pint_unit)
    return _memo_put(key, float(k.to(scaled_pint_unit(to_unit)).magnitude))


def chain_fits(demand: Unit, factor: Unit, supply: Unit) -> bool:
    """Whether demand × factor has the supply's dimension (253GW × 2.2 g/W is a mass): a chain link's
    factor in another unit (2.2 g, 2.2 W/g) does not fit. Memoised like every conversion."""
    key = _memo_key("fits", demand.pint_text, factor.pint_text, supply.pint_text)
    known = MEMO.get(key)
    if isinstance(known, float):
        return known > 0
    ureg = registry()
    try:
        (ureg.Quantity(1.0, demand.pint_unit) * ureg.Quantity(1.0, factor.pint_unit)).to(supply.pint_unit)
        fits = True
    except Exception:  # noqa: BLE001 - pint's DimensionalityError
        fits = False
    return _memo_put(key, 1.0 if fits else 0.0) > 0


def convert(text: str, target: str) -> float:
    """Convert a figure as written to ``target``: ``convert("200萬千瓦時", "MWh") == 2000``."""
    figure = parse_figure(text, allow_bound=False, allow_range=False)
    target = "" if target.strip() in ("", "1") else target
    if target:
        parse_unit(target)  # validates the target
    try:
        factor = conversion_factor(figure.unit, target)
    except QuantityError as exc:
        dst_dim = _dim_label(parse_unit(target).pint_unit) if target else ""
        src_dim = _dim_label(figure.unit.pint_unit)
        examples = COUNT_WORDS.get(src_dim, "") or _examples(figure.dimension)
        raise QuantityError(
            f"cannot convert {text} ({src_dim or 'dimensionless'}) to {target or 'a ratio'} "
            f"({dst_dim or 'dimensionless'}): the dimensions differ",
            value=text, expected=f"a unit of the same dimension as {text} ({examples})",
        ) from exc
    result = figure.value * factor
    if not math.isfinite(result) or (figure.value and result == 0):
        raise QuantityError(f"{shorten(text)} in {shorten(target)} is out of range", value=text,
                            expected="a target unit in which the figure is a finite, non-zero number")
    return result


#: The words of each count dimension (definitions.txt), for messages.
COUNT_WORDS = {"count of firms": "家, 户", "count of persons": "人, 名", "count of machines": "臺, 台, 套",
               "count of facilities": "座", "count of vehicles": "輛, 辆", "count of lines": "條, 条",
               "count of items": "個, 个, 項, 项, 件"}


def _dim_label(unit: Any) -> str:
    """mass, power, … or, for a counting word, what it counts: "count of firms" (家), "count of persons" (人)."""
    name = dimension_name(unit)
    if name != "count":
        return name
    kind = str(unit.dimensionality).strip("[]")
    return {"firm": "count of firms", "person": "count of persons", "machine": "count of machines",
            "facility": "count of facilities", "vehicle": "count of vehicles", "line": "count of lines",
            "item": "count of items"}.get(kind, "count")


def _examples(dimension: str) -> str:
    return {"mass": "t, 萬噸, Mt, kg", "power": "GW, MW, 千瓦, 萬千瓦", "energy": "MWh, GWh, 千瓦時, 萬千瓦時",
            "currency": "元, 億元, 萬億元", "count": "家, 個, 人", "dimensionless": "%",
            "currency_usd": "美元, 億美元 (never converted to 元)", "area": "平方公里, 公顷, 亩"}.get(dimension, dimension)


def format_number(value: float, digits: int = 6) -> str:
    """Plain number, no thousands separators, no float noise: 870000, 0.378261, 2e+11."""
    if value is None:
        return ""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == 0:
        return "0"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{digits}g}"
    if "e" in text:
        return text
    return text


def format_quantity(value: float, unit: str) -> str:
    if unit == "":
        return format_number(value)
    sep = "" if unit and not unit[0].isascii() else " "
    return f"{format_number(value)}{sep}{unit}"


# ---------------------------------------------------------------------------------------------- figure memo
# Figures repeat (every target of a kind written "50萬噸", every year's national figure): parsing one is
# ~15 µs of NFKC folding, regexes and Decimal arithmetic, so 100,000 targets spent 1.7 s on it. A Figure
# is frozen plain data, so the same text (and options) gives the same Figure; errors are not cached (each
# raises afresh with its own message). Bound here, below the grammar, so the grammar stays one function.
_parse_figure_uncached = parse_figure


@lru_cache(maxsize=1 << 16)
def _parse_figure_memo(text: str, allow_bound: bool, allow_range: bool, days_per_year: Optional[float]) -> Figure:
    return _parse_figure_uncached(text, allow_bound=allow_bound, allow_range=allow_range, days_per_year=days_per_year)


def parse_figure(text: str, *, allow_bound: bool = True, allow_range: bool = True,  # type: ignore[no-redef]  # noqa: F811
                 days_per_year: Optional[float] = None) -> Figure:
    """Parse a figure as written (memoised by the text and the options, each in its place: a key sorted
    from the keyword arguments cost more than the look-up; see ``_parse_figure_uncached`` for the grammar)."""
    if type(text) is not str:
        return _parse_figure_uncached(text, allow_bound=allow_bound, allow_range=allow_range,
                                      days_per_year=days_per_year)
    try:
        return _parse_figure_memo(text, allow_bound, allow_range, days_per_year)
    except TypeError as exc:  # an unhashable option
        if "unhashable" not in str(exc):
            raise
        return _parse_figure_uncached(text, allow_bound=allow_bound, allow_range=allow_range,
                                      days_per_year=days_per_year)


parse_figure.__doc__ = _parse_figure_uncached.__doc__
