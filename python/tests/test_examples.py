"""examples/python/*.py run as scripts; their standard output must match
*.expected_output.txt (SITBONE_UPDATE_GOLDEN=1 rewrites the expected files)."""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import REPO

EXAMPLES = sorted((REPO / "examples/python").glob("*.py"))


def test_every_example_has_an_expected_output():
    assert [p.name for p in EXAMPLES] == ["cohort.py", "evaluate_one.py"]


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example(script, python, subprocess_env, tmp_path):
    proc = subprocess.run([python, str(script)], cwd=tmp_path, env=subprocess_env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    expected = script.with_name(script.stem + ".expected_output.txt")
    if os.environ.get("SITBONE_UPDATE_GOLDEN") == "1":
        expected.write_text(proc.stdout)
    assert proc.stdout == expected.read_text()
