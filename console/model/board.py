"""The national picture: every province a tile of a schematic map, its sites as status cells.

``BoardModel`` knows every site of the directory (which province it belongs to, whether it
ever joined) and follows presence, microphones, hands and stalled pictures. A change to many
sites at once (a province dropping off, the country joining) is one call and one event per
kind, carrying what changed, so a view repaints what changed once, not a thousand times.

Province positions come from a table (``resources/board/province-tiles.csv``) with one map
per structure (the 63 provinces of January 2025, the 34 since July 2025); the board picks the
map whose province codes match the directory's, and puts provinces no map knows in a row of
their own below it, so any imported structure is shown whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from console.model.events import EventGroup, Signal
from console.model.geometry import Rect
from console.model.reasons import explained
from console.paths import app_root

BOARD_TABLE = app_root() / "resources" / "board" / "province-tiles.csv"  # a checkout's, or the bundle's

ONLINE, STALE, OFFLINE, UNJOINED = "online", "stale", "offline", "unjoined"
CELL_STATES = (ONLINE, STALE, OFFLINE, UNJOINED)
_PREFIXES = ("Thành phố ", "Tỉnh ")


class BoardError(LookupError):
    """A province or site the board does not hold (the message says which, for people)."""


@dataclass(frozen=True)
class BoardSite:
    """What the board needs of a directory site."""

    key: str
    province: str  # the province's key (a province is its own)
    name: str
    level: str
    joined_before: bool  # the directory has seen it online (else "never joined")


@dataclass(frozen=True)
class TilePlace:
    code: int
    short: str
    row: int
    col: int


@dataclass(frozen=True)
class BoardMap:
    """One structure's tile positions, by province code."""

    name: str
    places: dict[int, TilePlace]


@dataclass(frozen=True)
class ProvinceTile:
    """A province as the board draws it."""

    key: str
    code: int
    name: str
    short: str
    row: int
    col: int


@dataclass(frozen=True)
class Cell:
    """A site's status cell: its state and the marks drawn on it."""

    state: str  # one of CELL_STATES
    hand: bool = False  # a raised hand
    mic_open: bool = False  # online and not muted (sites join muted: an open microphone is the exception)


def load_maps(text: str | None = None) -> dict[str, BoardMap]:
    """The maps in the tile table (``text``, or the file shipped in resources/board/).

    Raises ValueError naming the line for a malformed row or a place used twice."""
    if text is None:
        text = BOARD_TABLE.read_text("utf-8")
    rows = csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    maps: dict[str, dict[int, TilePlace]] = {}
    used: dict[str, set[tuple[int, int]]] = {}
    for number, row in enumerate(rows, start=2):
        try:
            place = TilePlace(int(row["code"]), row["short"].strip(), int(row["row"]), int(row["col"]))
            name = row["map"].strip()
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ValueError(f"province tile table, row {number}: expected map,code,short,row,col, got {row}") from None
        if (place.row, place.col) in used.setdefault(name, set()) or place.code in maps.get(name, {}):
            raise ValueError(
                f"province tile table, row {number}: map {name} has code {place.code} or place "
                f"({place.row}, {place.col}) twice"
            )
        used[name].add((place.row, place.col))
        maps.setdefault(name, {})[place.code] = place
    return {name: BoardMap(name, places) for name, places in maps.items()}


def choose_map(maps: dict[str, BoardMap], province_codes: Iterable[int]) -> BoardMap | None:
    """The map that places most of these provinces and the fewest others (None if none fits)."""
    codes = set(province_codes)
    scored = [(len(codes & set(m.places)), -len(set(m.places) - codes), m.name) for m in maps.values()]
    best = max(scored, default=None)
    return maps[best[2]] if best and best[0] > 0 else None


