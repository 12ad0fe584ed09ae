"""The site page in real headless Chromium: a browser's WebRTC stack against our hub and console.

Chromium's fake camera (a moving test pattern) and microphone (beeps) publish to a real hub
and the console's real media core over 127.0.0.1.
"""

import asyncio
import time
import uuid

import numpy as np
import pytest
from aiortc import AudioStreamTrack, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from av import VideoFrame

from console.hub import HubRunner
from console.media import MediaManager, View
from console.rtc.ice_policy import rtc_configuration
from console.signaling import HubClient, WebSocketChannel
from tests.aio import run_async
from tests.browser.chromium import Chromium
from tests.browser.conftest import SITE


async def wait_until(predicate, timeout=15.0, what="condition"):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"{what} not met within {timeout:g} s")
        await asyncio.sleep(0.05)


async def console_for(runner, token):
    hub = HubClient(WebSocketChannel(runner.url, "console"), "console", token, agent="test-console")
    await hub.join()
    return hub


def page_url(runner, token):
    return f"{runner.url}/site?token={token}&capture=640x360"


async def joined(page):
    await page.wait_for("window.siteState && siteState.phase === 'joined'", 20, "the page joined")


def gray(frame):
    return frame.to_ndarray(format="gray").astype(np.int16)


def test_page_joins_publishes_and_obeys_the_console(page_db, chromium_path):
    path, tokens = page_db

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            assert await page.evaluate("siteState.site.key") == SITE
            assert await page.evaluate("document.getElementById('site-name').textContent") == tokens["name"]
            assert "token" not in await page.evaluate("location.href"), "the token stayed in the address bar"
            assert await page.evaluate("siteState.camera + siteState.microphone") == "okok"

            hub = await console_for(runner, tokens["operator"])
            hands = []
            hub.on("hand", hands.append)
            manager = MediaManager(hub)
            session = await manager.subscribe(SITE, View(640, 360))
            await wait_until(
                lambda: session.frame_size == (640, 360) and session.video.received > 5,
                20,
                "640x360 video from the browser",
            )
            assert session.state == "live"

            # Moving video: the fake camera's pattern turns with time, so a later frame differs.
            # (Waited for, not sampled after a count of frames: a browser short of CPU sends the
            # same picture several times over.)
            first = gray(session.video.peek())
            await wait_until(lambda: np.abs(gray(session.video.peek()) - first).mean() > 0.5, 30, "the video moving")

            # set_video: the console asks for a smaller tile; the browser scales down.
            await manager.show(SITE, 320, 180)
            await wait_until(lambda: session.frame_size == (320, 180), what="320x180 after set_video")
            assert await page.evaluate("siteState.video.width * 1000 + siteState.video.height") == 320180

            # The page joined muted: no audio. Unmuted, it arrives; muted again, nothing is sent.
            assert session.audio.frames == 0
            reply = await hub.request({"type": "control", "site": SITE, "action": "unmute_audio"})
            assert reply["ok"] and reply["state"]["muted"] is False
            peak = []  # the fake microphone beeps: sound, not just packets of silence
            await wait_until(
                lambda: peak.append(session.audio.level_db) or max(peak) > -40, what="audible audio after unmute"
            )
            reply = await hub.request({"type": "control", "site": SITE, "action": "mute_audio"})
            assert reply["ok"] and reply["state"]["muted"] is True and reply["state"]["muted_by"] == "anh"
            banner = await page.evaluate("document.getElementById('mute-banner').textContent")
            assert "The operations room muted your microphone (anh)" in banner  # the browser's language: en-US
            assert "The operations room muted your microphone (anh)" in banner
            await page.wait_for("siteState.muted && siteState.mutedBy === 'anh'")
            await assert_stops(lambda: session.audio.frames, "audio from a muted page")

            # Paused: no video at all; shown again, it comes back.
            await manager.hide(SITE)
            await assert_stops(lambda: session.video.received, "video from a paused page")
            received = session.video.received
            await manager.show(SITE, 320, 180)
            await wait_until(lambda: session.video.received > received + 3, what="video after resume")

            # request_keyframe: the browser's encoder makes a new keyframe (its own count says so).
            await page.wait_for("siteState.sent.keyFrames > 0", what="the first keyframe counted")
            keyframes = await page.evaluate("siteState.sent.keyFrames")
            reply = await hub.request({"type": "control", "site": SITE, "action": "request_keyframe"})
            assert reply["ok"]
            await page.wait_for(f"siteState.sent.keyFrames > {keyframes}", what="a keyframe on request")

            # Raise hand: the button reaches every console.
            await page.evaluate("document.getElementById('hand').click()")
            await wait_until(lambda: hands and hands[-1]["raised"] is True, what="the raised hand")
            assert hands[-1]["site"] == SITE

            await manager.close()
            await hub.close()
            await page.wait_for("siteState.media === 'idle'", what="the session ended at the page")

    run_async(scenario(), timeout=90)


