"""The moderator's two honesty rules, with a stand-in hub: muted only once the site says so;
audio that still arrives from a site that says it is muted is reported, never played."""

from console.media.moderation import LEAK_GRACE_S, Moderator
from console.media.room import RoomMix


class FakeHub:
    welcome = {"operator": "anh"}

    def on(self, kind, handler):
        pass


def make():
    events = []
    room = RoomMix()
    moderator = Moderator(FakeHub(), room, lambda kind, payload: events.append((kind, payload)))
    return moderator, room, events


def test_state_from_the_site_drives_the_room_and_the_events():
    moderator, room, events = make()
    moderator._on_presence({"site": "s", "online": True, "state": {"muted": True}})
    assert room.is_muted("s") and events == [("muted", {"site": "s", "muted": True, "by": None})]
    moderator._on_site_state({"site": "s", "state": {"muted": False}})
    assert not room.is_muted("s") and events[-1][1]["muted"] is False


def test_an_older_unmuted_state_does_not_undo_a_mute_in_flight():
    moderator, room, events = make()
    moderator._on_presence({"site": "s", "online": True, "state": {"muted": False}})
    room.set_muted("s", True)  # what mute() does before asking the site
    moderator._acting["s"] = "mute_audio"
    moderator._on_site_state({"site": "s", "state": {"muted": False}})
    assert room.is_muted("s")


def test_audio_from_a_site_that_says_it_is_muted_is_reported(monkeypatch):
    moderator, room, events = make()
    moderator._on_presence({"site": "s", "online": True, "state": {"muted": True}})
    moderator.audio_refused("s")  # packets in flight at the mute: not a fault
    assert len(events) == 1
    moderator._muted_at["s"] -= LEAK_GRACE_S + 0.1
    moderator.audio_refused("s")
    moderator.audio_refused("s")  # reported once
    assert len(events) == 2
    kind, payload = events[-1]
    assert kind == "muted" and payload["muted"] is False and "still arrives" in payload["error"]
    assert room.is_muted("s")  # and still not played
