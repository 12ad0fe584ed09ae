"""Tours driven by tick(now): advancing, per_page, manual page turns, stopping."""

import pytest

from console.model.tours import TourSettings
from console.model.wall import WallModel
from tests.model.support import EventLog, sites


def test_tour_advances_every_interval_and_wraps():
    wall = WallModel("2x2")
    events = EventLog(wall)
    assert wall.start_tour(sites(10), per_page=None, interval_s=5.0, now=100.0)
    assert wall.touring and wall.tour == TourSettings(None, 5.0)
    assert events.names() == ["assignments_changed", "page_changed", "tour_changed"]  # nothing chosen
    assert wall.assignments() == sites(4)
    assert not wall.tick(104.9)
    assert wall.tick(105.0) and wall.page == 1
    assert not wall.tick(109.0)
    assert wall.tick(110.0) and wall.page == 2 and wall.assignments() == ["s08", "s09", None, None]
    assert wall.tick(115.0) and wall.page == 0


def test_tour_after_a_stall_shows_the_next_page_for_a_full_interval():
    wall = WallModel("2x2")
    wall.start_tour(sites(12), None, 5.0, now=0.0)
    assert wall.tick(60.0) and wall.page == 1  # one step, not twelve
    assert not wall.tick(64.0)
    assert wall.tick(65.0)


def test_per_page_limits_sites_per_page_and_defaults_to_free_slots():
    wall = WallModel("3x3")
    wall.start_tour(sites(10), per_page=4, interval_s=1.0, now=0.0)
    assert wall.assignments() == sites(4) + [None] * 5
    assert wall.page_count == 3
    wall.pin(0)  # s00 stays; 8 free slots, still 4 a page
    assert wall.tour.per_page == 4 and wall.page_count == 3
    wall.start_tour(sites(10), per_page=None, interval_s=1.0, now=0.0)
    assert wall.assignments()[0] == "s00" and wall.assignments()[1:] == sites(10)[1:9]


def test_manual_page_turn_keeps_touring_and_restarts_the_interval():
    wall = WallModel("2x2")
    wall.start_tour(sites(12), None, 10.0, now=0.0)
    wall.tick(5.0)
    assert wall.next_page() and wall.touring and wall.page == 1
    assert not wall.tick(9.0)  # timer restarts at this tick: due at 19.0
    assert not wall.tick(10.0)
    assert wall.tick(19.0) and wall.page == 2


def test_stop_tour_of_the_walls_own_sources_keeps_the_page_and_set_sources_stops_it():
    wall = WallModel("3x3", sites(20))
    events = EventLog(wall)
    wall.start_tour(wall.sources, per_page=3, interval_s=1.0, now=0.0)
    wall.tick(1.0)
    wall.tick(2.0)
    wall.tick(3.0)
    assert wall.page == 3
    events.clear()
    assert wall.stop_tour() and not wall.touring
    assert wall.page == 2  # 3 pages of 9 now: clamped to the last
    assert events.names() == ["assignments_changed", "page_changed", "tour_changed"]
    assert events.last("tour_changed") == (None,)
    assert not wall.tick(100.0)
    wall.start_tour(sites(20), None, 1.0, now=0.0)
    wall.set_sources(["a"])
    assert not wall.touring


def test_stopping_a_group_tour_gives_the_wall_back_as_it_was():
    wall = WallModel("2x2", sites(10))
    wall.next_page()
    wall.show_site("inspected", slot=1)
    wall.focus_slot(2)
    group = [f"g{i}" for i in range(184)]
    assert wall.start_tour(group, None, 10.0, now=0.0)
    assert wall.touring_other_sites and wall.assignments() == group[:4]
    assert wall.selected == "s06"  # starting a tour chose no site
    assert wall.tick(10.0) and wall.assignments() == group[4:8]
    wall.extend_sources(["joined"])  # a site joins during the tour: the wall behind gets it
    assert "joined" not in wall.sources
    wall.set_layout("3x3")  # a layout change keeps the tour, and what it replaced
    assert wall.stop_tour()
    assert not wall.touring_other_sites and wall.sources == sites(10) + ["joined"]
    assert wall.page == 1 and wall.placed == {1: {1: "inspected"}}
    assert wall.wall_sites() & set(group) == set()
    assert wall.can_go_back and wall.back().replaced == "inspected"


def test_tour_that_fits_on_one_page_does_not_report_turns():
    wall = WallModel("3x3")
    events = EventLog(wall)
    wall.start_tour(sites(3), None, 1.0, now=0.0)
    events.clear()
    assert not wall.tick(1.0)
    assert events.calls == []


@pytest.mark.parametrize(
    ("per_page", "interval_s"),
    [(0, 1.0), (2.5, 1.0), (True, 1.0), (None, 0), (None, -1.0), (None, float("nan")), (None, float("inf"))],
)
def test_bad_tour_settings_are_refused(per_page, interval_s):
    wall = WallModel()
    with pytest.raises(ValueError):
        wall.start_tour(["a"], per_page, interval_s, now=0.0)
    assert not wall.touring and wall.sources == []
