#!/usr/bin/env python3
"""Evaluate one assessment with the bundled PHT rule set and read the result.

    python3 examples/python/evaluate_one.py [ASSESSMENT.json]

Default assessment: examples/assessments/01_reactive_runner.json. Decision
support only: the result supports, and does not replace, clinical judgement.
"""

import json
import sys
from pathlib import Path

import sitbone

here = Path(__file__).resolve().parent
path = Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "assessments" / "01_reactive_runner.json"

rules = sitbone.load_rules()  # the bundled PHT rule set
print(f"rule set: {rules.id} {rules.version} ({rules.status}), {len(rules.schema)} inputs")

assessment = json.loads(path.read_text())  # field -> "yes"/"no", test results, numbers, null
result = rules.evaluate(assessment)

# Every output is an attribute; unknown inputs are listed, never guessed.
print(f"red flags: {result.red_flag_level}; pathway: {result.pathway}")
print(f"stage: {result.stage} ({result.stage_confidence} confidence); phase: {result.phase} ({result.phase_action})")
print("exercises:")
for exercise in result.exercises:
    entry = rules.catalog_entry("exercises", exercise)
    print(f"  - {exercise}: {entry['dosage']}")
print(f"missing data: {', '.join(result.missing_data) or 'none'}")

# Why: the rules that fired, in order, with their evidence labels.
for why in result.explanation:
    print(f"  {why.rule_id} [{why.evidence}] {why.title}")

# result.explain() is the full clinician report; result.to_json() the JSON document.
print(f"report title: {result.explain().splitlines()[0]}")

# Invalid values are rejected with a message naming the field, never clamped.
try:
    rules.evaluate({**assessment, "pain_worst_24h_nrs": 11})
except sitbone.InputError as error:
    print(f"rejected ({error.field}): {error}")
