"""`opsconsole bench board`: the console (a real window) on a hub with the whole country online,
while a thousand sites leave and join at once.

The hub runs in a child process and the sites are real protocol clients with their own tokens
in child processes (``console.bench.presence_sites``, as `bench presence` runs them); the one
holding the ``--drop`` sites is killed (connections cut, a province losing its network) and
started again; both run at a lower priority (``nice 10``: in a room they are other machines).
This process is the console of `opsconsole console --hub`, its window shown with
the national board open on a province that drops, and measures how long the Qt event loop was
blocked (a 10 ms timer's lateness, ``StallMeter``) while it happens, beside the same window idle,
and beside the same changes delivered as one GUI event per site (the path before presence came in batches), in
the same run.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from console.bench.gui import StallMeter, spin
from console.bench.presence import THREE_TIER
from console.bench.procs import free_port, health
from console.directory import SiteDirectory, credentials
from console.processes import bound_to_us
from console.views.board import BoardView
from console.views.media_events import MediaEvents


def _prepare(tmp: Path, sites: int, drop: int, processes: int) -> tuple[Path, list[str], list[Path], str]:
    """A directory with the sites, their tokens split into files (the first: the dropped ones)."""
    db = tmp / "bench.sqlite3"
    directory = SiteDirectory.open(db)
    if sites > 3355:
        directory.import_file(THREE_TIER)
    keys = [
        row["key"]
        for row in directory.db.query("SELECT key FROM sites WHERE active = 1 ORDER BY ordinal LIMIT ?", [sites])
    ]
    if len(keys) < sites:
        raise ValueError(f"the directory has only {len(keys)} active sites")
    tokens = credentials.issue_site_tokens(directory, keys, actor="bench")
    operator = credentials.issue_operator_token(directory, "bench-board", role="operator")
    directory.close()
    groups = [keys[:drop]] + [keys[drop:][i::processes] for i in range(processes)]
    files = []
    for i, group in enumerate(groups):
        path = tmp / f"tokens-{i}.json"
        path.write_text(json.dumps([[k, tokens[k]] for k in group]))
        files.append(path)
    return db, keys, files, operator


def _elsewhere() -> None:
    """In a child: the hub and the sites are other machines in a real room; here they share the
    console's two cores, so they run at a lower priority and the console is measured as on its
    own desk (the hub's and the sites' own costs are `bench presence`'s business)."""
    os.nice(10)


def _sites_process(url: str, tokens: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "console.bench.presence_sites", "--hub", url, "--tokens", str(tokens)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_elsewhere,
        **bound_to_us(),
    )


class BusyMeter(StallMeter):
    """A ``StallMeter`` that also records the GUI thread's own CPU time between ticks: a late
    tick with little CPU waited for a core (a busy machine, another thread holding the GIL); a
    late tick with as much CPU was the console's own work."""

    def __init__(self) -> None:
        self.busy_ms: list[float] = []
        self._cpu = time.thread_time()
        super().__init__()

    def _tick(self) -> None:
        cpu = time.thread_time()
        self.busy_ms.append(max(0.0, (cpu - self._cpu) * 1000 - 10.0))  # beyond the timer's own 10 ms
        self._cpu = cpu
        super()._tick()

    def stop(self) -> list[float]:
        lateness = super().stop()
        self.busy = sorted(self.busy_ms) or [0.0]
        return lateness


def _summary(lateness: list[float], busy: list[float] | None = None) -> dict[str, float]:
    ordered = sorted(lateness) or [0.0]
    out = {
        "p50_ms": round(ordered[len(ordered) // 2], 1),
        "p99_ms": round(ordered[int(len(ordered) * 0.99)], 1),
        "max_ms": round(ordered[-1], 1),
        "samples": len(lateness),
    }
    if busy is not None:  # the GUI thread's own CPU in those gaps
        ordered = sorted(busy) or [0.0]
        out.update(own_cpu_p99_ms=round(ordered[int(len(ordered) * 0.99)], 1), own_cpu_max_ms=round(ordered[-1], 1))
    return out


class _GcPauses:
    """The longest garbage collection in this process while measuring (they hold every thread)."""

    def __init__(self) -> None:
        self.longest_ms, self._started = 0.0, 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.longest_ms = max(self.longest_ms, (time.perf_counter() - self._started) * 1000)

    def stop(self) -> float:
        gc.callbacks.remove(self._callback)
        return round(self.longest_ms, 1)


class _EventCounter:
    """GUI events delivered (Qt signal emissions from the media thread) and presence entries in them."""

    def __init__(self, events: MediaEvents) -> None:
        self.events = self.entries = 0
        events.received.connect(self._count)

    def _count(self, kind: str, payload: dict) -> None:
        if kind in ("presence", "presence_batch", "muted", "muted_batch"):
            self.events += 1
            self.entries += len(payload.get("sites") or ()) if kind.endswith("_batch") else 1

    def take(self) -> tuple[int, int]:
        counts, self.events, self.entries = (self.events, self.entries), 0, 0
        return counts


def run_board_bench(
    sites: int = 10810,
    processes: int = 3,
    drop: int = 1000,
    rounds: int = 2,
    idle_s: float = 5.0,
    settle_s: float = 2.0,
    renderer: str = "numpy",
) -> dict[str, Any]:
    from console.app import start_remote_console
    from console.signaling.hub_address import HubAddress

    drop = min(drop, sites // 2)
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="opsconsole-board-") as tmp_name:
        tmp = Path(tmp_name)
        db, keys, files, operator = _prepare(tmp, sites, drop, processes)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        hub_log = (tmp / "hub.log").open("wb")
        hub = subprocess.Popen(
            [sys.executable, "-m", "console.cli", "--db", str(db), "hub", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=hub_log,
            preexec_fn=_elsewhere,
            **bound_to_us(),
        )
        children = [hub]
        console = None
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    health(url)
                    break
                except OSError:
                    if time.monotonic() > deadline or hub.poll() is not None:
                        raise RuntimeError("the hub did not start") from None
                    time.sleep(0.1)
            children += [_sites_process(url, path) for path in files]
            settings = QSettings(str(tmp / "console.ini"), QSettings.Format.IniFormat)
            started = time.monotonic()
            console = start_remote_console(HubAddress.parse(url), operator, db, renderer=renderer, settings=settings)
            window = console.window
            window.resize(1920, 1080)
            window.show()
            board = console.part(BoardView).model
            dropped_province = console.index[keys[0]].province_key
            console.open_board(dropped_province)
            bridge = getattr(console.media.on_event, "__self__", None)  # events.post, bound
            if not isinstance(bridge, MediaEvents):
                raise RuntimeError(f"the media core's events do not go through a MediaEvents bridge: {bridge!r}")
            counter = _EventCounter(bridge)
            if not spin(300, lambda: board.online_total >= sites):
                errors.append(f"only {board.online_total} of {sites} sites online after 300 s")
            all_online_s = round(time.monotonic() - started, 1)
            spin(3)
            counter.take()

            gc_pauses = _GcPauses()
            idle = BusyMeter()
            spin(idle_s)
            idle_lateness = idle.stop()
            idle_busy = idle.busy

            leave, join, leave_seen, join_seen, leave_events, join_events = [], [], [], [], [], []
            leave_busy, join_busy = [], []
            for _ in range(rounds):
                meter, cut_at = BusyMeter(), time.monotonic()
                children[1].send_signal(signal.SIGKILL)
                if spin(60, lambda: board.online_total <= sites - drop):
                    leave_seen.append(round((time.monotonic() - cut_at) * 1000))
                else:
                    errors.append(f"{board.online_total - (sites - drop)} dropped sites still online after 60 s")
                spin(settle_s)
                leave += meter.stop()
                leave_busy += meter.busy
                leave_events.append(counter.take())
                children[1].wait(10)
                meter, back_at = BusyMeter(), time.monotonic()
                children[1] = _sites_process(url, files[0])
                if spin(120, lambda: board.online_total >= sites):
                    join_seen.append(round((time.monotonic() - back_at) * 1000))
                else:
                    errors.append(f"{sites - board.online_total} sites not back after 120 s")
                spin(settle_s)
                join += meter.stop()
                join_busy += meter.busy
                join_events.append(counter.take())

            gc_longest_ms = gc_pauses.stop()
            reference = _per_site_reference(console, keys[:drop], settle_s)
            cpu = _process_cpu_s()
        finally:
            if console is not None:
                console.shutdown()
                console.window.close()
            for proc in reversed(children):
                if proc.poll() is None:
                    proc.kill()
                proc.wait(10)
            hub_log.close()
        tracebacks = (tmp / "hub.log").read_text(errors="replace").count("Traceback")
        if tracebacks:
            errors.append(f"{tracebacks} tracebacks in the hub's log")
    leave_s, join_s = _summary(leave, leave_busy), _summary(join, join_busy)
    return {
        "sites": sites,
        "dropped": drop,
        "rounds": rounds,
        "renderer": console.renderer if console else renderer,
        "console_all_online_s": all_online_s,
        "ui_stall_leave": leave_s,
        "ui_stall_join": join_s,
        "ui_stall_idle_reference": _summary(idle_lateness, idle_busy),
        "ui_stall_per_site_events_reference": reference,
        "leave_seen_ms": leave_seen,
        "join_seen_ms": join_seen,
        "gui_events_per_round_leave": [e for e, _ in leave_events],
        "entries_per_round_leave": [n for _, n in leave_events],
        "gui_events_per_round_join": [e for e, _ in join_events],
        "entries_per_round_join": [n for _, n in join_events],
        "ui_stall_p99_ms": max(leave_s["p99_ms"], join_s["p99_ms"]),
        "ui_own_cpu_p99_ms": max(leave_s["own_cpu_p99_ms"], join_s["own_cpu_p99_ms"]),
        "machine_load_1min": round(os.getloadavg()[0], 1),
        "cores": os.cpu_count(),
        "console_cpu_s": cpu,
        "console_gc_longest_ms": gc_longest_ms,
        "targets": {"ui_stall_p99_ms": 50, "errors": 0},
        "errors": len(errors),
        "error_details": errors,
    }


def _per_site_reference(console, keys: list[str], settle_s: float) -> dict[str, Any]:
    """The same window taking ``keys`` leaving and coming back as one GUI event per site, as the
    media core delivered presence before it came in batches (posted from another thread, as it did)."""
    events = console.media.on_event.__self__
    board = console.window.findChild(BoardView).model
    before = board.online_total
    out: dict[str, Any] = {}
    for online, phase in ((False, "leave"), (True, "join")):
        meter = BusyMeter()
        started = time.monotonic()
        poster = threading.Thread(
            target=lambda o=online: [
                events.post("presence", {"site": k, "online": o, "state": {"muted": True}}) for k in keys
            ]
        )
        poster.start()
        target = before - len(keys) if not online else before
        spin(60, lambda: board.online_total == target)  # noqa: B023 (called within this pass of the loop)
        seen_ms = round((time.monotonic() - started) * 1000)
        spin(settle_s)
        poster.join()
        lateness = meter.stop()
        out[phase] = {**_summary(lateness, meter.busy), "seen_ms": seen_ms}
    return out


def _process_cpu_s() -> float:
    """This process's CPU seconds so far (the console: GUI, media and directory threads)."""
    times = os.times()
    return round(times.user + times.system, 1)
