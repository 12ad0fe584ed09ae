"""Join links for a province, a group or the country, all or nothing."""

import csv
import os

import pytest

from console.directory import credentials
from console.directory.invitations import InvitationError, invite_sites


def read(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_province_is_invited_in_one_go_and_each_link_joins_as_its_site(national, tmp_path):
    keys = national.province_site_keys([1])
    report = invite_sites(national, keys, "https://hub.example.vn:8765", tmp_path / "hn.csv", what="province:1")
    rows = read(tmp_path / "hn.csv")
    assert report.sites == len(rows) == len(keys) == 557 and report.rotated == 0
    assert oct(os.stat(tmp_path / "hn.csv").st_mode & 0o777) == "0o600"  # the links are credentials
    first = rows[2]
    assert first["key"] == "commune:1" and first["path"].endswith("Phường Phúc Xá")
    token = first["link"].split("token=")[1]
    assert credentials.site_for_token(national, token).key == "commune:1"


def test_inviting_again_is_refused_without_rotate_and_replaces_the_tokens_with_it(national, tmp_path):
    keys = national.province_site_keys([2])
    invite_sites(national, keys, "https://h", tmp_path / "a.csv")
    old = read(tmp_path / "a.csv")[0]["link"].split("token=")[1]
    with pytest.raises(InvitationError, match="already have a token.*--rotate"):
        invite_sites(national, keys, "https://h", tmp_path / "b.csv")
    assert not (tmp_path / "b.csv").exists()
    report = invite_sites(national, keys, "https://h", tmp_path / "b.csv", rotate=True)
    assert report.rotated == len(keys)
    assert credentials.site_for_token(national, old) is None


def test_an_unwritable_file_changes_no_token(national, tmp_path):
    keys = national.province_site_keys([4])
    with pytest.raises(InvitationError, match="no token was changed"):
        invite_sites(national, keys, "https://h", tmp_path / "missing" / "x.csv")
    assert not national.db.execute("SELECT count(*) FROM sites WHERE token_hash IS NOT NULL").fetchone()[0]
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".csv", ".tmp")]


def test_a_join_link_for_a_hub_pair_opens_on_the_first_hub_and_names_the_others():
    from console.directory.invitations import join_link

    assert join_link("https://hub-a.example:8765/", "st_x+y") == "https://hub-a.example:8765/site?token=st_x%2By"
    assert join_link("https://hub-a.example:8765,https://hub-b.example:8765", "st_x") == (
        "https://hub-a.example:8765/site?token=st_x&hubs=https%3A%2F%2Fhub-b.example%3A8765"
    )
