"""load_rules and RuleSet (sitbone/rule_set.py): metadata, schema, thresholds
and their overrides, rules, outputs, pickling, and loading errors."""

from __future__ import annotations

import pickle
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest
import yaml

import sitbone
from conftest import REPO

BOUNDARIES = yaml.safe_load((REPO / "rules/pht/tests/boundaries.yaml").read_text())
PAIN_6 = {**BOUNDARIES["base_input"],
          **next(c for c in BOUNDARIES["tests"] if c["id"] == "pain-6-reactive")["input"]}


def test_default_rule_set_is_the_bundled_pht(rules):
    assert rules.id == "pht" and rules.version == "2.0.0" and rules.status == "testing"
    assert Path(sitbone.default_rules_path(), "ruleset.yaml").is_file()
    assert len(rules.fingerprint) == 64 and int(rules.fingerprint, 16) >= 0
    assert rules.title.startswith("Proximal hamstring tendinopathy")
    assert "does not replace" in rules.disclaimer
    assert rules.authors and rules.review_date
    assert rules.warnings == []
    assert repr(rules).startswith("<sitbone.RuleSet pht 2.0.0 (testing): 71 inputs, 22 outputs,")


def test_schema(rules):
    assert len(rules.schema) == 71 and rules.input_names[0] == rules.schema[0].name
    pain = rules.field("pain_worst_24h_nrs")
    assert (pain.type, pain.min, pain.max) == ("int", 0, 10)
    assert rules.field("onset").values == ("gradual", "sudden_traumatic")
    assert rules.field("visit_number").default == 1
    frame = rules.schema_frame()
    assert frame.shape[0] == 71 and frame.loc["bmi", "type"] == "number"
    assert {"type", "unit", "min", "max", "values", "default", "description", "how_obtained"} <= set(frame.columns)
    with pytest.raises(sitbone.InputError, match="did you mean 'sitting_tolerance_min'"):
        rules.field("sitting_tolerence_min")
    assert "| `pain_worst_24h_nrs` |" in rules.schema_markdown() or "pain_worst_24h_nrs" in rules.schema_markdown()


def test_thresholds_rules_and_outputs(rules):
    assert rules.thresholds["stage_pain_reactive_min"] == 7
    detail = rules.threshold_details["stage_pain_reactive_min"]
    assert detail.evidence and detail.source and detail.unit and not detail.overridden
    assert set(rules.thresholds_frame().index) == set(rules.thresholds)
    assert len(rules.rules) == 54 and rules.rules[0].id == "RF1"
    assert all(r.rationale and r.citations and r.evidence for r in rules.rules)
    assert rules.output_names[:3] == ["model_version", "red_flag_level", "red_flag_screen_complete"]
    referrals = next(o for o in rules.outputs if o.name == "referrals")
    assert referrals.ordered and referrals.catalog == "referrals" and referrals.group == "Red flags and referrals"
    assert rules.catalog_entry("exercises", "ex_iso_bridge_double")["dosage"]
    assert rules.catalog_entry("exercises", "nope") is None


def test_threshold_override_changes_the_stage(rules):
    assert rules.evaluate(PAIN_6).stage == "indeterminate"
    lowered = sitbone.load_rules(thresholds={"stage_pain_reactive_min": 6})
    result = lowered.evaluate(PAIN_6)
    assert result.stage == "reactive"
    assert result.provenance.threshold_overrides == {"stage_pain_reactive_min": 6.0}
    assert lowered.thresholds["stage_pain_reactive_min"] == 6
    assert lowered.threshold_details["stage_pain_reactive_min"].authored_value == 7
    assert lowered.threshold_overrides == {"stage_pain_reactive_min": 6.0}
    assert lowered.fingerprint != rules.fingerprint
    assert "stage_pain_reactive_min=6" in repr(lowered)
    frame = lowered.evaluate_batch(pd.DataFrame([PAIN_6, PAIN_6]))
    assert frame["stage"].tolist() == ["reactive", "reactive"]


def test_unknown_threshold_is_a_rule_set_error():
    with pytest.raises(sitbone.RuleSetError) as info:
        sitbone.load_rules(thresholds={"stage_pain_reactive_mni": 6})
    assert [d.code for d in info.value.errors] == ["E2009"]


