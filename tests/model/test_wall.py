"""WallModel: assignments, paging with pins and placements, focus and selection, spot-inspect and
back, events."""

import pytest

from console.model.geometry import slot_rects
from console.model.layouts import layout
from console.model.wall import HISTORY_LIMIT, WallModel
from tests.model.support import EventLog, sites


def test_sources_fill_slots_page_by_page(wall):
    assert wall.assignments() == sites(9)
    assert wall.page_count == 3
    assert wall.next_page() and wall.assignments() == sites(20)[9:18]
    assert wall.next_page() and wall.assignments() == sites(20)[18:] + [None] * 7
    assert wall.visible_sites() == {"s18", "s19"}
    assert wall.next_page() and wall.page == 0  # wraps
    assert wall.prev_page() and wall.page == 2  # wraps backwards


def test_pins_stay_across_pages_and_are_skipped_elsewhere(wall):
    wall.pin(4)  # s04
    assert wall.pinned == {4: "s04"}
    assert wall.assignments() == sites(9)  # pinning what is shown moves nothing on this page
    assert wall.page_count == 3  # 19 paged sites, 8 free slots
    wall.next_page()
    page1 = wall.assignments()
    assert page1[4] == "s04"
    # 19 sites left to page through, 8 free slots a page: s04 is skipped, not repeated.
    assert page1[:4] + page1[5:] == ["s09", "s10", "s11", "s12", "s13", "s14", "s15", "s16"]
    wall.next_page()
    assert wall.assignments()[:5] == ["s17", "s18", "s19", None, "s04"]
    assert wall.unpin(4) and wall.pinned == {}
    assert not wall.unpin(4)


def test_pin_of_an_empty_slot_or_twice_changes_nothing():
    wall = WallModel("2x2", ["a"])
    assert not wall.pin(3)
    assert wall.pin(0) and not wall.pin(0)
    with pytest.raises(IndexError, match="outside layout 2x2"):
        wall.pin(4)


def test_all_slots_pinned_means_one_page_of_pins():
    wall = WallModel("1x1", ["a", "b", "c"])
    assert wall.page_count == 3
    wall.pin(0)
    assert wall.page_count == 1 and wall.assignments() == ["a"]
    assert not wall.next_page()


def test_set_sources_resets_page_and_drops_repeats(wall, events):
    wall.next_page()
    events.clear()
    assert wall.set_sources(["x", "y", "x"])
    assert wall.sources == ["x", "y"] and wall.page == 0
    assert wall.assignments() == ["x", "y"] + [None] * 7
    assert events.names() == ["assignments_changed", "page_changed", "selection_changed"]
    assert events.last("page_changed") == (0, 1)
    with pytest.raises(TypeError):
        wall.set_sources("abc")
    with pytest.raises(ValueError):
        wall.set_sources(["ok", ""])
    assert wall.sources == ["x", "y"]


def test_set_layout_keeps_valid_focus_and_pins_that_fit(wall, events):
    wall.focus_slot(5)
    wall.pin(2)
    wall.pin(7)
    events.clear()
    assert wall.set_layout("2x2")
    assert wall.layout.name == "2x2" and wall.focus == 0 and wall.pinned == {2: "s02"}
    assert events.names() == [
        "layout_changed",
        "pins_changed",
        "assignments_changed",
        "page_changed",
        "focus_changed",
    ]
    assert wall.selected == "s05"  # the operator's choice outlives a layout it is not on
    assert wall.set_layout("1+5") and wall.focus == 5  # and the focus finds it again
    wall.focus_slot(3)
    assert wall.set_layout("4x4") and wall.focus == 3
    events.clear()
    assert not wall.set_layout("4x4")
    assert events.calls == []
    with pytest.raises(KeyError, match="valid layouts"):
        wall.set_layout("nope")


def test_set_layout_clamps_the_page(wall):
    wall.next_page()
    wall.next_page()
    wall.set_layout("5x5")  # 20 sites fit on one page
    assert wall.page == 0 and wall.page_count == 1


