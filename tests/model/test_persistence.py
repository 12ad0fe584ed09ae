"""to_dict/from_dict round trips, resilience to corrupt saved state, named layouts."""

import json

import pytest

from console.model.named_layouts import NamedLayouts
from console.model.tours import TourSettings
from console.model.wall import WallModel
from tests.model.support import EventLog, sites


def configured_wall() -> WallModel:
    wall = WallModel("1+7", sites(30))
    wall.show_site("spot", slot=2)
    wall.next_page()
    wall.focus_slot(5)
    return wall


def test_round_trip_through_json():
    wall = configured_wall()
    saved = json.loads(json.dumps(wall.to_dict()))
    assert saved == {
        "version": 1,
        "layout": "1+7",
        "sources": sites(30),
        "page": 1,
        "pinned": {},
        "focus": 5,
        "tour": None,
        "placed": {"0": {"2": "spot"}},
    }
    restored = WallModel.from_dict(saved)
    assert restored.to_dict() == wall.to_dict()
    assert restored.assignments() == wall.assignments()


def test_round_trip_keeps_tour_settings_and_the_tour_starts_at_the_first_tick():
    wall = WallModel("2x2")
    wall.start_tour(sites(12), per_page=2, interval_s=7.5, now=0.0)
    saved = json.loads(json.dumps(wall.to_dict()))
    assert saved["tour"] == {"per_page": 2, "interval_s": 7.5}
    restored = WallModel.from_dict(saved)
    assert restored.tour == TourSettings(2, 7.5)
    assert not restored.tick(1000.0)  # starts counting here
    assert restored.tick(1007.5) and restored.page == 1


@pytest.mark.parametrize(
    ("corruption", "expected"),
    [
        ({"layout": "12x12"}, {"layout": "3x3"}),
        ({"sources": "s00,s01"}, {"sources": []}),
        ({"sources": ["a", 5, None, "", "a", "b"]}, {"sources": ["a", "b"]}),
        ({"page": -2}, {"page": 0}),
        ({"page": True}, {"page": 0}),
        ({"page": 99}, {"page": 3}),  # valid but past the end: clamped to the last page
        ({"pinned": {"7": "x", "40": "y", "-1": "z", "zz": "w"}}, {"pinned": {"7": "x"}}),
        ({"pinned": {"1": "dup", "2": "dup"}}, {"pinned": {"1": "dup"}}),
        ({"pinned": ["x"]}, {"pinned": {}}),
        ({"focus": 8}, {"focus": 0}),
        ({"tour": {"per_page": -1, "interval_s": 5}}, {"tour": None}),
        ({"tour": "yes"}, {"tour": None}),
    ],
)
def test_corrupt_parts_fall_back_to_defaults_and_the_rest_survives(corruption, expected):
    saved = {"layout": "1+7", "sources": sites(30), "page": 1, "pinned": {}, "focus": 3}
    saved.update(corruption)
    wall = WallModel.from_dict(saved)
    restored = wall.to_dict()
    for key, value in expected.items():
        assert restored[key] == value
    untouched = set(saved) - set(corruption) - {"page"}
    for key in untouched:
        assert restored[key] == saved[key]


def test_placements_survive_a_restart_and_bad_ones_are_reported():
    wall = WallModel.from_dict(
        {"layout": "2x2", "sources": sites(8), "placed": {"1": {"0": "x", "9": "y"}, "z": {}, "2": "no"}}
    )
    assert wall.placed == {1: {0: "x"}}
    problems = wall.load_dict({"layout": "2x2", "sources": sites(8), "placed": {"1": {"9": "y"}}})
    assert any("placed: page 1" in p and "slot 9" in p for p in problems)


def test_load_dict_reports_what_it_ignored():
    wall = WallModel()
    problems = wall.load_dict({"layout": "nope", "sources": ["a"], "pinned": {"99": "x"}})
    assert any(p.startswith("layout:") and "valid layouts" in p for p in problems)
    assert any("slot 99" in p for p in problems)
    assert wall.sources == ["a"]


@pytest.mark.parametrize(
    "data",
    [None, [], "3x3", 42, {}, {"unknown": 1}, {"layout": "bogus", "sources": 3, "page": -1}],
)
def test_nothing_usable_raises_a_clear_value_error(data):
    with pytest.raises(ValueError, match="saved wall state"):
        WallModel.from_dict(data)


def test_failed_load_leaves_the_wall_unchanged():
    wall = configured_wall()
    before = wall.to_dict()
    with pytest.raises(ValueError):
        wall.load_dict({"layout": 5})
    assert wall.to_dict() == before


def test_load_dict_emits_each_change_once():
    wall = WallModel("3x3", sites(20))
    events = EventLog(wall)
    wall.load_dict(configured_wall().to_dict())
    assert events.names() == [
        "layout_changed",
        "placements_changed",
        "assignments_changed",
        "page_changed",
        "focus_changed",
        "selection_changed",
    ]
    events.clear()
    wall.load_dict(wall.to_dict())
    assert events.calls == []


def test_named_layouts_save_restore_delete():
    presets = NamedLayouts()
    names_seen = []
    presets.changed.connect(names_seen.append)
    wall = configured_wall()
    presets.save("flood watch", wall)
    presets.save("  Morning  ", WallModel("2x2", ["a"]))
    presets.save("flood watch", wall)  # overwrite: the names did not change
    assert presets.names() == ["flood watch", "Morning"]
    assert names_seen == [["flood watch"], ["flood watch", "Morning"]]

    other = WallModel()
    assert presets.restore("flood watch", other) == []
    assert other.to_dict() == wall.to_dict()
    presets.restore("Morning", other)
    assert other.layout.name == "2x2" and other.sources == ["a"]

    with pytest.raises(KeyError, match="Morning"):
        presets.restore("evening", other)
    with pytest.raises(ValueError):
        presets.save("   ", wall)
    presets.delete("Morning")
    assert presets.names() == ["flood watch"] and "Morning" not in presets
    with pytest.raises(KeyError):
        presets.delete("Morning")


def test_named_layouts_round_trip_and_skip_corrupt_entries():
    presets = NamedLayouts()
    presets.save("a", configured_wall())
    data = json.loads(json.dumps(presets.to_dict()))
    data["broken"] = "not a dict"
    data[""] = {}
    data["unusable"] = {"layout": 7}
    loaded = NamedLayouts.from_dict(data)
    assert loaded.names() == ["a", "unusable"]
    wall = WallModel()
    loaded.restore("a", wall)
    assert wall.to_dict() == configured_wall().to_dict()
    with pytest.raises(ValueError):
        loaded.restore("unusable", wall)  # one bad preset costs only itself
    with pytest.raises(ValueError):
        NamedLayouts.from_dict(["a"])


def test_named_layouts_to_dict_is_a_copy():
    presets = NamedLayouts()
    presets.save("a", WallModel("2x2", ["x"]))
    presets.to_dict()["a"]["layout"] = "8x8"
    wall = WallModel()
    presets.restore("a", wall)
    assert wall.layout.name == "2x2"


def test_a_restored_wall_selects_the_saved_focus():
    wall = WallModel("3x3", sites(3))
    wall.load_dict({"layout": "1+5", "sources": sites(3), "focus": 1})
    assert wall.focus == 1 and wall.selected == "s01"
