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

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from PySide6.QtCore import QSettings

from console.bench.certs import self_signed
from console.bench.gui import spin
from console.bench.shaped_links import LinkShape, ShapedLinks
from console.directory import SiteDirectory, credentials
from console.media.stats import LOSS_WINDOW_S
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
SOUND_CLASSES = ("100kbps_rtt300",)  # too thin for a picture: judged by the sound, and the tile saying so
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
    with ShapedLinks(NETEM_CLASSES, sites_per_class) as links:
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
        hub_host, tls = "127.0.0.1", None
        if links is not None:  # the sims reach the hub from their namespace: over https, as any site elsewhere
            hub_host, tls = (
                links.console_address,
                self_signed(Path(tmp), host=links.console_address, also=("127.0.0.1",)),
            )
        console = start_demo(
            db, total, renderer, settings, simulate=False, program=False, hub_host=hub_host, hub_tls=tls
        )
        keys = list(console.sites)
        classes = {name: keys[i :: len(class_flags)] for i, name in enumerate(class_flags)}
        # A sim process per class, shaping itself; or, shaped by the network, a sim per site
        # behind its own address (a commune's own line and its own machine).
        sim_groups: dict[str, tuple[str, str | None, list[str]]] = (  # group: (class, address, sites)
            {name: (name, None, members) for name, members in classes.items()}
            if links is None
            else {
                f"{name}-{i}": (name, links.address(name, i), [key])
                for name, members in classes.items()
                for i, key in enumerate(members)
            }
        )
        directory = SiteDirectory(db)
        for group, (_, _, members) in sim_groups.items():
            directory.create_group(f"links-{group}", members, "bench links", replace=True)
        if links is not None:  # from the sims' network the local token is refused: each its own
            tokens = {key: credentials.issue_site_token(directory, key) for key in keys}
            (Path(tmp) / "site-tokens.json").write_text(json.dumps(tokens), encoding="utf-8")
        directory.close()
        if console.hub is None:
            raise RuntimeError("the demo's console has no embedded hub for the simulated sites to join")
        sims = [
            _sim(
                db,
                console.hub.url,
                sites_per_class if address is None else 1,
                group,
                class_flags[name],
                links,
                address,
                Path(tmp) / f"sim-{group}.log",
                tls,
            )
            for group, (name, address, _) in sim_groups.items()
        ]
        rungs: dict[str, int] = {k: 0 for k in keys}
        steps: dict[str, list[tuple[float, Any]]] = {k: [] for k in keys}  # (s since the sims, cap)
        previous = console.media.on_event
        sims_started = time.monotonic()

        def count_rungs(kind: str, payload: dict) -> None:
            if kind == "link_rung" and payload.get("site") in rungs:
                rungs[payload["site"]] += 1
                steps[payload["site"]].append((round(time.monotonic() - sims_started, 1), payload.get("cap")))
            previous(kind, payload)

        console.media.on_event = count_rungs
        try:
            console.window.resize(1920, 1080)
            console.window.show()
            console.model.set_layout(wall_layout)
            wall = console.wall
            if not spin(120, lambda: all(console.model.status(k).state == TileState.LIVE for k in keys)):
                _say_what_the_sims_said(classes, console, Path(tmp))
            spin(warmup)
            for key in keys:
                rungs[key] = 0
            live = {k: 0 for k in keys}
            sound_alone = {k: 0 for k in keys}
            audio_loss: dict[str, list[float]] = {k: [] for k in keys}
            alone_loss: dict[str, list[float]] = {k: [] for k in keys}  # while the sound is alone
            freeze = {k: 0.0 for k in keys}
            log: list[tuple[str, float, float]] = []  # (site, taken ms, shown ms)
            wall.latency_log = log
            samples, started, cpu_before = 0, time.monotonic(), psutil.cpu_times()
            while time.monotonic() - started < seconds:
                spin(SAMPLE_S)
                now = time.monotonic()
                samples += 1
                for key in keys:
                    state = console.model.status(key).state
                    live[key] += state == TileState.LIVE
                    sound_alone[key] += state == TileState.AUDIO_ONLY
                    snap = console.media.snapshot(key)
                    if snap is not None and snap.stats.at:
                        audio_loss[key].append(snap.stats.audio_loss_pct)
                        status = console.model.status(key)
                        if state == TileState.AUDIO_ONLY and now - (status.changed_at or now) >= LOSS_WINDOW_S:
                            alone_loss[key].append(snap.stats.audio_loss_pct)  # (its window all sound alone)
                    shown = wall.last_presented.get(key)
                    freeze[key] = max(freeze[key], now - shown[0] if shown else now - started)
            minutes = (time.monotonic() - started) / 60
            idle_pct = _idle_pct(cpu_before, psutil.cpu_times())
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
    per_class: dict[str, dict[str, Any]] = {}
    for name, members in classes.items():
        delays = sorted(ms for key, _, ms in log if key in members) or [0.0]
        per_class[name] = {
            "live_ratio_min": round(min(live[k] / samples for k in members), 3),
            "freeze_max_s": round(max(freeze[k] for k in members), 2),
            "rung_changes_per_min_max": round(max(rungs[k] for k in members) / minutes, 1),
            "delay_p95_ms": round(delays[int(len(delays) * 0.95)], 1),
            "delay_p50_ms": round(statistics.median(delays), 1),
            # the sound: its packets lost (the worst site's mean), and the time the tile said
            # "audio only (link)" (the worst site's share)
            "audio_loss_pct_max": round(max(statistics.fmean(audio_loss[k] or [0.0]) for k in members), 2),
            "audio_only_ratio_max": round(max(sound_alone[k] / samples for k in members), 3),
        }
        if any(alone_loss[k] for k in members):
            per_class[name]["audio_loss_pct_alone_max"] = round(
                max(statistics.fmean(alone_loss[k]) for k in members if alone_loss[k]), 2
            )
        if name in SOUND_CLASSES:  # how the console came to the sound alone, site by site
            per_class[name]["steps"] = {k: steps[k] for k in members}
    pictures = {name: c for name, c in per_class.items() if name not in SOUND_CLASSES}
    return {
        "sites": total,
        "shaped_by": "network" if links is not None else "sims",
        "seconds": round(minutes * 60, 1),
        # The machine's CPU left idle while measured: near 0, the sims, the console and the
        # weather share too few cores, and delays and freezes measure the machine, not the links.
        "machine_idle_pct": idle_pct,
        # the picture's targets hold on the links that can carry one; the thinnest carries the sound
        "live_ratio": min(c["live_ratio_min"] for c in pictures.values()),
        "freeze_max_s": max(c["freeze_max_s"] for c in pictures.values()),
        "rung_changes_per_min": max(c["rung_changes_per_min_max"] for c in pictures.values()),
        "sound_only_links": {name: per_class[name] for name in SOUND_CLASSES if name in per_class},
        "classes": per_class,
        "targets": {
            "live_ratio": 0.95,
            "freeze_max_s": 2.0,
            "rung_changes_per_min": 6,
            "sound_only_links": {"audio_loss_pct_alone_max": 2.0, "audio_only_ratio_max": "> 0 (the tile says so)"},
        },
    }


