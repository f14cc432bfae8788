"""RuleSet.evaluate_batch (sitbone/batch.py): equality with row-by-row
evaluation, error rows, input dtypes, zero-copy buffers and categorical outputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
import yaml

import sitbone
from sitbone import _core
from sitbone import batch as batch_module
from sitbone.synthetic import random_cohort

RED_FLAGS = ["saddle_anaesthesia", "new_bladder_bowel_dysfunction", "bilateral_leg_neuro_symptoms",
             "progressive_neuro_deficit", "new_sexual_dysfunction", "fever_or_unwell", "unexplained_weight_loss",
             "history_of_cancer", "immunosuppressed", "major_motor_deficit"]

TINY = """\
sitbone: 1
id: tiny
version: 0.1.0
status: draft
title: Tiny rule set
review_date: 2026-01-01
bibliography:
  proposal: Test fixture.
inputs:
  bmi: {type: number, range: [10, 80], description: Body-mass index.}
  pain: {type: int, range: [0, 10], description: Pain.}
  fever: {type: tri, description: Fever.}
thresholds:
  high_pain: {value: 7, evidence: P, source: test}
outputs:
  score: {type: number}
  flag: {type: bool}
steps:
  - id: main
    hit: collect
    rules:
      - id: T1
        when: bmi > 0
        then: [{set: {score: bmi * 2}}]
        rationale: Doubles the BMI.
        cite: [proposal]
        evidence: P
      - id: T2
        when: pain >= $high_pain or fever
        then: [{set: {flag: "true"}}]
        rationale: Flags high pain or fever.
        cite: [proposal]
        evidence: P
"""


def messy_cohort(rules: sitbone.RuleSet, rows: int, seed: int) -> pd.DataFrame:
    """Random rows over the whole schema with unknowns (10%), values at the
    ends of every numeric range (6%), and invalid values: out of range,
    fractional for int fields, infinite, labels that are not allowed
    ("maybe"), text in a numeric object column and booleans/numbers in a coded
    object column."""
    rng = np.random.default_rng(seed)
    df = random_cohort(rules, rows, seed, profile="uniform", unknown=0.1, yes_rate={f: 0.03 for f in RED_FLAGS})
    for f in rules.schema:
        if f.type in ("int", "number"):
            col = df[f.name].to_numpy(copy=True)
            u = rng.random(rows)
            col[u < 0.03] = f.min
            col[(u >= 0.03) & (u < 0.06)] = f.max
            col[(u >= 0.06) & (u < 0.062)] = f.max + 1            # out of range
            col[(u >= 0.062) & (u < 0.063)] = np.inf             # not finite
            if f.type == "int":
                col[(u >= 0.063) & (u < 0.065)] = f.min + 0.5     # not a whole number
            df[f.name] = col
        elif rng.random() < 0.3:
            cat = df[f.name].cat.add_categories(["maybe"])
            cat[rng.random(rows) < 0.004] = "maybe"               # not an allowed label
            df[f.name] = cat
    # Object columns, checked per distinct value in Python.
    age = df["age_years"].astype(object)
    age[rng.random(rows) < 0.003] = "n/a"
    df["age_years"] = age
    onset = df["onset"].astype(object)
    u = rng.random(rows)
    onset[u < 0.002] = True
    onset[(u >= 0.002) & (u < 0.004)] = 1
    df["onset"] = onset
    return df


def as_arrays(df: pd.DataFrame) -> dict:
    """The same data as a mapping of numpy arrays (categoricals as object arrays of text)."""
    out = {}
    for name in df.columns:
        s = df[name]
        out[name] = np.asarray(s.astype(object)) if isinstance(s.dtype, pd.CategoricalDtype) else s.to_numpy()
    return out


def assert_same_frame(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Exact equality of two evaluate_batch results: index, columns, dtypes, and
    per categorical column the same codes over the same categories in the same
    order (stricter than, and much faster than, assert_frame_equal on tuples)."""
    assert a.index.equals(b.index)
    assert list(a.columns) == list(b.columns)
    for name in a.columns:
        x, y = a[name], b[name]
        if isinstance(x.dtype, pd.CategoricalDtype):
            assert isinstance(y.dtype, pd.CategoricalDtype), name
            assert list(x.cat.categories) == list(y.cat.categories), name
            assert np.array_equal(x.cat.codes.to_numpy(), y.cat.codes.to_numpy()), name
        else:
            pdt.assert_series_equal(x, y)


def _field_named(message: str) -> str:
    start = message.index("'") + 1
    return message[start:message.index("'", start)]