def test_pickle_round_trip(rules, tmp_path: Path):
    lowered = sitbone.load_rules(thresholds={"stage_pain_reactive_min": 6})
    for original in (rules, lowered):
        clone = pickle.loads(pickle.dumps(original))
        assert clone.fingerprint == original.fingerprint and clone.path == original.path
        assert clone.threshold_overrides == original.threshold_overrides
        assert clone.evaluate(PAIN_6).to_dict() == original.evaluate(PAIN_6).to_dict()
    # The content travels with the pickle: the files may be gone on the other side.
    copy = tmp_path / "pht"
    shutil.copytree(REPO / "rules/pht", copy)
    moved = sitbone.load_rules(copy, {"stage_pain_reactive_min": 6})
    data = pickle.dumps(moved)
    shutil.rmtree(copy)
    sitbone.rule_set._rebuilt.clear()
    clone = pickle.loads(data)
    assert clone.fingerprint == moved.fingerprint and clone.evaluate(PAIN_6).stage == "reactive"
    assert pickle.loads(data) is clone  # rebuilt once per process


def test_missing_path_is_file_not_found(tmp_path: Path):
    with pytest.raises(FileNotFoundError) as info:
        sitbone.load_rules(tmp_path / "nowhere")
    assert info.value.filename.endswith("nowhere")
    with pytest.raises(FileNotFoundError):
        sitbone.load_rules(tmp_path)  # a folder without ruleset.yaml


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "tendon_triage"
    shutil.copytree(REPO / "rules/examples/tendon_triage", target, ignore=shutil.ignore_patterns("tests"))
    text = (target / "ruleset.yaml").read_text()
    assert old in text
    (target / "ruleset.yaml").write_text(text.replace(old, new, 1))
    return target


def test_malformed_rule_file_reports_line_and_column(tmp_path: Path):
    folder = _broken_copy(tmp_path, "when: pain_nrs >= $reactive_pain_min", "when: pain_nrs >= $reactive_pain_mni")
    with pytest.raises(sitbone.RuleSetError) as info:
        sitbone.load_rules(folder)
    error = info.value
    assert isinstance(error, ValueError) and isinstance(error, sitbone.SitboneError)
    (d,) = error.errors
    assert d.code.startswith("E") and d.severity == "error" and d.file.endswith("ruleset.yaml")
    text = (folder / "ruleset.yaml").read_text().splitlines()
    assert "$reactive_pain_mni" in text[d.line - 1]
    assert d.column > 1 and d.rule_id
    assert str(d).startswith(f"{d.file}:{d.line}:{d.column}: error[{d.code}]: ")
    assert "^" in str(d)  # the caret under the column
    assert f"ruleset.yaml:{d.line}:{d.column}: error[{d.code}]" in str(error)
    assert str(error).splitlines()[-1].endswith("invalid rule set: 1 error(s), 1 warning(s)")
    assert [w.code for w in error.diagnostics if not w.is_error] == ["W2001"]  # the threshold now unused


def test_yaml_syntax_error(tmp_path: Path):
    folder = _broken_copy(tmp_path, "values: [none, soon, urgent, emergency]", "values: [none, soon, urgent, emergency")
    with pytest.raises(sitbone.RuleSetError) as info:
        sitbone.load_rules(folder)
    (d,) = info.value.errors
    assert d.code == "E1001" and d.line > 0 and d.column > 0


def test_warnings_are_kept_and_can_be_errors(tmp_path: Path):
    folder = _broken_copy(tmp_path, "bibliography:\n", "bibliography:\n  unused2024: Nobody cites this.\n")
    loaded = sitbone.load_rules(folder)
    assert [w.code for w in loaded.warnings] == ["W2002"] and loaded.warnings[0].severity == "warning"
    with pytest.raises(sitbone.RuleSetError) as info:
        sitbone.load_rules(folder, warnings_as_errors=True)
    assert [d.code for d in info.value.diagnostics] == ["W2002"]


def test_evaluate_from_many_threads(rules):
    """RuleSet is immutable: concurrent evaluate and evaluate_batch calls agree."""
    expected = rules.evaluate(PAIN_6).to_json()
    frame = pd.DataFrame([PAIN_6] * 2000)
    expected_batch = rules.evaluate_batch(frame)
    failures = []

    def work():
        for _ in range(50):
            if rules.evaluate(PAIN_6).to_json() != expected:
                failures.append("evaluate")
        if not rules.evaluate_batch(frame)["trace"].equals(expected_batch["trace"]):
            failures.append("batch")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
