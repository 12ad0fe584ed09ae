"""`opsconsole bench gui`: the wall as the operator sees it.

The whole console (embedded hub, simulated communes in a child process, window, compositor)
runs for S seconds once every tile is live; it reports new frames put on screen per tile per
second, the console's CPU per presented tile-frame, and how long the Qt event loop was
blocked (a 10 ms timer's lateness): clicks and keys must never wait on video.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer

from console.model import TileState


def spin(seconds: float, until: Callable[[], bool] | None = None) -> bool:
    """Run the Qt event loop for ``seconds`` or until ``until()``; True if it came true."""
    loop = QEventLoop()
    done = {"ok": False}
    if until is not None:
        poll = QTimer(interval=50)

        def check() -> None:
            if until():
                done["ok"] = True
                loop.quit()

        poll.timeout.connect(check)
        poll.start()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    return done["ok"]


class StallMeter:
    """Lateness of a 10 ms Qt timer: how long the GUI thread was busy elsewhere."""

    def __init__(self) -> None:
        self.lateness_ms: list[float] = []
        self._clock = QElapsedTimer()
        self._clock.start()
        self._due = 10.0
        self._timer = QTimer(interval=10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6
        self.lateness_ms.append(max(0.0, now - self._due))
        self._due = now + 10.0

    def stop(self) -> list[float]:
        self._timer.stop()
        return sorted(self.lateness_ms) or [0.0]


@contextmanager
def running_console(
    sites: int, renderer: str, program: bool = True, media_workers: int = 1, media: str = "p2p"
) -> Iterator[Any]:
    """A full console (hub, simulated sites, window at 1920x1080) in a throwaway folder;
    ``media="sfu"``: the meeting mode, through a Janus shard in a namespace of its own."""
    from console.app import start_demo

    with tempfile.TemporaryDirectory(prefix="opsconsole-bench-") as tmp, _meeting_mode(media) as sfu:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        console = start_demo(
            Path(tmp) / "bench.sqlite3",
            sites,
            renderer,
            settings,
            program=program,
            media_workers=media_workers,
            sfu=sfu,
        )
        try:
            console.window.resize(1920, 1080)
            console.window.show()
            yield console
        finally:
            console.shutdown()
            console.window.close()


@contextmanager
def _meeting_mode(media: str) -> Iterator[Any]:
    """None peer to peer; else a hub's SfuOrchestrator on one Janus shard (in a namespace, with
    media allowed on its network for this process and its children), closed afterwards."""
    if media != "sfu":
        yield None
        return
    import os
    import secrets

    from console.hub.sfu import SfuOrchestrator
    from console.janus.process import JanusShards, janus_unavailable_reason

    if reason := janus_unavailable_reason():
        raise RuntimeError(f"--media sfu needs Janus in a namespace: {reason}")
    secret = secrets.token_urlsafe(16)
    janus = JanusShards(1, secret=secret).start()
    before = os.environ.get("OPSCONSOLE_ICE_NETWORKS")
    os.environ["OPSCONSOLE_ICE_NETWORKS"] = janus.ice_networks
    try:
        yield SfuOrchestrator(janus.urls, secret)
    finally:
        if before is None:
            os.environ.pop("OPSCONSOLE_ICE_NETWORKS", None)
        else:
            os.environ["OPSCONSOLE_ICE_NETWORKS"] = before
        janus.close()


def run_gui_bench(
    sites: int,
    seconds: float,
    warmup: float = 3.0,
    renderer: str = "auto",
    program: bool = True,
    media_workers: int = 1,
    media: str = "p2p",
) -> dict[str, Any]:
    with running_console(sites, renderer, program, media_workers, media) as console:
        keys = list(console.sites)
        live = lambda: all(console.model.status(k).state == TileState.LIVE for k in keys)  # noqa: E731
        started = time.monotonic()
        if not spin(90, live):
            raise TimeoutError(
                f"{sum(console.model.status(k).state == TileState.LIVE for k in keys)} "
                f"of {len(keys)} tiles went live within 90 s"
            )
        all_live_s = time.monotonic() - started
        spin(warmup)
        wall = console.wall
        before = {k: wall.presented.get(k, 0) for k in keys}
        stall = StallMeter()
        processes = ProcessCpu(console)
        t0, cpu0 = time.monotonic(), _cpu()
        spin(seconds)
        t1, cpu1 = time.monotonic(), _cpu()
        lateness = stall.stop()
        cpu_by_process = processes.percent(t1 - t0)
        worker_by_thread = processes.worker_by_thread(t1 - t0)
        after = {k: wall.presented.get(k, 0) for k in keys}
    dt = t1 - t0
    fps = [(after[k] - before[k]) / dt for k in keys]
    frames = sum(after[k] - before[k] for k in keys)
    console_cpu_s = (cpu1 - cpu0) + cpu_by_process.get("media_worker", 0.0) * dt / 100
    return {
        "sites": sites,
        "seconds": round(dt, 2),
        "all_live_s": round(all_live_s, 2),
        "presented_fps_median": round(statistics.median(fps), 2),
        "presented_fps_min": round(min(fps), 2),
        # The console is its window's process and its media worker (the hub it embeds is 0.2 %).
        "cpu_ms_per_tile_frame": round(console_cpu_s * 1000 / frames, 3) if frames else None,
        "console_cpu_pct": round(100 * console_cpu_s / dt, 1),
        "cpu_pct_by_process": cpu_by_process,
        "media_worker_cpu_pct_by_thread": worker_by_thread,
        "media_workers": media_workers,
        "media": media,
        "renderer": console.renderer,
        "program_feed": program,
        "ui_stall_p50_ms": round(lateness[len(lateness) // 2], 2),
        "ui_stall_p99_ms": round(lateness[int(len(lateness) * 0.99)], 2),
        "ui_stall_max_ms": round(lateness[-1], 2),
    }


class ProcessCpu:
    """CPU of each process of the running console, over a window: the GUI (this process, with
    the embedded hub), the media worker, the simulated sites, the X server."""

    def __init__(self, console: Any) -> None:
        import os

        import psutil

        found = {"gui": psutil.Process()}
        worker = getattr(getattr(console.media, "process", None), "pid", None)
        if worker:
            found["media_worker"] = psutil.Process(worker)
        if console.sim is not None:
            found["sims"] = psutil.Process(console.sim.pid)
        display = os.environ.get("DISPLAY", "")
        for process in psutil.process_iter(["name", "cmdline"]):
            if process.info["name"] == "Xvfb" and display and display in (process.info["cmdline"] or []):
                found["xvfb"] = process
        self.processes = found
        self.start = {name: self._cpu(p) for name, p in found.items()}
        self.worker_threads = self._threads(found.get("media_worker"))

    @staticmethod
    def _threads(process: Any) -> dict[int, tuple[str, float]]:
        """Each thread of ``process``: (its system name, CPU seconds so far)."""
        found: dict[int, tuple[str, float]] = {}
        if process is None:
            return found
        for task in Path(f"/proc/{process.pid}/task").glob("*"):
            try:
                comm = (task / "comm").read_text().strip()
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                found[int(task.name)] = (comm, (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS)
            except (OSError, ValueError, IndexError):
                continue
        return found

    def worker_by_thread(self, seconds: float) -> dict[str, float]:
        """The media worker's CPU (% of a core) by thread name: its loop ("media-loop"), the
        forwards' receivers ("fwd-video", "fwd-audio"), the threads that hand frames, sound and
        tile states to the window ("frames", "audio", "snapshots"), and the rest (aiortc's
        decoders, the calls from the window: "python")."""
        now = self._threads(self.processes.get("media_worker"))
        by_name: dict[str, float] = {}
        for tid, (comm, cpu) in now.items():
            before = self.worker_threads.get(tid, (comm, 0.0))[1]
            by_name[comm] = by_name.get(comm, 0.0) + cpu - before
        return {name: round(100 * cpu / seconds, 1) for name, cpu in sorted(by_name.items(), key=lambda i: -i[1])}

    @staticmethod
    def _cpu(process: Any) -> float:
        try:
            times = process.cpu_times()
            return times.user + times.system + getattr(times, "children_user", 0) + getattr(times, "children_system", 0)
        except Exception:
            return 0.0

    def percent(self, seconds: float) -> dict[str, float]:
        return {name: round(100 * (self._cpu(p) - self.start[name]) / seconds, 1) for name, p in self.processes.items()}


_CLOCK_TICKS = __import__("os").sysconf("SC_CLK_TCK")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_focus_bench(
    switches: int = 20, sites: int = 9, renderer: str = "auto", program: bool = True, media_workers: int = 1
) -> dict[str, Any]:
    """Time from a focus command to the first frame at the focus tile's resolution on screen."""
    from console.sim.clips import nearest_rung

    with running_console(sites, renderer, program, media_workers) as console:
        model, wall = console.model, console.wall
        model.set_layout("1+5")
        keys = list(console.sites)
        if not spin(90, lambda: all(model.status(k).state == TileState.LIVE for k in model.visible_sites())):
            raise TimeoutError("the wall did not go live within 90 s")
        spin(2)
        times_ms, missed = [], 0
        for i in range(switches):
            # a site on a small tile (or off the wall) takes the big focus tile
            candidates = [k for k in keys if k != model.assignments()[0]]
            key = candidates[i % len(candidates)]
            big = wall.rects[0]
            want_w, _ = nearest_rung(big.w - big.w % 2, big.h - big.h % 2)
            started = time.monotonic()
            model.show_site(key, 0)

            def arrived() -> bool:
                seen = wall.last_presented.get(key)  # noqa: B023 (called within this pass of the loop)
                return seen is not None and seen[0] >= started and seen[1] >= want_w  # noqa: B023 (as above)

            if spin(5, arrived):
                times_ms.append((wall.last_presented[key][0] - started) * 1000)
            else:
                missed += 1
            spin(0.5)  # let the previous focus settle to its small size
    ordered = sorted(times_ms) or [float("nan")]
    return {
        "switches": switches,
        "measured": len(times_ms),
        "missed": missed,
        "sites": sites,
        "layout": "1+5",
        "p50_ms": round(ordered[len(ordered) // 2], 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
        "max_ms": round(ordered[-1], 1),
        "renderer": console.renderer,
        "program_feed": program,
    }


def run_latency_bench(
    sites: int = 36,
    seconds: float = 10.0,
    warmup: float = 3.0,
    renderer: str = "auto",
    program: bool = True,
    media_workers: int = 1,
) -> dict[str, Any]:
    """Capture-to-display latency per tile: the site's capture time (its RTCP sender
    reports map each frame's RTP timestamp to its wall clock) against the moment the
    canvas paints that frame. The same run's reference is the capture-to-receive part
    (the frame handed to the wall, before conversion and paint): what the GUI adds is
    the difference."""
    with running_console(sites, renderer, program, media_workers) as console:
        keys = list(console.sites)
        wall = console.wall
        if not spin(90, lambda: all(console.model.status(k).state == TileState.LIVE for k in keys)):
            raise TimeoutError("the wall did not go live within 90 s")
        spin(warmup)  # sender reports arrive about once a second
        log: list[tuple[str, float, float]] = []
        wall.latency_log = log
        spin(seconds)
        wall.latency_log = None
        renderer_name = console.renderer
    if not log:
        raise RuntimeError("no frame could be timed: no RTCP sender report arrived")
    shown = sorted(ms for _, _, ms in log)
    taken = sorted(ms for _, ms, _ in log)
    per_tile: dict[str, list[float]] = {}
    for key, _, ms in log:
        per_tile.setdefault(key, []).append(ms)
    tile_p95 = sorted(_pct(sorted(v), 95) for v in per_tile.values())
    return {
        "sites": sites,
        "tiles": len(per_tile),
        "frames": len(shown),
        "seconds": seconds,
        "p50_ms": round(_pct(shown, 50), 1),
        "p95_ms": round(_pct(shown, 95), 1),
        "max_ms": round(shown[-1], 1),
        "worst_tile_p95_ms": round(tile_p95[-1], 1),
        "reference_receive_p50_ms": round(_pct(taken, 50), 1),
        "reference_receive_p95_ms": round(_pct(taken, 95), 1),
        "display_vs_receive_p50": round(_pct(shown, 50) / max(0.1, _pct(taken, 50)), 2),
        "renderer": renderer_name,
        "program_feed": program,
    }


def _pct(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]
