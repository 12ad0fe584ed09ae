"""The active hub's lease in PostgreSQL: one row (holder, epoch, expiry), and the fence that
makes every durable write of a hub conditional on still holding it (docs/failover.md).

The row is taken by a conditional UPDATE that bumps ``epoch`` (the fencing token), renewed by
an UPDATE that names the holder and its epoch, and checked by each write transaction of a hub
with ``SELECT … FOR KEY SHARE``: the check and the writes after it commit together, and the row
lock keeps a takeover (which locks that row ``FOR UPDATE`` first) waiting until they have. A
deposed hub's late write therefore either committed before the takeover or finds a newer epoch
and is refused. ``FOR KEY SHARE`` rather than ``FOR SHARE``: the renewal's UPDATE does not
change the row's key, so it need not wait for the hub's own writes (with ``FOR SHARE`` it did,
and one write slowed for a few seconds on a loaded machine cost the hub its lease).

Every expiry is PostgreSQL's clock (``clock_timestamp()``), never a hub's: two hubs' clocks
never have to agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from console.directory.backend import StoreError

LEASE = "active"

TABLES = (
    """CREATE TABLE IF NOT EXISTS hub_lease (name TEXT PRIMARY KEY, holder TEXT NOT NULL, address TEXT NOT NULL,
        epoch BIGINT NOT NULL, renewed_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL)""",
    """INSERT INTO hub_lease (name, holder, address, epoch, renewed_at, expires_at)
        VALUES ('active', '', '', 0, '-infinity', '-infinity') ON CONFLICT DO NOTHING""",
    """CREATE TABLE IF NOT EXISTS hub_members (hub TEXT PRIMARY KEY, address TEXT NOT NULL,
        seen_at TIMESTAMPTZ NOT NULL)""",
)

# Taken, in one transaction, when it has expired, was never held, or is this hub's own (a hub
# restarted under its identity takes its lease back at once: the process that held it is gone,
# and the new epoch fences anything it left behind). The row is locked first, so two standbys
# never both take it, and the decision is made on the row as it is now.
LOOK = """
SELECT holder, address, epoch, CASE WHEN holder = '' THEN 0 ELSE EXTRACT(EPOCH FROM clock_timestamp() - renewed_at) END,
    expires_at <= clock_timestamp() OR holder = %(hub)s OR holder = ''
FROM hub_lease WHERE name = 'active' FOR UPDATE
"""

TAKE = """
UPDATE hub_lease SET holder = %(hub)s, address = %(address)s, epoch = epoch + 1,
    renewed_at = clock_timestamp(), expires_at = clock_timestamp() + %(ttl)s * interval '1 second'
WHERE name = 'active' RETURNING epoch
"""

RENEW = """
UPDATE hub_lease SET renewed_at = clock_timestamp(), expires_at = clock_timestamp() + %(ttl)s * interval '1 second'
WHERE name = 'active' AND holder = %(hub)s AND epoch = %(epoch)s AND expires_at > clock_timestamp()
RETURNING epoch
"""

# Give the lease up on a clean stop, so a standby need not wait for it to expire.
RELEASE = """
UPDATE hub_lease SET expires_at = clock_timestamp() WHERE name = 'active' AND holder = %(hub)s AND epoch = %(epoch)s
"""

HOLDER = """
SELECT holder, address, epoch, expires_at > clock_timestamp() FROM hub_lease WHERE name = 'active'
"""

REGISTER = """
INSERT INTO hub_members (hub, address, seen_at) VALUES (%(hub)s, %(address)s, clock_timestamp())
ON CONFLICT (hub) DO UPDATE SET address = EXCLUDED.address, seen_at = EXCLUDED.seen_at
"""

# Hubs seen within the last day, the active one first: the addresses clients are given.
MEMBERS = """
SELECT m.address FROM hub_members m LEFT JOIN hub_lease l ON l.name = 'active' AND l.holder = m.hub
WHERE m.seen_at > clock_timestamp() - interval '1 day'
ORDER BY (l.holder IS NULL), m.hub
"""

FENCE = """
SELECT 1 FROM hub_lease WHERE name = 'active' AND holder = %s AND epoch = %s AND expires_at > clock_timestamp()
FOR KEY SHARE
"""


class Deposed(StoreError):
    """A write refused because this hub no longer holds the lease it wrote under."""


@dataclass(frozen=True)
class Fence:
    """The lease a hub's writes are made under: its identity and the epoch it was granted."""

    hub: str
    epoch: int

    def check(self, pg: Any) -> None:
        """Inside the write's transaction on connection ``pg``: hold the lease row, or refuse."""
        if pg.execute(FENCE, [self.hub, self.epoch]).fetchone() is None:
            raise Deposed(f"hub {self.hub} no longer holds the active lease (epoch {self.epoch}): the write is refused")


@dataclass(frozen=True)
class Grant:
    """The lease, just taken: its epoch, and whom it was taken from (``previous`` is empty when
    nobody held it before; ``away_s`` is how long since that holder last renewed)."""

    epoch: int
    previous: str
    previous_address: str
    previous_epoch: int
    away_s: float | None
