"""sitbone: rules-based clinical decision support for proximal hamstring tendinopathy.

Decision support only: sitbone supports, and does not replace, the judgement of
a qualified clinician. Quick start::

    import sitbone
    rules = sitbone.load_rules()                      # the bundled PHT rule set
    r = rules.evaluate({"pain_worst_24h_nrs": 7, "rest_or_night_pain": "yes"})
    r.stage, r.phase, r.missing_data
    print(r.explain())
    frame = rules.evaluate_batch(cohort_dataframe)    # one row per assessment

See docs/python.md.
"""

try:
    from . import _core
except ImportError as _error:  # pragma: no cover - exercised by hand
    raise ImportError(
        "sitbone._core is not built; run `/usr/bin/python3 -m pip install --no-build-isolation .` in the "
        "source tree, or build in-tree with `cmake -S . -B build-py -G Ninja -DSITBONE_BUILD_PYTHON=ON && "
        "cmake --build build-py --target _core` and set PYTHONPATH=build-py/python "
        f"(import failed: {_error})"
    ) from _error

from .errors import Diagnostic, EvaluationError, InputError, RuleSetError, SitboneError
from .result import BlockedRule, Explanation, Provenance, Result
from .rule_set import Citation, Field, Output, Rule, RuleSet, Threshold, default_rules_path, load_rules

__version__: str = _core.__version__

__all__ = [
    "__version__",
    "load_rules",
    "default_rules_path",
    "RuleSet",
    "Result",
    "Field",
    "Threshold",
    "Rule",
    "Citation",
    "Output",
    "Explanation",
    "BlockedRule",
    "Provenance",
    "Diagnostic",
    "SitboneError",
    "RuleSetError",
    "InputError",
    "EvaluationError",
]
