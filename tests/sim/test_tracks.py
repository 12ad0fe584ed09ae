"""The passthrough tracks, alone and over a real aiortc loopback pair (ICE pinned to 127.0.0.1)."""

import asyncio
from types import SimpleNamespace

import numpy as np
import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCRtpSender
from aiortc.mediastreams import MediaStreamError

from console.sim import (
    EncodedAudioTrack,
    EncodedVideoTrack,
    site_tone_hz,
    tone_clip,
    video_clip,
    watch_keyframe_requests,
)


@pytest.fixture
def clip_for_rung(tmp_path):
    return lambda rung: video_clip(*rung, 3, tmp_path)


class VirtualClock:
    """The event loop's clock, made virtual: it moves only when the loop would sleep (straight to
    its next timer) or when the test says so (``advance``: the loop held up, as a busy process
    would hold it). The pacer runs on the loop's clock, so what it does is exact, however loaded
    the machine that runs the test."""

    def __init__(self):
        self.now = 0.0

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def run(self, coro):
        loop = asyncio.new_event_loop()
        wait_for_events = loop._selector.select  # test-only reach-in, as aiotools' VirtualClock

        def select(timeout=None):
            if timeout is not None and timeout > 0:  # a timer is due later: that time passes at once
                self.now += timeout
                timeout = 0
            return wait_for_events(timeout)  # None: a thread's result (a clip being made) is awaited

        loop.time = lambda: self.now
        loop._selector.select = select
        try:
            return loop.run_until_complete(coro)
        finally:
            loop.close()


def test_video_packets_are_paced_and_stamped_in_90khz(clip_for_rung):
    clock = VirtualClock()

    async def run():
        track = EncodedVideoTrack(clip_for_rung, (160, 90))
        packets = [await track.recv()]
        started = clock.now
        packets += [await track.recv() for _ in range(32)]
        return track, packets, clock.now - started

    track, packets, elapsed = clock.run(run())
    clip = clip_for_rung((160, 90))
    assert [p.pts for p in packets] == [6000 * i for i in range(33)]
    assert str(packets[0].time_base) == "1/90000"
    assert [bytes(p) for p in packets] == list(clip.packets) + list(clip.packets[:3])  # loops
    assert [p.is_keyframe for p in packets].count(True) == 2  # frames 0 and 30
    assert track.frames_sent == 33
    assert elapsed == pytest.approx(32 / 15)  # one frame time each, on the loop's clock


def test_switch_and_keyframe_requests_restart_at_a_keyframe(clip_for_rung):
    async def run():
        track = EncodedVideoTrack(clip_for_rung, (100, 60))
        assert track.rung == (160, 90)
        for _ in range(5):
            before = await track.recv()
        assert track.switch(300, 170) == (320, 180)
        switched = await track.recv()
        between = await track.recv()
        track.request_keyframe()
        again = await track.recv()
        return track, before, switched, between, again

    track, before, switched, between, again = asyncio.run(run())
    big = clip_for_rung((320, 180))
    assert bytes(switched) == big.packets[0] and switched.is_keyframe
    # The clock runs on across the switch (a loaded machine may skip slots, never go back).
    assert before.pts < switched.pts < between.pts < again.pts and switched.pts % 6000 == 0
    assert bytes(again) == big.packets[0]
    assert track.rung == (320, 180) and track.keyframe_requests == 1


def test_a_stalled_loop_skips_time_instead_of_bursting(clip_for_rung):
    clock = VirtualClock()

    async def run():
        track = EncodedVideoTrack(clip_for_rung, (160, 90))
        first = await track.recv()
        started = clock.now
        clock.advance(0.5)  # the loop held up for half a second, as an overloaded process would
        late = await track.recv()
        after, sent_at = [], []
        for _ in range(3):
            after.append(await track.recv())
            sent_at.append(clock.now - started)
        return first, late, after, sent_at

    clip = clip_for_rung((160, 90))
    first, late, after, sent_at = clock.run(run())
    assert late.pts - first.pts >= 6 * 6000  # about 0.5 s of slots skipped ...
    assert bytes(late) == clip.packets[1]  # ... but no packet dropped
    assert [p.pts - late.pts for p in after] == [6000, 12000, 18000]
    # Paced again, not a burst: each of the next packets waits for its own slot's time.
    assert sent_at == pytest.approx([p.pts / 90_000 for p in after])


def test_audio_packets_loop_every_20_ms_in_48khz():
    packets = tone_clip(site_tone_hz(7), seconds=0.2)
    assert len(packets) == 10

    async def run():
        track = EncodedAudioTrack(packets)
        return track, [await track.recv() for _ in range(23)]

    track, sent = VirtualClock().run(run())  # paced in real time: a busy machine would skip slots
    assert [p.pts for p in sent] == [960 * i for i in range(23)]
    assert str(sent[0].time_base) == "1/48000"
    assert [bytes(p) for p in sent] == list(packets) * 2 + list(packets[:3])
    assert track.frames_sent == 23


def sdp_candidate_addresses(sdp: str) -> list[str]:
    return [line.split()[4] for line in sdp.splitlines() if line.startswith("a=candidate:")]


def prefer_vp8(transceiver) -> None:
    # The clips are VP8: negotiating H.264 would packetise VP8 bytes as H.264.
    codecs = RTCRtpSender.getCapabilities("video").codecs
    transceiver.setCodecPreferences([c for c in codecs if c.mimeType in ("video/VP8", "video/rtx")])


