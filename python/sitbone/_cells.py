"""Reading the cells of object columns for :func:`sitbone.batch.evaluate_batch`.

Every cell is read by the Python type it has, never by what it compares equal
to (docs/python.md#bad-cells): a cell that is not a number or a label of its
field becomes an error row of its own row, naming the column, with the message
:meth:`RuleSet.evaluate` gives for that value.
"""

from __future__ import annotations

import datetime
import decimal
import fractions
import math
import numbers
import operator
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from . import _core
from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from .rule_set import RuleSet

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


# -- bad cells (docs/python.md#bad-cells) -------------------------------------
#
# Every cell of an object column is read by the Python type it has, never by
# what it compares equal to: `True == 1 == 1.0` and `hash(True) == hash(1)`, so
# pandas.factorize over a mixed column would merge a boolean with a number.
# Cells are grouped by exact type first; the groups of plain floats and ints are
# cast with numpy, the others are factorised within their type (all values of
# one type compare as that type does) and checked once per distinct value, and
# values whose verdict depends only on their type (lists, dates, bytes...) once
# per type.

_NoneType = type(None)
_NAType = type(pd.NA)
_NaTType = type(pd.NaT)

_MISSING_TYPES = frozenset({_NoneType, _NAType})
_BOOL_TYPES = frozenset({bool, np.bool_})
_FLOAT_TYPES = frozenset({float, np.float64, np.float32, np.float16})  # exact in float64
_INT_TYPES = frozenset({int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
                        np.intc, np.uintc, np.int_, np.uint, np.longlong, np.ulonglong})
# An object column of a numeric field holding only these is cast by numpy at once.
_NUMBER_FAST_TYPES = _MISSING_TYPES | _FLOAT_TYPES | _INT_TYPES
# An object column of a coded field holding only these is factorised at once
# (text, and missing values; a float is NaN or a number given for a coded field).
_LABEL_FAST_TYPES = _MISSING_TYPES | frozenset({str, float, np.float64})
# Never a number nor a label, whatever conversions the type offers (numpy's
# timedelta64 is an integer subclass, a 0-d array has __float__ and __index__,
# numpy complex numbers have __float__).
_NOT_VALUES: Tuple[type, ...] = (
    np.ndarray, np.datetime64, np.timedelta64, np.complexfloating, complex, datetime.date, datetime.time,
    datetime.timedelta, _NaTType, pd.Period, pd.Interval, bytes, bytearray, memoryview, list, tuple, dict, set,
    frozenset)

_FLOAT64_MAX = float(np.finfo(np.float64).max)


def _kind(t: type) -> str:
    """How cells of Python type `t` are read: "missing", "float" or "int" (cast
    by numpy), "bool", "text", "decimal", "integral", "rational", "real" (one
    check per distinct value), or "type" (not a value: one message per type)."""
    if t in _MISSING_TYPES:
        return "missing"
    if t in _BOOL_TYPES:
        return "bool"
    if t in _FLOAT_TYPES:
        return "float"
    if t in _INT_TYPES:
        return "int"
    if issubclass(t, str):
        return "text"
    if issubclass(t, _NOT_VALUES):
        return "type"
    if issubclass(t, (bool, np.bool_)):
        return "bool"
    if issubclass(t, decimal.Decimal):
        return "decimal"
    if issubclass(t, numbers.Integral):
        return "integral"
    if issubclass(t, numbers.Rational):
        return "rational"
    if issubclass(t, numbers.Real):
        return "real"
    return "type"


def _type_name(t: type) -> str:
    """The type's name as CPython's tp_name gives it (as `evaluate` prints it):
    `list`, `numpy.ndarray`, a Python class's bare name."""
    name = str(getattr(t, "__name__", "object"))
    module = str(getattr(t, "__module__", "builtins"))
    heap_type = bool(getattr(t, "__flags__", 0) & (1 << 9))  # Py_TPFLAGS_HEAPTYPE
    return name if heap_type or module == "builtins" else f"{module}.{name}"


