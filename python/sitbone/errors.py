"""Exceptions raised by sitbone (docs/python.md#exceptions).

The C++ library never throws; it reports problems on separate channels, and the
extension module's single translator (python/src/errors.cc) turns them into the
classes below:

- a rule set with errors (YAML syntax, unknown names, type mismatches...) raises
  :class:`RuleSetError`, carrying every :class:`Diagnostic` with its file, line
  and column;
- an invalid assessment value, or an unknown column in a batch, raises
  :class:`InputError` naming the field (``.field``);
- an evaluation that fails inside the engine raises :class:`EvaluationError`;
- a rule-set path that does not exist raises :class:`FileNotFoundError`, other
  file problems :class:`OSError`.

Unknown patient data is never an error: it is reported in ``missing_data``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

__all__ = ["Diagnostic", "SitboneError", "RuleSetError", "InputError", "EvaluationError"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem found while loading a rule set (docs/diagnostics.md).

    ``line`` and ``column`` are 1-based (0 when unknown); ``path`` is the YAML
    path of the offending node (``/steps/2/rules/0/when``); ``rule_id`` the rule
    or step it belongs to. ``str(d)`` is the compiler-style text of
    ``sitbone validate``: ``file:line:col: error[E2003]: message``, the source
    line with a caret, and the hint.
    """

    code: str
    severity: str  # "error" or "warning"
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""
    rule_id: str = ""
    hint: str = ""
    formatted: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        if self.formatted:
            return self.formatted
        where = self.file or "<rules>"
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.severity}[{self.code}]: {self.message}"


class SitboneError(Exception):
    """Base class of every sitbone exception."""


class RuleSetError(SitboneError, ValueError):
    """The rule set could not be loaded.

    ``diagnostics`` lists every problem found (errors and warnings, in file
    order); ``str(error)`` is their compiler-style report followed by a summary
    line.
    """

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = (), path: Optional[str] = None):
        super().__init__(message)
        self.diagnostics: List[Diagnostic] = list(diagnostics)
        self.path = path

    @property
    def errors(self) -> List[Diagnostic]:
        """The diagnostics of error severity."""
        return [d for d in self.diagnostics if d.is_error]

    def __reduce__(self):  # keep the diagnostics when pickled (e.g. by Dask)
        return (type(self), (str(self), self.diagnostics, self.path))


class InputError(SitboneError, ValueError):
    """An assessment value (or a batch column) is not valid.

    ``field`` names the offending input field or column (``None`` when the
    input as a whole is wrong). Values are never clamped or coerced: the message
    says what is allowed.
    """

    def __init__(self, message: str, field: Optional[str] = None):
        super().__init__(message)
        self.field = field

    def __reduce__(self):
        return (type(self), (str(self), self.field))


class EvaluationError(SitboneError):
    """The engine could not evaluate an assessment (an internal error of the
    rule set, e.g. a non-nullable output left unknown). Please report it."""
