"""Builds the sitbone Python package: setuptools drives CMake (the pybind11
cmake_example pattern), so that an offline

    /usr/bin/python3 -m pip install --no-build-isolation .

works with Debian's setuptools, wheel, pybind11-dev and the C++ dependencies.
CMake builds only the extension `sitbone._core` (SITBONE_BUILD_PYTHON=ON, tests,
examples, benchmarks and the CLI off) straight into the wheel's package folder;
the bundled rule sets (rules/) are copied into the package as `sitbone/rules`.
The version is read from project(VERSION) in CMakeLists.txt. setuptools' own
build files go to build-py/pip (never build/, which is the C++ build tree).

Environment: CMAKE_BUILD_PARALLEL_LEVEL (default 2), SITBONE_CMAKE_ARGS (extra
-D options, space-separated), SITBONE_BUILD_TYPE (default Release).
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SETUPTOOLS_BUILD = ROOT / "build-py" / "pip"


def cmake_project_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    match = re.search(r"project\(\s*sitbone\s+VERSION\s+([0-9][0-9A-Za-z.+-]*)", text)
    if not match:
        raise RuntimeError("no project(sitbone VERSION x.y.z) in CMakeLists.txt")
    return match.group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str, sourcedir: str = "") -> None:
        super().__init__(name, sources=[])
        self.sourcedir = os.fspath(Path(sourcedir).resolve())


class CMakeBuild(build_ext):
    def build_extension(self, ext: CMakeExtension) -> None:
        extdir = (Path.cwd() / self.get_ext_fullpath(ext.name)).parent.resolve()
        build_type = os.environ.get("SITBONE_BUILD_TYPE", "Debug" if self.debug else "Release")
        cmake_args = [
            f"-DSITBONE_PYTHON_OUTPUT_DIR={extdir}",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DCMAKE_BUILD_TYPE={build_type}",
            "-DSITBONE_BUILD_PYTHON=ON",
            "-DSITBONE_BUILD_TESTS=OFF",
            "-DSITBONE_BUILD_EXAMPLES=OFF",
            "-DSITBONE_BUILD_BENCHMARKS=OFF",
            "-DSITBONE_BUILD_CLI=OFF",
            "-DSITBONE_PYTHON_TESTS=OFF",
        ]
        try:  # the pybind11 that this interpreter sees (Debian: python3-pybind11)
            import pybind11

            cmake_args.append(f"-Dpybind11_DIR={pybind11.get_cmake_dir()}")
        except ImportError:
            pass  # find_package(pybind11) falls back to pybind11-dev in /usr/lib/cmake
        if shutil.which("ninja"):
            cmake_args.append("-GNinja")
        cmake_args += shlex.split(os.environ.get("SITBONE_CMAKE_ARGS", ""))
        parallel = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(self.parallel or 2)

        build_temp = Path(self.build_temp) / ext.name
        build_temp.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cmake", ext.sourcedir, *cmake_args], cwd=build_temp, check=True)
        subprocess.run(["cmake", "--build", ".", "--target", "_core", "--parallel", parallel], cwd=build_temp,
                       check=True)


class BuildPyWithRules(build_py):
    """Copies the rule sets into the package, so load_rules() finds them once installed."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "sitbone" / "rules"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(ROOT / "rules", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


SETUPTOOLS_BUILD.mkdir(parents=True, exist_ok=True)
setup(
    version=cmake_project_version(),
    ext_modules=[CMakeExtension("sitbone._core", sourcedir=str(ROOT))],
    cmdclass={"build_ext": CMakeBuild, "build_py": BuildPyWithRules},
    options={
        "build": {"build_base": str(SETUPTOOLS_BUILD)},
        "egg_info": {"egg_base": str(SETUPTOOLS_BUILD)},
    },
    zip_safe=False,
)
