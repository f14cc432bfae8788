"""pandas / numpy adapters of :meth:`RuleSet.evaluate_batch`.

Input columns become what the C++ batch API reads (include/sitbone/batch.h):

- numeric fields (``int``, ``number``): float64 arrays, read in place when the
  column already is C-contiguous float64; any other numeric dtype is cast to
  float64 (one copy). NaN / None / pandas.NA mean unknown.
- coded fields (``tri``, ``test``, ``enum``): int32 codes plus labels. A
  pandas Categorical gives them directly (its codes are widened to int32); a
  string or object column is factorised by pandas (vectorised, no Python loop
  per row). Missing values are unknown.
- object columns are checked per *distinct* value, like :meth:`RuleSet.evaluate`
  checks a value: a value of the wrong kind (text in a numeric column, a number
  or a boolean in a coded one) makes the rows holding it error rows with the
  same message a single assessment gives.
- a column whose dtype cannot fit its field at all (numbers for a coded field,
  a string dtype for a numeric field, booleans) raises InputError, unless it is
  entirely missing.

Outputs come back from the C++ buffers without copying: numbers as float64
arrays, enum/bool/list outputs as ``pandas.Categorical.from_codes`` over the
C++ codes (pandas narrows the codes to its smallest integer type), int outputs
as the nullable ``Int64`` dtype (one conversion).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple

import numpy as np
import pandas as pd

from . import _core
from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from .rule_set import RuleSet

__all__ = ["evaluate_batch"]

_NUMERIC = ("int", "number")


class _PreErrors:
    """Row errors found in Python (values of the wrong kind in object columns),
    with the position of the column that caused each, so that the first invalid
    column of a row wins as in the C++ batch and in a single assessment."""

    def __init__(self, rows: int):
        self.rows = rows
        self.messages: Optional[np.ndarray] = None
        self.column = np.full(rows, np.iinfo(np.int64).max, dtype=np.int64) if rows else None

    def add(self, position: int, mask: np.ndarray, messages: np.ndarray) -> None:
        if not mask.any():
            return
        if self.messages is None:
            self.messages = np.full(self.rows, None, dtype=object)
        assert self.column is not None
        new = mask & (self.column > position)
        self.messages[new] = messages[new]
        self.column[new] = position

    @property
    def any(self) -> bool:
        return self.messages is not None


def _as_column_message(message: str) -> str:
    # "field 'x': ..." (single assessment) -> "column 'x': ..." (batch wording).
    quote = message.find("'")
    return "column " + message[quote:] if quote >= 0 else message


def _value_errors(rules: "RuleSet", field: str, uniques: List[Any]) -> List[Optional[str]]:
    """Per distinct value: None if it is valid, else the batch error message."""
    out: List[Optional[str]] = []
    for value in uniques:
        msg = _core.check_value(rules._core, field, value)
        out.append(None if msg is None else _as_column_message(msg))
    return out


def _all_missing(series: pd.Series) -> bool:
    return bool(series.isna().all())


def _series(name: str, values: Any, rows: Optional[int]) -> pd.Series:
    if isinstance(values, pd.Series):
        s = values
    elif isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"column '{name}': expected a 1-D array, got shape {values.shape}")
        s = pd.Series(values, copy=False)
    else:  # lists, tuples, pandas arrays, Index...
        s = pd.Series(values)
    if rows is not None and len(s) != rows:
        raise ValueError(f"column '{name}' has {len(s)} rows, expected {rows}")
    return s


def _numbers(rules: "RuleSet", name: str, s: pd.Series, position: int,
             pre: _PreErrors) -> Tuple[np.ndarray, Optional[List[str]]]:
    """A float64 array for a numeric field, or (codes, labels) to let C++ report
    a dtype that cannot hold numbers."""
    dtype = s.dtype
    if pd.api.types.is_bool_dtype(dtype) and not _all_missing(s):
        raise InputError(f"column '{name}' is a {rules.field(name).type} field: give numbers, not booleans",
                         field=name)
    if pd.api.types.is_complex_dtype(dtype):
        raise InputError(f"column '{name}' is a {rules.field(name).type} field: give real numbers", field=name)
    if isinstance(dtype, pd.CategoricalDtype):
        cats = s.cat.categories
        if pd.api.types.is_numeric_dtype(cats.dtype) and not pd.api.types.is_bool_dtype(cats.dtype):
            table = np.append(cats.to_numpy(dtype=np.float64), np.nan)
            codes = s.cat.codes.to_numpy()
            return table[np.where(codes < 0, len(cats), codes)], None
        return _object_numbers(rules, name, s.astype(object), position, pre)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        if isinstance(dtype, np.dtype):
            # float64 and C-contiguous: no copy; other numeric dtypes: one cast.
            return np.ascontiguousarray(s.to_numpy(), dtype=np.float64), None
        return s.to_numpy(dtype=np.float64, na_value=np.nan), None  # nullable Int64 / Float64
    if pd.api.types.is_string_dtype(dtype) and dtype != object:
        if _all_missing(s):
            return np.full(len(s), np.nan), None
        codes, uniques = pd.factorize(s)
        return codes.astype(np.int32), [str(u) for u in uniques]  # C++ raises: labels for a numeric field
    return _object_numbers(rules, name, s, position, pre)


def _object_numbers(rules: "RuleSet", name: str, s: pd.Series, position: int,
                    pre: _PreErrors) -> Tuple[np.ndarray, None]:
    values = s.to_numpy()
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("integer", "floating", "mixed-integer-float", "decimal", "empty"):
        mask = pd.isna(values)
        if mask.any():
            values = values.copy()
            values[mask] = np.nan
        return values.astype(np.float64), None
    codes, uniques = pd.factorize(values)
    uniques = list(uniques)
    table = np.full(len(uniques) + 1, np.nan)
    errors: List[Optional[str]] = [None] * (len(uniques) + 1)
    for i, u in enumerate(uniques):
        if isinstance(u, (int, float, np.integer, np.floating)) and not isinstance(u, (bool, np.bool_)):
            try:
                table[i] = float(u)
                continue
            except OverflowError:
                pass
        msg = _core.check_value(rules._core, name, u)
        errors[i] = _as_column_message(msg) if msg is not None else None
    index = np.where(codes < 0, len(uniques), codes)
    err = np.array(errors, dtype=object)[index]
    pre.add(position, err != None, err)  # noqa: E711 - elementwise
    return table[index], None


def _codes(rules: "RuleSet", name: str, s: pd.Series, position: int,
           pre: _PreErrors) -> Tuple[np.ndarray, Optional[List[str]]]:
    """(int32 codes, labels) for a coded field, or a float64 array to let C++
    report numbers given for a coded field."""
    dtype = s.dtype
    if _all_missing(s):
        return np.full(len(s), -1, dtype=np.int32), []
    if pd.api.types.is_bool_dtype(dtype):
        raise InputError(f"column '{name}' is a {rules.field(name).type} field: give labels "
                         f"(e.g. 'yes'/'no'), not booleans", field=name)
    if isinstance(dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy().astype(np.int32)
        uniques = list(s.cat.categories)
    elif pd.api.types.is_numeric_dtype(dtype):
        return np.ascontiguousarray(s.to_numpy(dtype=np.float64, na_value=np.nan)), None  # C++ raises
    else:
        raw, uniques = pd.factorize(s.to_numpy() if dtype == object else s)
        codes = raw.astype(np.int32)
        uniques = list(uniques)
    bad = [i for i, u in enumerate(uniques) if not isinstance(u, str)]
    if not bad:
        return codes, uniques
    # Non-text values (numbers, booleans...): their rows are error rows, with
    # the message a single assessment gives; C++ sees them as unknown.
    messages = _value_errors(rules, name, [uniques[i] for i in bad])
    table = np.full(len(uniques) + 1, None, dtype=object)
    for i, msg in zip(bad, messages):
        table[i] = msg if msg is not None else f"column '{name}': {uniques[i]!r} is not valid"
    index = np.where(codes < 0, len(uniques), codes)
    err = table[index]
    mask = err != None  # noqa: E711 - elementwise
    pre.add(position, mask, err)
    codes = np.where(mask, -1, codes).astype(np.int32)
    labels = [u if isinstance(u, str) else "" for u in uniques]
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
