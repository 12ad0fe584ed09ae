"""`opsconsole hub`: run the hub (signaling, presence, tokens, roles, room walls, audit)."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from console.cli.args import port
from console.cli.client import add_client_options, fail, setup
from console.directory import default_db_path

MIN_LEASE_TTL_S, MAX_LEASE_TTL_S = 1.0, 120.0  # under a second, one slow statement deposes the hub


def add_parser(commands: Any) -> None:
    p = commands.add_parser("hub", help="run the hub: signaling, presence, tokens, audit")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=port, default=8765)
    p.add_argument(
        "--tls-cert",
        metavar="PEM",
        help="serve HTTPS/WSS with this certificate (chain): browsers "
        "on other machines give the site page a camera only over https",
    )
    p.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    # Media mode "sfu": sites publish into Janus shards the hub orchestrates.
    p.add_argument(
        "--media",
        choices=("embedded", "janus"),
        default="embedded",
        help="embedded: sites send peer to peer to consoles (default); janus: through Janus shards",
    )
    p.add_argument(
        "--janus",
        metavar="URL[,URL…]",
        help="the Janus shards' API URLs "
        "(http://HOST:8088/janus; their Admin API is expected at http://HOST:7088/admin)",
    )
    p.add_argument(
        "--janus-secret",
        metavar="SECRET",
        help="the shards' api_secret, admin_secret and plugin "
        "admin_key (default: $OPSCONSOLE_JANUS_SECRET); without it the hub issues room pins only",
    )
    p.add_argument(
        "--program-route",
        choices=("streaming", "videoroom"),
        default="streaming",
        help="how the program reaches every shard (docs/scale.md; default streaming)",
    )
    p.add_argument(
        "--store",
        metavar="URL",
        help="where the hub keeps everything durable: sqlite:PATH or "
        "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE (default: the --db SQLite file)",
    )
    p.add_argument(
        "--hub-id",
        metavar="NAME",
        help="this hub's name in a hub pair on PostgreSQL (default: HOST:PORT of this machine)",
    )
    p.add_argument(
        "--advertise",
        metavar="URL",
        help="where clients reach this hub, given to them by every hub of a pair "
        "(default: the listening address, e.g. https://10.0.0.5:8765)",
    )
    p.add_argument(
        "--lease-ttl",
        type=float,
        default=None,
        metavar="S",
        help="how long the active hub's lease lasts unrenewed, in a hub pair (default 3: a lost hub "
        "is taken over within 5 s; a longer lease rides out a longer PostgreSQL restart)",
    )
    p.add_argument(
        "--turn",
        metavar="URL[,URL…]",
        help="the TURN relay (coturn with use-auth-secret) for communes behind NAT or firewalls, e.g. "
        "turn:relay:3478,turn:relay:443?transport=tcp; the hub gives every site and console "
        "time-limited credentials for it",
    )
    p.add_argument(
        "--turn-secret",
        metavar="SECRET",
        help="the relay's static-auth-secret (default: $OPSCONSOLE_TURN_SECRET, or --turn-secret-file)",
    )
    p.add_argument("--turn-secret-file", metavar="PATH", help="read the relay's secret from this file")
    p.add_argument(
        "--turn-ttl",
        type=float,
        default=None,
        metavar="S",
        help="how long a TURN credential is valid (default 3600; renewed at half its life)",
    )
    add_client_options(p, hub=False, token=False)
    p.set_defaults(run=_hub, needs_directory=False)


def store_of(args: argparse.Namespace):
    """The hub's store: --store, else the --db file (raises StoreError for a wrong --store)."""
    from console.directory.backend import StoreTarget, parse_store

    if args.store or getattr(args, "global_store", None):
        return parse_store(args.store or args.global_store)
    return StoreTarget("sqlite", str(args.db or default_db_path()))


