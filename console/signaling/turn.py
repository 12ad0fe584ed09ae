"""Time-limited TURN credentials (the TURN REST API scheme that coturn's ``use-auth-secret`` checks).

The hub and the relay share one secret; the hub gives each site and console a credential of
its own: the username is ``"<expiry>:<subject>"`` (expiry in Unix seconds), the password is
``base64(HMAC-SHA1(secret, username))``. The relay recomputes the password from the username,
so it needs no list of users, and refuses a credential once its expiry has passed.

The relay cannot tell one subject from another (any name with a valid HMAC is accepted):
what limits a leaked credential is its expiry, which is why they are short and renewed.

This module is pure: it mints, renews and reads the ``ice_servers`` field of the protocol
(docs/protocol.md "TURN credentials"); the hub sends it, clients hand it to WebRTC.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_TTL_S = 3600.0  # one hour: renewed at half-life, so a credential in use has 30 min left at worst
MIN_TTL_S = 60.0
MAX_URLS = 8  # per field; each URL at most MAX_URL_CHARS
MAX_URL_CHARS = 256
MAX_USERNAME_CHARS = 160
SECRET_ENV_VAR = "OPSCONSOLE_TURN_SECRET"

# stun:host[:port]  turn:host[:port][?transport=udp|tcp]  turns:host[:port][?transport=tcp]
_URL = re.compile(r"^(stun|turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$")


@dataclass(frozen=True)
class TurnCredential:
    username: str
    password: str
    expires: int  # Unix seconds

    def renew_at(self, issued: float) -> float:
        """When to send a fresh one: at half the credential's life (Unix seconds)."""
        return issued + (self.expires - issued) / 2


def subject_name(kind: str, name: str) -> str:
    """A username's subject: ``site-commune-26734`` (a colon would read as the separator)."""
    return re.sub(r"[^A-Za-z0-9._@-]", "-", f"{kind}-{name}")[:100]


def mint(secret: str, subject: str, now: float, ttl_s: float = DEFAULT_TTL_S) -> TurnCredential:
    """A credential for ``subject`` valid until ``now + ttl_s``."""
    if not secret:
        raise ValueError("the TURN secret is empty")
    if ":" in subject:
        raise ValueError("a TURN subject may not hold a colon (the username's separator)")
    expires = int(now + ttl_s)
    username = f"{expires}:{subject}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return TurnCredential(username, base64.b64encode(digest).decode("ascii"), expires)


def check(secret: str, username: str, password: str, now: float) -> bool:
    """What the relay checks: the HMAC matches and the expiry has not passed."""
    expiry, _, _ = username.partition(":")
    if not expiry.isdigit() or int(expiry) <= now:
        return False
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode("ascii"), password)


def parse_urls(text: str) -> tuple[str, ...]:
    """``"turn:relay.gov.vn:3478,turns:relay.gov.vn:443?transport=tcp"``; raises ValueError naming a bad entry."""
    urls = tuple(part.strip() for part in text.split(",") if part.strip())
    if not urls:
        raise ValueError("no TURN URL given")
    if len(urls) > MAX_URLS:
        raise ValueError(f"at most {MAX_URLS} TURN URLs")
    for url in urls:
        if len(url) > MAX_URL_CHARS or not _URL.match(url):
            raise ValueError(f"{url!r} is not a stun:, turn: or turns: URL (turn:HOST[:PORT][?transport=udp|tcp])")
        if url.startswith("stun:") and "?" in url:
            raise ValueError(f"{url!r}: a stun: URL takes no transport")
    return urls


def ice_servers(urls: Iterable[str], credential: TurnCredential) -> dict[str, Any]:
    """The protocol's ``ice_servers`` field: WebRTC's RTCIceServer list and when it expires."""
    urls = list(urls)
    stun = [u for u in urls if u.startswith("stun:")]
    turn = [u for u in urls if not u.startswith("stun:")]
    servers: list[dict[str, Any]] = []
    if stun:
        servers.append({"urls": stun})
    if turn:
        servers.append({"urls": turn, "username": credential.username, "credential": credential.password})
    return {"servers": servers, "expires": credential.expires}


def read_ice_servers(field: Any) -> list[dict[str, Any]]:
    """The servers of an ``ice_servers`` field from the hub, checked; [] for a missing or bad one
    (a client then goes without a relay, as before relays existed, rather than failing)."""
    if not isinstance(field, Mapping) or not isinstance(field.get("servers"), list):
        return []
    found: list[dict[str, Any]] = []
    for server in field["servers"][:MAX_URLS]:
        if not isinstance(server, Mapping):
            continue
        urls = server.get("urls")
        if not isinstance(urls, list):
            continue
        good = [u for u in urls[:MAX_URLS] if isinstance(u, str) and len(u) <= MAX_URL_CHARS and _URL.match(u)]
        if not good:
            continue
        entry: dict[str, Any] = {"urls": good}
        username, credential = server.get("username"), server.get("credential")
        if isinstance(username, str) and isinstance(credential, str) and len(username) <= MAX_USERNAME_CHARS:
            entry.update(username=username, credential=credential[:MAX_URL_CHARS])
        elif any(not u.startswith("stun:") for u in good):
            continue  # a relay without a credential cannot be used
        found.append(entry)
    return found
