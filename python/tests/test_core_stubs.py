"""sitbone/_core.pyi against the extension module: mypy.stubtest (Debian's
python3-mypy) plus a direct comparison of the public names."""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import sitbone
from sitbone import _core

HERE = Path(__file__).parent
STUB = Path(sitbone.__file__).parent / "_core.pyi"


def _stub_names() -> dict:
    tree = ast.parse(STUB.read_text())
    names: dict = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names[node.name] = sorted(n.name for n in node.body if isinstance(n, ast.FunctionDef))
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = None
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = None
    return names


def test_stub_names_match_the_module():
    stub = _stub_names()
    runtime = {n for n in dir(_core) if not n.startswith("_")} | {"__version__"}
    assert set(stub) == runtime
    for name, members in stub.items():
        if members is None:
            continue
        cls = getattr(_core, name)
        public = {m for m in dir(cls) if not m.startswith("_")}
        assert set(members) == public, name


def test_stubtest(tmp_path: Path, python: str, subprocess_env: dict):
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\ncache_dir = /dev/null\n")
    proc = subprocess.run(
        [python, "-m", "mypy.stubtest", "sitbone._core", "--mypy-config-file", str(config),
         "--allowlist", str(HERE / "stubtest_allowlist.txt")],
        cwd=tmp_path, env=subprocess_env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
