"""The commands that change the hub's store reach PostgreSQL with the global --store."""

from console.cli import main
from console.directory import SiteDirectory, credentials
from console.directory.audit import find_audit


def test_operators_and_site_tokens_are_issued_into_postgresql(postgresql, capsys):
    url = postgresql.url(postgresql.create_database())
    assert main(["--store", url, "operators", "issue-token", "anh", "--role", "admin"]) == 0
    token = capsys.readouterr().out.strip()
    directory = SiteDirectory(url)
    try:
        assert credentials.credential_snapshot(directory).operator(token).role == "admin"
        assert [r["action"] for r in find_audit(directory, target="anh")] == ["issue_operator_token"]
        assert directory.stats()["active"] > 3000  # opened like a file: the national structure on first use
    finally:
        directory.close()


def test_a_store_url_given_to_db_is_refused_with_where_it_belongs(capsys, tmp_path, monkeypatch):
    import pytest

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit:
        main(["--db", "postgresql://opsconsole@127.0.0.1/opsconsole", "operators", "issue-token", "anh"])
    assert exit.value.code == 2
    assert "--db takes a file; give a store's URL with --store" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no folder named after the URL


def test_a_lease_length_is_for_a_pair_and_within_reason(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(tmp_path / "hub.sqlite3"), "hub", "--lease-ttl", "5"]) == 2
    assert "--lease-ttl are for a hub pair: give --store postgresql://" in capsys.readouterr().err
    assert main(["--store", "postgresql://u@127.0.0.1:1/x", "hub", "--lease-ttl", "0.2"]) == 2
    assert "--lease-ttl must be 1 to 120 seconds" in capsys.readouterr().err
