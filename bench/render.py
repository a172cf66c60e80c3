"""Time to render large outputs in Chromium: a 10,000-row ``put_table`` and
5,000 consecutive ``put_text`` calls, flask_webui side by side with PyWebIO 1.8.

    python bench/render.py [--runs 5]

For each page it reports the median time from navigation start until the last
output ("render done") is in the DOM, and the longest main-thread task seen
(how long the page was frozen at worst). Ratios are ours / PyWebIO.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sizes import TABLE_ROWS  # noqa: E402
from harness.chromium import launch  # noqa: E402
from harness.processes import ServerProcess, free_port  # noqa: E402

# Watches for the marker output and for long tasks from the first moment.
PROBE = """
window.__bench = {done: null, longest: 0, marker: false};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__bench.longest = Math.max(window.__bench.longest, entry.duration);
  }
}).observe({type: "longtask", buffered: true});
new MutationObserver((records) => {
  const bench = window.__bench;
  if (bench.done !== null) return;
  if (!bench.marker) {
    bench.marker = records.some((r) => Array.from(r.addedNodes).some(
      (n) => n.textContent && n.textContent.length < 40 && n.textContent.trim() === "render done"));
  }
  // Done when the marker is in and every row of a table is too.
  const rows = document.querySelectorAll("tbody tr").length;
  if (bench.marker && (rows === 0 || rows >= TABLE_ROWS)) bench.done = performance.now();
}).observe(document, {childList: true, subtree: true});
""".replace("TABLE_ROWS", str(TABLE_ROWS))


def start(kind: str) -> ServerProcess:
    port = free_port()
    return ServerProcess([sys.executable, str(ROOT / "bench" / "servers.py"), kind, str(port)], port)


def measure(browser, url: str, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    done, longest = [], []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(url)
        page.wait_for_function("window.__bench && window.__bench.done !== null", timeout=600_000)
        page.wait_for_timeout(300)  # let trailing long tasks report
        result = page.evaluate("window.__bench")
        done.append(result["done"])
        longest.append(result["longest"])
        context.close()
    return statistics.median(done), statistics.median(longest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ours-only", action="store_true", help="skip PyWebIO (it needs minutes here)")
    args = parser.parse_args()
    try:
        import pywebio  # noqa: F401
        kinds = ["ours"] if args.ours_only else ["ours", "pywebio"]
    except ImportError:
        print("PyWebIO is not installed (pip install pywebio==1.8.4): measuring flask_webui only")
        kinds = ["ours"]
    servers = {kind: start(kind) for kind in kinds}
    urls = {
        "ours": lambda name: f"{servers['ours'].url}/{name}",
        "pywebio": lambda name: f"{servers['pywebio'].url}/?app={name}",
    }
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for name, what in (("table", "10,000-row put_table"), ("texts", "5,000 put_text calls")):
                results = {kind: measure(browser, urls[kind](name), args.runs) for kind in kinds}
                for kind, (done, longest) in results.items():
                    print(f"{what:22} {kind:8} rendered in {done:8.0f} ms (median of {args.runs}), "
                          f"longest main-thread task {longest:6.0f} ms")
                if "pywebio" in results:
                    ratio = results["ours"][0] / results["pywebio"][0]
                    print(f"{what:22} ratio ours/PyWebIO render time: {ratio:.2f}")
            browser.close()
    finally:
        for server in servers.values():
            server.stop()


if __name__ == "__main__":
    main()