def short_name(name: str) -> str:
    """ "Thành phố Hồ Chí Minh" -> "Hồ Chí Minh", "Tỉnh Cà Mau" -> "Cà Mau"."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


class BoardEvents(EventGroup):
    def __init__(self) -> None:
        self.counts_changed = Signal("counts_changed")  # (province keys whose counts changed)
        self.cells_changed = Signal("cells_changed")  # (site keys whose cell changed)
        self.province_opened = Signal("province_opened")  # (province key, or None)
        self.selection_changed = Signal("selection_changed")  # (selected site keys)


class BoardModel:
    """Every province with its online count; its sites' cells; the open province and a selection."""

    def __init__(self, sites: Iterable[BoardSite], board_map: BoardMap | None = None) -> None:
        self.events = BoardEvents()
        self._sites: dict[str, BoardSite] = {}
        self._by_province: dict[str, list[str]] = {}
        names: dict[str, tuple[int, str]] = {}
        for site in sites:
            self._sites[site.key] = site
            self._by_province.setdefault(site.province, []).append(site.key)
            if site.level == "province":
                names[site.key] = (_code_of(site.key), site.name)
        for province in self._by_province:
            names.setdefault(province, (_code_of(province), province))
        self.map = board_map
        self.provinces = _place(names, board_map)
        self._tiles = {tile.key: tile for tile in self.provinces}
        self._online_in = {key: 0 for key in self._by_province}
        self._joined_in = {site.province for site in self._sites.values() if site.joined_before}
        self.online: set[str] = set()
        self.seen: set[str] = set()  # online at some time this session
        self.muted: dict[str, bool] = {}
        self.hands: set[str] = set()
        self.stale: set[str] = set()
        self.opened: str | None = None
        self.selected: list[str] = []

    # --- what the board holds -----------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._sites)

    @property
    def online_total(self) -> int:
        return len(self.online)

    @property
    def rows(self) -> int:
        return 1 + max((t.row for t in self.provinces), default=-1)

    @property
    def cols(self) -> int:
        return 1 + max((t.col for t in self.provinces), default=-1)

    def __contains__(self, key: object) -> bool:
        return key in self._sites

    def site(self, key: str) -> BoardSite:
        try:
            return self._sites[key]
        except KeyError:
            raise BoardError(f"no site {key!r} on the board") from None

    def province(self, key_or_code: str | int) -> ProvinceTile:
        """A province by key (``province:79``) or code (79, "79"); BoardError if there is none."""
        key = key_or_code if isinstance(key_or_code, str) and ":" in key_or_code else f"province:{key_or_code}"
        tile = self._tiles.get(str(key).strip())
        if tile is None:
            known = len(self._tiles)
            examples = ", ".join(str(t.code) for t in self.provinces[:3])
            raise explained(
                BoardError(
                    f"no province {key_or_code!r} on the board (it holds {known} provinces; codes such as {examples})"
                ),
                "no_province_on_board",
                province=str(key_or_code),
                known=known,
                examples=examples,
            )
        return tile

    def sites_of(self, province: str) -> list[str]:
        """The province's sites in directory order (the province, its districts, its communes)."""
        return list(self._by_province.get(self.province(province).key, ()))

    def counts(self, province: str) -> tuple[int, int]:
        """(online, total) sites of the province."""
        key = self.province(province).key
        return self._online_in[key], len(self._by_province[key])

    def share(self, province: str) -> float:
        online, total = self.counts(province)
        return online / total if total else 0.0

    def ever_joined(self, province: str) -> bool:
        """Whether any of the province's sites was ever online (else its tile is grey)."""
        return self.province(province).key in self._joined_in

    def cell(self, key: str) -> Cell:
        self.site(key)  # refuses a key the board does not hold
        if key in self.online:
            state = STALE if key in self.stale else ONLINE
            return Cell(state, key in self.hands, self.muted.get(key) is False)
        return Cell(OFFLINE if self.joined(key) else UNJOINED)

    def joined(self, key: str) -> bool:
        """Whether the site was ever online (this session, or as the directory knows)."""
        return key in self.seen or self._sites[key].joined_before

    def level(self, key: str) -> str:
        return self._sites[key].level

    # --- changes (each one event per kind, naming what changed) -------------------------

    def apply_presence(self, changes: Iterable[tuple[str, bool]]) -> set[str]:
        """Sites joining (True) or leaving (False); returns the provinces whose counts changed.
        Sites the board does not hold are ignored (a site outside the imported structure)."""
        provinces: set[str] = set()
        cells: set[str] = set()
        for key, online in changes:
            site = self._sites.get(key)
            if site is None or online == (key in self.online):
                continue
            if online:
                self.online.add(key)
                self.seen.add(key)
                self._online_in[site.province] += 1
                self._joined_in.add(site.province)
            else:
                self.online.discard(key)
                self._online_in[site.province] -= 1
                self.hands.discard(key)  # a hand, a microphone and a picture end with the connection
                self.muted.pop(key, None)
                self.stale.discard(key)
            provinces.add(site.province)
            cells.add(key)
        self._emit(provinces, cells)
        return provinces

    def reset_presence(self) -> None:
        """Nobody is online (the hub is about to say who is, again); who was seen stays."""
        self.apply_presence([(key, False) for key in list(self.online)])

    def set_muted(self, key: str, muted: bool) -> None:
        if key in self._sites and self.muted.get(key) != muted:
            self.muted[key] = muted
            self._emit(set(), {key})

    def set_muted_many(self, changes: Iterable[tuple[str, bool]]) -> None:
        """Many sites' microphones at once (the mutes of a presence batch): one event."""
        cells = set()
        for key, muted in changes:
            if key in self._sites and self.muted.get(key) != muted:
                self.muted[key] = muted
                cells.add(key)
        self._emit(set(), cells)

    def set_hand(self, key: str, raised: bool) -> None:
        if key in self._sites and raised != (key in self.hands):
            (self.hands.add if raised else self.hands.discard)(key)
            self._emit(set(), {key})

    def set_stale(self, stale: Iterable[str], fresh: Iterable[str]) -> None:
        """Sites whose picture stalled, and sites whose picture is moving again (or left the wall)."""
        stale = {k for k in stale if k in self._sites}
        fresh = set(fresh) - stale
        changed = (stale - self.stale) | (fresh & self.stale)
        self.stale = (self.stale | stale) - fresh
        self._emit(set(), changed)

    def open_province(self, province: str | int | None) -> ProvinceTile | None:
        """Show a province's cells (None closes); BoardError for a province the board lacks."""
        tile = None if province is None else self.province(province)
        key = tile.key if tile else None
        if key != self.opened:
            self.opened = key
            self.clear_selection()
            self.events.province_opened.emit(key)
        return tile

    # --- multi-selection (for a group) ----------------------------------------------------

    def toggle_selected(self, key: str) -> None:
        self.site(key)
        self.selected = [k for k in self.selected if k != key] if key in self.selected else self.selected + [key]
        self.events.selection_changed.emit(list(self.selected))

    def select_range(self, first: str, last: str) -> None:
        """Every site of the open province from ``first`` to ``last`` (either order) is selected too."""
        order = self._by_province.get(self.opened or "", [])
        if first not in order or last not in order:
            return
        a, b = sorted((order.index(first), order.index(last)))
        self.selected = list(dict.fromkeys(self.selected + order[a : b + 1]))
        self.events.selection_changed.emit(list(self.selected))

    def clear_selection(self) -> None:
        if self.selected:
            self.selected = []
            self.events.selection_changed.emit([])

    def _emit(self, provinces: set[str], cells: set[str]) -> None:
        if provinces:
            self.events.counts_changed.emit(provinces)
        if cells:
            self.events.cells_changed.emit(cells)


