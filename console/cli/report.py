"""`opsconsole report meeting --since … [--until …] [--group G] --out FILE.html|.csv`:
the minutes of a meeting from the hub's presence log and audit trail."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    report = commands.add_parser("report", help="reports from the hub's records: meeting minutes")
    kinds = report.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    p = kinds.add_parser(
        "meeting",
        help="who was present (join and leave times), who spoke, who was muted and "
        "by whom, recordings, alarms; as HTML or CSV",
    )
    p.add_argument(
        "--since",
        required=True,
        metavar="WHEN",
        help="the meeting's start: a span back from now (90m, 2h, 1d) or an ISO time (2026-11-30T09:00, "
        "UTC unless it names a zone)",
    )
    p.add_argument("--until", metavar="WHEN", help="the meeting's end (default: now), as --since")
    p.add_argument("--group", metavar="G", help="only this group's sites (opsconsole sites group list)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="FILE.html or FILE.csv")
    p.set_defaults(run=_meeting)


def _meeting(directory, args: argparse.Namespace) -> int:
    from console.directory.audit import parse_since
    from console.reports import meeting_minutes, write_minutes

    if args.out.suffix.lower() not in (".html", ".htm", ".csv"):
        print(f"opsconsole: error: --out must end in .html or .csv, not {args.out.name!r}", file=sys.stderr)
        return 2
    try:
        since = parse_since(args.since)
        until = parse_since(args.until) if args.until else None
    except ValueError as exc:
        print(f"opsconsole: error: {exc}", file=sys.stderr)
        return 2
    if args.group:
        directory.group(args.group)  # an unknown group is a clear error (GroupError), not an empty report
    minutes = meeting_minutes(directory, since, until, args.group)
    try:
        write_minutes(minutes, args.out)
    except OSError as exc:
        print(f"opsconsole: error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(
        f"{args.out}: {len(minutes.present_sites())} sites present, {len(minutes.of('talk'))} talks, "
        f"{len(minutes.of('granted_hand'))} hands granted, {len(minutes.of('muted'))} mutes, "
        f"{len(minutes.of('recorded'))} recordings"
        + ("" if minutes.alarms is None else f", {len(minutes.alarms)} alarms")
    )
    return 0
