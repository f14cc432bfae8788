"""sitbone.synthetic.random_cohort: reproducible, valid for the schema, and
distributed as its docstring says for both profiles."""

from __future__ import annotations

import pandas as pd
import pytest

from sitbone import synthetic
from sitbone.synthetic import random_cohort


def test_random_cohort_is_reproducible_and_valid(rules):
    a = random_cohort(rules, 2000, seed=3)
    pd.testing.assert_frame_equal(a, random_cohort(rules, 2000, seed=3))
    assert not a.equals(random_cohort(rules, 2000, seed=4))
    assert list(a.columns) == rules.input_names and len(a) == 2000
    assert isinstance(a["onset"].dtype, pd.CategoricalDtype)
    assert 0.05 < a["bmi"].isna().mean() < 0.15
    out = rules.evaluate_batch(a)
    assert out["error"].isna().all()


def test_text_columns_and_yes_rates(rules):
    a = random_cohort(rules, 4000, seed=4, categorical=False, unknown=0.0, yes_rate={"saddle_anaesthesia": 0.0})
    assert a["onset"].dtype == object and a["bmi"].notna().all()
    assert (a["saddle_anaesthesia"] == "no").all()
    assert rules.evaluate_batch(a)["error"].isna().all()


def test_default_profile_is_clinic_like(rules):
    """The bound of the docstring: fewer than 1% emergencies, about three
    quarters on the tendon rehab pathway; red flags rare and rarely unknown."""
    cohort = random_cohort(rules, 20_000, seed=0)
    pd.testing.assert_frame_equal(cohort, random_cohort(rules, 20_000, seed=0, profile="clinic"))
    out = rules.evaluate_batch(cohort)
    assert out["error"].isna().all()
    pathway = out["pathway"].value_counts(normalize=True)
    assert pathway["stop_emergency"] < 0.01
    assert (out["red_flag_level"] == "emergency").mean() < 0.01
    assert 0.70 < pathway["tendon_rehab"] < 0.85
    assert pathway.idxmax() == "tendon_rehab"
    assert (out["red_flag_level"] == "none").mean() > 0.8
    for name in synthetic.CLINIC_SCREEN_FIELDS:
        column = cohort[name]
        assert column.isna().mean() < 0.02, name  # min(unknown=0.1, 1%)
        assert (column.isin(["yes", "positive"])).mean() < 0.06, name
        assert (column.isin(["no", "negative"])).mean() > 0.92, name
    for name in ("saddle_anaesthesia", "new_bladder_bowel_dysfunction", "bilateral_leg_neuro_symptoms"):
        assert (cohort[name] == "yes").mean() < 0.005, name
    assert abs((cohort["onset"] == "gradual").mean() - 0.9 * 0.99) < 0.01
    assert cohort["onset"].isna().mean() < 0.02
    assert abs((cohort["pain_localised_ischial"] == "yes").mean() - 0.85 * 0.9) < 0.02
    assert 0.08 < cohort["diabetes"].isna().mean() < 0.12  # other fields: unknown=0.1
    assert abs((cohort["diabetes"] == "yes").mean() - 0.25 * 0.9) < 0.02  # default_yes_rate


def test_clinic_profile_rates_are_the_documented_ones(rules):
    names = {f.name: f.type for f in rules.schema}
    for name in synthetic.CLINIC_YES_RATES:
        assert names.get(name) in ("tri", "test"), name  # every rate applies to a PHT field
    assert synthetic.CLINIC_SCREEN_FIELDS <= set(synthetic.CLINIC_YES_RATES)
    assert set(synthetic.CLINIC_ENUM_WEIGHTS["onset"]) == set(rules.field("onset").values)
    cohort = random_cohort(rules, 2000, seed=1, unknown=0.0)
    assert cohort.notna().all().all()  # unknown=0: nothing unknown, screen fields included


def test_uniform_profile_draws_over_the_whole_schema(rules):
    cohort = random_cohort(rules, 20_000, seed=0, profile="uniform")
    out = rules.evaluate_batch(cohort)
    assert (out["pathway"] == "stop_emergency").mean() > 0.5  # the stress test: most rows stop at RF1
    for name in ("saddle_anaesthesia", "pain_localised_ischial", "diabetes"):
        assert abs((cohort[name] == "yes").mean() - 0.25 * 0.9) < 0.02, name
        assert 0.08 < cohort[name].isna().mean() < 0.12, name
    assert abs((cohort["onset"] == "gradual").mean() - 0.5 * 0.9) < 0.02


def test_unknown_profile_is_an_error(rules):
    with pytest.raises(ValueError, match="profile must be one of clinic, uniform, not 'clinical'"):
        random_cohort(rules, 10, profile="clinical")
