"""Giving the memory of ended sessions back to the operating system.

When thousands of sessions end, CPython frees their objects, but the C
allocator keeps the freed pages for later: a worker that had 10,000
sessions goes on holding most of their memory. glibc's ``malloc_trim``
hands the free pages back. Elsewhere (macOS, musl) this does nothing.

>>> give_back_memory() in (True, False)
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked = False


def give_back_memory() -> bool:
    """Return the C allocator's free pages to the system; whether it could
    (glibc only). Takes a few tens of milliseconds after 10,000 sessions."""
    global _trim, _looked
    if not _looked:
        _looked = True
        name = ctypes.util.find_library("c")
        library = ctypes.CDLL(name) if name else None
        _trim = getattr(library, "malloc_trim", None)
    if _trim is None:
        return False
    _trim(0)
    return True
