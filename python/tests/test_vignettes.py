"""All worked cases of rules/pht/tests/vignettes.yaml through RuleSet.evaluate,
compared field by field with their expected outputs (list outputs as sets unless
declared ordered; missing_data as a set; trace in order), and the input-error
cases of rules/pht/tests/input_errors.yaml."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

import sitbone
from conftest import REPO

VIGNETTES = yaml.safe_load((REPO / "rules/pht/tests/vignettes.yaml").read_text())["tests"]
INPUT_ERRORS = yaml.safe_load((REPO / "rules/pht/tests/input_errors.yaml").read_text())["tests"]


def _canonical(value):
    """Hashable form of an output value (dicts of rendered items included)."""
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_canonical(v) for v in value)
    return value


def test_there_are_43_vignettes():
    assert len(VIGNETTES) == 43


@pytest.mark.parametrize("case", VIGNETTES, ids=[c["id"] for c in VIGNETTES])
def test_vignette(rules: sitbone.RuleSet, case):
    result = rules.evaluate(case["input"])
    ordered = {o.name: o.ordered for o in rules.outputs}
    mismatches = []
    for name, expected in case["expect"].items():
        if name == "missing_data":
            actual, want = Counter(result.missing_data), Counter(expected)
        elif name == "trace":
            actual, want = result.trace, expected
        elif isinstance(expected, list) and not ordered[name]:
            actual, want = Counter(_canonical(getattr(result, name))), Counter(_canonical(expected))
        else:
            actual, want = getattr(result, name), expected
            if isinstance(want, bool) or want is None:
                assert type(actual) is type(want), name
        if actual != want:
            mismatches.append(f"{name}: expected {want!r}, got {actual!r}")
    assert not mismatches, f"{case['id']}: " + "; ".join(mismatches)


@pytest.mark.parametrize("case", INPUT_ERRORS, ids=[c["id"] for c in INPUT_ERRORS])
def test_input_error_case(rules: sitbone.RuleSet, case):
    if "expect_error" not in case:
        result = rules.evaluate(case["input"])
        for name, expected in case["expect"].items():
            assert getattr(result, name) == expected
        return
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate(case["input"])
    assert case["expect_error"] in str(info.value)
    assert info.value.field == next(iter(case["input"]))
