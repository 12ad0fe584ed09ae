"""Reasons from the Qt-free layers, said in the console's language.

The hub, the directory, the signaling client and the media worker name why something failed (a
code and its arguments, console/model/reasons.py) beside their English sentence. Here each code
has its template, translated like every other text; a code this console does not know (a newer
hub's) shows the English sentence, as does an exception that names no reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from console.model.reasons import reason_of
from console.translatable import QT_TRANSLATE_NOOP
from console.views.roles import role_name

CONTEXT = "Reasons"

TEMPLATES = {
    # the hub connection (console/signaling/channel.py, client.py; the media service)
    "hub_refused": QT_TRANSLATE_NOOP(
        "Reasons",
        "cannot reach the hub at {address}: nothing answers there (the "
        "connection was refused; is the hub running, on that port?)",
    ),
    "hub_name_not_found": QT_TRANSLATE_NOOP(
        "Reasons", "cannot reach the hub at {address}: no computer has that name (check its spelling)"
    ),
    "hub_tls_failed": QT_TRANSLATE_NOOP(
        "Reasons", "cannot reach the hub at {address}: its certificate was not accepted (TLS)"
    ),
    "hub_timed_out": QT_TRANSLATE_NOOP("Reasons", "cannot reach the hub at {address}: no answer in time"),
    "hub_not_answering_websocket": QT_TRANSLATE_NOOP(
        "Reasons", "something answers at {address}, but not as an opsconsole hub"
    ),
    "hub_unreachable": QT_TRANSLATE_NOOP("Reasons", "cannot reach the hub at {address}: the network failed"),
    "hub_connection_closed": QT_TRANSLATE_NOOP("Reasons", "the connection to the hub is closed"),
    "hub_closed_connection": QT_TRANSLATE_NOOP("Reasons", "the hub closed the connection (code {code})"),
    "not_connected": QT_TRANSLATE_NOOP("Reasons", "this console is not connected to a hub"),
    "no_welcome": QT_TRANSLATE_NOOP("Reasons", "the hub did not answer this console's greeting"),
    "no_reply": QT_TRANSLATE_NOOP("Reasons", "the hub did not answer within {seconds} s"),
    # the media worker (console/media/client.py)
    "media_worker_ended": QT_TRANSLATE_NOOP("Reasons", "the media worker ended (exit code {code})"),
    "media_worker_refused": QT_TRANSLATE_NOOP("Reasons", "the media worker refused to start: {reason}"),
    # a site's media session (console/media/session.py)
    "media_connection_failed": QT_TRANSLATE_NOOP("Reasons", "the media connection failed (ICE or DTLS)"),
    "site_closed_media": QT_TRANSLATE_NOOP("Reasons", "the site closed the media connection"),
    "no_media_path": QT_TRANSLATE_NOOP("Reasons", "no media path to the site (NAT, firewall or relay)"),
    "answer_not_applied": QT_TRANSLATE_NOOP("Reasons", "the site's answer could not be applied: {detail}"),
    # the hub's refusals (console/hub)
    "role_may_not": QT_TRANSLATE_NOOP("Reasons", "this console's role may not do that: it needs the {needed} role"),
    "wall_locked": QT_TRANSLATE_NOOP("Reasons", "the wall {wall} is locked by {operator}"),
    "unknown_site": QT_TRANSLATE_NOOP("Reasons", "no site {site} in the hub's directory"),
    "site_not_online": QT_TRANSLATE_NOOP("Reasons", "the site {site} is not online"),
    "no_active_site": QT_TRANSLATE_NOOP("Reasons", "no active site {site}"),
    "token_revoked": QT_TRANSLATE_NOOP("Reasons", "this console's operator token was revoked"),
    "token_invalid": QT_TRANSLATE_NOOP("Reasons", "the hub does not accept this console's token (wrong or revoked)"),
    "unknown_alarm": QT_TRANSLATE_NOOP("Reasons", "no alarm {alarm}"),
    "alarm_closed": QT_TRANSLATE_NOOP("Reasons", "alarm {alarm} is closed (its condition cleared at {at})"),
    "alarm_acknowledged": QT_TRANSLATE_NOOP("Reasons", "alarm {alarm} was already acknowledged by {operator} at {at}"),
    "no_province_on_board": QT_TRANSLATE_NOOP(
        "Reasons", "no province {province} on the board (it holds {known} provinces; codes such as {examples})"
    ),
    # groups (console/directory/store.py)
    "no_active_province": QT_TRANSLATE_NOOP("Reasons", "no active province with code {code}"),
    "no_group": QT_TRANSLATE_NOOP("Reasons", "no group named {group}"),
    "group_exists": QT_TRANSLATE_NOOP("Reasons", "a group {group} exists already"),
    "group_would_be_empty": QT_TRANSLATE_NOOP("Reasons", "the group {group} would be empty"),
    "group_needs_name": QT_TRANSLATE_NOOP("Reasons", "a group needs a name"),
    "unknown_sites": QT_TRANSLATE_NOOP("Reasons", "unknown sites: {sites}"),
    # the hub's address (console/signaling/hub_address.py)
    "bad_hub_address": QT_TRANSLATE_NOOP("Reasons", "expected the hub's address like {example}, got {text}"),
    "plain_http_elsewhere": QT_TRANSLATE_NOOP(
        "Reasons",
        "{text}: plain http is allowed only to this machine; a hub "
        "on {host} needs https:// (wss://), so that tokens and "
        "signaling are encrypted and the hub is verified",
    ),
    "ca_needs_https": QT_TRANSLATE_NOOP("Reasons", "a CA file is for a hub reached over https"),
}

ROLE_ARGS = frozenset({"role", "needed"})


def say_reason(code: str, args: dict[str, Any] | None, english: str) -> str:
    """The reason ``code`` with ``args`` in the language spoken now; ``english`` where the code
    is unknown or its arguments do not fit its template."""
    template = TEMPLATES.get(code)
    if template is None:
        return english
    args = dict(args or {})
    for name in ROLE_ARGS.intersection(args):  # a role is a word of the console's language too
        args[name] = role_name(str(args[name]))
    try:
        return QCoreApplication.translate(CONTEXT, template).format(**args)
    except (KeyError, IndexError, ValueError):
        return english


def reason_text(error: object) -> str:
    """Why ``error`` happened, in the language spoken now (its English text if it names no
    reason this console knows)."""
    english = getattr(error, "message", None) or str(error)
    code, args = reason_of(error)
    return say_reason(code, args, english) if code else english
