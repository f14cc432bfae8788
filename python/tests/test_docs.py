"""docs/python.md stays true: the reprs it quotes are the current ones, and
`make deps` (the Makefile's DEB_PACKAGES) installs every Debian package its
Install section names, except the optional jupyter-notebook."""

from __future__ import annotations

import json
import re

from conftest import REPO

DOC = (REPO / "docs/python.md").read_text()


def _section(title: str) -> str:
    start = DOC.index(f"\n## {title}\n")
    return DOC[start:DOC.index("\n## ", start + 1)]


def _apt_packages(text: str) -> list:
    """The packages of every `apt-get install -y ...` command in `text` (with its continuation lines)."""
    commands = re.findall(r"apt-get install -y ((?:[^\n]*\\\n)*[^\n]*)", text)
    return [name for command in commands for name in command.replace("\\\n", " ").split()]


def _deb_packages() -> set:
    makefile = (REPO / "Makefile").read_text()
    value = re.search(r"^DEB_PACKAGES :=((?:[^\n]*\\\n)*[^\n]*)", makefile, re.M)
    assert value, "DEB_PACKAGES not found in the Makefile"
    return set(value.group(1).replace("\\\n", " ").split())


def test_quoted_rule_set_repr_is_current(rules):
    quoted = re.findall(r"`(<sitbone\.RuleSet [^`]*>)`", DOC)
    assert quoted == [repr(rules)]


def test_quoted_result_repr_is_current(rules):
    quoted = re.findall(r"`(<sitbone\.Result [^`]*>)`", DOC)
    assessment = json.loads((REPO / "examples/assessments/01_reactive_runner.json").read_text())
    assert quoted == [repr(rules.evaluate(assessment))]


def test_make_deps_installs_every_package_of_the_install_section():
    documented = _apt_packages(_section("Install"))
    # The in-tree route configures the CLI and the C++ tests as well as the extension.
    for name in ("libboost-program-options-dev", "libgtest-dev", "libgmock-dev", "googletest",
                 "pybind11-dev", "python3-ipykernel", "python3-nbclient", "jupyter-notebook"):
        assert name in documented, name
    assert len(documented) == len(set(documented))
    assert set(documented) - _deb_packages() == {"jupyter-notebook"}
