"""``file_upload``: files arrive in chunks (see :mod:`..engine.uploads`) and
the submit names them; the server resolves the names to the bytes it holds."""

from __future__ import annotations

import posixpath
from typing import Any

from ..engine.context import current_task
from ..engine.uploads import UploadRefused, format_size, parse_size
from .basic import OnChange, _spec
from .fields import Field, FieldError, Validator
from .form import ask


def file_upload(label: str = "", accept: str | list[str] | None = None, name: str | None = None,
                placeholder: str = "Choose file", multiple: bool = False, max_size: int | str = 0,
                max_total_size: int | str = 0, required: bool | None = None,
                validate: Validator | None = None, onchange: OnChange | None = None,
                help_text: str | None = None, as_file: bool = False, **other_html_attrs: Any) -> Any:
    """Ask for a file: returns ``{"filename", "content": bytes, "mime_type",
    "last_modified"}``, a list of them with ``multiple=True``, or ``None`` /
    ``[]`` when nothing was chosen.

    With ``as_file=True``, ``content`` is a binary file object at its start
    instead of bytes, so a large file need not be read whole (files over 512
    KiB wait in a temporary file, not in memory); it stays open until the
    page closes it or its session ends.

    ``max_size`` (per file) and ``max_total_size`` take bytes or strings like
    ``"4M"``; both default to, and may not exceed, ``WEBUI_MAX_UPLOAD_SIZE``.
    The server refuses larger files whatever the page does.

    >>> photo = file_upload("Photo", accept="image/*", max_size="2M")  # doctest: +SKIP
    """
    limit = current_task().session.settings.max_upload_size
    per_file = parse_size(max_size) or limit
    total = parse_size(max_total_size) or limit
    if per_file > limit or total > limit:
        raise ValueError(f"max_size and max_total_size may not exceed WEBUI_MAX_UPLOAD_SIZE "
                         f"({format_size(limit)}); raise that setting first")
    if isinstance(accept, (list, tuple)):
        accept = ",".join(accept)
    options = {"accept": accept, "placeholder": placeholder, "multiple": bool(multiple),
               "max_size": per_file, "max_total_size": total, "required": required,
               "help_text": help_text, "onchange": onchange}
    spec = _spec("file", label, name, validate, options, other_html_attrs)
    spec.pop("onblur", None)  # a file is checked once uploaded, on submit
    field_name = spec["name"]

    def convert(raw: Any) -> Any:
        items = raw if multiple else [raw]
        if not isinstance(items, list) or (not multiple and len(items) != 1):
            raise FieldError("Please choose a file.")
        task = current_task()
        owner = field.upload_owner or task.task_id
        files = [_resolve(owner, field_name, item, as_file) for item in items if item is not None]
        task.session.uploads.retain(owner, field_name, {f.pop("_upload") for f in files})
        if required and not files:
            raise FieldError("Please choose a file.")
        return files if multiple else (files[0] if files else None)

    field = Field(spec, convert, validate, allow_empty=not required,
                  empty=list if multiple else lambda: None, onchange=onchange,
                  upload_limits=(per_file, total))
    return ask(field, named=name is not None)


def _resolve(owner: str, field_name: str, item: Any, as_file: bool) -> dict[str, Any]:
    """One submitted file reference → the file the user gets."""
    if not isinstance(item, dict) or not isinstance(item.get("upload"), str):
        raise FieldError("Please choose a file.")
    filename = item.get("filename")
    mime_type = item.get("mime_type", "")
    last_modified = item.get("last_modified", 0)
    if not isinstance(filename, str) or not isinstance(mime_type, str) \
            or not isinstance(last_modified, (int, float)) or isinstance(last_modified, bool):
        raise FieldError("The file's details are malformed.")
    try:
        uploads = current_task().session.uploads
        content = (uploads.open if as_file else uploads.get)(owner, field_name, item["upload"])
    except UploadRefused as error:
        raise FieldError(f"{error}; please choose the file again.") from None
    # A name, never a path: "../../etc/x" or "C:\\x\\y.txt" keep their last part.
    safe_name = posixpath.basename(filename.replace("\\", "/")) or "file"
    return {"filename": safe_name, "content": content, "mime_type": mime_type,
            "last_modified": last_modified, "_upload": item["upload"]}
