"""The national site directory: one SQLite file, written through sqlite-utils.

A directory follows one divisions source at a time. An import replaces the structure in one
transaction, retires (never deletes) sites that left, and leaves operator data (status,
tags, token hash, group membership) attached to sites that stayed.

A SiteDirectory owns one connection and is used from one thread; the GUI reaches it through
a single worker (docs/architecture.md §5).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from console.directory import schema, short_prefixes
from console.directory.backend import dialect, open_database, parse_store
from console.directory.divisions import Division, DivisionsError, load_divisions, site_key
from console.directory.folding import core_name, fold, initials, words
from console.directory.search import SearchPlan, plan_search
from console.directory.spelling import Speller
from console.model.reasons import explained

# The structural fields an import owns; everything else on a site belongs to operators.
_STRUCTURE = (
    "code",
    "name",
    "level",
    "division_type",
    "codename",
    "parent_key",
    "province_key",
    "path",
    "depth",
    "ordinal",
)


@dataclass(frozen=True)
class Site:
    """A site as the rest of the program sees it."""

    key: str
    code: int
    name: str
    level: str
    division_type: str
    parent_key: str | None
    province_key: str
    province: str
    path: list[str]
    active: bool
    status: str
    tags: list[str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SearchAnswer:
    """Sites for what was typed: the ``exact`` first ones match it as typed, the rest were
    found by a close spelling of it (``respelled``: the spellings that found them)."""

    sites: list[Site]
    exact: int
    respelled: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    """What an import did to the directory."""

    source: str
    added: int
    changed: int
    unchanged: int
    retired: int
    active: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Group:
    """A named set of sites, e.g. the communes of some provinces, for tours and roll-call."""

    name: str
    rule: str
    members: int
    active_members: int
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class SiteLookupError(LookupError):
    """A site reference (code or key) that names no site, or more than one."""


class GroupError(ValueError):
    """A group request that cannot be carried out (unknown name, unknown province, ...)."""


def bundled_current_divisions() -> Path:
    """The current (two-tier, since 1 July 2025) divisions shipped by ``vietnam-provinces``."""
    import vietnam_provinces

    return Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)


class SiteDirectory:
    """Sites, groups and search over one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        # ``path``: an SQLite file (a path or ``sqlite:PATH``) or a ``postgresql://`` URL.
        self.target = parse_store(path)
        self.path = Path(self.target.location) if self.target.kind == "sqlite" else None
        self._speller: Speller | None = None  # built on the first search with a typo
        if self.target.kind == "postgresql":
            self.db = open_database(self.target)
            self._index: Any = None  # the type-ahead index, a local SQLite copy (docs/store.md)
            self._indexed_imports = -1
            try:
                schema.migrate(self.db)
            except BaseException:
                self.db.close()
                raise
            return
        location, path = self.target.location, Path(self.target.location)
        if location != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        fresh = location != ":memory:" and not path.exists()
        self.db = sqlite_utils.Database(location)
        self._index = self.db  # an SQLite file is its own search index
        if fresh:
            path.chmod(0o600)  # it holds the local credential (see credentials.py)
        self.db.execute("PRAGMA busy_timeout = 5000")
        if location != ":memory:":
            self.db.execute("PRAGMA journal_mode = WAL")  # the hub and the console share it
        self._ensure_schema()
        schema.migrate(self.db)

    @classmethod
    def open(cls, path: str | Path) -> SiteDirectory:
        """Open ``path``; on first use, fill it with the current national structure."""
        directory = cls(path)
        if directory.is_empty():
            directory.import_file(bundled_current_divisions(), source="vietnam-provinces (current)")
        return directory

    def close(self) -> None:
        if self._index is not None and self._index is not self.db:
            self._index.close()
        self.db.close()

    # --- schema -------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        # Each table and column is created when missing, so files made by earlier versions
        # of this program gain what later ones added.
        db = self.db
        tables = set(db.table_names())
        if "sites" not in tables:
            db["sites"].create(
                {
                    "id": int,
                    "key": str,
                    "code": int,
                    "code_text": str,
                    "name": str,
                    "level": str,
                    "division_type": str,
                    "codename": str,
                    "parent_key": str,
                    "province_key": str,
                    "path": str,
                    "depth": int,
                    "ordinal": int,
                    "search_name": str,
                    "search_alias": str,
                    "search_ancestors": str,
                    # space-padded texts so ranking builds no strings per row (see search.py)
                    "hay_words": str,
                    "hay_type": str,
                    "hay_name": str,
                    "hay_core": str,
                    "hay_all": str,
                    "active": int,
                    "retired_at": str,
                    "updated_at": str,
                    # operator data, untouched by imports
                    "status": str,
                    "tags": str,
                    "token_hash": str,
                    "last_seen": str,
                },
                pk="id",
                not_null={"key", "code", "name", "level", "active"},
                defaults={"active": 1, "status": "unknown", "tags": "[]"},
            )
            db["sites"].create_index(["key"], unique=True)
            db["sites"].create_index(["province_key", "level"])
            db["sites"].create_index(["parent_key"])
            db.execute(
                "CREATE VIRTUAL TABLE sites_fts USING fts5(search_name, search_alias, search_ancestors, "
                "content='sites', content_rowid='id', tokenize='unicode61', prefix='1 2 3')"
            )
        for column in ("last_seen",):
            if column not in db["sites"].columns_dict:
                db["sites"].add_column(column, str)
        db["sites"].create_index(["token_hash"], if_not_exists=True)
        if "groups" not in tables:
            db["groups"].create({"name": str, "rule": str, "created_at": str}, pk="name")
            db["group_members"].create({"group_name": str, "site_key": str}, pk=("group_name", "site_key"))
        if "imports" not in tables:
            db["imports"].create(
                {
                    "id": int,
                    "source": str,
                    "at": str,
                    "added": int,
                    "changed": int,
                    "unchanged": int,
                    "retired": int,
                    "active": int,
                },
                pk="id",
            )
        if "short_prefixes" not in tables:
            db["short_prefixes"].create({"prefix": str, "ids": str}, pk="prefix")
        if "operators" not in tables:
            db["operators"].create({"name": str, "token_hash": str, "created_at": str, "revoked_at": str}, pk="name")
            db["operators"].create_index(["token_hash"])
        if "role" not in db["operators"].columns_dict:  # files from before roles: everyone operated
            db["operators"].add_column("role", str, not_null_default="operator")
        if "alarms" not in tables:  # the hub's alarms (console/hub/alarms.py): New, Acknowledged, Closed
            db["alarms"].create(
                {
                    "id": int,
                    "rule": str,
                    "site": str,
                    "state": str,
                    "raised_at": str,
                    "last_at": str,
                    "count": int,
                    "raised_by": str,
                    "detail": str,
                    "acked_by": str,
                    "acked_at": str,
                    "closed_at": str,
                },
                pk="id",
            )
            db["alarms"].create_index(["state"])
        for column in ("detail_kind", "detail_args"):  # a detail a console can translate
            if column not in db["alarms"].columns_dict:
                db["alarms"].add_column(column, str)
        if "room_walls" not in tables:  # shared walls (docs/architecture.md §1), kept by the hub
            db["room_walls"].create(
                {"name": str, "state": str, "version": int, "updated_by": str, "updated_at": str, "locked_by": str},
                pk="name",
            )
        if "audit" not in tables:
            db["audit"].create(
                {"id": int, "at": str, "actor": str, "action": str, "target": str, "params": str, "result": str},
                pk="id",
            )
        created_meta = "meta" not in tables
        if created_meta:
            db["meta"].create({"name": str, "value": str}, pk="name")
        if created_meta:  # a new file starts at the baseline; schema.migrate goes on from there
            db["meta"].upsert({"name": "schema_version", "value": str(schema.BASELINE)}, pk="name")

    def is_empty(self) -> bool:
        return bool(self.db["imports"].count == 0 and self.db["sites"].count == 0)

    # --- import -------------------------------------------------------------------------

    def import_file(self, path: str | Path, source: str | None = None) -> ImportReport:
        """Replace the structure with the divisions in ``path``; all or nothing."""
        started = time.perf_counter()
        divisions = load_divisions(path)  # fully validated before anything is written
        report = self._apply(divisions, source or str(path))
        self._speller = None
        return ImportReport(**{**asdict(report), "seconds": round(time.perf_counter() - started, 3)})

    def import_divisions(self, divisions: list[Division], source: str) -> ImportReport:
        """Replace the structure with already-parsed ``divisions``; all or nothing."""
        self._speller = None
        return self._apply(divisions, source)

    def _apply(self, divisions: list[Division], source: str) -> ImportReport:
        conn = self.db.conn
        with conn:  # one transaction: a failure leaves the directory as it was
            conn.execute("BEGIN IMMEDIATE")
            report = self._apply_in_transaction(conn, divisions, source, _now())
        return report

    def _apply_in_transaction(self, conn: Any, divisions: list[Division], source: str, now: str) -> ImportReport:
        existing = {
            row[0]: (tuple(row[1:-1]), row[-1])
            for row in conn.execute(f"SELECT key, {', '.join(_STRUCTURE)}, active FROM sites")
        }
        added: list[tuple[Any, ...]] = []
        changed: list[tuple[Any, ...]] = []
        for d in divisions:
            structure = (
                d.code,
                d.name,
                d.level,
                d.division_type,
                d.codename,
                d.parent_key,
                d.province_key,
                json.dumps(d.path, ensure_ascii=False),
                d.depth,
                d.ordinal,
            )
            before = existing.get(d.key)
            if before is not None and before == (structure, 1):
                continue
            row = structure + (str(d.code), *_search_text(d), now, d.key)
            (changed if before is not None else added).append(row)
        incoming = {d.key for d in divisions}
        retiring = [k for k, (_, active) in existing.items() if active == 1 and k not in incoming]
        unchanged = len(divisions) - len(added) - len(changed)

        columns = _STRUCTURE + (
            "code_text",
            "search_name",
            "search_alias",
            "search_ancestors",
            "hay_words",
            "hay_type",
            "hay_name",
            "hay_core",
            "hay_all",
            "updated_at",
        )
        conn.executemany(
            f"INSERT INTO sites ({', '.join(columns)}, key, active) VALUES ({', '.join('?' * (len(columns) + 1))}, 1)",
            added,
        )
        conn.executemany(
            f"UPDATE sites SET {', '.join(c + ' = ?' for c in columns)}, active = 1, retired_at = NULL WHERE key = ?",
            changed,
        )
        conn.executemany(
            "UPDATE sites SET active = 0, retired_at = ?, updated_at = ? WHERE key = ?",
            [(now, now, k) for k in retiring],
        )
        if self._index is self.db:  # PostgreSQL's rows are indexed locally on the next search
            conn.execute("INSERT INTO sites_fts(sites_fts) VALUES ('rebuild')")
            _store_short_prefixes(conn)
        active = conn.execute("SELECT count(*) FROM sites WHERE active = 1").fetchone()[0]
        conn.execute(
            "INSERT INTO imports (source, at, added, changed, unchanged, retired, active) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (source, now, len(added), len(changed), unchanged, len(retiring), active),
        )
        return ImportReport(source, len(added), len(changed), unchanged, len(retiring), active, 0.0)

    # --- lookup and search --------------------------------------------------------------

    def get(self, key: str) -> Site | None:
        rows = self._sites("SELECT * FROM sites WHERE key = ?", [key])
        return rows[0] if rows else None

    def by_code(self, code: int, include_retired: bool = False) -> list[Site]:
        """All sites with GSO ``code`` (one per level at most), lowest tier first."""
        active = "" if include_retired else "AND active = 1"
        return self._sites(f"SELECT * FROM sites WHERE code = ? {active} ORDER BY depth DESC", [code])

    def search(self, query: str, limit: int = 20, include_retired: bool = False) -> list[Site]:
        """Sites matching what an operator typed, best first (see console.directory.search),
        then sites found by a close spelling of it (see console.directory.spelling)."""
        return self.search_answer(query, limit, include_retired).sites

    def search_answer(
        self, query: str, limit: int = 20, include_retired: bool = False, respell: bool = True
    ) -> SearchAnswer:
        """``search``, saying which results match as typed and which by a close spelling
        (``respell`` False: as typed only, as benchmarks compare)."""
        self._fresh_index()
        ids = None if include_retired else self._short_prefix_ids(query, limit)
        if ids is None:
            ids = self._ranked_ids(plan_search(query, limit, include_retired), limit)
        exact = len(ids)
        respelled: list[str] = []
        if exact < limit and respell:
            for spelling in self.speller().respell(words(query)[:8], nothing_found=not exact):
                found = set(ids)
                more = [
                    i
                    for i in self._ranked_ids(plan_search(" ".join(spelling), limit, include_retired), limit)
                    if i not in found
                ]
                if more:
                    respelled.append(" ".join(spelling))
                    ids += more[: limit - len(ids)]
                if len(ids) >= limit:
                    break
        by_id = (
            {
                row["id"]: row
                for row in self.db.query(f"SELECT * FROM sites WHERE id IN ({', '.join('?' * len(ids))})", ids)
            }
            if ids
            else {}
        )
        return SearchAnswer([_site(by_id[i]) for i in ids], exact, tuple(respelled))

    def speller(self) -> Speller:
        """Respellings from the words of every site's names (built once per import)."""
        if self._speller is None:
            self._fresh_index()
            rows = self._index.execute("SELECT search_name, search_alias FROM sites").fetchall()
            self._speller = Speller(
                (name for name, _ in rows), (word for _, alias in rows for word in (alias or "").split())
            )
        return self._speller

    def _ranked_ids(self, plan: SearchPlan, limit: int) -> list[int]:
        if not plan.sql:
            return []
        if plan.names_first_sql:
            rows = self._index.execute(plan.names_first_sql, plan.params).fetchall()
            if len(rows) == limit and rows[-1][1] == plan.full_hits:
                return [row[0] for row in rows]
        return [row[0] for row in self._index.execute(plan.sql, plan.params)]

    def _short_prefix_ids(self, query: str, limit: int) -> list[int] | None:
        tokens = words(query)
        if (
            len(tokens) != 1
            or len(tokens[0]) > short_prefixes.MAX_PREFIX
            or tokens[0].isdigit()
            or limit > short_prefixes.KEEP
        ):
            return None
        row = self._index.execute("SELECT ids FROM short_prefixes WHERE prefix = ?", [tokens[0]]).fetchone()
        return json.loads(row[0])[:limit] if row else None

    def rebuild_search_index(self) -> None:
        """Index the sites as they are now (after rows were written other than by an import)."""
        self._speller = None
        if self._index is self.db:
            with self.db.conn as conn:
                conn.execute("INSERT INTO sites_fts(sites_fts) VALUES ('rebuild')")
                _store_short_prefixes(conn)
        else:
            self._indexed_imports = -1

    def _fresh_index(self) -> None:
        """With PostgreSQL, (re)build the local search index when an import changed the sites.

        The index is derived: the ranking SQL needs SQLite's FTS5 and ``instr`` on padded
        texts (search.py), and a keystroke must not wait on the network. Site rows (status,
        tags) are still read from the store; only the ranking of ids is local."""
        if self._index is self.db:
            return
        imports = self.db.execute("SELECT count(*) FROM imports").fetchone()[0]
        if imports == self._indexed_imports and self._index is not None:
            return
        index = SiteDirectory(":memory:")
        rows = list(self.db.query(f"SELECT {', '.join(_INDEXED)} FROM sites"))
        with index.db.conn as conn:
            conn.executemany(
                f"INSERT INTO sites ({', '.join(_INDEXED)}) VALUES ({', '.join('?' * len(_INDEXED))})",
                [[row[c] for c in _INDEXED] for row in rows],
            )
            conn.execute("INSERT INTO sites_fts(sites_fts) VALUES ('rebuild')")
            _store_short_prefixes(conn)
        if self._index is not None:
            self._index.close()
        self._index, self._indexed_imports, self._speller = index.db, imports, None

    def children(self, parent_key: str | None) -> list[Site]:
        """Active sites directly under ``parent_key`` (provinces for None), in file order."""
        if parent_key is None:
            return self._sites("SELECT * FROM sites WHERE parent_key IS NULL AND active = 1 ORDER BY ordinal", [])
        return self._sites("SELECT * FROM sites WHERE parent_key = ? AND active = 1 ORDER BY ordinal", [parent_key])

    def active_sites(self) -> list[Site]:
        """Every active site in directory order (the console's national board holds them all)."""
        return self._sites("SELECT * FROM sites WHERE active = 1 ORDER BY ordinal", [])

    def _sites(self, sql: str, params: Any) -> list[Site]:
        return [_site(row) for row in self.db.query(sql, params)]

    # --- groups -------------------------------------------------------------------------

    def create_group(self, name: str, site_keys: Iterable[str], rule: str, replace: bool = False) -> Group:
        """Store the named set ``site_keys``; ``rule`` records how it was made."""
        name = name.strip()
        if not name:
            raise explained(GroupError("a group needs a name"), "group_needs_name")
        keys = list(dict.fromkeys(site_keys))
        unknown = [k for k in keys if self.get(k) is None]
        if unknown:
            raise explained(
                GroupError(f"unknown sites: {', '.join(unknown[:10])}"), "unknown_sites", sites=", ".join(unknown[:10])
            )
        if not keys:
            raise explained(GroupError(f"group {name!r} would be empty"), "group_would_be_empty", group=name)
        conn = self.db.conn
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("SELECT 1 FROM groups WHERE name = ?", [name]).fetchone():
                if not replace:
                    raise explained(
                        GroupError(f"group {name!r} exists (use --replace to redefine it)"), "group_exists", group=name
                    )
                conn.execute("DELETE FROM group_members WHERE group_name = ?", [name])
                conn.execute("DELETE FROM groups WHERE name = ?", [name])
            conn.execute("INSERT INTO groups (name, rule, created_at) VALUES (?, ?, ?)", [name, rule, _now()])
            conn.executemany(
                "INSERT INTO group_members (group_name, site_key) VALUES (?, ?)", [(name, k) for k in keys]
            )
        return self.group(name)

    def province_site_keys(self, province_codes: Iterable[int]) -> list[str]:
        """Every active site of the given provinces (the province, its districts, communes)."""
        keys: list[str] = []
        for code in province_codes:
            province = site_key("province", code)
            site = self.get(province)
            if site is None or not site.active:
                raise explained(GroupError(f"no active province with code {code}"), "no_active_province", code=code)
            keys += [
                row["key"]
                for row in self.db.query(
                    "SELECT key FROM sites WHERE province_key = ? AND active = 1 ORDER BY ordinal", [province]
                )
            ]
        return keys

    def group(self, name: str) -> Group:
        row = next(
            self.db.query(
                """SELECT g.name, g.rule, g.created_at, count(m.site_key) AS members,
                      coalesce(sum(s.active), 0) AS active_members
               FROM groups g LEFT JOIN group_members m ON m.group_name = g.name
               LEFT JOIN sites s ON s.key = m.site_key
               WHERE g.name = ? GROUP BY g.name""",
                [name],
            ),
            None,
        )
        if row is None:
            raise explained(GroupError(f"no group named {name!r}"), "no_group", group=name)
        return Group(row["name"], row["rule"], row["members"], row["active_members"], row["created_at"])

    def groups(self) -> list[Group]:
        return [self.group(row["name"]) for row in self.db.query("SELECT name FROM groups ORDER BY name")]

    def group_sites(self, name: str) -> list[Site]:
        self.group(name)  # raises for an unknown group
        return self._sites(
            "SELECT s.* FROM group_members m JOIN sites s ON s.key = m.site_key "
            "WHERE m.group_name = ? ORDER BY s.ordinal",
            [name],
        )

    def delete_group(self, name: str) -> None:
        self.group(name)
        with self.db.conn as conn:
            conn.execute("DELETE FROM group_members WHERE group_name = ?", [name])
            conn.execute("DELETE FROM groups WHERE name = ?", [name])

    # --- statistics ---------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts of active sites by level and by province, and the last import."""
        by_level = {
            row["level"]: row["n"]
            for row in self.db.query(
                "SELECT level, count(*) AS n FROM sites WHERE active = 1 GROUP BY level ORDER BY min(depth)"
            )
        }
        by_province = [
            {"code": row["code"], "name": row["name"], "sites": row["sites"], "by_level": json.loads(row["by_level"])}
            for row in self.db.query(
                """SELECT p.code, p.name, count(*) AS sites,
                          (SELECT {json_object} FROM
                             (SELECT level, count(*) AS n FROM sites c
                              WHERE c.province_key = p.key AND c.active = 1
                              GROUP BY level ORDER BY min(depth)) AS counts) AS by_level
                   FROM sites p JOIN sites s ON s.province_key = p.key AND s.active = 1
                   WHERE p.level = 'province' AND p.active = 1
                   GROUP BY p.key, p.code, p.name, p.ordinal ORDER BY p.ordinal""".format(
                    json_object="json_object_agg(level, n)::text"
                    if dialect(self.db) == "postgresql"
                    else "json_group_object(level, n)"
                )
            )
        ]
        last = next(self.db.query("SELECT * FROM imports ORDER BY id DESC LIMIT 1"), None)
        retired = self.db.execute("SELECT count(*) FROM sites WHERE active = 0").fetchone()[0]
        return {
            "active": sum(by_level.values()),
            "retired": retired,
            "by_level": by_level,
            "by_province": by_province,
            "last_import": last,
        }


