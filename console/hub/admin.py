"""Tokens and invitations through the hub, so an admin at a remote console needs no access to
the hub's database. Each operation runs on the directory worker and is audited under the
admin's name, as the same operation at the terminal is under ``cli``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from console.directory import credentials
from console.directory.store import SiteLookupError
from console.model.reasons import explained
from console.signaling import protocol
from console.signaling.protocol import ProtocolError


def site_link(hub_url: str, token: str) -> str:
    """The site page's join link, as ``sites invite`` prints it."""
    return f"{hub_url.rstrip('/')}/site?token={quote(token, safe='')}"


def administer(directory, message: dict[str, Any], actor: str, hub_url: str) -> dict[str, Any]:
    """Carry out a validated ``admin`` request; the ``admin_result`` (without ``re``).

    Raises ProtocolError (``bad_message``, ``unknown_site``) for what cannot be done."""
    op, re = message["op"], message.get("id")

    def need(field: str) -> str:
        if not message.get(field):
            raise ProtocolError(protocol.BAD_MESSAGE, f"admin {op} needs {field!r}", re)
        return message[field]

    try:
        if op in ("issue_site_token", "invite", "revoke_site_token"):
            site = directory.get(need("site"))
            if site is None or not site.active:
                raise explained(
                    ProtocolError(protocol.UNKNOWN_SITE, f"no active site {message['site']!r}", re),
                    "no_active_site",
                    site=message["site"],
                )
            if op == "revoke_site_token":
                had = credentials.revoke_site_token(directory, site.key, actor=actor)
                return {"op": op, "ok": True, "site": site.key, "had_token": had}
            token = credentials.issue_site_token(directory, site.key, actor=actor)
            result = {"op": op, "ok": True, "site": site.key, "name": site.name, "token": token}
            if op == "invite":
                result["link"] = site_link(message.get("hub") or hub_url, token)
            return result
        if op == "issue_operator_token":
            name, role = need("name"), message.get("role") or "operator"
            token = credentials.issue_operator_token(directory, name, actor=actor, role=role)
            return {"op": op, "ok": True, "name": name, "role": role, "token": token}
        if op == "revoke_operator_token":
            name = need("name")
            return {
                "op": op,
                "ok": True,
                "name": name,
                "had_token": credentials.revoke_operator_token(directory, name, actor=actor),
            }
    except (ValueError, SiteLookupError) as exc:
        raise ProtocolError(protocol.BAD_MESSAGE, f"admin {op}: {exc}", re) from None
    raise ProtocolError(protocol.BAD_MESSAGE, f"unknown admin op {op!r}; one of {', '.join(protocol.ADMIN_OPS)}", re)
