"""The result of one evaluation: :class:`Result`, with attribute access to every
output, the clinician text report (:meth:`Result.explain`), JSON, and an HTML
table for notebooks."""

from __future__ import annotations

import difflib
import html
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
        answer has value, label and changes with output, label, from_, to)."""
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
    def explain(self) -> str:
        """The clinician-readable report: red flags and referrals, the plan, the
        reasons (rules that fired, values read, sources), provenance and the
        disclaimer."""
        from . import _core

        return _core.render_text(self._rules._core, self._ev)

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
        return _html(self)


def _group_order(groups: List[str]) -> List[str]:
    """Red flags and referrals first, then the plan, then the other groups in
    declaration order, then "Other outputs"."""

    def rank(g: str) -> int:
        low = g.lower()
        if "red flag" in low or "referral" in low:
            return 0
        if "plan" in low:
            return 1
        if g == "Other outputs":
            return 3
        return 2

    return sorted(groups, key=lambda g: (rank(g), groups.index(g)))


def _html(result: Result) -> str:
    esc = html.escape
    rules = result.rules
    groups: Dict[str, List[Any]] = {}
    for out in rules.outputs:
        groups.setdefault(out.group or "Other outputs", []).append(out)
    rows: List[str] = []

    def section(title: str) -> None:
        rows.append(f'<tr><th colspan="2" style="text-align:left;background:#eee">{esc(title)}</th></tr>')

    def cell(out: Any, value: Any) -> str:
        if value is None:
            return '<span style="color:#888">&ndash;</span>'
        if isinstance(value, list):
            if not value:
                return '<span style="color:#888">none</span>'
            items = []
            for raw, item_id in zip(value, result.ids(out.name)):
                if isinstance(raw, dict):
                    text = ", ".join(f"{k}: {v}" for k, v in raw.items())
                    items.append(f"<li>{esc(text)}</li>")
                    continue
                tip = ""
                if out.catalog and out.describe:
                    entry = rules.catalog_entry(out.catalog, item_id.split(":")[0]) or {}
                    tip = " | ".join(f"{k}: {entry.get(k, '')}" for k in out.describe)
                title = f' title="{esc(tip)}"' if tip else ""
                items.append(f"<li><code{title}>{esc(str(raw))}</code></li>")
            return '<ul style="margin:0;padding-left:1.2em">' + "".join(items) + "</ul>"
        if isinstance(value, bool):
            return "true" if value else "false"
        return esc(str(value))

    for group in _group_order(list(groups)):
        section(group)
        for out in groups[group]:
            value = result.outputs[out.name]
            style = ""
            if out.name == "red_flag_level" and value not in (None, "none"):
                style = ' style="color:#b00;font-weight:bold"'
            rows.append(f"<tr><td>{esc(out.label or out.name)}</td><td{style}>{cell(out, value)}</td></tr>")
    section("Missing data")
    missing = ", ".join(result.missing_data) or "none recorded"
    rows.append(f'<tr><td>Ask or measure</td><td>{esc(missing)}</td></tr>')
    section("Why: the rules that fired, in order")
    for e in result.explanation:
        read = ", ".join(f"{k}={v}" for k, v in e.inputs.items())
        sources = ", ".join(c.key for c in e.citations)
        detail = esc(e.rationale)
        if read:
            detail += f'<br><span style="color:#555">read: {esc(read)}</span>'
        if sources:
            detail += f'<br><span style="color:#555">sources: {esc(sources)}</span>'
        rows.append(f"<tr><td><code>{esc(e.rule_id)}</code> {esc(e.title)} [{esc(e.evidence)}]</td>"
                    f"<td>{detail}</td></tr>")
    if not result.explanation:
        rows.append(f'<tr><td>Trace</td><td>{esc(" > ".join(result.trace) or "-")}</td></tr>')
    p = result.provenance
    caption = (f"{esc(rules.title)}<br><small>{esc(p.rule_set_id)} {esc(p.rule_set_version)} "
               f"({esc(p.rule_set_status)}), sha256:{esc(p.fingerprint[:12])}&hellip;, "
               f"engine {esc(p.engine_version)}</small>")
    footer = f'<p style="font-size:smaller"><b>NOTE:</b> {esc(rules.disclaimer)}</p>'
    return (f'<table class="sitbone-result"><caption style="text-align:left">{caption}</caption>'
            + "".join(rows) + "</table>" + footer)
