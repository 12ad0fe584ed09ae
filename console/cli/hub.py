"""`opsconsole hub`: run the hub (signaling, presence, tokens, roles, room walls, audit)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from console.cli.args import port
from console.cli.client import add_client_options, fail, setup
from console.directory import default_db_path


def add_parser(commands: Any) -> None:
    p = commands.add_parser("hub", help="run the hub: signaling, presence, tokens, audit")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=port, default=8765)
    p.add_argument("--tls-cert", metavar="PEM", help="serve HTTPS/WSS with this certificate (chain): browsers "
                   "on other machines give the site page a camera only over https")
    p.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    add_client_options(p, hub=False, token=False)
    p.set_defaults(run=_hub, needs_directory=False)


def _hub(args: argparse.Namespace) -> int:
    from console.hub.run import run_hub, tls_context

    context = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            return fail("--tls-cert and --tls-key go together", 2)
        try:
            context = tls_context(args.tls_cert, args.tls_key)
        except ValueError as exc:
            return fail(str(exc))
    setup(args)
    return asyncio.run(run_hub(args.db or default_db_path(), args.host, args.port, context))
