"""python/sitbone/_cells.py: RuleSet.evaluate_batch with hostile cells (docs/python.md#bad-cells).

Every input row gives a result row or an error row: a bad cell makes an error
row for its own row only, naming its column; the neighbouring rows get what
RuleSet.evaluate gives for them; nothing raises for the whole batch because of
a cell value, nothing is coerced (True is not 1, 7+3j is not 7, a date is not
its nanosecond count, NaT is not unknown)."""

from __future__ import annotations

import warnings
from decimal import Decimal
from fractions import Fraction
from typing import Any, Dict, List, Optional

import numpy as np
import pandas as pd
import pytest

import sitbone
from sitbone import _cells as cells_module
from sitbone import batch as batch_module

PAIN = "pain_worst_24h_nrs"  # int, 0 to 10
BMI = "bmi"                  # number, 12 to 70
FEVER = "fever_or_unwell"    # tri
ONSET = "onset"              # enum: gradual, sudden_traumatic

# The other columns of every frame below: pain 7 / 3 / unknown and onset
# gradual / unknown take different paths (stage, trace), so a cell read as
# another value shows in the outputs.
BASE: Dict[str, Any] = {PAIN: 7, "rest_or_night_pain": "yes", ONSET: "gradual", "sitting_tolerance_min": 20,
                        BMI: 24.5, "sex": "female", "age_years": 30}

TYPE_TAIL = "is not valid; give None, a str or a number"


def cells(*values: Any) -> np.ndarray:
    """An object array holding exactly these cells (no inference, no nesting)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out


def frame(column: str, values: Any) -> pd.DataFrame:
    n = len(values)
    data = {name: [value] * n for name, value in BASE.items() if name != column}
    df = pd.DataFrame(data)
    if isinstance(values, pd.Series):
        df[column] = values.set_axis(df.index)
    else:  # an object array stays an object column (no inference of dates)
        df[column] = pd.Series(values, index=df.index,
                               dtype=object if isinstance(values, np.ndarray) and values.dtype == object else None)
    return df


def allowed(rules: sitbone.RuleSet, field: str) -> str:
    """What `field` allows, in the words of a single assessment's error."""
    message = str(single_error(rules, field, "\u00a7not a value\u00a7"))
    return message.split("; allowed: ", 1)[1]


def single_error(rules: sitbone.RuleSet, field: str, value: Any) -> sitbone.InputError:
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate(dict(BASE, **{field: value}))
    assert info.value.field == field
    return info.value


def batch_wording(error: sitbone.InputError) -> str:
    """The message of a single assessment in batch wording ("column" for "field")."""
    return "column " + str(error)[len("field "):]


def batch_error_of_float(rules: sitbone.RuleSet, field: str, value: float) -> str:
    """The batch message for a float64 cell (checked by the C++ batch)."""
    out = rules.evaluate_batch({field: np.array([value])})
    assert out["error"][0] is not None
    return out["error"][0]


