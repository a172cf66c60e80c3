"""The suite on every supported Python, against the package as users get it.

Each ``tests`` session builds the wheel, installs it (with the test extras)
into a fresh virtualenv of its interpreter, and runs the suite without the
browser tests from a copy of the tree that holds no ``flask_webui/``, so the
wheel is what is imported, in the tests and in the servers they start::

    nox -s tests            # 3.11, 3.12 and 3.13
    nox -s tests-3.13 -- -k storage
    nox -s lint

The interpreters come from the PATH, or from pyenv's installed versions
(the newest of ``pyenv versions``) when the PATH has none. A missing interpreter fails
the run and names itself; it is never skipped. The frontend must be built
first (``npm ci && npm run build``): the wheel carries its output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

PYTHONS = ["3.11", "3.12", "3.13"]
ROOT = Path(__file__).resolve().parent
# What the tests read besides the package: their own files, the example apps,
# the harness that starts servers, and the documents some tests check.
TEST_TREE = ["tests", "harness", "example", "bench", "docs", "README.md", "CHANGELOG.md", "pyproject.toml"]

nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests", "lint"]


def _pyenv_bin(version: str) -> str | None:
    """The bin folder of pyenv's newest installed ``version``, or None.

    >>> _pyenv_bin("3.12")  # doctest: +SKIP
    '/root/.pyenv/versions/3.12.1/bin'
    """
    if not shutil.which("pyenv"):
        return None
    listed = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True).stdout.split()
    prefix = f"{version}."
    matching = [name for name in listed if name.startswith(prefix) and name[len(prefix):].isdigit()]
    if not matching:
        return None
    newest = max(matching, key=lambda name: int(name.rsplit(".", 1)[1]))
    root = subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=True).stdout.strip()
    return str(Path(root) / "versions" / newest / "bin")


def _expose_interpreters() -> None:
    """Put pyenv's interpreters on the PATH for the versions it lacks, so that
    nox finds ``python3.12`` even when pyenv's global version is another."""
    extra = []
    for version in PYTHONS:
        if shutil.which(f"python{version}") and _runs(f"python{version}"):
            continue
        folder = _pyenv_bin(version)
        if folder:
            extra.append(folder)
    if extra:
        os.environ["PATH"] = os.pathsep.join([*extra, os.environ.get("PATH", "")])


def _runs(command: str) -> bool:
    # A pyenv shim answers `which` for every version it knows, and fails when
    # run outside the versions pyenv has selected.
    return subprocess.run([command, "-c", "pass"], capture_output=True).returncode == 0


_expose_interpreters()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The suite without the browser tests, against the installed wheel."""
    if not (ROOT / "flask_webui" / "static" / "manifest.json").exists():
        session.error("the frontend is not built: run `npm ci && npm run build` first")
    dist = Path(session.create_tmp()) / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.install("build")
    session.run("python", "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT), silent=True)
    wheel = next(dist.glob("flask_webui-*.whl"))
    session.install(f"{wheel}[test]")

    tree = Path(session.create_tmp()) / "tree"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir()
    for name in TEST_TREE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    session.chdir(str(tree))
    session.run("python", "-m", "pytest", "-m", "not browser and not source_tree", "-p", "no:cacheprovider",
                *session.posargs, env={"WEBUI_TEST_INSTALLED": str(wheel.name)})


@nox.session(python=PYTHONS[0])
def lint(session: nox.Session) -> None:
    """ruff, mypy and the layer rules, once."""
    session.install("-e", f"{ROOT}[test]")
    session.chdir(str(ROOT))
    session.run("ruff", "check", "flask_webui", "tests", "example", "bench", "harness", "noxfile.py",
                "docs/conf.py")
    session.run("mypy")
    session.run("lint-imports", "--no-cache")
