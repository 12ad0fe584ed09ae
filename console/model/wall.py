"""``WallModel``: the video wall's state and the presenter's commands on it.

Views read the state through properties and change it only through commands; every
command compares what views can see before and after, and emits one event per part that
really changed (so a view never redraws for nothing and never misses a change).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from console.model.events import EventGroup, Signal
from console.model.geometry import Rect, neighbour
from console.model.layouts import DEFAULT_LAYOUT, Layout, layout
from console.model.paging import page_assignments, page_count
from console.model.snapshot import WallSnapshot
from console.model.tiles import TileState, TileStatus
from console.model.tours import TourSettings, TourTimer

log = logging.getLogger(__name__)

HISTORY_LIMIT = 20  # "back" steps kept per slot


class WallEvents(EventGroup):
    """The wall's signals; each carries the new value of what changed."""

    def __init__(self) -> None:
        self.layout_changed = Signal("layout_changed")  # (layout: Layout)
        self.pins_changed = Signal("pins_changed")  # (pinned: dict[int, str])
        self.assignments_changed = Signal("assignments_changed")  # (sites: list[str | None])
        self.page_changed = Signal("page_changed")  # (page: int, page_count: int)
        self.focus_changed = Signal("focus_changed")  # (slot: int)
        self.fullscreen_changed = Signal("fullscreen_changed")  # (fullscreen: bool)
        self.tour_changed = Signal("tour_changed")  # (tour: TourSettings | None)
        self.states_changed = Signal("states_changed")  # (keys: list[str])


@dataclass(frozen=True)
class _Visible:
    """What views can see; compared before and after each command."""

    layout: Layout
    pinned: tuple[tuple[int, str], ...]
    assignments: tuple[str | None, ...]
    page: tuple[int, int]
    focus: int
    fullscreen: bool
    tour: TourSettings | None


