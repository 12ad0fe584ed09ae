"""``WallModel``: the video wall's state and the presenter's commands on it.

Views read the state through properties and change it only through commands; every
command compares what views can see before and after, and emits one event per part that
really changed (so a view never redraws for nothing and never misses a change).

Where a site is shown, three ways, weakest first:
  paging     the wall's sources fill the free slots, page by page (tours turn the pages);
  placement  a spot-inspect or a drop puts a site in one tile of the page it was made on
             (the site that tile showed swaps places with it, or moves to the next free
             place after the wall's sources: a site on the wall is always on some page);
  pin        an explicit "keep this site in this tile on every page" (P), shown on the tile.
Every placement and pin can be undone (``back``, Backspace), most recent first.

The *selection* is the site the operator chose (a click, 1-9, arrows, a spot-inspect, a
page they turned). It is theirs alone: no automation (follow-the-speaker, a tour's page
turn, a site joining) ever changes it, so moderation keys never act on a site that merely
rotated or spoke its way in. Follow-the-speaker never takes the selected site's tile, nor
the operator's last spot-inspect or drop while it shows.

A tour over other sites (a group) keeps the wall it replaced; stopping the tour brings that
wall back, with the sites that joined meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from console.model.events import EventGroup, Signal
from console.model.geometry import Rect, neighbour
from console.model.layouts import DEFAULT_LAYOUT, Layout, layout
from console.model.paging import page_assignments, page_count
from console.model.snapshot import WallSnapshot
from console.model.tiles import TileState, TileStatus
from console.model.tours import TourSettings, TourTimer

log = logging.getLogger(__name__)

HISTORY_LIMIT = 20  # "back" steps kept


class WallEvents(EventGroup):
    """The wall's signals; each carries the new value of what changed."""

    def __init__(self) -> None:
        self.layout_changed = Signal("layout_changed")  # (layout: Layout)
        self.pins_changed = Signal("pins_changed")  # (pinned: dict[int, str])
        self.placements_changed = Signal("placements_changed")  # (placed: dict[int, dict[int, str]])
        self.assignments_changed = Signal("assignments_changed")  # (sites: list[str | None])
        self.page_changed = Signal("page_changed")  # (page: int, page_count: int)
        self.focus_changed = Signal("focus_changed")  # (slot: int)
        self.selection_changed = Signal("selection_changed")  # (site: str | None)
        self.fullscreen_changed = Signal("fullscreen_changed")  # (fullscreen: bool)
        self.tour_changed = Signal("tour_changed")  # (tour: TourSettings | None)
        self.states_changed = Signal("states_changed")  # (keys: list[str])


@dataclass(frozen=True)
class _Visible:
    """What views can see; compared before and after each command."""

    layout: Layout
    pinned: tuple[tuple[int, str], ...]
    placed: tuple[tuple[int, tuple[tuple[int, str], ...]], ...]
    assignments: tuple[str | None, ...]
    page: tuple[int, int]
    focus: int
    selected: str | None
    fullscreen: bool
    tour: TourSettings | None


@dataclass(frozen=True)
class _Undo:
    """The wall's placements before one change, and where that change was made."""

    page: int
    slot: int
    pinned: tuple[tuple[int, str], ...]
    placed: tuple[tuple[int, tuple[tuple[int, str], ...]], ...]


@dataclass(frozen=True)
class _Paging:
    """The sources, page and placements a tour over other sites replaced."""

    sources: tuple[str, ...]
    page: int
    placed: tuple[tuple[int, tuple[tuple[int, str], ...]], ...]
    undo: tuple[_Undo, ...]


@dataclass(frozen=True)
class BackStep:
    """What ``back`` did, for the event log."""

    page: int
    slot: int
    shown: str | None  # the site the tile shows now (None: the page ran out)
    replaced: str | None  # the site it showed before the step
    skipped: tuple[str, ...]  # sites the step would have brought back but may not show


