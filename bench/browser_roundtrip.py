"""The form round trip as a person gets it, timed inside Chromium: from the
Enter keydown until the echoed text and a fresh field for the next input are
in the DOM (and the animation frame that first shows them) — our /echo page, a hand-made socket.io-client
page on a bare Flask-SocketIO echo (the floor), and PyWebIO 1.8's Tornado
backend with the same page code, side by side in one run.

    python bench/browser_roundtrip.py [--rounds 60]

Each stack is timed twice. "Settled": before each Enter, every animation
and transition of the last answer has ended, as when a person types the next
text (a focus ring's 150 ms transition, an output's 200 ms fade-in).
"Back to back": Enter comes as soon as the next field is there. While
anything animates, Chromium defers the page's network tasks after an input
until the next frame (its DeferRendererTasksAfterInput scheduling), so an
answer that arrived in 1 ms waits up to a frame to be handled; a page without
animations, like the hand-made one, never pays it.

The last lines print the ratios ours / hand-made and ours / PyWebIO.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.chromium import launch  # noqa: E402
from harness.processes import ServerProcess, free_port  # noqa: E402

# Arms a probe: the keydown of Enter starts the clock; a MutationObserver
# notes when the echo and a field that is not the one typed in are both in the
# DOM, and the first animation frame after that is when the person sees it.
ARM = """([text, outSelector, fieldSelector]) => { window.__probe = new Promise((resolve) => {
  const typedIn = document.querySelector(fieldSelector);
  let started = null, inDom = null;
  const onKey = (event) => { if (event.key === "Enter" && started === null) started = performance.now(); };
  document.addEventListener("keydown", onKey, true);
  const ready = () => {
    const out = document.querySelector(outSelector);
    const field = document.querySelector(fieldSelector);
    return out && field && field !== typedIn && field.isConnected
      && Array.from(out.querySelectorAll("*")).some((n) => n.textContent.trim() === text);
  };
  const observer = new MutationObserver(() => {
    if (started !== null && inDom === null && ready()) {
      inDom = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => {
        document.removeEventListener("keydown", onKey, true);
        resolve([inDom - started, performance.now() - started]);
      });
    }
  });
  observer.observe(document.body, {childList: true, subtree: true, attributes: true});
}); }"""

HAND_MADE, PYWEBIO = "hand-made socket.io-client page", "PyWebIO 1.8 (tornado)"
STACKS = {
    # name: (server kind, path, output selector, field selector)
    "flask_webui": ("ours", "/echo", "#pywebio-scope-ROOT", "#input-container form:not([hidden]) input"),
    HAND_MADE: ("hand-made", "/echo", "#out", "#field"),
    PYWEBIO: ("pywebio", "/?app=echo", "#pywebio-scope-ROOT", "#input-container input"),
}


def start(kind: str) -> ServerProcess:
    port = free_port()
    return ServerProcess([sys.executable, str(ROOT / "bench" / "servers.py"), kind, str(port)], port)


def start_servers(stacks: dict[str, tuple[str, ...]]) -> dict[str, ServerProcess]:
    """One server per stack (``stacks[name][0]`` is its kind); PyWebIO's stack
    is dropped from ``stacks`` when PyWebIO is not installed."""
    try:
        import pywebio  # noqa: F401
    except ImportError:
        print("PyWebIO not installed: pip install pywebio==1.8.4 to compare with it")
        stacks.pop(PYWEBIO, None)
    return {name: start(kind) for name, (kind, *_rest) in stacks.items()}


# Nothing moves: no CSS transition or Web Animation, no jQuery animation (PyWebIO's).
SETTLED = """() => document.getAnimations().length === 0
  && !(window.jQuery && window.jQuery(":animated").length)"""


def round_trips(browser, url: str, out: str, field: str,  # type: ignore[no-untyped-def]
                rounds: int, settle: bool) -> list[tuple[float, float]]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(field)
    samples = []
    for number in range(rounds + 5):
        text = f"m{number}"
        page.fill(field, text)
        if settle:
            page.wait_for_function(SETTLED, polling=20)  # not "raf": that polling itself asks for frames
        page.evaluate(ARM, [text, out, field])
        page.press(field, "Enter")
        in_dom, on_screen = page.evaluate("window.__probe")
        if number >= 5:  # warm-up
            samples.append((float(in_dom), float(on_screen)))
    context.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args()
    servers = start_servers(STACKS)
    paces = {"settled": True, "back to back": False}
    medians: dict[tuple[str, str], float] = {}
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            samples: dict[tuple[str, str], list[tuple[float, float]]] = {
                (pace, name): [] for pace in paces for name in STACKS}
            for _ in range(3):  # interleaved, so drift on the machine hits every stack alike
                for pace, settle in paces.items():
                    for name, (_kind, path, out, field) in STACKS.items():
                        url = servers[name].url + path
                        samples[(pace, name)] += round_trips(browser, url, out, field, args.rounds // 3,
                                                             settle)
            browser.close()
        for (pace, name), values in samples.items():
            in_dom = [v[0] for v in values]
            medians[(pace, name)] = statistics.median(in_dom)
            print(f"{pace:<13} {name:<32} in the DOM: median {medians[(pace, name)]:6.1f} ms, p95 "
                  f"{statistics.quantiles(in_dom, n=20)[-1]:6.1f} ms; on screen (next frame): median "
                  f"{statistics.median(v[1] for v in values):6.1f} ms   ({len(values)} rounds)")
    finally:
        for server in servers.values():
            server.stop()
    for pace in paces:
        ours = medians[(pace, "flask_webui")]
        line = f"{pace}: ratio flask_webui / hand-made page: {ours / medians[(pace, HAND_MADE)]:.2f}"
        if (pace, PYWEBIO) in medians:
            line += f", flask_webui / PyWebIO: {ours / medians[(pace, PYWEBIO)]:.2f}"
        print(line)


if __name__ == "__main__":
    main()
