"""The door to aiortc's internals (console/rtc/aiortc_internals.py), checked against the real thing.

The canary: a real RTCPeerConnection pair on 127.0.0.1 sends video and audio, and every hook
must see what it says it reaches (packets, reports, frames, buffers, statistics, routes,
addresses). When aiortc or aioice is upgraded, these tests say which hook to fix. The
self-check must refuse, with the versions and the hook's name, an aiortc that lost a target.
"""

from __future__ import annotations

import asyncio
import logging
import re
import tomllib
from pathlib import Path

import aioice.ice
import aiortc
import aiortc.rtcrtpreceiver
import pytest
from aiortc import RTCPeerConnection, RTCRtpReceiver, RTCSessionDescription
from aiortc.jitterbuffer import JitterBuffer
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack
from aiortc.rtcdtlstransport import RTCDtlsTransport
from aiortc.rtp import RtcpRrPacket, RtcpSrPacket, RtpPacket

from console.rtc import aiortc_internals as door
from console.rtc.latency import MarkerJitterBuffer, use_marker_jitter_buffer
from console.rtc.sdp import payload_kinds
from tests.aio import run_async

ROOT = Path(__file__).resolve().parents[2]
CEILING_S = 30.0  # generous: a loaded machine is slow, never wrong


async def _until(condition, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CEILING_S
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.02)


class _Pair:
    """A sender with a camera and a microphone (aiortc's test tracks), a receiver, on loopback."""

    def __init__(self, policy) -> None:
        self.policy = policy
        self.sender = RTCPeerConnection()
        self.receiver = RTCPeerConnection()
        self.tracks: dict[str, object] = {}
        self.receiver.on("track", lambda track: self.tracks.setdefault(track.kind, track))
        self.video_sender = self.sender.addTrack(VideoStreamTrack())
        self.sender.addTrack(AudioStreamTrack())
        self.connect_tasks: list[asyncio.Task] = []

    def receivers(self, kind: str) -> RTCRtpReceiver:
        return next(t.receiver for t in self.receiver.getTransceivers() if t.kind == kind)

    async def offer(self) -> None:
        await self.sender.setLocalDescription(await self.sender.createOffer())
        offer = self.policy.filter_sdp(self.sender.localDescription.sdp)
        await self.receiver.setRemoteDescription(RTCSessionDescription(offer, "offer"))

    async def answer(self) -> None:
        await self.receiver.setLocalDescription(await self.receiver.createAnswer())
        self.connect_tasks = [t for t in asyncio.all_tasks() if door.is_transport_start(t.get_coro())]
        answer = self.policy.filter_sdp(self.receiver.localDescription.sdp)
        await self.sender.setRemoteDescription(RTCSessionDescription(answer, "answer"))

    async def close(self) -> None:
        for track in self.tracks.values():
            track.stop()
        await self.sender.close()
        await self.receiver.close()


