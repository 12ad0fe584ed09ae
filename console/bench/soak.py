"""`opsconsole bench soak`: the console for minutes on end, with sites and the hub dying under it.

The hub runs in its own process, the simulated sites in four (a quarter each), the console
(a real window, operator role, media worker) here. Every ``churn_every_s`` a quarter's process
is killed (SIGKILL: no goodbye) and started again; midway the hub is killed and started again
on the same port. Once a second the bench looks at every tile: one that has been online for
over 5 s with no new picture for over 5 s is *stuck* (a tile that lies). It times how long each
killed quarter, and the whole wall after the hub's restart, takes to be live again, and follows
the console's memory (window process and media worker): its slope after a warm-up tells a
leak from a plateau.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from PySide6.QtCore import QSettings

from console.bench.gui import spin
from console.bench.procs import free_port, health
from console.directory import SiteDirectory, credentials
from console.media.memory_trace import start_heap_log
from console.model import TileState
from console.processes import bound_to_us, self_command
from console.signaling.hub_address import HubAddress

QUARTERS = 4
STUCK_AFTER_S = 5.0
RECOVERY_STEP_S = 0.1


def run_soak_bench(
    sites: int = 36, minutes: float = 10.0, churn: float = 0.25, churn_every_s: float = 10.0, warmup_s: float = 120.0
) -> dict[str, Any]:
    from console.app import start_remote_console
    from console.sim.fleet import pick_sites

    errors: list[str] = []
    quarters = max(1, round(1 / churn)) if churn > 0 else QUARTERS
    with tempfile.TemporaryDirectory(prefix="opsconsole-soak-") as tmp:
        db = Path(tmp) / "soak.sqlite3"
        directory = SiteDirectory.open(db)
        chosen = [s.key for s in pick_sites(directory, sites)]
        groups = [chosen[i::quarters] for i in range(quarters)]
        for i, members in enumerate(groups):
            directory.create_group(f"soak-{i}", members, "bench soak", replace=True)
        token = credentials.issue_operator_token(directory, "soak", role="operator")
        directory.close()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": "127.0.0.1/32"}
        hub = _Process([*self_command(), "--db", str(db), "hub", "--port", str(port)], env, Path(tmp) / "hub.log")
        sims = [
            _Process(
                [
                    *self_command(),
                    "--db",
                    str(db),
                    "sim",
                    "--hub",
                    url,
                    "--from-group",
                    f"soak-{i}",
                    "--sites",
                    str(len(members)),
                ],
                env,
                Path(tmp) / f"sim-{i}.log",
            )
            for i, members in enumerate(groups)
        ]
        console, blank, stop_heap_log = None, None, threading.Event()
        try:
            hub.start()
            _wait(lambda: health(url), 30)
            for sim in sims:
                sim.start()
            _wait(lambda: health(url)["sites_online"] >= sites, 120)
            settings = QSettings(str(Path(tmp) / "console.ini"), QSettings.Format.IniFormat)
            console = start_remote_console(HubAddress(url), token, db, renderer="numpy", settings=settings)
            console.window.resize(1920, 1080)
            console.window.show()
            wall, model = console.wall, console.model
            spin(90, lambda: len(model.sources) >= sites and all(_live(console, k) for k in chosen))
            online_since = {k: time.monotonic() for k in chosen}
            previous = console.media.on_event

            def on_event(kind: str, payload: dict) -> None:
                # Presence comes one site at a time or as a batch (sites that
                # return together, and everyone online when the console joins the hub again).
                if kind == "presence":
                    entries = [payload]
                elif kind == "presence_batch":
                    entries = payload.get("sites") or []
                else:
                    entries = []
                for entry in entries:
                    if entry.get("online"):
                        online_since[entry.get("site", "")] = time.monotonic()
                previous(kind, payload)

            console.media.on_event = on_event
            memory = _Memory(console)
            start_heap_log(stop_heap_log, suffix=".window")  # (only with OPSCONSOLE_HEAPLOG=FILE)
            blank = _BlankTiles(console, chosen)
            started = time.monotonic()
            end = started + minutes * 60
            hub_restart_at = started + minutes * 30
            next_churn, churned = started + churn_every_s, 0
            stuck, recoveries, console_parts = set(), [], []
            slowest: dict[str, Any] = {"s": 0.0}  # the slowest recovery: what, when, and the site that was last back
            waiting: list[tuple[float, list[str], str]] = []  # (since, sites, what)
            next_look = started
            # After the minutes, what is still coming back is waited for (each at most 60 s):
            # on a loaded machine the hub's restart can still be recovering when time is up.
            while time.monotonic() < end or waiting:
                # Recoveries are timed to a tenth of a second (at a second's steps the bench
                # itself added half a second on average); the wall is looked over once a second.
                spin(RECOVERY_STEP_S)
                now = time.monotonic()
                if now >= next_look:
                    next_look = now + 1.0
                    for process in (*sims, hub):
                        if reason := process.ended_by_itself():
                            errors.append(reason)
                            process.start()  # as a supervisor would; its sites' recovery keeps counting
                    memory.sample(now - started)
                    for key in chosen:
                        shown = wall.last_presented.get(key)
                        last_frame = shown[0] if shown else 0.0
                        if (
                            key in wall.roster.online
                            and now - online_since.get(key, now) > STUCK_AFTER_S
                            and now - last_frame > STUCK_AFTER_S
                            and not any(key in w[1] for w in waiting)
                        ):
                            stuck.add(key)
                for item in list(waiting):
                    since, keys, what = item
                    # Back means: said online again after the cut, and live. (Right after a kill
                    # the tiles still look live for a moment; that is not a recovery.)
                    if all(online_since.get(k, 0.0) >= since and _live(console, k) for k in keys):
                        # The sites' own part: a killed site is a new process that must start
                        # (Python, aiortc) and join before the console can do anything.
                        last = max(keys, key=lambda k: online_since.get(k, since))
                        online_after = online_since.get(last, since) - since
                        recoveries.append((what, now - since))
                        console_parts.append(now - since - online_after)
                        slowest = max(
                            slowest,
                            {
                                "what": what,
                                "s": round(now - since, 2),
                                "at_s": round(since - started, 1),
                                "last_online": last,
                                "its_online_after_s": round(online_after, 2),
                            },
                            key=lambda r: r["s"],
                        )
                        waiting.remove(item)
                    elif now - since > 60:
                        errors.append(f"{what}: not live again within 60 s")
                        waiting.remove(item)
                if any(w[2] == "hub restart" for w in waiting):
                    blank.look(waiting)
                if hub_restart_at and now >= hub_restart_at:
                    hub.kill()
                    blank.look(waiting)
                    # The wall is looked at while the hub is away, at the loop's 50 ms polls.
                    spin(1.0, lambda: blank.look(waiting))
                    hub.start()
                    if not spin(30, lambda: blank.look(waiting) or _answers(url)):
                        raise TimeoutError("the hub did not start again within 30 s")
                    waiting.append((time.monotonic(), list(chosen), "hub restart"))
                    hub_restart_at = 0
                elif now >= next_churn and now < end:
                    quarter = churned % quarters
                    sims[quarter].kill()
                    sims[quarter].start()
                    waiting.append((time.monotonic(), groups[quarter], f"sites of quarter {quarter}"))
                    churned += 1
                    next_churn = now + churn_every_s
            rss = memory.result(warmup_s, step_at_s=minutes * 30)
        except (TimeoutError, RuntimeError, OSError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            rss, stuck, recoveries, console_parts, churned, slowest = {}, set(), [], [], 0, {}
        finally:
            stop_heap_log.set()
            if console is not None:
                console.shutdown()
                console.window.close()
            for process in (*sims, hub):
                process.stop()
    return {
        "sites": sites,
        "minutes": minutes,
        "churn": churn,
        "churn_events": churned,
        **rss,
        "stuck_tiles": len(stuck),
        "stuck": sorted(stuck)[:10],
        "max_recovery_s": round(max((s for _, s in recoveries), default=0.0), 2),
        "slowest_recovery": slowest,
        "recovery_p50_s": _quantile([s for _, s in recoveries], 0.5),
        "recovery_p95_s": _quantile([s for _, s in recoveries], 0.95),
        # From the hub saying a site is online again to its tile being live: the console's part.
        "console_recovery_p50_s": _quantile(console_parts, 0.5),
        "console_recovery_p95_s": _quantile(console_parts, 0.95),
        "console_recovery_max_s": round(max(console_parts, default=0.0), 2),
        "hub_restart_recovery_s": round(next((s for w, s in recoveries if w == "hub restart"), -1.0), 2),
        # The most tiles not live at once from the hub's kill until every site is back (tiles
        # of sites killed by churn meanwhile not counted): media kept through the outage keeps it 0.
        "hub_restart_tiles_blanked": blank.most if blank is not None and rss else -1,
        "recoveries": len(recoveries),
        "errors": len(errors),
        "error_details": errors[:10],
        "targets": {"rss_slope_mb_per_h": 20, "stuck_tiles": 0, "max_recovery_s": 5},
    }


class _BlankTiles:
    """The most tiles not live at once while the hub restarts, churned sites aside."""

    def __init__(self, console, keys: list[str]) -> None:
        self.console, self.keys, self.most = console, keys, 0

    def look(self, waiting: list[tuple[float, list[str], str]]) -> bool:
        """Count now; False, so that it can sit in a ``spin`` condition."""
        now = time.monotonic()
        churned = {k for _, keys, what in waiting if what != "hub restart" for k in keys}
        blank = sum(1 for k in self.keys if k not in churned and not self.console.model.status(k).is_live(now))
        self.most = max(self.most, blank)
        return False


def _answers(url: str) -> bool:
    try:
        return bool(health(url))
    except OSError:
        return False


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def _live(console, key: str) -> bool:
    return console.model.status(key).state == TileState.LIVE


def _wait(test, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if test():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"not ready within {timeout:g} s")
        time.sleep(0.2)


class _Process:
    """A child we may SIGKILL and start again. Its stderr goes to ``log`` (appended across
    starts), so a child that ends by itself (it could not start, or gave up joining) is reported
    with its own last words instead of showing as a slow recovery 40 s later."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path | None = None) -> None:
        self.args, self.env, self.log = args, env, log
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0

    def start(self) -> None:
        log = open(self.log, "ab") if self.log else None  # noqa: SIM115 (the child writes to it; closed when it ends)
        try:
            self.proc = subprocess.Popen(
                self.args,
                stdout=subprocess.DEVNULL,
                stderr=log if log is not None else subprocess.DEVNULL,
                **bound_to_us(self.env),
            )
        finally:
            if log is not None:
                log.close()  # the child holds its own copy
        self.started_at = time.monotonic()

    def ended_by_itself(self) -> str | None:
        """Why the child is gone though nobody killed it (None while it runs)."""
        if self.proc is None or self.proc.poll() is None:
            return None
        return (
            f"{' '.join(self.args[-6:])} ended by itself (exit {self.proc.returncode}) "
            f"{time.monotonic() - self.started_at:.0f} s after it started: {self.last_words()}"
        )

    def last_words(self) -> str:
        try:
            lines = self.log.read_text(errors="replace").strip().splitlines() if self.log else []
        except OSError:
            return "(its log is unreadable)"
        return lines[-1][-300:] if lines else "(it wrote nothing)"

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class _Memory:
    """The console's memory (window process and media worker) over time, each apart: the sum
    decides the target, the parts say where to look. Resident (RSS) as the target names it,
    and proportional (PSS): the frame slots are shared memory both processes map, so RSS counts
    their pages twice, and touches more of them as bigger frames arrive (bounded by the slots'
    size, a plateau that a 10-minute slope cannot tell from a leak)."""

    def __init__(self, console) -> None:
        self.console = console
        self.samples: list[tuple[float, float, float, float, float]] = []  # at, RSS and PSS MB of window, worker

    def measure(self) -> tuple[float, float, float, float]:
        mb = 2**20
        window = psutil.Process().memory_full_info()
        pid = getattr(getattr(self.console.media, "process", None), "pid", None)
        try:
            worker = psutil.Process(pid).memory_full_info() if pid else None
        except psutil.NoSuchProcess:
            worker = None
        return (
            window.rss / mb,
            window.pss / mb,
            worker.rss / mb if worker else 0.0,
            worker.pss / mb if worker else 0.0,
        )

    def sample(self, at: float) -> None:
        if not self.samples or at - self.samples[-1][0] >= 10:
            self.samples.append((at, *self.measure()))

    def result(self, warmup_s: float, step_at_s: float | None = None) -> dict[str, Any]:
        after = [s for s in self.samples if s[0] >= warmup_s] or self.samples
        first, last = (self.samples[0], self.samples[-1]) if self.samples else ((0.0,) * 5,) * 2

        def slope(pick) -> tuple[float, float]:
            return _slope_per_h([(s[0], pick(s)) for s in after])

        rss_slope, rss_error = slope(lambda s: s[1] + s[3])
        figures = {
            "rss_mb_start": round(first[1] + first[3], 1),
            "rss_mb_end": round(last[1] + last[3], 1),
            "rss_slope_mb_per_h": rss_slope,
            "rss_slope_stderr_mb_per_h": rss_error,
            "pss_mb_start": round(first[2] + first[4], 1),
            "pss_mb_end": round(last[2] + last[4], 1),
            "pss_slope_mb_per_h": slope(lambda s: s[2] + s[4])[0],
            "window_rss_mb": [round(first[1], 1), round(last[1], 1)],
            "window_rss_slope_mb_per_h": slope(lambda s: s[1])[0],
            "worker_rss_mb": [round(first[3], 1), round(last[3], 1)],
            "worker_rss_slope_mb_per_h": slope(lambda s: s[3])[0],
        }
        if step_at_s is not None:
            # Every site reconnects at once when the hub comes back, and each process's
            # memory moves once, usually up (re-created frame slots, the allocators'
            # high-water mark), in the middle of the fitted minutes. Fitted with a step
            # there, the slope is what grows between events.
            between, step = _slope_and_step([(s[0], s[1] + s[3]) for s in after], step_at_s)
            figures.update(rss_slope_between_events_mb_per_h=between, rss_step_at_hub_restart_mb=step)
        return figures


