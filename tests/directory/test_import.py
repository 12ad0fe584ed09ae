import json
import sqlite3

import pytest

from console.directory import DivisionsError, SiteDirectory
from tests.conftest import THREE_TIER


def dump(path) -> list:
    """Every row of every table, to prove a failed import changed nothing."""
    conn = sqlite3.connect(path)
    tables = [
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sites_fts%'")
    ]
    rows = [(t, sorted(map(repr, conn.execute(f"SELECT * FROM {t}")))) for t in sorted(tables)]
    conn.close()
    return rows


def test_first_use_imports_the_current_two_tier_structure(db_path):
    directory = SiteDirectory.open(db_path)
    stats = directory.stats()
    assert stats["by_level"] == {"province": 34, "commune": 3321}
    assert stats["active"] == 3355
    assert len(stats["by_province"]) == 34
    assert sum(p["sites"] for p in stats["by_province"]) == 3355
    directory.close()
    # A second open finds it filled and imports nothing more.
    again = SiteDirectory.open(db_path)
    assert again.db["imports"].count == 1
    again.close()


def test_three_tier_file_gives_exactly_10810_active_sites(db_path):
    directory = SiteDirectory.open(db_path)
    report = directory.import_file(THREE_TIER)
    assert report.active == 10810
    assert directory.stats()["by_level"] == {"province": 63, "district": 696, "commune": 10051}
    # Sites of the 2025 map whose codes the 2025-01 file lacks are retired, not deleted.
    assert report.retired == directory.stats()["retired"] > 0
    assert report.added + report.changed + report.unchanged == 10810


def test_import_is_idempotent(national):
    report = national.import_file(THREE_TIER)
    assert (report.added, report.changed, report.unchanged, report.retired) == (0, 0, 10810, 0)


def write(tmp_path, name, document):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def small_structure():
    return [
        {
            "name": "Tỉnh A",
            "code": 1,
            "districts": [
                {"name": "Huyện B", "code": 10, "wards": [{"name": "Xã C", "code": 100}, {"name": "Xã D", "code": 101}]}
            ],
        }
    ]


def test_reimport_reports_changes_retires_and_keeps_operator_data(tmp_path, db_path):
    directory = SiteDirectory(db_path)
    directory.import_file(write(tmp_path, "v1.json", small_structure()))
    directory.db.execute(
        "UPDATE sites SET tags = '[\"pilot\"]', token_hash = 'h1', status = 'online' WHERE key = 'commune:100'"
    )
    directory.db.conn.commit()
    directory.create_group("pilot", ["commune:100", "commune:101"], rule="test")

    v2 = small_structure()
    wards = v2[0]["districts"][0]["wards"]
    wards[0]["name"] = "Xã C mới"  # renamed
    wards.pop(1)  # D leaves the structure
    wards.append({"name": "Xã E", "code": 102})
    report = directory.import_file(write(tmp_path, "v2.json", v2))
    assert (report.added, report.changed, report.unchanged, report.retired) == (1, 1, 2, 1)

    renamed = directory.get("commune:100")
    assert renamed.name == "Xã C mới" and renamed.tags == ["pilot"] and renamed.status == "online"
    assert directory.db.execute("SELECT token_hash FROM sites WHERE key = 'commune:100'").fetchone()[0] == "h1"
    retired = directory.get("commune:101")
    assert retired is not None and not retired.active
    assert directory.search("xa d") == []
    assert [s.key for s in directory.search("xa d", include_retired=True)] == ["commune:101"]
    group = directory.group("pilot")
    assert (group.members, group.active_members) == (2, 1)

    # It comes back: restored with its operator data.
    report = directory.import_file(write(tmp_path, "v1.json", small_structure()))
    assert directory.get("commune:101").active
    assert report.retired == 1  # E leaves
    assert directory.group("pilot").active_members == 2


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b'{"provinces": 3}',
        json.dumps([{"name": "A", "code": 1, "wards": [{"name": "B", "code": 2}, {"name": "C", "code": 2}]}]).encode(),
        json.dumps(
            [
                {"level": "province", "code": 1, "name": "A"},
                {"level": "commune", "code": 2, "name": "B", "parent_code": 7},
            ]
        ).encode(),
    ],
)
def test_a_bad_file_leaves_the_directory_exactly_as_it_was(national, tmp_path, content):
    national.create_group("south", national.province_site_keys([79]), rule="provinces 79")
    national.db.conn.commit()
    before = dump(national.path)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    with pytest.raises(DivisionsError) as error:
        national.import_file(bad)
    assert str(bad) in str(error.value)
    assert dump(national.path) == before


def test_a_failure_while_writing_rolls_back(national, monkeypatch):
    before = dump(national.path)
    import console.directory.store as store

    def explode(conn):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_store_short_prefixes", explode)
    with pytest.raises(sqlite3.OperationalError):
        national.import_file(THREE_TIER.parent / "vn-divisions-2025-01-three-tier.json", source="again")
    assert dump(national.path) == before
