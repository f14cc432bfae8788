"""sitbone.synthetic.random_cohort."""

from __future__ import annotations

import pandas as pd

from sitbone.synthetic import random_cohort


def test_random_cohort_is_reproducible_and_valid(rules):
    a = random_cohort(rules, 2000, seed=3)
    pd.testing.assert_frame_equal(a, random_cohort(rules, 2000, seed=3))
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
