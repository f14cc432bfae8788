"""sitbone.errors and the exception translator of python/src/errors.cc."""

from __future__ import annotations

import pickle

import pytest

import sitbone
from sitbone.errors import Diagnostic


def test_hierarchy():
    assert issubclass(sitbone.RuleSetError, sitbone.SitboneError) and issubclass(sitbone.RuleSetError, ValueError)
    assert issubclass(sitbone.InputError, sitbone.SitboneError) and issubclass(sitbone.InputError, ValueError)
    assert issubclass(sitbone.EvaluationError, sitbone.SitboneError)
    assert not issubclass(sitbone.EvaluationError, ValueError)


def test_diagnostic_text():
    d = Diagnostic(code="E2002", severity="error", message="unknown threshold", file="r.yaml", line=3, column=7)
    assert str(d) == "r.yaml:3:7: error[E2002]: unknown threshold" and d.is_error
    assert str(Diagnostic(code="E1002", severity="error", message="cannot read")) == "<rules>: error[E1002]: cannot read"
    assert str(Diagnostic(code="W1", severity="warning", message="m", formatted="full text")) == "full text"


def test_exceptions_pickle():
    d = Diagnostic(code="E2002", severity="error", message="m", file="f", line=1, column=2)
    e = pickle.loads(pickle.dumps(sitbone.RuleSetError("text", [d], "dir")))
    assert str(e) == "text" and e.diagnostics == [d] and e.path == "dir" and e.errors == [d]
    i = pickle.loads(pickle.dumps(sitbone.InputError("bad", field="bmi")))
    assert str(i) == "bad" and i.field == "bmi"


def test_translator_maps_input_errors(rules):
    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate({"bmi": 5})
    assert info.value.field == "bmi" and str(info.value).startswith("field 'bmi': 5 (out of range)")


def test_translator_maps_batch_argument_errors(rules):
    import numpy as np

    with pytest.raises(sitbone.InputError) as info:
        rules.evaluate_batch({"onset": np.array([1.0])})
    assert info.value.field == "onset" and str(info.value).startswith("column 'onset'")


def test_translator_maps_rule_set_and_file_errors(tmp_path):
    (tmp_path / "ruleset.yaml").write_text("sitbone: 1\nid: x\n")
    with pytest.raises(sitbone.RuleSetError) as info:
        sitbone.load_rules(tmp_path)
    assert info.value.diagnostics and all(isinstance(d, Diagnostic) for d in info.value.diagnostics)
    assert info.value.path == str(tmp_path)
    with pytest.raises(FileNotFoundError):
        sitbone.load_rules(tmp_path / "missing.yaml")


INTERNAL_ERROR_RULES = """\
sitbone: 1
id: internal-error
version: 0.1.0
status: draft
title: Internal error fixture
review_date: 2026-01-01
bibliography:
  proposal: Test fixture.
inputs:
  bmi: {type: number, range: [10, 80], description: Body-mass index.}
outputs:
  level: {type: int, values: [1, 2]}
steps:
  - id: main
    hit: first
    rules:
      - id: T1
        when: bmi > 0
        then: [{set: {level: bmi / 10}}]
        rationale: A computed value that may fall outside the output's values.
        cite: [proposal]
        evidence: P
"""


def test_engine_failure_is_an_evaluation_error(tmp_path):
    (tmp_path / "ruleset.yaml").write_text(INTERNAL_ERROR_RULES)
    rules = sitbone.load_rules(tmp_path)
    assert rules.evaluate({"bmi": 20}).level == 2
    with pytest.raises(sitbone.EvaluationError, match="outside the allowed values of output 'level'"):
        rules.evaluate({"bmi": 15})
    frame = rules.evaluate_batch({"bmi": [20.0, 15.0, None]})
    assert frame["error"][0] is None and frame["error"][2] is None
    assert "outside the allowed values" in frame["error"][1] and frame[["level", "trace"]].iloc[1].isna().all()
