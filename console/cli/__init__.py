"""`opsconsole`: the command line. Parses arguments and hands each subcommand its services."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from console import __version__
from console.cli import (  # data, recording, meeting minutes
    audit,
    bench,
    data,
    gui,
    hub,
    operators,
    probe,
    record,
    report,
    sim,
    sites,
    store,
    worker,
)
from console.cli.args import Parser, db_file
from console.cli.client import MediaStackRefused, UsageError, store_location
from console.directory import DivisionsError, GroupError, SiteDirectory, SiteLookupError, default_db_path
from console.directory.backend import StoreError
from console.processes import end_with_parent


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="opsconsole",
        description="Operations-room console for Viet Nam's commune video network.",
    )
    parser.add_argument("--version", action="version", version=f"opsconsole {__version__}")
    parser.add_argument(
        "--db",
        type=db_file,
        default=None,
        metavar="PATH",
        help=f"the SQLite file of sites, tokens and audit (default: {default_db_path()})",
    )
    # The hub's store for the commands that read or change it (sites, operators, audit, …);
    # ``hub --store`` is the same option for the hub.
    parser.add_argument(
        "--store",
        dest="global_store",
        default=None,
        metavar="URL",
        help="the hub's store instead of --db: sqlite:PATH or postgresql://USER@HOST/DATABASE",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sites.add_parser(commands)
    operators.add_parser(commands)
    hub.add_parser(commands)
    store.add_parser(commands)
    sim.add_parser(commands)
    probe.add_parser(commands)
    audit.add_parser(commands)
    bench.add_parser(commands)
    gui.add_parsers(commands)
    worker.add_parser(commands)
    data.add_parser(commands)
    record.add_parsers(commands)
    report.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    end_with_parent()  # a child of ours (sims, media worker, a bench's hub) never outlives its parent
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if not getattr(args, "needs_directory", True):
            return args.run(args)
        directory = SiteDirectory.open(store_location(args))
        try:
            return args.run(directory, args)
        finally:
            directory.close()
    except UsageError as exc:
        print(f"opsconsole {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except MediaStackRefused as exc:
        print(f"opsconsole {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except (DivisionsError, GroupError, SiteLookupError, StoreError) as exc:
        print(f"opsconsole: error: {exc}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:
        where = args.db or default_db_path()
        print(f"opsconsole: error: {where} is not a usable opsconsole database ({exc})", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `opsconsole sites search x | head`
        return 0
    except OSError as exc:  # a port in use, an unreachable hub: say so, no traceback
        print(f"opsconsole: error: {exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
