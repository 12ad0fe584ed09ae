"""`opsconsole bench recovery`: kill the hub, then the console; time until every tile is live again.

Every part is its own process, as in a room: the hub, N simulated sites, and the console (a
real window on the display, operator role, ``python -m console.bench.recovery console``) which
prints its state twice a second: live tiles, layout, focus, open microphones. The console
arranges its wall at its first start (layout, focus, two microphones opened); each is then
SIGKILLed in turn and started again on the same port / with the same settings, and the
orchestrator times "back → every tile live" and checks that the arrangement and the open
microphones came back.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from console.bench.procs import free_port, health
from console.directory import SiteDirectory, credentials
from console.processes import bound_to_us, end_with_parent

ARRANGED_FOCUS = 5  # and a layout one size up from the default, so both show a change
OPENED = 2  # microphones the console opens at its first start
OUTAGE_LOOK_S = 2.0  # how long the wall is watched while the hub is away


class Child:
    """A child process whose stdout lines are JSON reports."""

    def __init__(self, *args: str, env: dict[str, str]) -> None:
        self.args, self.env = args, env
        self.proc: asyncio.subprocess.Process | None = None
        self.last: dict[str, Any] = {}

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            *self.args,
            **bound_to_us(self.env),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        asyncio.get_running_loop().create_task(self._read(self.proc))

    async def _read(self, proc) -> None:
        while line := await proc.stdout.readline():
            try:
                self.last = json.loads(line)
            except ValueError:
                pass

    def _started(self) -> asyncio.subprocess.Process:
        """The process ``start`` ran."""
        if self.proc is None:
            raise RuntimeError(f"{self.args[1:3]} was never started")
        return self.proc

    async def until(self, test, timeout: float) -> float:
        deadline = time.perf_counter() + timeout
        proc = self._started()
        while not test(self.last):
            if proc.returncode is not None:
                raise RuntimeError(f"{self.args[1:3]} exited ({proc.returncode})")
            if time.perf_counter() > deadline:
                raise TimeoutError(f"not within {timeout:g} s; last report {self.last}")
            await asyncio.sleep(0.05)
        return time.perf_counter()

    async def fewest(self, key: str, seconds: float) -> int:
        """The smallest ``key`` reported over ``seconds`` (-1 if none was)."""
        seen = []
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            if isinstance(self.last.get(key), int):
                seen.append(self.last[key])
            await asyncio.sleep(0.05)
        return min(seen, default=-1)

    async def kill(self) -> None:
        proc = self._started()
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
        self.last = {}

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


async def run_recovery_bench(sites: int = 16, timeout: float = 90.0) -> dict[str, Any]:
    errors: list[str] = []
    result: dict[str, Any] = {"sites": sites}
    with tempfile.TemporaryDirectory(prefix="opsconsole-recovery-") as tmp:
        db = Path(tmp) / "hub.sqlite3"
        directory = SiteDirectory.open(db)
        token = credentials.issue_operator_token(directory, "bench-operator", role="operator")
        directory.close()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": "127.0.0.1/32", "XDG_CONFIG_HOME": tmp, "XDG_DATA_HOME": tmp}
        hub = Child("-m", "console.cli", "--db", str(db), "hub", "--port", str(port), env=env)
        sim = Child("-m", "console.cli", "--db", str(db), "sim", "--hub", url, "--sites", str(sites), env=env)
        console_args = (
            "-m",
            "console.bench.recovery",
            "console",
            "--hub",
            url,
            "--token",
            token,
            "--db",
            str(db),
            "--settings",
            str(Path(tmp) / "console.ini"),
        )
        console = Child(*console_args, "--arrange", env=env)
        try:
            await hub.start()
            await _until_healthy(url, lambda h: True, timeout)
            await sim.start()
            await _until_healthy(url, lambda h: h["sites_online"] >= sites, timeout)
            await console.start()
            await console.until(lambda r: r.get("live") == sites and r.get("arranged"), timeout)
            before = dict(console.last)

            await hub.kill()
            await console.until(lambda r: r.get("hub") == "lost", timeout)
            # Live media needs no hub (docs/protocol.md "Kept media sessions"): the fewest
            # tiles live while it is away, over two seconds of the console's reports.
            result["live_while_hub_away"] = await console.fewest("live", OUTAGE_LOOK_S)
            await hub.start()
            back = time.perf_counter()
            page = await console.until(lambda r: r.get("shown") and r.get("live") == r.get("shown"), timeout)
            result["visible_page_live_after_hub_restart_s"] = round(max(0.0, page - back), 2)
            done = await console.until(lambda r: r.get("live") == sites and r.get("hub") == "joined", timeout)
            result["hub_restart_recovery_s"] = round(done - back, 2)

            await console.kill()
            console = Child(*console_args, env=env)
            started = time.perf_counter()
            await console.start()
            page = await console.until(lambda r: r.get("shown") and r.get("live") == r.get("shown"), timeout)
            result["visible_page_live_after_console_restart_s"] = round(page - started, 2)
            done = await console.until(lambda r: r.get("live") == sites, timeout)
            result["console_restart_recovery_s"] = round(done - started, 2)
            await asyncio.sleep(1.0)  # the open microphones are reported with the roll-call
            after = console.last
            result["wall_restored"] = (after.get("layout"), after.get("focus")) == (before["layout"], before["focus"])
            result["mutes_restored"] = (
                sorted(after.get("open") or []) == sorted(before.get("open") or [])
                and len(before.get("open") or []) == OPENED
            )
        except (TimeoutError, RuntimeError) as error:
            errors.append(str(error))
        finally:
            for child in (console, sim, hub):
                await child.stop()
    result.update(
        {
            "errors": len(errors),
            "error_details": errors,
            "targets": {
                "visible_page_live_after_hub_restart_s": 5,
                "hub_restart_recovery_s": 10,
                "console_restart_recovery_s": 10,
                "live_while_hub_away": sites,
            },
        }
    )
    return result


async def _until_healthy(url: str, test, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while True:
        try:
            if test(health(url)):
                return
        except OSError:
            pass
        if time.perf_counter() > deadline:
            raise TimeoutError(f"the hub at {url} was not ready within {timeout:g} s")
        await asyncio.sleep(0.1)


# --- the console, as a child process that reports --------------------------------------------


def console_main(argv: list[str]) -> int:
    end_with_parent()
    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--hub", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--settings", required=True)
    parser.add_argument("--arrange", action="store_true")
    args = parser.parse_args(argv)
    if not (os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings, QTimer

    from console.app import start_remote_console
    from console.model import grid_for
    from console.signaling.hub_address import HubAddress

    settings = QSettings(args.settings, QSettings.Format.IniFormat)
    console = start_remote_console(HubAddress(args.hub), args.token, args.db, renderer="numpy", settings=settings)
    console.window.resize(1280, 720)
    console.window.show()
    state = {"hub": "joined", "arranged": not args.arrange}

    def on_event(kind: str, payload: dict) -> None:
        if kind == "hub_lost":
            state["hub"] = "lost"
        elif kind == "hub_ready":
            state["hub"] = "joined"

    console.media.on_event = _chain(console.media.on_event, on_event)

    def arrange() -> None:
        sources = console.model.sources
        if len(sources) < OPENED or state["arranged"]:
            return
        console.model.set_layout(grid_for(len(sources) + 1).name)
        console.model.focus_slot(ARRANGED_FOCUS)
        for key in sources[:OPENED]:
            console.media.unmute(key)
        state["arranged"] = True

    def report() -> None:
        if args.arrange:
            arrange()
        roster, model = console.wall.roster, console.model
        shown = [k for k in model.assignments() if k]
        now = time.monotonic()
        live = sum(1 for k in shown if model.status(k).is_live(now))  # a frame within 2 s, not just the state
        print(
            json.dumps(
                {
                    "live": live,
                    "shown": len(shown),
                    "layout": model.layout.name,
                    "focus": model.focus,
                    "open": sorted(k for k in roster.online if not roster.is_muted(k)),
                    **state,
                }
            ),
            flush=True,
        )

    timer = QTimer(console.window, interval=250)
    timer.timeout.connect(report)
    timer.start()
    try:
        return console.app.exec()
    finally:
        console.shutdown()


def _chain(first, second):
    def both(kind: str, payload: dict) -> None:
        first(kind, payload)
        second(kind, payload)

    return both


if __name__ == "__main__" and sys.argv[1:2] == ["console"]:
    sys.exit(console_main(sys.argv[2:]))
