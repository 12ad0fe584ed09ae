"""Room walls: walls the hub keeps, that the room-wall consoles show and the others change.

A room wall (what Milestone calls a Smart Wall) is hub state, not any console's: the console
on the big screen only renders it, and presenters and operators change it from their own
desks by messages, without touching their own walls. Its state is the same ``WallModel``
snapshot a console saves (layout, sources, pins, page, focus), kept in SQLite so it survives
a restart of the hub. Last writer wins; each change carries who made it and a version, and
a presenter may lock a wall so that only they (or an admin) change it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from console.model import WallModel
from console.model.reasons import explained
from console.signaling import protocol
from console.signaling.protocol import ProtocolError

DEFAULT_WALL = "room"
MAX_WALLS = 64


@dataclass
class RoomWall:
    name: str
    model: WallModel
    version: int = 0
    updated_by: str | None = None
    updated_at: str | None = None
    locked_by: str | None = None

    def message(self, request_id: Any = None) -> dict[str, Any]:
        """The ``wall_state`` every console gets (and the reply to a ``wall`` request)."""
        out = {
            "type": "wall_state",
            "name": self.name,
            "state": self.model.to_dict(),
            "version": self.version,
            "by": self.updated_by,
            "at": self.updated_at,
            "locked_by": self.locked_by,
        }
        if request_id is not None:
            out["re"] = request_id
        return out

    def row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "state": json.dumps(self.model.to_dict()),
            "version": self.version,
            "updated_by": self.updated_by,
            "updated_at": self.updated_at,
            "locked_by": self.locked_by,
        }


def load_walls(directory) -> list[dict[str, Any]]:
    return [dict(row) for row in directory.db.query("SELECT * FROM room_walls")]


def save_wall(directory, row: dict[str, Any]) -> None:
    with directory.db.conn:
        directory.db["room_walls"].upsert(row, pk="name")


class RoomWalls:
    """Every room wall the hub knows, by name; ``apply`` carries out one ``wall`` request."""

    def __init__(self, rows: Iterable[dict[str, Any]] = ()) -> None:
        self.walls: dict[str, RoomWall] = {}
        for row in rows:
            model = WallModel()
            try:
                model.load_dict(json.loads(row["state"] or "{}"))
            except ValueError:
                pass  # a damaged record: the wall starts empty rather than not at all
            self.walls[row["name"]] = RoomWall(
                row["name"], model, row["version"] or 0, row["updated_by"], row["updated_at"], row["locked_by"]
            )

    def get(self, name: str, create: bool = True) -> RoomWall:
        """The wall called ``name``, made empty on first use (``create``: a change makes it;
        asking after one that does not exist makes nothing, so asking costs no memory)."""
        wall = self.walls.get(name)
        if wall is None:
            wall = RoomWall(name, WallModel())
            if create:
                if len(self.walls) >= MAX_WALLS:
                    raise ProtocolError(protocol.BAD_MESSAGE, f"the hub keeps at most {MAX_WALLS} room walls")
                self.walls[name] = wall
        return wall

    def apply(self, message: dict[str, Any], actor: str, role: str, known_site) -> tuple[RoomWall, bool]:
        """Carry out ``message`` (a validated ``wall`` request) for ``actor``; the wall and whether
        it changed. Raises ProtocolError: ``forbidden`` on a wall locked by someone else,
        ``bad_message``/``unknown_site`` for what cannot be done."""
        op, re = message["op"], message.get("id")
        if op not in protocol.WALL_OPS:
            raise ProtocolError(
                protocol.BAD_MESSAGE, f"unknown wall op {op!r}; one of {', '.join(protocol.WALL_OPS)}", re
            )
        try:
            wall = self.get(message.get("name") or DEFAULT_WALL, create=op != "get")
        except ProtocolError as error:
            error.re = re
            raise
        if op == "get":
            return wall, False
        if wall.locked_by not in (None, actor) and not (op == "unlock" and role == "admin"):
            refused = ProtocolError(protocol.FORBIDDEN, f"the wall {wall.name!r} is locked by {wall.locked_by}", re)
            raise explained(refused, "wall_locked", wall=wall.name, operator=wall.locked_by)
        if op in ("lock", "unlock"):
            locked = actor if op == "lock" else None
            changed = wall.locked_by != locked
            wall.locked_by = locked
        else:
            changed = _change(wall.model, op, message, known_site)
        if changed:
            wall.version += 1
            wall.updated_by = actor
            wall.updated_at = datetime.now(UTC).isoformat(timespec="milliseconds")
        return wall, changed


def _change(model: WallModel, op: str, message: dict[str, Any], known_site) -> bool:
    re = message.get("id")

    def need(field: str) -> Any:
        if message.get(field) is None:
            raise ProtocolError(protocol.BAD_MESSAGE, f"wall {op} needs {field!r}", re)
        return message[field]

    try:
        if op == "push":
            site = need("site")
            if not known_site(site):
                unknown = ProtocolError(
                    protocol.UNKNOWN_SITE, f"unknown site {site!r}: no such site in the directory", re
                )
                raise explained(unknown, "unknown_site", site=site)
            return model.show_site(site, message.get("slot"))
        if op == "layout":
            return model.set_layout(need("layout"))
        if op == "focus":
            slot = need("slot")
            if slot >= model.layout.capacity:
                raise IndexError(f"slot {slot} is outside layout {model.layout.name} (0..{model.layout.capacity - 1})")
            return model.focus_slot(slot)
        if op == "page":
            page = need("page")
            if page >= model.page_count:
                raise IndexError(f"page {page} is beyond the wall's {model.page_count} pages")
            return model.apply_snapshot(replace(model.snapshot(), page=page))
        if op == "set":
            before = model.to_dict()
            model.load_dict(need("state"))
            return model.to_dict() != before
    except (ValueError, IndexError, KeyError) as exc:
        raise ProtocolError(protocol.BAD_MESSAGE, f"wall {op}: {exc}", re) from None
    raise ProtocolError(protocol.BAD_MESSAGE, f"unknown wall op {op!r}", re)