def _row_by_row_equal(rules: sitbone.RuleSet, df: pd.DataFrame, out: pd.DataFrame) -> None:
    records = df.astype(object).to_dict("records")
    ordered_names = list(rules.output_names)
    problems = []
    for i, record in enumerate(records):
        assessment = {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in record.items()}
        got = out.iloc[i]
        try:
            result = rules.evaluate(assessment, explain=False)
        except sitbone.InputError as e:
            batch_error = got["error"]
            if batch_error is None:
                problems.append(f"row {i}: evaluate raised {e}, batch gave no error")
                continue
            if _field_named(batch_error) != e.field:
                problems.append(f"row {i}: batch error {batch_error!r} names another field than {e}")
            elif batch_error != "column " + str(e)[len("field "):]:
                # Numeric range messages are worded differently by the batch API; both name the value.
                value = batch_error.split(": ")[1].split(" ")[0]
                if value not in str(e).replace("a non-finite number", "inf"):
                    problems.append(f"row {i}: {batch_error!r} vs {e}")
            if any(not pd.isna(got[name]) for name in ordered_names + ["missing_data", "trace"]):
                problems.append(f"row {i}: error row with outputs")
            continue
        if got["error"] is not None:
            problems.append(f"row {i}: batch error {got['error']!r}, evaluate succeeded")
            continue
        for name in ordered_names:
            expected = result.ids(name) if isinstance(result.outputs[name], list) else result.outputs[name]
            actual = got[name]
            actual = actual.item() if isinstance(actual, np.generic) else actual
            if expected is None:
                if not pd.isna(actual):
                    problems.append(f"row {i} {name}: {actual!r} != None")
            elif actual != expected or type(actual) != type(expected):
                problems.append(f"row {i} {name}: {actual!r} != {expected!r}")
        if got["missing_data"] != tuple(result.missing_data) or got["trace"] != tuple(result.trace):
            problems.append(f"row {i}: missing_data/trace differ")
    assert not problems, "\n".join(problems[:20])


@pytest.fixture(scope="module")
def cohort(rules):
    return messy_cohort(rules, 100_000, seed=20240521)


@pytest.fixture(scope="module")
def cohort_result(rules, cohort):
    return rules.evaluate_batch(cohort, threads=1)


def test_batch_equals_row_by_row(rules, cohort, cohort_result):
    """100,000 random rows (fixed seed) with unknowns, range edges and invalid
    values. Compared: on a 5,000-row random sample, every output column,
    missing_data, trace and error of evaluate_batch against RuleSet.evaluate
    row by row (errors: the same rows fail, naming the same field; coded-field
    messages identical up to "column"/"field"; numeric ones naming the value).
    On all 100,000 rows: threads=1 against threads=2, and DataFrame input
    against a dict of numpy arrays (categoricals as object arrays of text):
    the same index, dtypes, categories and codes (assert_same_frame)."""
    out = cohort_result
    assert len(out) == len(cohort) and out.index.equals(cohort.index)
    errors = out["error"].notna()
    assert 0.05 < errors.mean() < 0.5, errors.mean()  # the invalid values did their job...
    assert out.loc[~errors, "pathway"].nunique() >= 5   # ...and the valid rows take many paths
    sample = np.sort(np.random.default_rng(7).choice(len(cohort), 5_000, replace=False))
    _row_by_row_equal(rules, cohort.iloc[sample], out.iloc[sample])

    assert_same_frame(rules.evaluate_batch(cohort, threads=2), out)
    assert_same_frame(rules.evaluate_batch(as_arrays(cohort)), out)


def test_error_rows_keep_their_place(rules):
    df = pd.DataFrame({"pain_worst_24h_nrs": [7, 11, 3, 6.5], "palpable_gap": ["no", "no", "maybe", None],
                       "sex": ["female", "male", None, "female"]}, index=["p1", "p2", "p3", "p4"])
    out = rules.evaluate_batch(df)
    assert list(out.index) == ["p1", "p2", "p3", "p4"]
    assert out["error"].tolist()[0] is None
    assert out.loc["p2", "error"].startswith("column 'pain_worst_24h_nrs': 11")
    assert out.loc["p3", "error"] == "column 'palpable_gap': 'maybe' is not valid; allowed: yes, no or unknown"
    assert out.loc["p4", "error"].startswith("column 'pain_worst_24h_nrs': 6.5")
    for row in ("p2", "p3", "p4"):
        assert out.loc[row, ["stage", "phase", "trace", "missing_data"]].isna().all()
    first = rules.evaluate({"pain_worst_24h_nrs": 7, "palpable_gap": "no", "sex": "female"})
    assert out.loc["p1", "stage"] == first.stage and out.loc["p1", "trace"] == tuple(first.trace)


