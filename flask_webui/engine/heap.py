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
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none. Looked
    up among the symbols the process has loaded (the C library's among them),
    not with :func:`ctypes.util.find_library`, which runs ``ldconfig``: this
    is called from the event loop, where nothing may block."""
    return getattr(ctypes.CDLL(None), "malloc_trim", None)


def give_back_memory() -> bool:
    """Return the C allocator's free pages to the system; whether it could
    (glibc only). Takes a few tens of milliseconds after 10,000 sessions."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
