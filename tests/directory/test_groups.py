import pytest

from console.directory import GroupError


def test_group_from_provinces_holds_all_their_sites(national):
    keys = national.province_site_keys([79, 80])
    group = national.create_group("south", keys, rule="provinces 79,80")
    assert group.members == group.active_members == len(keys)
    sites = national.group_sites("south")
    assert {s.province_key for s in sites} == {"province:79", "province:80"}
    assert {s.level for s in sites} == {"province", "district", "commune"}


def test_group_from_search_and_listing(national):
    national.create_group("ba dinh", [s.key for s in national.search("ba dinh", limit=4)], rule="search")
    national.create_group("a", ["commune:1"], rule="sites")
    assert [g.name for g in national.groups()] == ["a", "ba dinh"]
    assert national.group("ba dinh").members == 4


def test_group_errors_are_clear_and_change_nothing(national):
    national.create_group("g", ["commune:1"], rule="sites")
    with pytest.raises(GroupError, match="exists"):
        national.create_group("g", ["commune:4"], rule="sites")
    assert [s.key for s in national.group_sites("g")] == ["commune:1"]
    with pytest.raises(GroupError, match="unknown sites: commune:999999"):
        national.create_group("h", ["commune:999999"], rule="sites")
    with pytest.raises(GroupError, match="no active province with code 999"):
        national.province_site_keys([999])
    with pytest.raises(GroupError, match="empty"):
        national.create_group("h", [], rule="sites")
    with pytest.raises(GroupError, match="no group named 'h'"):
        national.group_sites("h")
    assert [g.name for g in national.groups()] == ["g"]


def test_replace_and_delete(national):
    national.create_group("g", ["commune:1"], rule="sites")
    national.create_group("g", ["commune:4", "commune:7"], rule="sites", replace=True)
    assert national.group("g").members == 2
    national.delete_group("g")
    assert national.groups() == []
