"""The site page in a real Chromium follows a hub pair: opened from the standby's address it is
sent to the active hub, and when that hub is killed it goes on to the one that takes over."""

import signal
from urllib.parse import quote

from tests.aio import run_async
from tests.browser.chromium import Chromium
from tests.store.test_hub_pair import _pair

JOINED = "window.siteState && siteState.phase === 'joined' && siteState.hubUrl === {url!r}"


def test_the_site_page_opened_on_the_standby_joins_the_active_hub_and_follows_a_takeover(
    hub_store,
    chromium_path,
):
    url, tokens = hub_store

    async def scenario():
        a, b = await _pair(url)
        try:
            async with Chromium(chromium_path) as browser:
                page = await browser.open(f"{b.address}/site?token={quote(tokens['site'], safe='')}&capture=320x180")
                await page.wait_for(JOINED.format(url=a.address), 40, "joined hub-a, as hub-b's refusal said")
                await a.wait_health(lambda h: h.get("sites_online") == 1, "commune:4 online on hub-a")
                a.signal(signal.SIGKILL)
                await page.wait_for(JOINED.format(url=b.address), 60, "joined hub-b after its takeover")
                await b.wait_health(lambda h: h.get("sites_online") == 1, "commune:4 online on hub-b")
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


def test_the_site_page_notices_a_silent_hub_and_follows_the_takeover(hub_store, chromium_path):
    """A frozen hub (SIGSTOP: its kernel still acknowledges every packet, nothing answers) is a
    silent one, as a lost machine is. A browser's WebSocket would wait on it for minutes; the
    page's answered beats tell it in seconds, and it goes on to the hub that takes over."""
    url, tokens = hub_store

    async def scenario():
        a, b = await _pair(url)
        try:
            async with Chromium(chromium_path) as browser:
                page = await browser.open(f"{a.address}/site?token={quote(tokens['site'], safe='')}&capture=320x180")
                await page.wait_for(JOINED.format(url=a.address), 40, "joined hub-a")
                a.signal(signal.SIGSTOP)
                try:
                    await page.wait_for(JOINED.format(url=b.address), 60, "joined hub-b, hub-a being silent")
                finally:
                    a.signal(signal.SIGCONT)
                await b.wait_health(lambda h: h.get("sites_online") == 1, "commune:4 online on hub-b")
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)
