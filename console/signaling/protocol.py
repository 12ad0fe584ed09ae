"""The hub's JSON protocol: message types, their fields, and validation.

One table (``MESSAGES``) says, for every message either side may send, which fields it has
and of what type; ``docs/protocol.md`` documents the same table for people, and a test keeps
the two in step. Anything that does not fit gets a ``ProtocolError`` with a stable ``code``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024  # an SDP with candidates is ~3-8 KB; a roll-call reply goes the other way
HEARTBEAT_S = 5.0
DEAD_AFTER_S = 15.0

# Error codes (the ``code`` field of an ``error`` message).
BAD_JSON = "bad_json"
TOO_LARGE = "too_large"
BAD_MESSAGE = "bad_message"
UNAUTHORIZED = "unauthorized"
NOT_JOINED = "not_joined"
SITE_OFFLINE = "site_offline"
UNKNOWN_SESSION = "unknown_session"
UNKNOWN_SITE = "unknown_site"
TIMEOUT = "timeout"
REPLACED = "replaced"
INTERNAL = "internal"

CONTROL_ACTIONS = ("set_video", "request_keyframe", "mute_audio", "unmute_audio", "lower_hand",
                   "start_talk", "end_talk")

_STR, _INT, _NUM, _BOOL, _OBJ, _LIST = str, int, (int, float), bool, dict, list
_ID = (str, int)


@dataclass(frozen=True)
class Field:
    types: Any
    required: bool = True
    nullable: bool = False


def _f(types: Any, required: bool = True, nullable: bool = False) -> Field:
    return Field(types, required, nullable)


# Messages a client (site or console) sends to the hub. Every request may carry "id";
# the hub's reply (or error) to it carries the same value as "re".
CLIENT_MESSAGES: dict[str, dict[str, Field]] = {
    "hello": {"role": _f(_STR), "token": _f(_STR), "site": _f(_STR, False),
              "agent": _f(_STR, False), "state": _f(_OBJ, False)},
    "heartbeat": {},
    "bye": {},
    # site -> hub
    "answer": {"session": _f(_STR), "sdp": _f(_STR)},
    "control_result": {"request": _f(_STR), "ok": _f(_BOOL), "state": _f(_OBJ, False),
                       "error": _f(_STR, False)},
    "state": {"state": _f(_OBJ)},
    "stats": {"session": _f(_STR, False), "stats": _f(_OBJ)},
    "raise_hand": {"raised": _f(_BOOL)},
    # console -> hub
    "roll_call": {"online_only": _f(_BOOL, False), "keys": _f(_LIST, False)},
    "offer": {"site": _f(_STR), "session": _f(_STR), "sdp": _f(_STR)},
    "control": {"site": _f(_STR), "action": _f(_STR), "params": _f(_OBJ, False)},
    # both directions
    "ice": {"session": _f(_STR), "site": _f(_STR, False), "candidate": _f(_OBJ, True, nullable=True)},
    "hangup": {"session": _f(_STR), "site": _f(_STR, False), "reason": _f(_STR, False)},
}

# Messages the hub sends (documented in docs/protocol.md; a test keeps the two in step).
SERVER_MESSAGES = ("welcome", "error", "ack", "presence", "roll_call", "offer", "answer", "ice",
                   "hangup", "control", "control_result", "site_state", "hand", "site_stats")
ERROR_CODES = (BAD_JSON, TOO_LARGE, BAD_MESSAGE, UNAUTHORIZED, NOT_JOINED, SITE_OFFLINE,
               UNKNOWN_SITE, UNKNOWN_SESSION, TIMEOUT, REPLACED, INTERNAL)

# Which client messages each role may send once joined.
ROLE_MESSAGES = {
    "site": {"heartbeat", "bye", "answer", "ice", "hangup", "control_result", "state", "stats",
             "raise_hand"},
    "console": {"heartbeat", "bye", "roll_call", "offer", "ice", "hangup", "control"},
}
ROLES = tuple(ROLE_MESSAGES)


class ProtocolError(Exception):
    """A message the hub (or a client) cannot accept; ``code`` is one of the codes above."""

    def __init__(self, code: str, message: str, re: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.re = re

    def to_message(self) -> dict[str, Any]:
        return error_message(self.code, self.message, self.re)


def error_message(code: str, message: str, re: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if re is not None:
        out["re"] = re
    return out


def decode(text: str | bytes, limit: int = MAX_MESSAGE_BYTES) -> dict[str, Any]:
    """Parse and validate one client message; raise ProtocolError saying what is wrong."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > limit:
        raise ProtocolError(TOO_LARGE, f"message of {size} bytes exceeds the limit of {limit} bytes")
    try:
        message = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ProtocolError(BAD_JSON, f"not valid JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError(BAD_MESSAGE, "a message must be a JSON object")
    re = message.get("id")
    if re is not None and (not isinstance(re, _ID) or isinstance(re, bool) or len(str(re)) > 64):
        raise ProtocolError(BAD_MESSAGE, "'id' must be a string or integer of at most 64 characters")
    kind = message.get("type")
    if not isinstance(kind, str):
        raise ProtocolError(BAD_MESSAGE, "missing 'type' (a string)", re)
    spec = CLIENT_MESSAGES.get(kind)
    if spec is None:
        raise ProtocolError(BAD_MESSAGE, f"unknown message type {kind!r}", re)
    for name, field in spec.items():
        if name not in message:
            if field.required:
                raise ProtocolError(BAD_MESSAGE, f"{kind}: missing field {name!r}", re)
            continue
        value = message[name]
        if value is None and field.nullable:
            continue
        if not isinstance(value, field.types) or (isinstance(value, bool) and field.types in (_INT, _NUM)):
            raise ProtocolError(BAD_MESSAGE, f"{kind}.{name}: expected {_type_name(field.types)}, "
                                             f"got {type(value).__name__}", re)
    return message


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def _type_name(types: Any) -> str:
    names = {str: "string", int: "integer", float: "number", bool: "boolean", dict: "object",
             list: "array"}
    if isinstance(types, tuple):
        return " or ".join(names.get(t, t.__name__) for t in types)
    return names.get(types, types.__name__)


def validate_video_params(params: dict[str, Any]) -> dict[str, Any]:
    """``set_video`` params: ``{"width", "height", "fps"}`` or ``{"paused": true}``."""
    if params.get("paused") is True:
        return {"paused": True}
    out = {}
    for name, low, high in (("width", 16, 3840), ("height", 16, 2160), ("fps", 1, 60)):
        value = params.get(name)
        if name == "fps" and value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ProtocolError(BAD_MESSAGE, f"set_video.{name}: expected an integer in {low}..{high}")
        out[name] = value
    return out


def validate_control_params(action: str, params: Any) -> dict[str, Any]:
    """The params of a control action, checked; moderation actions take none."""
    if not isinstance(params, dict):
        raise ProtocolError(BAD_MESSAGE, f"{action}.params: expected an object")
    if action == "set_video":
        return validate_video_params(params)
    if action in ("mute_audio", "unmute_audio", "lower_hand", "start_talk", "end_talk", "request_keyframe"):
        if params:
            raise ProtocolError(BAD_MESSAGE, f"{action} takes no params, got {', '.join(sorted(params))}")
    return params
