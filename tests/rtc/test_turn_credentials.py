"""TURN REST credentials (console/signaling/turn.py) and the servers aiortc is given."""

import pytest

from console.rtc.ice_servers import aiortc_ice_servers, transport_of
from console.rtc.media_path import classify
from console.signaling import turn

SECRET = "relay-secret"


def test_a_credential_names_its_expiry_and_subject_and_checks_against_the_secret():
    credential = turn.mint(SECRET, turn.subject_name("site", "commune:26734"), now=1000, ttl_s=600)
    assert credential.username == "1600:site-commune-26734"
    assert credential.expires == 1600
    assert turn.check(SECRET, credential.username, credential.password, now=1599)


def test_an_expired_credential_or_another_secret_does_not_check():
    credential = turn.mint(SECRET, "site-a", now=1000, ttl_s=600)
    assert not turn.check(SECRET, credential.username, credential.password, now=1600)
    assert not turn.check("another-hub", credential.username, credential.password, now=1100)
    forged = credential.username.replace("1600", "9999")
    assert not turn.check(SECRET, forged, credential.password, now=1100)


def test_a_credential_is_renewed_at_half_its_life():
    credential = turn.mint(SECRET, "console-anh", now=1000, ttl_s=600)
    assert credential.renew_at(1000) == 1300


def test_a_subject_with_the_separator_is_refused_and_an_empty_secret_too():
    with pytest.raises(ValueError):
        turn.mint(SECRET, "site:a", now=0)
    with pytest.raises(ValueError):
        turn.mint("", "site-a", now=0)


@pytest.mark.parametrize(
    "text", ["", "http://relay:3478", "turn:relay:3478?transport=sctp", "stun:relay:3478?transport=udp", "turn:"]
)
def test_bad_turn_urls_are_refused_naming_the_entry(text):
    with pytest.raises(ValueError):
        turn.parse_urls(text)


def test_the_field_gives_stun_without_and_turn_with_the_credential():
    credential = turn.mint(SECRET, "site-a", now=0, ttl_s=100)
    urls = turn.parse_urls("stun:10.0.0.2:3478, turn:10.0.0.2:3478, turn:10.0.0.2:443?transport=tcp")
    field = turn.ice_servers(urls, credential)
    assert field == {
        "servers": [
            {"urls": ["stun:10.0.0.2:3478"]},
            {
                "urls": ["turn:10.0.0.2:3478", "turn:10.0.0.2:443?transport=tcp"],
                "username": credential.username,
                "credential": credential.password,
            },
        ],
        "expires": 100,
    }
    assert turn.read_ice_servers(field) == field["servers"]


@pytest.mark.parametrize(
    "field",
    [
        None,
        "turn:x",
        {"servers": "turn:x"},
        {"servers": [{"urls": ["turn:x:1"]}]},  # a relay without a credential
        {"servers": [{"urls": ["javascript:alert(1)"], "username": "u", "credential": "c"}]},
        {"servers": [{"urls": "turn:x:1", "username": "u", "credential": "c"}]},
        {"servers": [{"urls": ["turn:x:1"], "username": "u" * 500, "credential": "c"}]},
    ],
)
def test_a_bad_field_from_the_hub_gives_no_servers(field):
    assert turn.read_ice_servers(field) == []


def test_aiortc_is_given_the_preferred_relay_transport_first():
    servers = [{"urls": ["turn:r:3478?transport=udp", "turn:r:443?transport=tcp"], "username": "u", "credential": "c"}]
    assert aiortc_ice_servers(servers, prefer=None)[0].urls[0].endswith("udp")
    assert aiortc_ice_servers(servers, prefer="tcp")[0].urls[0] == "turn:r:443?transport=tcp"
    assert [transport_of(u) for u in ("stun:r", "turn:r", "turn:r?transport=tcp", "turns:r:443?transport=tcp")] == [
        "stun",
        "udp",
        "tcp",
        "tls",
    ]


@pytest.mark.parametrize(
    "local, remote, path",
    [
        ("host", "host", "direct"),
        ("srflx", "host", "nat"),
        ("host", "prflx", "nat"),
        ("relay", "host", "relay"),
        ("srflx", "relay", "relay"),
    ],
)
def test_the_media_path_is_named_from_the_chosen_pair(local, remote, path):
    assert classify(local, remote) == path
