"""`opsconsole demo`: an embedded hub and simulated communes, then the same console as `opsconsole console`."""

from __future__ import annotations

import ssl
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer

from console.app.console import Console, build_console, connect_console, open_directory, qt_application
from console.app.sim_process import start_sim
from console.app.window_run import need_display, run_window
from console.directory import credentials
from console.hub import HubRunner
from console.media.service import LoopThread
from console.recording.catalog import recordings_folder
from console.signaling.hub_address import HubAddress
from console.sim.fleet import pick_sites
from console.views.directory_panel import DirectoryPanel


def start_demo(
    db_path: Path,
    sites: int = 36,
    renderer: str = "auto",
    settings: QSettings | None = None,
    simulate: bool = True,
    hub_host: str = "127.0.0.1",
    hub_port: int = 0,
    raise_hands: int = 0,
    program: bool = True,
    media_workers: int = 1,
    data=None,
    hub_tls: tuple[Path, Path] | None = None,
    sfu=None,
) -> Console:
    """Embedded hub, ``sites`` simulated communes in a child process, and the console joined to it
    with the local token (an admin: every control works). ``hub_tls``: the hub's certificate and
    key, for sites that reach it from another network (it is then served over https only);
    ``sfu``: a console.hub.sfu.SfuOrchestrator, for the meeting mode through Janus shards
    (`bench gui --media sfu`)."""
    qt_application()
    worker = open_directory(db_path)
    token = worker.submit(credentials.local_token).result(60)
    demo_sites = worker.submit(lambda d: pick_sites(d, sites)).result(30)
    loop_thread = LoopThread("media")
    try:
        # The console joins on 127.0.0.1 (the local token is accepted only there), whatever
        # else the hub listens on for its sites.
        local = () if hub_host in ("127.0.0.1", "", "0.0.0.0", "::") else ("127.0.0.1",)
        tls = None
        if hub_tls is not None:
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(*hub_tls)
        options = {"sfu": sfu} if sfu is not None else {}
        runner = HubRunner(db_path, host=hub_host, port=hub_port, ssl_context=tls, also_on=local, **options)
        hub = loop_thread.submit(runner.start()).result(30)
    except OSError as exc:
        loop_thread.stop()
        worker.close()
        raise OSError(
            exc.errno,
            f"the embedded hub cannot listen on {hub_host}:{hub_port}: "
            f"{exc.strerror or exc} (is another hub there? pick --hub-port)",
        ) from None
    sim = start_sim(db_path, hub.url, sites, raise_hands) if simulate and sites else None
    # The console talks to the embedded hub as to any other, over its URL (on this machine:
    # 127.0.0.1, whatever address the hub also listens on).
    if hub_tls is None:
        address = HubAddress(f"http://127.0.0.1:{hub.port}")
    else:
        address = HubAddress.parse(f"https://127.0.0.1:{hub.port}", ca=hub_tls[0])
    media, events, welcome = connect_console(address, token, loop_thread, program=program, media_workers=media_workers)
    console = build_console(
        media,
        events,
        welcome,
        worker,
        demo_sites,
        renderer=renderer,
        settings=settings,
        address=address,
        data=data,  # the data panel, recordings beside --db
        recordings=recordings_folder(db_path),
    )
    console.hub, console.sim = hub, sim
    return console


def run_demo(
    db_path: Path,
    sites: int = 36,
    screenshot: Path | None = None,
    quit_after: float | None = None,
    query: str = "",
    renderer: str = "auto",
    wall_screen: int | None = None,
    hub_host: str = "127.0.0.1",
    hub_port: int = 0,
    raise_hands: int = 0,
    program: bool = True,
    media_workers: int = 1,
    data=None,
    board: str | None = None,
) -> int:
    """Run the demo until its window closes (or ``quit_after`` seconds, with a screenshot)."""
    if problem := need_display(screenshot):
        print(f"opsconsole: error: {problem}", file=sys.stderr)
        return 1
    console = start_demo(
        db_path,
        sites,
        renderer,
        hub_host=hub_host,
        hub_port=hub_port,
        raise_hands=raise_hands,
        program=program,
        media_workers=media_workers,
        data=data,
    )
    if query:
        panel = console.part(DirectoryPanel)
        panel.search.setText(query)
        QTimer.singleShot(1500, panel.activate_first)
    if board is not None:  # start on the national board
        console.open_board(board or None)
    return run_window(console, screenshot, quit_after, wall_screen)
