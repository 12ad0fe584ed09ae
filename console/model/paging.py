"""Which site goes in which slot: pins stay put, the other slots page through the sources,
and a page's placements (a spot-inspect or a drop on that page) replace what it shows there.

Pure functions of (sources, capacity, pins, page, per_page, placements) so the rule is in one
place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def free_slots(capacity: int, pinned: Mapping[int, str]) -> list[int]:
    """Slots not pinned, in slot order (so a focus layout fills its focus tile first)."""
    return [slot for slot in range(capacity) if slot not in pinned]


def paged_sources(sources: Sequence[str], pinned: Mapping[int, str]) -> list[str]:
    """The sources left to page through: a pinned site is already on screen."""
    on_pins = set(pinned.values())
    return [key for key in sources if key not in on_pins]


def _page_of(sources: Sequence[str], pinned: Mapping[int, str], start: int, stop: int) -> list[str]:
    """``paged_sources(sources, pinned)[start:stop]`` without copying every source: the wall
    asks for its page many times a second, and a wall following presence pages through 10,810."""
    on_pins = set(pinned.values())
    if not on_pins:
        return list(sources[start:stop])
    page: list[str] = []
    index = 0
    for key in sources:
        if key in on_pins:
            continue
        if index >= stop:
            break
        if index >= start:
            page.append(key)
        index += 1
    return page


def page_size(capacity: int, pinned: Mapping[int, str], per_page: int | None = None) -> int:
    """Sites per page: every free slot, or fewer when a tour asks for ``per_page``."""
    free = capacity - sum(1 for slot in pinned if 0 <= slot < capacity)
    return free if per_page is None else max(0, min(per_page, free))


def page_count(
    sources: Sequence[str],
    capacity: int,
    pinned: Mapping[int, str],
    per_page: int | None = None,
    placed: Mapping[int, Mapping[int, str]] | None = None,
) -> int:
    """Number of pages, at least 1 (an empty wall still has its one page); the sites that
    placements displaced count, on the pages they moved to."""
    size = page_size(capacity, pinned, per_page)
    remaining = len(paged_sources(sources, pinned))
    if size == 0 or remaining == 0:
        return 1
    pages = -(-remaining // size)  # ceiling division
    moved = _displaced_places(sources, capacity, pinned, per_page, placed or {})
    return max(pages, max(moved, default=-1) + 1)


def page_assignments(
    sources: Sequence[str],
    capacity: int,
    pinned: Mapping[int, str],
    page: int,
    per_page: int | None = None,
    placed: Mapping[int, Mapping[int, str]] | None = None,
) -> list[str | None]:
    """Site per slot on ``page``; ``None`` where the page runs out of sources.

    ``placed`` (page -> slot -> site) are the placements: each replaces what paging puts in
    its slot on its page. A placed site that paging shows elsewhere on the page swaps places
    with it, so no site is on a page twice. A site whose tile a placement took, and that no
    page shows otherwise, moves to the next free place after the paged sources (the last
    page's empty tiles, then a page of its own): a site on the wall is always on some page.
    Pinned slots and pinned sites are not placed over: a pin is the operator's stronger word.
    """
    placed = placed or {}
    slots = _paged_page(sources, capacity, pinned, page, per_page)
    for slot, key in _displaced_places(sources, capacity, pinned, per_page, placed).get(page, ()):
        slots[slot] = key
    return _placed_over(slots, placed.get(page), pinned)


def _paged_page(
    sources: Sequence[str], capacity: int, pinned: Mapping[int, str], page: int, per_page: int | None
) -> list[str | None]:
    """``page`` as paging alone fills it: pins, then the sources in the free slots."""
    slots: list[str | None] = [pinned.get(slot) for slot in range(capacity)]
    size = page_size(capacity, pinned, per_page)
    page_sites = _page_of(sources, pinned, page * size, (page + 1) * size)
    for slot, key in zip(free_slots(capacity, pinned), page_sites):
        slots[slot] = key
    return slots


def _placed_over(
    slots: list[str | None], placed: Mapping[int, str] | None, pinned: Mapping[int, str]
) -> list[str | None]:
    """``slots`` with one page's placements put over them (a site on the page swaps)."""
    capacity = len(slots)
    pinned_sites = set(pinned.values())
    for slot, key in sorted((placed or {}).items()):
        if not 0 <= slot < capacity or slot in pinned or key in pinned_sites:
            continue
        if key in slots:
            other = slots.index(key)
            slots[other] = slots[slot]
        slots[slot] = key
    return slots


def _displaced_places(
    sources: Sequence[str],
    capacity: int,
    pinned: Mapping[int, str],
    per_page: int | None,
    placed: Mapping[int, Mapping[int, str]],
) -> dict[int, list[tuple[int, str]]]:
    """page -> [(slot, site)] for the sites placements displaced: they follow the paged
    sources in the paged slots that no placement takes (so none is displaced twice).

    Placements are few (an operator's spot-inspects and drops), so this walks only their
    pages, never the 10,810 sources of a wall that follows presence."""
    if not placed:
        return {}
    shown = set(pinned.values()) | {key for slots in placed.values() for key in slots.values()}
    moved: list[str] = []
    for page, slots in sorted(placed.items()):
        before = _paged_page(sources, capacity, pinned, page, per_page)
        after = set(_placed_over(list(before), slots, pinned))
        moved += [
            key
            for key in before
            if key is not None
            and key not in after
            and key not in shown
            and key not in moved
            and key not in pinned.values()
        ]
    size = page_size(capacity, pinned, per_page)
    if not moved or size == 0:
        return {}
    paged = free_slots(capacity, pinned)[:size]
    page, index = divmod(len(paged_sources(sources, pinned)), size)
    places: dict[int, list[tuple[int, str]]] = {}
    while moved:
        taken = placed.get(page, {})
        for slot in paged[index:]:
            if moved and slot not in taken:
                places.setdefault(page, []).append((slot, moved.pop(0)))
        page, index = page + 1, 0
    return places
