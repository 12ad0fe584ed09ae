"""Tokens: who may join the hub as a site, who may operate it.

Site and operator tokens are shown once when issued and stored only as SHA-256 hashes
(they are 256-bit random strings, so a fast hash is enough). The *local token* is
different: it is kept in the database so that programs sharing the hub's ``--db`` (the
console, ``sim``, ``probe``) can authenticate without flags. Whoever can read that file
can already issue tokens, so it grants nothing new; the file is created mode 0600.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from console.directory.audit import append_audit
from console.directory.store import Site, SiteDirectory, SiteLookupError

SITE_PREFIX, OPERATOR_PREFIX, LOCAL_PREFIX = "st_", "ot_", "lt_"
ROLES = ("viewer", "presenter", "operator", "admin")  # as console/signaling/protocol.py's CONSOLE_ROLES
LOCAL_ROLE = "admin"  # whoever can read the hub's database can already issue tokens


def token_hash(token: str) -> str:
    # surrogatepass: whatever a peer sends hashes to something (and matches nothing).
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Credential:
    """What authenticated a connection: ``kind`` is ``site``, ``operator`` or ``local``;
    ``name`` the site key or operator name. The hub keeps it per connection so that revoking
    or re-issuing the token ends exactly the connections it let in."""

    kind: str
    name: str
    hash: str
    role: str = ""  # a console's role (viewer, presenter, operator, admin); "" for a site


@dataclass(frozen=True)
class CredentialSnapshot:
    """The tokens in force at one moment, to re-check live connections against."""

    sites: dict[str, str]  # active site key -> token hash
    operators: dict[str, str]  # operator name -> token hash
    local: str  # the local token's hash
    roles: dict[str, str] = field(default_factory=dict)  # operator name -> role
    # The two maps read backwards, made once: a token's hash finds its site or operator.
    _site_by_hash: dict[str, str] = field(init=False, repr=False, compare=False)
    _operator_by_hash: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_site_by_hash", {h: k for k, h in self.sites.items()})
        object.__setattr__(self, "_operator_by_hash", {h: n for n, h in self.operators.items()})

    def site(self, token: str) -> Credential | None:
        """The credential a site token (``st_…``) stands for, or None."""
        if not token.startswith(SITE_PREFIX):
            return None
        digest = token_hash(token)
        key = self._site_by_hash.get(digest)
        if key is None or not secrets.compare_digest(self.sites[key], digest):
            return None
        return Credential("site", key, digest)

    def operator(self, token: str) -> Credential | None:
        """The credential an operator token (or the local token, as operator ``local``) stands for."""
        digest = token_hash(token)
        if token.startswith(LOCAL_PREFIX):
            return self.local_token(token)
        name = self._operator_by_hash.get(digest) if token.startswith(OPERATOR_PREFIX) else None
        if name is None or not secrets.compare_digest(self.operators[name], digest):
            return None
        return Credential("operator", name, digest, self.roles.get(name, "operator"))

    def local_token(self, token: str) -> Credential | None:
        """The local token: programs sharing the hub's database, acting as admin ``local``."""
        digest = token_hash(token)
        ok = token.startswith(LOCAL_PREFIX) and secrets.compare_digest(digest, self.local)
        return Credential("local", "local", digest, LOCAL_ROLE) if ok else None

    def allows(self, credential: Credential) -> bool:
        """Whether ``credential`` is still in force, with the same role."""
        table = {"site": self.sites, "operator": self.operators}.get(credential.kind)
        expected = self.local if credential.kind == "local" else (table or {}).get(credential.name)
        if expected is None or not secrets.compare_digest(expected, credential.hash):
            return False
        return credential.kind != "operator" or self.roles.get(credential.name, "operator") == credential.role


def credential_snapshot(directory: SiteDirectory) -> CredentialSnapshot:
    sites = dict(
        directory.db.execute("SELECT key, token_hash FROM sites WHERE token_hash IS NOT NULL AND active = 1").fetchall()
    )
    rows = directory.db.execute("SELECT name, token_hash, role FROM operators WHERE token_hash IS NOT NULL").fetchall()
    return CredentialSnapshot(
        sites,
        {name: digest for name, digest, _ in rows},
        token_hash(local_token(directory)),
        {name: role or "operator" for name, _, role in rows},
    )