def mono(frames) -> np.ndarray:
    """Decoded audio frames as one channel (aiortc's Opus decoder gives interleaved stereo)."""
    chunks = [f.to_ndarray().reshape(-1, len(f.layout.channels))[:, 0] for f in frames]
    return np.concatenate(chunks)


async def receive(track, frames, enough):
    """Append frames from ``track`` until ``enough(frames)``; the first one waits for ICE and
    DTLS, which took over 5 s on a loaded machine: a generous ceiling, not a measure."""
    while not enough(frames):
        frames.append(await asyncio.wait_for(track.recv(), 30))


async def connect(sender_pc, receiver_pc) -> list[str]:
    """Offer and answer directly (no hub); returns every candidate address in both SDPs."""
    await sender_pc.setLocalDescription(await sender_pc.createOffer())
    await receiver_pc.setRemoteDescription(sender_pc.localDescription)
    await receiver_pc.setLocalDescription(await receiver_pc.createAnswer())
    await sender_pc.setRemoteDescription(receiver_pc.localDescription)
    sdps = (sender_pc.localDescription.sdp, receiver_pc.localDescription.sdp)
    return [address for sdp in sdps for address in sdp_candidate_addresses(sdp)]


async def loopback_session(clip_for_rung) -> SimpleNamespace:
    config = RTCConfiguration(iceServers=[])
    sender_pc, receiver_pc = RTCPeerConnection(config), RTCPeerConnection(config)
    remote, seen = {}, SimpleNamespace(small=[], big=[], sounds=[])
    receiver_pc.on("track", lambda track: remote.setdefault(track.kind, track))
    try:
        video = EncodedVideoTrack(clip_for_rung, (160, 90))
        video_sender = sender_pc.addTrack(video)
        sender_pc.addTrack(EncodedAudioTrack(tone_clip(612.0)))
        prefer_vp8(sender_pc.getTransceivers()[0])
        watch_keyframe_requests(video_sender, video)
        seen.candidates = await connect(sender_pc, receiver_pc)

        await asyncio.gather(
            receive(remote["video"], seen.small, lambda f: len(f) >= 30),
            receive(remote["audio"], seen.sounds, lambda f: sum(x.samples for x in f) >= 96_000),
        )
        video.switch(320, 180)
        await receive(remote["video"], seen.big, lambda f: len(f) >= 3 and f[-3].width == 320)

        requests = video.keyframe_requests
        receiver = receiver_pc.getTransceivers()[0].receiver
        await receiver._send_rtcp_pli(video_sender._ssrc)  # as after a lost frame
        for _ in range(100):
            if video.keyframe_requests > requests:
                break
            await asyncio.sleep(0.02)
        seen.new_requests = video.keyframe_requests - requests
        return seen
    finally:
        await sender_pc.close()
        await receiver_pc.close()


def test_a_loopback_peer_receives_the_clip_and_the_tone(loopback_only, clip_for_rung):
    seen = asyncio.run(loopback_session(clip_for_rung))

    assert seen.candidates and set(seen.candidates) == {"127.0.0.1"}
    assert {(f.width, f.height) for f in seen.small} == {(160, 90)}
    assert {(f.width, f.height) for f in seen.big[-3:]} == {(320, 180)}
    assert np.median(np.diff([f.pts for f in seen.small])) == 6000  # 15 fps on the 90 kHz clock

    samples = mono(seen.sounds).astype(float)
    spectrum = np.abs(np.fft.rfft(samples))
    assert np.argmax(spectrum) * 48_000 / len(samples) == pytest.approx(612, abs=2)

    assert seen.new_requests >= 1  # the receiver's PLI reached the track


def test_a_stopped_track_ends_the_stream(clip_for_rung):
    async def run():
        video = EncodedVideoTrack(clip_for_rung, (160, 90))
        audio = EncodedAudioTrack(tone_clip(440.0))
        await video.recv()
        video.stop()
        audio.stop()
        for track in (video, audio):
            with pytest.raises(MediaStreamError):
                await track.recv()

    asyncio.run(run())


def test_below_the_clips_rate_key_frames_alone_and_the_clock_never_goes_back(clip_for_rung):
    """A console shedding load asks for 5 or 1 fps: the track sends key frames alone (each
    decodable by itself) at that rate; back at 15 it sends the clip again. Its timestamps go
    on across every change, and asking the same rate again changes nothing (a hub repeats
    what consoles need after a takeover: a receiver's clock going back cut a recording short)."""
    clock = VirtualClock()

    async def run():
        track = EncodedVideoTrack(clip_for_rung, (160, 90))
        full = [await track.recv() for _ in range(4)]
        track.set_fps(5)
        started = clock.now
        slow = [await track.recv() for _ in range(6)]
        slow_s = clock.now - started
        track.set_fps(15)
        back = [await track.recv() for _ in range(3)]
        track.set_fps(15)  # the same rate asked again
        again = [await track.recv() for _ in range(3)]
        return full, slow, slow_s, back, again

    full, slow, slow_s, back, again = clock.run(run())
    clip = clip_for_rung((160, 90))
    assert all(p.is_keyframe and bytes(p) in {clip.packets[i] for i in clip.keyframes} for p in slow)
    assert slow_s == pytest.approx(5 / 5, abs=0.21)  # five frame times at 5 fps (the first at once)
    stamps = [p.pts for p in full + slow + back + again]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps), stamps
    assert [b.pts - a.pts for a, b in zip(again, again[1:])] == [6000, 6000]
