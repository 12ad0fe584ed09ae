"""A hub killed and started again under a playing wall: live peer-to-peer media needs no hub,
so it plays on through the outage, and the new hub takes the sessions both ends kept
(docs/protocol.md "Kept media sessions")."""

import contextlib
import signal
import subprocess
import sys
import threading
import time

from console.directory import SiteDirectory
from console.directory.audit import recent_audit
from console.media.service import LoopThread, MediaService
from console.processes import bound_to_us
from console.sim.fleet import SiteFleet
from console.sim.site import SimulatedSite
from tests.media.support import sites, wait_blocking
from tests.ports import free_port
from tests.test_cli_media import wait_for_hub


class HubProcess:
    """`opsconsole hub` in a child process: a restart is a SIGKILL and a new process."""

    def __init__(self, db) -> None:
        self.db, self.port = db, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(  # bound to us: a test that dies leaves no hub behind
            [sys.executable, "-m", "console.cli", "--db", str(self.db), "hub", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **bound_to_us(),
        )
        wait_for_hub(self.url)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)


def test_live_media_plays_on_through_a_hub_restart_and_the_new_hub_takes_it(media_db, loopback_only):
    path, tokens = media_db
    chosen = sites(path, 3)
    keys = [s.key for s in chosen]
    hub = HubProcess(path)
    hub.start()
    thread = LoopThread()
    events, lock = [], threading.Lock()

    def on_event(kind, payload):
        with lock:
            events.append((kind, payload))

    def seen(kind):
        with lock:
            return sum(1 for k, _ in events if k == kind)

    fleet = SiteFleet(hub.url, tokens["local"], chosen)
    service = MediaService(thread, on_event, policy=loopback_only, program=False)
    replacement = None
    try:
        thread.submit(fleet.start()).result(30)
        service.connect(hub.url, tokens["operator"]).result(10)
        for key in keys:
            service.subscribe(key, 320, 180).result(10)
        wait_blocking(lambda: all(service.sink(k) is not None and service.sink(k).received > 5 for k in keys), 30)
        before = dict(service.manager.sessions)

        hub.kill()
        wait_blocking(lambda: seen("hub_lost") >= 1, 20)
        # One commune stops while the hub is away: it closes its media (DTLS close), and the
        # console lets that session go without any hub to tell it.
        thread.submit(fleet.sites[2].stop()).result(10)
        wait_blocking(lambda: before[keys[2]].state == "failed", 10)
        received = {k: service.sink(k).received for k in keys[:2]}
        # The others play on: frames still coming, to the same sessions.
        wait_blocking(lambda: all(service.sink(k).received >= received[k] + 10 for k in keys[:2]), 30)
        for key in keys[:2]:
            assert service.manager.sessions[key] is before[key] and before[key].state == "live"

        hub.start()
        wait_blocking(lambda: seen("hub_ready") >= 1, 40)
        wait_blocking(lambda: all(s.counters.joins == 2 for s in fleet.sites[:2]), 30)
        rejoined_at = time.monotonic()
        for site, key in zip(fleet.sites[:2], keys):
            session = before[key]
            assert service.manager.sessions[key] is session and session.state == "live"
            assert site.counters.offers == 1 and list(site.sessions) == [session.session]  # nothing offered again
        # The new hub believes them: the sites' reports of what they sent reach the console again.
        wait_blocking(
            lambda: all(
                before[k].stats.site_frames_sent and before[k].stats.site_frames_sent[-1][0] > rejoined_at
                for k in keys[:2]
            ),
            15,
        )

        # The commune that stopped comes back (a new process) and is received afresh.
        replacement = SimulatedSite(hub.url, tokens["local"], keys[2], chosen[2].code)
        thread.submit(_start(replacement)).result(30)
        wait_blocking(
            lambda: (
                service.manager.sessions[keys[2]] is not before[keys[2]]
                and service.sink(keys[2]) is not None
                and service.sink(keys[2]).received > 5
            ),
            30,
        )

        # Hanging up a kept session goes through the new hub to the site.
        service.unsubscribe(keys[0]).result(10)
        wait_blocking(lambda: not fleet.sites[0].sessions, 10)
    finally:
        service.close().result(10)
        thread.submit(fleet.stop()).result(30)
        if replacement is not None:
            thread.submit(replacement.stop()).result(10)
        thread.stop()
        hub.kill()