# What the local search index copies of each site (search.py and short_prefixes.py rank by these).
_INDEXED = (
    "id",
    "key",
    "code_text",
    *_STRUCTURE,
    "search_name",
    "search_alias",
    "search_ancestors",
    "hay_words",
    "hay_type",
    "hay_name",
    "hay_core",
    "hay_all",
    "active",
)


def _store_short_prefixes(conn: Any) -> None:
    rows = conn.execute(f"SELECT {', '.join(short_prefixes.RankRow._fields)} FROM sites WHERE active = 1")
    table = short_prefixes.build(short_prefixes.RankRow(*row) for row in rows)
    conn.execute("DELETE FROM short_prefixes")
    conn.executemany(
        "INSERT INTO short_prefixes (prefix, ids) VALUES (?, ?)",
        [(prefix, json.dumps(ids)) for prefix, ids in table.items()],
    )


def _search_text(d: Division) -> tuple[str, ...]:
    """What search matches (folded name, abbreviations, parents' names) and what it ranks
    by (see console.directory.search)."""
    name = fold(d.name)
    alias = " ".join(initials(name))
    ancestors = " ".join(fold(n) for n in d.path[:-1])
    core = core_name(name)
    division_type = name[: len(name) - len(core)]
    return (
        name,
        alias,
        ancestors,
        f" {core} {alias} ",
        f" {division_type} ",
        f" {name} {alias} ",
        f" {core} ",
        f" {name} {alias} {ancestors} ",
    )


def _site(row: dict[str, Any]) -> Site:
    path = json.loads(row["path"])
    return Site(
        key=row["key"],
        code=row["code"],
        name=row["name"],
        level=row["level"],
        division_type=row["division_type"] or "",
        parent_key=row["parent_key"],
        province_key=row["province_key"],
        province=path[0],
        path=path,
        active=bool(row["active"]),
        status=row["status"] or "unknown",
        tags=json.loads(row["tags"] or "[]"),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


__all__ = [
    "DivisionsError",
    "Group",
    "GroupError",
    "ImportReport",
    "SearchAnswer",
    "Site",
    "SiteDirectory",
    "SiteLookupError",
    "bundled_current_divisions",
]
