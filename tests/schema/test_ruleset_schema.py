"""Checks rules/schema/ruleset.schema.json against the rule sets in rules/.

* Every rules/**/ruleset.yaml, and every file it includes, is valid against the
  schema (included files as section-only files). Rule sets are discovered when
  the tests run, so a new rule set is covered without editing this file.
* Deliberately wrong documents are rejected.
* The keys the schema allows are the keys the compiler allows
  (src/engine/compiler.cc), so the schema cannot silently drift.

Run with Debian's Python: /usr/bin/python3 -m pytest -q tests/schema
"""

import json
import pathlib
import re

import jsonschema
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
SCHEMA_PATH = RULES / "schema" / "ruleset.schema.json"
COMPILER = ROOT / "src" / "engine" / "compiler.cc"
SECTIONS = ("bibliography", "inputs", "thresholds", "catalogs", "outputs", "derived", "steps", "report")


# ---------------------------------------------------------------------------
# YAML as the engine (and YAML 1.2 editors) read it: only true/false are
# booleans, no timestamps (review_date stays text), no yes/no booleans, and a
# duplicate key is an error (the engine reports E1006).


class CoreLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader narrowed to the YAML 1.2 core schema."""

    yaml_implicit_resolvers = {}

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"duplicate key {key!r} (first at line {seen[key] + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


CoreLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."))
CoreLoader.add_constructor(
    "tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node), 10))
CoreLoader.add_constructor(
    "tag:yaml.org,2002:float", lambda loader, node: float(loader.construct_scalar(node)))
CoreLoader.add_constructor(
    "tag:yaml.org,2002:bool", lambda loader, node: loader.construct_scalar(node) == "true")


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=CoreLoader)


def parse_yaml(text):
    return yaml.load(text, Loader=CoreLoader)


# ---------------------------------------------------------------------------
# Schema and validators.


@pytest.fixture(scope="module")
def schema():
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        s = json.load(f)
    jsonschema.Draft202012Validator.check_schema(s)
    return s


def validator_for(schema, definition=None):
    """A validator for the whole schema, or for one of its $defs."""
    if definition is None:
        return jsonschema.Draft202012Validator(schema)
    sub = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(sub)


def errors_of(validator, document):
    """Readable error lines, deepest first, for assertion messages."""
    lines = []
    for error in sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]):
        leaves = [error]
        if error.context:  # anyOf / oneOf: report the alternatives that got deepest
            deepest = max(len(e.absolute_path) for e in error.context)
            leaves = [e for e in error.context if len(e.absolute_path) == deepest][:3]
        for leaf in leaves:
            where = "/" + "/".join(str(p) for p in leaf.absolute_path)
            lines.append(f"{where}: {leaf.message}")
    return lines


# ---------------------------------------------------------------------------
# 1. Every rule set in rules/ (and every file it includes) is valid.


def rule_set_files():
    return sorted(RULES.glob("**/ruleset.yaml"))


def test_rule_sets_exist():
    # The example rule set always exists; an empty discovery means a broken path.
    found = [p.relative_to(ROOT).as_posix() for p in rule_set_files()]
    assert "rules/examples/tendon_triage/ruleset.yaml" in found, found


@pytest.mark.parametrize(
    "ruleset_path", rule_set_files(), ids=lambda p: p.parent.relative_to(RULES).as_posix())
def test_rule_set_is_valid(schema, ruleset_path):
    problems = []
    root = load_yaml(ruleset_path)
    assert isinstance(root, dict), f"{ruleset_path}: a rule set file must be a mapping"
    for line in errors_of(validator_for(schema, "ruleSetFile"), root):
        problems.append(f"{ruleset_path.relative_to(ROOT)}:{line}")

    defined = {s: ruleset_path for s in SECTIONS if s in root}
    includes = root.get("include")
    for name in includes if isinstance(includes, list) else []:
        included = ruleset_path.parent / str(name)
        if not included.is_file():
            problems.append(f"{ruleset_path.relative_to(ROOT)}: included file {name} does not exist")
            continue
        doc = load_yaml(included)
        if not isinstance(doc, dict):
            problems.append(f"{included.relative_to(ROOT)}: an included file must be a mapping of sections")
            continue
        for line in errors_of(validator_for(schema, "sectionFile"), doc):
            problems.append(f"{included.relative_to(ROOT)}:{line}")
        for section in SECTIONS:
            if section in doc:
                if section in defined:
                    problems.append(f"{included.relative_to(ROOT)}: section '{section}' is also defined in "
                                    f"{defined[section].relative_to(ROOT)} (E1006)")
                defined[section] = included
    for section in ("inputs", "outputs", "steps"):
        if section not in defined:
            problems.append(f"{ruleset_path.relative_to(ROOT)}: no file defines '{section}' (E1005)")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# 2. Wrong documents are rejected. Each case changes one thing in a valid
#    document; the valid document itself must pass, or the cases prove nothing.

VALID = """
sitbone: 1
id: schema-probe
version: 1.2.0-rc.1
status: draft
title: Schema probe
authors: [sitbone developers]
review_date: 2026-11-21
bibliography:
  goom2016: Goom TSH, et al. J Orthop Sports Phys Ther. 2016;46(6):483-493.
  rio2015: {reference: "Rio E, et al. Br J Sports Med. 2015;49(19):1277-1283.", url: "https://doi.org/10.1136/bjsports-2014-094386"}
