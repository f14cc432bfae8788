"""pandas / numpy adapters of :meth:`RuleSet.evaluate_batch`.

Input columns become what the C++ batch API reads (include/sitbone/batch.h):

- numeric fields (``int``, ``number``): float64 arrays, read in place when the
  column already is C-contiguous float64; any other numeric dtype is cast to
  float64 (one copy). NaN / None / pandas.NA mean unknown.
- coded fields (``tri``, ``test``, ``enum``): int32 codes plus labels. A
  pandas Categorical gives them directly (its codes are widened to int32); a
  string or object column is factorised by pandas (vectorised, no Python loop
  per row). Missing values are unknown.
- object columns are checked per *distinct* value of each Python type, like
  :meth:`RuleSet.evaluate` checks a value: a value of the wrong kind (text in a
  numeric column, a number or a boolean in a coded one, a date, bytes, a list,
  a complex number...) makes the rows holding it error rows naming the column
  (docs/python.md#bad-cells). Cells are grouped by type before they are
  factorised, because pandas.factorize merges values that compare equal across
  types (``True == 1 == 1.0``) and cannot hash lists, dicts or arrays; plain
  float and int cells are cast by numpy in one go.
- datetime64 / timedelta64 / period columns give an error row per row, NaT
  included: a date is neither a number nor a label.
- a column whose dtype cannot fit its field at all (numbers for a coded field,
  a string dtype for a numeric field, booleans, complex numbers) raises
  InputError, unless it is entirely missing.

No cell value makes the whole call raise: a cell that cannot be read is an
error row of its own row, and the other rows are evaluated.

Outputs come back from the C++ buffers without copying: numbers as float64
arrays, enum/bool/list outputs as ``pandas.Categorical.from_codes`` over the
C++ codes (pandas narrows the codes to its smallest integer type), int outputs
as the nullable ``Int64`` dtype (one conversion).
"""

from __future__ import annotations

import decimal
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple

import numpy as np
import pandas as pd

from . import _core
from .errors import InputError
from ._cells import (_Messages, _PreErrors, _encodable, _kind, _label, _object_labels, _object_numbers)

if TYPE_CHECKING:  # pragma: no cover
    from .rule_set import RuleSet

__all__ = ["evaluate_batch"]

_NUMERIC = ("int", "number")



def _all_missing(series: pd.Series) -> bool:
    return bool(series.isna().all())


def _is_datelike(dtype: Any) -> bool:
    return (pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype)
            or isinstance(dtype, pd.PeriodDtype))


def _datelike_errors(rules: "RuleSet", name: str, s: pd.Series, position: int, pre: _PreErrors) -> None:
    """Every row of a datetime64 / timedelta64 / period column is an error row:
    the message `evaluate` gives for the cell (a Timestamp, a Timedelta, a
    Period or NaT), never the nanosecond count behind it."""
    if not len(s):
        return
    m = _Messages(rules, name)
    missing = s.isna().to_numpy()
    err = np.full(len(s), None, dtype=object)
    if missing.any():
        err[missing] = m.type_message(pd.NaT)
    if not missing.all():
        err[~missing] = m.type_message(s[~missing].iloc[0])
    pre.add(position, np.ones(len(s), dtype=bool), err)


def _object_array(values: Any) -> np.ndarray:
    """A 1-D object array of the cells of `values`, each kept as it is (no
    nesting of list cells into a 2-D array, no inference)."""
    cells = list(values)
    out = np.empty(len(cells), dtype=object)
    for i, v in enumerate(cells):
        out[i] = v
    return out


def _series(name: str, values: Any, rows: Optional[int]) -> pd.Series:
    if isinstance(values, pd.Series):
        s = values
    elif isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"column '{name}': expected a 1-D array, got shape {values.shape}")
        try:
            # dtype=object keeps an object array's cells as they are (pandas would
            # turn one of dates and None into a datetime64 column, None into NaT);
            # a bytes array ("S" dtype) is read as its cells, bytes values.
            s = pd.Series(values, copy=False, dtype=object if values.dtype.kind in "OS" else None)
        except Exception:  # noqa: BLE001 - e.g. a structured dtype: its cells, one by one
            s = pd.Series(_object_array(values), dtype=object)
    else:  # lists, tuples, pandas arrays, Index...
        try:
            s = pd.Series(values)
        except Exception:  # noqa: BLE001 - cells pandas cannot infer a dtype from
            s = pd.Series(_object_array(values), dtype=object)
        if isinstance(values, (list, tuple)) and (_is_datelike(s.dtype) or s.dtype.kind == "c"):
            # pandas would turn a None next to a Timestamp into NaT (an error),
            # and a complex number into a complex column: keep the cells as given.
            s = pd.Series(_object_array(values), dtype=object)
    if rows is not None and len(s) != rows:
        raise ValueError(f"column '{name}' has {len(s)} rows, expected {rows}")
    return s


