"""The meeting's roster: presence, acknowledged mute state, hands, talk."""

from console.model.roster import Roster


def test_sites_join_and_leave():
    r = Roster()
    assert r.apply("presence", {"site": "c:1", "online": True, "state": {"muted": True}})
    assert r.online == {"c:1"} and r.is_muted("c:1")
    assert not r.apply("presence", {"site": "c:1", "online": True, "state": {"muted": True}})
    assert r.apply("presence", {"site": "c:1", "online": False})
    assert r.online == set()


def test_muted_is_what_the_site_reported_and_unknown_shows_muted():
    r = Roster()
    r.apply("presence", {"site": "c:1", "online": True})
    assert r.is_muted("c:1")                       # never reported: shown muted...
    assert r.open_microphones() == ["c:1"]         # ...but mute-all still reaches it
    r.apply("site_state", {"site": "c:1", "state": {"muted": False}})
    assert not r.is_muted("c:1")
    r.apply("site_state", {"site": "c:1", "state": {"muted": True}})
    assert r.open_microphones() == []


def test_a_hand_is_raised_lowered_granted_and_gone_with_the_site():
    r = Roster()
    r.apply("presence", {"site": "c:1", "online": True, "state": {"muted": True}})
    r.apply("hand", {"site": "c:1", "raised": True})
    assert r.hands == {"c:1"}
    r.apply("hand", {"site": "c:1", "raised": False})
    assert r.hands == set()
    r.apply("hand", {"site": "c:1", "raised": True})
    r.apply("site_state", {"site": "c:1", "state": {"muted": False}})   # granted
    assert r.hands == set()
    r.apply("hand", {"site": "c:1", "raised": True})
    r.talking = "c:1"
    r.apply("presence", {"site": "c:1", "online": False})
    assert r.hands == set() and r.talking == ""


def test_malformed_events_change_nothing():
    r = Roster()
    for kind, payload in [("presence", {}), ("site_state", {"site": "c:1", "state": "muted"}),
                          ("site_state", {"site": "c:1", "state": {"muted": "yes"}}), ("hand", {"raised": True})]:
        r.apply(kind, payload)
    assert r.online == set() and r.muted == {} and r.hands == set()