def _slope_and_step(points: list[tuple[float, float]], step_at: float) -> tuple[float, float]:
    """Least squares of m = a + b t + c [t >= step_at]: b in MB per hour (the slope within the
    two segments, pooled) and c in MB (the step). Without points on both sides, the plain slope
    and no step."""
    segments = [[p for p in points if p[0] < step_at], [p for p in points if p[0] >= step_at]]
    if not all(len(segment) >= 2 for segment in segments):
        return _slope_per_h(points)[0], 0.0
    means = [(sum(t for t, _ in seg) / len(seg), sum(m for _, m in seg) / len(seg)) for seg in segments]
    var = sum((t - mt) ** 2 for seg, (mt, _) in zip(segments, means) for t, _ in seg)
    if not var:
        return 0.0, 0.0
    b = sum((t - mt) * (m - mm) for seg, (mt, mm) in zip(segments, means) for t, m in seg) / var
    (t0, m0), (t1, m1) = means
    return round(b * 3600, 1), round((m1 - b * t1) - (m0 - b * t0), 1)


def _slope_per_h(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares slope of (seconds, MB) points in MB per hour, and its standard error: how
    far the slope of a flat but noisy series may stray. A quarter of the sites come and go every
    10 s, so the memory samples scatter by megabytes; over 8 minutes that alone moves a slope by
    ~20 MB/h, over 28 minutes by ~3."""
    n = len(points)
    if n < 2:
        return 0.0, 0.0
    mean_t = sum(t for t, _ in points) / n
    mean_m = sum(m for _, m in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if not var:
        return 0.0, 0.0
    slope = sum((t - mean_t) * (m - mean_m) for t, m in points) / var
    residual = sum((m - mean_m - slope * (t - mean_t)) ** 2 for t, m in points) / max(1, n - 2)
    return round(slope * 3600, 1), round((residual / var) ** 0.5 * 3600, 1) if n > 2 else 0.0
