"""Where a long-running process's memory goes: ``OPSCONSOLE_TRACEMALLOC=FILE`` makes the media
worker trace its allocations and append, every minute, the 15 places that grew most since the
first minute (a leak shows as the same lines growing; a plateau as none). Off by default: tracing
costs the media loop about a third more CPU."""

from __future__ import annotations

import os
import threading
import time
import tracemalloc

ENV = "OPSCONSOLE_TRACEMALLOC"


def start_from_environment(stop: threading.Event, every_s: float = 60.0) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    tracemalloc.start(8)

    def run() -> None:
        first = None
        while not stop.wait(every_s):
            snapshot = tracemalloc.take_snapshot().filter_traces(
                (tracemalloc.Filter(False, tracemalloc.__file__),))
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