inputs:
  night_pain: {type: tri, description: Aching at rest or at night.}
  bridge_test: {type: test, description: Single-leg bridge reproduces familiar pain.}
  activity: {type: enum, values: [running, cycling, other], description: Main sport.}
  pain_nrs: {type: int, unit: NRS, range: [0, 10], description: Worst pain in 24 h.}
  visit_number: {type: int, range: [1, 200], default: 1, description: Visit number.}
  bmi: {type: number, range: [12, 70], default: 22.5, description: Body-mass index.}
thresholds:
  reactive_pain_min: {value: 7, unit: NRS, evidence: X->P, source: Goom 2016}
catalogs:
  exercises:
    ex_bridge:
      description: Double-leg bridge hold.
      dosage: [5 x 30 s, daily]
      cite: [goom2016]
outputs:
  stage: {type: enum, values: [reactive, settled, unknown], default: settled, nullable: false}
  phase: {type: int, values: [1, 2, 3, 4]}
  exercises: {type: list, catalog: exercises, describe: [description, dosage]}
  referrals_done: {type: bool, default: false, internal: true}
  red_flag: {type: bool, default: false, nullable: false}
  seen: {type: list, values: [yes_seen], nullable: false}
  modifiers:
    type: list
    values: [slow_progression]
    qualifiers: {slow_progression: [night_pain]}
derived:
  reactive_pain: pain_nrs >= $reactive_pain_min
  runner: {expr: "activity in [running]", description: Runs.}
steps:
  - id: staging
    title: Stage
    hit: first
    actions:
      - missing: [pain_nrs, "night_pain|bridge_test"]
    rules:
      - id: ST1
        when: reactive_pain or night_pain
        then:
          - set: {stage: reactive, phase: 1}
          - append: {exercises: [ex_bridge]}
          - append: {modifiers: "qualified(slow_progression, night_pain)"}
            if: runner
        rationale: High or night pain suggests a reactive tendon.
        cite: [goom2016, rio2015]
        evidence: X/P
      - id: ST2
        when: true
        then: []
        rationale: Otherwise settled.
        cite: [goom2016]
        evidence: X
  - id: confidence
    hit: collect
    final: true
    when: known(pain_nrs)
    rules:
      - id: CF1
        when: stage == reactive
        then:
          - stop: true
        rationale: Stops.
        cite: [goom2016]
        evidence: P
