"""``GET /api/directory``: the hub's directory for consoles on other machines (replica.py).

Any console token may read it (every role watches); the local token only from this machine.
The body (10,810 sites: 1.6 MB of JSON, ~200 KB gzipped) is built once per directory version
on the directory worker and served from memory.

It is handed what it needs from the hub (server.py), rather than importing the hub, which
mounts it: the tokens in force, a way to bring them up to date, and the directory worker.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from console.directory.credentials import Credential
from console.directory.replica import directory_version, export_records


def add_directory_api(
    app: web.Application,
    *,
    fresh: Callable[[], Awaitable[Any]],
    operator: Callable[[str], Credential | None],
    on_directory: Callable[[Callable[[Any], Any]], Awaitable[Any]],
) -> None:
    """Serve the directory on ``app``. ``fresh()`` brings the tokens in force up to date (a
    token revoked a moment ago is already out); ``operator(token)`` is the console credential
    of ``token`` among them, or None; ``on_directory(call)`` runs ``call`` on the directory worker."""
    cache: dict[str, bytes] = {}

    async def directory(request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        await fresh()
        credential = operator(token) if token else None
        if credential is None or (credential.kind == "local" and not _loopback(request.remote or "")):
            return web.json_response(
                {"error": "unauthorized", "message": "an operator token is needed"},
                status=401,
                headers={"WWW-Authenticate": "Bearer"},
            )

        def build(d) -> tuple[str, bytes]:
            version = directory_version(d)
            tag = f'"{version["id"]}-{version["version"]}"'
            if tag not in cache:
                cache.clear()
                cache[tag] = json.dumps(
                    {"directory": version, "records": export_records(d)}, ensure_ascii=False, separators=(",", ":")
                ).encode("utf-8")
            return tag, cache[tag]

        tag, body = await on_directory(build)
        if request.headers.get("If-None-Match") == tag:
            return web.Response(status=304, headers={"ETag": tag})
        response = web.Response(
            body=body, content_type="application/json", headers={"ETag": tag, "Cache-Control": "no-store"}
        )
        response.enable_compression()
        return response

    app.router.add_get("/api/directory", directory)


def _loopback(address: str) -> bool:
    from console.signaling.hub_address import is_loopback

    return is_loopback(address)
