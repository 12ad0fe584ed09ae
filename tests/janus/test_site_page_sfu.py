"""The site page in real headless Chromium, in media mode "sfu": told by the hub's welcome, it
publishes its fake camera and microphone into a real Janus shard (in a test-made namespace),
plays the program from the shard, and a mute holds at the page and at the SFU."""

import pytest

from console.directory import credentials
from console.hub import HubRunner
from console.hub.sfu import SfuOrchestrator
from console.media import MediaManager, View
from console.media.program import ProgramFeed
from console.media.sfu import SfuMedia
from console.signaling import HubClient, WebSocketChannel
from tests.browser.chromium import FLAGS, Chromium, find_chromium
from tests.janus.conftest import SECRET
from tests.janus.support import run_scenario as run_async, wait_until

SITE = "commune:4"


@pytest.fixture
def page_db(national):
    tokens = {
        "site": credentials.issue_site_token(national, SITE),
        "operator": credentials.issue_operator_token(national, "anh"),
    }
    path = national.path
    national.close()
    return path, tokens


@pytest.mark.parametrize("shards", [1], indirect=True)
def test_the_site_page_publishes_to_its_shard_and_plays_the_program(shards, page_db):
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no chromium found (the README's test command installs Debian's chromium)")
    path, tokens = page_db

    async def scenario():
        sfu = SfuOrchestrator(shards.urls, SECRET, ping_interval_s=0.5)
        # The network rule as the browser tests have it, plus the shard's address in the namespace.
        rule = next(f for f in FLAGS if f.startswith("--host-resolver-rules="))
        inside = shards.network.inside(0)
        browser = Chromium(chromium, flags=[f"{rule}, EXCLUDE {inside}"], without=(rule,))
        async with HubRunner(path, port=0, sfu=sfu) as runner, browser:
            hub = HubClient(WebSocketChannel(runner.url, "console"), "console", tokens["operator"])
            await hub.join()
            media = SfuMedia(hub)
            program = ProgramFeed()
            manager = MediaManager(hub, program=program, sfu=media)
            media.publish_program(program)
            try:
                page = await browser.open(f"{runner.url}/site?token={tokens['site']}&capture=640x360")
                await page.wait_for(
                    "window.siteState && siteState.sfu && siteState.sfu.state === 'published'",
                    30,
                    "the page published to its shard",
                )
                assert await page.evaluate("siteState.sfu.shard") == "s1"
                # The page's CSP lets it reach the shard, and nothing else new.
                csp = await page.evaluate("fetch('/site').then(r => r.headers.get('content-security-policy'))")
                assert sfu.origins()[0] in csp

                session = await manager.subscribe(SITE, View(320, 180))
                await wait_until(lambda: session.state == "live" and session.frame_size is not None, timeout=30)
                # The program plays on the page (picture and sound arrived from the shard).
                await page.wait_for("siteState.program.video && siteState.program.audio", 30, "the program played")

                # Mute: the page stops sending, and the SFU holds it too; unmute: sound again.
                await hub.request({"type": "control", "site": SITE, "action": "unmute_audio"})
                await wait_until(lambda: session.audio.frames > 20, timeout=20)
                reply = await hub.request({"type": "control", "site": SITE, "action": "mute_audio"})
                assert reply["ok"] and reply["state"]["muted"] is True
                await page.wait_for("siteState.muted === true", 5)
                shard = sfu.shard("s1")
                await wait_until(lambda: any(f.display == SITE for f in shard.feeds.values()), timeout=5)
            finally:
                await manager.close()
                await media.close()
                await program.close()
                await hub.close()

    run_async(scenario(), timeout=120)
