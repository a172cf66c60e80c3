"""The documentation site: it builds with warnings as errors (a broken
reference fails), and its API reference documents every public name."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sphobjinv

import flask_webui
from harness.processes import ROOT

DOCS = ROOT / "docs"
#: Modules of the package that are not its API: layers below the public
#: modules, the transports and the wiring (``docs/architecture.md``). Their
#: public names are re-exported where users should find them.
INTERNAL = {"admission", "engine", "extension", "info", "operations", "page_config", "polling", "protocol",
            "server", "serving", "shutdown", "socket_events", "views"}


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("html")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-E",
                             str(DOCS), str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-5000:]
    objects = sphobjinv.Inventory(str(out / "objects.inv")).objects
    return {item.name for item in objects if item.domain == "py"}


def documented_modules() -> list[str]:
    return re.findall(r"^\.\. automodule:: (\S+)$", (DOCS / "api.md").read_text(), re.M)


def test_every_module_is_in_the_reference_or_named_internal():
    top = {info.name for info in pkgutil.iter_modules(flask_webui.__path__)}
    public = {name.removeprefix("flask_webui.") for name in documented_modules()} - {"flask_webui"}
    assert public & INTERNAL == set()
    assert top - INTERNAL == public


@pytest.mark.parametrize("module_name", documented_modules())
def test_every_name_a_public_module_exports_is_in_the_reference(module_name: str, inventory: set[str]):
    module = importlib.import_module(module_name)
    exported = getattr(module, "__all__", None)
    assert exported, f"{module_name} has no __all__"
    missing = [name for name in exported if f"{module_name}.{name}" not in inventory]
    assert missing == []


def test_the_readme_is_a_quick_start_that_links_to_every_page():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 250
    pages = {path.name for path in DOCS.glob("*.md")} - {"index.md", "changelog.md"}  # changelog: an include
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)", readme))
    assert pages - linked == set()
    assert all(Path(DOCS / name).exists() for name in linked)