async def assert_stops(count, what, settle=0.4, window=0.8):
    """``count()`` stops growing: it settles, then holds still for ``window`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while True:
        before = count()
        await asyncio.sleep(settle)
        if count() == before:
            break
        assert loop.time() < deadline, f"{what} never stopped"
    before = count()
    await asyncio.sleep(window)
    assert count() == before, f"{what} kept arriving"


def test_moderation_hands_and_talk(page_db, chromium_path):
    path, tokens = page_db

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            hub = await console_for(runner, tokens["operator"])

            async def control(action):
                reply = await hub.request({"type": "control", "site": SITE, "action": action})
                assert reply["ok"], reply
                return reply["state"]

            await page.evaluate("document.getElementById('hand').click()")
            await page.wait_for("siteState.handRaised")
            assert (await control("lower_hand"))["hand_raised"] is False
            assert await page.evaluate("document.getElementById('hand').getAttribute('aria-pressed')") == "false"

            await page.evaluate("document.getElementById('hand').click()")
            state = await control("start_talk")
            assert state["talking"] is True and state["muted"] is False and state["hand_raised"] is False
            assert "Talking with the operations room (anh)" in await page.evaluate(
                "document.getElementById('mute-banner').textContent"
            )
            state = await control("end_talk")
            assert state["talking"] is False and state["muted"] is True
            # An operator's unmute before a talk outlives the talk.
            await control("unmute_audio")
            await control("start_talk")
            state = await control("end_talk")
            assert state["talking"] is False and state["muted"] is False
            await hub.close()

    run_async(scenario(), timeout=60)


def test_a_bad_or_revoked_token_is_refused_in_plain_words(page_db, chromium_path):
    path, tokens = page_db
    from console.directory import SiteDirectory, credentials

    directory = SiteDirectory(path)
    revoked = credentials.issue_site_token(directory, "commune:7")
    credentials.revoke_site_token(directory, "commune:7")
    directory.close()

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            for token in ("st_not-a-real-token", revoked):
                page = await browser.open(page_url(runner, token))
                await page.wait_for("window.siteState && siteState.phase === 'refused'", 20, "refusal")
                notice = await page.evaluate("siteState.notice")
                assert "revoked" in notice and "thu hồi" not in notice
                assert await page.evaluate("!document.getElementById('token-form').hidden")
                assert await page.evaluate("localStorage.getItem('opsconsole.siteToken')") is None
                assert await page.evaluate("siteState.connectAttempts") == 1, "a refused page must not retry"
                assert await page.evaluate("siteState.joins") == 0

                # under a red "Refused" the title is not "Waiting…", and nothing
                # claims to be sent.
                assert await page.evaluate("document.getElementById('connection').dataset.state") == "refused"
                title = await page.evaluate("document.getElementById('site-name').textContent")
                assert "Not joined" in title and "Waiting" not in title
                info = await page.evaluate("document.getElementById('preview-info').textContent")
                assert "not sending" in info and "sending 1280" not in info and "→" not in info

            # Typing the right token in the form joins.
            await page.evaluate(f"document.getElementById('token-input').value = {tokens['site']!r}")
            await page.evaluate("document.querySelector('#token-form button').click()")
            await joined(page)

    run_async(scenario(), timeout=60)


def test_a_vietnamese_browser_gets_the_page_in_vietnamese_only(page_db, chromium_path):
    """The page follows the browser's language; a commune's Vietnamese browser reads
    Vietnamese alone (and an English one English alone, as the other tests see)."""
    path, tokens = page_db

    async def scenario():
        async with (
            HubRunner(path, port=0) as runner,
            Chromium(chromium_path, flags=["--lang=vi", "--accept-lang=vi"]) as browser,
        ):
            page = await browser.open(page_url(runner, "st_not-a-real-token"))
            await page.wait_for("window.siteState && siteState.phase === 'refused'", 20, "refusal")
            assert (await page.evaluate("navigator.language")).startswith("vi")
            assert await page.evaluate("document.documentElement.lang") == "vi"
            notice = await page.evaluate("siteState.notice")
            assert "thu hồi" in notice and "revoked" not in notice
            title = await page.evaluate("document.getElementById('site-name').textContent")
            assert "Chưa vào hệ thống" in title and "Not joined" not in title
            program = await page.evaluate("document.getElementById('program-empty').textContent")
            assert program.strip() == "Chưa có tín hiệu từ trung tâm"
            assert await page.evaluate("document.querySelectorAll('[lang=en]').length") == 0

    run_async(scenario(), timeout=60)


def test_a_token_revoked_while_the_page_is_joined_is_said_at_once(page_db, chromium_path):
    """Revoking (at the terminal, another program) ends the live page's session
    within a second, and the page says the token was revoked instead of reconnecting."""
    path, tokens = page_db
    from console.directory import SiteDirectory, credentials

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            console = await console_for(runner, tokens["operator"])
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            offline = asyncio.ensure_future(console.wait_for("presence", lambda m: not m["online"], timeout=10))
            directory = SiteDirectory(path)
            credentials.revoke_site_token(directory, SITE)
            directory.close()
            await page.wait_for("siteState.phase === 'refused'", 5, "the page learns it was revoked")
            notice = await page.evaluate("siteState.notice")
            assert "revoked" in notice
            assert (await offline)["site"] == SITE
            await asyncio.sleep(1.5)
            assert await page.evaluate("siteState.phase") == "refused", "a revoked page must not rejoin"
            await console.close()

    run_async(scenario(), timeout=60)


def test_a_blocked_camera_is_explained_and_reported_to_the_room(page_db, chromium_path):
    """Without the fake permission prompt, headless Chromium refuses the camera."""
    path, tokens = page_db

    async def scenario():
        async with (
            HubRunner(path, port=0) as runner,
            Chromium(chromium_path, without=("--use-fake-ui-for-media-stream",)) as browser,
        ):
            hub = await console_for(runner, tokens["operator"])
            page = await browser.open(page_url(runner, tokens["site"]))
            presence = await hub.wait_for("presence", lambda m: m["site"] == SITE and m["online"], 20)
            assert presence["state"]["camera"] == "denied", "the room should learn why there is no picture"
            await page.wait_for("siteState.phase === 'joined'", what="joined without a camera")
            assert await page.evaluate("siteState.camera") == "denied"
            notice = await page.evaluate("siteState.notice")
            assert "access was denied" in notice
            assert await page.evaluate("!document.getElementById('notice-retry').hidden")
            await hub.close()

    run_async(scenario(), timeout=60)


def test_the_page_joins_a_hub_served_over_https(page_db, chromium_path, tmp_path):
    """Browsers on other machines give the camera only to https pages: the hub can serve TLS."""
    from console.bench.certs import self_signed
    from console.hub.run import tls_context

    path, tokens = page_db
    context = tls_context(*self_signed(tmp_path))

    async def scenario():
        async with (
            HubRunner(path, port=0, ssl_context=context) as runner,
            Chromium(chromium_path, flags=["--ignore-certificate-errors"]) as browser,
        ):
            assert runner.url.startswith("https://127.0.0.1:")
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            assert await page.evaluate("window.isSecureContext && siteState.camera === 'ok'")
            assert await page.evaluate("siteState.site.name") == tokens["name"]

    run_async(scenario(), timeout=60)


class ProgramVideo(VideoStreamTrack):
    """A small moving test card for the program feed (the console's uplink is not built yet)."""

    kind = "video"

    def __init__(self):
        super().__init__()
        self.n = 0

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        self.n += 1
        picture = np.zeros((180, 320, 3), np.uint8)
        picture[:, (self.n * 4) % 320 : (self.n * 4) % 320 + 40] = (255, 200, 0)
        frame = VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts, frame.time_base = pts, time_base
        return frame


def test_program_feed_reaches_the_page(page_db, chromium_path, loopback_only):
    """A console offering sendrecv (program out, camera in) gets both directions in one connection."""
    path, tokens = page_db

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            hub = await console_for(runner, tokens["operator"])
            pc = RTCPeerConnection(rtc_configuration())
            pc.addTransceiver(ProgramVideo(), direction="sendrecv")
            pc.addTransceiver(AudioStreamTrack(), direction="sendrecv")
            tracks = []
            pc.on("track", tracks.append)
            await pc.setLocalDescription(await pc.createOffer())
            session = uuid.uuid4().hex
            await hub.request({"type": "offer", "site": SITE, "session": session, "sdp": pc.localDescription.sdp})
            answer = await hub.wait_for("answer", lambda m: m["session"] == session)
            assert answer["sdp"].count("a=sendrecv") == 2, "the page should send and receive on both"
            await pc.setRemoteDescription(RTCSessionDescription(loopback_only.filter_sdp(answer["sdp"]), "answer"))

            await page.wait_for(
                "siteState.program.videoFrames > 10 && siteState.program.audioPackets > 10",
                20,
                "program video and audio decoded by the page",
            )
            assert await page.evaluate("document.getElementById('program').videoWidth") == 320
            assert await page.evaluate("document.getElementById('program-empty').hidden")
            camera = next(t for t in tracks if t.kind == "video")
            frame = await asyncio.wait_for(camera.recv(), 10)
            assert frame.width == 640, "the camera did not come back on the same connection"
            await pc.close()
            await hub.close()

    run_async(scenario(), timeout=60)


def test_a_renegotiation_on_the_same_session_adds_the_program(page_db, chromium_path, loopback_only):
    """Today's console offers receive-only; a later offer on the same session may start sending."""
    path, tokens = page_db

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            hub = await console_for(runner, tokens["operator"])
            pc = RTCPeerConnection(rtc_configuration())
            video = pc.addTransceiver("video", direction="recvonly")
            tracks = []
            pc.on("track", tracks.append)
            session = uuid.uuid4().hex

            async def offer():
                await pc.setLocalDescription(await pc.createOffer())
                await hub.request({"type": "offer", "site": SITE, "session": session, "sdp": pc.localDescription.sdp})
                answer = await hub.wait_for("answer", lambda m: m["session"] == session)
                await pc.setRemoteDescription(RTCSessionDescription(loopback_only.filter_sdp(answer["sdp"]), "answer"))
                return answer["sdp"]

            assert "a=sendonly" in await offer()
            await wait_until(lambda: tracks, what="the camera track")
            await asyncio.wait_for(tracks[0].recv(), 15)
            assert await page.evaluate("siteState.program.video") is False

            video.direction = "sendrecv"
            video.sender.replaceTrack(ProgramVideo())
            assert "a=sendrecv" in await offer()
            await page.wait_for("siteState.program.videoFrames > 5", 20, "the program after renegotiation")
            assert len(await page.evaluate("Object.keys(siteState.sessions)")) == 1
            await asyncio.wait_for(tracks[0].recv(), 15)  # the camera still arrives
            await pc.close()
            await hub.close()

    run_async(scenario(), timeout=60)


def test_the_page_rejoins_after_the_hub_restarts_and_republishes(page_db, chromium_path):
    path, tokens = page_db

    async def scenario():
        async with Chromium(chromium_path) as browser:
            runner = await HubRunner(path, port=0).start()
            port = runner.port
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            await runner.stop()
            await page.wait_for(
                "siteState.phase === 'offline' && siteState.notice.includes('Retrying')",
                10,
                "the page says it lost the hub",
            )
            assert "Lost the connection" in await page.evaluate("siteState.notice")
            runner = await HubRunner(path, port=port).start()
            try:
                await page.wait_for("siteState.phase === 'joined' && siteState.joins === 2", 20, "rejoined")
                hub = await console_for(runner, tokens["operator"])
                manager = MediaManager(hub)
                session = await manager.subscribe(SITE, View(320, 180))
                await wait_until(lambda: session.frame_size == (320, 180), 20, "video after the rejoin")
                await manager.close()
                await hub.close()
            finally:
                await runner.stop()

    run_async(scenario(), timeout=60)


def test_the_page_keeps_its_media_through_a_hub_restart_and_names_it_to_the_new_hub(
    page_db, chromium_path, loopback_only
):
    """docs/protocol.md "Kept media sessions": the hub goes away (1001) under a live session;
    the page keeps sending, and its next hello names the session, which the console claims."""
    path, tokens = page_db

    async def scenario():
        async with Chromium(chromium_path) as browser:
            runner = await HubRunner(path, port=0).start()
            port = runner.port
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            hub = await console_for(runner, tokens["operator"])
            manager = MediaManager(hub, policy=loopback_only)
            session = await manager.subscribe(SITE, View(320, 180))
            await wait_until(lambda: session.video.received > 5, 20, "video")
            await runner.stop()
            await page.wait_for("siteState.phase === 'offline'", 10, "the page lost the hub")
            received = session.video.received
            await asyncio.sleep(2.0)
            assert session.video.received >= received + 10, "video stopped with the hub"
            assert await page.evaluate("Object.keys(siteState.sessions)") == [session.session]
            runner = await HubRunner(path, port=port).start()
            try:
                await page.wait_for("siteState.phase === 'joined' && siteState.joins === 2", 20, "rejoined")
                assert runner.hub.sites[SITE].kept == {session.session}
                again = HubClient(
                    WebSocketChannel(runner.url, "console"),
                    "console",
                    tokens["operator"],
                    sessions=[{"session": session.session, "site": SITE}],
                )
                hangups = []
                again.on("hangup", hangups.append)
                await again.join()
                await asyncio.sleep(0.5)
                assert hangups == [] and runner.hub.media[session.session].site == SITE
                assert not runner.hub.sites[SITE].kept
                received = session.video.received
                await wait_until(lambda: session.video.received > received + 10, 10, "video after the rejoin")
                await manager.close()
                await again.close()
            finally:
                await runner.stop()

    run_async(scenario(), timeout=60)


def test_the_page_hangs_up_a_dead_media_path_so_the_console_offers_again(page_db, chromium_path, loopback_only):
    path, tokens = page_db

    async def subscribe(hub):
        pc = RTCPeerConnection(rtc_configuration())
        pc.addTransceiver("video", direction="recvonly")
        tracks = []
        pc.on("track", tracks.append)
        await pc.setLocalDescription(await pc.createOffer())
        session = uuid.uuid4().hex
        await hub.request({"type": "offer", "site": SITE, "session": session, "sdp": pc.localDescription.sdp})
        answer = await hub.wait_for("answer", lambda m: m["session"] == session)
        await pc.setRemoteDescription(RTCSessionDescription(loopback_only.filter_sdp(answer["sdp"]), "answer"))
        await wait_until(lambda: tracks, what="the camera track")
        await asyncio.wait_for(tracks[0].recv(), 15)
        return pc, session

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            hub = await console_for(runner, tokens["operator"])
            hangups = []
            hub.on("hangup", hangups.append)
            pc, session = await subscribe(hub)
            # The console's end of the media path goes away without a hangup through the hub
            # (a crash, a lost network): the page notices and asks for a new offer.
            started = time.monotonic()
            await pc.close()
            await wait_until(lambda: hangups, 45, "the page's hangup after the media path died")
            print(f"the page gave the media path up after {time.monotonic() - started:.1f} s")
            assert hangups[0]["session"] == session and "offer again" in hangups[0]["reason"]
            assert await page.evaluate("siteState.republished") == 1
            # The console offers again (as MediaManager does on a hangup) and media flows.
            pc, _ = await subscribe(hub)
            await pc.close()
            await wait_until(lambda: len(hangups) == 2, 10, "the page's hangup of that one too")

            # The console's own media core, when the network drops under a live session
            # (nothing is closed, packets just stop arriving at the console): ICE consent
            # fails, the page hangs up, and MediaManager offers again by itself.
            manager = MediaManager(hub)
            first = await manager.subscribe(SITE, View(320, 180))
            await wait_until(lambda: first.video.received > 3, 20, "video")
            started = time.monotonic()
            ice = first.pc.getTransceivers()[0].receiver.transport.transport  # RTCIceTransport
            for sock in ice._connection._protocols:  # aioice's sockets; test-only reach-in
                sock.transport.pause_reading()
            await wait_until(lambda: len(hangups) == 3, 45, "the page's hangup after ICE failed")
            print(f"the page gave a silent media path up after {time.monotonic() - started:.1f} s")
            assert hangups[2]["session"] == first.session and hangups[2]["reason"] == "ice failed; offer again"
            await wait_until(
                lambda: manager.sessions[SITE] is not first and manager.sessions[SITE].video.received > 3,
                20,
                "video on the console's new offer",
            )
            assert await page.evaluate("siteState.republished") == 3
            await manager.close()
            await hub.close()

    run_async(scenario(), timeout=90)


BLOCK_STORAGE = """
  for (const name of ['localStorage', 'sessionStorage']) {
    Object.defineProperty(window, name, {get() { throw new DOMException('blocked', 'SecurityError'); }});
  }"""


@pytest.mark.parametrize("storage", ["allowed", "blocked"])
def test_reloading_the_page_rejoins(page_db, chromium_path, storage):
    """F5 is the first thing a technician tries: the commune must stay in, even in a browser
    that refuses the page any storage (cookies blocked)."""
    path, tokens = page_db

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await browser.open("about:blank")
            if storage == "blocked":
                await page.call("Page.addScriptToEvaluateOnNewDocument", source=BLOCK_STORAGE)
            await page.call("Page.navigate", url=page_url(runner, tokens["site"]))
            await joined(page)
            assert "token" not in await page.evaluate("location.href")
            hub = await console_for(runner, tokens["operator"])
            presence = []
            hub.on("presence", presence.append)
            await page.call("Page.reload")  # F5
            await page.wait_for(
                "window.siteState && siteState.joins === 1 && siteState.phase === 'joined'", 20, "joined again after F5"
            )
            assert "token" not in await page.evaluate("location.href")
            assert await page.evaluate("document.getElementById('token-form').hidden")
            await wait_until(lambda: presence and presence[-1]["online"] is True, what="the room sees it online")
            await hub.close()

    run_async(scenario(), timeout=60)


def test_the_page_never_contradicts_itself(page_db, chromium_path):
    """ "Sending" only while the operations room watches; the hub's own console is "the
    operations room", never the internal operator name "local"."""
    path, tokens = page_db
    from console.directory import SiteDirectory, credentials

    directory = SiteDirectory(path)
    local = credentials.local_token(directory)
    directory.close()

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            info = lambda: page.evaluate("document.getElementById('preview-info').textContent")  # noqa: E731
            media = lambda: page.evaluate("document.getElementById('status-media').textContent")  # noqa: E731
            assert "not sending" in await info() and "Waiting for the operations room" in await media()

            hub = await console_for(runner, local)
            manager = MediaManager(hub)
            session = await manager.subscribe(SITE, View(640, 360))
            await wait_until(lambda: session.video.received > 3, 20, "video from the browser")
            await page.wait_for(
                "document.getElementById('preview-info').textContent.includes('sending')"
                " && !document.getElementById('preview-info').textContent.includes('not sending')"
            )
            assert "→ 640×360" in await info()
            await manager.hide(SITE)
            await page.wait_for("siteState.video.paused")
            assert "paused by the operations room" in await info() and "→" not in await info()

            for action in ("unmute_audio", "mute_audio"):
                reply = await hub.request({"type": "control", "site": SITE, "action": action})
                assert reply["ok"] and reply["state"]["muted_by"] in (None, "local")
            banner = await page.evaluate("document.getElementById('mute-banner').textContent")
            assert "The operations room muted your microphone" in banner and "local" not in banner
            await manager.close()
            await hub.close()
            await page.wait_for("siteState.media === 'idle'")
            assert "not sending" in await info()

    run_async(scenario(), timeout=90)


def test_the_page_shows_it_is_recorded_and_forgets_it_when_nobody_receives_it(page_db, chromium_path):
    path, tokens = page_db

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await browser.open(page_url(runner, tokens["site"]))
            await joined(page)
            hub = await console_for(runner, tokens["operator"])
            manager = MediaManager(hub)
            session = await manager.subscribe(SITE, View(320, 180))
            await wait_until(lambda: session.state == "live", 20, "the page's media")
            banner = "document.getElementById('recording-banner')"
            assert await page.evaluate(f"{banner}.hidden") is True

            async def recording(on):
                reply = await hub.request(
                    {"type": "control", "site": SITE, "action": "set_recording", "params": {"recording": on}}
                )
                assert reply["ok"] and reply["state"]["recording"] is on, reply

            await recording(True)
            assert await page.evaluate(f"{banner}.hidden") is False
            text = await page.evaluate(f"{banner}.textContent")
            assert "Recording (anh)" in text
            await recording(False)
            assert await page.evaluate(f"{banner}.hidden") is True

            # Recorded, then the console goes away without saying so: the page stops saying it.
            await recording(True)
            told = asyncio.ensure_future(hub.wait_for("site_state", lambda m: m["state"].get("recording") is False))
            await manager.unsubscribe(SITE)
            await page.wait_for(f"{banner}.hidden && !siteState.recording", what="the banner gone")
            await asyncio.wait_for(told, 10)
            await manager.close()
            await hub.close()

    run_async(scenario(), timeout=90)


HUB_LINE_HISTORY = """
window.hubLines = [];
new MutationObserver(() => {
  const el = document.getElementById('status-hub');
  const text = el ? el.textContent : null;
  if (text && text !== window.hubLines[window.hubLines.length - 1]) window.hubLines.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


async def open_recording_the_hub_line(browser, url):
    """A tab that keeps every text the page's hub line shows, from its very first render."""
    page = await browser.open("about:blank")
    await page.call("Page.enable")
    await page.call("Page.addScriptToEvaluateOnNewDocument", source=HUB_LINE_HISTORY)
    await page.call("Page.navigate", url=url)
    return page


def test_the_hub_line_says_connecting_until_joined_and_a_link_without_token_says_so(page_db, chromium_path):
    path, tokens = page_db

    async def scenario():
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:
            page = await open_recording_the_hub_line(browser, page_url(runner, tokens["site"]))
            await joined(page)
            lines = [line for line in await page.evaluate("window.hubLines") if line != "—"]  # the HTML's dash
            assert lines[0] == "Connecting…" and lines[-1] == "Joined", lines
            assert "Disconnected" not in lines, lines  # it never was: it was on its way
        async with HubRunner(path, port=0) as runner, Chromium(chromium_path) as browser:  # no token kept
            page = await open_recording_the_hub_line(browser, f"{runner.url}/site?capture=640x360")
            await page.wait_for("window.siteState && siteState.phase === 'need_token'", 20, "asking for a token")
            line = await page.evaluate("document.getElementById('status-hub').textContent")
            assert "no join token" in line and "enter the one the operations room gave you" in line, line
            assert "Disconnected" not in await page.evaluate("window.hubLines")
            notice = await page.evaluate("siteState.notice")
            assert "no join token" in notice and "Enter the token" in notice, notice
            assert await page.evaluate("!document.getElementById('token-form').hidden")

    run_async(scenario(), timeout=60)
