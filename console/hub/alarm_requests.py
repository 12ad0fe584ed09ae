"""The hub's alarms and the current meeting, as requests from consoles (a mixin of ``Hub``).

The alarms themselves (states, hold-down) are ``alarms.py``; here they meet the protocol:
who may raise, clear and acknowledge, what is stored, audited and told to every console.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from console.directory import GroupError
from console.hub.alarms import Alarm, AlarmBook, AlarmError, alarm_history, alarm_row, save_alarm, since_time
from console.model.reasons import carried, explained
from console.signaling import protocol
from console.signaling.protocol import ProtocolError

if TYPE_CHECKING:
    from console.hub.peers import Peer
    from console.hub.roll_call import RollCallTable


class AlarmRequests:
    # What this mixin reads of ``Hub`` (server.py), which sets and defines them.
    alarms: AlarmBook
    meeting: tuple[str, frozenset[str]] | None  # the group in the meeting, and its sites
    roll_call: RollCallTable
    _db: Callable[[Callable[[Any], Any]], Coroutine[Any, Any, Any]]
    _audit: Callable[[str, str, str, dict[str, Any], str], Coroutine[Any, Any, None]]
    _broadcast: Callable[[dict[str, Any]], None]

    def _raise_alarm(self, rule: str, site: str | None, by: str, detail: str, detail_args: dict | None = None) -> None:
        try:
            alarm, _ = self.alarms.raised(rule, site, by, detail, time.monotonic(), detail_args)
        except AlarmError as error:
            raise carried(ProtocolError(error.code, str(error)), error) from None
        self._alarm_changed(alarm)

    def _condition_over(self, rule: str, site: str | None) -> None:
        alarm = self.alarms.cleared(rule, site, time.monotonic())
        if alarm is not None:
            self._alarm_changed(alarm)

    def _alarm_changed(self, alarm: Alarm) -> None:
        row = alarm.to_json()
        asyncio.get_running_loop().create_task(self._db(lambda d: save_alarm(d, row)))
        self._broadcast({"type": "alarm", "alarm": row, "counts": self.alarms.counts()})

    async def _on_console_alarms(self, peer: Peer, message: dict) -> None:
        listed = await self._db(alarm_history) if message.get("history") else self.alarms.listing()
        peer.send(
            {
                "type": "alarms",
                "re": message.get("id"),
                "alarms": listed,
                "counts": self.alarms.counts(),
                "meeting": self.meeting[0] if self.meeting else None,
            }
        )

    async def _on_console_alarm_raise(self, peer: Peer, message: dict) -> None:
        """A condition only a receiver sees (a stalled tile, a lossy link, a silent open microphone)."""
        site = message.get("site")
        if site is not None and site not in self.roll_call:
            raise explained(
                ProtocolError(protocol.UNKNOWN_SITE, f"unknown site {site!r}", message.get("id")),
                "unknown_site",
                site=site,
            )
        try:
            alarm, _ = self.alarms.raised(
                message["rule"],
                site,
                peer.identity,
                message.get("detail", ""),
                time.monotonic(),
                message.get("detail_args"),
                since_time(message.get("since")),
                message.get("detail_kind", ""),
            )
        except AlarmError as error:
            raise carried(ProtocolError(error.code, str(error), message.get("id")), error) from None
        self._alarm_changed(alarm)
        if message.get("id") is not None:
            peer.send({"type": "ack", "re": message["id"]})

    async def _on_console_alarm_clear(self, peer: Peer, message: dict) -> None:
        self._condition_over(message["rule"], message.get("site"))
        if message.get("id") is not None:
            peer.send({"type": "ack", "re": message["id"]})

    async def _on_console_alarm_ack(self, peer: Peer, message: dict) -> None:
        alarm_id, re = message["alarm"], message.get("id")
        closed = None if self.alarms.find(alarm_id) else await self._db(lambda d: alarm_row(d, alarm_id))
        try:
            alarm = self.alarms.acknowledge(alarm_id, peer.identity, closed)
        except AlarmError as error:
            await self._audit(peer.identity, "alarm_ack", f"alarm:{alarm_id}", {}, f"rejected: {error.code}")
            raise carried(ProtocolError(error.code, str(error), re), error) from None
        await self._audit(
            peer.identity, "alarm_ack", f"alarm:{alarm_id}", {"rule": alarm.rule, "site": alarm.site}, "ok"
        )
        self._alarm_changed(alarm)
        peer.send({"type": "alarm", "re": re, "alarm": alarm.to_json(), "counts": self.alarms.counts()})

    async def _on_console_meeting(self, peer: Peer, message: dict) -> None:
        """Which group is in the meeting now (None: none): its sites going offline raise alarms."""
        name, re = message.get("group"), message.get("id")
        if name:
            try:
                keys = await self._db(lambda d: [s.key for s in d.group_sites(name)])
            except GroupError as error:
                raise carried(ProtocolError(protocol.BAD_MESSAGE, str(error), re), error) from None
            self.meeting = (name, frozenset(keys))
        else:
            self.meeting = None
        await self._db(lambda d: _save_meeting(d, name or None))
        await self._audit(peer.identity, "meeting", f"group:{name}" if name else "meeting", {}, "ok")
        reply = {
            "type": "meeting",
            "group": name or None,
            "sites": len(self.meeting[1]) if self.meeting else 0,
            "by": peer.identity,
        }
        self._broadcast(reply)
        peer.send({**reply, "re": re})


def load_meeting(directory) -> tuple[str, frozenset[str]] | None:
    row = directory.db.execute("SELECT value FROM meta WHERE name = 'meeting_group'").fetchone()
    if not row or not row[0]:
        return None
    try:
        return row[0], frozenset(s.key for s in directory.group_sites(row[0]))
    except GroupError:
        return None  # the group was deleted meanwhile: no meeting


def _save_meeting(directory, name: str | None) -> None:
    with directory.db.conn:
        directory.db["meta"].upsert({"name": "meeting_group", "value": name or ""}, pk="name")
