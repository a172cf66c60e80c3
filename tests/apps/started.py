"""Pages served by ``start_server`` as a PyWebIO user would write them:
``python -m tests.apps.started one|many PORT``."""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

from flask_webui import config, start_server  # noqa: E402
from flask_webui.input import FLOAT, input  # noqa: E402
from flask_webui.output import put_buttons, put_text  # noqa: E402
from flask_webui.session import go_app  # noqa: E402

config(description="Started with start_server")  # every page


@config(title="BMI", theme="minty", css_style="p.webui-text { letter-spacing: 3px }")
def bmi() -> None:
    """Body mass index."""
    height = input("Height (m)", type=FLOAT)
    put_text(f"BMI {80 / height ** 2:.1f}")


@config(title="Night", theme="dark", js_code="document.body.dataset.started = 'yes'")
def night() -> None:
    """A dark page."""
    put_text("dark here")
    put_buttons(["To BMI"], onclick=[lambda: go_app("bmi", new_window=False)])


async def hello() -> None:
    put_text("hello from one app")
    await input("Done?")


if __name__ == "__main__":
    apps = hello if sys.argv[1] == "one" else {"bmi": bmi, "night": night}
    start_server(apps, port=int(sys.argv[2]), host="127.0.0.1", reconnect_timeout=5, cdn=False)
