"""examples/notebooks/cohort_analysis.ipynb, executed end to end with nbclient
in a kernel running this interpreter with this sitbone, then its PNG files
checked: present, of a reasonable size, and not a blank image."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib.image
import nbclient
import nbformat
import numpy as np

from conftest import REPO

NOTEBOOK = REPO / "examples/notebooks/cohort_analysis.ipynb"
PLOTS = ("distributions.png", "sensitivity.png", "comparison.png")


def _kernel_spec(root: Path, env: dict) -> None:
    """A "python3" kernel spec that runs sys.executable with the test's environment,
    found first on JUPYTER_PATH (so a pyenv or venv python3 is never picked)."""
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    keep = ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "MPLBACKEND", "SITBONE_NOTEBOOK_OUTPUT", "SITBONE_RULES_DIR")
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (sitbone tests)", "language": "python",
        "env": {k: env[k] for k in keep if k in env},
    }))


def test_cohort_notebook(tmp_path: Path, monkeypatch, subprocess_env: dict):
    plots = tmp_path / "plots"
    env = dict(subprocess_env, SITBONE_NOTEBOOK_OUTPUT=str(plots))
    _kernel_spec(tmp_path / "jupyter", env)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()

    outputs = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "20,000 rows evaluated, 0 error rows" in outputs
    for name in PLOTS:
        path = plots / name
        assert path.is_file(), name
        assert path.stat().st_size > 10_000, (name, path.stat().st_size)
        pixels = matplotlib.image.imread(path)
        flat = pixels.reshape(-1, pixels.shape[-1])
        assert len(np.unique(flat, axis=0)) > 1, name  # more than one colour
    assert not list(NOTEBOOK.parent.glob("*.png"))  # nothing written next to the notebook
