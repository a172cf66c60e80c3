"""What the test suite and the benchmarks both use to drive flask_webui as a
user does: real server processes on 127.0.0.1 (:mod:`.processes`), a page
driven over Socket.IO as its script drives it (:mod:`.pages`), and Debian's
Chromium as the browser (:mod:`.chromium`). Not part of the package.
"""
