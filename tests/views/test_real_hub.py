"""Consoles on a real hub over wss:// (a throwaway certificate given with --ca).

The hub and the simulated communes run in child processes, as in an operations room; three
consoles run here, as their windows: an operator's desk, a viewer's desk and the room's
big screen (``--room-wall``). Shown: the viewer's mute is refused at the hub and audited; a
site pushed from the operator's desk is live in the room wall's focus tile; the lock holds;
after the hub is killed and started again, everything comes back (banner, tiles, the room
wall, a site's open microphone).
"""

import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from console.bench.certs import self_signed
from console.directory import SiteDirectory, credentials
from console.directory.audit import recent_audit
from console.model.tiles import TileState
from console.processes import bound_to_us
from console.signaling import HubClient, HubError, WebSocketChannel
from console.signaling.hub_address import HubAddress
from console.views.hub_banner import HubBanner
from console.views.room_wall_map import RoomWallMap
from tests.aio import run_async
from tests.ports import free_port

SITES = 3


class HubProcess:
    """`opsconsole hub` over TLS in a child process, which the test may kill and start again."""

    def __init__(self, db: Path, cert: Path, key: Path) -> None:
        self.db, self.cert, self.key = db, cert, key
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.env = {**os.environ, "OPSCONSOLE_ICE_NETWORKS": "127.0.0.1/32"}
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "console.cli",
                "--db",
                str(self.db),
                "hub",
                "--port",
                str(self.port),
                "--tls-cert",
                str(self.cert),
                "--tls-key",
                str(self.key),
            ],
            **bound_to_us(self.env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        context = ssl.create_default_context(cafile=str(self.cert))
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1, context=context) as reply:
                    return json.load(reply)
            except OSError:
                assert self.proc.poll() is None, self.proc.stderr.read()
                assert time.monotonic() < deadline, "the hub did not start"
                time.sleep(0.2)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture
