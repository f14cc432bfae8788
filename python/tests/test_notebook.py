"""examples/notebooks/cohort_analysis.ipynb, run the way docs/python.md#jupyter
tells a new user to: in an empty home directory, the documented command of
this test's route registers the `sitbone` kernel (the in-tree command under
ctest: Debian's interpreter with the build tree on PYTHONPATH; the
virtual-environment command when sitbone is installed), and nbclient executes
the notebook in the kernel its metadata names. The kernel gets sitbone only
through what that command registered: PYTHONPATH is removed from the
environment it starts in.

Two runs: with the kernel's default matplotlib backend (inline) and
SITBONE_NOTEBOOK_OUTPUT set, the three plots are shown as image/png outputs,
their categorical axes follow the rule set's declared order, and the PNG files
are written and not blank; with MPLBACKEND=Agg and SITBONE_NOTEBOOK_OUTPUT
unset, the notebook still runs and writes no file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import nbclient
import nbformat
import numpy as np
import pytest

import sitbone
from conftest import REPO

NOTEBOOK = REPO / "examples/notebooks/cohort_analysis.ipynb"
DOC = (REPO / "docs/python.md").read_text()
PLOTS = ("distributions.png", "sensitivity.png", "comparison.png")
IN_TREE = '/usr/bin/python3 -m ipykernel install --user --name sitbone --display-name "Python 3 (sitbone)" ' \
          '--env PYTHONPATH "$PWD/build-py/python"'
VENV = '~/venvs/sitbone/bin/python -m ipykernel install --user --name sitbone --display-name "Python 3 (sitbone)"'

# Printed by a cell the test appends: the tick labels of the notebook's figures.
AXES_CELL = """
import json
print("PLOT_AXES " + json.dumps({
    "distributions": {ax.get_title(): [t.get_text() for t in ax.get_xticklabels()] for ax in distributions_fig.axes},
    "comparison_x": [t.get_text() for t in comparison_fig.axes[0].get_xticklabels()],
    "comparison_y": [t.get_text() for t in comparison_fig.axes[0].get_yticklabels()],
}))
"""


def _installed(env: dict) -> bool:
    """Whether this interpreter imports this sitbone without PYTHONPATH (an installed package)."""
    clean = {k: v for k, v in env.items() if k != "PYTHONPATH"}
    probe = subprocess.run([sys.executable, "-c", "import sitbone; print(sitbone.__file__)"], env=clean,
                           capture_output=True, text=True)
    return probe.returncode == 0 and Path(probe.stdout.strip()).resolve() == Path(sitbone.__file__).resolve()


@pytest.fixture(scope="module")
def home(tmp_path_factory, subprocess_env) -> Path:
    """An empty home directory in which the documented command has registered the sitbone kernel."""
    root = tmp_path_factory.mktemp("notebook")
    home = root / "home"
    home.mkdir()
    env = {k: v for k, v in subprocess_env.items()
           if not k.startswith(("JUPYTER", "XDG_", "IPYTHON", "MPL")) and k != "PYTHONPATH"}
    env.update(HOME=str(home), PYDEVD_DISABLE_FILE_VALIDATION="1")
    source = root / "source"  # stands in for the source root: build-py/python is this sitbone's build tree
    (source / "build-py").mkdir(parents=True)
    (source / "build-py" / "python").symlink_to(Path(os.path.abspath(sitbone.__file__)).parent.parent)
    command = VENV if _installed(subprocess_env) else IN_TREE
    documented = " ".join(DOC.replace("\\\n", " ").split())
    assert command in documented, command
    interpreter = command.split()[0]
    # Under ctest sys.executable is /usr/bin/python3: the documented command, unchanged.
    shell = command.replace(interpreter, sys.executable, 1)
    proc = subprocess.run(["bash", "-c", shell], cwd=source, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    spec = json.loads((home / ".local/share/jupyter/kernels/sitbone/kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and spec["display_name"] == "Python 3 (sitbone)"
    if command == IN_TREE:
        assert spec["env"] == {"PYTHONPATH": str(source / "build-py" / "python")}
    return home


def _execute(home: Path, monkeypatch, workdir: Path, **env: str) -> nbformat.NotebookNode:
    """Executes the notebook (plus AXES_CELL) in the kernel its metadata names, found and started as a
    new user's Jupyter would: only HOME and what the kernel spec sets, plus `env`."""
    for name in list(os.environ):
        if name.startswith(("JUPYTER", "XDG_", "IPYTHON", "MPL", "SITBONE_")) or name == "PYTHONPATH":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets the debugger's frozen-modules warning
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert notebook.metadata.kernelspec.name == "sitbone"
    notebook.cells.append(nbformat.v4.new_code_cell(AXES_CELL))
    client = nbclient.NotebookClient(notebook, timeout=600, resources={"metadata": {"path": str(workdir)}})
    client.execute()
    assert client.kernel_name == "sitbone"
    return notebook


