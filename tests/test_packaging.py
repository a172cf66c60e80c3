"""A wheel carries the built frontend and the templates."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from harness.processes import ROOT

# Builds the wheel from the checkout; nox's sessions test the wheel they built.
pytestmark = pytest.mark.source_tree


def test_wheel_carries_the_built_assets(tmp_path: Path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, cwd=tmp_path)
    wheel = next(tmp_path.glob("flask_webui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"flask_webui/static/manifest.json",
            "flask_webui/templates/webui/page.html"} <= names
