"""A release as users get it: ``python -m build`` makes an sdist and a wheel
that pass ``twine check --strict``; the wheel carries the built frontend and
``py.typed`` and nothing of the tree's tests, caches or source maps; a fresh
virtualenv with no npm on its PATH installs it and serves the README's quick
start; a user's program type-checks with ``mypy --strict`` against it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from harness.pages import PageClient
from harness.processes import ROOT, ServerProcess, free_port

pytestmark = pytest.mark.source_tree  # builds from the checkout

README = (ROOT / "README.md").read_text()


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel, built as a release is (``python -m build``:
    the wheel is built from the sdist, in an isolated environment)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True,
                   capture_output=True, timeout=600)
    return out


def wheel_of(dist: Path) -> Path:
    return next(dist.glob("flask_webui-*.whl"))


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtualenv (no system packages) with the wheel installed, its
    PATH holding only its own bin folder: no npm, no node."""
    home = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(home)], check=True, timeout=120)
    subprocess.run([str(home / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    str(wheel_of(dist))], check=True, timeout=600, env=bare_env(home))
    yield home


def bare_env(home: Path) -> dict[str, str]:
    keep = {name: os.environ[name] for name in ("HOME", "LANG", "TMPDIR") if name in os.environ}
    return {**keep, "PATH": str(home / "bin"), "PIP_NO_INPUT": "1"}


def test_the_sdist_and_the_wheel_pass_twine_check_strict(dist: Path):
    built = sorted(path.name for path in dist.iterdir())
    assert any(name.endswith(".tar.gz") for name in built) and any(name.endswith(".whl") for name in built)
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wheel_carries_the_frontend_and_types_and_nothing_of_the_tree(dist: Path):
    names = zipfile.ZipFile(wheel_of(dist)).namelist()
    manifest = "flask_webui/static/manifest.json"
    assert {"flask_webui/py.typed", manifest, "flask_webui/templates/webui/page.html"} <= set(names)
    # Every built file the manifest maps a logical name to is in the wheel.
    built = json.loads(zipfile.ZipFile(wheel_of(dist)).read(manifest))
    assets = {f"flask_webui/static/{path}" for path in built.values()}
    assert assets and assets <= set(names)
    package = [name for name in names if not name.startswith("flask_webui-")]
    assert all(name.startswith("flask_webui/") for name in package), package
    unwanted = [name for name in package
                if "__pycache__" in name or name.endswith((".pyc", ".map")) or "/tests/" in name]
    assert unwanted == []


def test_a_fresh_venv_without_npm_serves_the_readme_quick_start(venv: Path, tmp_path: Path):
    assert shutil.which("npm", path=bare_env(venv)["PATH"]) is None
    quick_start = re.search(r"```python\n(from gevent import monkey.*?)```", README, re.S)
    assert quick_start, "the README has no quick start"
    app_file = tmp_path / "app.py"
    app_file.write_text(quick_start.group(1))
    port = free_port()
    # The README's file as it is; only the port is the test's.
    runner = textwrap.dedent(f"""
        import runpy
        names = runpy.run_path({str(app_file)!r}, run_name="quick_start")
        names["socketio"].run(names["app"], host="127.0.0.1", port={port})
    """)
    server = ServerProcess([str(venv / "bin" / "python"), "-c", runner], port,
                           env={**bare_env(venv), "PYTHONPATH": ""}, cwd=tmp_path)
    try:
        python = str(venv / "bin" / "python")
        where = subprocess.run([python, "-c", "import flask_webui as m; print(m.__file__)"],
                               capture_output=True, text=True, check=True, env=bare_env(venv),
                               cwd=tmp_path).stdout
        assert where.startswith(str(venv)), where
        page = requests.get(server.url + "/bmi", timeout=10)
        assert page.status_code == 200 and "<title>BMI</title>" in page.text
        for asset in re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css))"', page.text):
            assert requests.get(server.url + asset, timeout=10).status_code == 200, asset
        with PageClient(server.url, "/bmi") as client:
            form = client.next_command("input_group")
            client.submit(form, {"height": 180.0, "weight": 81.0})
            shown = client.next_command("output")
        assert shown["spec"]["content"] == "BMI: `25.0`"
    finally:
        server.stop()


def test_a_user_program_type_checks_strictly_against_the_installed_wheel(venv: Path, tmp_path: Path):
    program = tmp_path / "user_program.py"
    shutil.copy(ROOT / "tests" / "typing" / "user_program.py", program)
    # Only third-party packages that ship no types are silenced, each by name.
    (tmp_path / "mypy.ini").write_text(textwrap.dedent("""
        [mypy]
        strict = True
        [mypy-flask_socketio.*,gevent.*,geventwebsocket.*]
        ignore_missing_imports = True
    """))
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", "mypy.ini", "--no-incremental",
                             "--python-executable", str(venv / "bin" / "python"), program.name],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
