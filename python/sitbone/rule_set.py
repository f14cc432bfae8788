"""Loading rule sets: :func:`load_rules` and the :class:`RuleSet` wrapper.

A :class:`RuleSet` is immutable and thread-safe (the C++ object behind it has
only const methods and no hidden state), so one instance can serve any number
of threads; ``evaluate`` and ``evaluate_batch`` release the GIL while the engine
runs. It pickles by the content of its rule files plus the threshold overrides,
and is rebuilt (and checked against its fingerprint) on unpickling, so it can
be shipped to Dask or multiprocessing workers.
"""

from __future__ import annotations

import os
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Tuple, Union

from . import _core
from .errors import Diagnostic, InputError, SitboneError

if TYPE_CHECKING:  # pragma: no cover - imported lazily at run time
    import pandas

    from .result import Result

__all__ = ["load_rules", "default_rules_path", "RuleSet", "Field", "Threshold", "Rule", "Citation", "Output"]

PathLike = Union[str, "os.PathLike[str]"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def default_rules_path() -> str:
    """The folder of the bundled default rule set (the PHT model).

    ``$SITBONE_RULES_DIR`` if set (as for the C++ library and the CLI), else the
    copy shipped inside the package (``sitbone/rules/pht``), else the C++
    library's own default.
    """
    env = os.environ.get("SITBONE_RULES_DIR")
    if env:
        return env
    bundled = os.path.join(_PACKAGE_DIR, "rules", "pht")
    if os.path.isfile(os.path.join(bundled, "ruleset.yaml")):
        return bundled
    return _core.default_rule_set_path()


@dataclass(frozen=True)
class Field:
    """One input field: ``type`` is ``tri`` (yes/no), ``test`` (positive/negative),
    ``enum``, ``int`` or ``number``; absent fields are unknown, never "no" or 0."""

    name: str
    type: str
    unit: str
    min: Optional[float]
    max: Optional[float]
    values: Tuple[str, ...]
    default: Optional[float]
    description: str
    how_obtained: str


@dataclass(frozen=True)
class Threshold:
    """A threshold with its evidence label (E, E-ind, X, P) and source.
    ``value`` includes overrides; ``authored_value`` is the value in the file."""

    key: str
    value: float
    authored_value: float
    unit: str
    evidence: str
    source: str
    description: str

    @property
    def overridden(self) -> bool:
        return self.value != self.authored_value


@dataclass(frozen=True)
class Citation:
    key: str
    reference: str


@dataclass(frozen=True)
class Rule:
    """A rule of the rule set, with its rationale and sources."""

    id: str
    step_id: str
    title: str
    rationale: str
    evidence: str
    citations: Tuple[Citation, ...]


@dataclass(frozen=True)
class Output:
    """A declared output and how reports present it."""

    name: str
    label: str
    group: str
    catalog: str
    description: str
    describe: Tuple[str, ...]
    ordered: bool


@dataclass(frozen=True)
class _Source:
    """What a RuleSet pickles: where it came from and the content it was built from."""

    path: str
    root: str  # the root file, relative to `folder` of `files`
    files: Tuple[Tuple[str, bytes], ...]  # (relative path, content)
    thresholds: Tuple[Tuple[str, float], ...]
    warnings_as_errors: bool
    fingerprint: str = ""


def _snapshot(path: str) -> Tuple[str, Tuple[Tuple[str, bytes], ...]]:
    """Reads the root file of the rule set at `path` and the files it includes."""
    if os.path.isdir(path):
        folder, root = path, "ruleset.yaml"
    else:
        folder, root = os.path.dirname(path) or ".", os.path.basename(path)
    names = [root]
    with open(os.path.join(folder, root), "rb") as f:
        root_text = f.read()
    try:
        import yaml  # type: ignore[import]

        header = yaml.safe_load(root_text)
        includes = header.get("include") if isinstance(header, dict) else None
        if isinstance(includes, list):
            names += [str(n) for n in includes]
    except Exception:  # noqa: BLE001 - the C++ loader already accepted the file
        names += sorted(n for n in os.listdir(folder) if n.endswith((".yaml", ".yml")) and n != root)
    files = [(root, root_text)]
    for name in names[1:]:
        with open(os.path.join(folder, name), "rb") as f:
            files.append((name, f.read()))
    return root, tuple(files)


# Rule sets rebuilt by unpickling in this process, by fingerprint: a Dask worker
# that receives the same rule set for every partition compiles it once.
_rebuilt: "weakref.WeakValueDictionary[Tuple[str, bool], RuleSet]" = weakref.WeakValueDictionary()
_rebuilt_lock = threading.Lock()


def _unpickle(source: _Source) -> "RuleSet":
    key = (source.fingerprint, source.warnings_as_errors)
    with _rebuilt_lock:
        cached = _rebuilt.get(key)
    if cached is not None:
        return cached
    rules: Optional[RuleSet] = None
    with tempfile.TemporaryDirectory(prefix="sitbone-rules-") as tmp:
        for name, content in source.files:
            target = os.path.join(tmp, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(content)
        core, warnings = _core.load(os.path.join(tmp, source.root), list(source.thresholds),
                                    source.warnings_as_errors)
        rules = RuleSet(core, source, warnings)
    if rules.fingerprint != source.fingerprint:
        raise SitboneError(
            f"unpickled rule set from {source.path!r} has fingerprint {rules.fingerprint}, "
            f"expected {source.fingerprint}")
    with _rebuilt_lock:
        _rebuilt[key] = rules
    return rules


def load_rules(path: Optional[PathLike] = None, thresholds: Optional[Mapping[str, float]] = None, *,
               warnings_as_errors: bool = False) -> "RuleSet":
    """Loads, checks and compiles a rule set.

    Args:
        path: a rule-set folder (holding ``ruleset.yaml``) or a root YAML file;
            default: the bundled PHT rule set (:func:`default_rules_path`).
        thresholds: overrides of threshold values, e.g.
            ``{"stage_pain_reactive_min": 6}``. They change the fingerprint and
            are listed in every result's provenance. An unknown key is an
            error (E2009).
        warnings_as_errors: treat warnings as errors (for CI and production).

    Raises:
        RuleSetError: the rule set has errors; ``.diagnostics`` lists them all
            with file, line and column.
        FileNotFoundError: `path` (or its ``ruleset.yaml``) does not exist.
        OSError: the root file cannot be read.
    """
    resolved = default_rules_path() if path is None else os.fspath(path)
    overrides = tuple((str(k), float(v)) for k, v in (thresholds or {}).items())
    core, warnings = _core.load(resolved, list(overrides), bool(warnings_as_errors))
    root, files = _snapshot(resolved)
    source = _Source(os.path.abspath(resolved), root, files, overrides, bool(warnings_as_errors),
                     core.fingerprint)
    return RuleSet(core, source, warnings)


class RuleSet:
    """A loaded rule set: metadata, input schema, thresholds, rules, and evaluation.

    Create one with :func:`load_rules`. Immutable and thread-safe.
    """

    def __init__(self, core: "_core.RuleSet", source: _Source, warnings: List[Diagnostic]):
        self._core = core
        self._source = source
        self.warnings: List[Diagnostic] = list(warnings)
        self._cache: Dict[str, Any] = {}
        self._fields_by_name: Dict[str, Field] = {f.name: f for f in self.schema}

    # -- metadata ---------------------------------------------------------------
    @property
    def id(self) -> str:
        return self._core.id

    @property
    def version(self) -> str:
        return self._core.version

    @property
    def status(self) -> str:
        """Life-cycle status: draft, testing, production or retired."""
        return self._core.status

    @property
    def title(self) -> str:
        return self._core.title

    @property
    def authors(self) -> List[str]:
        return list(self._core.authors)

    @property
    def review_date(self) -> str:
        return self._core.review_date

    @property
    def disclaimer(self) -> str:
        return self._core.disclaimer

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the canonical content with overrides applied (64 hex digits)."""
        return self._core.fingerprint

    @property
    def path(self) -> str:
        """The path the rule set was loaded from."""
        return self._source.path

    @property
    def threshold_overrides(self) -> Dict[str, float]:
        return dict(self._core.threshold_overrides)

    # -- content ----------------------------------------------------------------
    @property
    def schema(self) -> List[Field]:
        """The input fields, in declaration order."""
        if "schema" not in self._cache:
            self._cache["schema"] = [
                Field(f.name, f.type, f.unit, f.min, f.max, tuple(f.values), f.default, f.description,
                      f.how_obtained) for f in self._core.fields]
        return list(self._cache["schema"])

    def field(self, name: str) -> Field:
        """The input field `name`; InputError (with a suggestion) if there is none."""
        try:
            return self._fields_by_name[name]
        except KeyError:
            raise InputError(self._unknown_message("field", name), field=name) from None

    @property
    def input_names(self) -> List[str]:
        return [f.name for f in self.schema]

    def schema_frame(self) -> "pandas.DataFrame":
        """The input fields as a DataFrame indexed by field name."""
        import pandas as pd

        rows = [{"name": f.name, "type": f.type, "unit": f.unit, "min": f.min, "max": f.max,
                 "values": list(f.values), "default": f.default, "description": f.description,
                 "how_obtained": f.how_obtained} for f in self.schema]
        return pd.DataFrame(rows).set_index("name")

    def schema_markdown(self) -> str:
        """The input fields table of ``sitbone schema``, as Markdown."""
        return self._core.schema_markdown()

    @property
    def thresholds(self) -> Dict[str, float]:
        """Threshold key -> value (overrides applied); see :attr:`threshold_details`."""
        return {t.key: t.value for t in self.threshold_details.values()}

    @property
    def threshold_details(self) -> Dict[str, Threshold]:
        """Threshold key -> :class:`Threshold` (value, authored value, unit, evidence, source)."""
        if "thresholds" not in self._cache:
            self._cache["thresholds"] = {
                t.key: Threshold(t.key, t.value, t.authored_value, t.unit, t.evidence, t.source, t.description)
                for t in self._core.thresholds}
        return dict(self._cache["thresholds"])

    def thresholds_frame(self) -> "pandas.DataFrame":
        """The thresholds as a DataFrame indexed by key."""
        import pandas as pd

        rows = [vars(t) for t in self.threshold_details.values()]
        return pd.DataFrame(rows).set_index("key")

    @property
    def rules(self) -> List[Rule]:
        """The rules, in evaluation order, with rationale, evidence and citations."""
        if "rules" not in self._cache:
            self._cache["rules"] = [
                Rule(r.id, r.step_id, r.title, r.rationale, r.evidence,
                     tuple(Citation(c.key, c.reference) for c in r.citations)) for r in self._core.rules]
        return list(self._cache["rules"])

    @property
    def outputs(self) -> List[Output]:
        """The declared outputs (internal ones excluded), in declaration order."""
        if "outputs" not in self._cache:
            outs = []
            for name in self._core.output_names:
                p = self._core.presentation(name)
                assert p is not None  # every declared output has a presentation
                outs.append(Output(name, p.label, p.group, p.catalog, p.description, tuple(p.describe), p.ordered))
            self._cache["outputs"] = outs
        return list(self._cache["outputs"])

    @property
    def output_names(self) -> List[str]:
        return [o.name for o in self.outputs]

    def catalog_entry(self, catalog: str, id: str) -> Optional[Dict[str, str]]:
        """The fields of a catalogue entry (e.g. an exercise's description and dosage), or None."""
        entry = self._core.catalog_entry(catalog, id)
        return None if entry is None else dict(entry)

    # -- evaluation -------------------------------------------------------------
    def evaluate(self, assessment: Mapping[str, Any], *, explain: bool = True) -> "Result":
        """Evaluates one assessment: a mapping of field -> value.

        Values: ``"yes"``/``"no"`` for tri fields, ``"positive"``/``"negative"``
        for test fields, an allowed value for enum fields, int/float (numpy
        scalars too) for numeric fields; ``None``, NaN, ``pandas.NA`` or
        ``"unknown"`` (coded fields) mean unknown, as does an absent field.
        Booleans are rejected, as in JSON. Any other value (Decimal, a numpy
        array, a date, bytes...) is read as :meth:`evaluate_batch` reads such a
        cell (docs/python.md#bad-cells). The GIL is released while the engine
        runs.

        Raises:
            InputError: an unknown field (with a suggestion) or an invalid
                value; ``.field`` names it.
            EvaluationError: the engine failed (a rule-set bug).
        """
        from .result import Result

        if not isinstance(assessment, dict):
            if not (isinstance(assessment, Mapping) or hasattr(assessment, "keys")):  # e.g. a pandas row
                raise TypeError(f"an assessment is a mapping of field -> value, not {type(assessment).__name__}; "
                                f"for a table use evaluate_batch")
            assessment = dict(assessment)
        from ._cells import assessment_values  # read as the batch reads a cell

        return Result(self, _core.evaluate(self._core, assessment_values(self, assessment), explain))

    def evaluate_batch(self, data: Any, threads: int = 1) -> "pandas.DataFrame":
        """Evaluates every row of a table in one call (docs/python.md#batch-evaluation).

        Args:
            data: a pandas DataFrame, or a mapping of column name -> numpy
                array, list or pandas Series (all of one length). Columns are
                input fields; a missing column is unknown for every row.
            threads: worker threads for the C++ evaluation (results do not
                depend on it).

        Returns:
            A DataFrame with the input's index (a RangeIndex for a mapping of
            arrays): one column per declared output, then ``missing_data``,
            ``trace`` (categoricals of tuples) and ``error`` (None, or the
            message of a row that could not be evaluated; its outputs are null).

        Raises:
            InputError: an unknown column (with a suggestion), or a column whose
                dtype does not fit its field (numbers for a coded field, text
                for a numeric one, booleans, complex numbers). A bad cell
                never raises: it makes an error row for its own row
                (docs/python.md#bad-cells).
        """
        from .batch import evaluate_batch

        return evaluate_batch(self, data, threads)

    def batch_meta(self) -> "pandas.DataFrame":
        """An empty frame with the columns and dtypes of :meth:`evaluate_batch`,
        for ``dask.dataframe.map_partitions(..., meta=rules.batch_meta())``."""
        return self.evaluate_batch({})

    # -- helpers ----------------------------------------------------------------
    def _unknown_message(self, what: str, name: Any) -> str:
        hint = self._core.suggest_field(str(name))
        return f"unknown {what} '{name}'" + (f"; did you mean '{hint}'?" if hint else "")

    def __repr__(self) -> str:
        overrides = ""
        if self.threshold_overrides:
            overrides = ", overrides " + ", ".join(f"{k}={v:g}" for k, v in self.threshold_overrides.items())
        return (f"<sitbone.RuleSet {self.id} {self.version} ({self.status}): {len(self.schema)} inputs, "
                f"{len(self.outputs)} outputs, {len(self.rules)} rules{overrides}, "
                f"sha256:{self.fingerprint[:12]}>")

    def __reduce__(self):
        return (_unpickle, (self._source,))