def test_every_hook_sees_what_it_reaches_on_a_real_loopback_pair(loopback_only):
    seen = {"rtp": 0, "datagrams": 0, "sent": 0, "sender_reports": 0, "receiver_reports": 0, "frames": 0}

    def counting(key, check=lambda *args: True):
        def wrap(original):
            async def handle(*args, **kwargs):
                if check(*args):
                    seen[key] += 1
                return await original(*args, **kwargs)

            return handle

        return wrap

    class CountingBuffer:
        def __init__(self, inner):
            self.inner = inner

        def add(self, packet):
            pli, frame = self.inner.add(packet)
            seen["frames"] += frame is not None
            return pli, frame

    async def scenario():
        pair = _Pair(loopback_only)
        try:
            await pair.offer()
            video, audio = pair.receivers("video"), pair.receivers("audio")

            # the jitter buffers aiortc made, read from the real receivers
            video_buffer, audio_buffer = door.receiver_jitter_buffer(video), door.receiver_jitter_buffer(audio)
            assert isinstance(video_buffer, JitterBuffer) and isinstance(audio_buffer, JitterBuffer)
            assert door.jitter_buffer_is_video(video_buffer) and not door.jitter_buffer_is_video(audio_buffer)
            assert door.video_buffer_capacity() == video_buffer.capacity
            use_marker_jitter_buffer(video)  # the ring subclass in place of aiortc's own
            marker = door.receiver_jitter_buffer(video)
            assert isinstance(marker, MarkerJitterBuffer) and marker.capacity == video_buffer.capacity
            door.replace_receiver_jitter_buffer(audio, CountingBuffer(audio_buffer))

            # packets and reports at every place a hook wraps
            door.wrap_receiver_rtp(video, counting("rtp"))
            door.wrap_rtcp(video, counting("sender_reports", lambda packet: isinstance(packet, RtcpSrPacket)))
            door.wrap_rtcp(
                pair.video_sender, counting("receiver_reports", lambda packet: isinstance(packet, RtcpRrPacket))
            )
            door.wrap_transport_rtp_data(video.transport, counting("datagrams"))
            door.wrap_transport_send(pair.video_sender.transport, counting("sent"))
            origin = door.receiver_timestamp_origin(video)
            assert origin() is None  # nothing received yet

            await pair.answer()
            assert pair.connect_tasks, "aiortc's transport start task was not recognised"

            # ICE gathered on the allowed network only
            assert aioice.ice.get_host_addresses(True, True) == ["127.0.0.1"]
            candidates = loopback_only.candidates_in(pair.receiver.localDescription.sdp)
            assert candidates and set(candidates) == {"127.0.0.1"}

            await _until(lambda: "video" in pair.tracks, "the video track arrived")
            track = pair.tracks["video"]
            frame = await asyncio.wait_for(track.recv(), CEILING_S)  # decoded through the marker buffer
            assert frame.width > 0
            await _until(
                lambda: all(seen[k] for k in ("rtp", "datagrams", "sent", "frames")),
                f"packets seen at every hook: {seen}",
            )
            assert isinstance(origin(), int)

            streams = door.receiver_streams(video)
            assert streams and any(stream.packets_received > 0 and not rtx for _, stream, rtx in streams)

            queue = door.decoded_frames(track)
            assert queue is not None and door.decoded_frames(VideoStreamTrack()) is None
            await _until(lambda: queue.qsize() >= 2, "decoded frames queue up behind an idle recv()")

            # a new SSRC routed to the video receiver: a packet of it reaches that receiver
            ssrc = 0x0BADCAFE
            video_pt = next(
                pt for pt, kind in payload_kinds(pair.receiver.localDescription.sdp).items() if kind == "video"
            )
            assert door.route_ssrc(video, ssrc)
            assert video.transport._rtp_router.route_rtp(RtpPacket(payload_type=video_pt, ssrc=ssrc)) is video

            await _until(
                lambda: seen["sender_reports"] and seen["receiver_reports"],
                f"RTCP sender and receiver reports seen: {seen}",
            )
        finally:
            await pair.close()

    run_async(scenario(), timeout=3 * CEILING_S)


def test_the_self_check_passes_on_the_installed_aiortc():
    assert door.problems() == []
    door.check_aiortc_internals()


def test_an_aiortc_without_a_hooks_target_is_refused_with_its_version_and_the_hooks_name(monkeypatch):
    monkeypatch.setattr(aiortc, "__version__", "1.17.0")
    monkeypatch.delattr(RTCDtlsTransport, "_send_rtp")
    with pytest.raises(door.AiortcInternalsChanged) as refused:
        door.check_aiortc_internals()
    message = str(refused.value)
    assert "aiortc 1.17.0, aioice " in message and "tested with aiortc>=1.16,<1.17" in message
    assert "hook wrap_transport_send cannot reach RTCDtlsTransport._send_rtp" in message


def test_a_changed_signature_is_refused(monkeypatch):
    async def handle_rtp_packet(self, packet):  # arrival_time_ms gone
        pass

    monkeypatch.setattr(RTCRtpReceiver, "_handle_rtp_packet", handle_rtp_packet)
    with pytest.raises(
        door.AiortcInternalsChanged,
        match=r"hook wrap_receiver_rtp cannot reach "
        r"RTCRtpReceiver._handle_rtp_packet: its parameters",
    ):
        door.check_aiortc_internals()


