"""The result of one evaluation: :class:`Result`, with attribute access to every
output, the clinician report (:meth:`Result.report`: text, Markdown, HTML), JSON,
and the HTML report in notebooks."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

if TYPE_CHECKING:  # pragma: no cover
    from . import _core
    from .rule_set import RuleSet

__all__ = ["Result", "Explanation", "BlockedRule", "Provenance", "Citation"]


@dataclass(frozen=True)
class Citation:
    key: str
    reference: str


@dataclass(frozen=True)
class Explanation:
    """Why a rule fired: its rationale, sources, and the input values its
    condition read (as written in an assessment)."""

    rule_id: str
    step_id: str
    title: str
    rationale: str
    evidence: str
    citations: Tuple[Citation, ...]
    inputs: Dict[str, str]
    #: The facts that made the condition true (``_core.DecidingFact``: label,
    #: relation, value, compared_with, threshold, depth, text).
    deciding_facts: Tuple[Any, ...] = ()
    #: The rule that replaced everything this rule set, or None.
    superseded_by: Optional[str] = None


@dataclass(frozen=True)
class BlockedRule:
    """A rule whose condition was unknown, and the unknown inputs that kept it undecided."""

    rule_id: str
    unknown_inputs: Tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    rule_set_id: str
    rule_set_version: str
    rule_set_status: str
    fingerprint: str
    engine_version: str
    threshold_overrides: Dict[str, float]


class Result:
    """One evaluation. Every declared output is an attribute (``r.stage``,
    ``r.phase``, ``r.exercises``...): ``None`` for null, ``bool``, ``int``,
    ``float``, ``str`` (enum values, with qualifiers as ``value:q1,q2``), or a
    list for list outputs (item ids, or dicts of the rendered catalogue fields
    for outputs declared with ``render``, exactly as in :meth:`to_dict`).

    Decision support only: show ``missing_data`` and the disclaimer with it.
    """

    __slots__ = ("_rules", "_ev", "_values", "_ids")

    def __init__(self, rules: "RuleSet", evaluation: "_core.Evaluation"):
        self._rules = rules
        self._ev = evaluation
        self._values: Optional[Dict[str, Any]] = None  # converted on first use
        self._ids: Dict[str, Tuple[str, ...]] = {}

    @property
    def _outputs(self) -> Dict[str, Any]:
        if self._values is None:
            values: Dict[str, Any] = {}
            for name, value in self._ev.outputs:
                if isinstance(value, list):
                    self._ids[name] = tuple(item.id for item in value)
                    value = [dict(item.fields) if item.fields else item.id for item in value]
                values[name] = value
            self._values = values
        return self._values

    # -- outputs ----------------------------------------------------------------
    @property
    def outputs(self) -> Dict[str, Any]:
        """Output name -> value, in declaration order."""
        return dict(self._outputs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        outputs = self._outputs
        if name in outputs:
            return outputs[name]
        hint = difflib.get_close_matches(name, list(outputs), n=1)
        raise AttributeError(f"'Result' has no output '{name}'" + (f"; did you mean '{hint[0]}'?" if hint else ""))

    def __getitem__(self, name: str) -> Any:
        return self._outputs[name]

    def __dir__(self) -> List[str]:
        return sorted(set(super().__dir__()) | set(self._outputs))

    def ids(self, name: str) -> Tuple[str, ...]:
        """The item ids of list output `name` (with qualifiers as ``id:q1,q2``),
        as in the categories of :meth:`RuleSet.evaluate_batch`."""
        self._outputs  # noqa: B018 - fills _ids
        return self._ids[name]

    @property
    def rules(self) -> "RuleSet":
        return self._rules

    @property
    def missing_data(self) -> List[str]:
        """Inputs the rules asked for that were unknown (sorted); ``a|b`` means either."""
        return list(self._ev.missing_data)

    @property
    def trace(self) -> List[str]:
        """Ids of the rules that fired, in firing order."""
        return list(self._ev.trace)

    @property
    def explanation(self) -> List[Explanation]:
        """One entry per fired rule, in trace order (empty with ``explain=False``)."""
        return [Explanation(e.rule_id, e.step_id, e.title, e.rationale, e.evidence,
                            tuple(Citation(c.key, c.reference) for c in e.citations),
                            {i.field: i.value for i in e.inputs}, tuple(e.deciding_facts),
                            e.superseded_by or None)
                for e in self._ev.explanation]

    @property
    def decided_by(self) -> Dict[str, Optional[str]]:
        """Output -> the rule that gave it its final value (None: its default)."""
        return {name: (rule or None) for name, rule in self._ev.decided_by}

    @property
    def ask_next(self) -> List[Any]:
        """The unknown inputs whose answer would change a headline output, safety
        first (``_core.AskNextItem``: field, label, question, rank, answers; each
        answer has value, label and changes with output, label, from_, to, and for
        lists added and removed)."""
        return list(self._ev.ask_next)

    @property
    def blocked(self) -> List[BlockedRule]:
        """Rules left undecided by unknown inputs (empty with ``explain=False``)."""
        return [BlockedRule(b.rule_id, tuple(b.unknown_inputs)) for b in self._ev.blocked]

    @property
    def unknown_inputs(self) -> List[str]:
        """The union of the blocked rules' unknown inputs: what would decide more rules."""
        return list(self._ev.unknown_inputs)

    @property
    def provenance(self) -> Provenance:
        p = self._ev.provenance
        return Provenance(p.rule_set_id, p.rule_set_version, p.rule_set_status, p.fingerprint, p.engine_version,
                          dict(p.threshold_overrides))

    # -- renderings -------------------------------------------------------------
    def report(self, format: str = "text", detail: str = "summary") -> str:
        """The clinician report (docs/reports.md), action first: what to do now
        (referrals, prompts, the headline result), what to ask next, the plan,
        why, what is not recorded, references. ``format`` is "text",
        "markdown" or "html" (a whole HTML5 page); ``detail`` is "summary" or
        "full" (every fired rule and fact, every question)."""
        from . import _core

        return _core.render_report(self._rules._core, self._ev, format, detail)

    def explain(self) -> str:
        """The summary text report: :meth:`report` with its defaults."""
        return self.report()

    def to_json(self, indent: int = 2) -> str:
        """The JSON document of ``sitbone evaluate --format json``; ``indent=-1`` is one line."""
        from . import _core

        return _core.render_json(self._rules._core, self._ev, indent)

    def to_dict(self) -> Dict[str, Any]:
        """:meth:`to_json` as Python objects."""
        return json.loads(self.to_json(-1))

    def __repr__(self) -> str:
        shown = []
        for name in ("red_flag_level", "pathway", "stage", "phase", "confidence"):
            if name in self._outputs:
                shown.append(f"{name}={self._outputs[name]!r}")
        if not shown:  # another rule set: the first few outputs
            shown = [f"{k}={v!r}" for k, v in list(self._outputs.items())[:5]]
        p = self._ev.provenance
        return (f"<sitbone.Result {p.rule_set_id} {p.rule_set_version}: {', '.join(shown)}; "
                f"missing_data={self.missing_data!r}; trace={' > '.join(self.trace) or '-'}>")

    def _repr_html_(self) -> str:
        """The HTML report as a fragment (a notebook shows it in the cell)."""
        from . import _core

        return _core.render_report(self._rules._core, self._ev, "html", "summary", True)