def evaluate_batch(rules: sitbone.RuleSet, data: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning, no RuntimeWarning: nothing is silently cast
        return rules.evaluate_batch(data)


def assert_same_as_single(rules: sitbone.RuleSet, out: pd.DataFrame, row: int, assessment: Dict[str, Any]) -> None:
    """Batch row `row` is a result row equal to RuleSet.evaluate(assessment)."""
    got = out.iloc[row]
    assert got["error"] is None, (row, got["error"])
    want = rules.evaluate(assessment, explain=False)
    for name in rules.output_names:
        expected = want.ids(name) if isinstance(want.outputs[name], list) else want.outputs[name]
        actual = got[name]
        actual = actual.item() if isinstance(actual, np.generic) else actual
        if expected is None:
            assert pd.isna(actual), (row, name, actual)
        else:
            assert actual == expected and type(actual) == type(expected), (row, name, actual, expected)
    assert got["missing_data"] == tuple(want.missing_data), row
    assert got["trace"] == tuple(want.trace), row


def assert_error_row(out: pd.DataFrame, row: int, field: str, message: Optional[str] = None) -> None:
    got = out.iloc[row]
    error = got["error"]
    assert isinstance(error, str) and error.startswith(f"column '{field}': "), (row, error)
    if message is not None:
        assert error == message, (row, error, message)
    outputs = got.drop("error")
    assert outputs.isna().all(), (row, outputs[outputs.notna()])


def check_column(rules: sitbone.RuleSet, field: str, values: Any, expected: List[Any]) -> pd.DataFrame:
    """Evaluates BASE with column `field` set to `values`; `expected[i]` is
    ("ok", value that evaluate reads the same) or ("error", exact message)."""
    out = evaluate_batch(rules, frame(field, values))
    assert len(out) == len(expected)
    for row, (what, value) in enumerate(expected):
        if what == "ok":
            assert_same_as_single(rules, out, row, dict(BASE, **{field: value}))
        else:
            assert_error_row(out, row, field, value)
    return out


# -- 1. booleans next to numbers -------------------------------------------------

def test_bool_and_int_in_a_numeric_object_column_are_not_merged(rules):
    """pandas.factorize merges True and 1 (equal, same hash): whichever comes
    first, the boolean is an error row and the int 1 is the number 1."""
    true_error = batch_wording(single_error(rules, PAIN, True))
    false_error = batch_wording(single_error(rules, PAIN, False))
    assert "the boolean true" in true_error
    for values in (cells(1, True, 3), cells(True, 1, 3)):
        expected = [("ok", 1) if v is not True else ("error", true_error) for v in values]
        expected[2] = ("ok", 3)
        check_column(rules, PAIN, values, expected)
    check_column(rules, PAIN, cells(0, False, np.True_, np.int64(1), 1.0, None),
                 [("ok", 0), ("error", false_error), ("error", true_error), ("ok", 1), ("ok", 1), ("ok", None)])
    bmi_true = batch_wording(single_error(rules, BMI, True))
    check_column(rules, BMI, cells(True, 1, 22.5), [("error", bmi_true), ("error", batch_error_of_float(rules, BMI, 1.0)),
                                                   ("ok", 22.5)])


def test_bool_and_int_in_a_tri_column_follow_single_evaluation(rules):
    """A tri field given 1 is "the number 1" (not the boolean true), as in evaluate."""
    true_error = batch_wording(single_error(rules, FEVER, True))
    one_error = batch_wording(single_error(rules, FEVER, 1))
    assert "the boolean true" in true_error and "the number 1" in one_error
    for values in (cells(True, 1, "yes"), cells(1, True, "yes")):
        expected = [("error", true_error if v is True else one_error) for v in values[:2]] + [("ok", "yes")]
        check_column(rules, FEVER, values, expected)
    check_column(rules, FEVER, cells(np.True_, 1.0, "no", np.int64(1), None),
                 [("error", true_error), ("error", one_error), ("ok", "no"), ("error", one_error), ("ok", None)])
    onset_one = batch_wording(single_error(rules, ONSET, 1))
    onset_true = batch_wording(single_error(rules, ONSET, True))
    check_column(rules, ONSET, cells(1, True, "gradual"), [("error", onset_one), ("error", onset_true), ("ok", "gradual")])


# -- 2. complex numbers --------------------------------------------------------------

def test_complex_cells_are_error_rows(rules):
    """np.complex128(7+3j) is not 7 (numpy complex numbers have __float__)."""
    check_column(rules, PAIN, cells(np.complex128(7 + 3j), 7, complex(7, 0), np.complex64(3)), [
        ("error", f"column '{PAIN}': a value of type numpy.complex128 {TYPE_TAIL}"),
        ("ok", 7),
        ("error", batch_wording(single_error(rules, PAIN, complex(7, 0)))),
        ("error", f"column '{PAIN}': a value of type numpy.complex64 {TYPE_TAIL}"),
    ])
    check_column(rules, ONSET, cells(np.complex128(1), "gradual"), [
        ("error", f"column '{ONSET}': a value of type numpy.complex128 {TYPE_TAIL}"), ("ok", "gradual")])
    # A list with a complex number is an object column of its cells, not a complex column.
    out = evaluate_batch(rules, {PAIN: [7 + 3j, None, 3]})
    assert out["error"][0] == batch_wording(single_error(rules, PAIN, 7 + 3j))
    assert out["error"][1] is None and out["error"][2] is None


def test_a_complex_column_raises_naming_it(rules):
    """A complex *dtype* cannot fit any field: InputError (as for booleans), not 7."""
    for field in (PAIN, FEVER):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(sitbone.InputError, match="complex|real numbers") as info:
                rules.evaluate_batch({field: np.array([7 + 3j, 3])})
        assert info.value.field == field
    out = evaluate_batch(rules, {PAIN: pd.Categorical([7 + 3j, 3])})  # complex categories: per cell
    assert out["error"].str.startswith(f"column '{PAIN}': a value of type complex").all()


# -- 3. dates and durations -----------------------------------------------------------

def test_datetime_and_timedelta_columns_are_error_rows(rules):
    """Never read as nanosecond counts; NaT in such a column is an error too."""
    timestamp = batch_wording(single_error(rules, PAIN, pd.Timestamp("2020-01-01")))
    nat = batch_wording(single_error(rules, PAIN, pd.NaT))
    assert timestamp == f"column '{PAIN}': a value of type Timestamp {TYPE_TAIL}"
    assert nat == f"column '{PAIN}': a value of type NaTType {TYPE_TAIL}"
    columns = {
        "datetime64": pd.Series(pd.to_datetime(["2020-01-01", None, "1970-01-01 00:00:00.000000007"])),
        "datetime64 tz": pd.Series(pd.to_datetime(["2020-01-01", None, "2021-01-01"]).tz_localize("UTC")),
        "timedelta64": pd.Series(pd.to_timedelta([7, None, 3])),
        "period": pd.Series(pd.PeriodIndex(["2020-01", None, "2020-03"], freq="M")),
    }
    first = {"datetime64": timestamp, "datetime64 tz": timestamp,
             "timedelta64": batch_wording(single_error(rules, PAIN, pd.Timedelta(7))),
             "period": batch_wording(single_error(rules, PAIN, pd.Period("2020-01", freq="M")))}
    for label, column in columns.items():
        for field in (PAIN, ONSET):
            out = evaluate_batch(rules, frame(field, column))
            for row in range(3):
                message = (first[label] if row != 1 else nat).replace(f"'{PAIN}'", f"'{field}'")
                assert_error_row(out, row, field, message)
    # A numpy datetime64 array given directly, and an all-NaT column: still error rows.
    out = evaluate_batch(rules, {PAIN: np.array(["NaT", "NaT"], dtype="datetime64[ns]")})
    assert out["error"].tolist() == [nat, nat]


def test_date_cells_in_object_columns_are_error_rows(rules):
    """NaT is not unknown (it is a date, not a number; evaluate rejects it too)."""
    nat = batch_wording(single_error(rules, PAIN, pd.NaT))
    check_column(rules, PAIN, cells(pd.NaT, 7, pd.Timestamp("2020-01-01"), pd.Timedelta(7), np.datetime64("2020-01-01"),
                                    np.timedelta64(7, "ns"), np.datetime64("NaT"), None, 3), [
        ("error", nat),
        ("ok", 7),
        ("error", batch_wording(single_error(rules, PAIN, pd.Timestamp("2020-01-01")))),
        ("error", batch_wording(single_error(rules, PAIN, pd.Timedelta(7)))),
        ("error", f"column '{PAIN}': a value of type numpy.datetime64 {TYPE_TAIL}"),
        ("error", f"column '{PAIN}': a value of type numpy.timedelta64 {TYPE_TAIL}"),
        ("error", f"column '{PAIN}': a value of type numpy.datetime64 {TYPE_TAIL}"),
        ("ok", None),
        ("ok", 3),
    ])
    onset_nat = batch_wording(single_error(rules, ONSET, pd.NaT))
    check_column(rules, ONSET, cells(pd.NaT, "gradual", None), [("error", onset_nat), ("ok", "gradual"), ("ok", None)])
    check_column(rules, ONSET, cells(pd.NaT, pd.NaT), [("error", onset_nat), ("error", onset_nat)])
    # A list mixing a Timestamp and None: pandas would make the None a NaT; it stays unknown.
    out = evaluate_batch(rules, {PAIN: [pd.Timestamp("2020-01-01"), None, 3]})
    assert out["error"][0].startswith(f"column '{PAIN}': a value of type Timestamp")
    assert out["error"][1] is None and out["error"][2] is None


# -- 4. bytes, Decimal, Fraction -------------------------------------------------------

def test_bytes_cells_are_error_rows(rules):
    for field, valid in ((FEVER, "yes"), (ONSET, "gradual"), (PAIN, 7)):
        message = batch_wording(single_error(rules, field, b"yes"))
        assert message == f"column '{field}': a value of type bytes {TYPE_TAIL}"
        check_column(rules, field, cells(b"yes", valid, bytearray(b"no"), None), [
            ("error", message), ("ok", valid), ("error", f"column '{field}': a value of type bytearray {TYPE_TAIL}"),
            ("ok", None)])


def test_decimal_and_fraction_cells(rules):
    """Decimal/Fraction: the number when a float64 holds it as written, NaN is
    unknown (like a float NaN), sNaN and inexact values are error rows."""
    pain = allowed(rules, PAIN)
    check_column(rules, PAIN, cells(Decimal("7"), Decimal("NaN"), Decimal("sNaN"), Decimal("7.5"), Fraction(7),
                                    Fraction(1, 3), Decimal("7.000"), Decimal("-NaN"), 3), [
        ("ok", 7),
        ("ok", None),
        ("error", f"column '{PAIN}': sNaN (a signalling NaN) is not valid; allowed: {pain}"),
        ("error", batch_error_of_float(rules, PAIN, 7.5)),
        ("ok", 7),
        ("error", f"column '{PAIN}': 1/3 (not exactly a float64 number) is not valid; allowed: {pain}"),
        ("ok", 7),
        ("ok", None),
        ("ok", 3),
    ])
    bmi = allowed(rules, BMI)
    check_column(rules, BMI, cells(Decimal("22.1"), Decimal("22.1000000000000000001"), Fraction(45, 2),
                                   Decimal("1e400"), Decimal("Infinity"), 30.5), [
        ("ok", 22.1),
        ("error", f"column '{BMI}': 22.1000000000000000001 (not exactly a float64 number) is not valid; allowed: {bmi}"),
        ("ok", 22.5),
        ("error", f"column '{BMI}': 1e+400 (out of range) is not valid; allowed: {bmi}"),
        ("error", batch_error_of_float(rules, BMI, np.inf)),
        ("ok", 30.5),
    ])
    check_column(rules, FEVER, cells(Decimal("1"), Decimal("NaN"), Decimal("sNaN"), "no"), [
        ("error", batch_wording(single_error(rules, FEVER, Decimal("1")))),
        ("ok", None),
        ("error", f"column '{FEVER}': sNaN (a signalling NaN) is not valid; allowed: {allowed(rules, FEVER)}"),
        ("ok", "no"),
    ])


def test_long_double_values_are_taken_only_when_exact(rules):
    x = np.array([22.5, np.longdouble(1) / 3, np.nan], dtype=np.longdouble)
    if x[1] == np.float64(x[1]):  # pragma: no cover - long double is double on this platform
        pytest.skip("numpy.longdouble is float64 here")
    out = evaluate_batch(rules, frame(BMI, pd.Series(x)))
    assert_same_as_single(rules, out, 0, dict(BASE, bmi=22.5))
    assert_error_row(out, 1, BMI)
    assert "(not exactly a float64 number)" in out["error"][1]
    assert_same_as_single(rules, out, 2, dict(BASE, bmi=None))


# -- 5. arrays and containers -----------------------------------------------------------

@pytest.mark.parametrize("field,valid", [(PAIN, 7), (BMI, 22.5), (FEVER, "yes"), (ONSET, "gradual")])
def test_array_and_container_cells_are_error_rows(rules, field, valid):
    """A 0-d array is not its number (it has __float__ and __index__); lists,
    dicts, tuples and sets are not values."""
    values = cells(np.array(7), valid, [7], {"a": 1}, (7,), {7}, frozenset({7}), np.array([7, 8]), None)
    expected = [
        ("error", f"column '{field}': a value of type numpy.ndarray {TYPE_TAIL}"),
        ("ok", valid),
        ("error", batch_wording(single_error(rules, field, [7]))),
        ("error", batch_wording(single_error(rules, field, {"a": 1}))),
        ("error", batch_wording(single_error(rules, field, (7,)))),
        ("error", batch_wording(single_error(rules, field, {7}))),
        ("error", batch_wording(single_error(rules, field, frozenset({7})))),
        ("error", f"column '{field}': a value of type numpy.ndarray {TYPE_TAIL}"),
        ("ok", None),
    ]
    for message in (e[1] for e in expected if e[0] == "error"):
        assert message.endswith(TYPE_TAIL)
    check_column(rules, field, values, expected)
    # The same cells as a list (pandas keeps them as object cells).
    out = evaluate_batch(rules, {field: list(values)})
    assert out["error"].tolist()[:3] == [expected[0][1], None, expected[2][1]]


# -- 6. numbers beyond float64 -------------------------------------------------------------

def test_huge_ints_and_infinities_are_error_rows(rules):
    pain = allowed(rules, PAIN)
    check_column(rules, PAIN, cells(10**400, 7, -10**400, float("inf"), -np.inf, 10**5000, 3), [
        ("error", f"column '{PAIN}': 1e+400 (out of range) is not valid; allowed: {pain}"),
        ("ok", 7),
        ("error", f"column '{PAIN}': -1e+400 (out of range) is not valid; allowed: {pain}"),
        ("error", batch_error_of_float(rules, PAIN, np.inf)),
        ("error", batch_error_of_float(rules, PAIN, -np.inf)),
        ("error", f"column '{PAIN}': 1e+5000 (out of range) is not valid; allowed: {pain}"),
        ("ok", 3),
    ])
    # evaluate rejects infinity too.
    assert "non-finite" in str(single_error(rules, PAIN, float("inf")))
    fever = allowed(rules, FEVER)
    check_column(rules, FEVER, cells(-10**400, "yes", float("inf")), [
        ("error", f"column '{FEVER}': the number -1e+400 is not valid; allowed: {fever}"),
        ("ok", "yes"),
        ("error", batch_wording(single_error(rules, FEVER, float("inf")))),
    ])
    # Python ints only (no other type): the numpy cast overflows, the cells do not.
    out = evaluate_batch(rules, {PAIN: cells(10**400, 2)})
    assert out["error"][0].startswith(f"column '{PAIN}': 1e+400 (out of range)") and out["error"][1] is None


# -- 7. text that is not Unicode -------------------------------------------------------------

def test_lone_surrogates_are_error_rows(rules):
    onset = allowed(rules, ONSET)
    message = f"column '{ONSET}': '\\ud800' (an unpaired surrogate, not Unicode text) is not valid; allowed: {onset}"
    for values in (cells("\ud800", "gradual", None), pd.Categorical(["\ud800", "gradual", None]),
                   pd.Series(["\ud800", "gradual", None], dtype="string"),
                   pd.Series(np.array(["\ud800", "gradual", ""]))):
        out = evaluate_batch(rules, frame(ONSET, values))
        assert_error_row(out, 0, ONSET, message)
        assert_same_as_single(rules, out, 1, BASE)
        assert len(out) == 3
    check_column(rules, PAIN, cells("a\udfffb", 7), [
        ("error", f"column '{PAIN}': the text 'a\\udfffb' (an unpaired surrogate, not Unicode text) is not valid; "
                  f"allowed: {allowed(rules, PAIN)}"),
        ("ok", 7)])


# -- 8. everything at once, against single evaluation -----------------------------------------

# (cell, what evaluate reads for it, or BAD): hostile and valid cells mixed.
BAD = object()
PAIN_CELLS = [(7, 7), (3, 3), (None, None), (np.nan, None), (1, 1), (True, BAD), (False, BAD), (np.int64(2), 2),
              (1.0, 1), (6.5, BAD), (11, BAD), (np.complex128(7 + 3j), BAD), (pd.NaT, BAD),
              (pd.Timestamp("2020-01-01"), BAD), (np.timedelta64(7, "ns"), BAD), (b"7", BAD), (Decimal("7"), 7),
              (Decimal("NaN"), None), (Decimal("sNaN"), BAD), (Fraction(4), 4), (np.array(7), BAD), ([7], BAD),
              ({"a": 1}, BAD), ((7,), BAD), ({7}, BAD), (10**400, BAD), (-10**400, BAD), (float("inf"), BAD),
              ("7", BAD), ("\ud800", BAD), (pd.NA, None)]
ONSET_CELLS = [("gradual", "gradual"), ("sudden_traumatic", "sudden_traumatic"), (None, None), ("unknown", "unknown"),
               (np.nan, None), (True, BAD), (1, BAD), (1.0, BAD), ("maybe", BAD), (b"gradual", BAD), (pd.NaT, BAD),
               ("\ud800", BAD), (["gradual"], BAD), (Decimal("sNaN"), BAD), (10**400, BAD), (pd.NA, None)]


def test_mixed_columns_of_1000_rows_match_single_evaluation(rules):
    rng = np.random.default_rng(20240607)
    rows = 1000

    def pick(table):  # valid cells three times as likely as each bad one
        weights = np.array([1.0 if v is BAD else 3.0 for _, v in table])
        return rng.choice(len(table), rows, p=weights / weights.sum())

    pain_pick, onset_pick = pick(PAIN_CELLS), pick(ONSET_CELLS)
    df = pd.DataFrame({name: [value] * rows for name, value in BASE.items() if name not in (PAIN, ONSET)})
    df["sitting_tolerance_min"] = rng.integers(0, 120, rows)
    df[PAIN] = cells(*(PAIN_CELLS[i][0] for i in pain_pick))
    df[ONSET] = cells(*(ONSET_CELLS[i][0] for i in onset_pick))
    out = evaluate_batch(rules, df)
    assert len(out) == rows and out.index.equals(df.index)
    results = errors = 0
    for row in range(rows):
        pain = PAIN_CELLS[pain_pick[row]][1]
        onset = ONSET_CELLS[onset_pick[row]][1]
        if pain is BAD:  # the first column in column order names the error
            assert_error_row(out, row, PAIN)
            errors += 1
        elif onset is BAD:
            assert_error_row(out, row, ONSET)
            errors += 1
        else:
            assessment = {name: df[name][row] for name in df.columns}
            assessment[PAIN], assessment[ONSET] = pain, onset
            assessment["sitting_tolerance_min"] = int(assessment["sitting_tolerance_min"])
            assert_same_as_single(rules, out, row, assessment)
            results += 1
    assert results > 200 and errors > 200
    # The same frame on two threads, and the columns as plain lists: the same rows.
    assert out.equals(rules.evaluate_batch(df, threads=2))
    as_lists = rules.evaluate_batch({name: list(df[name]) for name in df.columns})
    assert as_lists["error"].equals(out["error"])


def test_every_hostile_cell_in_every_field_type(rules):
    """Each hostile cell alone in a column of each field type, and all of them
    in one column: never an exception, one row per cell, errors naming the
    column, no warning."""
    hostile = [c for c, v in PAIN_CELLS + ONSET_CELLS if v is BAD]
    by_type: Dict[str, str] = {}
    for f in rules.schema:
        by_type.setdefault(f.type, f.name)
    for field in by_type.values():
        for cell in hostile:
            out = evaluate_batch(rules, {field: cells(cell, None)})
            error = out["error"][0]
            if error is not None:
                assert error.startswith(f"column '{field}': "), (field, cell, error)
            assert out["error"][1] is None
        out = evaluate_batch(rules, {field: cells(*hostile)})
        assert len(out) == len(hostile)
        assert all(e is None or e.startswith(f"column '{field}': ") for e in out["error"])


# -- the fast paths stay fast --------------------------------------------------------------------

def test_fast_paths_do_not_check_cells_in_python(rules, monkeypatch):
    """Categorical and numeric numpy columns never reach the per-value checks;
    object columns of plain floats/ints are cast by numpy in one go, and object
    columns of text are checked once per distinct value, not per row."""
    calls: List[str] = []
    for module in (cells_module, batch_module):  # batch imports some of them by name
        for name in ("_number", "_label", "_kind"):
            if not hasattr(module, name):
                continue
            original = getattr(module, name)

            def counting(*args, _name=name, _original=original, **kwargs):
                calls.append(_name)
                return _original(*args, **kwargs)

            monkeypatch.setattr(module, name, counting)
    rows = 10_000
    rng = np.random.default_rng(3)
    fast = pd.DataFrame({PAIN: rng.integers(0, 11, rows).astype(np.float64), BMI: rng.integers(15, 40, rows),
                         ONSET: pd.Categorical(rng.choice(["gradual", "sudden_traumatic"], rows)),
                         FEVER: pd.Categorical(rng.choice(["no", "yes"], rows))})
    fast.loc[::7, PAIN] = np.nan
    out = rules.evaluate_batch(fast)
    assert out["error"].isna().all() and calls == []
    numbers = pd.DataFrame({PAIN: cells(*rng.integers(0, 11, rows).tolist()),
                            BMI: cells(*(rng.random(rows) * 20 + 15).tolist())})
    numbers.loc[::5, PAIN] = None
    out = rules.evaluate_batch(numbers)
    assert out["error"].isna().all() and calls == []
    text = pd.DataFrame({ONSET: cells(*rng.choice(["gradual", "sudden_traumatic"], rows).tolist()),
                         "sex": cells(*rng.choice(["female", "male", "other"], rows).tolist())})
    text.loc[::3, ONSET] = None
    out = rules.evaluate_batch(text)
    assert out["error"].isna().all() and len(calls) <= 2 * 2 * 3, calls  # per distinct label


# -- a single assessment reads a value as the batch reads the cell --------------------------------

def test_evaluate_reads_every_hostile_value_as_the_batch_does(rules):
    """RuleSet.evaluate gives, for each hostile value of each field type, the
    batch's verdict: the same error (in "field" wording) or the same result."""
    by_type: Dict[str, str] = {}
    for f in rules.schema:
        by_type.setdefault(f.type, f.name)
    values = [c for c, _ in PAIN_CELLS + ONSET_CELLS]
    for field in by_type.values():
        for value in values:
            out = evaluate_batch(rules, {field: cells(value)})
            error = out["error"][0]
            if error is None:
                assert_same_as_single(rules, out, 0, {field: value})
                continue
            with pytest.raises(sitbone.InputError) as info:
                rules.evaluate({field: value})
            assert batch_wording(info.value) == error, (field, value)
            assert info.value.field == field


def test_evaluate_names_the_first_invalid_field_in_key_order(rules):
    """A hostile value read in Python does not jump ahead of an earlier
    invalid value that the binding checks."""
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate({ONSET: "maybe", PAIN: np.array(7)})
    assert info.value.field == ONSET
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate({PAIN: np.array(7), ONSET: "maybe"})
    assert info.value.field == PAIN
