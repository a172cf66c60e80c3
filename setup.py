"""Builds the frontend into flask_webui/static/ before packaging, so a wheel
(and ``pip install .``) carries the assets. Needs Node.js and npm."""

import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


class BuildWithFrontend(build_py):
    def run(self) -> None:
        if not (HERE / "flask_webui" / "static" / "manifest.json").exists():
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError("building flask_webui needs npm (Node.js 20) for its frontend")
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
            subprocess.run([npm, "run", "build"], cwd=HERE, check=True)
        super().run()


setup(cmdclass={"build_py": BuildWithFrontend})
