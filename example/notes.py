"""``/notes``: a markdown editor with a live preview and a download button,
built from a pin textarea and ``pin_wait_change``."""

from flask_webui.output import put_buttons, put_markdown, put_row, put_scope, use_scope
from flask_webui.pin import pin, pin_wait_change, put_textarea
from flask_webui.session import download

START = "# My notes\n\nWrite **markdown** on the left; the preview follows.\n\n- one\n- two\n"


def notes() -> None:
    put_markdown("## Notes")
    put_row([
        put_textarea("text", label="Markdown", rows=16, value=START),
        None,
        put_scope("preview", put_markdown(START)),
    ], size="1fr 1rem 1fr")
    put_buttons(["Download notes.md"], onclick=[lambda: download("notes.md", pin.text.encode())])
    while True:
        changed = pin_wait_change("text")
        with use_scope("preview", clear=True):
            put_markdown(changed["value"] if changed else "")
