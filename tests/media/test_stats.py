"""A site's link figures as the tiles and the link adaptation read them."""

import asyncio
from types import SimpleNamespace

from console.media import LatestFrameSink, stats as stats_module
from console.media.levels import LevelMeter
from console.media.stats import StatsTracker

MEDIA, RTX = 1111, 2222


class Link:
    """One received video stream and its retransmissions, counted per SSRC as aiortc's
    receiver keeps them; its getStats() collapses them as aiortc's does (the last one wins)."""

    def __init__(self):
        self.media = SimpleNamespace(packets_received=0, packets_lost=0, jitter=900)
        self.rtx = SimpleNamespace(packets_received=0, packets_lost=0, jitter=90_000)
        self.bytes = 0
        receiver = SimpleNamespace(
            _RTCRtpReceiver__remote_streams={MEDIA: self.media, RTX: self.rtx}, _RTCRtpReceiver__rtx_ssrc={RTX: MEDIA}
        )
        self.transceivers = [SimpleNamespace(kind="video", receiver=receiver)]

    def getTransceivers(self):  # noqa: N802 (aiortc's name)
        return self.transceivers

    async def getStats(self):  # noqa: N802 (aiortc's name)
        collapsed = self.rtx if self.rtx.packets_received else self.media
        return {
            "t": SimpleNamespace(type="transport", bytesReceived=self.bytes),
            "v": SimpleNamespace(
                type="inbound-rtp",
                kind="video",
                packetsReceived=collapsed.packets_received,
                packetsLost=collapsed.packets_lost,
                jitter=collapsed.jitter,
            ),
        }


def polls(monkeypatch, link, steps):
    """Poll once a second; ``steps``: (packets that arrived, packets the link lost, lost ones
    that came again in a retransmission) each second."""
    clock = [100.0]
    monkeypatch.setattr(stats_module.time, "monotonic", lambda: clock[0])
    tracker = StatsTracker(LatestFrameSink(), LevelMeter())
    samples = []
    for arrived, lost, resent in steps:
        link.media.packets_received += arrived
        link.media.packets_lost += lost
        link.rtx.packets_received += resent
        link.bytes += (arrived + resent) * 1000
        samples.append(asyncio.run(tracker.poll(link, (640, 360))))
        clock[0] += 1.0
    return samples


def test_loss_is_the_links_and_unrepaired_loss_what_retransmissions_did_not_replace(monkeypatch):
    # 10 of 100 lost in one second; 8 of them sent again and received in the next.
    samples = polls(
        monkeypatch, Link(), [(100, 0, 0), (90, 10, 0), (100, 0, 8), (100, 0, 0), (100, 0, 0), (100, 0, 0), (100, 0, 0)]
    )
    assert [s.loss_pct for s in samples[:3]] == [0.0, 10.0, 5.0]  # 10 of 100, then of 200 (3 s window)
    assert [s.unrepaired_loss_pct for s in samples[:3]] == [0.0, 10.0, 1.0]  # 2 never replaced
    assert samples[-1].loss_pct == samples[-1].unrepaired_loss_pct == 0.0  # out of the window again
    assert samples[2].bitrate_kbps == 108 * 8


def test_the_media_streams_figures_not_the_retransmissions_collapsed_over_them(monkeypatch):
    link = Link()
    samples = polls(monkeypatch, link, [(100, 0, 0), (90, 10, 0), (100, 0, 10), (100, 0, 0)])
    # getStats() now reports the RTX stream's 1000 ms "jitter"; the media's is 10 ms.
    assert all(s.jitter_ms == 10.0 for s in samples)
    del link.transceivers[0].receiver._RTCRtpReceiver__rtx_ssrc  # an aiortc that keeps them elsewhere
    assert polls(monkeypatch, link, [(100, 0, 0)])[0].jitter_ms == 1000.0  # the report as it is


def test_the_site_frame_rate_comes_from_what_the_site_says_it_sent(monkeypatch):
    clock = [50.0]
    monkeypatch.setattr(stats_module.time, "monotonic", lambda: clock[0])
    tracker = StatsTracker(LatestFrameSink(), LevelMeter())
    assert tracker._site_fps(clock[0]) is None
    for sent in (100, 120, 140):
        tracker.on_site_stats({"frames_sent": sent})
        clock[0] += 2.0
    assert tracker._site_fps(clock[0]) == 10.0
    for wrong in ("lots", True, 1e9, None, [1]):  # not a count: ignored, nothing else lost
        tracker.on_site_stats({"frames_sent": wrong})
    assert tracker._site_fps(clock[0]) == 10.0
    tracker.on_site_stats({"frames_sent": 5})  # a new session counts from 0 again
    assert tracker._site_fps(clock[0]) is None
    assert tracker._site_fps(clock[0] + 60) is None  # the site stopped saying
