"""The console-side alarm rules as a pure model with explicit times: each
condition raises once after it has held long enough and clears when it is over."""

from console.model.alarm_rules import AlarmAction, AlarmRules


def kinds(actions):
    return [(a.kind, a.rule, a.site) for a in actions]


def test_a_stalled_tile_raises_after_more_than_5_s_once_and_clears_when_pictures_return():
    rules = AlarmRules()
    assert rules.observe_tiles(100.0, {"commune:4": (2, 1)}) == []
    assert rules.observe_tiles(105.0, {"commune:4": (2, 1)}) == []  # exactly 5 s: not yet
    raised = rules.observe_tiles(105.5, {"commune:4": (2, 1)})
    assert raised == [
        AlarmAction(
            "raise",
            "video_stalled",
            "commune:4",
            "no new picture for 6 s on tile 2 of page 1",
            {"seconds": 6, "tile": 2, "page": 1},
        )
    ]
    assert rules.observe_tiles(130.0, {"commune:4": (2, 1)}) == []  # raised once
    assert kinds(rules.observe_tiles(131.0, {})) == [("clear", "video_stalled", "commune:4")]
    assert rules.observe_tiles(132.0, {}) == []


def test_a_stall_shorter_than_5_s_raises_nothing_and_clears_nothing():
    rules = AlarmRules()
    rules.observe_tiles(0.0, {"a": (1, 1)})
    assert rules.observe_tiles(4.0, {}) == []
    assert rules.observe_tiles(8.0, {"a": (1, 1)}) == []  # a new stall counts from its own start
    assert rules.holding("video_stalled", "a", 9.0) == 1.0


def test_loss_must_stay_over_10_percent_for_10_s():
    rules = AlarmRules()
    assert rules.observe_loss(0.0, {"a": 12.0, "b": 30.0}) == []
    assert rules.observe_loss(6.0, {"a": 8.0, "b": 30.0}) == []  # a dips: its clock restarts
    assert kinds(rules.observe_loss(10.5, {"a": 15.0, "b": 25.0})) == [("raise", "loss_high", "b")]
    assert kinds(rules.observe_loss(17.0, {"a": 15.0, "b": 9.0})) == [("clear", "loss_high", "b")]
    assert kinds(rules.observe_loss(20.6, {"a": 15.0})) == [("raise", "loss_high", "a")]


def test_an_open_microphone_silent_for_30_s_raises_and_clears_when_muted_or_heard():
    rules = AlarmRules()
    assert rules.observe_microphones(0.0, {"a": -90.0, "b": None, "c": -20.0}) == []
    actions = rules.observe_microphones(31.0, {"a": -90.0, "b": None, "c": -20.0})
    assert kinds(actions) == [("raise", "mic_silent", "a"), ("raise", "mic_silent", "b")]
    assert actions[0].detail == "microphone open but silent for 31 s" and actions[0].detail_args == {"seconds": 31}
    # a speaks; b is muted (no longer in the mapping): both alarms close.
    assert kinds(rules.observe_microphones(40.0, {"a": -18.0, "c": -20.0})) == [
        ("clear", "mic_silent", "a"),
        ("clear", "mic_silent", "b"),
    ]


def test_the_hub_lost_is_said_once_it_is_back_and_closes_a_minute_later():
    rules = AlarmRules()
    assert rules.hub_lost(10.0, "connection reset") == []
    assert rules.hub_lost(12.0, "refused") == []  # still the same loss
    back = rules.hub_back(22.0)
    assert back == [AlarmAction("raise", "hub_lost", None, "hub lost for 12 s: connection reset", {"seconds": 12})]
    assert rules.hub_back(23.0) == []  # not lost again: nothing to say
    assert rules.tick(81.0) == []
    assert kinds(rules.tick(82.0)) == [("clear", "hub_lost", None)]
    assert rules.tick(200.0) == []


def test_losing_the_hub_again_before_the_minute_keeps_the_alarm_open():
    rules = AlarmRules()
    rules.hub_lost(0.0, "")
    rules.hub_back(5.0)
    rules.hub_lost(30.0, "again")
    assert rules.tick(70.0) == []  # lost again: not over
    assert kinds(rules.hub_back(40.0)) == [("raise", "hub_lost", None)]  # counted up at the hub
    assert kinds(rules.tick(100.0)) == [("clear", "hub_lost", None)]


