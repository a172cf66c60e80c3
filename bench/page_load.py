"""The first load as a person gets it, in Chromium with an empty cache: how
many requests and how many bytes on the wire before the first form shows, and
how long until it shows (from the navigation's start until the form's field
is in the DOM and the next animation frame has run) — our /echo page beside
PyWebIO 1.8's Tornado backend with the same page code, and a static HTML form
(what Chromium needs for any page: the floor), in one run.

    python bench/page_load.py [--loads 15]

A warm load (same browser context, assets cached) is timed too. The last
lines print the ratios ours / PyWebIO.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser_roundtrip import start_servers  # noqa: E402
from harness.chromium import launch  # noqa: E402

# Runs before the page's own scripts: notes the time (since the navigation
# started) of the first animation frame after the form's field is in the DOM,
# and the wall clock then, to compare with the network's timestamps.
WATCH_FORM = """(selector) => {
  window.__formShown = new Promise((resolve) => {
    const check = () => {
      if (!document.querySelector(selector)) return false;
      requestAnimationFrame(() => resolve([performance.now(), performance.timeOrigin + performance.now()]));
      return true;
    };
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document, {childList: true, subtree: true, attributes: true});
  });
}"""

STACKS = {
    # name: (server kind, path, field selector)
    "flask_webui": ("ours", "/echo", "#input-container form:not([hidden]) input"),
    "PyWebIO 1.8 (tornado)": ("pywebio", "/?app=echo", "#input-container input"),
    # The floor: a static HTML form, no script, no stylesheet.
    "static HTML form": ("hand-made", "/form", "#field"),
}


@dataclass
class Wire:
    """What the network carried, from Chrome's DevTools protocol (wall clock
    in milliseconds)."""

    started: dict[str, float] = field(default_factory=dict)  # request id -> when sent
    finished: dict[str, tuple[float, int]] = field(default_factory=dict)  # id -> (when, bytes)
    frames: list[tuple[float, int]] = field(default_factory=list)  # WebSocket frames received
    urls: dict[str, str] = field(default_factory=dict)
    clock_offset: float | None = None  # wall ms - monotonic ms

    def listen(self, cdp: Any) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketCreated", self._socket)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.send("Network.enable")

    def _wall(self, timestamp: float) -> float:
        assert self.clock_offset is not None
        return timestamp * 1000 + self.clock_offset

    def _sent(self, event: dict[str, Any]) -> None:
        if self.clock_offset is None:
            self.clock_offset = event["wallTime"] * 1000 - event["timestamp"] * 1000
        self.started[event["requestId"]] = self._wall(event["timestamp"])
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict[str, Any]) -> None:
        self.finished[event["requestId"]] = (self._wall(event["timestamp"]), int(event["encodedDataLength"]))

    def _socket(self, event: dict[str, Any]) -> None:
        # A WebSocket is a request of its own (its handshake's bytes are small).
        if self.clock_offset is not None:
            self.started[event["requestId"]] = max(self.started.values(), default=0.0)
            self.urls[event["requestId"]] = event["url"]

    def _frame(self, event: dict[str, Any]) -> None:
        self.frames.append((self._wall(event["timestamp"]), len(event["response"]["payloadData"])))

    def before(self, wall: float) -> tuple[int, int, list[str]]:
        """Requests started and bytes received before ``wall``."""
        requests = [rid for rid, when in self.started.items() if when <= wall]
        received = sum(size for when, size in self.finished.values() if when <= wall)
        received += sum(size for when, size in self.frames if when <= wall)
        return len(requests), received, [self.urls[rid] for rid in requests]


def load(context: Any, url: str, selector: str) -> tuple[float, int, int, list[str]]:
    """One load in ``context``: (ms to the form, requests, bytes, their URLs)."""
    page = context.new_page()
    wire = Wire()
    wire.listen(context.new_cdp_session(page))
    page.add_init_script(f"({WATCH_FORM})({selector!r})")
    page.goto(url, wait_until="commit")
    shown_ms, shown_wall = page.evaluate("window.__formShown")
    page.wait_for_timeout(0)
    requests, received, urls = wire.before(shown_wall)
    page.close()
    return float(shown_ms), requests, received, urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=15)
    parser.add_argument("--verbose", action="store_true", help="list the requests of one cold load")
    args = parser.parse_args()
    servers = start_servers(STACKS)
    cold: dict[str, list[tuple[float, int, int, list[str]]]] = {name: [] for name in STACKS}
    warm: dict[str, list[float]] = {name: [] for name in STACKS}
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for _ in range(args.loads):  # interleaved, so drift on the machine hits both alike
                for name, (_kind, path, selector) in STACKS.items():
                    context = browser.new_context()
                    url = servers[name].url + path
                    cold[name].append(load(context, url, selector))
                    warm[name].append(load(context, url, selector)[0])
                    context.close()
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    medians = {}
    for name, loads in cold.items():
        medians[name] = statistics.median(v[0] for v in loads)
        requests = statistics.median(v[1] for v in loads)
        kib = statistics.median(v[2] for v in loads) / 1024
        print(f"{name:<24} cold: form after {medians[name]:6.1f} ms (median of {len(loads)}), "
              f"{requests:.0f} requests, {kib:6.1f} KiB on the wire before it; warm: "
              f"{statistics.median(warm[name]):6.1f} ms")
        if args.verbose:
            for url in loads[0][3]:
                print(f"    {url[:110]}")
    if "PyWebIO 1.8 (tornado)" in medians:
        ratio = medians["flask_webui"] / medians["PyWebIO 1.8 (tornado)"]
        print(f"ratio flask_webui / PyWebIO, time to the first form (cold): {ratio:.2f}")
        ratio = statistics.median(warm["flask_webui"]) / statistics.median(warm["PyWebIO 1.8 (tornado)"])
        print(f"ratio flask_webui / PyWebIO, time to the first form (warm): {ratio:.2f}")
        # Each round loads every stack back to back: a ratio per round is less
        # shaken by the machine's drift than the ratio of the medians.
        paired = statistics.median(ours[0] / theirs[0] for ours, theirs
                                   in zip(cold["flask_webui"], cold["PyWebIO 1.8 (tornado)"], strict=True))
        print(f"ratio flask_webui / PyWebIO, time to the first form (cold, median of the rounds' ratios): "
              f"{paired:.2f}")
        floor = medians["static HTML form"]
        ratio = (medians["flask_webui"] - floor) / (medians["PyWebIO 1.8 (tornado)"] - floor)
        print(f"ratio flask_webui / PyWebIO, time beyond the static form's (cold): {ratio:.2f}")
    ratio = medians["flask_webui"] / medians["static HTML form"]
    print(f"ratio flask_webui / static HTML form (cold): {ratio:.2f}")


if __name__ == "__main__":
    main()