def room(national, tmp_path):
    """A hub over TLS with operator, presenter and viewer tokens, and simulated sites."""
    cert, key = self_signed(tmp_path)
    tokens = {
        "oanh": credentials.issue_operator_token(national, "oanh", role="operator"),
        "vy": credentials.issue_operator_token(national, "vy", role="viewer"),
        "screen": credentials.issue_operator_token(national, "screen", role="viewer"),
        "binh": credentials.issue_operator_token(national, "binh", role="presenter"),
    }
    db = national.path
    national.close()
    hub = HubProcess(db, cert, key)
    hub.start()
    sim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "console.cli",
            "--db",
            str(db),
            "sim",
            "--hub",
            hub.url,
            "--ca",
            str(cert),
            "--sites",
            str(SITES),
        ],
        **bound_to_us(hub.env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield hub, tokens, cert
    finally:
        sim.terminate()
        sim.wait(10)
        hub.stop()


def console_for(tmp_path, qtbot, hub, cert, token, name, room_wall=None, db=None, lost_hub_first=False):
    """``lost_hub_first``: given as a pair's (``--hub URL1,URL2``) whose first is down."""
    from console.app import start_remote_console

    address = HubAddress.parse(hub.url, ca=cert)
    if lost_hub_first:
        address = [HubAddress.parse(f"https://127.0.0.1:{free_port()}", ca=cert), address]
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    console = start_remote_console(
        address, token, db or tmp_path / f"{name}.sqlite3", renderer="numpy", room_wall=room_wall, settings=settings
    )
    qtbot.addWidget(console.window)
    console.window.resize(1280, 760)
    console.window.show()
    return console


def live(console, key):
    return console.model.status(key).state == TileState.LIVE


def test_operator_viewer_and_room_wall_on_one_hub_over_wss(room, tmp_path, qtbot):
    hub, tokens, cert = room
    consoles = []
    try:
        # The operator's console shares the hub's machine and file; the viewer's and the room's
        # keep a copy of the directory (fetched over https).
        oanh = console_for(tmp_path, qtbot, hub, cert, tokens["oanh"], "oanh", db=hub.db)
        consoles.append(oanh)
        qtbot.waitUntil(lambda: len(oanh.model.sources) == SITES, timeout=30_000)
        sites = list(oanh.model.sources)
        # The viewer is given two hubs, the first lost: it joins the second and copies the
        # directory from it.
        vy = console_for(tmp_path, qtbot, hub, cert, tokens["vy"], "vy", lost_hub_first=True)
        screen = console_for(tmp_path, qtbot, hub, cert, tokens["screen"], "screen", room_wall="room")
        consoles += [vy, screen]
        assert (oanh.role, vy.role) == ("operator", "viewer")
        assert vy.site(sites[0]) is not None  # the viewer's copy of the directory knows the site
        assert vy.address.url == hub.url

        # The viewer's window offers no mute; asked anyway, the hub refuses it and audits the refusal.
        assert not vy.window.findChild(RoomWallMap).lock.isEnabled()
        refused = vy.media.mute(sites[0]).result(10)
        assert refused["ok"] is False and refused["error"].startswith("forbidden"), refused
        qtbot.waitUntil(
            lambda: any(r["actor"] == "vy" and r["result"] == "rejected: forbidden" for r in _audit(hub.db)),
            timeout=10_000,
        )

        # The operator sends a site to the room wall (W on the selected site); the room's screen
        # shows it live in its focus tile.
        qtbot.waitUntil(lambda: live(oanh, sites[1]), timeout=30_000)
        oanh.model.select(sites[1])
        oanh.wall.take_keyboard()
        qtbot.keyClick(oanh.window, Qt.Key.Key_W)
        qtbot.waitUntil(lambda: screen.model.assignments()[screen.model.focus] == sites[1], timeout=10_000)
        qtbot.waitUntil(lambda: live(screen, sites[1]), timeout=30_000)
        oanh_map = oanh.window.findChild(RoomWallMap)
        qtbot.waitUntil(lambda: oanh_map.model.assignments()[oanh_map.model.focus] == sites[1], timeout=10_000)

        # The lock: the operator locks; another presenter is refused with the locker's name.
        oanh_map.lock.click()
        qtbot.waitUntil(lambda: oanh_map.locked_by == "oanh", timeout=10_000)
        message = _presenter_push(hub, cert, tokens["binh"], sites[2])
        assert "locked by oanh" in message

        # An open microphone, to see it come back after the hub does.
        oanh.media.unmute(sites[0]).result(10)
        qtbot.waitUntil(lambda: not oanh.wall.roster.is_muted(sites[0]), timeout=10_000)

        # The hub dies (SIGKILL) and comes back on the same port.
        qtbot.waitUntil(lambda: all(live(oanh, key) for key in sites), timeout=30_000)
        live_since = {key: oanh.model.status(key).changed_at for key in sites}
        size = oanh.window.size()
        log = oanh.window.docks["logDock"].widget()
        logged_before = len(log.lines())
        hub.kill()
        banner = oanh.window.findChild(HubBanner)
        qtbot.waitUntil(lambda: banner.isVisible() and banner.state == "lost", timeout=25_000)
        assert "reconnecting" in banner.message
        # Peer-to-peer media needs no hub: the wall plays on through the outage (docs/protocol.md
        # "Kept media sessions"), frames still arriving, never marked stale.
        shown = {key: oanh.wall.presented.get(key, 0) for key in sites}
        qtbot.waitUntil(
            lambda: all(oanh.wall.presented.get(key, 0) >= shown[key] + 10 for key in sites), timeout=30_000
        )
        for key in sites:
            assert oanh.model.status(key).is_live(time.monotonic()), (key, oanh.model.status(key))
            assert oanh.wall.presented.get(key, 0) >= shown[key] + 10, key
            assert oanh.model.status(key).changed_at == live_since[key], key  # not even a blink
        assert banner.isVisible() and banner.state == "lost"
        assert oanh.window.size() == size  # the banner, however long its reason, fits in it
        hub.start()
        for console in consoles:
            qtbot.waitUntil(
                lambda c=console: (
                    c.window.findChild(HubBanner).state == "back" or not c.window.findChild(HubBanner).isVisible()
                ),
                timeout=60_000,
            )
        qtbot.waitUntil(lambda: all(live(oanh, key) for key in sites), timeout=60_000)
        qtbot.waitUntil(lambda: sites[0] in oanh.wall.roster.online, timeout=30_000)
        # The new hub took the kept sessions: no tile was offered again, none blinked.
        assert {key: oanh.model.status(key).changed_at for key in sites} == live_since
        qtbot.waitUntil(
            lambda: screen.model.assignments()[screen.model.focus] == sites[1] and live(screen, sites[1]),
            timeout=60_000,
        )
        qtbot.waitUntil(lambda: not oanh.wall.roster.is_muted(sites[0]), timeout=30_000)
        assert oanh_map.locked_by == "oanh"  # the room wall and its lock survived the restart
        # The new hub's first roll-call is who is back so far, not "online when this console
        # joined" (0 of them, beside a wall of live tiles).
        since = log.lines()[logged_before:]
        assert any("back at the hub so far" in line for line in since), since
        assert not any("online when this console joined" in line for line in since), since
    finally:
        for console in consoles:
            console.shutdown()


def _presenter_push(hub, cert, token, site) -> str:
    async def push():
        client = HubClient(WebSocketChannel(HubAddress.parse(hub.url, ca=cert), "console"), "console", token)
        await client.join()
        try:
            await client.request({"type": "wall", "op": "push", "site": site})
        except HubError as error:
            return f"{error.code}: {error.message}"
        finally:
            await client.close()
        return "accepted"

    return run_async(push())


def _audit(db):
    directory = SiteDirectory(db)
    try:
        return recent_audit(directory, 200)
    finally:
        directory.close()


def test_a_console_whose_token_is_revoked_while_connected_says_so_and_does_not_retry(national, tmp_path, qtbot):
    """Bad input: the hub ends the session (4003); the banner stays red with what to do."""
    token = credentials.issue_operator_token(national, "khanh", role="operator")
    db = national.path
    national.close()
    cert, key = self_signed(tmp_path)
    hub = HubProcess(db, cert, key)
    hub.start()
    console = None
    try:
        console = console_for(tmp_path, qtbot, hub, cert, token, "khanh", db=db)
        directory = SiteDirectory(db)  # as `opsconsole operators revoke-token khanh` would
        credentials.revoke_operator_token(directory, "khanh")
        directory.close()
        banner = console.window.findChild(HubBanner)
        qtbot.waitUntil(lambda: banner.isVisible() and banner.state == "fatal", timeout=15_000)
        assert "refused this console" in banner.message and "new token" in banner.message
        # Refused at once, never retried: a try would have said the hub was lost before its refusal.
        assert sum("lost the hub" in line for line in console.window.docks["logDock"].widget().lines()) == 1
    finally:
        if console is not None:
            console.shutdown()
        hub.stop()
