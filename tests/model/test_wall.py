"""WallModel: assignments, paging with pins, focus, spot-inspect and back, events."""

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
    assert events.names() == ["assignments_changed", "page_changed"]
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
        "layout_changed", "pins_changed", "assignments_changed", "page_changed", "focus_changed",
    ]
    assert wall.set_layout("1+5") and wall.focus == 0
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
    assert events.names() == ["focus_changed"]
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


def test_show_site_pins_focuses_and_remembers(wall, events):
    wall.focus_slot(4)
    events.clear()
    assert wall.show_site("far-away")
    assert wall.assignments()[4] == "far-away" and wall.pinned == {4: "far-away"}
    assert wall.history == {4: ["s04"]}
    assert events.names() == ["pins_changed", "assignments_changed"]  # 3 pages before and after
    wall.show_site("other", slot=0)
    assert wall.focus == 0 and wall.history[0] == ["s00"]
    # The same site again: no history entry, no change.
    events.clear()
    assert not wall.show_site("other", slot=0)
    assert wall.history[0] == ["s00"] and events.calls == []


def test_show_site_in_a_focus_layout_uses_the_big_tile():
    wall = WallModel("1+5", sites(12))
    wall.focus_slot(3)
    wall.show_site("x")
    assert wall.assignments()[0] == "x" and wall.focus == 0


def test_show_site_moves_a_site_already_pinned_elsewhere(wall):
    wall.show_site("x", slot=1)
    wall.show_site("x", slot=5)
    assert wall.pinned == {5: "x"}
    assert wall.assignments().count("x") == 1


def test_show_site_of_a_paged_site_does_not_show_it_twice(wall):
    wall.show_site("s05", slot=0)
    assert wall.assignments().count("s05") == 1
    assert wall.assignments()[0] == "s05"


def test_back_restores_the_previous_site_and_unpins_a_paged_slot(wall):
    wall.show_site("a", slot=3)
    wall.show_site("b", slot=3)
    assert wall.history[3] == ["s03", "a"]
    assert wall.back(3) and wall.assignments()[3] == "a" and wall.pinned == {3: "a"}
    assert wall.back(3) and wall.assignments()[3] == "s03"
    assert wall.pinned == {}  # s03 is what paging puts there: the slot pages again
    assert not wall.back(3)


def test_back_pins_the_previous_site_when_the_page_has_moved_on(wall):
    wall.show_site("a", slot=0)
    wall.next_page()
    assert wall.back(0)
    assert wall.assignments()[0] == "s00" and wall.pinned == {0: "s00"}


def test_history_is_capped(wall):
    for i in range(HISTORY_LIMIT + 5):
        wall.show_site(f"x{i}", slot=0)
    history = wall.history[0]
    assert len(history) == HISTORY_LIMIT and history[-1] == f"x{HISTORY_LIMIT + 3}"


def test_drop_site_is_show_site_on_that_slot(wall):
    assert wall.drop_site("dropped", 6)
    assert wall.assignments()[6] == "dropped" and wall.focus == 6
    with pytest.raises(IndexError):
        wall.drop_site("dropped", 9)
    with pytest.raises(ValueError):
        wall.drop_site("", 1)


def test_events_fire_once_per_real_change_and_never_for_no_change(wall, events):
    assert not wall.focus_slot(0)
    assert not wall.unpin(0)
    assert not wall.stop_tour()
    assert not wall.set_sources(wall.sources)
    assert not wall.back()
    assert events.calls == []
    wall.next_page()
    assert events.names() == ["assignments_changed", "page_changed"]
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
        "layout_changed", "pins_changed", "assignments_changed", "page_changed",
        "focus_changed", "fullscreen_changed", "tour_changed", "states_changed",
    }
