"""Invitations at national scale: a token and a join link for every site of a province, a group
or the whole country, in one go (2,594 communes were brought online in three days in 2021).

All or nothing: the links are written to a file next to the output first, then the tokens are
stored in one transaction, then the file takes its name. A file that cannot be written changes
no token; a failed transaction leaves no file. Sites that already have a token are refused
unless ``rotate`` (their current links would stop working), and the refusal names them.
"""

from __future__ import annotations

import csv
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from console.directory.audit import append_audit
from console.directory.credentials import SITE_PREFIX, token_hash
from console.directory.store import SiteDirectory, SiteLookupError

COLUMNS = ("key", "code", "name", "level", "path", "link")


class InvitationError(ValueError):
    """Invitations that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class InvitationReport:
    sites: int
    rotated: int
    path: Path
    seconds: float


def invite_sites(
    directory: SiteDirectory,
    keys: list[str],
    hub_url: str,
    out: Path,
    rotate: bool = False,
    what: str = "",
    actor: str = "cli",
) -> InvitationReport:
    """Tokens and links for ``keys`` (active sites), written to ``out`` as CSV (COLUMNS)."""
    started = time.perf_counter()
    if not keys:
        raise InvitationError("no sites to invite")
    rows = _sites(directory, keys)
    had = [row for row in rows if row["token_hash"]]
    if had and not rotate:
        names = ", ".join(f"{r['name']} ({r['key']})" for r in had[:3])
        raise InvitationError(
            f"{len(had)} of these {len(rows)} sites already have a token (e.g. {names}); "
            "give --rotate to replace them: their current links stop working"
        )
    out = Path(out)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tokens = {row["key"]: SITE_PREFIX + secrets.token_urlsafe(32) for row in rows}
    try:
        _write(temporary, rows, tokens, hub_url)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InvitationError(f"cannot write {out}: {exc.strerror or exc}; no token was changed") from None
    try:
        with directory.db.conn:
            directory.db.conn.executemany(
                "UPDATE sites SET token_hash = ? WHERE key = ?",
                [(token_hash(token), key) for key, token in tokens.items()],
            )
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    append_audit(
        directory, actor, "invite", what or f"{len(rows)} sites", {"sites": len(rows), "rotated": len(had)}, "ok"
    )
    return InvitationReport(len(rows), len(had), out, round(time.perf_counter() - started, 3))


def _sites(directory: SiteDirectory, keys: list[str]) -> list[dict[str, Any]]:
    wanted = list(dict.fromkeys(keys))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):  # SQLite's limit on host parameters
        chunk = wanted[start : start + 500]
        found.update(
            (row["key"], dict(row))
            for row in directory.db.query(
                "SELECT key, code, name, level, path, token_hash, active FROM sites WHERE key IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            )
        )
    missing = [k for k in wanted if k not in found or not found[k]["active"]]
    if missing:
        raise SiteLookupError(f"{len(missing)} sites are not active sites of the directory (e.g. {missing[0]!r})")
    return [found[k] for k in wanted]


def _write(path: Path, rows: list[dict[str, Any]], tokens: dict[str, str], hub_url: str) -> None:
    import json

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for row in rows:
            link = join_link(hub_url, tokens[row["key"]])
            writer.writerow(
                (row["key"], row["code"], row["name"], row["level"], " › ".join(json.loads(row["path"])), link)
            )
        f.flush()
        os.fsync(f.fileno())
    os.chmod(path, 0o600)  # the links are credentials


def join_link(hubs: str, token: str) -> str:
    """A site page's link: on the first hub of ``hubs`` (``URL`` or ``URL1,URL2``), naming the
    other hubs of a pair (``hubs=``) for the page to follow when the first is lost or standby."""
    first, *others = [hub.strip().rstrip("/") for hub in hubs.split(",") if hub.strip()]
    link = f"{first}/site?token={quote(token, safe='')}"
    return link + (f"&hubs={quote(','.join(others), safe='')}" if others else "")
