"""Handing freed memory back to the operating system during a long build.

CPython keeps the memory of freed objects: small ones in its own arenas, larger ones (a page's
Markdown or HTML, a few kilobytes each) in the C library's heap, whose free pages stay resident
until the heap's top is free. A build that lets thousands of pages' text go, and then makes one
large allocation (a search index of several megabytes), would hold both. `give_back` collects
what is garbage and asks glibc to return every whole free page (`malloc_trim(0)`); under another
C library it only collects.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where there is none (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def trim_heap() -> bool:
    """Return the C heap's free pages to the system; whether the C library could be asked."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def give_back() -> bool:
    """Collect garbage, then return the C heap's free pages to the system. Whether the C
    library could be asked (False: collected only)."""
    gc.collect()
    return trim_heap()