def test_the_hub_lost_alarm_carries_when_the_hub_was_lost_and_why_by_name():
    """Raised once the hub is back, the alarm still says when it was lost (its time) and names
    the reason (code and arguments) so a console can say it in its language."""
    rules = AlarmRules()
    rules.hub_lost(
        10.0,
        "cannot reach the hub at http://127.0.0.1:9: Cannot connect to host",
        1_700_000_000.0,
        "hub_refused",
        {"address": "http://127.0.0.1:9"},
    )
    rules.hub_lost(12.0, "later", 1_700_000_002.0, "hub_timed_out", {})  # the same loss: its start stays
    (action,) = rules.hub_back(79.0)
    assert action.since == 1_700_000_000.0
    assert action.detail_args == {"seconds": 69, "why": "hub_refused", "address": "http://127.0.0.1:9"}
    assert action.detail.startswith("hub lost for 69 s: cannot reach")


def test_a_stall_is_timed_from_the_last_picture_when_it_is_known():
    rules = AlarmRules()
    assert rules.observe_tiles(10.0, {"a": (1, 1)}, {"a": 7.0}) == []  # 3 s without a picture
    assert kinds(rules.observe_tiles(12.5, {"a": (1, 1)}, {"a": 7.0})) == [("raise", "video_stalled", "a")]


def test_the_alarm_list_follows_the_hub_and_says_what_is_new():
    from console.model.alarm_list import AlarmList

    alarms = AlarmList()
    seen = []
    alarms.events.changed.connect(seen.append)
    alarms.replace([{"id": 3, "rule": "loss_high", "state": "acknowledged"}, {"id": "x"}])
    assert list(alarms.alarms) == [3] and alarms.counts == {"new": 0, "acknowledged": 1}
    assert alarms.apply({"id": 4, "rule": "video_stalled", "state": "new"}, {"new": 1, "acknowledged": 1})
    assert not alarms.apply({"id": 4, "rule": "video_stalled", "state": "new", "count": 2})  # counted up
    assert [a["id"] for a in alarms.ordered()] == [4, 3]
    assert not alarms.apply({"id": 4, "rule": "video_stalled", "state": "closed"}, {"new": 0, "acknowledged": 1})
    assert 4 not in alarms.alarms and alarms.counts["new"] == 0
    assert seen == [None, {4}, {4}, {4}]


def test_no_media_path_is_raised_at_once_and_cleared_when_the_site_has_media_again():
    rules = AlarmRules()
    raised = rules.observe_media_paths(100.0, {"commune:7": True})
    assert [(a.kind, a.rule, a.site) for a in raised] == [("raise", "no_media_path", "commune:7")]
    assert rules.observe_media_paths(130.0, {"commune:7": True}) == []  # once, however long it lasts
    cleared = rules.observe_media_paths(131.0, {})
    assert [(a.kind, a.rule, a.site) for a in cleared] == [("clear", "no_media_path", "commune:7")]


def test_alarms_raised_before_a_restart_are_adopted_and_closed_once_their_site_is_seen_well():
    rules = AlarmRules()
    rules.adopt([("video_stalled", "s1"), ("video_stalled", "s2"), ("no_media_path", "s3"), ("hub_lost", "x")])
    # s1 is on screen and moving: over. s2 is not on this console's screen: left as it is.
    actions = rules.observe_tiles(100.0, {}, {}, shown=["s1"])
    assert [(a.kind, a.rule, a.site) for a in actions] == [("clear", "video_stalled", "s1")]
    assert ("video_stalled", "s2") in rules.raised
    # s3 is received and has a path now: over; never raised twice meanwhile.
    actions = rules.observe_media_paths(100.0, {}, received=["s3"])
    assert [(a.kind, a.site) for a in actions] == [("clear", "s3")]
    assert rules.observe_tiles(200.0, {}, {}, shown=["s1"]) == []


def test_an_adopted_alarm_whose_condition_still_holds_is_not_raised_again_and_clears_when_it_ends():
    rules = AlarmRules(stall_s=1.0)
    rules.adopt([("video_stalled", "s1")])
    assert rules.observe_tiles(100.0, {"s1": (1, 1)}, {"s1": 50.0}, shown=["s1"]) == []  # still stalled
    actions = rules.observe_tiles(101.0, {}, {}, shown=["s1"])
    assert [(a.kind, a.site) for a in actions] == [("clear", "s1")]