def issue_site_tokens(directory: SiteDirectory, keys: Iterable[str], actor: str = "cli") -> dict[str, str]:
    """New tokens for many sites in one transaction (provisioning, benchmarks): key -> token."""
    tokens = {key: SITE_PREFIX + secrets.token_urlsafe(32) for key in keys}
    with directory.db.conn:
        changed = directory.db.conn.executemany(
            "UPDATE sites SET token_hash = ? WHERE key = ? AND active = 1",
            [(token_hash(t), k) for k, t in tokens.items()],
        ).rowcount
    if changed != len(tokens):
        raise SiteLookupError(f"{len(tokens) - changed} of the {len(tokens)} sites are not active sites")
    append_audit(directory, actor, "issue_tokens", f"{len(tokens)} sites", {}, "ok")
    return tokens


def issue_site_token(directory: SiteDirectory, key: str, actor: str = "cli") -> str:
    """A new token for site ``key``; any earlier token of that site stops working."""
    site = directory.get(key)
    if site is None or not site.active:
        raise SiteLookupError(f"no active site {key!r}")
    token = SITE_PREFIX + secrets.token_urlsafe(32)
    with directory.db.conn:
        directory.db.execute("UPDATE sites SET token_hash = ? WHERE key = ?", [token_hash(token), key])
    append_audit(directory, actor, "issue_token", key, {}, "ok")
    return token


def revoke_site_token(directory: SiteDirectory, key: str, actor: str = "cli") -> bool:
    """Forget the token of site ``key``; True if it had one."""
    if directory.get(key) is None:
        raise SiteLookupError(f"no site {key!r}")
    with directory.db.conn:
        changed = directory.db.execute(
            "UPDATE sites SET token_hash = NULL WHERE key = ? AND token_hash IS NOT NULL", [key]
        ).rowcount
    append_audit(directory, actor, "revoke_token", key, {}, "ok" if changed else "had no token")
    return bool(changed)


def site_for_token(directory: SiteDirectory, token: str) -> Site | None:
    """The active site a site token belongs to, or None."""
    if not isinstance(token, str) or not token.startswith(SITE_PREFIX):
        return None
    row = directory.db.execute(
        "SELECT key FROM sites WHERE token_hash = ? AND active = 1", [token_hash(token)]
    ).fetchone()
    return directory.get(row[0]) if row else None


def issue_operator_token(directory: SiteDirectory, name: str, actor: str = "cli", role: str = "operator") -> str:
    """A new token for operator ``name`` with ``role`` (replacing any earlier token and role)."""
    name = name.strip()
    if not name or len(name) > 64 or not name.isprintable():
        raise ValueError("an operator needs a name of 1 to 64 printable characters")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    token = OPERATOR_PREFIX + secrets.token_urlsafe(32)
    directory.db["operators"].upsert(
        {"name": name, "token_hash": token_hash(token), "created_at": _now(), "revoked_at": None, "role": role},
        pk="name",
    )
    append_audit(directory, actor, "issue_operator_token", name, {"role": role}, "ok")
    return token


def revoke_operator_token(directory: SiteDirectory, name: str, actor: str = "cli") -> bool:
    with directory.db.conn:
        changed = directory.db.execute(
            "UPDATE operators SET token_hash = NULL, revoked_at = ? WHERE name = ? AND token_hash IS NOT NULL",
            [_now(), name],
        ).rowcount
    append_audit(directory, actor, "revoke_operator_token", name, {}, "ok" if changed else "unknown")
    return bool(changed)


def operator_for_token(directory: SiteDirectory, token: str) -> str | None:
    """The operator name a token belongs to (``local`` for the local token), or None."""
    if not isinstance(token, str):
        return None
    if token.startswith(LOCAL_PREFIX):
        return "local" if is_local_token(directory, token) else None
    if not token.startswith(OPERATOR_PREFIX):
        return None
    row = directory.db.execute("SELECT name FROM operators WHERE token_hash = ?", [token_hash(token)]).fetchone()
    return row[0] if row else None


def is_local_token(directory: SiteDirectory, token: str) -> bool:
    # Compared as hashes: constant time whatever the token holds (compare_digest refuses
    # non-ASCII strings, and a peer's token may hold anything).
    return (
        isinstance(token, str)
        and token.startswith(LOCAL_PREFIX)
        and secrets.compare_digest(token_hash(token), token_hash(local_token(directory)))
    )


def local_token(directory: SiteDirectory) -> str:
    """The credential of programs that share this database; made on first use."""
    row = directory.db.execute("SELECT value FROM meta WHERE name = 'local_token'").fetchone()
    if row:
        return str(row[0])
    token = LOCAL_PREFIX + secrets.token_urlsafe(32)
    with directory.db.conn:
        directory.db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('local_token', ?)", [token])
    return str(directory.db.execute("SELECT value FROM meta WHERE name = 'local_token'").fetchone()[0])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
