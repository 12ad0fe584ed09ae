"""What --store accepts, and what it never shows."""

import pytest

from console.directory.backend import StoreError, parse_store
from console.directory.hub_lock import hub_running


def test_store_urls_name_a_backend():
    assert parse_store("sqlite:/var/lib/opsconsole/hub.sqlite3").location == "/var/lib/opsconsole/hub.sqlite3"
    assert parse_store("sqlite:///tmp/x.sqlite3").location == "/tmp/x.sqlite3"
    assert parse_store("hub.sqlite3").kind == "sqlite"
    assert parse_store("postgres://a@db/x").kind == "postgresql"
    target = parse_store("postgresql://opsconsole:s3cret@db.example:5433/opsconsole")
    assert target.kind == "postgresql" and "s3cret" not in target.shown()


@pytest.mark.parametrize(
    "text, says",
    [
        ("mysql://db/x", "unknown store"),
        ("postgresql:db", "not a PostgreSQL URL"),
        ("postgresql://db:port/x", "port is not a number"),
        ("sqlite:", "needs a file path"),
    ],
)
def test_a_wrong_store_says_what_is_expected(text, says):
    with pytest.raises(StoreError, match=says):
        parse_store(text)


def test_a_status_read_from_postgresql_is_not_called_stale_for_want_of_a_lock_file():
    assert hub_running(None) is None
    assert hub_running("postgresql://a@db/x") is None
