"""Development: under ``socketio.run(app, debug=True)`` a change to the code
restarts the server, and an open page says so and comes back by itself on
the new code (it starts afresh)."""

from __future__ import annotations

import shutil
import sys

from playwright.sync_api import expect

from flask_webui.admission.refusals import RESTARTED_IN_DEBUG
from harness.processes import ROOT, ServerProcess, free_port


def test_an_open_page_comes_back_on_the_changed_code(page, tmp_path):
    app_file = tmp_path / "debug_app.py"
    shutil.copy(ROOT / "tests" / "apps" / "debug_app.py", app_file)
    port = free_port()
    server = ServerProcess([sys.executable, str(app_file), str(port)], port, process_group=True)
    try:
        page.goto(server.url + "/")
        expect(page.get_by_text("this is version 1")).to_be_visible()
        expect(page.get_by_label("Your name")).to_be_visible()
        app_file.write_text(app_file.read_text().replace('VERSION = "version 1"', 'VERSION = "version 2"'))
        expect(page.locator("#webui-status")).to_contain_text(RESTARTED_IN_DEBUG, timeout=20_000)
        expect(page.get_by_text("this is version 2")).to_be_visible(timeout=20_000)
        expect(page.get_by_label("Your name")).to_be_visible()
    finally:
        server.stop()
