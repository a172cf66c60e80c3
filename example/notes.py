"""``/notes``: a markdown editor with a live preview and a download button,
built from a pin textarea and ``pin_wait_change``. The text is kept in
``storage.user``: a reload, another tab, another server or a restart of
every server finds it again, and a second open tab follows the edits live."""

from flask_webui import storage
from flask_webui.exceptions import StorageUnavailable
from flask_webui.output import put_buttons, put_markdown, put_row, put_scope, toast, use_scope
from flask_webui.pin import pin, pin_wait_change, put_textarea
from flask_webui.session import download

START = "# My notes\n\nWrite **markdown** on the left; the preview follows.\n\n- one\n- two\n"


def show(text: str) -> None:
    with use_scope("preview", clear=True):
        put_markdown(text)


def notes() -> None:
    try:
        text = storage.user.get("notes", START)
    except StorageUnavailable:
        text = START
        toast("Your saved notes cannot be read now: the storage is unavailable", color="error")
    shown = {"text": text}
    put_markdown("## Notes")
    put_row([
        put_textarea("text", label="Markdown", rows=16, value=text),
        None,
        put_scope("preview", put_markdown(text)),
    ], size="1fr 1rem 1fr")
    put_buttons(["Download notes.md"], onclick=[lambda: download("notes.md", pin.text.encode())])

    def edited_elsewhere(change: storage.Change) -> None:
        if change.key == "notes" and change.value is not None and change.value != shown["text"]:
            shown["text"] = change.value
            pin.text = change.value
            show(change.value)

    storage.user.on_change(edited_elsewhere)
    while True:
        changed = pin_wait_change("text")
        value = changed["value"] if changed else ""
        shown["text"] = value
        show(value)
        try:
            storage.user["notes"] = value
        except StorageUnavailable:
            toast("Not saved: the storage is unavailable; keep this tab open and edit again later",
                  color="error")