class WallModel:
    """The wall: layout, the sources it pages through, placements, pins, focus, selection,
    tours, tile statuses.

    Slots are indices into ``layout.slots``. Pinned slots keep their site across pages and
    tours; the other slots take ``sources`` in order, page by page, and a page's placements
    (``show_site``, ``drop_site``) replace what paging puts in their slot on that page.
    """

    def __init__(self, layout_name: str = DEFAULT_LAYOUT, sources: Iterable[str] = ()) -> None:
        self.events = WallEvents()
        self._layout = layout(layout_name)
        self._sources = _clean_keys(sources)
        self._page = 0
        self._pinned: dict[int, str] = {}
        self._placed: dict[int, dict[int, str]] = {}  # page -> slot -> site
        self._focus = 0
        self._selected: str | None = None
        self._fullscreen = False
        self._undo: list[_Undo] = []
        self._tour: TourTimer | None = None
        self._before_tour: _Paging | None = None  # the wall a tour over other sites replaced
        self._inspected: tuple[int, int, str] | None = None  # the last spot-inspect: page, slot, site
        self._speaker: str | None = None  # the last site follow-the-speaker brought in
        self._statuses: dict[str, TileStatus] = {}
        self._reported_states: dict[str, TileState] = {}  # as last sent in states_changed
        self._selected = self.assignments()[0]

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
        return page_count(self._sources, self._layout.capacity, self._pinned, self._per_page(), self._placed)

    @property
    def pinned(self) -> dict[int, str]:
        return dict(self._pinned)

    @property
    def placed(self) -> dict[int, dict[int, str]]:
        """Placements by page: page -> slot -> site."""
        return {page: dict(slots) for page, slots in self._placed.items()}

    @property
    def focus(self) -> int:
        return self._focus

    @property
    def selected(self) -> str | None:
        """The site the operator chose; it may be off the current page during a tour."""
        return self._selected

    def selected_slot(self) -> int | None:
        """The slot showing the selected site on this page, or None."""
        sites = self.assignments()
        return sites.index(self._selected) if self._selected in sites else None

    @property
    def fullscreen(self) -> bool:
        return self._fullscreen

    @property
    def can_go_back(self) -> bool:
        """Whether ``back`` has a placement or pin to undo."""
        return bool(self._undo)

    def wall_sites(self) -> set[str]:
        """Every site the wall holds: its sources, pins and placements on any page."""
        placed = {key for slots in self._placed.values() for key in slots.values()}
        return set(self._sources) | set(self._pinned.values()) | placed

    @property
    def touring_other_sites(self) -> bool:
        """Whether a tour shows other sites than the wall had (a group): stopping it brings the
        wall's own sites back."""
        return self._before_tour is not None

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
        return self._assignments_on(self._page)

    def _assignments_on(self, page: int) -> list[str | None]:
        return page_assignments(
            self._sources, self._layout.capacity, self._pinned, page, self._per_page(), self._placed
        )

    def on_screen(self) -> list[tuple[int, str]]:
        """(slot, site) of every tile drawn now: the focused one alone while it fills the wall.
        The others are still on the page, but their pictures are paused, not stalled."""
        sites = self.assignments()
        if self._fullscreen:
            key = sites[self._focus]
            return [(self._focus, key)] if key else []
        return [(slot, key) for slot, key in enumerate(sites) if key]

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
        self._pinned = _fitting(self._pinned, new.capacity)
        self._placed = {page: _fitting(slots, new.capacity) for page, slots in self._placed.items()}
        return self._publish(before)

    def set_sources(self, keys: Iterable[str]) -> bool:
        """Page through ``keys`` from page 0; stops a running tour. New sources make new
        pages, so the old pages' placements (and their undo steps) go."""
        sources = _clean_keys(keys)
        before = self._visible()
        self._replace_sources(sources)
        self._tour = None
        self._before_tour = None
        self._selected = self.assignments()[self._focus]
        return self._publish(before)

    def extend_sources(self, keys: Iterable[str]) -> bool:
        """Page through ``keys`` too, after the sources there are: a site that joins takes the
        next free tile, and nothing on the pages before it moves (placements stay)."""
        if self._before_tour is not None:  # a group tour shows the group; joins go to the wall behind it
            kept = self._before_tour
            present = set(kept.sources)
            new = [key for key in _clean_keys(keys) if key not in present]
            self._before_tour = _Paging(kept.sources + tuple(new), kept.page, kept.placed, kept.undo)
            return False
        present = set(self._sources)  # a set: a thousand joins onto 10,810 sources is not 10 M compares
        new = [key for key in _clean_keys(keys) if key not in present]
        if not new:
            return False
        before = self._visible()
        self._sources = self._sources + new
        return self._publish(before)

    def _replace_sources(self, sources: list[str]) -> None:
        if sources != self._sources:
            self._placed = {}
            self._inspected = None
            self._undo = [u for u in self._undo if not u.placed]  # pins only: still meaningful
        self._sources = sources
        self._page = 0

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
        # The operator turned the page and sees it: the focused tile's site is their choice.
        self._selected = self.assignments()[self._focus]
        return self._publish(before)

    # ---- focus

    def focus_slot(self, slot: int) -> bool:
        """Focus ``slot`` and select its site; out-of-range slots are ignored (key 9 on a
        2x2 wall)."""
        if not _is_slot(slot, self._layout):
            return False
        before = self._visible()
        self._focus = slot
        self._selected = self.assignments()[slot]
        return self._publish(before)

    def select(self, key: str | None) -> bool:
        """Select ``key`` without placing it (the directory's choice): the focus moves to its
        tile if this page shows it."""
        key = None if key is None else _clean_key(key)
        before = self._visible()
        self._selected = key
        return self._publish(before)

    def move_focus(self, direction: str, rects: Sequence[Rect]) -> bool:
        """Move focus to the neighbouring tile in ``direction`` on the wall's ``rects``."""
        if len(rects) != self._layout.capacity:
            raise ValueError(f"{len(rects)} rects given for layout {self._layout.name} ({self._layout.capacity} slots)")
        return self.focus_slot(neighbour(rects, self._focus, direction))

    def toggle_fullscreen(self) -> bool:
        """The focused tile fills the wall (and its site is selected), or the wall returns."""
        before = self._visible()
        self._fullscreen = not self._fullscreen
        if self._fullscreen:
            self._selected = self.assignments()[self._focus]
        return self._publish(before)

    # ---- placements, pins, back

    def show_site(self, key: str, slot: int | None = None) -> bool:
        """Spot-inspect: ``key`` in ``slot`` on this page, focused and selected.

        ``slot`` defaults to the inspection slot: slot 0 (the big tile) in a focus layout,
        else the focused slot. The site the tile showed swaps places with ``key`` if that is
        on the page too, else leaves this page; other pages stay as they were. A pin in the
        slot, or of ``key`` elsewhere, gives way (the operator's latest word wins).
        """
        key = _clean_key(key)
        slot = self._inspection_slot() if slot is None else self._require_slot(slot)
        before = self._visible()
        if self.assignments()[slot] != key:
            self._remember(slot)
            self._pinned = {s: k for s, k in self._pinned.items() if s != slot and k != key}
            self._place(key, slot)
        self._inspected = (self._page, slot, key)  # follow-the-speaker leaves it there
        self._focus = slot
        self._selected = key
        return self._publish(before)

    def _place(self, key: str, slot: int) -> None:
        placed = {s: k for s, k in self._placed.get(self._page, {}).items() if k != key}
        placed[slot] = key
        self._placed[self._page] = placed

    def drop_site(self, key: str, slot: int) -> bool:
        """A site dragged from the directory onto tile ``slot``: it replaces that tile's
        site on this page (as ``show_site`` there)."""
        return self.show_site(key, self._require_slot(slot))

    def spotlight(self, key: str) -> bool:
        """Follow-the-speaker: ``key`` into a big tile (focus layouts); on a grid, into a
        tile only when the page does not show it (its speaking ring says who speaks).

        Automation, not the operator's choice: the selection and the focus stay, and the
        speaker never takes the selected site's tile, a pinned tile, or the operator's last
        spot-inspect or drop (until they change it). In a layout with two big tiles the
        speaker takes the big tile the previous speaker is not in, so a conversation stays big.
        No undo step: Backspace undoes what the operator did. False when nothing moved.
        """
        key = _clean_key(key)
        sites = self.assignments()
        big = self._layout.big_slots
        if key in sites and (not big or sites.index(key) in big):
            return False
        kept = self._kept_from_speaker(sites)
        free = [slot for slot in big or range(self._layout.capacity) if slot not in kept]
        if not free:
            return False
        # The previous speaker keeps their big tile if another is free: both stay big.
        target = next((slot for slot in free if sites[slot] != self._speaker), free[0])
        before = self._visible()
        self._place(key, target)
        self._speaker = key
        return self._publish(before)

    def _kept_from_speaker(self, sites: list[str | None]) -> set[int]:
        """Slots follow-the-speaker leaves alone: pins, the selected site's tile, the last
        spot-inspect while it shows."""
        kept = set(self._pinned)
        if self._selected in sites:
            kept.add(sites.index(self._selected))
        if self._inspected is not None:
            page, slot, key = self._inspected
            if page == self._page and slot < len(sites) and sites[slot] == key:
                kept.add(slot)
        return kept

    def pin(self, slot: int) -> bool:
        """Keep the site now in ``slot`` there on every page and through tours."""
        self._require_slot(slot)
        key = self.assignments()[slot]
        if key is None or slot in self._pinned:
            return False
        before = self._visible()
        self._remember(slot)
        self._pinned[slot] = key
        return self._publish(before)

    def unpin(self, slot: int) -> bool:
        """Return ``slot`` to paging (and this page's placements)."""
        self._require_slot(slot)
        if slot not in self._pinned:
            return False
        before = self._visible()
        self._remember(slot)
        del self._pinned[slot]
        return self._publish(before)

    def toggle_pin(self, slot: int | None = None) -> bool | None:
        """Pin the focused (or given) tile, or unpin it; True pinned, False unpinned, None
        when nothing changed (an empty tile)."""
        slot = self._focus if slot is None else self._require_slot(slot)
        if slot in self._pinned:
            return False if self.unpin(slot) else None
        return True if self.pin(slot) else None

    def back(self, available: Callable[[str], bool] | None = None) -> BackStep | None:
        """Undo the most recent placement or pin (spot-inspect, drop, P), on its page.

        The wall turns to the page the change was made on and focuses the tile it changed.
        A site the step would bring back by placement or pin but for which
        ``available(site)`` is False (offline) is not brought back: its tile returns to
        paging, and the step says so in ``skipped``. None when there is nothing to undo.
        """
        if not self._undo:
            return None
        step = self._undo.pop()
        before = self._visible()
        self._inspected = None
        page = min(step.page, self.page_count - 1)
        old = self._assignments_on(page)
        pinned = dict(step.pinned)
        placed = {p: dict(slots) for p, slots in step.placed}
        skipped: list[str] = []
        if available is not None:
            now_shown = set(self._pinned.values()) | {k for sl in self._placed.values() for k in sl.values()}
            pinned, gone = _keep_available(pinned, now_shown, available)
            skipped += gone
            for p in list(placed):
                placed[p], gone = _keep_available(placed[p], now_shown, available)
                skipped += gone
        capacity = self._layout.capacity
        self._pinned = _fitting(pinned, capacity)
        self._placed = {p: _fitting(slots, capacity) for p, slots in placed.items() if slots}
        self._page = min(page, self.page_count - 1)
        new = self._assignments_on(self._page)
        changed = [s for s in range(capacity) if old[s] != new[s]]
        slot = (
            step.slot
            if step.slot < capacity and (step.slot in changed or not changed)
            else (changed[0] if changed else self._focus)
        )
        self._focus = slot
        self._selected = new[slot]
        self._publish(before)
        return BackStep(self._page, slot, new[slot], old[slot], tuple(dict.fromkeys(skipped)))

    def _remember(self, slot: int) -> None:
        self._undo.append(_Undo(self._page, slot, tuple(sorted(self._pinned.items())), _frozen_placed(self._placed)))
        del self._undo[:-HISTORY_LIMIT]

    def _inspection_slot(self) -> int:
        return 0 if self._layout.is_focus_layout else self._focus

    # ---- tours

    def start_tour(self, keys: Iterable[str], per_page: int | None, interval_s: float, now: float) -> bool:
        """Page through ``keys`` every ``interval_s`` seconds from ``now``, from page 0.

        ``per_page`` None means every slot that is not pinned.
        """
        settings = TourSettings(per_page, interval_s)
        sources = _clean_keys(keys)
        before = self._visible()
        if sources != self._sources and self._before_tour is None:
            self._before_tour = _Paging(
                tuple(self._sources), self._page, _frozen_placed(self._placed), tuple(self._undo)
            )
        self._replace_sources(sources)
        self._tour = TourTimer(settings, started_at=now)
        return self._publish(before)  # the selection stays: starting a tour chose no site

    def stop_tour(self) -> bool:
        """Stop touring. A tour over other sites (a group) gives the wall back as it was (its
        sources with the sites that joined meanwhile, page, placements); a tour of the wall's
        own sources leaves the page it reached (clamped if the page size grew)."""
        if self._tour is None:
            return False
        before = self._visible()
        self._tour = None
        kept, self._before_tour = self._before_tour, None
        if kept is not None:
            self._sources = list(kept.sources)
            self._placed = {page: dict(slots) for page, slots in kept.placed}
            self._undo = list(kept.undo)
            self._page = kept.page
        return self._publish(before)

    def tick(self, now: float) -> bool:
        """Advance a due tour and refresh visible tiles' staleness; True if the page changed.

        A tour's page turn keeps the selection (the operator did not choose what rotated in);
        the focus follows the selected site where the new page shows it.

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
        """The state worth saving (not statuses, undo steps, fullscreen or tour timing)."""
        return WallSnapshot(
            layout=self._layout.name,
            sources=tuple(self._sources),
            page=self._page,
            pinned=dict(self._pinned),
            focus=self._focus,
            tour=self.tour,
            placed=self.placed,
        )

    def to_dict(self) -> dict[str, Any]:
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
            if _is_slot(slot, new_layout) and key not in self._pinned.values():
                self._pinned[slot] = key
        self._placed = {page: _fitting(slots, new_layout.capacity) for page, slots in snapshot.placed.items()}
        self._page = snapshot.page
        self._focus = snapshot.focus
        self._tour = None if snapshot.tour is None else TourTimer(snapshot.tour)
        self._before_tour = None
        self._inspected = None
        self._undo = []  # "back" must not jump to sites of the state we left
        self._selected = None  # the saved focus says what is selected, not the old choice
        self._settle()
        self._selected = self.assignments()[self._focus]
        return self._publish(before)

    # ---- change tracking

    def _per_page(self) -> int | None:
        return None if self._tour is None else self._tour.settings.per_page

    def _require_slot(self, slot: int) -> int:
        if not _is_slot(slot, self._layout):
            raise IndexError(
                f"slot {slot!r} is outside layout {self._layout.name} (slots 0..{self._layout.capacity - 1})"
            )
        return slot

    def _visible(self) -> _Visible:
        return _Visible(
            layout=self._layout,
            pinned=tuple(sorted(self._pinned.items())),
            placed=_frozen_placed(self._placed),
            assignments=tuple(self.assignments()),
            page=(self._page, self.page_count),
            focus=self._focus,
            selected=self._selected,
            fullscreen=self._fullscreen,
            tour=self.tour,
        )

    def _settle(self) -> None:
        """Restore the invariants a command may have broken: page and focus in range,
        placements only on pages that exist, and the focus on the selected site's tile
        where the page shows it."""
        self._page = max(0, min(self._page, self.page_count - 1))
        pages = self.page_count
        self._placed = {page: slots for page, slots in self._placed.items() if page < pages and slots}
        if not _is_slot(self._focus, self._layout):
            self._focus = 0
        sites = self.assignments()
        if self._selected is not None and self._selected in sites:
            self._focus = sites.index(self._selected)

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
        if after.placed != before.placed:
            events.placements_changed.emit(self.placed)
        if after.assignments != before.assignments:
            events.assignments_changed.emit(list(after.assignments))
        if after.page != before.page:
            events.page_changed.emit(*after.page)
        if after.focus != before.focus:
            events.focus_changed.emit(after.focus)
        if after.selected != before.selected:
            events.selection_changed.emit(after.selected)
        if after.fullscreen != before.fullscreen:
            events.fullscreen_changed.emit(after.fullscreen)
        if after.tour != before.tour:
            events.tour_changed.emit(after.tour)
        return after != before


def _fitting(slots: Mapping[int, str], capacity: int) -> dict[int, str]:
    return {slot: key for slot, key in slots.items() if slot < capacity}


def _frozen_placed(placed: Mapping[int, Mapping[int, str]]) -> tuple[tuple[int, tuple[tuple[int, str], ...]], ...]:
    return tuple((page, tuple(sorted(slots.items()))) for page, slots in sorted(placed.items()) if slots)


def _keep_available(
    slots: Mapping[int, str], shown: set[str], available: Callable[[str], bool]
) -> tuple[dict[int, str], list[str]]:
    """``slots`` without the sites a step would bring back (not shown now) that are not
    available; and those sites."""
    kept, gone = {}, []
    for slot, key in slots.items():
        if key in shown or available(key):
            kept[slot] = key
        else:
            gone.append(key)
    return kept, gone


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
