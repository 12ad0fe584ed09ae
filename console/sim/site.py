"""A simulated commune: joins the hub, answers consoles' offers with a pre-encoded camera and
microphone, and obeys control messages exactly as a real site must (docs/protocol.md).

Each console session gets its own peer connection and tracks; the site's settings (video
rung or paused, muted) apply to all of them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription

from console.rtc.ice_policy import IcePolicy, current_policy, rtc_configuration
from console.rtc.latency import shorten_audio_jitter_buffer
from console.signaling import ChannelClosed, HubClient, HubError, WebSocketChannel
from console.signaling.backoff import Backoff
from console.signaling.hub_address import HubAddress
from console.signaling.hub_list import HubList, reached_like
from console.signaling.protocol import CLOSE_STANDBY
from console.sim.clips import VIDEO_FPS, nearest_rung, site_tone_hz, site_variant, tone_clip, video_clip
from console.sim.faults import Faults, apply_faults
from console.sim.listener import EchoTrack, ProgramListener
from console.sim.sfu_site import ProgramCounter, SfuLink, count_at_transport
from console.sim.tracks import EncodedAudioTrack, EncodedVideoTrack, watch_keyframe_requests

log = logging.getLogger(__name__)
STATS_INTERVAL_S = 2.0
# Simulated sites try again within 10 s at most (the site page within 30 s): the benches that
# restart a hub measure how fast the sites return, not how long they waited.
REJOIN_MAX_S = 10.0
SFU_SESSION = "sfu"  # the publication to a Janus shard, among the site's sessions
# How a hub connection ends when the hub went away (killed, restarting, the network): no close
# frame (None, 1006) or "going away" (1001). Any other code is the hub ending this site's turn.
KEEP_MEDIA_ON_CLOSE = (None, 1001, 1006, CLOSE_STANDBY)  # 4013: its hub stepped down, another takes over


_MIME = {"video": ("video/VP8", "video/rtx"), "audio": ("audio/opus",)}


def _codecs(kind: str):
    return [c for c in RTCRtpSender.getCapabilities(kind).codecs if c.mimeType in _MIME[kind]]


@dataclass(eq=False)
class _Session:
    pc: RTCPeerConnection
    video: EncodedVideoTrack
    audio: EncodedAudioTrack
    video_sender: RTCRtpSender | None = None
    audio_sender: RTCRtpSender | None = None
    program: ProgramListener = field(default_factory=ProgramListener)
    echo: EchoTrack | None = None
    program_frames: int = 0  # program video frames seen (only when watching the program)
    tasks: list = field(default_factory=list)
    counter: ProgramCounter | None = None  # count_program: packets counted, not decoded


@dataclass
class SiteSettings:
    rung: tuple[int, int] = (320, 180)
    paused: bool = False
    muted: bool = True  # sites join muted: hundreds of open microphones are noise
    fps: int = VIDEO_FPS
    hand_raised: bool = False
    talking: bool = False  # in a spot-check conversation with the operations room
    echo: bool = False  # while talking, say back what the program says (round-trip benchmark)
    watch_program: bool = False  # receive and decode the program video (costs a VP8 decode)
    steady_tone: bool = False  # a tone without pauses between "words" (benchmarks)
    # Media mode "sfu": decode the program's audio (else only count its packets),
    # and a faulty site that acknowledges a mute but keeps sending (the SFU must stop it).
    listen_program: bool = True
    ignore_mute: bool = False
    # Benchmarks, peer to peer: take the program video but only count its packets (and decode
    # its audio only if listen_program), as the SFU sites do, so the two modes compare fairly.
    count_program: bool = False
    recording: bool = False  # the operations room records this site (set_recording)

    def state(self) -> dict[str, Any]:
        return {
            "muted": self.muted,
            "hand_raised": self.hand_raised,
            "talking": self.talking,
            "recording": self.recording,
            "video": {"width": self.rung[0], "height": self.rung[1], "fps": self.fps, "paused": self.paused},
        }


@dataclass
class SiteCounters:
    joins: int = 0
    offers: int = 0
    controls: int = 0
    frames_sent_closed: int = 0  # by sessions that have ended


class SimulatedSite:
    """One simulated commune. ``run()`` joins and serves until ``stop()``."""

    def __init__(
        self,
        hub_url: str | HubAddress | list[str] | list[HubAddress],
        token: str,
        key: str,
        code: int,
        *,
        local: bool = True,
        faults: Faults = Faults(),
        policy: IcePolicy | None = None,
        settings: SiteSettings | None = None,
    ) -> None:
        # The hubs of a pair it may use, learnt further from every welcome (hub_list.py).
        given = hub_url if isinstance(hub_url, list) else [hub_url]
        self.hubs = HubList(given, make=reached_like(given))
        self.token = token
        self.key = key
        self.code = code
        self.local = local  # joining with the hub's local token names the site explicitly
        self.faults = faults
        self.policy = policy or current_policy()
        self.settings = settings or SiteSettings()
        self.counters = SiteCounters()
        self.backoff = Backoff(max_s=REJOIN_MAX_S)
        self.sessions: dict[str, _Session] = {}
        self.hub: HubClient | None = None
        self.joined = asyncio.Event()
        self._stopping = asyncio.Event()
        self.tone_hz = site_tone_hz(code)
        self._tone = tone_clip(self.tone_hz, bursts=not self.settings.steady_tone)
        # SFU: where the hub says to publish, when it runs Janus shards.
        self.sfu = SfuLink(
            key,
            self.policy,
            self._sfu_attach,
            self._sfu_detach,
            listen=self.settings.listen_program,
            watch_video=self.settings.watch_program,
            ice_servers=lambda: self.hub.ice_servers if self.hub is not None else (),
        )

    @property
    def hub_url(self) -> str | HubAddress:
        """The hub it joins (or will join next)."""
        address: str | HubAddress = self.hubs.current
        return address

    @property
    def frames_sent(self) -> int:
        return self.counters.frames_sent_closed + sum(s.video.frames_sent for s in self.sessions.values())

    # --- lifecycle --------------------------------------------------------------------

    async def run(self) -> None:
        """Join, serve, and join again after drops (and on the rejoin fault's schedule), waiting
        as every client does (console/signaling/backoff.py): not all at once after a hub restart."""
        while not self._stopping.is_set():
            try:
                self.hubs.dropped(await self._serve_once())
                self.backoff.reset()
            except HubError as error:
                if error.code == "unauthorized":
                    log.error("%s: the hub refused this site: %s", self.key, error.message)
                    return
                if error.code == "standby":
                    if not self.hubs.follow(error):
                        self.hubs.lost()  # a standby that knows no active hub yet: try the next
                    # A standby answers at once and a takeover takes seconds: ask again soon,
                    # not at ever longer waits.
                    self.backoff.reset()
                log.info("%s: %s", self.key, error)
            except ChannelClosed as error:  # not reached: the next hub of the list
                self.hubs.lost()
                log.info("%s: %s", self.key, error)
            if self._stopping.is_set():
                break
            await self._sleep(self.backoff.next())

    async def stop(self) -> None:
        self._stopping.set()
        if self.hub is not None:
            await self.hub.close()
        for session_id in list(self.sessions):  # (kept through a lost hub, they outlive a join)
            await self._end(session_id)

    async def _serve_once(self) -> int | None:
        """One join, served until the hub is lost or the site stops; the close code it ended with."""
        channel = WebSocketChannel(self.hub_url, "site", self.hubs.connect_s)
        kept = [{"session": session_id} for session_id in self.sessions if session_id != SFU_SESSION]
        hub = HubClient(
            channel,
            "site",
            self.token,
            site=self.key if self.local else None,
            state=self.settings.state(),
            agent="opsconsole-sim",
            sessions=kept,
        )
        for kind, handler in (
            ("offer", self._on_offer),
            ("control", self._on_control),
            ("hangup", self._on_hangup),
            ("ice", self._on_ice),
            ("media", lambda message: self.sfu.follow(message.get("media"))),
        ):  # SFU
            hub.on(kind, handler)
        await hub.join()
        self.hub = hub
        self.hubs.learn(hub.welcome)
        if hub.welcome.get("media"):  # SFU: publish into the shard the hub names
            self.sfu.follow(hub.welcome["media"])
        self.counters.joins += 1
        self.joined.set()
        stats = asyncio.get_running_loop().create_task(self._report_stats())
        try:
            if self.faults.rejoin_every_s:
                await self._wait_any(hub.closed.wait(), self._sleep(self.faults.rejoin_every_s))
            else:
                await self._wait_any(hub.closed.wait(), self._stopping.wait())
        finally:
            stats.cancel()
            self.joined.clear()
            await self.sfu.stop()  # SFU: a site off the hub publishes nowhere
            # A lost hub is not a reason to stop sending: the consoles' media needs no hub, and
            # the next hello names what was kept (docs/protocol.md "Kept media sessions").
            # Leaving, being refused or replaced, or the hub's own close, end the sessions.
            lost = hub.closed.is_set() and not self._stopping.is_set() and channel.close_code in KEEP_MEDIA_ON_CLOSE
            await hub.close()
            for session_id in list(self.sessions):
                if not lost or session_id == SFU_SESSION:
                    await self._end(session_id)
        return channel.close_code

    async def _wait_any(self, *aws) -> None:
        tasks = [asyncio.ensure_future(a) for a in aws]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            pass

    # --- media ------------------------------------------------------------------------

    async def _on_offer(self, message: dict[str, Any]) -> None:
        session_id = message["session"]
        self.counters.offers += 1
        if session_id == SFU_SESSION:  # a name of ours; no console's offer may take it
            await self._send({"type": "hangup", "session": session_id, "reason": "reserved session name"})
            return
        if session_id in self.sessions:  # renegotiation: answer on the same connection
            await self._answer(session_id, self.sessions[session_id], message["sdp"])
            return
        # The relay with this site's own credentials, the freshest the hub gave (turn.py).
        pc = RTCPeerConnection(rtc_configuration(self.hub.ice_servers if self.hub is not None else ()))
        video = self._camera()
        audio = EncodedAudioTrack(self._tone)
        session = _Session(pc, video, audio)
        self.sessions[session_id] = session
        pc.on("connectionstatechange", lambda: self._on_connection_state(session_id))
        pc.on("track", lambda track: self._on_program_track(session, track))
        await self._answer(session_id, session, message["sdp"])

    async def _answer(self, session_id: str, session: _Session, sdp: str) -> None:
        pc = session.pc
        try:
            await pc.setRemoteDescription(RTCSessionDescription(self.policy.filter_sdp(sdp), "offer"))
            first = session.video_sender is None
            if first:
                for transceiver in pc.getTransceivers():
                    # Our packets are VP8 and Opus as encoded: a site must not agree to anything else.
                    transceiver.setCodecPreferences(_codecs(transceiver.kind))
                    # A console that offers sendrecv publishes its program feed; the answer
                    # narrows it to what we take (aiortc intersects the directions). Program
                    # video is refused unless watched: a site that shows nothing decodes nothing.
                    if transceiver.kind == "video":
                        watching = self.settings.watch_program or self.settings.count_program
                        transceiver.direction = "sendrecv" if watching else "sendonly"
                        transceiver.sender.replaceTrack(None if self.settings.paused else session.video)
                        session.video_sender = transceiver.sender
                        watch_keyframe_requests(transceiver.sender, session.video)
                    elif transceiver.kind == "audio":
                        transceiver.direction = "sendrecv"
                        # As a browser's adaptive buffer does on a clean link: a short wait.
                        shorten_audio_jitter_buffer(transceiver.receiver)
                        session.audio_sender = transceiver.sender
                        session.audio_sender.replaceTrack(self._microphone(session))
            await pc.setLocalDescription(await pc.createAnswer())
            if first and self.settings.count_program:  # (benchmarks) count; decode audio only to listen
                session.counter = ProgramCounter()
                count_at_transport(pc, session.counter, decode_audio=self.settings.listen_program)
        except Exception as exc:  # an offer aiortc cannot apply: say why, keep serving others
            log.info("%s: cannot answer %s: %s", self.key, session_id, exc)
            await self._send({"type": "hangup", "session": session_id, "reason": f"cannot answer the offer: {exc}"})
            await self._end(session_id)
            return
        if self.faults.on_the_wire:
            for sender in (session.video_sender, session.audio_sender):
                if sender is not None:
                    apply_faults(sender.transport, self.faults)
        await self._send({"type": "answer", "session": session_id, "sdp": pc.localDescription.sdp})

    def _camera(self) -> EncodedVideoTrack:
        """A new session's picture: the rung and frame rate asked last."""
        video = EncodedVideoTrack(self._clip_for_rung, self.settings.rung)
        video.set_fps(self.settings.fps)
        return video

    def _clip_for_rung(self, rung: tuple[int, int]):
        return video_clip(rung[0], rung[1], site_variant(self.code))

    async def _on_ice(self, message: dict[str, Any]) -> None:
        pass  # aiortc consoles put their candidates in the SDP

    def _on_program_track(self, session: _Session, track) -> None:
        loop = asyncio.get_running_loop()
        if self.settings.count_program and not (track.kind == "audio" and self.settings.listen_program):
            return  # counted at the receiver, never decoded
        if track.kind == "audio":
            session.tasks.append(loop.create_task(session.program.consume(track)))
        elif self.settings.watch_program:
            session.tasks.append(loop.create_task(self._watch_program(session, track)))

    async def _watch_program(self, session: _Session, track) -> None:
        try:
            while True:
                await track.recv()
                session.program_frames += 1
        except Exception:  # MediaStreamError at the end, CancelledError on close
            pass

    def _microphone(self, session: _Session):
        """What the audio sender sends now: nothing when muted, else the tone or the echo."""
        if self.settings.muted:
            return None
        if self.settings.talking and self.settings.echo:
            if session.echo is None:
                session.echo = EchoTrack(session.program)
            return session.echo
        return session.audio

    @property
    def program(self) -> ProgramListener | None:
        """What the newest console session's program feed sounds like here."""
        sessions = list(self.sessions.values())
        return sessions[-1].program if sessions else None

    async def _on_hangup(self, message: dict[str, Any]) -> None:
        await self._end(message["session"])

    def _on_connection_state(self, session_id: str) -> None:
        session = self.sessions.get(session_id)
        # "closed": the console closed its end (DTLS close), e.g. a kept session it let go.
        if session is not None and session.pc.connectionState in ("failed", "closed"):
            asyncio.ensure_future(self._end(session_id))  # noqa: RUF006 (the session is in self.sessions until it ends)

    async def _end(self, session_id: str) -> None:
        session = self.sessions.pop(session_id, None)
        if session is not None:
            self.counters.frames_sent_closed += session.video.frames_sent
            for task in session.tasks:
                task.cancel()
            await session.pc.close()
        if not self.sessions and self.settings.recording:
            # Nobody receives this site any more, so nobody records it.
            self._set_recording(False, "")
            await self._send({"type": "state", "state": {"recording": False}})

    # --- SFU: the publication's tracks are a session like any other ---------------------

    def _sfu_attach(self, pc: RTCPeerConnection) -> None:
        """Camera and microphone on the connection to the shard (sendonly, VP8 and Opus)."""
        session = _Session(pc, self._camera(), EncodedAudioTrack(self._tone))
        for kind in ("video", "audio"):
            transceiver = pc.addTransceiver(kind, direction="sendonly")
            transceiver.setCodecPreferences(_codecs(kind))
            if kind == "video":
                session.video_sender = transceiver.sender
                transceiver.sender.replaceTrack(None if self.settings.paused else session.video)
                watch_keyframe_requests(transceiver.sender, session.video)
            else:
                session.audio_sender = transceiver.sender
                transceiver.sender.replaceTrack(self._microphone(session))
        self.sessions[SFU_SESSION] = session

    def _sfu_detach(self) -> None:
        session = self.sessions.pop(SFU_SESSION, None)
        if session is not None:
            self.counters.frames_sent_closed += session.video.frames_sent

    # --- control ----------------------------------------------------------------------

    async def _on_control(self, message: dict[str, Any]) -> None:
        self.counters.controls += 1
        action, params = message["action"], message.get("params") or {}
        ok, error = True, None
        if action == "set_video":
            await self._set_video(params)
        elif action == "request_keyframe":
            for session in self.sessions.values():
                session.video.request_keyframe()
        elif action in ("mute_audio", "unmute_audio"):
            await self._set_muted(action == "mute_audio")
        elif action == "lower_hand":
            self.settings.hand_raised = False
        elif action in ("start_talk", "end_talk"):
            # A spot check opens the microphone (and lowers the hand); its end gives back the
            # microphone the site had before it (the hub says which: params.muted).
            self.settings.talking = action == "start_talk"
            self.settings.hand_raised = False
            await self._set_muted(params.get("muted") is not False if action == "end_talk" else False)
        elif action == "set_recording":
            self._set_recording(params.get("recording") is True, message.get("by", ""))
        else:
            ok, error = False, f"unknown action {action!r}"
        reply = {"type": "control_result", "request": message["request"], "ok": ok, "state": self.settings.state()}
        if error:
            reply["error"] = error
        await self._send(reply)

    async def _set_video(self, params: dict[str, Any]) -> None:
        if params.get("paused"):
            if params.get("reason") == "link" and not self.settings.paused:
                log.info("%s: the link carries no picture: sound only", self.code)
            self.settings.paused = True
            for session in self.sessions.values():
                if session.video_sender is not None:
                    session.video_sender.replaceTrack(None)
            return
        rung = nearest_rung(int(params["width"]), int(params["height"]))
        await asyncio.get_running_loop().run_in_executor(None, self._clip_for_rung, rung)  # build off-loop
        resumed = self.settings.paused
        self.settings.rung, self.settings.paused = rung, False
        fps = params.get("fps")
        self.settings.fps = int(fps) if isinstance(fps, int) and 0 < fps <= VIDEO_FPS else VIDEO_FPS
        for session in self.sessions.values():
            session.video.switch(*rung)  # starts with the new rung's keyframe
            session.video.set_fps(self.settings.fps)
            if resumed and session.video_sender is not None:
                session.video_sender.replaceTrack(session.video)

    def _set_recording(self, recording: bool, by: str) -> None:
        """What a commune's screen would say, said in the log (warning: it is seen
        without -v, as a banner is seen without looking for it)."""
        if recording != self.settings.recording:
            self.settings.recording = recording
            if recording:
                log.warning("%s: Đang ghi hình / Recording (by %s)", self.key, by or "the operations room")
            else:
                log.warning("%s: recording ended", self.key)

    async def _set_muted(self, muted: bool) -> None:
        # Muted means nothing is sent at all, not silence: the sender loses its track.
        self.settings.muted = muted
        if muted and self.settings.ignore_mute:
            return  # the faulty site: says it is muted, keeps sending (the SFU must stop it)
        for session in self.sessions.values():
            if session.audio_sender is not None:
                session.audio_sender.replaceTrack(self._microphone(session))

    async def set_hand(self, raised: bool) -> None:
        """The commune asks to speak (or withdraws); the hub tells every console."""
        self.settings.hand_raised = raised
        await self._send({"type": "raise_hand", "raised": raised})

    # --- reporting ----------------------------------------------------------------------

    async def _report_stats(self) -> None:
        while True:
            await asyncio.sleep(STATS_INTERVAL_S)
            for session_id, session in list(self.sessions.items()):
                if session.video_sender is None or session_id == SFU_SESSION:
                    continue  # (the SFU publication has no console session to report to)
                try:
                    report = await session.video_sender.getStats()
                except Exception:
                    continue
                rtts = [
                    s.roundTripTime
                    for s in report.values()
                    if s.type == "remote-inbound-rtp" and s.roundTripTime is not None
                ]
                stats: dict[str, Any] = {
                    "frames_sent": session.video.frames_sent,
                    "rung": list(self.settings.rung),
                    "program": session.program.report(),
                }
                if self.settings.watch_program:
                    stats["program"]["video_frames"] = session.program_frames
                if rtts:
                    stats["rtt_ms"] = round(rtts[-1] * 1000, 2)
                await self._send({"type": "stats", "session": session_id, "stats": stats})

    async def _send(self, message: dict[str, Any]) -> None:
        if self.hub is None:
            return
        try:
            await self.hub.send(message)
        except ChannelClosed:
            pass  # the run loop notices the drop and rejoins
