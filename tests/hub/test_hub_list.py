"""The addresses a client of a hub pair keeps, and where it goes next."""

import pytest

from console.model.reasons import explained
from console.signaling.hub_list import MAX_HUBS, HubList, split_hubs


def _standby(active: str) -> Exception:
    return explained(Exception("standby: this hub is a standby"), "hub_standby", active=active)


def test_a_lost_hub_sends_the_client_to_the_next_address_round_the_list():
    hubs = HubList("http://127.0.0.1:1, http://127.0.0.1:2")
    assert hubs.current == "http://127.0.0.1:1"
    assert hubs.lost() == "http://127.0.0.1:2"
    assert hubs.lost() == "http://127.0.0.1:1"


def test_a_single_hub_is_tried_again_as_before():
    hubs = HubList(["http://127.0.0.1:1"])
    assert hubs.lost() == "http://127.0.0.1:1"


def test_a_welcome_teaches_the_other_hubs_once_each():
    hubs = HubList("http://127.0.0.1:1")
    hubs.learn({"hubs": ["http://127.0.0.1:1/", "ws://127.0.0.1:2", 7, ""]})
    hubs.learn({"hubs": ["http://127.0.0.1:2"]})
    assert hubs.addresses == ["http://127.0.0.1:1", "ws://127.0.0.1:2"]
    hubs.learn({"hubs": [f"http://127.0.0.1:{p}" for p in range(3, 40)]})
    assert len(hubs.addresses) == MAX_HUBS


def test_a_standby_refusal_sends_the_client_to_the_active_hub_it_names():
    hubs = HubList("http://127.0.0.1:1,http://127.0.0.1:2")
    assert hubs.follow(_standby("http://127.0.0.1:3"))
    assert hubs.current == "http://127.0.0.1:3"
    assert hubs.follow(_standby("http://127.0.0.1:1/"))
    assert hubs.current == "http://127.0.0.1:1"
    assert hubs.follow(_standby(""))  # none active at the moment: it waits at this standby
    assert hubs.current == "http://127.0.0.1:1"
    assert not hubs.follow(Exception("unauthorized"))


def test_an_address_the_client_cannot_use_is_not_followed():
    def make(url: str) -> str:
        if not url.startswith("https"):
            raise ValueError("plain http elsewhere")
        return url

    hubs = HubList(["https://hub-a.example:8765"], make=make)
    assert not hubs.follow(_standby("http://hub-b.example:8765"))
    assert hubs.follow(_standby("https://hub-b.example:8765"))
    assert hubs.current == "https://hub-b.example:8765"


def test_the_command_lines_list_is_split_on_commas():
    assert split_hubs(" https://a:1 ,, https://b:2 ") == ["https://a:1", "https://b:2"]


def test_a_standby_that_still_names_the_hub_just_lost_is_waited_for():
    hubs = HubList("http://127.0.0.1:1,http://127.0.0.1:2")
    assert hubs.lost() == "http://127.0.0.1:2"  # hub 1 is gone
    assert hubs.follow(_standby("http://127.0.0.1:1"))  # hub 2 has not seen its lease expire yet
    assert hubs.current == "http://127.0.0.1:2"


def test_a_one_off_client_tries_the_hubs_in_turn_and_follows_a_standby():
    import asyncio

    from console.signaling.hub_list import join_any

    tried: list[str] = []

    class Refused(Exception):
        code = "unauthorized"

    class Standby(Exception):
        code = "standby"

    async def join(address: str) -> str:
        tried.append(address)
        if address == "http://127.0.0.1:1":
            raise ConnectionRefusedError("nothing listens")
        if address == "http://127.0.0.1:2":
            raise explained(Standby("standby"), "hub_standby", active="http://127.0.0.1:3")
        return address

    hubs = HubList("http://127.0.0.1:1,http://127.0.0.1:2")
    assert asyncio.run(join_any(hubs, join)) == "http://127.0.0.1:3"
    assert tried == ["http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3"]

    async def never(address: str) -> str:
        raise Refused("bad token")

    with pytest.raises(Refused):  # the last error, when no hub would have it
        asyncio.run(join_any(HubList("http://127.0.0.1:1"), never))


def test_a_hub_gone_without_a_word_is_tried_after_the_others_and_one_that_said_goodbye_first():
    """A lost machine answers no new connection: trying it first costs the whole connect
    timeout. A hub that closed with a code of its own (a restart: 1001) is asked again first."""
    hubs = HubList("http://127.0.0.1:1,http://127.0.0.1:2")
    assert hubs.dropped(1001) == "http://127.0.0.1:1"  # going away: it restarts
    assert hubs.dropped(1006) == "http://127.0.0.1:2"  # no close frame: its process or machine is gone
    assert hubs.dropped(None) == "http://127.0.0.1:1"
    single = HubList("http://127.0.0.1:1")
    assert single.dropped(1006) == single.dropped(1001) == "http://127.0.0.1:1"


def test_a_client_with_another_hub_to_try_gives_a_silent_one_up_sooner():
    from console.signaling.channel import CONNECT_S, CONNECT_S_WITH_ANOTHER_HUB

    assert HubList("http://127.0.0.1:1").connect_s == CONNECT_S
    assert HubList("http://127.0.0.1:1,http://127.0.0.1:2").connect_s == CONNECT_S_WITH_ANOTHER_HUB < CONNECT_S