def test_first_invalid_column_wins(rules):
    """Python-side value errors (object columns) and C++ errors compete in column order."""
    df = pd.DataFrame({"palpable_gap": ["maybe", "no"], "age_years": pd.Series(["forty", "forty"], dtype=object)})
    out = rules.evaluate_batch(df)
    assert out["error"][0].startswith("column 'palpable_gap'")
    assert out["error"][1] == "column " + str(_evaluate_error(rules, {"age_years": "forty"}))[len("field "):]
    out = rules.evaluate_batch(df[["age_years", "palpable_gap"]])
    assert out["error"][0].startswith("column 'age_years'")


def _evaluate_error(rules, assessment):
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate(assessment)
    return info.value


def test_unknown_column_raises_with_suggestion(rules):
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate_batch({"sitting_tolerence_min": [30]})
    assert info.value.field == "sitting_tolerence_min"
    assert "did you mean 'sitting_tolerance_min'" in str(info.value)
    with pytest.raises(sitbone.InputError, match="unknown column 'patient_id'"):
        rules.evaluate_batch(pd.DataFrame({"patient_id": [1], "bmi": [22.0]}))


def test_column_dtype_that_cannot_fit_raises(rules):
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate_batch({"palpable_gap": np.array([1.0, 0.0])})
    assert info.value.field == "palpable_gap" and "not numbers" in str(info.value)
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate_batch({"bmi": pd.Series(["22", "23"], dtype="string")})
    assert info.value.field == "bmi" and "not labels" in str(info.value)
    with pytest.raises(sitbone.InputError, match="booleans"):
        rules.evaluate_batch({"fever_or_unwell": np.array([True, False])})
    with pytest.raises(sitbone.InputError, match="booleans"):
        rules.evaluate_batch({"bmi": np.array([True, False])})
    with pytest.raises(sitbone.InputError, match="given twice"):
        rules.evaluate_batch(pd.DataFrame([[1.0, 2.0]], columns=["bmi", "bmi"]))


def test_missing_values_and_columns_are_unknown(rules):
    explicit = rules.evaluate_batch({"bmi": [np.nan, None], "onset": [None, np.nan],
                                     "palpable_gap": np.array([np.nan, np.nan]),
                                     "pain_worst_24h_nrs": pd.array([pd.NA, pd.NA], dtype="Int64")})
    absent = rules.evaluate_batch(pd.DataFrame(index=range(2)))
    pdt.assert_frame_equal(explicit, absent)
    single = rules.evaluate({})
    assert absent["stage"][0] == single.stage and absent["missing_data"][0] == tuple(single.missing_data)


def test_input_dtypes(rules):
    """int, float32, nullable Int64, lists, Series, categoricals with extra or
    non-text categories and object columns all give what evaluate gives."""
    base = {"pain_worst_24h_nrs": 7, "sitting_tolerance_min": 20, "rest_or_night_pain": "yes", "onset": "gradual",
            "bmi": 24.5}
    want = rules.evaluate(base)
    variants = [
        {"pain_worst_24h_nrs": np.array([7], dtype=np.int8), "sitting_tolerance_min": np.array([20], dtype=np.uint16),
         "rest_or_night_pain": ["yes"], "onset": pd.Categorical(["gradual"], categories=["x", "gradual"]),
         "bmi": np.array([24.5], dtype=np.float32)},
        {"pain_worst_24h_nrs": pd.array([7], dtype="Int64"), "sitting_tolerance_min": pd.Series([20.0]),
         "rest_or_night_pain": pd.Series(["yes"], dtype="string"), "onset": np.array(["gradual"]),
         "bmi": pd.Categorical([24.5])},
        {"pain_worst_24h_nrs": [7], "sitting_tolerance_min": np.array([20], dtype=object),
         "rest_or_night_pain": np.array(["yes"], dtype=object), "onset": ["gradual"], "bmi": [24.5]},
    ]
    for data in variants:
        got = rules.evaluate_batch(data).iloc[0]
        assert got["error"] is None, got["error"]
        assert got["trace"] == tuple(want.trace) and got["stage"] == want.stage


def test_mapping_of_series_keeps_their_index(rules):
    idx = pd.Index([10, 20], name="patient")
    out = rules.evaluate_batch({"bmi": pd.Series([22.0, 23.0], index=idx), "onset": pd.Series(["gradual", None], index=idx)})
    assert out.index.equals(idx)
    with pytest.raises(ValueError, match="different indexes"):
        rules.evaluate_batch({"bmi": pd.Series([22.0], index=[1]), "onset": pd.Series(["gradual"], index=[2])})
    with pytest.raises(ValueError, match="rows"):
        rules.evaluate_batch({"bmi": [22.0, 23.0], "onset": ["gradual"]})


