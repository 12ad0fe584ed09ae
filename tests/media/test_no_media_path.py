"""A console's session whose site never gets a media path is told so ("no_media_path") within
the session's deadline, instead of waiting as "connecting" for ever (real hub, real aiortc
session; the site joins the hub but its media never comes: it never answers the offer)."""

from console.hub import HubRunner
from console.media import MediaManager, View
from console.media.session import NO_MEDIA_PATH_S
from console.signaling import HubClient, WebSocketChannel
from tests.aio import run_async
from tests.media.support import wait_until

SITE = "commune:4"


def test_a_site_whose_media_never_comes_is_said_to_have_no_media_path(media_db):
    path, tokens = media_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = HubClient(WebSocketChannel(runner.url, "site"), "site", tokens["local"], site=SITE)
            offers = []
            site.on("offer", offers.append)  # heard, never answered
            await site.join()
            console = HubClient(WebSocketChannel(runner.url, "console"), "console", tokens["operator"])
            await console.join()
            manager = MediaManager(console)
            session = await manager.subscribe(SITE, View(320, 180))
            await wait_until(lambda: session.state == "failed", timeout=60)
            assert offers, "the site heard the offer"
            assert session.error_code == "no_media_path", session.error
            await manager.close()
            await console.close()
            await site.close()

    run_async(scenario(), timeout=90)


def test_the_deadline_leaves_the_tile_its_10_s():
    """The alarm check runs every second: the deadline must leave room for it."""
    assert NO_MEDIA_PATH_S + 1.0 <= 10.0
