"""Fetch a hub's directory (``GET /api/directory``) for a console's replica."""

from __future__ import annotations

from typing import Any

import aiohttp

from console.signaling import strict_json
from console.signaling.hub_address import HubAddress, explain_tls_error


class DirectoryFetchError(ConnectionError):
    """The directory could not be had; the message says why."""


async def fetch_directory(address: HubAddress, token: str, timeout: float = 60.0) -> dict[str, Any]:
    """``{"directory": {"id", "version"}, "records": [...]}`` from the hub."""
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async with session.get(
                f"{address.url}/api/directory",
                headers={"Authorization": f"Bearer {token}"},
                ssl=address.ssl if address.ssl is not None else True,
            ) as reply:
                if reply.status != 200:
                    raise DirectoryFetchError(f"the hub refused its directory: HTTP {reply.status}")
                document = strict_json.loads(await reply.read())
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        raise DirectoryFetchError(explain_tls_error(exc, address) or f"cannot fetch the directory: {exc}") from exc
    except ValueError as exc:
        raise DirectoryFetchError(f"the hub's directory is not valid JSON: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("records"), list):
        raise DirectoryFetchError("the hub's directory has no records")
    return document