def _numbers(rules: "RuleSet", name: str, s: pd.Series, position: int,
             pre: _PreErrors) -> Tuple[np.ndarray, Optional[List[str]]]:
    """A float64 array for a numeric field, or (codes, labels) to let C++ report
    a dtype that cannot hold numbers."""
    dtype = s.dtype
    if _is_datelike(dtype):
        _datelike_errors(rules, name, s, position, pre)
        return np.full(len(s), np.nan), None
    if pd.api.types.is_bool_dtype(dtype) and not _all_missing(s):
        raise InputError(f"column '{name}' is a {rules.field(name).type} field: give numbers, not booleans",
                         field=name)
    if pd.api.types.is_complex_dtype(dtype):
        raise InputError(f"column '{name}' is a {rules.field(name).type} field: give real numbers", field=name)
    if isinstance(dtype, pd.CategoricalDtype):
        cats = s.cat.categories
        if (pd.api.types.is_numeric_dtype(cats.dtype) and not pd.api.types.is_bool_dtype(cats.dtype)
                and not pd.api.types.is_complex_dtype(cats.dtype) and getattr(cats.dtype, "itemsize", 8) <= 8):
            table = np.append(cats.to_numpy(dtype=np.float64), np.nan)
            codes = s.cat.codes.to_numpy()
            return table[np.where(codes < 0, len(cats), codes)], None
        return _object_numbers(rules, name, s.astype(object).to_numpy(), position, pre)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if isinstance(dtype, np.dtype):
            if dtype.kind == "f" and dtype.itemsize > 8:  # long double: only values float64 holds exactly
                return _long_doubles(rules, name, s.to_numpy(), position, pre), None
            # float64 and C-contiguous: no copy; other numeric dtypes: one cast.
            return np.ascontiguousarray(s.to_numpy(), dtype=np.float64), None
        return s.to_numpy(dtype=np.float64, na_value=np.nan), None  # nullable Int64 / Float64
    if pd.api.types.is_string_dtype(dtype) and dtype != object:
        if _all_missing(s):
            return np.full(len(s), np.nan), None
        codes, uniques = pd.factorize(s)
        # C++ raises (labels for a numeric field); text it cannot take is shown escaped.
        labels = [str(u) if _encodable(str(u)) else str(u).encode("utf-8", "backslashreplace").decode("ascii")
                  for u in uniques]
        return codes.astype(np.int32), labels
    return _object_numbers(rules, name, s.to_numpy(dtype=object), position, pre)


def _long_doubles(rules: "RuleSet", name: str, x: np.ndarray, position: int, pre: _PreErrors) -> np.ndarray:
    with np.errstate(over="ignore"):
        out = x.astype(np.float64)
    bad = (out != x) & ~np.isnan(x)
    if bad.any():
        m = _Messages(rules, name)
        uniques, inverse = np.unique(x[bad], return_inverse=True)
        with np.errstate(over="ignore"):
            messages = np.array([m.out_of_range(decimal.Decimal(str(v)), numeric=True) if np.isinf(np.float64(v))
                                 else m.inexact(v) for v in uniques], dtype=object)
        err = np.full(len(x), None, dtype=object)
        err[bad] = messages[inverse]
        pre.add(position, bad, err)
        out[bad] = np.nan
    return out