def _outputs(notebook, kind: str) -> list:
    return [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == kind]


def _text(notebook) -> str:
    return "".join(o.get("text", "") for o in _outputs(notebook, "stream"))


def test_notebook_shows_plots_in_declared_order_and_saves_them(home, tmp_path, monkeypatch, rules):
    workdir = tmp_path / "work"
    workdir.mkdir()
    plots = tmp_path / "plots"
    before = sorted(NOTEBOOK.parent.iterdir())
    notebook = _execute(home, monkeypatch, workdir, SITBONE_NOTEBOOK_OUTPUT=str(plots))
    text = _text(notebook)
    assert "20,000 rows evaluated, 0 error rows" in text
    assert f"plots are also saved to {plots}" in text

    images = [o for o in _outputs(notebook, "display_data") if "image/png" in o.data]
    assert len(images) == 3  # one figure per plotting cell, shown by the inline backend
    assert all(len(o.data["image/png"]) > 10_000 for o in images)

    axes = json.loads(re.search(r"^PLOT_AXES (.*)$", text, re.M).group(1))
    meta = rules.batch_meta()
    for name in ("red_flag_level", "pathway", "stage"):
        labels = axes["distributions"][name]
        declared = [str(c) for c in meta[name].cat.categories]
        assert labels[:len(declared)] == declared, name  # every declared value, in declared order
        assert labels[len(declared):] in ([], ["(none)"]), name
    assert axes["distributions"]["red_flag_level"][:4] == ["none", "soon", "urgent", "emergency"]
    assert axes["distributions"]["stage"][:4] == ["reactive", "settled", "indeterminate", "not_staged"]
    phases = axes["distributions"]["phase"]
    assert phases[-1] == "(none)" and phases[:-1] == sorted(phases[:-1], key=int)
    stages = [str(c) for c in meta["stage"].cat.categories]
    assert axes["comparison_x"] == stages and axes["comparison_y"] == stages

    for name in PLOTS:
        path = plots / name
        assert path.is_file(), name
        assert path.stat().st_size > 10_000, (name, path.stat().st_size)
        pixels = matplotlib.image.imread(path)
        flat = pixels.reshape(-1, pixels.shape[-1])
        assert len(np.unique(flat, axis=0)) > 1, name  # more than one colour
        assert f"{path} " in text  # listed by the last cell
    assert sorted(p.name for p in plots.iterdir()) == sorted(PLOTS)
    assert not list(workdir.iterdir())
    assert sorted(NOTEBOOK.parent.iterdir()) == before  # nothing written next to the notebook


def test_notebook_writes_nothing_without_an_output_folder(home, tmp_path, monkeypatch):
    workdir = tmp_path / "work"
    workdir.mkdir()
    before = sorted(NOTEBOOK.parent.iterdir())
    notebook = _execute(home, monkeypatch, workdir, MPLBACKEND="Agg")
    text = _text(notebook)
    assert "plots are shown only (SITBONE_NOTEBOOK_OUTPUT is not set)" in text
    assert "no files written; set SITBONE_NOTEBOOK_OUTPUT" in text
    assert not [o for o in _outputs(notebook, "display_data") if "image/png" in o.data]  # Agg displays nothing
    assert not list(workdir.iterdir())
    assert sorted(NOTEBOOK.parent.iterdir()) == before
    assert not list(tmp_path.glob("**/*.png"))
