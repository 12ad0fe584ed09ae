"""`opsconsole sites invite`: the join link for the site page."""

from urllib.parse import parse_qs, urlsplit

import pytest

from console.cli import main
from console.directory import SiteDirectory, credentials


def invite(capsys, tmp_path, *args):
    code = main(["--db", str(tmp_path / "o.sqlite3"), "sites", "invite", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_invite_prints_a_working_link_alone_on_the_last_line(capsys, tmp_path):
    code, out, err = invite(capsys, tmp_path, "70")
    assert code == 0 and "commune:70 Phường Hoàn Kiếm" in err
    link = out.strip().splitlines()[-1]
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8765", "/site")
    token = parse_qs(parts.query)["token"][0]
    directory = SiteDirectory(tmp_path / "o.sqlite3")
    try:
        assert credentials.site_for_token(directory, token).key == "commune:70"
        # A second invite replaces the first link's token.
        invite(capsys, tmp_path, "commune:70", "--hub", "https://hub.example.vn:9443/")
        assert credentials.site_for_token(directory, token) is None
    finally:
        directory.close()


def test_invite_takes_the_hub_address_as_the_browser_reaches_it(capsys, tmp_path):
    code, out, _ = invite(capsys, tmp_path, "70", "--hub", "https://hub.example.vn:9443/")
    assert code == 0 and out.strip().startswith("https://hub.example.vn:9443/site?token=st_")


@pytest.mark.parametrize("hub", ["ws://127.0.0.1:8765", "127.0.0.1:8765", "http://"])
def test_invite_refuses_a_hub_that_is_not_a_web_address(capsys, tmp_path, hub):
    with pytest.raises(SystemExit) as exit_:
        invite(capsys, tmp_path, "70", "--hub", hub)
    assert exit_.value.code == 2 and "expected the hub's address" in capsys.readouterr().err


def test_invite_for_an_unknown_site_is_one_clear_line(capsys, tmp_path):
    code, out, err = invite(capsys, tmp_path, "99999999")
    assert code == 1 and out == "" and "no active site has GSO code 99999999" in err


def test_hub_tls_options_are_checked_before_serving(capsys, tmp_path):
    db = str(tmp_path / "o.sqlite3")
    assert main(["--db", db, "hub", "--port", "0", "--tls-cert", "x.pem"]) == 2
    assert "--tls-cert and --tls-key go together" in capsys.readouterr().err
    missing = str(tmp_path / "missing.pem")
    assert main(["--db", db, "hub", "--port", "0", "--tls-cert", missing, "--tls-key", missing]) == 1
    assert f"cannot use the TLS certificate {missing}" in capsys.readouterr().err
