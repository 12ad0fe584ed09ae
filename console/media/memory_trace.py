"""Where a long-running process's memory goes.

``OPSCONSOLE_TRACEMALLOC=FILE`` makes the media worker trace its Python allocations and append,
every minute, the 15 places that grew most since the first minute (a leak shows as the same
lines growing; a plateau as none). Off by default: tracing costs the media loop about a third
more CPU.

``OPSCONSOLE_HEAPLOG=FILE`` costs nothing worth measuring: every 10 s the worker appends one JSON
line of what glibc's malloc holds (in use, and free but kept) and what the kernel counts
resident (anonymous, file, shared). It tells native growth from Python's, and a heap that grows
in use (a leak) from one that keeps freed memory (an allocator's high-water mark): in the soak it
showed the worker flat between events and stepping up when the hub's restart reconnected every
site at once (its decoder threads then spread over glibc's second arena), which is why live media
is now kept through a hub restart (docs/protocol.md, "Kept media sessions").
"""

from __future__ import annotations

import ctypes
import json
import os
import threading
import time
import tracemalloc

from console.media.reclaim import libc_function

ENV = "OPSCONSOLE_TRACEMALLOC"
HEAP_ENV = "OPSCONSOLE_HEAPLOG"
MB = 2**20


class _MallInfo2(ctypes.Structure):  # glibc >= 2.33
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def heap_figures() -> dict[str, float]:
    """MB: malloc's blocks in use and free-but-kept (glibc only), and the kernel's resident
    anonymous, file-backed and shared pages of this process (Linux only); what is missing is
    left out."""
    figures: dict[str, float] = {}
    mallinfo2 = libc_function("mallinfo2")  # None: not glibc, or older than 2.33
    if mallinfo2 is not None:
        mallinfo2.restype = _MallInfo2
        info = mallinfo2()
        figures.update(
            malloc_in_use_mb=round((info.uordblks + info.hblkhd) / MB, 1),
            malloc_free_kept_mb=round(info.fordblks / MB, 1),
        )
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("RssAnon", "RssFile", "RssShmem"):
                    figures[f"{name[3:].lower()}_mb"] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return figures


def start_heap_log(stop: threading.Event, every_s: float = 10.0, suffix: str = "") -> None:
    """Log this process's heap to the file ``OPSCONSOLE_HEAPLOG`` names (plus ``suffix``: the
    soak logs its window to ``FILE.window``, beside the media worker's)."""
    path = os.environ.get(HEAP_ENV)
    if not path:
        return
    path += suffix
    started = time.monotonic()

    def run() -> None:
        while not stop.wait(every_s):
            line = json.dumps({"s": round(time.monotonic() - started), **heap_figures()})
            with open(path, "a", encoding="utf-8") as out:
                out.write(line + "\n")

    threading.Thread(target=run, name="heap-log", daemon=True).start()


def start_from_environment(stop: threading.Event, every_s: float = 60.0) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    tracemalloc.start(8)

    def run() -> None:
        first = None
        while not stop.wait(every_s):
            snapshot = tracemalloc.take_snapshot().filter_traces((tracemalloc.Filter(False, tracemalloc.__file__),))
            if first is None:
                first = snapshot
                continue
            lines = [f"--- {time.strftime('%H:%M:%S')} traced {tracemalloc.get_traced_memory()[0] / 2**20:.1f} MB"]
            for stat in snapshot.compare_to(first, "traceback")[:15]:
                lines.append(str(stat))
                lines += [f"    {line}" for line in stat.traceback.format()[-6:]]
            with open(path, "a", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")

    threading.Thread(target=run, name="memory-trace", daemon=True).start()