def test_a_receiver_that_keeps_its_jitter_buffer_elsewhere_is_refused(monkeypatch):
    init = RTCRtpReceiver.__init__

    def renamed(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self._RTCRtpReceiver__frames = self.__dict__.pop("_RTCRtpReceiver__jitter_buffer")

    monkeypatch.setattr(RTCRtpReceiver, "__init__", renamed)
    with pytest.raises(door.AiortcInternalsChanged) as refused:
        door.check_aiortc_internals()
    assert "hook receiver_jitter_buffer cannot reach RTCRtpReceiver.__jitter_buffer" in str(refused.value)
    assert "hook receiver_timestamp_origin" not in str(refused.value)  # only what is broken is named


def test_an_untested_version_whose_hooks_all_hold_is_only_warned_about(monkeypatch, caplog):
    monkeypatch.setattr(aiortc, "__version__", "1.17.2")
    with caplog.at_level(logging.WARNING, logger=door.__name__):
        door.check_aiortc_internals()
    assert "aiortc 1.17.2" in caplog.text and "outside the tested range" in caplog.text


def test_pyproject_pins_the_range_the_door_was_tested_with():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {m.group(1): m.group(2) for d in dependencies if (m := re.fullmatch(r"(aiortc|aioice)(.*)", d))}
    assert pins == door.TESTED


def test_the_video_jitter_buffer_is_as_large_as_aiortcs_own():
    """The marker buffer takes aiortc's capacity (512 in aiortc 1.16), not a number of its own."""
    assert MarkerJitterBuffer().capacity == door.video_buffer_capacity() == 512


@pytest.mark.parametrize(
    "command", [["probe", "26734"], ["record", "26734", "--seconds", "1"], ["sim", "--sites", "1"], ["demo"]]
)
def test_a_media_command_refuses_a_mismatched_aiortc_before_touching_the_network(
    command, monkeypatch, capsys, tmp_path
):
    from console.cli import main

    monkeypatch.setattr(aiortc, "__version__", "1.17.0")
    monkeypatch.delattr(RTCDtlsTransport, "_handle_rtp_data")
    hub = [] if command[0] == "demo" else ["--hub", "http://127.0.0.1:9", "--token", "t"]
    assert main(["--db", str(tmp_path / "none.db"), *command, *hub]) == 1
    error = capsys.readouterr().err
    assert error.startswith(
        f"opsconsole {command[0]}: error: this opsconsole does not work with the installed aiortc 1.17.0"
    )
    assert "hook wrap_transport_rtp_data cannot reach RTCDtlsTransport._handle_rtp_data" in error


def test_the_media_worker_names_what_it_refuses(monkeypatch):
    from console.media.worker import media_stack_refusal

    assert media_stack_refusal() is None
    monkeypatch.delattr(RTCPeerConnection, "_RTCPeerConnection__connect")
    assert "hook is_transport_start cannot reach RTCPeerConnection.__connect" in media_stack_refusal()


def test_gathered_decoder_hand_off_delivers_every_frame_in_order(loopback_only):
    """With the decoders' frames gathered per loop wake-up (``gather_decoded_frames``), a
    track still gets every decoded frame, in order, through its own queue."""
    door.gather_decoded_frames()

    async def scenario():
        pair = _Pair(loopback_only)
        try:
            await pair.offer()
            await pair.answer()
            await _until(lambda: "video" in pair.tracks, "the video track arrived")
            track = pair.tracks["video"]
            stamps = [(await asyncio.wait_for(track.recv(), CEILING_S)).pts for _ in range(12)]
            assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps), stamps
            assert asyncio.get_running_loop() in door._gathers  # they came through the gatherer
        finally:
            await pair.close()

    try:
        run_async(scenario(), timeout=3 * CEILING_S)
    finally:
        door.gather_decoded_frames(False)
    assert aiortc.rtcrtpreceiver.decoder_worker is door._original_decoder_worker
