"""Pages for pywebio.session: running JavaScript, session data, background
work, and leaving the page."""

import asyncio
import threading
import time

from pywebio.input import input
from pywebio.output import put_buttons, put_text
from pywebio.session import (
    data,
    defer_call,
    download,
    eval_js,
    get_info,
    go_app,
    hold,
    info,
    local,
    register_thread,
    run_async,
    run_asyncio_coroutine,
    run_js,
    set_env,
)

from tests.conformance.coverage import covers

#: What deferred calls of ended sessions wrote, for the next page to show.
ENDED = []


@covers("session.run_js", "code_", "args")
@covers("session.eval_js", "expression_", "args")
@covers("session.set_env", "env_info")
def javascript():
    set_env(title="Session page", output_animation=False)
    run_js("document.body.dataset.mark = mark", mark="set by run_js")
    put_text(f"sum {eval_js('a + b', a=2, b=3)!r}")
    put_text(f"mark {eval_js('document.body.dataset.mark')!r}")
    put_text(f"list {eval_js('[1, {x: 2}, null, true]')!r}")
    put_text(f"promise {eval_js('new Promise(resolve => setTimeout(() => resolve(n * 2), 20))', n=21)!r}")
    put_text(f"title {eval_js('document.title')!r}")
    put_text("end of page")


@covers("session.local")
@covers("session.data")
@covers("session.info")
@covers("session.get_info")
def session_data():
    local.visits = 1
    local["visits"] += 1
    put_text(f"visits {local.visits} missing {local.missing!r} has {'visits' in local}")
    put_text(f"data() is local {data().visits == local.visits}")
    put_text(f"language {info.user_language} same {get_info().user_language == info.user_language}")
    put_text(f"mobile {info.user_agent.is_mobile} browser {info.user_agent.browser.family}")
    put_text(f"origin {info.origin == 'http://' + info.server_host}")
    put_text("end of page")


@covers("session.defer_call", "func")
@covers("session.go_app", "name", "new_window")
def leaving():
    ENDED.clear()
    defer_call(lambda: ENDED.append("first page ended"))
    put_buttons(["Go"], onclick=lambda _: go_app("after_leaving", new_window=False))
    put_text("end of page")
    hold()


def after_leaving():
    deadline = time.monotonic() + 10
    while not ENDED and time.monotonic() < deadline:
        time.sleep(0.05)
    put_text(f"deferred: {ENDED!r}")
    put_text("end of page")


@covers("session.download", "name", "content")
def downloads():
    put_buttons(["Get"], onclick=lambda _: download("hello.txt", b"hello file"))
    put_text("end of page")
    hold()


@covers("session.run_async", "coro_obj")
@covers("session.run_asyncio_coroutine", "coro_obj")
@covers("session.hold")
async def coroutines():
    async def later(text):
        await asyncio.sleep(0.05)
        put_text(text)

    task = run_async(later("from run_async"))
    while not task.closed():  # the order on the page is then the same every time
        await run_asyncio_coroutine(asyncio.sleep(0.01))
    put_text("after run_asyncio_coroutine")
    name = await input("Name")
    put_text(f"hello {name}")
    put_text("end of page")
    await hold()


@covers("session.register_thread", "thread")
def threads():
    def work():
        for number in range(3):
            put_text(f"from the thread {number}")
        put_text("end of page")

    thread = threading.Thread(target=work)
    register_thread(thread)
    thread.start()
    thread.join()
    hold()


__all__ = ["after_leaving", "coroutines", "downloads", "javascript", "leaving", "session_data", "threads"]
