"""The hub serves the site page (console/hub/site_page.py) with headers that keep it to itself."""

import aiohttp

from console.hub import HubRunner
from tests.aio import run_async


async def fetch(url):
    async with aiohttp.ClientSession() as http, http.get(url) as reply:
        return reply.status, reply.headers, await reply.text()


def test_the_page_and_its_assets_are_served(hub_db):
    path, _ = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            status, headers, body = await fetch(f"{runner.url}/site?token=st_x")
            assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
            assert '<script src="/site/site.js"' in body and "Điểm cầu" in body
            # The link carries the token: never cached, never sent on as a referrer.
            assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
            csp = headers["Content-Security-Policy"]
            assert "default-src 'none'" in csp and "script-src 'self'" in csp
            assert f"connect-src 'self' ws://127.0.0.1:{runner.port} wss://127.0.0.1:{runner.port};" in csp
            for name, kind in (("site.js", "text/javascript"), ("site.css", "text/css")):
                status, headers, body = await fetch(f"{runner.url}/site/{name}")
                assert status == 200 and headers["Content-Type"].startswith(kind) and len(body) > 1000
            async with aiohttp.ClientSession() as http:
                async with http.get(f"{runner.url}/site/?token=st_x", allow_redirects=False) as reply:
                    assert reply.status == 302 and reply.headers["Location"] == "/site?token=st_x"
            for bad in ("site.html.bak", "..%2Fserver.py", "..%2F..%2Fpyproject.toml"):
                status, _, _ = await fetch(f"{runner.url}/site/{bad}")
                assert status == 404, bad

    run_async(scenario())