@contextlib.contextmanager
def _one_site_recorded(media_db, tmp_path):
    """A hub (a child process), one commune, and a console's media service recording it; yields
    (hub, service, site, key, seen) where ``seen(kind)`` counts the service's events of a kind."""
    path, tokens = media_db
    chosen = sites(path, 1)
    key = chosen[0].key
    hub = HubProcess(path)
    hub.start()
    thread = LoopThread()
    events, lock = [], threading.Lock()

    def on_event(kind, payload):
        with lock:
            events.append((kind, payload))

    def seen(kind):
        with lock:
            return sum(1 for k, _ in events if k == kind)

    fleet = SiteFleet(hub.url, tokens["local"], chosen)
    service = MediaService(thread, on_event, program=False)
    try:
        thread.submit(fleet.start()).result(30)
        site = fleet.sites[0]
        service.connect(hub.url, tokens["operator"]).result(10)
        service.subscribe(key, 320, 180).result(10)
        started = service.start_recording(key, str(tmp_path / "site.webm")).result(30)
        assert started["warning"] == "" and site.settings.recording
        yield hub, service, site, key, seen
    finally:
        service.close().result(10)
        thread.submit(fleet.stop()).result(30)
        thread.stop()
        hub.kill()


def test_a_recording_stopped_after_a_hub_restart_tells_the_site_through_the_new_hub(media_db, tmp_path):
    """A recording outlives the hub connection it started on: its end must reach the site (which
    shows "Đang ghi hình" until told) and the hub's audit through the connection in use."""
    with _one_site_recorded(media_db, tmp_path) as (hub, service, site, key, seen):
        hub.kill()
        wait_blocking(lambda: seen("hub_lost") >= 1, 20)
        hub.start()
        wait_blocking(lambda: seen("hub_ready") >= 2 and site.counters.joins == 2, 40)  # both rejoined
        # Still recorded: the site still says so, to its people and to the new hub, and the
        # console told it nothing again (one start in the audit).
        assert site.settings.recording
        online = service.roll_call(online_only=True).result(30)["sites"]
        assert [row["state"].get("recording") for row in online if row["key"] == key] == [True]

        service.stop_recording(key, "the operator stopped it").result(30)
        wait_blocking(lambda: not site.settings.recording, 15)
        # The hub writes its audit after it has relayed the control: awaited, not read at once.
        wait_blocking(lambda: _recording_audit(hub.db, key) == [(True, "ok"), (False, "ok")], 30)


def test_a_recording_ended_while_the_hub_was_away_is_told_to_the_site_once_the_console_rejoins(media_db, tmp_path):
    """No hub, no one to tell: a recording stopped during the outage must still take "Đang ghi
    hình" off the site (and reach the hub's audit) once the console is back on the hub."""
    with _one_site_recorded(media_db, tmp_path) as (hub, service, site, key, seen):
        hub.kill()
        wait_blocking(lambda: seen("hub_lost") >= 1, 20)
        service.stop_recording(key, "the operator stopped it").result(30)
        assert seen("recording_ended") == 1 and site.settings.recording  # nobody could tell it

        hub.start()
        wait_blocking(lambda: not site.settings.recording, 60)
        assert service.manager.sessions[key].state == "live"  # the site still sends: only the banner went
        # Told once, when it was back on the hub (not while it was still away from it).
        wait_blocking(lambda: _recording_audit(hub.db, key) == [(True, "ok"), (False, "ok")], 15)


def _recording_audit(db, key):
    """The hub's audit of ``set_recording`` for ``key``, oldest first: (recording, result)."""
    directory = SiteDirectory(db)
    try:
        rows = [r for r in recent_audit(directory, 20, key) if r["action"] == "set_recording"]
    finally:
        directory.close()
    return [(r["params"]["recording"], r["result"]) for r in reversed(rows)]


async def _start(site):
    import asyncio

    site.task = asyncio.get_running_loop().create_task(site.run())
    await asyncio.wait_for(site.joined.wait(), 30)
