"""What a claim kind's sampler hands ``simulate``: a ``Check`` (its share or ratio as a function of
the sampled inputs, and the flip its verdict rests on: the kind's own ``flip``, tolerance included).
numpy is imported only when a check is computed."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Optional

from capacity.claims.common import holds as _holds


def ratio(num: Any, den: Any, den_can_be_zero: bool) -> Any:
    """num / den as the claim kinds divide: a zero denominator gives +inf (never nan)."""
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        r = num / den
    if den_can_be_zero and np.min(den) <= 0:
        r = np.where(den > 0, r, math.inf)
    return r


@dataclass
class Check:
    id: str
    kind: str  # share | supply
    region: str
    name: str
    threshold: Optional[float]
    comparator: Optional[str]
    metric: Callable[[dict, dict], Any]  # (inputs, cache) -> share or ratio, array or scalar
    deps: list[str]
    note: str = ""
    defined: bool = True
    flip: Optional[float] = None  # where the verdict flips (the threshold less an about claim's tolerance)

    @property
    def deterministic(self) -> bool:
        return not self.deps

    def holds(self, m: Any) -> Any:
        assert self.threshold is not None
        return _holds(m, self.threshold if self.flip is None else self.flip, self.comparator)
