"""`opsconsole store`: the hub's durable store (an SQLite file or PostgreSQL)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from console.cli.client import fail


def add_parser(commands: Any) -> None:
    p = commands.add_parser("store", help="the hub's durable store: move an installation to PostgreSQL")
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")
    copy = verbs.add_parser("copy", help="copy every durable table into an empty store (e.g. SQLite to PostgreSQL)")
    copy.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="STORE",
        help="sqlite:PATH or postgresql://USER@HOST/DATABASE (stop the hub first)",
    )
    copy.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="STORE",
        help="an empty store: postgresql://USER@HOST/DATABASE or sqlite:PATH",
    )
    copy.add_argument("--json", action="store_true", help="print the report as JSON")
    copy.set_defaults(run=_copy, needs_directory=False)


def _copy(args: argparse.Namespace) -> int:
    from console.directory.backend import StoreError, parse_store
    from console.directory.store_copy import copy_store

    try:
        source, target = parse_store(args.source), parse_store(args.target)
        if source.kind == "sqlite" and not _exists(source.location):
            return fail(f"no store at {source}: nothing to copy")
        report = copy_store(source, target)
    except StoreError as exc:
        return fail(str(exc))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        rows = ", ".join(f"{n} {table}" for table, n in report.rows.items())
        print(f"copied {report.source} into {report.target}: {rows}")
    return 0


def _exists(path: str) -> bool:
    from pathlib import Path

    return Path(path).expanduser().is_file()