def _codes(rules: "RuleSet", name: str, s: pd.Series, position: int,
           pre: _PreErrors) -> Tuple[np.ndarray, Optional[List[str]]]:
    """(int32 codes, labels) for a coded field, or a float64 array to let C++
    report numbers given for a coded field."""
    dtype = s.dtype
    if _is_datelike(dtype):
        _datelike_errors(rules, name, s, position, pre)
        return np.full(len(s), -1, dtype=np.int32), []
    if dtype == object:
        return _object_labels(rules, name, s.to_numpy(), position, pre)
    if _all_missing(s):
        return np.full(len(s), -1, dtype=np.int32), []
    if pd.api.types.is_bool_dtype(dtype):
        raise InputError(f"column '{name}' is a {rules.field(name).type} field: give labels "
                         f"(e.g. 'yes'/'no'), not booleans", field=name)
    if pd.api.types.is_complex_dtype(dtype):
        raise InputError(f"column '{name}' is a {rules.field(name).type} field: give labels "
                         f"(e.g. 'yes'/'no'), not complex numbers", field=name)
    if isinstance(dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy().astype(np.int32)
        uniques = list(s.cat.categories)
    elif pd.api.types.is_numeric_dtype(dtype):
        return np.ascontiguousarray(s.to_numpy(dtype=np.float64, na_value=np.nan)), None  # C++ raises
    elif pd.api.types.is_string_dtype(dtype):
        raw, uniques = pd.factorize(s)
        codes = raw.astype(np.int32)
        uniques = list(uniques)
    else:  # periods, intervals, other extension dtypes: their cells
        return _object_labels(rules, name, s.to_numpy(dtype=object), position, pre)
    if all(isinstance(u, str) and _encodable(u) for u in uniques):
        return codes, uniques
    # Categories that are not text (numbers, booleans...) or not Unicode: their
    # rows are error rows, with the message a single assessment gives; C++ sees
    # them as unknown.
    m = _Messages(rules, name)
    table = np.full(len(uniques) + 1, None, dtype=object)
    labels: List[str] = []
    for i, u in enumerate(uniques):
        label, msg = _label(m, u, _kind(type(u)))
        if label is None:
            table[i] = msg if msg is not None else f"column '{name}': {u!r} is not valid"
        labels.append(label if label is not None else "")
    index = np.where(codes < 0, len(uniques), codes)
    err = table[index]
    mask = err != None  # noqa: E711 - elementwise
    pre.add(position, mask, err)
    codes = np.where(mask, -1, codes).astype(np.int32)
    return codes, labels


def _columns(rules: "RuleSet", data: Any) -> Tuple[List[Tuple[str, np.ndarray, Optional[List[str]]]], int,
                                                    pd.Index, _PreErrors]:
    if isinstance(data, pd.DataFrame):
        index = data.index
        rows = len(data)
        duplicated = data.columns[data.columns.duplicated()]
        if len(duplicated):
            raise InputError(f"column '{duplicated[0]}' is given twice", field=str(duplicated[0]))
        items = [(name, data.iloc[:, i]) for i, name in enumerate(data.columns)]
    elif isinstance(data, Mapping):
        items = list(data.items())
        for name, values in items:
            if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
                raise ValueError(f"column '{name}' must be a 1-D array, list or Series "
                                 f"(for one assessment use RuleSet.evaluate)")
        series_indexes = [v.index for _, v in items if isinstance(v, pd.Series)]
        rows = len(items[0][1]) if items else 0
        index = pd.RangeIndex(rows)
        if series_indexes and len(series_indexes) == len(items):
            index = series_indexes[0]
            for other in series_indexes[1:]:
                if not other.equals(index):
                    raise ValueError("the Series in `data` have different indexes; align them first "
                                     "(e.g. pandas.concat(..., axis=1))")
    else:
        raise TypeError(f"evaluate_batch needs a pandas DataFrame or a mapping of column -> array, "
                        f"not {type(data).__name__}")
    fields = {f.name: f for f in rules.schema}
    for name, _ in items:
        if not isinstance(name, str) or name not in fields:
            raise InputError(rules._unknown_message("column", name), field=str(name))
    pre = _PreErrors(rows)
    columns = []
    for position, (name, values) in enumerate(items):
        s = _series(name, values, rows)
        if fields[name].type in _NUMERIC:
            array, labels = _numbers(rules, name, s, position, pre)
        else:
            array, labels = _codes(rules, name, s, position, pre)
        columns.append((name, array, labels))
    return columns, rows, index, pre


def _error_column(message: str, names: Dict[str, int]) -> int:
    """Position of the column a C++ row error names ("column 'x': ..."), or -1."""
    if message.startswith("column '"):
        end = message.find("'", 8)
        return names.get(message[8:end], -1)
    return -1


def evaluate_batch(rules: "RuleSet", data: Any, threads: int = 1) -> pd.DataFrame:
    """See :meth:`sitbone.RuleSet.evaluate_batch`."""
    if not isinstance(threads, (int, np.integer)) or isinstance(threads, bool) or threads < 1:
        raise ValueError(f"threads must be a positive integer, not {threads!r}")
    columns, rows, index, pre = _columns(rules, data)
    out_columns, error_rows, error_messages = _core.evaluate_batch(rules._core, columns, rows, int(threads))

    errors = np.full(rows, None, dtype=object)
    if len(error_rows):
        errors[error_rows] = np.array(error_messages, dtype=object)
    if pre.any:
        assert pre.messages is not None and pre.column is not None
        names = {name: i for i, (name, _, _) in enumerate(columns)}
        for row in np.flatnonzero(pre.messages != None):  # noqa: E711 - rows with pre-errors only
            if errors[row] is None or not 0 <= _error_column(errors[row], names) < pre.column[row]:
                errors[row] = pre.messages[row]
        pre_rows = pre.messages != None  # noqa: E711
    frame: Dict[str, Any] = {}
    for col in out_columns:
        values = col.values
        if pre.any and len(values):
            values[pre_rows] = np.nan if col.kind == "number" else -1  # the row's outputs are null
        if col.kind == "number":
            if col.is_integer:
                mask = np.isnan(values)
                frame[col.name] = pd.arrays.IntegerArray(np.where(mask, 0, values).astype(np.int64), mask)
            else:
                frame[col.name] = values
            continue
        if col.is_bool:
            categories = pd.Index([c == "true" for c in col.categories], dtype=object)
        elif col.is_list:
            categories = pd.Index(col.categories, tupleize_cols=False, dtype=object)
        else:
            categories = pd.Index(col.categories, dtype=object)
        if not len(values):
            values = np.zeros(0, dtype=np.int32)
        frame[col.name] = pd.Categorical.from_codes(values, categories=categories)
    frame["error"] = errors
    return pd.DataFrame(frame, index=index, copy=False)
