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
        assert directory.stats()["active"] > 3000   # opened like a file: the national structure on first use
    finally:
        directory.close()
