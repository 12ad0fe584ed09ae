"""What every client command (`console`, `sim`, `probe`, `sites invite`, `record`) shares: the
hub's address with its TLS, the token, the ICE networks and logging.

The token comes from ``--token``, else ``$OPSCONSOLE_TOKEN``, else what the user saved for
that hub (the desktop keyring, or a 0600 file: ``console --save-token``), else, for a hub on
this machine, the local token kept in ``--db``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from console.cli.args import hub_url
from console.directory import SiteDirectory, credentials, default_db_path
from console.signaling.hub_address import HubAddress, HubAddressError
from console.signaling.hub_list import split_hubs

DEFAULT_HUB = "http://127.0.0.1:8765"


class UsageError(Exception):
    """A bad option value found after parsing (exit status 2, one line, no traceback)."""


class MediaStackRefused(Exception):
    """The installed aiortc or aioice lacks what the console reaches into (exit status 1)."""


def add_client_options(p: argparse.ArgumentParser, hub: bool = True, token: bool = True) -> None:
    if hub:
        p.add_argument(
            "--hub",
            default=DEFAULT_HUB,
            type=hub_url,
            metavar="URL",
            help=f"the hub's address with its scheme (default {DEFAULT_HUB}); plain http only "
            "to this machine, https otherwise",
        )
        p.add_argument(
            "--ca",
            metavar="PEM",
            help="trust this CA (or the hub's self-signed certificate) for an https hub, instead of the system's CAs",
        )
    if token:
        p.add_argument(
            "--token",
            help="credential for the hub (default: $OPSCONSOLE_TOKEN, the saved token, "
            "or the local token in --db for a hub on this machine)",
        )
    p.add_argument(
        "--ice-networks",
        metavar="CIDRS",
        help="networks media may use, e.g. 10.20.0.0/16 (default: $OPSCONSOLE_ICE_NETWORKS, "
        "or 127.0.0.1 when the hub is on loopback)",
    )
    p.add_argument("-v", "--verbose", action="store_true")


def setup(args: argparse.Namespace, media: bool = False) -> None:
    """Logging and the ICE network policy, from the options; with ``media`` (a command that
    sends or receives media), the self-check of the hooks into aiortc and aioice first."""
    from console.rtc import IcePolicy, install_ice_policy

    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.ice_networks:
        policy = IcePolicy.parse(args.ice_networks)
    else:
        address = getattr(args, "hub", None) or DEFAULT_HUB
        loopback = IcePolicy.loopback() if HubAddress(address).on_this_machine else None
        policy = IcePolicy.from_env(loopback)
    if media:
        check_media_stack()
    install_ice_policy(policy)


def check_media_stack() -> None:
    """The self-check of the hooks into aiortc and aioice (console/rtc/aiortc_internals.py);
    MediaStackRefused, naming the broken hooks and the installed versions, if one fails."""
    from console.rtc.aiortc_internals import AiortcInternalsChanged, check_aiortc_internals

    try:
        check_aiortc_internals()
    except AiortcInternalsChanged as exc:
        raise MediaStackRefused(str(exc)) from None


def hub_address(args: argparse.Namespace) -> HubAddress:
    """``--hub`` and ``--ca`` checked (UsageError with the reason); of a list, the first."""
    return hub_addresses(args)[0]


def hub_addresses(args: argparse.Namespace) -> list[HubAddress]:
    """Every hub ``--hub URL1,URL2`` names (the hubs of a pair), in order, each checked."""
    try:
        addresses = [HubAddress.parse(text, getattr(args, "ca", None)) for text in split_hubs(args.hub or "")]
    except HubAddressError as exc:
        raise UsageError(str(exc)) from None
    if not addresses:
        raise UsageError("--hub needs the hub's address, e.g. https://hub.example:8765")
    return addresses


def client_token(args: argparse.Namespace, address: HubAddress) -> str:
    """The token to join ``address`` with (see the module's docstring); UsageError if none."""
    if getattr(args, "token", None):
        return args.token
    if os.environ.get("OPSCONSOLE_TOKEN"):
        return os.environ["OPSCONSOLE_TOKEN"]
    from console.signaling.token_store import TokenStore

    saved = TokenStore().get(address.url)
    if saved:
        return saved
    if not address.on_this_machine:
        raise UsageError(
            f"no token for {address.url}: give --token, set OPSCONSOLE_TOKEN, or save one "
            "(`opsconsole console --hub URL --token T --save-token`)"
        )
    directory = SiteDirectory.open(store_location(args))
    try:
        return credentials.local_token(directory)
    finally:
        directory.close()


def store_location(args: argparse.Namespace) -> str | Path:
    """The store the command reads: the global --store (sqlite:PATH or postgresql://…), else --db."""
    return getattr(args, "global_store", None) or args.db or default_db_path()


def fail(message: str, status: int = 1) -> int:
    print(f"opsconsole: error: {message}", file=sys.stderr)
    return status
