"""RuleSet.evaluate_batch as a Dask map_partitions function (docs/python.md#dask):
the result on the local schedulers equals the single-process one, value for
value and with the same index. Enum outputs keep their declared categories;
list outputs' categories are unioned across partitions by Dask, so their
category order may differ and is not compared."""

from __future__ import annotations

import dask
import dask.dataframe as dd
import pandas as pd
import pytest

from sitbone.synthetic import random_cohort


def _as_values(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.notna(), None)


@pytest.fixture(scope="module")
def cohort(rules):
    df = random_cohort(rules, 8_000, seed=11, yes_rate={"saddle_anaesthesia": 0.01})
    df.index = pd.RangeIndex(100, 100 + len(df), name="patient")
    return df


@pytest.mark.parametrize("scheduler", ["synchronous", "threads", "processes"])
def test_map_partitions_equals_single_process(rules, cohort, scheduler):
    expected = rules.evaluate_batch(cohort)
    ddf = dd.from_pandas(cohort, npartitions=4)
    lazy = ddf.map_partitions(rules.evaluate_batch, meta=rules.batch_meta())
    with dask.config.set(scheduler=scheduler, num_workers=2):
        got = lazy.compute()
    assert got.index.equals(expected.index)
    assert list(got.columns) == list(expected.columns)
    assert (got.dtypes.astype(str) == expected.dtypes.astype(str)).all()
    for name in ("stage", "pathway", "red_flag_level"):
        assert list(got[name].cat.categories) == list(expected[name].cat.categories)
    pd.testing.assert_frame_equal(_as_values(got), _as_values(expected))


def test_threads_keyword_inside_partitions(rules, cohort):
    ddf = dd.from_pandas(cohort, npartitions=2)
    got = ddf.map_partitions(rules.evaluate_batch, threads=2, meta=rules.batch_meta()).compute(scheduler="synchronous")
    pd.testing.assert_frame_equal(_as_values(got), _as_values(rules.evaluate_batch(cohort)))
