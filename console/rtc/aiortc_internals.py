"""The one door to aiortc's and aioice's internals.

The console needs a few things aiortc (and aioice under it) keep private: what a receiver
holds in its jitter buffer, its per-SSRC statistics, the origin it takes off RTP timestamps,
the packets and RTCP reports that pass its transports, the frames its decoder has queued,
and the host addresses ICE gathers. Every reach into them is here, one function (a *hook*)
per thing reached, each saying what it reaches and why no public call does the job, so that
an aiortc upgrade has one file to read.

``check_aiortc_internals()`` runs at the start of every process that uses these hooks (the
media worker, the console, the simulated sites, probe and record): it builds a real receiver
on a real, never started transport and refuses, naming the hook and the installed versions,
when a hook's target is gone or has changed its signature. (The hub uses only aiortc's public
SDP parser: it has nothing to check.) ``tests/rtc/test_aiortc_internals.py`` drives every hook against a
real loopback pair. ``TESTED_RANGE`` is the range pyproject pins; the README says how to
move it.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import aioice
import aioice.ice
import aiortc
import aiortc.rtcrtpreceiver
import av
from aiortc import RTCPeerConnection, RTCRtpReceiver, RTCRtpSender
from aiortc.jitterbuffer import JitterBuffer, JitterFrame
from aiortc.rtcdtlstransport import RTCDtlsTransport
from aiortc.rtcicetransport import RTCIceGatherer
from aiortc.rtcrtpreceiver import RemoteStreamTrack

log = logging.getLogger(__name__)

# The versions the hooks were tested against, [lowest, first untested): pyproject pins the
# same range (a test checks they agree).
TESTED_RANGE = {"aiortc": ((1, 16), (1, 17)), "aioice": ((0, 13), (0, 14))}
TESTED = {
    name: f">={'.'.join(map(str, low))},<{'.'.join(map(str, high))}" for name, (low, high) in TESTED_RANGE.items()
}

_JITTER_BUFFER = "_RTCRtpReceiver__jitter_buffer"
_REMOTE_STREAMS = "_RTCRtpReceiver__remote_streams"
_RTX_SSRC = "_RTCRtpReceiver__rtx_ssrc"
_TIMESTAMP_MAPPER = "_RTCRtpReceiver__timestamp_mapper"
_CONNECT = "RTCPeerConnection.__connect"


class AiortcInternalsChanged(RuntimeError):
    """The installed aiortc or aioice no longer has what a hook reaches."""


# --- a receiver's jitter buffer ---------------------------------------------------------


def receiver_jitter_buffer(receiver: RTCRtpReceiver) -> JitterBuffer | None:
    """The jitter buffer ``receiver`` reassembles frames in (aiortc's private
    ``RTCRtpReceiver.__jitter_buffer``). No public way: aiortc picks its capacity and prefetch
    itself, and offers no event for a completed encoded frame. The latency settings replace
    it; a recording wraps it. None if ``receiver`` is not an aiortc receiver."""
    return getattr(receiver, _JITTER_BUFFER, None)


def replace_receiver_jitter_buffer(receiver: RTCRtpReceiver, buffer: Any) -> None:
    """Put ``buffer`` (a JitterBuffer, or anything with its ``add``) where ``receiver`` keeps its
    own. Call before packets arrive, or on the media loop."""
    setattr(receiver, _JITTER_BUFFER, buffer)


def jitter_buffer_is_video(buffer: Any) -> bool:
    """Whether aiortc made ``buffer`` for video (its private ``_is_video``: it asks for a
    keyframe on overflow). No public way: a receiver's kind is private, and its track (public,
    with a kind) exists only once a remote description is applied, after the buffers must be
    chosen. Where the transceiver is at hand, its public ``kind`` says it instead."""
    return bool(getattr(buffer, "_is_video", False))


class RingJitterBuffer(JitterBuffer):
    """aiortc's JitterBuffer with its ring of packets readable by a subclass, and its rule for
    when a frame is complete replaceable.

    ``ring`` is aiortc's private ``_packets`` (a list it changes in place, slot =
    sequence number mod capacity), ``origin`` its private ``_origin`` (the sequence number at
    the head); ``next_frame`` is called where aiortc's ``add`` calls its private
    ``_remove_frame``. No public way: JitterBuffer offers only ``add``/``remove``. The
    console's marker-driven video buffer (``console/rtc/latency.py``) walks the ring to release
    a frame at its last packet."""

    def __init__(self, capacity: int, prefetch: int = 0, is_video: bool = False) -> None:
        super().__init__(capacity, prefetch=prefetch, is_video=is_video)
        self.ring: list[Any] = self._packets

    @property
    def origin(self) -> int | None:
        return self._origin

    def next_frame(self, sequence_number: int) -> JitterFrame | None:
        """The frame complete after the packet ``sequence_number`` was added (aiortc's rule)."""
        return JitterBuffer._remove_frame(self, sequence_number)

    def _remove_frame(self, sequence_number: int) -> JitterFrame | None:
        return self.next_frame(sequence_number)

    @staticmethod
    def frame_of(packets: list[Any], timestamp: int) -> JitterFrame:
        """One encoded frame from its packets, as aiortc joins them: each packet's payload after
        depayloading (``RtpPacket._data``, set by the receiver; no public name)."""
        return JitterFrame(b"".join(p._data for p in packets), timestamp)


@functools.cache
def video_buffer_capacity() -> int:
    """How many packets aiortc's own video jitter buffer holds (read from a real receiver:
    aiortc chooses it, 128 in older versions and 512 in 1.16)."""
    buffer = receiver_jitter_buffer(_receiver("video"))
    return buffer.capacity if buffer is not None else 512


def _receiver(kind: str) -> RTCRtpReceiver:
    """A real receiver on a real (never started) transport: no network, no task, no loop."""
    from aiortc import RTCCertificate, RTCIceGatherer, RTCIceTransport

    transport = RTCDtlsTransport(RTCIceTransport(RTCIceGatherer()), [RTCCertificate.generateCertificate()])
    return RTCRtpReceiver(kind, transport)


# --- a receiver's statistics and clock ----------------------------------------------------


def receiver_streams(receiver: RTCRtpReceiver) -> list[tuple[int, Any, bool]] | None:
    """``(ssrc, statistics, is_retransmission)`` for every SSRC ``receiver`` has seen
    (aiortc's private ``__remote_streams`` and ``__rtx_ssrc``; each statistics object has
    ``packets_received``, ``packets_lost``, ``jitter``). No public way: ``getStats()`` files
    every SSRC under one id, so retransmissions (RTX) overwrite the media's figures. None if
    ``receiver`` is not an aiortc receiver."""
    streams = getattr(receiver, _REMOTE_STREAMS, None)
    retransmissions = getattr(receiver, _RTX_SSRC, None)
    if not isinstance(streams, dict) or not isinstance(retransmissions, dict):
        return None
    return [(ssrc, stream, ssrc in retransmissions) for ssrc, stream in list(streams.items())]


def receiver_timestamp_origin(receiver: RTCRtpReceiver) -> Callable[[], int | None]:
    """A function giving the RTP timestamp ``receiver`` takes off every frame's (aiortc's
    private ``__timestamp_mapper._origin``; frames' ``pts`` start at 0), None before the first
    frame. No public way: a frame carries only the mapped timestamp, and a sender report's
    time can only be matched to it with this origin."""
    mapper = getattr(receiver, _TIMESTAMP_MAPPER, None)
    return lambda: getattr(mapper, "_origin", None)


# --- packets passing a receiver, a sender, a transport -------------------------------------

Wrap = Callable[[Callable[..., Any]], Callable[..., Any]]


def wrap_receiver_rtp(receiver: RTCRtpReceiver, wrap: Wrap) -> None:
    """Every RTP packet routed to ``receiver`` goes to ``wrap(original)(packet, arrival_time_ms)``
    instead (aiortc's private ``RTCRtpReceiver._handle_rtp_packet``, which the DTLS transport
    looks up on the instance per packet). No public way: aiortc has no packet event; counting
    bytes per feed, or counting instead of decoding, needs each packet."""
    receiver._handle_rtp_packet = wrap(receiver._handle_rtp_packet)  # type: ignore[method-assign]


def wrap_rtcp(endpoint: RTCRtpReceiver | RTCRtpSender, wrap: Wrap) -> None:
    """Every RTCP packet routed to ``endpoint`` (a receiver or a sender) goes to
    ``wrap(original)(packet)`` instead (aiortc's private ``_handle_rtcp_packet``, looked up on
    the instance per packet). No public way: aiortc has no RTCP event; the console needs sender
    reports (capture times) and PLI/FIR (keyframes for pre-encoded or shared encoders)."""
    endpoint._handle_rtcp_packet = wrap(endpoint._handle_rtcp_packet)  # type: ignore[method-assign]


def wrap_transport_rtp_data(transport: RTCDtlsTransport, wrap: Wrap) -> None:
    """Every decrypted RTP datagram ``transport`` receives goes to
    ``wrap(original)(data, arrival_time_ms)`` before aiortc parses it (aiortc's private
    ``RTCDtlsTransport._handle_rtp_data``). No public way: a simulated site counting thousands
    of program packets cannot afford aiortc's parse and routing of each."""
    transport._handle_rtp_data = wrap(transport._handle_rtp_data)  # type: ignore[method-assign]


def wrap_transport_send(transport: RTCDtlsTransport, wrap: Wrap) -> None:
    """Every RTP and RTCP packet ``transport`` sends goes to ``wrap(original)(data)`` (aiortc's
    private ``RTCDtlsTransport._send_rtp``, its one exit below SRTP). No public way: a
    simulated poor link (loss, delay, a bottleneck) must meet every packet as a network would."""
    transport._send_rtp = wrap(transport._send_rtp)  # type: ignore[method-assign]


def route_ssrc(receiver: RTCRtpReceiver, ssrc: int) -> bool:
    """Make ``receiver``'s transport route RTP of ``ssrc`` to ``receiver`` (aiortc's private
    ``RTCDtlsTransport._rtp_router.ssrc_table``). No public way: aiortc routes by the SDP's
    SSRCs only when a section has one, and an SFU's renegotiated offer moves SSRCs between
    sections. False if the transport has no router we know."""
    router = getattr(receiver.transport, "_rtp_router", None)
    table = getattr(router, "ssrc_table", None)
    if not isinstance(table, dict):
        return False
    table[ssrc] = receiver
    return True


# --- a received track's decoded frames -----------------------------------------------------


def decoded_frames(track: Any) -> Any:
    """The queue of decoded frames behind a received track's ``recv()`` (aiortc's
    ``RemoteStreamTrack._queue``, an unbounded asyncio.Queue; None ends the track), or None
    for another kind of track. No public way: ``recv()`` hands out one frame at a time, and a
    wall that fell behind wants the newest (latest frame wins), not a growing delay."""
    queue = getattr(track, "_queue", None)
    return queue if isinstance(track, RemoteStreamTrack) else None


# --- decoded frames to the loop, gathered ----------------------------------------------------

_original_decoder_worker = aiortc.rtcrtpreceiver.decoder_worker
_gathers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()
_gathers_lock = threading.Lock()


def gather_decoded_frames(on: bool = True) -> None:
    """Hand the frames aiortc's decoder threads decode to the loop in batches (console/rtc/
    loop_gather.py) instead of one ``run_coroutine_threadsafe(output_q.put(frame))`` each: a
    coroutine, a future, a task and a loop wake-up per frame (the hand-off was 23 % of the
    loop's time at 64 tiles, docs/performance.md). For receivers started after the call. No
    public way: aiortc's ``RTCRtpReceiver.receive`` starts the module's ``decoder_worker``
    itself, and this replaces it (same decoding, same order, the same queue in the end)."""
    aiortc.rtcrtpreceiver.decoder_worker = _gathering_decoder_worker if on else _original_decoder_worker


def _gathered(loop: asyncio.AbstractEventLoop) -> Any:
    from console.rtc.loop_gather import LoopGather

    with _gathers_lock:  # one per loop: its receivers' frames share the loop's wake-ups
        gather = _gathers.get(loop)
        if gather is None:
            gather = _gathers[loop] = LoopGather(loop, lambda item: item[0].put_nowait(item[1]))
        return gather


def _gathering_decoder_worker(
    loop: asyncio.AbstractEventLoop, input_q: Any, output_q: asyncio.Queue, decode_error: threading.Event
) -> None:
    """aiortc's ``decoder_worker``, its frames (and the None that ends the track) gathered."""
    get_decoder = aiortc.rtcrtpreceiver.get_decoder
    gather = _gathered(loop)
    codec_name, decoder = None, cast(Any, None)  # made for the first frame's codec
    while True:
        task = input_q.get()
        if task is None:
            gather.put((output_q, None))  # the track ends, after its last frames
            break
        codec, encoded_frame = task
        if codec.name != codec_name:
            decoder, codec_name = get_decoder(codec), codec.name
        try:
            frames = decoder.decode(encoded_frame)
        except av.FFmpegError as exc:
            # As aiortc: the decoder's state is kept (a reset fails every frame until a keyframe).
            log.warning("%s: a %s frame could not be decoded: %s", codec.mimeType.split("/")[0], codec.name, exc)
            decode_error.set()
            continue
        for frame in frames:
            gather.put((output_q, frame))


# --- ICE: the host addresses aioice gathers --------------------------------------------------

_original_host_addresses = aioice.ice.get_host_addresses


def original_host_addresses(use_ipv4: bool, use_ipv6: bool) -> list[str]:
    """This machine's addresses as aioice lists them itself."""
    return _original_host_addresses(use_ipv4, use_ipv6)


def set_host_addresses(addresses: Callable[[bool, bool], list[str]] | None) -> None:
    """Make aioice gather ICE host candidates on ``addresses(use_ipv4, use_ipv6)`` only, for
    the whole process (aioice's module function ``aioice.ice.get_host_addresses``; None puts
    aioice's own back). No public way: neither aiortc's RTCConfiguration nor aioice's
    Connection takes a list of interfaces, and media must stay on the allowed networks."""
    # The hook itself: aioice's module function replaced (its stub names the parameters; any callable fits).
    aioice.ice.get_host_addresses = addresses or _original_host_addresses  # type: ignore[assignment]


_original_component_candidates = aioice.ice.Connection.get_component_candidates


def set_gather_timeout(seconds: float | None) -> None:
    """How long ICE gathering waits for the STUN and TURN servers, for the whole process
    (None: aioice's own 5 s). No public way: aiortc calls ``gather_candidates()`` with no
    timeout and aioice waits its default in ``Connection.get_component_candidates``. A site
    answers only once gathering is over, so a relay that is down (or UDP that is dropped)
    held every answer 5 to 10 s: a site that needs no relay was then too late for its tile."""
    if seconds is None:
        # The hook itself: aioice's method put back (mypy refuses assigning to a method).
        aioice.ice.Connection.get_component_candidates = _original_component_candidates  # type: ignore[method-assign]
        return
    limit = seconds

    async def limited(self: aioice.Connection, component: int, addresses: list[str], timeout: float = limit) -> Any:
        # aioice annotates its timeout as int; asyncio.wait, which gets it, takes any number.
        return await _original_component_candidates(self, component, addresses, timeout)  # type: ignore[arg-type]

    # The hook itself: aioice's method replaced (mypy refuses assigning to a method).
    aioice.ice.Connection.get_component_candidates = limited  # type: ignore[method-assign]


# --- the task aiortc starts its transports in ----------------------------------------------


_original_check_start = aioice.ice.Connection.check_start
_State = aioice.ice.CandidatePair.State


def _relayed(connection: aioice.Connection, pair: aioice.ice.CandidatePair) -> bool:
    """Whether ``pair`` goes through a relay on either side. A remote relayed candidate may
    have been learnt as peer-reflexive (its check came before the answer): its address says."""
    if pair.local_candidate.type == "relay" or pair.remote_candidate.type == "relay":
        return True
    remote = (pair.remote_candidate.host, pair.remote_candidate.port)
    return any(c.type == "relay" and (c.host, c.port) == remote for c in connection._remote_candidates)


def set_relay_grace(seconds: float | None) -> None:
    """Make the controlling ICE agent (the offerer: the console) wait ``seconds`` before it
    checks a relayed pair while a direct or NAT-mapped pair of the same component is still
    unchecked or in progress, and never check one once such a pair carries the media; None puts
    aioice's own behaviour back. No public way: aioice nominates aggressively (every check of
    the controlling side carries USE-CANDIDATE), so the first pair to answer wins, and the
    site's early checks through the relay made relayed pairs win even where a direct path
    worked (seen on every network class in tests/nat)."""
    if seconds is None:
        # The hook itself: aioice's method put back (mypy refuses assigning to a method).
        aioice.ice.Connection.check_start = _original_check_start  # type: ignore[method-assign]
        return
    grace = seconds

    def carried_better(self: aioice.Connection, pair: aioice.ice.CandidatePair) -> bool:
        nominated = self._nominated.get(pair.component)
        return nominated is not None and not _relayed(self, nominated)

    async def patient(self: aioice.Connection, pair: aioice.ice.CandidatePair) -> None:
        if self.ice_controlling and _relayed(self, pair):
            # A check the site sends through the relay after a better pair won would, checked
            # back and nominated, move the media onto the relay: not checked at all.
            if carried_better(self, pair):
                self.check_state(pair, _State.FAILED)
                return

            def better_pending() -> bool:
                return any(
                    p.component == pair.component
                    and not _relayed(self, p)
                    and p.state in (_State.FROZEN, _State.WAITING, _State.IN_PROGRESS)
                    for p in self._check_list
                )

            if better_pending():
                self.check_state(pair, _State.IN_PROGRESS)  # (the pacer starts the next pair meanwhile)
                await asyncio.sleep(grace)
                # Then as long again while a better pair is still being checked: on a starved
                # machine its answer is read late, and the relay must not win by that alone.
                waited = 0.0
                while better_pending() and not carried_better(self, pair) and waited < grace:
                    await asyncio.sleep(0.1)
                    waited += 0.1
                if carried_better(self, pair):  # a better pair won: this one is not needed
                    self.check_state(pair, _State.FAILED)
                    return
        await _original_check_start(self, pair)

    # The hook itself: aioice's method replaced (mypy refuses assigning to a method).
    aioice.ice.Connection.check_start = patient  # type: ignore[method-assign]


def selected_candidates(pc: RTCPeerConnection) -> tuple[aioice.Candidate, aioice.Candidate] | None:
    """The (local, remote) candidates of the pair ICE nominated on ``pc``'s first transport;
    None before ICE has chosen. No public way: aiortc's stats carry no candidate pair, and its
    ICE transport hides aioice's connection (``RTCIceGatherer._connection._nominated``)."""
    transports: list[RTCDtlsTransport | None] = [getattr(t.receiver, "transport", None) for t in pc.getTransceivers()]
    sctp = getattr(pc, "sctp", None)  # a data channel's
    transports.append(sctp.transport if sctp is not None else None)
    for dtls in transports:
        if dtls is None:
            continue
        connection = getattr(dtls.transport.iceGatherer, "_connection", None)
        pair = (getattr(connection, "_nominated", None) or {}).get(1)
        if pair is not None:
            return pair.local_candidate, pair.remote_candidate
    return None


def is_transport_start(coro: Any) -> bool:
    """Whether ``coro`` is the task aiortc starts a connection's transports in (its private
    ``RTCPeerConnection.__connect``, scheduled and never awaited). No public way: the task is
    aiortc's own, and its failure after a close reaches only the loop's exception handler."""
    return getattr(coro, "__qualname__", "").endswith(_CONNECT)


# --- the self-check ------------------------------------------------------------------------


@dataclass(frozen=True)
class Hook:
    """One hook and how to tell its target is still there."""

    name: str
    target: str
    check: Callable[[dict[str, Any]], str | None]  # the probe's objects -> what is wrong, or None


def _params(function: Any, *names: str) -> str | None:
    try:
        got = tuple(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return "its signature cannot be read"
    return None if got == names else f"its parameters are {got}, not {names}"


def _has(obj: Any, name: str, kind: type | tuple[type, ...] | None = None) -> str | None:
    if not hasattr(obj, name):
        return f"{type(obj).__name__} has no attribute {name!r}"
    if kind is not None and not isinstance(getattr(obj, name), kind):
        return f"{type(obj).__name__}.{name} is a {type(getattr(obj, name)).__name__}"
    return None


def _ring_check(probe: dict[str, Any]) -> str | None:
    buffer = JitterBuffer(16)
    return (
        _params(JitterBuffer._remove_frame, "self", "sequence_number")
        or _has(buffer, "_packets", list)
        or _has(buffer, "_origin")
        or _has(buffer, "_capacity", int)
        or (None if len(buffer._packets) == 16 else "its ring is not one slot per packet")
    )


def _streams_check(probe: dict[str, Any]) -> str | None:
    from aiortc.rtcrtpreceiver import StreamStatistics

    fields = set(vars(StreamStatistics(90000))) | set(dir(StreamStatistics))
    missing = [n for n in ("packets_received", "packets_lost", "jitter") if n not in fields]
    return (
        _has(probe["receiver"], _REMOTE_STREAMS, dict)
        or _has(probe["receiver"], _RTX_SSRC, dict)
        or (f"StreamStatistics has no {', '.join(missing)}" if missing else None)
    )


def _router_check(probe: dict[str, Any]) -> str | None:
    router = getattr(probe["receiver"].transport, "_rtp_router", None)
    return _has(probe["receiver"].transport, "_rtp_router") or _has(router, "ssrc_table", dict)


HOOKS: tuple[Hook, ...] = (
    Hook(
        "gather_decoded_frames",
        "aiortc.rtcrtpreceiver.decoder_worker",
        lambda p: (
            _params(_original_decoder_worker, "loop", "input_q", "output_q", "decode_error")
            or _has(aiortc.rtcrtpreceiver, "get_decoder")
        ),
    ),
    Hook(
        "receiver_jitter_buffer",
        "RTCRtpReceiver.__jitter_buffer",
        lambda p: _has(p["receiver"], _JITTER_BUFFER, JitterBuffer) or _has(p["buffer"], "add"),
    ),
    Hook(
        "jitter_buffer_is_video",
        "JitterBuffer._is_video",
        lambda p: (
            _has(p["buffer"], "_is_video", bool)
            or (None if p["buffer"]._is_video else "a video receiver's buffer is not marked video")
        ),
    ),
    Hook("RingJitterBuffer", "JitterBuffer._packets, _origin, _capacity, _remove_frame", _ring_check),
    Hook("receiver_streams", "RTCRtpReceiver.__remote_streams, __rtx_ssrc", _streams_check),
    Hook(
        "receiver_timestamp_origin",
        "RTCRtpReceiver.__timestamp_mapper._origin",
        lambda p: _has(p["receiver"], _TIMESTAMP_MAPPER) or _has(getattr(p["receiver"], _TIMESTAMP_MAPPER), "_origin"),
    ),
    Hook(
        "wrap_receiver_rtp",
        "RTCRtpReceiver._handle_rtp_packet",
        lambda p: (
            _has(RTCRtpReceiver, "_handle_rtp_packet")
            or _params(RTCRtpReceiver._handle_rtp_packet, "self", "packet", "arrival_time_ms")
        ),
    ),
    Hook(
        "wrap_rtcp",
        "RTCRtpReceiver/RTCRtpSender._handle_rtcp_packet",
        lambda p: (
            _has(RTCRtpReceiver, "_handle_rtcp_packet")
            or _has(RTCRtpSender, "_handle_rtcp_packet")
            or _params(RTCRtpReceiver._handle_rtcp_packet, "self", "packet")
            or _params(RTCRtpSender._handle_rtcp_packet, "self", "packet")
        ),
    ),
    Hook(
        "wrap_transport_rtp_data",
        "RTCDtlsTransport._handle_rtp_data",
        lambda p: (
            _has(RTCDtlsTransport, "_handle_rtp_data")
            or _params(RTCDtlsTransport._handle_rtp_data, "self", "data", "arrival_time_ms")
        ),
    ),
    Hook(
        "wrap_transport_send",
        "RTCDtlsTransport._send_rtp",
        lambda p: _has(RTCDtlsTransport, "_send_rtp") or _params(RTCDtlsTransport._send_rtp, "self", "data"),
    ),
    Hook("route_ssrc", "RTCDtlsTransport._rtp_router.ssrc_table", _router_check),
    Hook(
        "decoded_frames",
        "RemoteStreamTrack._queue",
        lambda p: _has(RemoteStreamTrack("video"), "_queue", asyncio.Queue),
    ),
    Hook(
        "set_host_addresses",
        "aioice.ice.get_host_addresses",
        lambda p: _has(aioice.ice, "get_host_addresses") or _params(_original_host_addresses, "use_ipv4", "use_ipv6"),
    ),
    Hook(
        "set_gather_timeout",
        "aioice.ice.Connection.get_component_candidates",
        lambda p: _params(_original_component_candidates, "self", "component", "addresses", "timeout"),
    ),
    Hook(
        "set_relay_grace",
        "aioice.ice.Connection.check_start, _check_list, _nominated, _remote_candidates",
        lambda p: (
            _params(_original_check_start, "self", "pair")
            or _has(aioice.Connection(ice_controlling=True), "_check_list", list)
            or _has(aioice.Connection(ice_controlling=True), "_nominated", dict)
            or _has(aioice.Connection(ice_controlling=True), "_remote_candidates", list)
        ),
    ),
    Hook(
        "selected_candidates",
        "RTCIceGatherer._connection._nominated",
        lambda p: _has(RTCIceGatherer(), "_connection") or _has(RTCIceGatherer()._connection, "_nominated", dict),
    ),
    Hook(
        "is_transport_start",
        "RTCPeerConnection.__connect",
        lambda p: _has(RTCPeerConnection, "_RTCPeerConnection__connect"),
    ),
)


def versions() -> str:
    return f"aiortc {getattr(aiortc, '__version__', '?')}, aioice {getattr(aioice, '__version__', '?')}"


def within_tested_range() -> bool:
    """Whether the installed versions are the ones the canary tests passed with."""
    for module in (aiortc, aioice):
        low, high = TESTED_RANGE[module.__name__]
        try:
            version = tuple(int(part) for part in getattr(module, "__version__", "0").split(".")[:2])
        except ValueError:
            return False
        if not low <= version < high:
            return False
    return True


def problems() -> list[str]:
    """What is wrong with each hook against the installed aiortc and aioice (empty: nothing)."""
    try:
        receiver = _receiver("video")
    except Exception as exc:  # aiortc changed how a receiver is made: no hook can be checked
        return [f"no RTCRtpReceiver can be made to check the hooks on: {type(exc).__name__}: {exc}"]
    probe = {"receiver": receiver, "buffer": receiver_jitter_buffer(receiver)}
    found = []
    for hook in HOOKS:
        try:
            wrong = hook.check(probe)
        except Exception as exc:  # a changed class may fail in any way
            wrong = f"{type(exc).__name__}: {exc}"
        if wrong:
            found.append(f"hook {hook.name} cannot reach {hook.target}: {wrong}")
    return found


def check_aiortc_internals() -> None:
    """Refuse to go on (AiortcInternalsChanged, naming each broken hook and the installed
    versions) if the installed aiortc or aioice lacks what a hook reaches."""
    found = problems()
    if not found and not within_tested_range():
        log.warning(
            "%s is outside the tested range (aiortc%s, aioice%s); every hook still reaches its target",
            versions(),
            TESTED["aiortc"],
            TESTED["aioice"],
        )
    if found:
        raise AiortcInternalsChanged(
            f"this opsconsole does not work with the installed {versions()} (tested with aiortc"
            f"{TESTED['aiortc']}, aioice{TESTED['aioice']}): "
            + "; ".join(found)
            + ". Install the tested versions, or move the range as the README says."
        )
