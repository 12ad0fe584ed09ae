"""The wall's saved state: a JSON-able snapshot and a forgiving parser for it.

A saved state comes from disk and may be old, hand-edited or corrupt. Parsing keeps
every part that is valid, drops the rest with a note, and raises ``ValueError`` only when
nothing usable remains; the caller then starts from defaults. A bad file must never stop
the console from starting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from console.model.layouts import DEFAULT_LAYOUT, LAYOUTS
from console.model.tours import TourSettings

SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class WallSnapshot:
    """Everything that restores a wall, minus live state (statuses, history, tour timing)."""

    layout: str = DEFAULT_LAYOUT
    sources: tuple[str, ...] = ()
    page: int = 0
    pinned: dict[int, str] = field(default_factory=dict)
    focus: int = 0
    tour: TourSettings | None = None
    placed: dict[int, dict[int, str]] = field(default_factory=dict)  # page -> slot -> site

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict (pin slots become string keys, as JSON objects require)."""
        tour = None
        if self.tour is not None:
            tour = {"per_page": self.tour.per_page, "interval_s": self.tour.interval_s}
        return {
            "version": SNAPSHOT_VERSION,
            "layout": self.layout,
            "sources": list(self.sources),
            "page": self.page,
            "pinned": {str(slot): key for slot, key in sorted(self.pinned.items())},
            "focus": self.focus,
            "tour": tour,
            "placed": {
                str(page): {str(slot): key for slot, key in sorted(slots.items())}
                for page, slots in sorted(self.placed.items())
            },
        }

    @classmethod
    def from_dict(cls, data: object) -> tuple[WallSnapshot, list[str]]:
        """The usable parts of ``data`` and a note per part that was ignored.

        Raises ``ValueError`` when no part is usable (not a dict, or every known field
        missing or invalid).
        """
        if not isinstance(data, dict):
            raise ValueError(f"saved wall state must be a dict, got {type(data).__name__}")
        fields: dict[str, Any] = {}
        problems: list[str] = []

        def capacity() -> int:
            return LAYOUTS[fields.get("layout", DEFAULT_LAYOUT)].capacity

        # Order matters: pins and focus are checked against the layout parsed before them.
        parsers: list[tuple[str, Callable[[Any], Any]]] = [
            ("layout", _parse_layout),
            ("sources", lambda raw: _parse_sources(raw, problems)),
            ("page", _parse_page),
            ("pinned", lambda raw: _parse_pinned(raw, capacity(), problems)),
            ("focus", lambda raw: _parse_focus(raw, capacity())),
            ("tour", _parse_tour),
            ("placed", lambda raw: _parse_placed(raw, capacity(), problems)),
        ]
        for name, parse in parsers:
            if name not in data:
                continue
            try:
                fields[name] = parse(data[name])
            except (ValueError, TypeError) as exc:
                problems.append(f"{name}: {exc}")
        if not fields:
            reasons = "; ".join(problems) or "no known fields"
            raise ValueError(f"saved wall state has nothing usable ({reasons})")
        return cls(**fields), problems


def _is_int(raw: object) -> TypeGuard[int]:
    return isinstance(raw, int) and not isinstance(raw, bool)  # JSON true is not a slot


def _parse_layout(raw: object) -> str:
    if not isinstance(raw, str) or raw not in LAYOUTS:
        raise ValueError(f"unknown layout {raw!r}; valid layouts: {', '.join(LAYOUTS)}")
    return raw


def _parse_sources(raw: object, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise ValueError(f"must be a list of site keys, got {type(raw).__name__}")
    keys = [item for item in raw if isinstance(item, str) and item]
    if len(keys) < len(raw):
        problems.append(f"sources: ignored {len(raw) - len(keys)} entries that are not site keys")
    if raw and not keys:
        raise ValueError("no usable site key")
    return tuple(dict.fromkeys(keys))  # drop repeats, keep order


def _parse_page(raw: object) -> int:
    if not _is_int(raw) or raw < 0:
        raise ValueError(f"must be an integer >= 0, got {raw!r}")
    return raw


def _parse_slot(raw: object, capacity: int) -> int:
    if isinstance(raw, str) and raw.isdigit():
        raw = int(raw)
    if not _is_int(raw) or not 0 <= raw < capacity:
        raise ValueError(f"slot {raw!r} is outside the layout (0..{capacity - 1})")
    return raw


def _parse_pinned(raw: object, capacity: int, problems: list[str], label: str = "pinned") -> dict[int, str]:
    if not isinstance(raw, dict):
        raise ValueError(f"must be a dict of slot -> site key, got {type(raw).__name__}")
    pinned: dict[int, str] = {}
    for raw_slot, key in raw.items():
        try:
            slot = _parse_slot(raw_slot, capacity)
        except ValueError as exc:
            problems.append(f"{label}: {exc}")
            continue
        if not isinstance(key, str) or not key or key in pinned.values():
            problems.append(f"{label}: slot {slot} has an invalid or repeated site key {key!r}")
            continue
        pinned[slot] = key
    if raw and not pinned:
        raise ValueError("no usable pin")
    return pinned


def _parse_placed(raw: object, capacity: int, problems: list[str]) -> dict[int, dict[int, str]]:
    """page -> slot -> site; a page's slots are checked as pins are (one site once)."""
    if not isinstance(raw, dict):
        raise ValueError(f"must be a dict of page -> (slot -> site key), got {type(raw).__name__}")
    placed: dict[int, dict[int, str]] = {}
    for raw_page, slots in raw.items():
        page = int(raw_page) if isinstance(raw_page, str) and raw_page.isdigit() else raw_page
        if not _is_int(page) or page < 0:
            problems.append(f"placed: page {raw_page!r} is not a page number")
            continue
        try:
            kept = _parse_pinned(slots, capacity, problems, f"placed: page {page}")
        except ValueError as exc:
            problems.append(f"placed: page {page}: {exc}")
            continue
        if kept:
            placed[page] = kept
    return placed


def _parse_focus(raw: object, capacity: int) -> int:
    return _parse_slot(raw, capacity)


def _parse_tour(raw: object) -> TourSettings | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ValueError(f"must be null or a dict, got {type(raw).__name__}")
    interval_s = raw.get("interval_s")
    if not isinstance(interval_s, (int, float)):
        raise ValueError(f"interval_s must be a number, got {interval_s!r}")
    return TourSettings(per_page=raw.get("per_page"), interval_s=float(interval_s))