def test_focus_keys_and_arrows(wall, events):
    assert wall.focus_slot(8) and wall.focus == 8
    assert not wall.focus_slot(9) and not wall.focus_slot(-1)
    assert not wall.focus_slot(8)
    assert events.names() == ["focus_changed", "selection_changed"] and wall.selected == "s08"
    rects = slot_rects(wall.layout, 1920, 1080)
    assert wall.move_focus("left", rects) and wall.focus == 7
    assert wall.move_focus("up", rects) and wall.focus == 4
    wall.focus_slot(2)
    assert not wall.move_focus("right", rects)  # edge: nothing happens
    with pytest.raises(ValueError, match="rects"):
        wall.move_focus("left", rects[:4])


def test_fullscreen_toggles(wall, events):
    assert wall.toggle_fullscreen() and wall.fullscreen
    assert wall.toggle_fullscreen() and not wall.fullscreen
    assert events.calls == [("fullscreen_changed", (True,)), ("fullscreen_changed", (False,))]


def test_a_tile_filling_the_wall_is_the_only_one_on_screen(wall):
    assert wall.on_screen() == list(enumerate(sites(9)))
    wall.focus_slot(4)
    wall.toggle_fullscreen()
    assert wall.on_screen() == [(4, "s04")]
    assert wall.visible_sites() == set(sites(9))  # still the page's sites: hidden, not gone
    wall.toggle_fullscreen()
    assert len(wall.on_screen()) == 9


def test_show_site_places_on_this_page_only_and_focuses(wall, events):
    wall.focus_slot(4)
    events.clear()
    assert wall.show_site("far-away")
    assert wall.assignments()[4] == "far-away" and wall.pinned == {}
    assert wall.placed == {0: {4: "far-away"}} and wall.selected == "far-away"
    assert wall.page_count == 3  # s04 moved to the last page's free tile; no other site moved
    assert events.names() == ["placements_changed", "assignments_changed", "selection_changed"]
    wall.next_page()
    assert wall.assignments() == sites(20)[9:18]  # page 2 as it was
    wall.next_page()
    assert wall.assignments()[:3] == ["s18", "s19", "s04"]
    wall.prev_page()
    wall.prev_page()
    assert wall.assignments()[4] == "far-away"
    # The same site again: no undo step, no change.
    events.clear()
    assert not wall.show_site("far-away", slot=4)
    assert events.calls == []


def test_a_displaced_site_moves_to_the_next_free_place_and_never_leaves_the_wall():
    wall = WallModel("2x2", sites(4))  # one full page of live communes
    assert wall.show_site("inspected", slot=0)
    assert wall.page_count == 2 and wall.assignments() == ["inspected", "s01", "s02", "s03"]
    assert wall.next_page() and wall.assignments() == ["s00", None, None, None]
    assert wall.drop_site("data:gdp", 1)  # a data tile on the second page: s00 stays
    assert wall.assignments() == ["s00", "data:gdp", None, None]
    assert wall.drop_site("dropped", 0)  # s00 moves on to the next free tile
    assert wall.assignments() == ["dropped", "data:gdp", "s00", None]
    wall.extend_sources(["joined"])  # a site that joins behind a placement is on the wall too
    shown = {key for page in range(wall.page_count) for key in wall._assignments_on(page)} - {None}
    assert shown == wall.wall_sites()


def test_show_site_in_a_focus_layout_uses_the_big_tile():
    wall = WallModel("1+5", sites(12))
    wall.focus_slot(3)
    wall.show_site("x")
    assert wall.assignments()[0] == "x" and wall.focus == 0


def test_show_site_of_a_site_on_the_page_swaps_the_two_tiles(wall):
    """The tile's site goes where the dropped one was, nothing leaves the page."""
    wall.show_site("s05", slot=0)
    assert wall.assignments()[:6] == ["s05", "s01", "s02", "s03", "s04", "s00"]
    wall.show_site("x", slot=1)
    wall.show_site("x", slot=5)  # moved again on the same page: one placement
    assert wall.placed == {0: {0: "s05", 5: "x"}}
    assert wall.assignments().count("x") == 1


