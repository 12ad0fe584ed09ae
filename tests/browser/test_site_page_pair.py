"""The site page in a real Chromium follows a hub pair: opened from the standby's address it is
sent to the active hub, and when that hub is killed, or falls silent, it goes on to the one that
takes over."""

import signal
import socket
from urllib.parse import quote

from tests.aio import run_async
from tests.browser.chromium import Chromium
from tests.store.test_hub_pair import _pair

JOINED = "window.siteState && siteState.phase === 'joined' && siteState.hubUrl === {url!r}"


def _on_a_pair(hub_store, chromium_path, opened_on: str, lose, more_hubs: str = "") -> None:
    """hub-a active, hub-b standby; the page opened at ``opened_on`` ("a" or "b") joins hub-a,
    ``lose(a)`` loses it, and the page must join hub-b once it has taken over. ``more_hubs``:
    addresses the link names too (hubs=URL,URL)."""
    url, tokens = hub_store
    link_hubs = f"&hubs={quote(more_hubs, safe='')}" if more_hubs else ""

    async def scenario():
        a, b = await _pair(url)
        try:
            async with Chromium(chromium_path) as browser:
                first = a if opened_on == "a" else b
                page = await browser.open(
                    f"{first.address}/site?token={quote(tokens['site'], safe='')}&capture=320x180{link_hubs}"
                )
                await page.wait_for(JOINED.format(url=a.address), 40, f"joined hub-a, opened on hub-{opened_on}")
                await a.wait_health(lambda h: h.get("sites_online") == 1, "commune:4 online on hub-a")
                async with lose(a):
                    await page.wait_for(JOINED.format(url=b.address), 60, "joined hub-b after its takeover")
                await b.wait_health(lambda h: h.get("sites_online") == 1, "commune:4 online on hub-b")
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


class _Killed:
    def __init__(self, hub) -> None:
        self.hub = hub

    async def __aenter__(self):
        self.hub.signal(signal.SIGKILL)

    async def __aexit__(self, *exc):
        return None


class _Frozen(_Killed):
    """SIGSTOP: the hub's kernel still acknowledges every packet, nothing answers (SIGCONT after)."""

    async def __aenter__(self):
        self.hub.signal(signal.SIGSTOP)

    async def __aexit__(self, *exc):
        self.hub.signal(signal.SIGCONT)


def test_the_site_page_opened_on_the_standby_joins_the_active_hub_and_follows_a_takeover(
    hub_store,
    chromium_path,
):
    _on_a_pair(hub_store, chromium_path, "b", _Killed)


def test_the_site_page_notices_a_silent_hub_and_follows_the_takeover(hub_store, chromium_path):
    """A frozen hub is a silent one, as a lost machine is. A browser's WebSocket would wait on it
    for minutes; the page's answered beats tell it in seconds, and it goes on to the hub that
    takes over."""
    _on_a_pair(hub_store, chromium_path, "a", _Frozen)


def test_the_site_page_gives_up_an_address_that_does_not_answer_and_joins_the_next(hub_store, chromium_path):
    """The link names a third address whose kernel accepts connections that nothing ever answers
    (a frozen hub, or a listener that never reads). When hub-a is lost the page tries it next:
    it must give it up within seconds and go on to hub-b, not wait there on the browser's own
    timeouts."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # connections complete in the kernel's backlog and are never accepted
        address = f"http://127.0.0.1:{silent.getsockname()[1]}"
        _on_a_pair(hub_store, chromium_path, "a", _Killed, more_hubs=address)