def test_non_text_categories_and_object_values_are_row_errors(rules):
    out = rules.evaluate_batch({"fever_or_unwell": pd.Categorical([True, "no", None], categories=[True, "no"])})
    assert out["error"][0] == "column " + str(_evaluate_error(rules, {"fever_or_unwell": True}))[len("field "):]
    assert out["error"][1] is None and out["error"][2] is None
    out = rules.evaluate_batch({"bmi": np.array([22.0, "x", None, True], dtype=object)})
    assert out["error"].isna().tolist() == [True, False, True, False]
    assert "the text 'x'" in out["error"][1] and "the boolean true" in out["error"][3]


def test_output_dtypes(rules, cohort_result):
    out = cohort_result
    names = rules.output_names
    assert list(out.columns) == names + ["missing_data", "trace", "error"]
    assert str(out["phase"].dtype) == "Int64" and str(out["model_version"].dtype) == "Int64"
    assert isinstance(out["stage"].dtype, pd.CategoricalDtype)
    assert list(out["stage"].cat.categories) == ["reactive", "settled", "indeterminate", "not_staged"]
    assert list(out["red_flag_screen_complete"].cat.categories) == [False, True]
    for name in ("exercises", "referrals", "missing_data", "trace"):
        categories = out[name].cat.categories
        assert categories.dtype == object and all(isinstance(c, tuple) for c in categories), name
    assert out["error"].dtype == object



def _declared_outputs(rules: sitbone.RuleSet) -> dict:
    """The `outputs:` declarations of the rule set's files, as written (YAML)."""
    root = Path(rules.path)
    header = yaml.safe_load((root / "ruleset.yaml").read_text())
    declared: dict = dict(header.get("outputs") or {})
    for name in header.get("include", []):
        declared.update(yaml.safe_load((root / name).read_text()).get("outputs") or {})
    return declared


def test_enum_categories_are_the_declared_values_in_declared_order(rules, cohort_result):
    """Plots and tables that follow the categories follow the rule set: stage
    reactive, settled, indeterminate, not_staged; red_flag_level from none to
    emergency; never the alphabet."""
    declared = _declared_outputs(rules)
    enums = [name for name in rules.output_names if declared[name]["type"] == "enum"]
    assert {"stage", "red_flag_level", "pathway", "confidence"} <= set(enums)
    meta = rules.batch_meta()
    for name in enums:
        values = [str(v) for v in declared[name]["values"]]
        assert list(cohort_result[name].cat.categories) == values, name
        assert list(meta[name].cat.categories) == values, name
        assert not cohort_result[name].cat.ordered, name
    for name in rules.output_names:
        if declared[name]["type"] == "bool":
            assert list(cohort_result[name].cat.categories) == [False, True], name
    assert list(meta["red_flag_level"].cat.categories) == ["none", "soon", "urgent", "emergency"]
    assert list(meta["stage"].cat.categories) == ["reactive", "settled", "indeterminate", "not_staged"]
    assert list(meta["confidence"].cat.categories) == ["high", "moderate", "low"]
    counts = cohort_result["red_flag_level"].value_counts(sort=False)  # the notebook's way to count
    assert list(counts.index) == ["none", "soon", "urgent", "emergency"]

def test_outputs_are_not_copied(tmp_path: Path):
    (tmp_path / "ruleset.yaml").write_text(TINY)
    tiny = sitbone.load_rules(tmp_path)
    bmi = np.array([20.0, np.nan, 30.0, 12.0])
    columns, rows, _, _ = batch_module._columns(tiny, {"bmi": bmi, "pain": [8, None, 2, 1]})
    assert np.shares_memory(columns[0][1], bmi)  # float64 input read in place
    out_columns, _, _ = _core.evaluate_batch(tiny._core, columns, rows, 1)
    score = out_columns[0].values
    assert score.dtype == np.float64 and not score.flags.owndata and type(score.base).__name__ == "PyCapsule"
    frame = tiny.evaluate_batch({"bmi": bmi})
    assert frame["score"].tolist()[0] == 40.0 and np.isnan(frame["score"][1])
    assert frame["score"].to_numpy().base is not None  # a view of the C++ buffer, not a pandas copy
    assert frame["score"].dtype == np.float64


def test_empty_batch_and_meta(rules):
    meta = rules.batch_meta()
    assert len(meta) == 0 and list(meta.columns) == rules.output_names + ["missing_data", "trace", "error"]
    empty = rules.evaluate_batch(pd.DataFrame({"bmi": pd.Series([], dtype=float)}))
    assert len(empty) == 0 and (empty.dtypes == meta.dtypes).all()


def test_bad_arguments(rules):
    with pytest.raises(TypeError):
        rules.evaluate_batch([{"bmi": 22.0}])
    with pytest.raises(ValueError, match="1-D"):
        rules.evaluate_batch({"bmi": 22.0})
    with pytest.raises(TypeError, match="evaluate_batch"):
        rules.evaluate([("bmi", 22.0)])
    with pytest.raises(ValueError):
        rules.evaluate_batch({"bmi": [22.0]}, threads=0)