def test_a_drop_replaces_that_tile_on_that_page_only():
    wall = WallModel("2x2", sites(10))  # 3 pages
    wall.next_page()
    assert wall.drop_site("dropped", 1)
    assert wall.assignments() == ["s04", "dropped", "s06", "s07"]
    assert wall.page_count == 3 and wall.pinned == {}
    wall.next_page()
    assert wall.assignments() == ["s08", "s09", "s05", None]  # the displaced site's next free place
    wall.next_page()
    assert wall.assignments() == sites(4)
    with pytest.raises(IndexError):
        wall.drop_site("dropped", 4)
    with pytest.raises(ValueError):
        wall.drop_site("", 1)


def test_pinning_is_explicit_and_undoable():
    wall = WallModel("2x2", sites(10))
    wall.focus_slot(2)
    assert wall.toggle_pin() is True and wall.pinned == {2: "s02"}
    wall.next_page()
    assert wall.assignments()[2] == "s02"
    assert wall.toggle_pin() is False and wall.pinned == {}
    assert wall.back().slot == 2 and wall.pinned == {2: "s02"}  # Backspace undoes the unpin
    assert wall.back() is not None and wall.pinned == {}
    wall.set_sources([])
    assert wall.toggle_pin() is None  # an empty tile has nothing to pin


def test_back_undoes_the_last_placement_on_its_page():
    wall = WallModel("1+5", sites(18))  # 3 pages of 6
    wall.show_site("a")
    wall.next_page()
    wall.show_site("b")
    assert wall.page_count == 4  # s00 and s06 moved to a page of their own
    step = wall.back()
    assert (step.page, step.slot, step.shown, step.replaced) == (1, 0, "s06", "b")
    assert wall.assignments()[0] == "s06" and wall.page_count == 4
    wall.next_page()
    step = wall.back()  # the wall turns to the page of the change
    assert wall.page == 0 and step.shown == "s00" and step.replaced == "a"
    assert wall.selected == "s00" and wall.focus == 0 and wall.page_count == 3
    assert wall.back() is None and not wall.can_go_back


def test_back_never_brings_an_offline_site_back():
    wall = WallModel("1+5", sites(18))
    wall.show_site("went-offline")
    wall.show_site("c")
    step = wall.back(available=lambda key: key != "went-offline")
    assert step.skipped == ("went-offline",) and step.shown == "s00"
    assert wall.placed == {}


def test_back_steps_are_capped(wall):
    for i in range(HISTORY_LIMIT + 5):
        wall.show_site(f"x{i}", slot=0)
    steps = 0
    while wall.back() is not None:
        steps += 1
    assert steps == HISTORY_LIMIT and wall.assignments()[0] == "x4"


def test_a_tour_turning_the_page_keeps_the_selection():
    wall = WallModel("2x2")
    wall.start_tour(sites(8), None, 5.0, now=0.0)
    wall.focus_slot(1)
    assert wall.selected == "s01"
    assert wall.tick(5.0) and wall.assignments()[1] == "s05"
    assert wall.selected == "s01" and wall.selected_slot() is None
    wall.focus_slot(1)  # the operator chooses what rotated in
    assert wall.selected == "s05"
    wall.pin(1)
    assert wall.tick(10.0) and wall.selected == "s05" and wall.selected_slot() == 1
    wall.next_page()  # a page the operator turns: its focused tile is chosen
    assert wall.selected == wall.assignments()[wall.focus]


def test_follow_the_speaker_brings_the_speaker_into_a_big_tile():
    wall = WallModel("2+8", sites(10))
    wall.focus_slot(4)  # s04 selected, in a small tile
    assert wall.spotlight("s05")
    # A big tile: s05 swaps with s00, which stays on the page.
    assert wall.assignments()[:2] == ["s05", "s01"] and "s00" in wall.assignments()
    assert wall.spotlight("s07")  # the other big tile: both speakers stay big
    assert wall.assignments()[:2] == ["s05", "s07"]
    assert not wall.spotlight("s05")  # already big: nothing moves
    assert wall.selected == "s04" and wall.focus == 4
    grid = WallModel("3x3", sites(12))
    assert not grid.spotlight("s04") and grid.placed == {}  # on the page: its ring says it speaks
    assert grid.spotlight("s10") and grid.assignments()[1] == "s10"  # not tile 1: it is selected
    assert grid.selected == "s00" and grid.focus == 0