def _encodable(text: str) -> bool:
    """False if `text` holds a lone surrogate (not UTF-8; the C++ side takes UTF-8)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _big_number(value: Any) -> str:
    """A number too large for float64 (an int, Decimal or Fraction) in the
    batch's %g-like style: 1e+400, -1.23457e+408."""
    context = decimal.Context(prec=6, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    if isinstance(value, fractions.Fraction):
        d = context.divide(decimal.Decimal(value.numerator), decimal.Decimal(value.denominator))
    else:
        d = context.plus(decimal.Decimal(value))
    return format(d.normalize(context), "g")


class _Messages:
    """The error messages of one column, in the words a single assessment uses
    ("column" for "field")."""

    def __init__(self, rules: "RuleSet", name: str):
        self.rules = rules
        self.name = name
        self._allowed: Optional[str] = None

    def check(self, value: Any) -> Optional[str]:
        """The message `evaluate` gives for `value`, or None if it accepts it."""
        try:
            msg = _core.check_value(self.rules._core, self.name, value)
        except Exception:  # noqa: BLE001 - a value the binding cannot even read
            return self.type_message(value, trust_core=False)
        return None if msg is None else _as_column_message(msg)

    @property
    def allowed(self) -> str:
        """What the field allows, as the messages of `evaluate` say it."""
        if self._allowed is None:
            msg = _core.check_value(self.rules._core, self.name, "\x00")  # never a valid value
            marker = "; allowed: "
            self._allowed = msg[msg.index(marker) + len(marker):] if msg and marker in msg else ""
        return self._allowed

    def invalid(self, what: str) -> str:
        """`column 'x': <what> is not valid; allowed: ...`"""
        allowed = self.allowed
        return f"column '{self.name}': {what} is not valid" + (f"; allowed: {allowed}" if allowed else "")

    def type_message(self, value: Any, trust_core: bool = True) -> str:
        """`column 'x': a value of type T is not valid; give None, a str or a number`:
        the message of `evaluate` for values that are not values (lists, bytes,
        dates...), also for the types the binding would read as numbers (0-d
        arrays, numpy complex numbers, numpy.timedelta64) or cannot read."""
        t = type(value)
        if trust_core and not hasattr(t, "__float__") and not hasattr(t, "__index__"):
            try:
                msg = _core.check_value(self.rules._core, self.name, value)
                if msg is not None:
                    return _as_column_message(msg)
            except Exception:  # noqa: BLE001
                pass
        return (f"column '{self.name}': a value of type {_type_name(t)} is not valid; "
                f"give None, a str or a number")

    def unreadable_text(self, text: str, numeric: bool) -> str:
        shown = _short(text.encode("utf-8", "backslashreplace").decode("utf-8"))
        what = f"the text '{shown}'" if numeric else f"'{shown}'"
        return self.invalid(f"{what} (an unpaired surrogate, not Unicode text)")

    def out_of_range(self, value: Any, numeric: bool) -> str:
        text = _big_number(value)
        return self.invalid(f"{text} (out of range)" if numeric else f"the number {text}")

    def inexact(self, value: Any) -> str:
        return self.invalid(f"{_short(str(value))} (not exactly a float64 number)")

    def signalling_nan(self) -> str:
        return self.invalid("sNaN (a signalling NaN)")


def _exact_float(value: Any, parse: Callable[[str], Any]) -> Optional[float]:
    """float(value) if that float is `value` written in decimal (its shortest
    repr parses back to the same number: Decimal('22.1') is 22.1), else None."""
    f = float(value)
    return f if math.isfinite(f) and parse(repr(f)) == value else None


def _number(m: _Messages, value: Any, kind: str) -> Tuple[float, Optional[str]]:
    """(float, None), (NaN, None) for unknown, or (NaN, message) for one cell of
    a numeric field."""
    nan = math.nan
    try:
        if kind == "missing":
            return nan, None
        if kind == "float":
            return float(value), None
        if kind in ("int", "integral"):
            i = operator.index(value)
            try:
                return float(i), None
            except OverflowError:
                return nan, m.out_of_range(i, numeric=True)
        if kind == "text":
            if not _encodable(value):
                return nan, m.unreadable_text(value, numeric=True)
            return nan, m.check(str.__str__(value)) or m.invalid(f"the text '{_short(str.__str__(value))}'")
        if kind == "bool":
            return nan, m.check(bool(value)) or m.invalid(f"the boolean {str(bool(value)).lower()}")
        if kind == "decimal":
            if value.is_snan():
                return nan, m.signalling_nan()
            if value.is_nan():
                return nan, None  # like a float NaN: unknown
            if value.is_infinite():
                return float(value), None  # the C++ check names it non-finite, as for a float
            if abs(value) > _FLOAT64_MAX:
                return nan, m.out_of_range(value, numeric=True)
            f = _exact_float(value, decimal.Decimal)
            return (f, None) if f is not None else (nan, m.inexact(value))
        if kind == "rational":
            try:
                f = _exact_float(value, fractions.Fraction)
            except OverflowError:
                return nan, m.out_of_range(fractions.Fraction(value), numeric=True)
            return (f, None) if f is not None else (nan, m.inexact(value))
        if kind == "real":
            f = float(value)
            if f != f:
                return nan, None  # NaN: unknown
            if math.isinf(f) and not value == f:
                return nan, m.out_of_range(decimal.Decimal(str(value)), numeric=True)
            return (f, None) if value == f else (nan, m.inexact(value))
        return nan, m.type_message(value)
    except Exception:  # noqa: BLE001 - whatever the value does, it is only this row's error
        return nan, m.type_message(value, trust_core=False)


def _label(m: _Messages, value: Any, kind: str) -> Tuple[Optional[str], Optional[str]]:
    """(label, None), (None, None) for unknown, or (None, message) for one cell
    of a coded field."""
    try:
        if kind == "missing":
            return None, None
        if kind == "text":
            text = str.__str__(value)
            return (text, None) if _encodable(text) else (None, m.unreadable_text(text, numeric=False))
        if kind == "type":
            return None, m.type_message(value)
        if kind == "decimal":
            if value.is_snan():
                return None, m.signalling_nan()
            if value.is_finite() and abs(value) > _FLOAT64_MAX:
                return None, m.out_of_range(value, numeric=False)
        elif kind in ("int", "integral"):
            i = operator.index(value)
            if abs(i) > _FLOAT64_MAX:
                return None, m.out_of_range(i, numeric=False)
        elif kind == "rational":
            try:
                float(value)
            except OverflowError:
                return None, m.out_of_range(fractions.Fraction(value), numeric=False)
        elif kind in ("float", "real"):
            if float(value) != float(value):
                return None, None  # NaN: unknown
        # A boolean or a number given for a coded field: the message of evaluate
        # (a NaN Decimal is unknown there too).
        msg = m.check(value)
        return None, msg
    except Exception:  # noqa: BLE001
        return None, m.type_message(value, trust_core=False)


def _factorize_within_type(values: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """pd.factorize of cells of one type; per cell if they cannot be hashed or
    compared (e.g. Decimal('sNaN'))."""
    try:
        codes, uniques = pd.factorize(values)
        return codes, np.asarray(uniques, dtype=object)
    except Exception:  # noqa: BLE001
        return np.arange(len(values)), values


def _type_groups(values: np.ndarray, types: List[type]) -> List[Tuple[type, np.ndarray]]:
    if len(types) == 1:
        return [(types[0], np.arange(len(values)))]
    ids = {t: i for i, t in enumerate(types)}
    tcodes = np.fromiter(map(ids.__getitem__, map(type, values)), dtype=np.intp, count=len(values))
    if len(types) <= 16:
        return [(t, np.flatnonzero(tcodes == i)) for i, t in enumerate(types)]
    order = np.argsort(tcodes, kind="stable")
    bounds = np.searchsorted(tcodes[order], np.arange(len(types) + 1))
    return [(t, order[bounds[i]:bounds[i + 1]]) for i, t in enumerate(types)]


def _object_numbers(rules: "RuleSet", name: str, values: np.ndarray, position: int,
                    pre: _PreErrors) -> Tuple[np.ndarray, None]:
    """A float64 array for an object column of a numeric field; bad cells are
    NaN there and error rows in `pre`."""
    values = np.asarray(values, dtype=object)
    m = _Messages(rules, name)
    try:
        out, err = _object_numbers_grouped(m, values)
    except Exception:  # noqa: BLE001 - never the whole batch: read cell by cell
        out, err = _per_cell(m, values, _number, np.nan, np.float64)
    if err is not None:
        pre.add(position, err != None, err)  # noqa: E711 - elementwise
    return out, None


def _object_numbers_grouped(m: _Messages, values: np.ndarray) -> Tuple[np.ndarray, Optional[np.ndarray]]:
    n = len(values)
    types = list(set(map(type, values)))
    if set(types) <= _NUMBER_FAST_TYPES:
        try:
            if _NoneType in types or _NAType in types:
                missing = pd.isna(values)
                values = values.copy()
                values[missing] = np.nan
            return values.astype(np.float64), None
        except OverflowError:  # an int beyond float64: read by groups below
            pass
    out = np.full(n, np.nan)
    err: Optional[np.ndarray] = None
    for t, idx in _type_groups(values, types):
        kind = _kind(t)
        if kind == "missing":
            continue
        cells = values[idx]
        if kind in ("float", "int"):
            try:
                out[idx] = cells.astype(np.float64)
                continue
            except OverflowError:
                pass
        if err is None:
            err = np.full(n, None, dtype=object)
        if kind == "type":
            err[idx] = _number(m, cells[0], kind)[1]
            continue
        codes, uniques = _factorize_within_type(cells)
        table = np.full(len(uniques) + 1, np.nan)
        messages = np.full(len(uniques) + 1, None, dtype=object)
        for i, u in enumerate(uniques):
            table[i], messages[i] = _number(m, u, kind)
        out[idx] = table[codes]  # code -1 (NaN-like within the type): the last entry, unknown
        err[idx] = messages[codes]
    return out, err


def _per_cell(m: _Messages, values: np.ndarray, read: Callable[[_Messages, Any, str], Tuple[Any, Optional[str]]],
              empty: Any, dtype: Any) -> Tuple[np.ndarray, np.ndarray]:
    out = np.full(len(values), empty, dtype=dtype)
    err = np.full(len(values), None, dtype=object)
    for i, v in enumerate(values):
        try:
            kind = _kind(type(v))
        except Exception:  # noqa: BLE001
            kind = "type"
        value, err[i] = read(m, v, kind)
        if value is not None:
            out[i] = value
    return out, err


def _object_labels(rules: "RuleSet", name: str, values: np.ndarray, position: int,
                   pre: _PreErrors) -> Tuple[np.ndarray, List[str]]:
    """(int32 codes, labels) for an object column of a coded field; bad cells
    are unknown there (-1) and error rows in `pre`."""
    values = np.asarray(values, dtype=object)
    m = _Messages(rules, name)
    try:
        codes, labels, err = _object_labels_grouped(m, values)
    except Exception:  # noqa: BLE001 - never the whole batch: read cell by cell
        cells, err = _per_cell(m, values, _label, None, object)
        ids: Dict[str, int] = {}
        codes = np.fromiter((-1 if c is None else ids.setdefault(c, len(ids)) for c in cells), dtype=np.int32,
                            count=len(cells))
        labels = list(ids)
    if err is not None:
        pre.add(position, err != None, err)  # noqa: E711 - elementwise
    return codes, labels


def _object_labels_grouped(m: _Messages, values: np.ndarray) -> Tuple[np.ndarray, List[str], Optional[np.ndarray]]:
    n = len(values)
    types = list(set(map(type, values)))
    groups: List[Tuple[type, np.ndarray]]
    if set(types) <= _LABEL_FAST_TYPES:
        groups = [(str, np.arange(n))] if types else []  # text, NaN and None factorise apart
        mixed = True
    else:
        groups = _type_groups(values, types)
        mixed = False
    codes = np.full(n, -1, dtype=np.int32)
    ids: Dict[str, int] = {}
    err: Optional[np.ndarray] = None
    for t, idx in groups:
        kind = _kind(t)
        if kind == "missing":
            continue
        cells = values if mixed else values[idx]
        if kind == "type":
            if err is None:
                err = np.full(n, None, dtype=object)
            err[idx] = _label(m, cells[0], kind)[1]
            continue
        group_codes, uniques = _factorize_within_type(cells)
        table = np.full(len(uniques) + 1, -1, dtype=np.int32)
        messages = np.full(len(uniques) + 1, None, dtype=object)
        for i, u in enumerate(uniques):
            label, messages[i] = _label(m, u, _kind(type(u)) if mixed else kind)
            if label is not None:
                table[i] = ids.setdefault(label, len(ids))
        codes[idx] = table[group_codes]
        if any(msg is not None for msg in messages):
            if err is None:
                err = np.full(n, None, dtype=object)
            err[idx] = messages[group_codes]
    return codes, list(ids), err


# -- one assessment (RuleSet.evaluate) -------------------------------------------
#
# A single assessment reads its values as the batch reads its cells, so that a
# value means the same in both: the values the binding reads exactly as written
# (str, float, int, bool, None) go to it unchanged; any other value is read here
# (a numpy float32 is its number, Decimal('7') is 7, a 0-d array, a complex
# number or a date is an error) and handed over as a float, a label or None.

_PLAIN_TYPES = frozenset({str, float, int, bool, _NoneType})
_NUMERIC_FIELDS = ("int", "number")


def _plain(value: Any) -> bool:
    """A value the binding reads exactly as written (an int beyond float64 is
    not: the batch names it out of range)."""
    t = type(value)
    if t is str:
        return _encodable(value)
    if t is int:
        return -_FLOAT64_MAX <= value <= _FLOAT64_MAX
    return t in _PLAIN_TYPES


def _as_field_message(message: str) -> str:
    # "column 'x': ..." (batch wording) -> "field 'x': ..." (single assessment).
    return "field " + message[len("column "):] if message.startswith("column '") else message


def assessment_values(rules: "RuleSet", assessment: Dict[str, Any]) -> Dict[str, Any]:
    """`assessment` with every value that is not a plain str, float, int, bool or
    None replaced by what it is as a number or a label; raises InputError (the
    first invalid field in key order, as the binding would) for a value that is
    neither."""
    if all(map(_plain, assessment.values())):
        return assessment
    types = {f.name: f.type for f in rules.schema}
    out: Dict[str, Any] = {}
    for name, value in assessment.items():
        t = type(value)
        if _plain(value) or name not in types:
            out[name] = value
            continue
        m = _Messages(rules, name)
        try:
            kind = _kind(t)
        except Exception:  # noqa: BLE001 - a type that cannot even be classified
            kind = "type"
        if types[name] in _NUMERIC_FIELDS:
            number, message = _number(m, value, kind)
            read: Any = None if number != number else number
        else:
            read, message = _label(m, value, kind)
        if message is not None:
            _raise_first_error(rules, out, name, message)
        out[name] = read
    return out


def _raise_first_error(rules: "RuleSet", before: Dict[str, Any], name: str, message: str) -> None:
    """Raises the error of the first invalid field: one of `before` (checked by
    the binding) if any is invalid, else `name` with `message`."""
    for earlier, value in before.items():
        earlier_message = _core.check_value(rules._core, earlier, value)
        if earlier_message is not None:
            raise InputError(earlier_message, field=earlier)
    raise InputError(_as_field_message(message), field=name)
