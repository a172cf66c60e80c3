"""What a store may hold, checked where page code assigns it: string keys,
JSON values, a bounded size. Pure functions (no I/O).

>>> encode_value("theme", "dark")
'"dark"'
>>> encode_value("when", object())
Traceback (most recent call last):
TypeError: storage value at 'when' is not JSON: object is not allowed
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..exceptions import StorageCorrupt

#: The longest key a store takes, in characters.
MAX_KEY_LENGTH = 256
#: How deep a value may nest (lists and dicts in each other).
MAX_DEPTH = 64

_SCALARS = (str, int, bool, type(None))


def check_key(key: Any) -> str:
    """:raises TypeError: unless ``key`` is a string of at most :data:`MAX_KEY_LENGTH` characters."""
    if not isinstance(key, str):
        raise TypeError(f"storage keys are strings, not {type(key).__name__}")
    if len(key) > MAX_KEY_LENGTH:
        raise TypeError(f"storage key {key[:40]!r}... is longer than {MAX_KEY_LENGTH} characters")
    if "\0" in key:
        raise TypeError("storage keys cannot hold a NUL character")
    return key


def _check(value: Any, path: str, depth: int) -> None:
    if isinstance(value, _SCALARS):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"storage value at {path!r} is not JSON: {value!r} is not a finite number")
        return
    if depth >= MAX_DEPTH:
        raise TypeError(f"storage value at {path!r} nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]", depth + 1)
        return
    if isinstance(value, dict):
        for name, item in value.items():
            if not isinstance(name, str):
                raise TypeError(f"storage value at {path!r} is not JSON: its key {name!r} is not a string")
            _check(item, f"{path}.{name}", depth + 1)
        return
    raise TypeError(f"storage value at {path!r} is not JSON: {type(value).__name__} is not allowed")


def encode_value(key: str, value: Any) -> str:
    """``value`` as the JSON text a store keeps.

    :raises TypeError: naming the path inside the value (``'prefs.colors[2]'``)
        of what JSON cannot carry: other types, non-string keys, NaN.
    """
    _check(value, key, 0)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def decode_value(key: str, text: str) -> Any:
    """The value of the JSON text a backend returned for ``key``.

    :raises StorageCorrupt: when the text is not JSON.
    """
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        raise StorageCorrupt(f"the stored value of {key!r} is corrupt (not JSON); "
                             "assign it again or delete it") from None


def item_bytes(key: str, text: str) -> int:
    """What one item counts against ``WEBUI_STORAGE_MAX_BYTES``."""
    return len(key.encode()) + len(text.encode())


def check_size(total: int, limit: int, name: str) -> None:
    """:raises ValueError: when a store would hold more than ``limit`` bytes."""
    if total > limit:
        raise ValueError(f"the {name} store would hold {total} bytes, over its limit of {limit} "
                         "(WEBUI_STORAGE_MAX_BYTES); nothing was written")
