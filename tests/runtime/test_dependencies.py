"""The lock files follow pyproject.toml: every direct dependency is pinned, and the runtime
set holds nothing that only the tests or tools need."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = {"pytest", "playwright", "greenlet", "pygments", "ruff", "pip-tools", "hypothesis", "schemathesis"}

pytestmark = pytest.mark.pure  # reads the requirement files only


def _name(requirement):
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(path):
    lines = (ROOT / path).read_text().splitlines()
    return {_name(line): line.split("==")[1] for line in lines if "==" in line and not line.startswith("#")}


def _declared(extra=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {_name(requirement) for requirement in listed}


def test_every_runtime_dependency_is_pinned_in_requirements_txt():
    assert _declared() <= set(_pins("requirements.txt"))


def test_runtime_lock_holds_no_dev_only_package():
    assert not DEV_ONLY & set(_pins("requirements.txt"))


def test_dev_lock_pins_the_runtime_packages_at_the_same_versions():
    runtime, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    assert _declared("dev") <= set(dev)
    assert {name: dev.get(name) for name in runtime} == runtime
