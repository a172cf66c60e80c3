"""Debian's Chromium, as every browser test and benchmark launches it
(Playwright cannot download browsers here; the machine reaches no network).

>>> with sync_playwright() as playwright:     # doctest: +SKIP
...     browser = launch(playwright)
"""

from __future__ import annotations

from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def launch(playwright: Any, **options: Any) -> Any:
    """Chromium, headless, with the flags this machine needs."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, **options)