def _hub(args: argparse.Namespace) -> int:
    from console.directory.backend import StoreError
    from console.hub.run import run_hub, tls_context

    try:
        store = store_of(args)
    except StoreError as exc:
        return fail(str(exc), 2)
    context = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            return fail("--tls-cert and --tls-key go together", 2)
        try:
            context = tls_context(args.tls_cert, args.tls_key)
        except ValueError as exc:
            return fail(str(exc))
    sfu = None
    if args.media == "janus":  # SFU
        sfu = _sfu(args)
        if isinstance(sfu, int):
            return sfu
    elif args.janus:
        return fail("--janus needs --media janus", 2)
    if (args.hub_id or args.advertise or args.lease_ttl is not None) and store.kind != "postgresql":
        return fail("--hub-id, --advertise and --lease-ttl are for a hub pair: give --store postgresql://…", 2)
    if args.lease_ttl is not None and not MIN_LEASE_TTL_S <= args.lease_ttl <= MAX_LEASE_TTL_S:
        return fail(f"--lease-ttl must be {MIN_LEASE_TTL_S:g} to {MAX_LEASE_TTL_S:g} seconds", 2)
    if args.advertise and urlparse(args.advertise).scheme not in ("http", "https", "ws", "wss"):
        return fail(f"--advertise takes a URL: {args.advertise} (e.g. https://hub-b.example:8765)", 2)
    turn = _turn(args)
    if isinstance(turn, int):
        return turn
    setup(args)
    location = store.location if store.kind == "postgresql" else Path(store.location)
    pair = None
    if store.kind == "postgresql":
        from console.hub.lease import LeaseTiming

        timing = None if args.lease_ttl is None else LeaseTiming.for_ttl(args.lease_ttl)
        pair = {"hub_id": args.hub_id, "advertise": args.advertise, "timing": timing}
    return asyncio.run(run_hub(location, args.host, args.port, context, sfu=sfu, pair=pair, turn=turn))


def _turn(args: argparse.Namespace):
    """The TURN issuer --turn asks for (None without it), or an exit code."""
    from console.hub.turn_relay import TurnIssuer
    from console.signaling import turn

    secret = args.turn_secret or os.environ.get(turn.SECRET_ENV_VAR) or ""
    if args.turn_secret_file:
        try:
            secret = Path(args.turn_secret_file).read_text().strip()
        except OSError as exc:
            return fail(f"cannot read --turn-secret-file: {exc.strerror}", 2)
    if not args.turn:
        if args.turn_secret or args.turn_secret_file or args.turn_ttl is not None:
            return fail("--turn-secret, --turn-secret-file and --turn-ttl need --turn URL[,URL…]", 2)
        return None
    try:
        urls = turn.parse_urls(args.turn)
    except ValueError as exc:
        return fail(f"--turn: {exc}", 2)
    if not secret:
        return fail(f"--turn needs the relay's secret: --turn-secret, --turn-secret-file or ${turn.SECRET_ENV_VAR}", 2)
    ttl = turn.DEFAULT_TTL_S if args.turn_ttl is None else args.turn_ttl
    if ttl < turn.MIN_TTL_S:
        return fail(f"--turn-ttl must be at least {turn.MIN_TTL_S:g} seconds", 2)
    return TurnIssuer(urls, secret, ttl)


def _sfu(args: argparse.Namespace):
    """The SFU orchestrator --media janus asks for, or an exit code."""
    from console.hub.sfu import SfuOrchestrator

    urls = [u.strip() for u in (args.janus or "").split(",") if u.strip()]
    if not urls:
        return fail("--media janus needs --janus URL[,URL…]", 2)
    bad = [u for u in urls if urlparse(u).scheme not in ("http", "https") or not urlparse(u).hostname]
    if bad:
        return fail(f"not a Janus API URL: {bad[0]} (e.g. http://10.0.0.2:8088/janus)", 2)
    secret = args.janus_secret or os.environ.get("OPSCONSOLE_JANUS_SECRET") or None
    store = store_of(args)
    if store.kind == "postgresql":  # kept in the store, where any hub on it finds them
        from console.hub.sfu_sessions import StoreSessions

        return SfuOrchestrator(urls, secret, args.program_route, sessions=StoreSessions())
    db = Path(store.location)
    # Its Janus control sessions, kept next to the database: a restarted hub claims them.
    return SfuOrchestrator(urls, secret, args.program_route, state_path=db.with_name(db.name + ".janus.json"))
