"""Synthetic cohorts for tests, benchmarks and sensitivity sweeps.

The rows are random draws over each input field's declared domain, not a model
of any clinical population: use them to exercise the engine and to study how
outputs react to thresholds, never to estimate prevalence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Optional

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .rule_set import RuleSet

__all__ = ["random_cohort"]

_LABELS = {"tri": ["yes", "no"], "test": ["positive", "negative"]}


def random_cohort(rules: "RuleSet", rows: int, seed: int = 0, *, unknown: float = 0.1,
                  yes_rate: Optional[Dict[str, float]] = None, default_yes_rate: float = 0.25,
                  categorical: bool = True) -> pd.DataFrame:
    """A DataFrame of `rows` random assessments over every input field.

    Args:
        rules: the rule set whose schema the columns follow.
        rows: number of rows.
        seed: seed of ``numpy.random.default_rng``; the same seed gives the same frame.
        unknown: probability that a value is missing (NaN / unknown).
        yes_rate: per tri/test field, the probability of "yes" / "positive"
            among known values (e.g. make red flags rare).
        default_yes_rate: that probability for the other tri/test fields.
        categorical: coded fields as pandas Categorical (the fast path of
            ``evaluate_batch``); False gives object columns of strings.

    Numbers are uniform over the field's range (whole numbers for ``int``
    fields); enum values are uniform over the allowed values.
    """
    rng = np.random.default_rng(seed)
    yes_rate = dict(yes_rate or {})
    data: Dict[str, object] = {}
    for f in rules.schema:
        missing = rng.random(rows) < unknown
        if f.type in ("int", "number"):
            lo = f.min if f.min is not None else 0.0
            hi = f.max if f.max is not None else lo + 100.0
            if f.type == "int":
                values = rng.integers(int(lo), int(hi) + 1, size=rows).astype(np.float64)
            else:
                values = np.round(rng.uniform(lo, hi, size=rows), 1)
            values[missing] = np.nan
            data[f.name] = values
            continue
        if f.type in _LABELS:
            labels = _LABELS[f.type]
            codes = (rng.random(rows) >= yes_rate.get(f.name, default_yes_rate)).astype(np.int8)
        else:
            labels = list(f.values)
            codes = rng.integers(0, len(labels), size=rows).astype(np.int8)
        codes[missing] = -1
        column = pd.Categorical.from_codes(codes, categories=labels)
        data[f.name] = column if categorical else np.asarray(column.astype(object))
    return pd.DataFrame(data)
