"""Roll-call answered from memory: every active site's entry encoded once, reused until it changes.

A national roll-call is 10,810 entries (~3 MB). Building it from SQLite and encoding it in
one go held the hub's loop for 125 ms, with outliers near a second, and every other
console's request waited behind it. Here each site's entry is encoded when it changes
(join, leave, state) and a reply is the cached pieces joined together, with the loop given
back between batches wherever pieces still have to be encoded.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from console.signaling import strict_json

BATCH = 1000  # entries encoded between two yields to the loop (~3 ms)
_ROW_SQL = "SELECT key, code, name, level, province_key, last_seen, path FROM sites WHERE active = 1 ORDER BY ordinal"


class LiveSite(Protocol):
    state: dict[str, Any]
    simulated: bool


def load_rows(directory) -> list[dict[str, Any]]:
    """The active sites in directory order (run on the directory worker)."""
    return [dict(row) for row in directory.db.query(_ROW_SQL)]


class RollCallTable:
    """The directory's active sites, in order, each with its roll-call entry encoded once.

    ``_pieces[i]`` is the encoded entry of the i-th site, or None once it changed; a reply
    encodes the missing ones and joins the pieces (a C-speed copy: 2 ms for the country).
    """

    def __init__(self, rows: Iterable[dict[str, Any]] = ()) -> None:
        self.replace(rows)

    def replace(self, rows: Iterable[dict[str, Any]]) -> None:
        """A new directory structure (after an import)."""
        rows = list(rows)
        self._paths = {row["key"]: row.pop("path", "[]") for row in rows}  # for welcome, not roll-call
        self._rows = [row for row in rows]
        self._position = {row["key"]: i for i, row in enumerate(rows)}
        self._pieces: list[bytes | None] = [None] * len(rows)
        self._every: bytes | None = None  # every piece joined, while none changed
        self._provinces = {
            row["key"]: (str(row["code"]), row["name"]) for row in rows if row.get("level") == "province"
        }

    def site(self, key: str) -> dict[str, Any] | None:
        """What a site's ``welcome`` says about it: key, code, name and path."""
        i = self._position.get(key)
        if i is None:
            return None
        row = self._rows[i]
        return {"key": key, "code": row["code"], "name": row["name"], "path": json.loads(self._paths[key])}

    def provinces(self) -> dict[str, tuple[str, str]]:
        """The directory's provinces: key -> (code, name); a bounded set for metrics labels."""
        return self._provinces

    def province_of(self, key: str) -> str | None:
        """The key of the province ``key`` is in (a province is in itself)."""
        i = self._position.get(key)
        return None if i is None else self._rows[i]["province_key"]

    def __contains__(self, key: str) -> bool:
        return key in self._position

    def __len__(self) -> int:
        return len(self._rows)

    def changed(self, key: str, last_seen: str | None = None) -> None:
        """The site joined, left or changed state: its entry is encoded again when next asked."""
        i = self._position.get(key)
        if i is not None:
            self._pieces[i] = None
            self._every = None
            if last_seen is not None:
                self._rows[i]["last_seen"] = last_seen

    async def reply(
        self, request_id: Any, live: Mapping[str, LiveSite], keys: list[str] | None = None, online_only: bool = False
    ) -> bytes:
        """The encoded ``roll_call`` message: ``keys`` only (or every site), online ones only if asked."""
        position = self._position
        if online_only:
            wanted = sorted(position[k] for k in live if k in position)
        elif keys is not None:
            wanted = sorted({position[k] for k in keys if k in position})
        else:
            wanted = None  # every site, in order
        if wanted is None:
            # The whole country: joined once and kept until a site changes, so back-to-back
            # roll-calls cost each other console a copy, not a rebuild (the join and the count
            # were 60 % of a roll-call's time on the loop, measured with py-spy).
            if self._every is None:
                await self._encode_missing(live, None)
                self._every = b",".join(self._pieces)  # type: ignore[arg-type]  # all encoded just above
            body, total, online = self._every, len(self._pieces), len(live.keys() & position.keys())
        else:
            await self._encode_missing(live, wanted)
            body, total = b",".join([self._pieces[i] for i in wanted]), len(wanted)  # type: ignore[misc]  # encoded just above
            online = sum(1 for i in wanted if self._rows[i]["key"] in live)
        head = strict_json.dumps({"type": "roll_call", "re": request_id, "online": online, "total": total})
        return b"".join((head[:-1], b',"sites":[', body, b"]}"))

    async def _encode_missing(self, live: Mapping[str, LiveSite], wanted: list[int] | None) -> None:
        """Encode the entries that changed, a batch at a time, giving the loop back in between;
        the last pass (entries that changed again meanwhile, a handful) runs without a break, so
        the reply is joined from a complete, current set."""
        indices = range(len(self._pieces)) if wanted is None else wanted
        while True:
            missing = [i for i in indices if self._pieces[i] is None]
            if len(missing) <= BATCH:
                self._encode(missing, live)
                return
            for start in range(0, len(missing), BATCH):
                self._encode(missing[start : start + BATCH], live)
                await asyncio.sleep(0)

    def _encode(self, indices: list[int], live: Mapping[str, LiveSite]) -> None:
        for i in indices:
            row = self._rows[i]
            site = live.get(row["key"])
            self._pieces[i] = strict_json.dumps(
                {
                    **row,
                    "online": site is not None,
                    "state": site.state if site else {},
                    "simulated": bool(site and site.simulated),
                }
            )
