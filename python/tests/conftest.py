"""Shared fixtures of the sitbone Python tests.

The tests import the `sitbone` found on sys.path: the in-tree build
(PYTHONPATH=<build>/python, as ctest sets it) or an installed package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import sitbone

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def rules() -> sitbone.RuleSet:
    """The bundled PHT rule set."""
    return sitbone.load_rules()


@pytest.fixture(scope="session")
def subprocess_env() -> dict:
    """Environment for child processes (scripts, notebook kernels) that must
    import the same sitbone as this test process."""
    env = dict(os.environ)
    package_parent = str(Path(sitbone.__file__).parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([package_parent] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter running the tests (Debian's /usr/bin/python3 under ctest)."""
    return sys.executable