class WallModel:
    """The wall: layout, the sources it pages through, pins, focus, tours, tile statuses.

    Slots are indices into ``layout.slots``. Pinned slots keep their site across pages and
    tours; the other slots take ``sources`` in order, page by page. Spot-inspect
    (``show_site``) pins the site into a slot and remembers what was there for ``back``.
    """

    def __init__(self, layout_name: str = DEFAULT_LAYOUT, sources: Iterable[str] = ()) -> None:
        self.events = WallEvents()
        self._layout = layout(layout_name)
        self._sources = _clean_keys(sources)
        self._page = 0
        self._pinned: dict[int, str] = {}
        self._focus = 0
        self._fullscreen = False
        self._history: dict[int, list[str]] = {}
        self._tour: TourTimer | None = None
        self._statuses: dict[str, TileStatus] = {}
        self._reported_states: dict[str, TileState] = {}  # as last sent in states_changed

    # ---- state, read-only: copies, so nobody changes the wall behind the events' back

    @property
    def layout(self) -> Layout:
        return self._layout

    @property
    def sources(self) -> list[str]:
        return list(self._sources)

    @property
    def page(self) -> int:
        return self._page

    @property
    def page_count(self) -> int:
        return page_count(self._sources, self._layout.capacity, self._pinned, self._per_page())

    @property
    def pinned(self) -> dict[int, str]:
        return dict(self._pinned)

    @property
    def focus(self) -> int:
        return self._focus

    @property
    def fullscreen(self) -> bool:
        return self._fullscreen

    @property
    def history(self) -> dict[int, list[str]]:
        return {slot: list(keys) for slot, keys in self._history.items()}

    @property
    def statuses(self) -> dict[str, TileStatus]:
        return dict(self._statuses)

    @property
    def tour(self) -> TourSettings | None:
        return None if self._tour is None else self._tour.settings

    @property
    def touring(self) -> bool:
        return self._tour is not None

    def assignments(self) -> list[str | None]:
        """Site per slot on the current page; ``None`` where the page runs out."""
        return page_assignments(
            self._sources, self._layout.capacity, self._pinned, self._page, self._per_page()
        )

    def visible_sites(self) -> set[str]:
        """The sites on screen now (the ones the media layer should receive)."""
        return {key for key in self.assignments() if key is not None}

    def status(self, key: str) -> TileStatus:
        """The tile status of site ``key``, created on first use."""
        key = _clean_key(key)
        if key not in self._statuses:
            self._statuses[key] = TileStatus()
        return self._statuses[key]

    # ---- layout, sources, pages

    def set_layout(self, name: str) -> bool:
        """Switch layout; focus stays if still a slot, pins and history that fit stay."""
        new = layout(name)
        before = self._visible()
        self._layout = new
        self._pinned = {slot: key for slot, key in self._pinned.items() if slot < new.capacity}
        self._history = {slot: h for slot, h in self._history.items() if slot < new.capacity}
        return self._publish(before)

    def set_sources(self, keys: Iterable[str]) -> bool:
        """Page through ``keys`` from page 0; stops a running tour."""
        sources = _clean_keys(keys)
        before = self._visible()
        self._sources = sources
        self._page = 0
        self._tour = None
        return self._publish(before)

    def next_page(self) -> bool:
        """Next page, wrapping to the first; during a tour the interval restarts."""
        return self._turn_page(+1)

    def prev_page(self) -> bool:
        """Previous page, wrapping to the last; during a tour the interval restarts."""
        return self._turn_page(-1)

    def _turn_page(self, step: int) -> bool:
        if self._tour is not None:
            self._tour.reset()  # the presenter gets a full interval on the page they chose
        before = self._visible()
        self._page = (self._page + step) % self.page_count
        return self._publish(before)

    # ---- focus

    def focus_slot(self, slot: int) -> bool:
        """Focus ``slot``; out-of-range slots are ignored (key 9 on a 2x2 wall)."""
        if not _is_slot(slot, self._layout):
            return False
        before = self._visible()
        self._focus = slot
        return self._publish(before)

    def move_focus(self, direction: str, rects: Sequence[Rect]) -> bool:
        """Move focus to the neighbouring tile in ``direction`` on the wall's ``rects``."""
        if len(rects) != self._layout.capacity:
            raise ValueError(
                f"{len(rects)} rects given for layout {self._layout.name} "
                f"({self._layout.capacity} slots)"
            )
        return self.focus_slot(neighbour(rects, self._focus, direction))

    def toggle_fullscreen(self) -> bool:
        """The focused tile fills the wall, or the wall returns."""
        before = self._visible()
        self._fullscreen = not self._fullscreen
        return self._publish(before)

    # ---- pins and spot-inspect

    def pin(self, slot: int) -> bool:
        """Keep the site now in ``slot`` there across pages and tours."""
        self._require_slot(slot)
        key = self.assignments()[slot]
        if key is None or slot in self._pinned:
            return False
        before = self._visible()
        self._pinned[slot] = key
        return self._publish(before)

    def unpin(self, slot: int) -> bool:
        """Return ``slot`` to paging."""
        self._require_slot(slot)
        if slot not in self._pinned:
            return False
        before = self._visible()
        del self._pinned[slot]
        return self._publish(before)

    def show_site(self, key: str, slot: int | None = None) -> bool:
        """Spot-inspect: pin ``key`` into ``slot`` and focus it, remembering the old site.

        ``slot`` defaults to the inspection slot: slot 0 (the big tile) in a focus layout,
        else the focused slot. A site already pinned elsewhere moves here.
        """
        key = _clean_key(key)
        slot = self._inspection_slot() if slot is None else self._require_slot(slot)
        shown = self.assignments()[slot]
        before = self._visible()
        if shown is not None and shown != key:
            history = self._history.setdefault(slot, [])
            history.append(shown)
            del history[:-HISTORY_LIMIT]
        self._place(key, slot)
        self._focus = slot
        return self._publish(before)

    def drop_site(self, key: str, slot: int) -> bool:
        """A site dragged from the directory onto tile ``slot``: spot-inspect it there."""
        return self.show_site(key, slot)

    def back(self, slot: int | None = None) -> bool:
        """Show the site ``slot`` showed before the last ``show_site`` there, and focus it.

        If paging would put that site in the slot anyway, the slot is unpinned (it was
        paging before the inspection); otherwise the site is pinned there.
        """
        slot = self._inspection_slot() if slot is None else self._require_slot(slot)
        history = self._history.get(slot)
        if not history:
            return False
        before = self._visible()
        previous = history.pop()
        if not history:
            del self._history[slot]
        unpinned = {s: k for s, k in self._pinned.items() if s != slot}
        paged = page_assignments(
            self._sources, self._layout.capacity, unpinned, self._page, self._per_page()
        )
        if paged[slot] == previous:
            self._pinned = unpinned
        else:
            self._place(previous, slot)
        self._focus = slot
        self._publish(before)
        return True  # the history step was used even if the picture is unchanged

    def _place(self, key: str, slot: int) -> None:
        # A site is on the wall once: pinning it here frees the slot it was pinned in.
        self._pinned = {s: k for s, k in self._pinned.items() if k != key}
        self._pinned[slot] = key

    def _inspection_slot(self) -> int:
        return 0 if self._layout.is_focus_layout else self._focus

    # ---- tours

    def start_tour(
        self, keys: Iterable[str], per_page: int | None, interval_s: float, now: float
    ) -> bool:
        """Page through ``keys`` every ``interval_s`` seconds from ``now``, from page 0.

        ``per_page`` None means every slot that is not pinned.
        """
        settings = TourSettings(per_page, interval_s)
        sources = _clean_keys(keys)
        before = self._visible()
        self._sources = sources
        self._page = 0
        self._tour = TourTimer(settings, started_at=now)
        return self._publish(before)

    def stop_tour(self) -> bool:
        """Stop touring; the page stays (clamped if the page size grew)."""
        if self._tour is None:
            return False
        before = self._visible()
        self._tour = None
        return self._publish(before)

    def tick(self, now: float) -> bool:
        """Advance a due tour and refresh visible tiles' staleness; True if the page changed.

        Emits ``states_changed`` with every site whose state changed since the last tick,
        whether by staleness here or by media events on its ``status``.
        """
        turned = False
        if self._tour is not None and self._tour.due_now(now):
            before = self._visible()
            self._page = (self._page + 1) % self.page_count
            turned = self._publish(before)
        self._report_states(now)
        return turned

    def _report_states(self, now: float) -> None:
        for key in self.visible_sites():
            if key in self._statuses:
                self._statuses[key].check(now)
        changed = []
        for key, status in self._statuses.items():
            if self._reported_states.get(key, TileState.EMPTY) != status.state:
                self._reported_states[key] = status.state
                changed.append(key)
        if changed:
            self.events.states_changed.emit(sorted(changed))

    # ---- persistence

    def snapshot(self) -> WallSnapshot:
        """The state worth saving (not statuses, history, fullscreen or tour timing)."""
        return WallSnapshot(
            layout=self._layout.name,
            sources=tuple(self._sources),
            page=self._page,
            pinned=dict(self._pinned),
            focus=self._focus,
            tour=self.tour,
        )

    def to_dict(self) -> dict:
        """A JSON-able dict of ``snapshot()``."""
        return self.snapshot().to_dict()

    @classmethod
    def from_dict(cls, data: object) -> WallModel:
        """A wall from a saved dict, keeping every valid part and logging the rest.

        Raises ``ValueError`` only when nothing usable remains; the caller then starts
        with ``WallModel()`` so a corrupt saved state never stops the console.
        """
        model = cls()
        model.load_dict(data)
        return model

    def load_dict(self, data: object) -> list[str]:
        """Become the saved state ``data``; returns a note per ignored part.

        Missing or invalid parts take their defaults. Raises ``ValueError`` (changing
        nothing) when nothing usable remains. A restored tour starts at the next tick.
        """
        snapshot, problems = WallSnapshot.from_dict(data)
        for problem in problems:
            log.warning("saved wall state: ignored %s", problem)
        self.apply_snapshot(snapshot)
        return problems

    def apply_snapshot(self, snapshot: WallSnapshot) -> bool:
        """Become ``snapshot``, emitting one event per part that changed."""
        new_layout = layout(snapshot.layout)
        before = self._visible()
        self._layout = new_layout
        self._sources = _clean_keys(snapshot.sources)
        self._pinned = {}
        for slot, key in sorted(snapshot.pinned.items()):
            if _is_slot(slot, new_layout):
                self._place(key, slot)
        self._page = snapshot.page
        self._focus = snapshot.focus
        self._tour = None if snapshot.tour is None else TourTimer(snapshot.tour)
        self._history = {}  # "back" must not jump to sites of the state we left
        return self._publish(before)

    # ---- change tracking

    def _per_page(self) -> int | None:
        return None if self._tour is None else self._tour.settings.per_page

    def _require_slot(self, slot: int) -> int:
        if not _is_slot(slot, self._layout):
            raise IndexError(
                f"slot {slot!r} is outside layout {self._layout.name} "
                f"(slots 0..{self._layout.capacity - 1})"
            )
        return slot

    def _visible(self) -> _Visible:
        return _Visible(
            layout=self._layout,
            pinned=tuple(sorted(self._pinned.items())),
            assignments=tuple(self.assignments()),
            page=(self._page, self.page_count),
            focus=self._focus,
            fullscreen=self._fullscreen,
            tour=self.tour,
        )

    def _settle(self) -> None:
        """Restore the invariants a command may have broken: page and focus in range."""
        self._page = max(0, min(self._page, self.page_count - 1))
        if not _is_slot(self._focus, self._layout):
            self._focus = 0

    def _publish(self, before: _Visible) -> bool:
        """Emit an event per visible part that changed since ``before``; True if any did."""
        self._settle()
        after = self._visible()
        events = self.events
        # Layout and pins first, so a view handling assignments already has the new grid.
        if after.layout != before.layout:
            events.layout_changed.emit(after.layout)
        if after.pinned != before.pinned:
            events.pins_changed.emit(dict(after.pinned))
        if after.assignments != before.assignments:
            events.assignments_changed.emit(list(after.assignments))
        if after.page != before.page:
            events.page_changed.emit(*after.page)
        if after.focus != before.focus:
            events.focus_changed.emit(after.focus)
        if after.fullscreen != before.fullscreen:
            events.fullscreen_changed.emit(after.fullscreen)
        if after.tour != before.tour:
            events.tour_changed.emit(after.tour)
        return after != before


def _is_slot(slot: object, wall_layout: Layout) -> bool:
    return type(slot) is int and 0 <= slot < wall_layout.capacity


def _clean_key(key: object) -> str:
    if not isinstance(key, str) or not key:
        raise ValueError(f"a site key must be a non-empty string, got {key!r}")
    return key


def _clean_keys(keys: Iterable[str]) -> list[str]:
    """Validated site keys in order, repeats dropped (a site is on the wall once)."""
    if isinstance(keys, str):
        raise TypeError(f"expected a list of site keys, got the string {keys!r}")
    return list(dict.fromkeys(_clean_key(key) for key in keys))
