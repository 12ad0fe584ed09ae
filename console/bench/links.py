"""`opsconsole bench links`: the wall over poor links, as remote communes have them.

Four link classes, four simulated sites each, each class in its own `sim` process with its
faults: clean; a 300 kbps uplink; 5 % loss; 150 ms ± 50 ms jitter. The whole console runs
(window, media worker) with the 16 sites on a wall that shows them all (4x4; more sites per class
make it larger, up to 8x8), and every quarter second the bench
notes which tiles are live and when each last showed a new frame. Reported per class and
overall: the share of time each site was live (the least of them), the longest freeze, the
picture size changes per minute (the console adapting each site to its link), and the 95th
percentile of capture-to-display delay.

With ``--netem`` the links are the network's, not the sims': each class's sims run in a network
namespace behind a source address of their own, and the kernel's token bucket (rate) and a
queue in the packet path (delay, jitter, loss; ``link_weather``) shape their media both ways
(``shaped_links``). A fifth class joins them there: 100 kbps with a 300 ms round trip, the
thinnest rural link, where the commune's sound must stay clear.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from console.bench.gui import spin
from console.bench.shaped_links import LinkShape, ShapedLinks
from console.directory import SiteDirectory
from console.model import TileState, grid_for
from console.model.layouts import MAX_GRID
from console.processes import bound_to_us, self_command

CLASSES = {
    "clean": [],
    "300kbps": ["--bandwidth", "300"],
    "loss5": ["--loss", "5"],
    "jitter150": ["--delay", "150", "--jitter", "50"],
}
# The same four links shaped in the network (--netem), and the thinnest rural link.
NETEM_CLASSES = {
    "clean": LinkShape(),
    "300kbps": LinkShape(rate_kbps=300),
    "loss5": LinkShape(loss_pct=5),
    "jitter150": LinkShape(delay_ms=150, jitter_ms=50),
    "100kbps_rtt300": LinkShape(rate_kbps=100, delay_ms=150),
}
SAMPLE_S = 0.25


def wall_for(sites_per_class: int, classes: int = len(CLASSES)) -> str:
    """The smallest square wall that shows every site of the bench (a site off the wall is never
    live, and would read as a link that never carried a picture); ValueError past the largest."""
    total = sites_per_class * classes
    if total > MAX_GRID**2:
        raise ValueError(
            f"--sites-per-class {sites_per_class} makes {total} sites over {classes} link classes, "
            f"but the wall shows at most {MAX_GRID**2}: give at most {MAX_GRID**2 // classes}"
        )
    return grid_for(total).name


def run_links_bench(
    sites_per_class: int = 4,
    seconds: float = 60.0,
    warmup: float = 10.0,
    renderer: str = "numpy",
    netem: bool = False,
) -> dict[str, Any]:
    if not netem:
        return _run(CLASSES, None, sites_per_class, seconds, warmup, renderer)
    with ShapedLinks(NETEM_CLASSES) as links:
        saved = os.environ.get("OPSCONSOLE_ICE_NETWORKS")
        os.environ["OPSCONSOLE_ICE_NETWORKS"] = links.cidr  # the console's media: its end of the veth
        try:
            result = _run({name: [] for name in NETEM_CLASSES}, links, sites_per_class, seconds, warmup, renderer)
        finally:
            if saved is None:
                os.environ.pop("OPSCONSOLE_ICE_NETWORKS", None)
            else:
                os.environ["OPSCONSOLE_ICE_NETWORKS"] = saved
        result["link_weather_cpu_s"] = round(links.weather_cpu_s(), 2)
    result["netem"] = {name: vars(shape) for name, shape in NETEM_CLASSES.items()}
    return result


def _run(
    class_flags: dict[str, list[str]],
    links: ShapedLinks | None,
    sites_per_class: int,
    seconds: float,
    warmup: float,
    renderer: str,
) -> dict[str, Any]:
    from console.app import start_demo

    total = sites_per_class * len(class_flags)
    wall_layout = wall_for(sites_per_class, len(class_flags))
    with tempfile.TemporaryDirectory(prefix="opsconsole-links-") as tmp:
        db = Path(tmp) / "links.sqlite3"
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        hub_host = links.console_address if links is not None else "127.0.0.1"
        console = start_demo(db, total, renderer, settings, simulate=False, program=False, hub_host=hub_host)
        keys = list(console.sites)
        classes = {name: keys[i :: len(class_flags)] for i, name in enumerate(class_flags)}
        directory = SiteDirectory(db)
        for name, members in classes.items():
            directory.create_group(f"links-{name}", members, "bench links", replace=True)
        directory.close()
        if console.hub is None:
            raise RuntimeError("the demo's console has no embedded hub for the simulated sites to join")
        sims = [_sim(db, console.hub.url, sites_per_class, name, flags, links) for name, flags in class_flags.items()]
        rungs: dict[str, int] = {k: 0 for k in keys}
        previous = console.media.on_event

        def count_rungs(kind: str, payload: dict) -> None:
            if kind == "link_rung" and payload.get("site") in rungs:
                rungs[payload["site"]] += 1
            previous(kind, payload)

        console.media.on_event = count_rungs
        try:
            console.window.resize(1920, 1080)
            console.window.show()
            console.model.set_layout(wall_layout)
            wall = console.wall
            spin(120, lambda: all(console.model.status(k).state == TileState.LIVE for k in keys))
            spin(warmup)
            for key in keys:
                rungs[key] = 0
            live = {k: 0 for k in keys}
            freeze = {k: 0.0 for k in keys}
            log: list[tuple[str, float, float]] = []  # (site, taken ms, shown ms)
            wall.latency_log = log
            samples, started = 0, time.monotonic()
            while time.monotonic() - started < seconds:
                spin(SAMPLE_S)
                now = time.monotonic()
                samples += 1
                for key in keys:
                    live[key] += console.model.status(key).state == TileState.LIVE
                    shown = wall.last_presented.get(key)
                    freeze[key] = max(freeze[key], now - shown[0] if shown else now - started)
            minutes = (time.monotonic() - started) / 60
            wall.latency_log = None
        finally:
            for sim in sims:
                sim.terminate()
            for sim in sims:
                try:
                    sim.wait(10)
                except subprocess.TimeoutExpired:
                    sim.kill()
            console.shutdown()
            console.window.close()
    per_class = {}
    for name, members in classes.items():
        delays = sorted(ms for key, _, ms in log if key in members) or [0.0]
        per_class[name] = {
            "live_ratio_min": round(min(live[k] / samples for k in members), 3),
            "freeze_max_s": round(max(freeze[k] for k in members), 2),
            "rung_changes_per_min_max": round(max(rungs[k] for k in members) / minutes, 1),
            "delay_p95_ms": round(delays[int(len(delays) * 0.95)], 1),
            "delay_p50_ms": round(statistics.median(delays), 1),
        }
    return {
        "sites": total,
        "shaped_by": "network" if links is not None else "sims",
        "seconds": round(minutes * 60, 1),
        "live_ratio": min(c["live_ratio_min"] for c in per_class.values()),
        "freeze_max_s": max(c["freeze_max_s"] for c in per_class.values()),
        "rung_changes_per_min": max(c["rung_changes_per_min_max"] for c in per_class.values()),
        "classes": per_class,
        "targets": {"live_ratio": 0.95, "freeze_max_s": 2.0, "rung_changes_per_min": 6},
    }


def _sim(
    db: Path, hub_url: str, sites: int, group: str, flags: list[str], links: ShapedLinks | None
) -> subprocess.Popen:
    """One link class's sims: shaping themselves (``flags``), or in the namespace behind the
    class's own address, where the network shapes them."""
    command = [*self_command(), "--db", str(db), "sim", "--hub", hub_url, "--sites", str(sites)]
    command += ["--from-group", f"links-{group}", *flags]
    networks = "127.0.0.1/32"
    if links is not None:
        command, networks = links.command(*command), f"{links.address(group)}/32"
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **bound_to_us({**os.environ, "OPSCONSOLE_ICE_NETWORKS": networks}),
    )
