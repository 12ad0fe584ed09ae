"""The media sessions the hub relays for, and the ones that outlive a hub connection.

Media flows peer to peer between a console and a site; the hub only carried their offer and
answer. When the hub restarts, or either side's connection to it drops, both ends keep a
live peer connection and name it in their next ``hello`` (``sessions``): the wall goes on
playing, and a restart is not followed by every site reconnecting at once.

The hub believes a kept session only when both ends name it. A console's claim is taken if
the site, online, said it kept that session; while the site is offline it is taken on trust
and checked when the site joins. Whatever one end claims and the other does not hold is hung
up at the claimant, which offers again. A site's kept session that no console claims is left
to the site: without a console at the far end its connection fails (ICE consent, or the
console's DTLS close) and the site ends it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from console.hub.peers import Peer

MAX_SESSIONS_PER_CONSOLE = 256
MAX_SESSIONS_PER_SITE = 4


@dataclass
class MediaSession:
    """An offer/answer exchange between one console and one site."""

    console: Peer
    site: str


@dataclass(frozen=True)
class Refusal:
    """A kept session the hub does not believe: hung up at the peer that named it."""

    session: str
    site: str
    reason: str


def adopt_console_sessions(
    media: dict[str, MediaSession],
    console: Peer,
    claims: Iterable[dict[str, Any]],
    sites: dict[str, Peer],
    site_exists: Callable[[str], bool],
) -> list[Refusal]:
    """Take what a joining console says it kept (validated ``hello.sessions``) into ``media``;
    returns the claims refused."""
    refused = []
    held = Counter(m.site for m in media.values() if m.console is console)  # counted once, not per claim
    for claim in claims:
        session, key = claim["session"], claim.get("site") or ""
        reason = _claim_refused(media, console, session, key, sites, site_exists, held)
        if reason:
            refused.append(Refusal(session, key, reason))
            continue
        media[session] = MediaSession(console, key)
        held[key] += 1
        if (site := sites.get(key)) is not None:
            site.kept.discard(session)
    return refused


def _claim_refused(
    media: dict[str, MediaSession],
    console: Peer,
    session: str,
    key: str,
    sites: dict[str, Peer],
    site_exists: Callable[[str], bool],
    held: Counter,
) -> str:
    if "watch" not in console.permissions:
        return "this console may not receive sites"
    if not key or not site_exists(key):
        return f"unknown site {key!r}"
    if session in media:
        return "the session is already another exchange's"
    if sum(held.values()) >= MAX_SESSIONS_PER_CONSOLE or held[key] >= MAX_SESSIONS_PER_SITE:
        return "too many media sessions"
    site = sites.get(key)
    if site is not None and session not in site.kept:
        return "the site did not keep this session"
    return ""


def check_site_sessions(media: dict[str, MediaSession], site: Peer) -> list[tuple[MediaSession, Refusal]]:
    """A site joined, naming what it kept (``site.kept``): the consoles' claims on it that it
    does not hold are taken out of ``media`` and returned, to be hung up at those consoles;
    the ones it holds are matched (and leave ``site.kept``)."""
    dropped = []
    for session, exchange in list(media.items()):
        if exchange.site != site.identity:
            continue
        if session in site.kept:
            site.kept.discard(session)
        else:
            del media[session]
            dropped.append((exchange, Refusal(session, site.identity, "the site did not keep this session")))
    return dropped
