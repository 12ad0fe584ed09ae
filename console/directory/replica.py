"""A console's copy of its hub's directory, so search and names work on any machine.

The hub owns the directory (the structure it imported, 63 or 34 provinces); a console on
another machine keeps a replica in its own SQLite file, one per hub, refreshed when the
hub's structure changed (its ``directory_id`` and import count, given in ``welcome``).
Records travel in the importer's flat shape (``level``, ``code``, ``parent_code``,
``parent_level``), so a replica is made by the same import that validates any divisions
file, in one transaction, all or nothing.
"""

from __future__ import annotations

import json
from typing import Any

from console.directory.divisions import parse_divisions
from console.directory.identity import directory_id
from console.directory.store import SiteDirectory


def directory_version(directory: SiteDirectory) -> dict[str, Any]:
    """What a hub says of its directory: its id and how many imports made it."""
    imports = directory.db.execute("SELECT count(*) FROM imports").fetchone()[0]
    return {"id": directory_id(directory), "version": imports}


def export_records(directory: SiteDirectory) -> list[dict[str, Any]]:
    """The active sites in directory order, as flat import records."""
    out = []
    for row in directory.db.query(
        "SELECT s.level, s.code, s.name, s.division_type, s.codename, p.level AS parent_level, "
        "p.code AS parent_code FROM sites s LEFT JOIN sites p ON p.key = s.parent_key "
        "WHERE s.active = 1 ORDER BY s.ordinal"
    ):
        record = {
            "level": row["level"],
            "code": row["code"],
            "name": row["name"],
            "division_type": row["division_type"] or "",
            "codename": row["codename"] or "",
        }
        if row["parent_code"] is not None:
            record["parent_code"], record["parent_level"] = row["parent_code"], row["parent_level"]
        out.append(record)
    return out


def replica_of(directory: SiteDirectory) -> dict[str, Any] | None:
    """The hub directory this file is a copy of (``{"id", "version"}``), or None."""
    row = directory.db.execute("SELECT value FROM meta WHERE name = 'replica_of'").fetchone()
    return json.loads(row[0]) if row else None


def in_step(directory: SiteDirectory, hub: dict[str, Any]) -> bool:
    """Whether this file already holds the directory ``hub`` describes (it may be the hub's own file)."""
    if directory_id(directory) == hub.get("id"):
        return True
    return replica_of(directory) == {"id": hub.get("id"), "version": hub.get("version")}


def apply_replica(directory: SiteDirectory, hub: dict[str, Any], records: list[dict[str, Any]]) -> int:
    """Become a copy of the hub's directory; returns how many active sites it has.
    Raises DivisionsError (nothing changed) if the records are not a valid structure."""
    divisions = parse_divisions(records)
    report = directory.import_divisions(divisions, f"hub {hub.get('id')} (version {hub.get('version')})")
    with directory.db.conn:
        directory.db["meta"].upsert(
            {"name": "replica_of", "value": json.dumps({"id": hub.get("id"), "version": hub.get("version")})}, pk="name"
        )
    return report.active