"""


def _set(path, value):
    def mutate(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return mutate


RULE = ("steps", 0, "rules", 0)
BAD_RULE_SETS = {
    "unknown top-level key": _set(("thresholdz",), {}),
    "missing sitbone": _delete(("sitbone",)),
    "format version 2": _set(("sitbone",), 2),
    "id with capitals": _set(("id",), "Schema-Probe"),
    "version not semantic": _set(("version",), "1.0"),
    "unknown status": _set(("status",), "final"),
    "missing review_date": _delete(("review_date",)),
    "review_date not a date": _set(("review_date",), "Nov 2026"),
    "bibliography entry without reference": _set(("bibliography", "rio2015"), {"url": "https://example.org"}),
    "input without description": _delete(("inputs", "night_pain", "description")),
    "unknown input type": _set(("inputs", "night_pain", "type"), "bool"),
    "input key typo": _set(("inputs", "night_pain", "desciption"), "typo"),
    "enum input without values": _delete(("inputs", "activity", "values")),
    "enum input listing unknown": _set(("inputs", "activity", "values"), ["running", "unknown"]),
    "enum input value twice": _set(("inputs", "activity", "values"), ["running", "running"]),
    "int input without range": _delete(("inputs", "pain_nrs", "range")),
    "range with one bound": _set(("inputs", "pain_nrs", "range"), [0]),
    "range on a tri input": _set(("inputs", "night_pain", "range"), [0, 1]),
    "default on a tri input": _set(("inputs", "night_pain", "default"), 0),
    "fractional default on an int input": _set(("inputs", "visit_number", "default"), 1.5),
    "values on an int input": _set(("inputs", "pain_nrs", "values"), [1, 2]),
    "threshold without evidence": _delete(("thresholds", "reactive_pain_min", "evidence")),
    "threshold value as text": _set(("thresholds", "reactive_pain_min", "value"), "seven"),
    "threshold with a bad evidence label": _set(("thresholds", "reactive_pain_min", "evidence"), "strong"),
    "catalogue entry that is not a mapping": _set(("catalogs", "exercises", "ex_bridge"), "text"),
    "output without type": _delete(("outputs", "phase", "type")),
    "unknown output type": _set(("outputs", "phase", "type"), "text"),
    "enum output without values or catalog": _delete(("outputs", "stage", "values")),
    "enum output with values and catalog": _set(("outputs", "stage", "catalog"), "exercises"),
    "list output with a default": _set(("outputs", "exercises", "default"), "ex_bridge"),
    "render without catalog": _set(("outputs", "modifiers", "render"), ["dosage"]),
    "qualifiers on a bool output": _set(("outputs", "referrals_done", "qualifiers"), {"x": ["night_pain"]}),
    "null default on a non-nullable output": _set(("outputs", "stage", "default"), None),
    "non-nullable output without a default": _delete(("outputs", "stage", "default")),
    "more than 16 qualifiers": _set(("outputs", "modifiers", "qualifiers"),
                                    {"slow_progression": [f"q{i}" for i in range(17)]}),
    "nullable written as yes": _set(("outputs", "phase", "nullable"), "yes"),
    "output named like a result field": _set(("outputs", "trace"), {"type": "bool"}),
    "derived value without expr": _set(("derived", "runner"), {"description": "Runs."}),
    "derived value that is null": _set(("derived", "runner"), None),
    "step without hit": _delete(("steps", 0, "hit")),
    "unknown hit policy": _set(("steps", 0, "hit"), "all"),
    "step key typo": _set(("steps", 0, "rule"), []),
    "rule without rationale": _delete(RULE + ("rationale",)),
    "rule without cite": _delete(RULE + ("cite",)),
    "rule citing nothing": _set(RULE + ("cite",), []),
    "rule without then": _delete(RULE + ("then",)),
    "rule key typo": _set(RULE + ("rationalle",), "typo"),
    "action with two kinds": _set(RULE + ("then", 0), {"set": {"phase": 1}, "stop": True}),
    "action with only a guard": _set(RULE + ("then", 0), {"if": "night_pain"}),
    "set with a list of expressions": _set(RULE + ("then", 0), {"set": {"phase": [1, 2]}}),
    "set to YAML null": _set(RULE + ("then", 0), {"set": {"phase": None}}),
    "missing that is not a list": _set(("steps", 0, "actions", 0), {"missing": "pain_nrs"}),
    "stop written as yes": _set(("steps", 1, "rules", 0, "then", 0), {"stop": "yes"}),
}


def test_valid_probe_passes(schema):
    errors = errors_of(validator_for(schema), parse_yaml(VALID))
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("mutate", BAD_RULE_SETS.values(), ids=list(BAD_RULE_SETS))
def test_wrong_rule_set_is_rejected(schema, mutate):
    doc = parse_yaml(VALID)
    mutate(doc)
    assert list(validator_for(schema).iter_errors(doc)), "the schema accepted a wrong document"


BAD_SECTION_FILES = {
    "header key in an included file": "id: x\nthresholds: {}\n",
    "include in an included file": "include: [more.yaml]\n",
    "unknown section": "rule: []\n",
    "steps as a mapping": "steps: {id: x}\n",
}


def test_valid_section_file_passes(schema):
    doc = {k: v for k, v in parse_yaml(VALID).items() if k in SECTIONS}
    errors = errors_of(validator_for(schema, "sectionFile"), doc)
    assert not errors, "\n".join(errors)
    assert not errors_of(validator_for(schema), doc), "the whole-file schema must accept a section file too"


@pytest.mark.parametrize("text", BAD_SECTION_FILES.values(), ids=list(BAD_SECTION_FILES))
def test_wrong_section_file_is_rejected(schema, text):
    assert list(validator_for(schema, "sectionFile").iter_errors(parse_yaml(text)))


def test_yaml_reading_matches_the_engine():
    doc = parse_yaml("a: 2026-11-21\nb: yes\nc: true\nd: 1.0.0\ne: 7\nf: 0.5\ng:\nh: '7'\n")
    assert doc == {"a": "2026-11-21", "b": "yes", "c": True, "d": "1.0.0", "e": 7, "f": 0.5, "g": None,
                   "h": "7"}
    with pytest.raises(yaml.YAMLError):
        parse_yaml("a: 1\na: 2\n")


# ---------------------------------------------------------------------------
# 3. The schema allows exactly the keys the compiler allows.

# CheckKeys(..., "<what>") in compiler.cc -> where the schema lists those keys.
KEY_LISTS = {
    "a bibliography entry": ("bibliography", "additionalProperties", "anyOf", 1, "properties"),
    "an input field": ("input", "properties"),
    "a threshold": ("thresholds", "additionalProperties", "properties"),
    "an output": ("output", "properties"),
    "a derived value": ("derived", "additionalProperties", "anyOf", 1, "properties"),
    "a step": ("step", "properties"),
    "a rule": ("rule", "properties"),
    "an action": ("action", "properties"),
    "the report section": ("report", "properties"),
    "a notice": ("report", "properties", "notices", "items", "properties"),
}


def _schema_keys(schema, path):
    node = schema["$defs"]
    for key in path:
        node = node[key]
    return set(node)


def _strings(cpp_list):
    return set(re.findall(r'"([^"]*)"', cpp_list))


def test_schema_keys_match_compiler(schema):
    source = COMPILER.read_text(encoding="utf-8")
    found = {what: _strings(keys)
             for keys, what in re.findall(r'CheckKeys\(\s*[\w*]+\s*,\s*\{([^}]*)\}\s*,\s*"([^"]*)"\s*\)', source)}
    assert set(found) == set(KEY_LISTS), (
        "compiler.cc checks keys in places this test does not know; update KEY_LISTS, the schema and "
        f"docs/rule-format.md: {sorted(set(found) ^ set(KEY_LISTS))}")
    mismatches = []
    for what, path in KEY_LISTS.items():
        in_schema = _schema_keys(schema, path)
        if in_schema != found[what]:
            mismatches.append(f"{what}: compiler only {sorted(found[what] - in_schema)}, "
                              f"schema only {sorted(in_schema - found[what])}")
    top = _strings(re.search(r"kTopKeys\s*=\s*\{([^}]*)\}", source).group(1))
    sections = _strings(re.search(r"kSectionKeys\s*=\s*\{([^}]*)\}", source).group(1))
    if top != _schema_keys(schema, ("ruleSetFile", "properties")):
        mismatches.append(f"top-level keys: compiler {sorted(top)}")
    if sections != _schema_keys(schema, ("sectionFile", "properties")) or sections != set(SECTIONS):
        mismatches.append(f"section keys: compiler {sorted(sections)}")
    assert not mismatches, ("rules/schema/ruleset.schema.json (and docs/rule-format.md) are out of step with "
                            "src/engine/compiler.cc:\n" + "\n".join(mismatches))

