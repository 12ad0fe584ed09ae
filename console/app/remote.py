"""`opsconsole console`: the console against a running hub, on this machine or another.

It joins first (a refused token or an unreachable hub is said at once, nothing else starts),
then keeps a copy of that hub's directory (console/directory/replica.py) in a file of its own,
or uses the hub's own file when it shares the machine and ``--db``, and builds the same window
as the demo. Its wall pages through the sites online (new ones join at the end); with
``--room-wall`` it shows the hub's room wall instead.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from console.app.console import Console, build_console, connect_console, open_directory, qt_application
from console.app.window_run import need_display, run_window
from console.app.wire_settings import settings_notice
from console.directory import DirectoryWorker, Site
from console.directory.replica import apply_replica, in_step
from console.recording.catalog import recordings_folder
from console.signaling import ChannelClosed, HubError
from console.signaling.directory_fetch import DirectoryFetchError, fetch_directory
from console.signaling.hub_address import HubAddress
from console.signaling.hub_list import reached_like


class ConsoleStartError(Exception):
    """The console cannot start; the message says why in one sentence."""


def replica_path(db_path: Path, hub_id: str) -> Path:
    """The hub's own file when this machine holds it (the demo, a console beside the hub), else a
    copy per hub in the user's data folder."""
    if _directory_id(db_path) == hub_id:
        return db_path
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "opsconsole" / "hubs" / f"{hub_id or 'unknown'}.sqlite3"


def _directory_id(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            row = conn.execute("SELECT value FROM meta WHERE name = 'directory_id'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def start_remote_console(
    address: HubAddress | list[HubAddress],
    token: str,
    db_path: Path,
    renderer: str = "auto",
    room_wall: str | None = None,
    program: bool = False,
    settings=None,
    media_workers: int = 1,
    data=None,
    preferences=None,
    preferences_path: Path | None = None,
) -> Console:
    """Join, copy the directory if it changed, and build the window; ConsoleStartError if not.
    ``address``: one hub, or a pair's (``--hub URL1,URL2``): the first that takes the console."""
    qt_application()
    given = address if isinstance(address, list) else [address]
    try:
        media, events, welcome = connect_console(given, token, program=program, media_workers=media_workers)
    except HubError as error:
        where = ", ".join(a.url for a in given)
        raise ConsoleStartError(f"the hub at {where} refused this console: {error.message}") from None
    except (ChannelClosed, OSError, TimeoutError) as error:
        raise ConsoleStartError(str(error)) from None
    address = _joined(given, media.hub_url)
    try:
        worker = sync_directory(media, address, token, welcome, db_path)
        sources = [] if room_wall else online_sites(media, worker)
    except (ConsoleStartError, DirectoryFetchError) as error:
        media.close().result(5)
        media.thread.stop()
        raise ConsoleStartError(str(error)) from None
    return build_console(
        media,
        events,
        welcome,
        worker,
        sources,
        renderer=renderer,
        settings=settings,
        room_wall=room_wall,
        address=address,
        follow_presence=room_wall is None,
        data=data,
        recordings=recordings_folder(db_path),
        preferences=preferences,
        preferences_path=preferences_path,
    )


def _joined(given: list[HubAddress], url: str) -> HubAddress:
    """The address the console joined: one it was given, or one a hub named (same CA file)."""
    for address in given:
        if address.url == url:
            return address
    return reached_like(given)(url) if url else given[0]


def sync_directory(media, address: HubAddress, token: str, welcome: dict, db_path: Path) -> DirectoryWorker:
    """The directory worker on this hub's copy, brought up to date."""
    hub_directory = welcome.get("directory") or {}
    worker = open_directory(replica_path(db_path, welcome.get("hub_id") or ""))
    if not worker.submit(lambda d: in_step(d, hub_directory)).result(30):
        document = media.thread.submit(fetch_directory(address, token)).result(120)
        try:
            worker.submit(
                lambda d: apply_replica(d, document.get("directory") or hub_directory, document["records"])
            ).result(300)
        except ValueError as error:  # DivisionsError: the hub sent what no importer takes
            worker.close()
            raise ConsoleStartError(f"the hub's directory cannot be used: {error}") from None
    return worker


def online_sites(media, worker: DirectoryWorker) -> list[Site]:
    """The sites online now, in directory order."""
    keys = [row["key"] for row in media.roll_call(online_only=True).result(60).get("sites", [])]
    found = worker.submit(lambda d: [d.get(k) for k in keys]).result(60)
    return [site for site in found if site is not None]


def run_console(
    address: HubAddress | list[HubAddress],
    token: str,
    db_path: Path,
    renderer: str = "auto",
    wall_screen: int | None = None,
    room_wall: str | None = None,
    program: bool = False,
    screenshot: Path | None = None,
    quit_after: float | None = None,
    media_workers: int = 1,
    data=None,
    board: str | None = None,
    preferences=None,
    preferences_path: Path | None = None,
) -> int:
    if problem := need_display(screenshot):
        print(f"opsconsole: error: {problem}", file=sys.stderr)
        return 1
    try:
        console = start_remote_console(
            address,
            token,
            db_path,
            renderer,
            room_wall,
            program,
            media_workers=media_workers,
            data=data,
            preferences=preferences,
            preferences_path=preferences_path,
        )
    except ConsoleStartError as error:
        print(f"opsconsole console: error: {error}", file=sys.stderr)
        return 1
    if preferences_path is not None:  # a settings file with problems is said once
        settings_notice(console, preferences_path)
    if board is not None:  # start on the national board
        console.open_board(board or None)
    return run_window(console, screenshot, quit_after, wall_screen)
