"""Tile state machine: the stale rule, late frames, reconnects."""

import pytest

from console.model.tiles import STALE_AFTER_S, TRANSITIONS, TileState, TileStatus


def test_stale_rule_with_and_without_check():
    tile = TileStatus()
    assert tile.connecting(0.0)
    assert tile.frame(0.0) and tile.state is TileState.LIVE
    assert tile.is_live(1.9)
    assert not tile.check(1.9)
    assert not tile.is_live(2.01)  # check() not called yet: still never reported as live
    assert tile.state_at(2.01) is TileState.STALE
    assert tile.check(2.01) and tile.state is TileState.STALE
    assert not tile.check(3.0)  # already stale: no change
    assert tile.frame(3.5) and tile.state is TileState.LIVE and tile.is_live(3.6)
    assert STALE_AFTER_S == 2.0


def test_frames_while_live_refresh_without_a_state_change():
    tile = TileStatus()
    tile.frame(0.0)
    assert not tile.frame(1.5)
    assert tile.is_live(3.0) and not tile.check(3.0)
    assert tile.last_frame_at == 1.5


def test_late_frame_while_offline_is_ignored():
    tile = TileStatus()
    tile.frame(0.0)
    assert tile.offline(1.0)
    assert not tile.frame(1.1)
    assert tile.state is TileState.OFFLINE and tile.last_frame_at == 0.0
    assert not tile.is_live(1.1)


@pytest.mark.parametrize("event", ["connecting", "reconnecting"])
def test_offline_site_can_come_back(event):
    tile = TileStatus()
    tile.offline(0.0)
    assert getattr(tile, event)(5.0)
    assert tile.changed_at == 5.0
    assert tile.frame(6.0) and tile.state is TileState.LIVE


def test_repeated_events_report_no_change():
    tile = TileStatus()
    assert tile.reconnecting(0.0)
    assert not tile.reconnecting(1.0)
    assert tile.changed_at == 0.0
    assert not TileStatus().check(100.0)  # an empty tile never goes stale


def test_every_state_has_a_way_out_and_offline_ignores_frames():
    sources = {state for state, _ in TRANSITIONS}
    assert sources == set(TileState)
    assert (TileState.OFFLINE, "frame") not in TRANSITIONS


def test_no_media_path_is_kept_through_the_consoles_retries_until_a_frame_comes():
    status = TileStatus()
    status.connecting(0.0)
    assert status.no_media_path(6.0) and status.state is TileState.NO_MEDIA_PATH
    assert not status.connecting(7.0)  # a retry does not make it "connecting" again
    assert not status.reconnecting(8.0)
    assert status.state is TileState.NO_MEDIA_PATH
    assert status.frame(20.0) and status.state is TileState.LIVE


def test_a_site_without_a_media_path_that_leaves_is_offline():
    status = TileStatus()
    status.no_media_path(1.0)
    assert status.offline(2.0) and status.state is TileState.OFFLINE


def test_a_link_that_carries_the_sound_alone_says_so_and_late_frames_do_not_revive_the_picture():
    status = TileStatus()
    status.frame(0.0)
    assert status.audio_only(1.0) and status.state is TileState.AUDIO_ONLY
    assert not status.frame(1.2)  # a frame still on its way over the thin link
    assert status.state_at(30.0) is TileState.AUDIO_ONLY  # never "stale": it said why
    status.picture_asked()  # the link is probed with the smallest picture
    assert status.state is TileState.AUDIO_ONLY  # until that picture arrives
    assert status.frame(40.0) and status.state is TileState.LIVE
    assert status.audio_only(50.0) and status.offline(51.0) and status.state is TileState.OFFLINE
