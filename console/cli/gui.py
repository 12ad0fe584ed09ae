"""`opsconsole console` and `opsconsole demo`: the window (Qt loads only here)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from console.cli import data as data_options  # --data-url / --data-file
from console.cli.args import count, media_workers, port, seconds
from console.cli.client import add_client_options, check_media_stack, client_token, hub_addresses
from console.directory import default_db_path


def add_parsers(commands: Any) -> None:
    p = commands.add_parser("console", help="the console against a running hub (this machine or another)")
    add_client_options(p)
    p.add_argument(
        "--save-token",
        action="store_true",
        help="keep --token for this hub (desktop keyring, else a 0600 file) for the next start",
    )
    p.add_argument(
        "--room-wall",
        nargs="?",
        const="room",
        metavar="NAME",
        help="show the hub's room wall NAME (default 'room') and follow every change to it: the "
        "console on the room's big screen",
    )
    p.add_argument(
        "--program",
        action="store_true",
        help="publish this desk's program feed (camera and microphone, or test card and tone) "
        "to the sites it receives: the presenter's desk",
    )
    _window_options(p)
    data_options.add_source_options(p, sample_by_default=False)
    # Without --hub, the hub of the settings file; with neither, the first-run dialog.
    p.set_defaults(run=_console, needs_directory=False, hub=None, renderer=None)
    for action in p._actions:  # noqa: SLF001 (argparse has no public way to reword a shared option)
        if action.dest == "hub":
            action.help = (
                "the hub's address with its scheme (default: the one in the settings file; without "
                "one, the first-run dialog asks); plain http only to this machine, https otherwise"
            )
        elif action.dest == "renderer":
            action.help = "the wall's compositor (default: the settings file's, else OpenGL when it works)"

    p = commands.add_parser("demo", help="the console with an embedded hub and simulated communes")
    p.add_argument("--sites", type=count, default=36, metavar="N", help="simulated communes (default 36)")
    p.add_argument("--query", default="", help="start with this search typed in (Enter after 1.5 s)")
    p.add_argument(
        "--hub-port",
        type=port,
        default=0,
        metavar="PORT",
        help="the embedded hub's port (default: any free one; 8765 to invite browser sites)",
    )
    p.add_argument(
        "--hub-host",
        default="127.0.0.1",
        metavar="ADDR",
        help="the address the embedded hub listens on (default 127.0.0.1)",
    )
    p.add_argument(
        "--raise-hands",
        type=count,
        default=0,
        metavar="K",
        help="the first K simulated communes ask to speak (to try Grant and Dismiss)",
    )
    p.add_argument(
        "--no-program", dest="program", action="store_false", help="send no program feed to the sites (receive only)"
    )
    _window_options(p)
    data_options.add_source_options(p, sample_by_default=True)
    p.set_defaults(run=_demo, needs_directory=False)


def _window_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--renderer",
        choices=("auto", "gl", "numpy"),
        default="auto",
        help="the wall's compositor (default: OpenGL when it works)",
    )
    p.add_argument("--wall-screen", type=count, metavar="N", help="show the wall fullscreen on screen N")
    p.add_argument("--screenshot", type=Path, metavar="FILE", help="save a PNG of the window")
    p.add_argument("--quit-after", type=seconds, metavar="S", help="close after S seconds")
    p.add_argument(
        "--media-workers",
        type=media_workers,
        default=1,
        metavar="N",
        help="processes that receive and decode the sites (default 1; 0: a thread of the window's "
        "own process, for comparison)",
    )
    p.add_argument(
        "--board",
        nargs="?",
        const="",
        metavar="PROVINCE",
        help="start on the national board (B switches), with the province of this code open",
    )
    p.add_argument(
        "--lang",
        choices=("vi", "en"),
        default=None,
        help="the console's language: vi (Vietnamese) or en (English); default: the settings "
        "file's \"language\", else vi",
    )


def _use_language(args: argparse.Namespace) -> None:
    """Install the translation before any window is built; see console/app/language.py."""
    from console.app.console import qt_application
    from console.app.language import choose_language
    from console.app.window_run import need_display
    from console.views.i18n import Translations

    if need_display(args.screenshot):
        return  # no display: the command says so itself, before any window
    Translations.of(qt_application()).use(choose_language(args.lang))


def _console(args: argparse.Namespace) -> int:
    from console.app import run_console
    from console.cli.client import setup
    from console.model.settings import load_settings
    from console.paths import settings_file
    from console.signaling.token_store import TokenStore

    path = settings_file()
    preferences = load_settings(path)  # never raises; what was wrong is said once the window is up
    if args.hub is None and not preferences.hub_url:
        preferences = _first_run(args, preferences, path)
        if preferences is None:
            return 1
    if args.hub is None:  # the settings' hub, with its CA file unless --ca names another
        args.hub, args.ca = preferences.hub_url, args.ca or preferences.ca_file or None
    args.renderer = args.renderer or preferences.renderer
    if args.wall_screen is None:
        args.wall_screen = preferences.wall_screen
    setup(args, media=True)
    addresses = hub_addresses(args)  # a pair's hubs: the console joins the first that takes it
    address = addresses[0]
    _use_language(args)
    token = client_token(args, address)
    if args.save_token and args.token:
        store = TokenStore()
        store.put(address.url, args.token)
        print(f"saved the token for {address.url} in {store.where}")
    return run_console(
        addresses,
        token,
        db_path=args.db or default_db_path(),
        renderer=args.renderer,
        wall_screen=args.wall_screen,
        room_wall=args.room_wall,
        program=args.program,
        screenshot=args.screenshot,
        quit_after=args.quit_after,
        media_workers=args.media_workers,
        data=data_options.data_options(args),
        board=args.board,
        preferences=preferences,
        preferences_path=path,
    )


def _first_run(args: argparse.Namespace, preferences, path):
    """No hub given or saved: ask for one in the first-run dialog (a display is needed)."""
    from console.app.console import qt_application
    from console.app.window_run import has_display
    from console.app.wire_settings import first_run
    from console.signaling.token_store import TokenStore
    from console.views.i18n import Translations
    from console.views.settings_dialog import problems_notice

    if not has_display() or args.screenshot is not None:
        print(
            f"opsconsole console: error: no hub configured: give --hub URL (or run it once on a display "
            f"to choose one; it is kept in {path})",
            file=sys.stderr,
        )
        return None
    problems = preferences.problems
    if args.lang:  # the dialog shows, and speaks, the language asked for
        preferences = preferences.with_changes(language=args.lang)
    Translations.of(qt_application()).use(preferences.language)  # the notice in it, too
    notice = problems_notice(str(path), problems) if problems else ""
    chosen = first_run(preferences, path, TokenStore(), notice)
    if chosen is None:
        print("opsconsole console: no hub chosen", file=sys.stderr)
    return chosen


def _demo(args: argparse.Namespace) -> int:
    check_media_stack()  # before Qt and the embedded hub start
    from console.app import run_demo

    _use_language(args)
    return run_demo(
        db_path=args.db or default_db_path(),
        sites=args.sites,
        screenshot=args.screenshot,
        quit_after=args.quit_after,
        query=args.query,
        renderer=args.renderer,
        wall_screen=args.wall_screen,
        hub_host=args.hub_host,
        hub_port=args.hub_port,
        raise_hands=args.raise_hands,
        program=args.program,
        media_workers=args.media_workers,
        data=data_options.data_options(args),
        board=args.board,
    )
