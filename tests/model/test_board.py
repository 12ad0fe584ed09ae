"""The national board's pure model (no Qt): the province tile maps for both
structures, counts that follow presence in one event per batch, cells, the open province,
a multi-selection, and the pixel geometry the view draws with."""

import json
from pathlib import Path

import pytest

from console.directory import SiteDirectory
from console.model.board import (
    OFFLINE,
    ONLINE,
    STALE,
    UNJOINED,
    BoardError,
    BoardModel,
    BoardSite,
    cell_grid,
    choose_map,
    hit,
    load_maps,
    tile_rects,
)

THREE_TIER = Path(__file__).resolve().parents[2] / "resources" / "divisions" / "vn-divisions-2025-01-three-tier.json"


def board_sites(sites):
    return [BoardSite(s.key, s.province_key, s.name, s.level, s.status != "unknown") for s in sites]


def all_sites(directory):
    return directory._sites("SELECT * FROM sites WHERE active = 1 ORDER BY ordinal", [])


@pytest.fixture
def board(national):
    sites = all_sites(national)
    codes = [s.code for s in sites if s.level == "province"]
    return BoardModel(board_sites(sites), choose_map(load_maps(), codes))


def test_the_three_tier_file_gets_the_63_province_map_every_province_placed_once(board):
    assert board.map.name == "2025-01-63"
    assert len(board.provinces) == 63 and board.total == 10_810
    places = [(t.row, t.col) for t in board.provinces]
    assert len(set(places)) == 63
    assert board.province(1).short == "Hà Nội" and board.province("province:79").short == "TP HCM"
    # North at the top, the Mekong delta at the bottom.
    assert board.province(12).row < board.province(1).row < board.province(48).row < board.province(96).row


def test_the_current_structure_gets_the_34_province_map(tmp_path):
    directory = SiteDirectory.open(tmp_path / "current.sqlite3")  # the bundled 34-province structure
    sites = all_sites(directory)
    codes = [s.code for s in sites if s.level == "province"]
    board = BoardModel(board_sites(sites), choose_map(load_maps(), codes))
    directory.close()
    assert board.map.name == "2025-07-34"
    assert len(board.provinces) == 34 and board.rows == 18
    assert len({(t.row, t.col) for t in board.provinces}) == 34


def test_a_province_no_map_knows_goes_in_a_row_below_the_map(national):
    sites = board_sites(all_sites(national)) + [
        BoardSite("province:999", "province:999", "Tỉnh Mới", "province", False)
    ]
    board = BoardModel(sites, choose_map(load_maps(), [s.key for s in sites]))  # no codes match: no map at all
    assert board.map is None and len(board.provinces) == 64
    board = BoardModel(sites, load_maps()["2025-01-63"])
    assert board.province(999).row == 22 and board.province(999).short == "Mới"


def test_counts_follow_presence_in_one_event_per_batch(board):
    calls = []
    board.events.counts_changed.connect(lambda provinces: calls.append(("counts", provinces)))
    board.events.cells_changed.connect(lambda keys: calls.append(("cells", len(keys))))
    hanoi = board.sites_of(1)
    board.apply_presence([(key, True) for key in hanoi[:100]] + [("commune:99999999", True)])  # unknown: ignored
    assert board.counts(1) == (100, 557) and board.online_total == 100
    assert calls == [("counts", {"province:1"}), ("cells", 100)]
    calls.clear()
    board.apply_presence([(key, True) for key in hanoi[:100]])  # nothing new: no event
    assert calls == []
    board.apply_presence([(key, False) for key in hanoi[:40]])
    assert board.counts(1) == (60, 557) and board.share(1) == pytest.approx(60 / 557)
    assert board.cell(hanoi[0]).state == OFFLINE  # it was here this session
    assert board.cell(hanoi[200]).state == UNJOINED  # never joined


def test_cells_say_stale_hand_and_open_microphone(board):
    key = board.sites_of(79)[5]
    board.apply_presence([(key, True)])
    board.set_muted(key, False)
    board.set_hand(key, True)
    assert board.cell(key) == board.cell(key).__class__(ONLINE, hand=True, mic_open=True)
    board.set_stale([key], [])
    assert board.cell(key).state == STALE
    board.set_stale([], [key])
    assert board.cell(key).state == ONLINE
    board.apply_presence([(key, False)])
    assert board.cell(key) == board.cell(key).__class__(OFFLINE)  # hand and microphone go with it


def test_opening_a_province_that_does_not_exist_says_so_and_changes_nothing(board):
    board.open_province(79)
    with pytest.raises(BoardError, match="no province 4242 on the board .*63 provinces"):
        board.open_province(4242)
    with pytest.raises(BoardError):
        board.open_province("province:abc")
    assert board.opened == "province:79"


def test_a_selection_of_cells_by_click_and_range(board):
    board.open_province(1)
    sites = board.sites_of(1)
    board.toggle_selected(sites[3])
    board.select_range(sites[3], sites[6])
    board.toggle_selected(sites[4])
    assert board.selected == [sites[3], sites[5], sites[6]]
    board.open_province(79)  # another province: the selection goes
    assert board.selected == []


def test_tiles_fit_and_are_hit_where_they_are_drawn(board):
    rects = tile_rects(board.rows, board.cols, board.provinces, 600, 880)
    assert all(r.x >= 0 and r.y >= 0 and r.x + r.w <= 600 and r.y + r.h <= 880 for r in rects.values())
    assert not any(a.overlaps(b) for ka, a in rects.items() for kb, b in rects.items() if ka < kb)
    hanoi = rects["province:1"]
    assert hit(rects, hanoi.x + 1, hanoi.y + 1) == "province:1"
    cols, size = cell_grid(549, 600, 500)  # Thanh Hóa's communes
    assert cols * size <= 600 and -(-549 // cols) * (size + 2) - 2 <= 500 and size >= 10


def test_the_tile_table_refuses_a_place_used_twice():
    with pytest.raises(ValueError, match="row 3: map m has code 2 or place \\(0, 0\\) twice"):
        load_maps("map,code,short,row,col\nm,1,A,0,0\nm,2,B,0,0\n")
    with pytest.raises(ValueError, match="row 2"):
        load_maps("map,code,short,row,col\nm,x,A,0,0\n")


def test_every_province_of_the_three_tier_file_is_in_the_63_map():
    codes = {p["code"] for p in json.loads(THREE_TIER.read_text("utf-8"))}
    assert codes == set(load_maps()["2025-01-63"].places)
