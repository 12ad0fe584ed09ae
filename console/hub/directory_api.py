"""``GET /api/directory``: the hub's directory for consoles on other machines (replica.py).

Any console token may read it (every role watches); the local token only from this machine.
The body (10,810 sites: 1.6 MB of JSON, ~200 KB gzipped) is built once per directory version
on the directory worker and served from memory.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from aiohttp import web

from console.directory.replica import directory_version, export_records

if TYPE_CHECKING:
    from console.hub.server import Hub


def add_directory_api(app: web.Application, hub: "Hub") -> None:
    cache: dict[str, bytes] = {}

    async def directory(request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        await hub.watch.fresh()
        credential = hub.tokens.operator(token) if token and hub.tokens else None
        if credential is None or (credential.kind == "local" and not _loopback(request.remote or "")):
            return web.json_response({"error": "unauthorized", "message": "an operator token is needed"},
                                     status=401, headers={"WWW-Authenticate": "Bearer"})

        def build(d) -> tuple[str, bytes]:
            version = directory_version(d)
            tag = f'"{version["id"]}-{version["version"]}"'
            if tag not in cache:
                cache.clear()
                cache[tag] = json.dumps({"directory": version, "records": export_records(d)},
                                        ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            return tag, cache[tag]

        tag, body = await hub._db(build)
        if request.headers.get("If-None-Match") == tag:
            return web.Response(status=304, headers={"ETag": tag})
        response = web.Response(body=body, content_type="application/json", headers={"ETag": tag,
                                                                                       "Cache-Control": "no-store"})
        response.enable_compression()
        return response

    app.router.add_get("/api/directory", directory)


def _loopback(address: str) -> bool:
    from console.signaling.hub_address import is_loopback
    return is_loopback(address)