def _sim(
    db: Path,
    hub_url: str,
    sites: int,
    group: str,
    flags: list[str],
    links: ShapedLinks | None,
    address: str | None,
    log: Path,
    tls: tuple[Path, Path] | None = None,
) -> subprocess.Popen:
    """A group's sims: a link class's, shaping themselves (``flags``); or one site's, in the
    namespace behind its own ``address``, where the network shapes it."""
    command = [*self_command(), "--db", str(db), "sim", "--hub", hub_url, "--sites", str(sites)]
    command += ["--from-group", f"links-{group}", *flags]
    if links is not None:  # the network carries the sound too: it is measured
        command.append("--unmuted")
    if tls is not None:
        command += ["--ca", str(tls[0]), "--site-tokens", str(log.parent / "site-tokens.json")]
    networks = "127.0.0.1/32"
    if links is not None:
        # its own address to send from (the class's shaping matches it), the console's to reach
        command, networks = links.command(*command), f"{address}/32,{links.console_address}/32"
    with open(log, "wb") as out:  # read back when a class shows nothing
        return subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            **bound_to_us({**os.environ, "OPSCONSOLE_ICE_NETWORKS": networks}),
        )


def _idle_pct(before: Any, after: Any) -> float:
    spent = {name: getattr(after, name) - getattr(before, name) for name in after._fields}
    return round(100 * spent["idle"] / max(sum(spent.values()), 1e-9), 1)


def _say_what_the_sims_said(classes: dict[str, list[str]], console: Any, tmp: Path) -> None:
    """Some tile never went live: each class with such a tile, and the end of its sims' log (a
    bench is read by people; a silent zero would only puzzle them)."""
    for name, members in classes.items():
        dark = [k for k in members if console.model.status(k).state != TileState.LIVE]
        if dark:
            log = tmp / f"sim-{name}.log"
            if not log.exists():  # shaped by the network: a sim per site
                log = tmp / f"sim-{name}-{members.index(dark[0])}.log"
            said = log.read_text(errors="replace").strip().splitlines()[-5:]
            print(f"bench links: {len(dark)} site(s) of class {name} not live yet:", *said, sep="\n  ", file=sys.stderr)