def test_follow_the_speaker_never_moves_the_selection():
    wall = WallModel("1+5", sites(12))
    wall.show_site("thuong-lam")  # Ctrl+K, Enter: the big tile, selected
    wall.focus_slot(2)
    events = EventLog(wall)
    wall.spotlight("speaker")  # the selection stays where the operator put it
    wall.spotlight("s03")
    assert wall.selected == "s02" and wall.focus == 2
    assert "selection_changed" not in events.names() and "focus_changed" not in events.names()


def test_follow_the_speaker_leaves_the_spot_inspect_until_the_operator_changes_it():
    wall = WallModel("1+5", sites(12))
    wall.show_site("phu-quoc")  # spot-inspect into the big tile
    wall.focus_slot(3)  # the operator looks at another tile
    assert not wall.spotlight("khao-mang")
    assert wall.assignments()[0] == "phu-quoc" and wall.selected == "s03"
    wall.back()  # the operator undoes the spot-inspect
    wall.focus_slot(4)
    assert wall.spotlight("khao-mang") and wall.assignments()[0] == "khao-mang"
    assert wall.selected == "s04"


def test_follow_the_speaker_never_takes_the_selected_tile():
    wall = WallModel("1+5", sites(12))  # s00, in the big tile, is selected
    assert not wall.spotlight("s03") and not wall.spotlight("elsewhere")
    assert wall.assignments() == sites(6) and wall.selected == "s00"


def test_events_fire_once_per_real_change_and_never_for_no_change(wall, events):
    assert not wall.focus_slot(0)
    assert not wall.unpin(0)
    assert not wall.stop_tour()
    assert not wall.set_sources(wall.sources)
    assert not wall.back()
    assert events.calls == []
    wall.next_page()
    assert events.names() == ["assignments_changed", "page_changed", "selection_changed"]
    assert events.last("page_changed") == (1, 3)
    assert events.last("assignments_changed") == (sites(20)[9:18],)


def test_state_is_read_only_outside_commands(wall):
    wall.sources.append("sneaky")
    wall.pinned[0] = "sneaky"
    assert "sneaky" not in wall.sources and wall.pinned == {}


def test_states_changed_reports_media_events_and_staleness(wall, events):
    wall.status("s00").connecting(0.0)
    wall.status("s01").frame(0.0)
    wall.status("s01").frame(0.0)
    wall.tick(0.5)
    assert events.calls == [("states_changed", (["s00", "s01"],))]
    events.clear()
    wall.tick(1.0)
    assert events.calls == []
    wall.status("s00").frame(1.5)
    wall.tick(2.5)  # s01 has had no frame for 2.5 s
    assert events.calls == [("states_changed", (["s00", "s01"],))]
    assert wall.status("s01").state.value == "stale"
    assert wall.status("s00").is_live(2.5)


def test_staleness_is_checked_only_on_visible_sites(wall):
    wall.status("s15").frame(0.0)  # on page 1, not visible
    wall.tick(5.0)
    assert wall.status("s15").state.value == "live"
    assert not wall.status("s15").is_live(5.0)  # but it is never reported as live


def test_layout_object_is_the_catalog_one(wall):
    assert wall.layout is layout("3x3")


def test_a_broken_view_does_not_break_the_model(wall):
    seen = []
    wall.events.focus_changed.connect(lambda slot: 1 / 0)
    wall.events.focus_changed.connect(seen.append)
    assert wall.focus_slot(2) and seen == [2]


def test_event_log_helper_sees_every_signal(wall):
    assert set(EventLog(wall).calls) == set()
    assert set(wall.events.signals()) == {
        "layout_changed",
        "pins_changed",
        "placements_changed",
        "assignments_changed",
        "page_changed",
        "focus_changed",
        "selection_changed",
        "fullscreen_changed",
        "tour_changed",
        "states_changed",
    }


def test_select_chooses_a_site_on_or_off_the_wall(wall, events):
    assert wall.select("s07") and wall.focus == 7 and wall.selected_slot() == 7
    assert wall.select("far-away") and wall.focus == 7 and wall.selected_slot() is None
    assert wall.assignments() == sites(9)  # selecting places nothing
    assert not wall.select("far-away")
