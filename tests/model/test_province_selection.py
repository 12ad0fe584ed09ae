import pytest

from console.model.province_selection import ProvinceSelection


def test_a_change_is_said_once_with_who_made_it():
    selection = ProvinceSelection()
    heard = []
    selection.changed.connect(lambda key, by: heard.append((key, by)))
    assert selection.select("province:79", "data")
    assert not selection.select("province:79", "directory")  # no echo, no loop
    assert selection.select("", "directory")
    assert heard == [("province:79", "data"), ("", "directory")]


def test_only_province_keys_are_accepted():
    with pytest.raises(ValueError, match="province:1"):
        ProvinceSelection().select("commune:4")
