"""Result (sitbone/result.py) and RuleSet.evaluate: attribute access, renderings,
HTML, and how Python values are validated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sitbone
from conftest import REPO

ASSESSMENTS = REPO / "examples/assessments"


def _load(name: str) -> dict:
    return json.loads((ASSESSMENTS / name).read_text())


def test_attributes_and_lists(rules):
    r = rules.evaluate(_load("01_reactive_runner.json"))
    assert (r.stage, r.phase, r.pathway, r.red_flag_screen_complete) == ("reactive", 1, "tendon_rehab", True)
    assert isinstance(r.phase, int) and r.exercises[0] == "ex_iso_bridge_double"
    assert r.outputs["stage"] == r["stage"] == r.stage
    assert list(r.outputs) == rules.output_names
    assert r.ids("exercises") == tuple(r.exercises)
    assert r.missing_data == [] and r.trace == ["LS6", "DX1", "ST3", "PW1", "PH1", "CF3"]
    assert "stage" in dir(r)
    with pytest.raises(AttributeError, match="did you mean 'stage'"):
        r.stag  # noqa: B018


def test_rendered_list_items_are_dicts(rules):
    r = rules.evaluate(_load("05_cauda_equina.json"))
    assert r.red_flag_level == "emergency" and r.phase is None and r.exercises == []
    (referral,) = r.referrals
    assert referral["timeframe"] == "immediate" and set(referral) == {"to", "reason", "timeframe"}
    (item_id,) = r.ids("referrals")  # the catalogue id behind the rendered item
    assert rules.catalog_entry("referrals", item_id)["timeframe"] == "immediate"


def test_explanation_blocked_and_provenance(rules):
    r = rules.evaluate(_load("08_mostly_missing.json"))
    assert r.missing_data and r.blocked and r.unknown_inputs
    assert r.unknown_inputs == sorted({i for b in r.blocked for i in b.unknown_inputs})
    e = r.explanation[0]
    assert e.rule_id == r.trace[0] and e.rationale and e.citations[0].reference and isinstance(e.inputs, dict)
    p = r.provenance
    assert (p.rule_set_id, p.rule_set_version, p.fingerprint) == ("pht", "2.0.0", rules.fingerprint)
    assert p.engine_version == sitbone.__version__
    quick = rules.evaluate(_load("08_mostly_missing.json"), explain=False)
    assert quick.explanation == [] and quick.blocked == [] and quick.trace == r.trace


def test_text_and_json(rules):
    r = rules.evaluate(_load("01_reactive_runner.json"))
    text = r.explain()
    assert text == r.report() == r.report("text", "summary")
    assert text.index("== What to do now ==") < text.index("== Plan ==") < text.index("== Why ==")
    assert "Decision support for the treating clinician" in text and "Decision support only" in text
    full = r.report(detail="full")
    assert "== References ==" in full and "(rule PH1)" in full and "== References ==" not in text
    assert r.report("markdown").startswith("# Proximal hamstring tendinopathy")
    assert r.report("html").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match="format must be 'text', 'markdown' or 'html', got 'pdf'"):
        r.report("pdf")
    with pytest.raises(ValueError, match="detail must be 'summary' or 'full', got 'brief'"):
        r.report(detail="brief")
    d = r.to_dict()
    assert d["stage"] == "reactive" and d["trace"] == r.trace and d["provenance"]["rule_set"] == "pht"
    assert json.loads(r.to_json()) == d and "\n" not in r.to_json(-1)
    assert list(d)[: len(rules.output_names)] == rules.output_names


def test_repr(rules):
    r = rules.evaluate(_load("01_reactive_runner.json"))
    assert repr(r) == ("<sitbone.Result pht 2.0.0: red_flag_level='none', pathway='tendon_rehab', stage='reactive', "
                       "phase=1, confidence='high'; missing_data=[]; trace=LS6 > DX1 > ST3 > PW1 > PH1 > CF3>")


def test_html_in_a_notebook_is_the_report_as_a_fragment(rules):
    r = rules.evaluate(_load("05_cauda_equina.json"))
    page = r._repr_html_()
    assert page.startswith("<style>\n.sitbone-report ") and "<html" not in page
    order = [page.index(s) for s in ("What to do now", "Refer: Emergency spinal assessment", "<h2>Why</h2>")]
    assert order == sorted(order)
    assert '<section class="alert">' in page and "Safety net" in page


def test_html_escapes_everything(tmp_path: Path):
    target = tmp_path / "tt"
    shutil.copytree(REPO / "rules/examples/tendon_triage", target, ignore=shutil.ignore_patterns("tests"))
    text = (target / "ruleset.yaml").read_text()
    text = text.replace("title: Tendon triage (example rule set)", 'title: "Tendon <script>alert(1)</script> & co"')
    text = text.replace("label: Red-flag level", 'label: "Level <b>bold</b>"')
    (target / "ruleset.yaml").write_text(text)
    rules = sitbone.load_rules(target)
    page = rules.evaluate({"pain_nrs": 8})._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp; co" in page
    assert "<b>bold</b>" not in page and "Level &lt;b&gt;bold&lt;/b&gt;" in page


def test_python_values(rules):
    base = rules.evaluate({"bmi": 22.5, "age_years": 40, "pain_worst_24h_nrs": 7, "onset": "gradual"})
    same = rules.evaluate({"bmi": np.float32(22.5), "age_years": np.int64(40), "pain_worst_24h_nrs": 7.0,
                           "onset": "gradual", "sex": None, "diabetes": float("nan"), "palpable_gap": pd.NA,
                           "slump_test": "unknown"})
    assert same.to_dict() == base.to_dict()
    assert rules.evaluate(pd.Series({"bmi": 22.5, "age_years": 40, "pain_worst_24h_nrs": 7, "onset": "gradual"})
                          ).to_dict() == base.to_dict()


@pytest.mark.parametrize("assessment, field, text", [
    ({"sitting_tolerence_min": 30}, "sitting_tolerence_min", "did you mean 'sitting_tolerance_min'?"),
    ({"fever_or_unwell": True}, "fever_or_unwell", "the boolean true"),
    ({"fever_or_unwell": np.bool_(False)}, "fever_or_unwell", "the boolean false"),
    ({"pain_worst_24h_nrs": 11}, "pain_worst_24h_nrs", "11 (out of range)"),
    ({"pain_worst_24h_nrs": 10**400}, "pain_worst_24h_nrs", "1e+400 (out of range)"),  # as evaluate_batch names it
    ({"bmi": float("inf")}, "bmi", "non-finite"),
    ({"age_years": "forty"}, "age_years", "the text 'forty'"),
    ({"palpable_gap": 1}, "palpable_gap", "the number 1"),
    ({"bmi": [22]}, "bmi", "a value of type list"),
    ({"bmi": 22, "onset": "slow"}, "onset", "'slow' is not valid"),
])
def test_invalid_values_raise_input_error(rules, assessment, field, text):
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate(assessment)
    assert info.value.field == field and text in str(info.value)
    assert isinstance(info.value, ValueError)


def test_non_text_keys_are_a_type_error(rules):
    with pytest.raises(TypeError, match="field names"):
        rules.evaluate({1: "yes"})


def test_result_carries_deciding_facts_decided_by_and_ask_next(rules):
    # A reactive runner with the cauda equina questions unasked: the facts
    # behind each fired rule, who decided each output, and what to ask next.
    r = rules.evaluate({"onset": "gradual", "pain_localised_ischial": "yes", "pain_worst_24h_nrs": 7,
                      "rest_or_night_pain": "yes", "low_back_pain": "yes"})
    facts = [f.text for e in r.explanation for f in e.deciding_facts]
    assert facts, "no deciding facts"
    assert all(isinstance(t, str) and t for t in facts)
    assert set(r.decided_by) == set(rules.output_names)
    assert r.ask_next, "unasked screening questions must be listed"
    first = r.ask_next[0]
    assert first.rank == 1  # a red-flag question comes first
    assert first.answers and first.answers[0].changes
    assert any(c.output == "red_flag_level" for a in first.answers for c in a.changes)
