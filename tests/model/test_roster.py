"""The meeting's roster: presence, the moderator's mute verdicts, hands, talk."""

from console.model.roster import Roster


def test_sites_join_and_leave():
    r = Roster()
    assert r.apply("presence", {"site": "c:1", "online": True, "state": {"muted": True}})
    assert r.online == {"c:1"} and r.is_muted("c:1")
    assert not r.apply("presence", {"site": "c:1", "online": True, "state": {"muted": True}})
    assert r.apply("presence", {"site": "c:1", "online": False})
    assert r.online == set()


def test_muted_is_the_moderators_verdict_and_unknown_shows_muted():
    r = Roster()
    r.apply("presence", {"site": "c:1", "online": True, "state": {"muted": False}})
    assert r.is_muted("c:1")  # a presence alone says nothing: shown muted...
    assert r.open_microphones() == ["c:1"]  # ...but mute-all still reaches it
    r.apply("muted", {"site": "c:1", "muted": False, "by": "anh"})
    assert not r.is_muted("c:1")
    r.apply("site_state", {"site": "c:1", "state": {"muted": True}})
    assert not r.is_muted("c:1")  # only the moderator's verdict counts
    r.apply("muted", {"site": "c:1", "muted": True, "by": None})
    assert r.open_microphones() == []


def test_a_hand_is_raised_lowered_and_gone_with_the_site():
    r = Roster()
    r.apply("presence", {"site": "c:1", "online": True})
    r.apply("hand", {"site": "c:1", "raised": True})
    assert r.hands == {"c:1"}
    r.apply("hand", {"site": "c:1", "raised": False})
    assert r.hands == set()
    r.apply("hand", {"site": "c:1", "raised": True})
    r.apply("presence", {"site": "c:1", "online": False})
    assert r.hands == set() and r.muted == {}


def test_a_talk_starts_ends_and_ends_with_the_site():
    r = Roster()
    r.apply("presence", {"site": "c:1", "online": True})
    r.apply("talk", {"site": "c:1", "talking": True, "by": "anh"})
    assert r.talking == "c:1"
    r.apply("talk", {"site": "c:2", "talking": False})
    assert r.talking == "c:1"
    r.apply("talk", {"site": "c:1", "talking": False})
    assert r.talking == ""
    r.apply("talk", {"site": "c:1", "talking": True})
    r.apply("presence", {"site": "c:1", "online": False})
    assert r.talking == ""


def test_malformed_events_change_nothing():
    r = Roster()
    for kind, payload in [
        ("presence", {}),
        ("muted", {"site": "c:1", "muted": "yes"}),
        ("hand", {"raised": True}),
        ("talk", {"talking": True}),
    ]:
        r.apply(kind, payload)
    assert r.online == set() and r.muted == {} and r.hands == set() and r.talking == ""


def test_a_reset_for_a_restarted_hub_keeps_what_each_site_last_said_of_its_microphone():
    r = Roster()
    for key, muted in (("c:1", False), ("c:2", True)):
        r.apply("presence", {"site": key, "online": True})
        r.apply("muted", {"site": key, "muted": muted, "by": None})
    r.apply("hand", {"site": "c:2", "raised": True})
    r.reset(keep_microphones=True)
    assert r.online == set() and r.hands == set() and r.seen == {"c:1", "c:2"}
    assert not r.is_muted("c:1") and r.is_muted("c:2")  # until they say it again
    r.apply("muted", {"site": "c:1", "muted": True, "by": None})
    assert r.is_muted("c:1")
    r.reset()
    assert r.muted == {}
