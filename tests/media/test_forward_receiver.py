"""The native receiver of a forwarded stream (console/media/forward_receiver.py), against
ffmpeg sending SRTP on loopback from 127.0.0.2 (the "shard") to the receiver on 127.0.0.1: it
decodes what the shard's address sends under its key, and nothing else: not another
address's packets, not packets under another key."""

import asyncio
import base64
import subprocess
import time

import pytest

from console.media.forward_receiver import ForwardReceiver, FrameInbox, forward_sdp
from tests.aio import run_async

SUITE = "AES_CM_128_HMAC_SHA1_80"
KEY = base64.b64encode(bytes(range(30))).decode()
OTHER_KEY = base64.b64encode(bytes(range(1, 31))).decode()

pytestmark = pytest.mark.skipif(subprocess.run(["which", "ffmpeg"], capture_output=True).returncode, reason="no ffmpeg")


SHARD = "127.0.0.2"


def _send(kind: str, port: int, key: str, seconds: float = 2.5) -> subprocess.Popen:
    """ffmpeg sending a test picture (VP8) or tone (Opus) as SRTP from SHARD to 127.0.0.1."""
    if kind == "video":
        source = ["-f", "lavfi", "-i", "testsrc=size=320x180:rate=15", "-c:v", "libvpx", "-deadline", "realtime",
                  "-b:v", "300k", "-g", "15", "-payload_type", "96"]  # fmt: skip
    else:
        source = ["-f", "lavfi", "-i", "sine=f=440:sample_rate=48000", "-ac", "2", "-c:a", "libopus",
                  "-payload_type", "111"]  # fmt: skip
    return subprocess.Popen(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", *source[:4], "-t", str(seconds), *source[4:],
         "-f", "rtp", "-srtp_out_suite", SUITE, "-srtp_out_params", key, f"srtp://127.0.0.1:{port}?localaddr={SHARD}"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def _receive(kind: str, source: str, sent_key: str, held_key: str = KEY):
    async def scenario():
        got = []
        inbox = FrameInbox(asyncio.get_running_loop(), lambda site, k, frame: got.append(frame))
        receiver = ForwardReceiver("commune", kind, "127.0.0.1", (source,), SUITE, held_key, inbox)
        port = await receiver.start()
        sender = _send(kind, port, sent_key)
        try:
            deadline = time.monotonic() + 20
            while sender.poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.3)  # what was in flight
        finally:
            sender.kill()
            sender.wait()
            receiver.stop()
            await asyncio.get_running_loop().run_in_executor(None, receiver.join)
        return receiver, got

    return run_async(scenario(), timeout=40)


@pytest.mark.parametrize("kind", ["video", "audio"])
def test_a_forwarded_stream_from_the_shard_is_decoded(kind):
    receiver, frames = _receive(kind, SHARD, KEY)
    assert receiver.error == ""
    assert len(frames) > (20 if kind == "video" else 80), (receiver.packets, receiver.undecodable)
    if kind == "video":
        assert (frames[-1].width, frames[-1].height) == (320, 180)
        assert receiver.undecodable == 0  # it started on a keyframe: nothing shown half-made
    else:
        assert frames[-1].sample_rate == 48000


def test_packets_from_another_address_are_not_taken():
    """The receiver expects its shard at 127.0.0.4; the sender, with the right key, is SHARD."""
    receiver, frames = _receive("audio", "127.0.0.4", KEY)
    assert receiver.packets == 0 and frames == []


def test_packets_under_another_key_are_not_taken():
    """A key used for another forward (or stale) does not decrypt this one's packets."""
    receiver, frames = _receive("video", SHARD, OTHER_KEY)
    assert receiver.packets == 0 and frames == []


def test_the_sdp_names_the_shard_alone_and_asks_for_feedback():
    sdp = forward_sdp("video", "10.0.0.1", 40000, ("10.0.0.4", "10.0.0.5"), SUITE, KEY)
    assert "m=video 40000 RTP/SAVPF 96" in sdp and "c=IN IP4 10.0.0.1" in sdp
    assert "a=source-filter: incl IN IP4 * 10.0.0.4 10.0.0.5" in sdp
    assert f"a=crypto:1 {SUITE} inline:{KEY}" in sdp


def test_a_receiver_with_nothing_to_read_stops_when_asked():
    """No timeout polls the reads (they would take the interpreter's lock per check): the
    receiver is ended by a BYE under its own key, and its thread is gone."""

    async def scenario():
        inbox = FrameInbox(asyncio.get_running_loop(), lambda site, k, frame: None)
        receiver = ForwardReceiver("commune", "video", "127.0.0.1", ("127.0.0.2",), SUITE, KEY, inbox)
        await receiver.start()
        await asyncio.sleep(1.5)  # past the opening: blocked in a read
        await asyncio.get_running_loop().run_in_executor(None, receiver.join)
        return receiver

    receiver = run_async(scenario(), timeout=30)
    assert receiver._thread is not None and not receiver._thread.is_alive()


def test_a_stream_silent_for_longer_than_libavformats_timeout_is_still_received():
    """A muted site's sound sends nothing for minutes; opened again, it must be heard at once.
    (libavformat ends a read after 10 s without a packet.)"""

    async def scenario():
        got = []
        inbox = FrameInbox(asyncio.get_running_loop(), lambda site, k, frame: got.append(frame))
        receiver = ForwardReceiver("commune", "audio", "127.0.0.1", (SHARD,), SUITE, KEY, inbox)
        port = await receiver.start()
        await asyncio.sleep(12.0)  # silent past the demuxer's 10 s
        assert receiver.error == "" and receiver._thread is not None and receiver._thread.is_alive()
        sender = _send("audio", port, KEY, seconds=1.5)
        try:
            while sender.poll() is None:
                await asyncio.sleep(0.1)
            await asyncio.sleep(0.3)
        finally:
            sender.kill()
            sender.wait()
            await asyncio.get_running_loop().run_in_executor(None, receiver.join)
        return got

    assert len(run_async(scenario(), timeout=40)) > 40
