"""The site page takes the relay the hub names, with its own credentials and their renewals,
and still plays to a console (real Chromium, real coturn on 127.0.0.1, tests/coturn.py)."""

import json

import pytest

from console.hub import HubRunner
from console.hub.turn_relay import TurnIssuer
from console.media import MediaManager, View
from tests import coturn
from tests.aio import run_async
from tests.browser.chromium import Chromium
from tests.browser.conftest import SITE
from tests.browser.test_site_page import console_for, joined, page_url, wait_until

pytestmark = pytest.mark.skipif(coturn.unavailable_reason() is not None, reason=str(coturn.unavailable_reason()))

SECRET = "page-relay-secret"


def test_the_page_uses_its_own_relay_credentials_and_takes_the_renewed_ones(page_db, chromium_path):
    path, tokens = page_db

    async def scenario():
        with coturn.Coturn(secret=SECRET) as relay:
            issuer = TurnIssuer([relay.stun_url, relay.url("udp")], SECRET, ttl_s=4.0)
            async with HubRunner(path, port=0, turn=issuer) as runner, Chromium(chromium_path) as browser:
                page = await browser.open(page_url(runner, tokens["site"]))
                await joined(page)
                first = await page.evaluate("siteState.iceServers[1].username")
                assert first.endswith(f":site-{SITE.replace(':', '-')}")
                assert await page.evaluate("siteState.iceServers[0].urls[0]") == relay.stun_url
                hub = await console_for(runner, tokens["operator"])
                manager = MediaManager(hub)
                session = await manager.subscribe(SITE, View(320, 180))
                await wait_until(lambda: session.video.received > 5, 30, "frames from a page configured with the relay")
                # The hub renews at half the credential's life.
                await page.wait_for(f"siteState.iceServers[1].username !== {json.dumps(first)}", 30, "a renewal")
                await manager.close()
                await hub.close()

    run_async(scenario(), timeout=120)