def _code_of(key: str) -> int:
    try:
        return int(key.split(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def _place(names: dict[str, tuple[int, str]], board_map: BoardMap | None) -> list[ProvinceTile]:
    """Tiles where the map puts them; provinces the map lacks in rows below it, 8 to a row."""
    places = board_map.places if board_map else {}
    tiles = []
    below = 1 + max((p.row for p in places.values()), default=-1)
    unplaced = 0
    for key, (code, name) in names.items():
        place = places.get(code)
        if place is None:
            row, col = below + unplaced // 8, unplaced % 8
            unplaced += 1
            place = TilePlace(code, short_name(name), row, col)
        tiles.append(ProvinceTile(key, code, name, place.short or short_name(name), place.row, place.col))
    return sorted(tiles, key=lambda t: (t.row, t.col))


# --- geometry (pure integers, so views and tests agree on every pixel) -----------------------


def tile_rects(
    rows: int, cols: int, tiles: Iterable[ProvinceTile], width: int, height: int, gap: int = 3, max_aspect: float = 2.4
) -> dict[str, Rect]:
    """Pixel rectangles of the province tiles in ``width`` x ``height``: the largest tile of at
    most ``max_aspect`` (width / height) whose grid fits, the map centred horizontally."""
    if rows <= 0 or cols <= 0:
        return {}
    h = max(1, (height - (rows - 1) * gap) // rows)
    w = max(1, min((width - (cols - 1) * gap) // cols, int(h * max_aspect)))
    left = max(0, (width - (cols * w + (cols - 1) * gap)) // 2)
    return {t.key: Rect(left + t.col * (w + gap), t.row * (h + gap), w, h) for t in tiles}


def cell_grid(count: int, width: int, height: int, gap: int = 2, largest: int = 40) -> tuple[int, int]:
    """(columns, cell size) for ``count`` square cells filling ``width`` x ``height`` at most
    ``largest`` pixels a side (and never less than 4)."""
    if count <= 0 or width <= 0 or height <= 0:
        return 1, largest
    size = largest
    while size > 4:
        cols = max(1, (width + gap) // (size + gap))
        rows = -(-count // cols)
        if rows * (size + gap) - gap <= height:
            return cols, size
        size -= 1
    return max(1, (width + gap) // (4 + gap)), 4


def hit(rects: dict[str, Rect], x: float, y: float) -> str | None:
    return next((key for key, rect in rects.items() if rect.contains(x, y)), None)
