"""Where a client of a hub pair goes: the addresses it was given and learnt, and the one it uses.

A client starts with the addresses of its command line (``--hub URL1,URL2``) and learns the
others from every ``welcome`` (``hubs``, the active hub first). When its hub is lost it tries the
next address; when a hub answers ``standby`` it goes straight to the active hub that answer names.
How long it waits between tries is the one reconnect policy (backoff.py), not this list's business.
A single address is a single hub: every loss tries it again, as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from console.model.reasons import reason_of
from console.signaling.channel import CONNECT_S, CONNECT_S_WITH_ANOTHER_HUB

T = TypeVar("T")
MAX_HUBS = 8  # a welcome's list is a hub pair or a few more, never a crowd
ABNORMAL_CLOSURE = 1006  # a WebSocket that ended without a close frame (RFC 6455 §7.1.5)


def reached_like(given: Any) -> Callable[[str], Any]:
    """How a hub's URL from a welcome or a standby is reached: as the first address ``given``
    (one, or a list) is; a ``HubAddress`` is checked as ``--hub`` is, with the same CA file."""
    from console.signaling.hub_address import HubAddress

    first = given[0] if isinstance(given, list) else given
    if isinstance(first, HubAddress):
        return lambda url: HubAddress.parse(url, first.ca)
    return str


def split_hubs(text: str) -> list[str]:
    """``URL1,URL2`` as a list (blank entries dropped, order kept)."""
    return [part.strip() for part in text.split(",") if part.strip()]


class HubList:
    """The hubs a client knows, in order, and the one it is on (``current``)."""

    def __init__(self, addresses: str | Iterable[Any], make: Callable[[str], Any] = str) -> None:
        """``make`` turns a URL a hub gave into what the client connects with (a ``HubAddress``
        with the client's CA, say); the addresses given here are kept as they are."""
        given = split_hubs(addresses) if isinstance(addresses, str) else list(addresses)
        if not given:
            raise ValueError("a client needs at least one hub address")
        self._make = make
        self.addresses: list[Any] = []
        self._at = 0
        self._lost = ""  # the address last found lost: a standby may still name it for a moment
        for address in given:
            self._add(address)

    @property
    def current(self) -> Any:
        return self.addresses[self._at]

    @property
    def connect_s(self) -> float:
        """How long a connection to ``current`` may take: shorter where another hub is there to
        try instead (channel.py)."""
        return CONNECT_S if len(self.addresses) == 1 else CONNECT_S_WITH_ANOTHER_HUB

    def lost(self) -> Any:
        """The hub in use was lost (or refused with no better hint): the next one, round the list."""
        self._lost = _key(self.current)
        self._at = (self._at + 1) % len(self.addresses)
        return self.current

    def dropped(self, close_code: int | None) -> Any:
        """The connection to the hub in use ended; the hub to try first. Without a close from
        the hub (no close frame: 1006, or none at all) its process or machine is gone, and a
        lost machine answers no new connection either: each try would wait out the connect
        timeout before the next address. So the next address is tried first, as after a failed
        connection. A hub that closed with a word of its own (a restart, a step-down,
        a revoked token) is asked again first. One hub: always that one."""
        if close_code in (None, ABNORMAL_CLOSURE):
            return self.lost()
        return self.current

    def learn(self, welcome: dict[str, Any]) -> None:
        """Add the addresses a ``welcome`` lists (as plain URLs; unknown ones at the end)."""
        hubs = welcome.get("hubs")
        if isinstance(hubs, list):
            for address in hubs[:MAX_HUBS]:
                if isinstance(address, str) and address:
                    self._add_url(address)

    def follow(self, error: BaseException) -> bool:
        """After a ``standby`` refusal: go to the active hub it names, or stay when it names none
        or the hub this client just lost (a takeover is under way). False for any other error
        (then ``lost()`` tries the next)."""
        code, args = reason_of(error)
        if code != "hub_standby":
            return False
        active = args.get("active")
        if not isinstance(active, str):
            return False
        # Naming nobody (the lease has just expired) or the hub this client just lost (its news
        # is older than ours): stay, one of the standbys is about to take over.
        if not active or _key(active) == self._lost:
            return True
        at = self._add_url(active)
        if at is None:
            return False
        self._at = at
        return True

    def _add_url(self, url: str) -> int | None:
        """Add a URL a hub gave; None where it is not one this client can use."""
        for index, known in enumerate(self.addresses):
            if _key(known) == _key(url):
                return index
        try:
            address = self._make(url)
        except ValueError:  # e.g. plain http to another machine: not followed
            return None
        return self._add(address)

    def _add(self, address: Any) -> int:
        key = _key(address)
        for index, known in enumerate(self.addresses):
            if _key(known) == key:
                return index
        if len(self.addresses) >= MAX_HUBS:
            return self._at
        self.addresses.append(address)
        return len(self.addresses) - 1


def _key(address: Any) -> str:
    """An address as compared: its URL, ws(s) read as http(s), without a trailing slash."""
    text = str(getattr(address, "url", address)).rstrip("/")
    for websocket, http in (("ws://", "http://"), ("wss://", "https://")):
        if text.startswith(websocket):
            return http + text[len(websocket) :]
    return text


async def join_any(hubs: HubList, join: Callable[[Any], Awaitable[T]], standby_code: str = "standby") -> T:
    """``join(address)`` on the hubs in turn, from ``hubs.current``: a standby's refusal goes to
    the active hub it names, anything else that fails to the next address. For a one-off client
    (``probe``, ``record``) that has nothing to wait for; the last error when none would have it."""
    last: BaseException | None = None
    for _ in range(2 * len(hubs.addresses) + 2):  # a list round twice, and a standby's hint or two
        try:
            return await join(hubs.current)
        except Exception as error:  # the caller's errors: refused, unreachable, standby
            last = error
            if getattr(error, "code", "") != standby_code or not hubs.follow(error):
                hubs.lost()
    assert last is not None
    raise last
