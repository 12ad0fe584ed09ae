"""`opsconsole`: the command line. Parses arguments and hands each subcommand its services."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from console.cli_args import count, port, seconds
from console import __version__, cli_bench, cli_media, cli_operators, cli_sites
from console import cli_data, cli_record, cli_report  # issue 15: data, recording, meeting minutes
from console.directory import DivisionsError, GroupError, SiteDirectory, SiteLookupError, default_db_path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opsconsole",
        description="Operations-room console for Viet Nam's commune video network.",
    )
    parser.add_argument("--version", action="version", version=f"opsconsole {__version__}")
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help=f"the SQLite file of sites, tokens and audit (default: {default_db_path()})")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cli_sites.add_parser(commands)
    cli_operators.add_parser(commands)
    cli_media.add_parsers(commands)
    cli_bench.add_parser(commands)
    cli_data.add_parser(commands)      # issue 15
    cli_record.add_parsers(commands)   # issue 15
    cli_report.add_parser(commands)    # issue 15
    demo = commands.add_parser("demo", help="the console with an embedded hub and simulated communes")
    demo.add_argument("--sites", type=count, default=36, metavar="N", help="simulated communes (default 36)")
    demo.add_argument("--renderer", choices=("auto", "gl", "numpy"), default="auto",
                      help="the wall's compositor (default: OpenGL when it works)")
    demo.add_argument("--wall-screen", type=count, metavar="N", help="show the wall fullscreen on screen N")
    demo.add_argument("--screenshot", type=Path, metavar="FILE", help="save a PNG of the window")
    demo.add_argument("--quit-after", type=seconds, metavar="S", help="close after S seconds")
    demo.add_argument("--query", default="", help="start with this search typed in (Enter after 1.5 s)")
    demo.add_argument("--hub-port", type=port, default=0, metavar="PORT",
                      help="the embedded hub's port (default: any free one; 8765 to invite browser sites)")
    demo.add_argument("--raise-hands", type=count, default=0, metavar="K",
                      help="the first K simulated communes ask to speak (to try Grant and Dismiss)")
    demo.add_argument("--no-program", dest="program", action="store_false",
                      help="send no program feed to the sites (receive only)")
    demo.add_argument("--hub-host", default="127.0.0.1", metavar="ADDR",
                      help="the address the embedded hub listens on (default 127.0.0.1)")
    cli_data.add_source_options(demo)   # issue 15: --data-url / --data-file (default: the sample)
    demo.set_defaults(run=_demo, needs_directory=False)
    return parser


def _demo(args: argparse.Namespace) -> int:
    from console.app import run_demo  # Qt loads only for the GUI

    return run_demo(db_path=args.db or default_db_path(), sites=args.sites, screenshot=args.screenshot,
                    quit_after=args.quit_after, query=args.query, renderer=args.renderer,
                    wall_screen=args.wall_screen, hub_host=args.hub_host, hub_port=args.hub_port,
                    raise_hands=args.raise_hands, program=args.program, data=cli_data.data_options(args))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if not getattr(args, "needs_directory", True):
            return args.run(args)
        directory = SiteDirectory.open(args.db or default_db_path())
        try:
            return args.run(directory, args)
        finally:
            directory.close()
    except (DivisionsError, GroupError, SiteLookupError) as exc:
        print(f"opsconsole: error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        where = args.db or default_db_path()
        print(f"opsconsole: error: {where} is not a usable opsconsole database ({exc})", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `opsconsole sites search x | head`
        return 0
    except OSError as exc:   # a port in use, an unreachable hub: say so, no traceback
        print(f"opsconsole: error: {exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
