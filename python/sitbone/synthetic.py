"""Synthetic cohorts for tests, benchmarks and sensitivity sweeps.

The rows are random draws, not a model of any clinical population: use them to
exercise the engine and to study how outputs react to thresholds, never to
estimate prevalence. Two profiles:

- ``"clinic"`` (the default): most patients have no red flag. The red-flag
  screen fields of the bundled PHT schema (:data:`CLINIC_SCREEN_FIELDS`) are
  rarely "yes" and rarely unknown, onset is mostly gradual, and the PHT
  examination findings are mostly positive (:data:`CLINIC_YES_RATES`), so that
  most rows reach a tendon rehab plan. With the bundled rule set and the defaults, fewer than 1% of rows
  are emergencies and about three quarters are on the ``tendon_rehab`` pathway
  (python/tests/test_synthetic.py checks both).
- ``"uniform"``: no field is special, every field is drawn over its whole
  domain with the same rates: a stress test of the engine, in which most rows
  stop at a red flag (about 73% emergencies with the bundled rule set).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Mapping, Optional

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .rule_set import RuleSet

__all__ = ["random_cohort", "PROFILES", "CLINIC_YES_RATES", "CLINIC_SCREEN_FIELDS", "CLINIC_ENUM_WEIGHTS",
           "CLINIC_MAX_UNKNOWN"]

PROFILES = ("clinic", "uniform")

_LABELS = {"tri": ["yes", "no"], "test": ["positive", "negative"]}

# Profile "clinic": probability of "yes" / "positive" among known values, per
# tri/test field of the bundled PHT schema. The red-flag screen fields (cauda
# equina, systemic, avulsion, bone stress, neurological deficit) are also
# unknown with probability min(unknown, CLINIC_MAX_UNKNOWN) instead of `unknown`.
_SCREEN_YES_RATES: Dict[str, float] = {
    # cauda equina (RF1: any "yes" is an emergency)
    "saddle_anaesthesia": 0.001, "new_bladder_bowel_dysfunction": 0.001, "bilateral_leg_neuro_symptoms": 0.002,
    "progressive_neuro_deficit": 0.001, "new_sexual_dysfunction": 0.001,
    # systemic (RF3, RF4)
    "fever_or_unwell": 0.005, "unexplained_weight_loss": 0.01, "history_of_cancer": 0.03,
    "night_pain_unrelated_to_load": 0.02, "immunosuppressed": 0.02,
    # avulsion (RF2)
    "felt_pop_at_onset": 0.05, "mechanism_hip_flexion_knee_extension": 0.05, "posterior_thigh_bruising": 0.01,
    "palpable_gap": 0.003, "marked_hamstring_weakness": 0.02,
    # bone stress (RF3d)
    "focal_bony_tenderness": 0.01, "pain_on_single_leg_hop": 0.05, "low_energy_availability_risk": 0.03,
    # neurological deficit (LS1)
    "neuro_deficit": 0.02, "major_motor_deficit": 0.005,
}
_FINDING_YES_RATES: Dict[str, float] = {
    # PHT examination: mostly positive in a clinic that sees PHT
    "pain_localised_ischial": 0.85, "ischial_palpation_tender": 0.8, "arabesque_test": 0.6,
    "puranen_orava_test": 0.6, "bent_knee_stretch_test": 0.6, "modified_bent_knee_stretch_test": 0.6,
    # lumbar and neural screen
    "low_back_pain": 0.25, "pain_below_knee": 0.08, "leg_paraesthesia": 0.08, "slump_test": 0.1,
    "straight_leg_raise_test": 0.08,
    # differentials and modifiers
    "seated_piriformis_stretch_test": 0.1, "long_stride_walking_test": 0.1, "inflammatory_arthritis": 0.02,
    "recent_fluoroquinolone": 0.01, "local_steroid_injection_last_6_weeks": 0.05,
}
CLINIC_YES_RATES: Mapping[str, float] = {**_SCREEN_YES_RATES, **_FINDING_YES_RATES}
"""Profile "clinic": P("yes" / "positive" | known) per tri/test field name."""

CLINIC_SCREEN_FIELDS = frozenset(_SCREEN_YES_RATES)
"""Profile "clinic": the red-flag screen fields, unknown with probability
min(unknown, CLINIC_MAX_UNKNOWN)."""

CLINIC_ENUM_WEIGHTS: Mapping[str, Mapping[str, float]] = {"onset": {"gradual": 0.9, "sudden_traumatic": 0.1}}
"""Profile "clinic": the distribution of these enum fields (others are uniform);
they are unknown with probability min(unknown, CLINIC_MAX_UNKNOWN)."""

CLINIC_MAX_UNKNOWN = 0.01
"""Profile "clinic": the largest probability that a screen field or onset is unknown."""


def random_cohort(rules: "RuleSet", rows: int, seed: int = 0, *, profile: str = "clinic", unknown: float = 0.1,
                  yes_rate: Optional[Mapping[str, float]] = None, default_yes_rate: float = 0.25,
                  categorical: bool = True) -> pd.DataFrame:
    """A DataFrame of `rows` random assessments, one column per input field.

    Every field is drawn independently of the others:

    - ``int`` / ``number`` fields: uniform over the field's range (whole
      numbers for ``int``; ``number`` rounded to 0.1; a field without a range
      is drawn from 0 to 100), missing with probability `unknown`.
    - ``tri`` / ``test`` fields: "yes" / "positive" with probability
      ``yes_rate[name]`` if given, else, with ``profile="clinic"``,
      :data:`CLINIC_YES_RATES` ``[name]`` for the fields listed there, else
      `default_yes_rate`; "no" / "negative" otherwise. Missing with
      probability `unknown`, except the clinic profile's red-flag screen
      fields (:data:`CLINIC_SCREEN_FIELDS`: cauda equina, systemic, avulsion,
      bone stress, neurological deficit), which are missing with probability
      ``min(unknown, CLINIC_MAX_UNKNOWN)`` (at most 1%).
    - ``enum`` fields: uniform over the allowed values, missing with
      probability `unknown`; with ``profile="clinic"``, ``onset`` is
      "gradual" 90% and "sudden_traumatic" 10% (:data:`CLINIC_ENUM_WEIGHTS`)
      and missing with probability ``min(unknown, CLINIC_MAX_UNKNOWN)``.

    With ``profile="uniform"`` no field is special: the draws are exactly
    those of the profile-less function of earlier versions (same seed, same
    frame), a stress test over the whole schema in which most PHT rows stop
    at a red flag. The clinic rates are keyed by the bundled PHT schema's
    field names; in another rule set, only the fields with these names get
    them.

    Args:
        rules: the rule set whose schema the columns follow.
        rows: number of rows.
        seed: seed of ``numpy.random.default_rng``; the same arguments give
            the same frame.
        profile: ``"clinic"`` (default) or ``"uniform"``.
        unknown: probability that a value is missing (NaN / unknown).
        yes_rate: per tri/test field, the probability of "yes" / "positive"
            among known values; overrides the profile.
        default_yes_rate: that probability for every other tri/test field.
        categorical: coded fields as pandas Categorical (the fast path of
            ``evaluate_batch``); False gives object columns of strings.

    Raises:
        ValueError: an unknown profile.
    """
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}, not {profile!r}")
    clinic = profile == "clinic"
    rng = np.random.default_rng(seed)
    rates: Dict[str, float] = dict(CLINIC_YES_RATES) if clinic else {}
    rates.update(yes_rate or {})
    screen_unknown = min(unknown, CLINIC_MAX_UNKNOWN)
    data: Dict[str, object] = {}
    for f in rules.schema:
        weights = CLINIC_ENUM_WEIGHTS.get(f.name) if clinic and f.type == "enum" else None
        if weights is not None and set(weights) != set(f.values):
            weights = None  # another rule set's field of that name: uniform
        special = weights is not None or (clinic and f.type in _LABELS and f.name in CLINIC_SCREEN_FIELDS)
        missing = rng.random(rows) < (screen_unknown if special else unknown)
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
            codes = (rng.random(rows) >= rates.get(f.name, default_yes_rate)).astype(np.int8)
        else:
            labels = list(f.values)
            if weights is not None:
                p = np.array([weights[label] for label in labels])
                codes = rng.choice(len(labels), size=rows, p=p / p.sum()).astype(np.int8)
            else:
                codes = rng.integers(0, len(labels), size=rows).astype(np.int8)
        codes[missing] = -1
        column = pd.Categorical.from_codes(codes, categories=labels)
        data[f.name] = column if categorical else np.asarray(column.astype(object))
    return pd.DataFrame(data)
