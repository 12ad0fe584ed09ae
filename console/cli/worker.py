"""`opsconsole media-worker`: the console's media core in its own process (started by the
console itself, console/media/client.py; not for people)."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(commands: Any) -> None:
    p = commands.add_parser("media-worker", help=argparse.SUPPRESS)
    p.add_argument("--socket", required=True)
    p.set_defaults(run=_worker, needs_directory=False)


def _worker(args: argparse.Namespace) -> int:
    from console.media.worker import worker_main

    return worker_main(args.socket)
