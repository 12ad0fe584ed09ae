"""The site page: a commune joins from a browser at ``/site`` (docs/protocol.md, "The site page").

Plain HTML, CSS and JavaScript shipped inside the package (``site_assets/``), no build step.
The page speaks the same protocol as the Python site agent over ``/ws/site``. Headers keep the
token in the link private (no referrer, no caching of the page) and confine the page to this
host: scripts, styles and connections go nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aiohttp import web

ASSETS = Path(__file__).with_name("site_assets")
_FILES = {
    "site.js": "text/javascript",
    "site.css": "text/css",
    "site_sfu.js": "text/javascript",
}  # media mode "sfu": publishing into Janus
# SFU: the Janus shards the page may also connect to (their API origins), asked per request.
CONNECT_SOURCES = web.AppKey[Callable[[], list[str]]]("connect_sources")  # not a class: the type goes in []


def add_site_page(app: web.Application, connect_sources: Callable[[], list[str]] | None = None) -> None:
    """Register ``GET /site`` and its assets on the hub's application. ``connect_sources``
    (media mode "sfu"): origins besides the hub the page may connect to (Janus shards)."""
    if connect_sources is not None:
        app[CONNECT_SOURCES] = connect_sources
    app.router.add_get("/site", _page)
    app.router.add_get("/site/", _to_page)
    app.router.add_get("/site/{name}", _asset)


def _headers(request: web.Request, cache: str) -> dict[str, str]:
    host = request.host
    extra = "".join(f" {origin}" for origin in request.app.get(CONNECT_SOURCES, lambda: [])())  # SFU
    csp = (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"media-src 'self' blob: mediastream:; connect-src 'self' ws://{host} wss://{host}{extra}; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    return {
        "Cache-Control": cache,
        "Content-Security-Policy": csp,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(self), microphone=(self)",
    }


async def _page(request: web.Request) -> web.Response:
    # no-store: the link carries the site's token, and a stale page must never outlive an upgrade
    body = (ASSETS / "site.html").read_bytes()
    return web.Response(body=body, content_type="text/html", charset="utf-8", headers=_headers(request, "no-store"))


async def _to_page(request: web.Request) -> web.Response:
    query = request.query_string  # keeps ?token=… of a hand-typed link
    raise web.HTTPFound("/site" + (f"?{query}" if query else ""))


async def _asset(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in _FILES:
        raise web.HTTPNotFound(text=f"no such file: {name}")
    body = (ASSETS / name).read_bytes()
    return web.Response(body=body, content_type=_FILES[name], charset="utf-8", headers=_headers(request, "no-cache"))
