"""The alarm rules only a receiving console can judge, as a pure model with explicit times.

The hub keeps the alarms (docs/protocol.md, ``alarms``); a console tells it what it sees:

* ``video_stalled``: a tile on the wall has had no new picture for more than 5 s;
* ``loss_high``: a site's packet loss stays over 10 % for 10 s;
* ``mic_silent``: a site whose microphone is open (unmuted) stays silent for 30 s;
* ``hub_lost``: this console lost the hub (said once it is back; closed a minute later);
* ``no_media_path``: an online site's media found no working path (NAT, firewall or relay
  down): raised at once, within 10 s of the attempt, instead of a tile "connecting" for ever.

Each ``observe_*`` call takes what holds *now* for every site it concerns (a site missing from
the mapping no longer has the condition: it left the wall, was muted, went away) and returns
the ``AlarmAction``-s to send: a raise once a condition has held long enough, a clear once it
is over. A condition is raised once, however long it lasts; the hub holds flapping down.

Alarms this console raised before it restarted are still open at the hub: ``adopt`` takes them
back, and each is cleared the first time this console sees its site without the condition (a
site it does not see now is left to whoever does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

STALL_S = 5.0
LOSS_PCT = 10.0
LOSS_S = 10.0
SILENT_DB = -55.0  # louder than this is sound; a dead microphone sends silence or nothing
SILENT_S = 30.0
HUB_LOST_SHOWN_S = 60.0  # a hub_lost alarm stays open this long after the hub is back


@dataclass(frozen=True)
class AlarmAction:
    """``raise`` or ``clear`` an alarm of ``rule`` about ``site`` (None for hub_lost).

    ``detail`` is for people, in English; ``detail_args`` names its numbers (and, for hub_lost,
    the reason's code as ``why`` with its arguments) so a console says it in its language
    (the detail's kind is the rule's name). ``since``: when the condition began (seconds since
    the epoch), where that is not when it is raised (a lost hub is told once it is back)."""

    kind: str
    rule: str
    site: str | None
    detail: str = ""
    detail_args: dict[str, Any] = field(default_factory=dict)
    since: float | None = None


class AlarmRules:
    """Conditions seen by this console, how long each has held, and which were raised."""

    def __init__(
        self,
        stall_s: float = STALL_S,
        loss_s: float = LOSS_S,
        silent_s: float = SILENT_S,
        hub_shown_s: float = HUB_LOST_SHOWN_S,
    ) -> None:
        self.hold = {"video_stalled": stall_s, "loss_high": loss_s, "mic_silent": silent_s, "no_media_path": 0.0}
        self.hub_shown_s = hub_shown_s
        self._since: dict[tuple[str, str], float] = {}  # (rule, site) -> condition holding since
        self.raised: set[tuple[str, str | None]] = set()  # what this console has raised and not cleared
        self._adopted: set[tuple[str, str]] = set()  # raised before a restart, not yet seen again
        self._hub_lost_at: float | None = None
        self._hub_lost_reason = ""
        self._hub_lost_wall: float | None = None
        self._hub_lost_why: tuple[str, dict[str, Any]] = ("", {})
        self._hub_back_at: float | None = None

    # --- observations -----------------------------------------------------------------

    def adopt(self, raised: Iterable[tuple[str, str]]) -> None:
        """(rule, site) of alarms this console raised before it (re)started, still open."""
        for rule, site in raised:
            if rule in self.hold and (rule, site) not in self.raised:
                self.raised.add((rule, site))
                self._adopted.add((rule, site))

    def observe_tiles(
        self,
        now: float,
        stalled: Mapping[str, tuple[int, int]],
        last_picture: Mapping[str, float] | None = None,
        shown: Iterable[str] = (),
    ) -> list[AlarmAction]:
        """``stalled``: site -> where, (tile, page) counted from 1, for every tile on the wall
        without a new picture now (a tile that never showed one is connecting, not stalled);
        ``last_picture``: when each showed its last picture, if known (the stall is timed from it);
        ``shown``: every site on screen (what an adopted alarm is cleared by)."""

        def detail(key: str, held: float) -> tuple[str, dict[str, Any]]:
            tile, page = stalled[key]
            return (
                f"no new picture for {held:.0f} s on tile {tile} of page {page}",
                {"seconds": round(held), "tile": tile, "page": page},
            )

        return self._observe(
            "video_stalled", now, {k: True for k in stalled}, detail, last_picture or {}, observed=shown
        )

    def observe_loss(self, now: float, loss_pct: Mapping[str, float]) -> list[AlarmAction]:
        """``loss_pct``: site -> packet loss (%) over the last sample, for sites received now."""
        return self._observe(
            "loss_high",
            now,
            {k: v > LOSS_PCT for k, v in loss_pct.items()},
            lambda key, held: (
                f"packet loss {loss_pct[key]:.0f} % for {held:.0f} s",
                {"loss": round(loss_pct[key]), "seconds": round(held)},
            ),
        )

    def observe_microphones(self, now: float, open_levels: Mapping[str, float | None]) -> list[AlarmAction]:
        """``open_levels``: site -> its loudest level (dBFS, None for no audio at all) for every
        site this console hears whose microphone is open."""
        return self._observe(
            "mic_silent",
            now,
            {k: v is None or v <= SILENT_DB for k, v in open_levels.items()},
            lambda key, held: (f"microphone open but silent for {held:.0f} s", {"seconds": round(held)}),
        )

    def observe_media_paths(
        self, now: float, no_path: Mapping[str, bool], received: Iterable[str] = ()
    ) -> list[AlarmAction]:
        """``no_path``: site -> whether its media found no working path, for every online site
        this console receives (the session said so: its ICE deadline passed); ``received``:
        every online site it receives."""
        return self._observe(
            "no_media_path",
            now,
            no_path,
            lambda key, held: ("no working media path: direct, through NAT and relayed all failed", {}),
            observed=received,
        )

    def hub_lost(
        self,
        now: float,
        reason: str,
        wall_now: float | None = None,
        why: str = "",
        why_args: Mapping[str, Any] | None = None,
    ) -> list[AlarmAction]:
        """The hub is gone: nothing can be told now; remember since when (``wall_now``: the
        same moment in seconds since the epoch, for the alarm's time) and why (``reason`` in
        English; ``why`` and ``why_args``: its code and arguments, console/model/reasons.py)."""
        if self._hub_lost_at is None:
            self._hub_lost_at, self._hub_lost_wall = now, wall_now
            self._hub_lost_reason, self._hub_lost_why = reason, (why, dict(why_args or {}))
        self._hub_back_at = None
        return []

    def hub_back(self, now: float) -> list[AlarmAction]:
        """The hub is back: say how long it was lost, and since when."""
        if self._hub_lost_at is None:
            return []
        lost_for, reason = now - self._hub_lost_at, self._hub_lost_reason
        self._hub_lost_at, self._hub_back_at = None, now
        self.raised.add(("hub_lost", None))
        detail = f"hub lost for {lost_for:.0f} s" + (f": {reason}" if reason else "")
        why, why_args = self._hub_lost_why
        args: dict[str, Any] = {"seconds": round(lost_for)}
        if why:  # the reason's own arguments beside its code (they fit: at most 8 in all)
            args.update({"why": why, **{k: v for k, v in list(why_args.items())[:6] if k not in ("seconds", "why")}})
        return [AlarmAction("raise", "hub_lost", None, detail[:256], args, self._hub_lost_wall)]

    def tick(self, now: float) -> list[AlarmAction]:
        """Time passing: a hub_lost alarm closes once the hub has been back long enough."""
        if self._hub_back_at is not None and now - self._hub_back_at >= self.hub_shown_s:
            self._hub_back_at = None
            if ("hub_lost", None) in self.raised:
                self.raised.discard(("hub_lost", None))
                return [AlarmAction("clear", "hub_lost", None)]
        return []

    def holding(self, rule: str, site: str, now: float) -> float | None:
        """Seconds the condition has held (None if it does not)."""
        since = self._since.get((rule, site))
        return None if since is None else now - since

    # --- the common rule ------------------------------------------------------------------

    def _observe(
        self,
        rule: str,
        now: float,
        holds: Mapping[str, bool],
        detail: Callable[[str, float], tuple[str, dict[str, Any]]],
        started: Mapping[str, float] | None = None,
        observed: Iterable[str] = (),
    ) -> list[AlarmAction]:
        """``observed``: sites looked at without the condition, beside ``holds``'s own keys."""
        actions = []
        seen = {*holds, *observed}
        for adopted in [a for a in self._adopted if a[0] == rule and a[1] in seen]:
            self._adopted.discard(adopted)
            if not holds.get(adopted[1]):
                self.raised.discard(adopted)  # seen without its condition: over
                actions.append(AlarmAction("clear", rule, adopted[1]))
        for key, now_holds in holds.items():
            if not now_holds:
                continue
            since = self._since.setdefault((rule, key), min(now, (started or {}).get(key, now)))
            if (rule, key) not in self.raised and (now - since > self.hold[rule] or not self.hold[rule]):
                self.raised.add((rule, key))
                text, args = detail(key, now - since)
                actions.append(AlarmAction("raise", rule, key, text[:256], args))
        for r, key in [k for k in self._since if k[0] == rule and not holds.get(k[1])]:
            del self._since[(r, key)]
            if (rule, key) in self.raised:
                self.raised.discard((rule, key))
                actions.append(AlarmAction("clear", rule, key))
        return actions
