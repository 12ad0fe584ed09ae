"""The hub serves its directory to consoles on other machines (console/hub/directory_api.py)."""

import aiohttp

from console.directory import SiteDirectory, credentials
from console.hub import HubRunner
from tests.aio import run_async


async def fetch(url, token=None, etag=None):
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if etag:
        headers["If-None-Match"] = etag
    async with aiohttp.ClientSession() as http, http.get(f"{url}/api/directory", headers=headers) as reply:
        body = await reply.json() if reply.status in (200, 401) else None
        return reply.status, reply.headers, body


def test_only_console_tokens_read_the_directory_and_a_revoked_one_at_once_no_more(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            for token in (None, tokens["site"], "op_not_issued"):
                status, headers, body = await fetch(runner.url, token)
                assert status == 401 and headers["WWW-Authenticate"] == "Bearer"
                assert body["error"] == "unauthorized"

            status, headers, body = await fetch(runner.url, tokens["operator"])
            assert status == 200 and headers["Cache-Control"] == "no-store"
            assert body["directory"]["id"] and len(body["records"]) > 10000
            etag = headers["ETag"]
            status, headers, _ = await fetch(runner.url, tokens["operator"], etag)
            assert status == 304 and headers["ETag"] == etag
            status, _, body = await fetch(runner.url, tokens["local"])  # from this machine
            assert status == 200 and len(body["records"]) > 10000

            directory = SiteDirectory(path)  # as the command line would, while the hub runs
            assert credentials.revoke_operator_token(directory, "anh")
            directory.close()
            status, _, _ = await fetch(runner.url, tokens["operator"])
            assert status == 401

    run_async(scenario())
