"""flask_webui.storage on a real redis-server: the behaviour suite every
backend passes, what happens when the network to Redis fails, and rooms and
storage through a Redis that fails over (Sentinel). Both run
in a gevent-patched Python, as a server does (redis-py then yields to the
other greenlets); this test fails with their report."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from harness.processes import ROOT, start_redis

PATCHED_PYTEST = "from gevent import monkey; monkey.patch_all(); import sys, pytest; sys.exit(pytest.main())"


@pytest.mark.slow
def test_storage_on_redis_behaves_as_on_every_backend_and_survives_losing_redis():
    server = start_redis()
    try:
        env = {**os.environ, "WEBUI_TEST_STORAGE_URL": f"redis://127.0.0.1:{server.port}/0"}
        result = subprocess.run(
            [sys.executable, "-c", PATCHED_PYTEST, "tests/storage_behaviour.py",
             "tests/storage_redis_faults.py", "tests/storage_sentinel.py", "-q", "-p", "no:cacheprovider",
             "-o", "addopts="],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    finally:
        server.stop()
    report = result.stdout[-8000:] + result.stderr[-4000:]
    assert result.returncode == 0, report
    assert " passed" in result.stdout and "skipped" not in result.stdout, report
