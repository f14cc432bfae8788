"""The package surface (sitbone/__init__.py): __all__, __version__, and the
message when the extension module is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import sitbone
from conftest import REPO


def test_all_names_exist():
    for name in sitbone.__all__:
        assert hasattr(sitbone, name), name


def test_version_is_the_cmake_project_version():
    match = re.search(r"project\(sitbone VERSION (\S+)", (REPO / "CMakeLists.txt").read_text())
    assert match and sitbone.__version__ == match.group(1)


def test_typed_package_files():
    package = Path(sitbone.__file__).parent
    assert (package / "py.typed").exists() and (package / "_core.pyi").exists()


def test_missing_extension_gives_a_clear_error(tmp_path: Path, python: str):
    package = tmp_path / "sitbone"
    package.mkdir()
    for source in Path(sitbone.__file__).parent.glob("*.py"):
        shutil.copy(source, package / source.name)
    proc = subprocess.run([python, "-c", "import sitbone"], cwd=tmp_path, capture_output=True, text=True,
                          env={"PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"})
    assert proc.returncode != 0
    assert "sitbone._core is not built; run" in proc.stderr
