"""The hub's JSON protocol: message types, their fields, and validation.

One table (``MESSAGES``) says, for every message either side may send, which fields it has
and of what type; ``docs/protocol.md`` documents the same table for people, and a test keeps
the two in step. Anything that does not fit gets a ``ProtocolError`` with a stable ``code``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from console.model import reasons
from console.signaling import strict_json

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
FORBIDDEN = "forbidden"
UNKNOWN_ALARM = "unknown_alarm"
TOO_MANY_ATTEMPTS = "too_many_attempts"
INTERNAL = "internal"
STANDBY = "standby"  # a standby hub of a pair: the error names the active hub's address
CLOSE_STANDBY = 4013  # the close code of a standby's refusal, and of a hub that stepped down

CONTROL_ACTIONS = (
    "set_video",
    "request_keyframe",
    "mute_audio",
    "unmute_audio",
    "lower_hand",
    "start_talk",
    "end_talk",
    "set_recording",
)  # the site is told the room records it

# Console roles, each allowed what the ones before it are, and more (enforced by the hub;
# the console hides what its role may not do). Permissions name what a request needs.
CONSOLE_ROLES = ("viewer", "presenter", "operator", "admin")
PERMISSIONS = {
    "watch": "viewer",  # roll-call, subscribe (offer/ice/hangup), say what a tile needs (view), see room walls
    "talk": "presenter",  # open and end a spot-check talk
    "room_wall": "presenter",  # change a room wall: push a site, layout, focus, page, lock
    "moderate": "operator",  # mute, unmute, lower a hand, set a site's video, ask a keyframe
    "administer": "admin",  # issue and revoke tokens, invite sites, through the hub
    "acknowledge": "presenter",  # acknowledge an alarm (raising and clearing them is part of watching)
    "meeting": "presenter",  # say which group is in the meeting (its sites going offline raise alarms)
}
CONTROL_PERMISSION = {
    "start_talk": "talk",
    "end_talk": "talk",
    "mute_audio": "moderate",
    "unmute_audio": "moderate",
    "lower_hand": "moderate",
    "set_video": "moderate",
    "request_keyframe": "moderate",
    "set_recording": "moderate",
}
WALL_OPS = ("get", "push", "layout", "focus", "page", "set", "lock", "unlock")
ADMIN_OPS = ("issue_site_token", "revoke_site_token", "invite", "issue_operator_token", "revoke_operator_token")


def permissions_of(role: str) -> tuple[str, ...]:
    """What a console of ``role`` may do (nothing for an unknown role)."""
    if role not in CONSOLE_ROLES:
        return ()
    rank = CONSOLE_ROLES.index(role)
    return tuple(name for name, needs in PERMISSIONS.items() if CONSOLE_ROLES.index(needs) <= rank)


def message_permission(message: dict[str, Any]) -> str:
    """The permission a console's (validated) message needs."""
    kind = message["type"]
    if kind == "control":
        return CONTROL_PERMISSION.get(message["action"], "moderate")
    if kind == "wall":
        return "watch" if message["op"] == "get" else "room_wall"
    if kind == "admin":
        return "administer"
    if kind == "alarm_ack":
        return "acknowledge"
    if kind == "meeting":
        return "meeting"
    return "watch"


_STR, _INT, _NUM, _BOOL, _OBJ, _LIST = str, int, (int, float), bool, dict, list
_ID = (str, int)

# Sizes, in characters. Site keys are ``level:code``; sessions and requests are UUIDs.
KEY_CHARS = 64
SESSION_CHARS = 64
TOKEN_CHARS = 128
REASON_CHARS = 512
SDP_CHARS = 32 * 1024  # what console/rtc/sdp.py accepts
WALL_NAME_CHARS = 32
GROUP_CHARS = 64
OPERATOR_CHARS = 64
MAX_DEPTH = strict_json.MAX_DEPTH
ROLL_CALL_KEYS = 20_000
KEPT_SESSIONS = 256  # media sessions a client says it kept through a lost hub (a console's most)
SITE_STATE_BYTES = 4096  # the most a site's state can weigh, encoded


@dataclass(frozen=True)
class Field:
    """One field of a message: its type(s) and bounds.

    ``max_len`` bounds a string's characters or an array's items (an object's fields);
    ``low``/``high`` a number; ``schema`` lists an object's fields (others are dropped: never
    stored, never relayed); ``items`` describes an array's elements, ``values`` a free-form
    object's. An object without a schema is free-form, still strict JSON (the gate) and bounded
    by the message size.
    """

    types: Any
    required: bool = True
    nullable: bool = False
    max_len: int | None = None
    low: float | None = None
    high: float | None = None
    schema: dict[str, Field] | None = None
    items: Field | None = None
    values: Field | None = None  # a free-form object's every value (its names: ≤ 32 characters)


def _f(types: Any, required: bool = True, nullable: bool = False, **bounds: Any) -> Field:
    return Field(types, required, nullable, **bounds)


def _text(max_len: int, required: bool = True, nullable: bool = False) -> Field:
    return Field(_STR, required, nullable, max_len=max_len)


_KEY = _text(KEY_CHARS)
_SESSION = _text(SESSION_CHARS)
_SDP = _text(SDP_CHARS)

# What a site may say about itself (hello.state, state, control_result.state). Unknown
# fields are dropped, so a site's state stays within SITE_STATE_BYTES (tests check it).
VIDEO_STATE = {
    "width": _f(_INT, False, True, low=0, high=8192),
    "height": _f(_INT, False, True, low=0, high=8192),
    "fps": _f(_NUM, False, True, low=0, high=240),
    "paused": _f(_BOOL, False, True),
}
SITE_STATE = {
    "muted": _f(_BOOL, False),
    "muted_by": _text(KEY_CHARS, False, True),
    "hand_raised": _f(_BOOL, False),
    "talking": _f(_BOOL, False),
    "video": _f(_OBJ, False, schema=VIDEO_STATE),
    "camera": _text(16, False, True),
    "microphone": _text(16, False, True),
    "client": _text(32, False, True),
    "recording": _f(_BOOL, False),  # the operations room records this site now
}
ICE_CANDIDATE = {
    "candidate": _text(2048),
    "sdpMid": _text(64, False, True),
    "sdpMLineIndex": _f(_INT, False, True, low=0, high=1024),
    "usernameFragment": _text(256, False, True),
}
_STATE = _f(_OBJ, schema=SITE_STATE)
# A media session that outlived its hub connection (hello.sessions): a console names the site,
# a site only the session.
KEPT_SESSION = {"session": _SESSION, "site": _text(KEY_CHARS, False)}
_OPTIONAL_STATE = _f(_OBJ, False, schema=SITE_STATE)
# A reason's arguments (console/signaling/reasons.py): a few short texts and numbers.
_REASON_ARGS = _f(_OBJ, False, max_len=reasons.MAX_ARGS, values=_f((str, int, float), max_len=reasons.MAX_ARG_TEXT))

# Messages a client (site or console) sends to the hub. Every request may carry "id";
# the hub's reply (or error) to it carries the same value as "re".
CLIENT_MESSAGES: dict[str, dict[str, Field]] = {
    "hello": {
        "role": _text(16),
        "token": _text(TOKEN_CHARS),
        "site": _text(KEY_CHARS, False),
        "agent": _text(256, False),
        "state": _OPTIONAL_STATE,
        "sessions": _f(_LIST, False, max_len=KEPT_SESSIONS, items=_f(_OBJ, schema=KEPT_SESSION)),
    },
    "heartbeat": {},
    "bye": {},
    # site -> hub
    "answer": {"session": _SESSION, "sdp": _SDP},
    "control_result": {
        "request": _SESSION,
        "ok": _f(_BOOL),
        "state": _OPTIONAL_STATE,
        "error": _text(REASON_CHARS, False),
    },
    "state": {"state": _STATE},
    "stats": {"session": _text(SESSION_CHARS, False), "stats": _f(_OBJ)},
    "raise_hand": {"raised": _f(_BOOL)},
    # console -> hub
    "roll_call": {"online_only": _f(_BOOL, False), "keys": _f(_LIST, False, max_len=ROLL_CALL_KEYS, items=_KEY)},
    "offer": {"site": _KEY, "session": _SESSION, "sdp": _SDP},
    "control": {"site": _KEY, "action": _text(32), "params": _f(_OBJ, False)},
    "view": {
        "site": _KEY,
        "width": _f(_INT, False, low=16, high=3840),
        "height": _f(_INT, False, low=16, high=2160),
        "fps": _f(_INT, False, low=1, high=60),
        "paused": _f(_BOOL, False),
        "audio_only": _f(_BOOL, False),  # the site's link carries no picture: its sound alone
        "keyframe": _f(_BOOL, False),
    },
    "wall": {
        "op": _text(16),
        "name": _text(WALL_NAME_CHARS, False),
        "site": _text(KEY_CHARS, False),
        "slot": _f(_INT, False, low=0, high=63),
        "layout": _text(16, False),
        "page": _f(_INT, False, low=0, high=100_000),
        "state": _f(_OBJ, False),
    },
    "admin": {
        "op": _text(32),
        "site": _text(KEY_CHARS, False),
        "name": _text(OPERATOR_CHARS, False),
        "role": _text(16, False),
        "hub": _text(512, False),
    },
    "alarms": {"history": _f(_BOOL, False)},
    "alarm_raise": {
        "rule": _text(32),
        "site": _text(KEY_CHARS, False),
        "detail": _text(256, False),
        "detail_kind": _text(32, False),
        "detail_args": _REASON_ARGS,
        "since": _text(40, False),
    },
    "alarm_clear": {"rule": _text(32), "site": _text(KEY_CHARS, False)},
    "alarm_ack": {"alarm": _f(_INT, low=1, high=2**53)},
    "meeting": {"group": _text(GROUP_CHARS, False, nullable=True)},
    # media mode "sfu": a site's stream forwarded by its shard to this console (hub/sfu_forwards.py)
    "forward": {
        "op": _text(16),
        "site": _KEY,
        "kind": _text(8, False),
        "host": _text(64, False),
        "port": _f(_INT, False, low=1024, high=65534),
    },
    # both directions
    "ice": {
        "session": _SESSION,
        "site": _text(KEY_CHARS, False),
        "candidate": _f(_OBJ, True, nullable=True, schema=ICE_CANDIDATE),
    },
    "hangup": {"session": _SESSION, "site": _text(KEY_CHARS, False), "reason": _text(REASON_CHARS, False)},
}

# Messages the hub sends (documented in docs/protocol.md; a test keeps the two in step).
SERVER_MESSAGES = (
    "welcome",
    "error",
    "ack",
    "presence",
    "presence_batch",
    "roll_call",
    "offer",
    "answer",
    "ice",
    "hangup",
    "control",
    "control_result",
    "site_state",
    "hand",
    "site_stats",
    "wall_state",
    "admin_result",
    "alarms",
    "alarm",
    "meeting",
    # media mode "sfu" only (console/hub/sfu.py): where to publish,
    # where every site's feed is, and changes to either
    "media",
    "feeds",
    "feed",
    "forward",
)
ERROR_CODES = (
    BAD_JSON,
    TOO_LARGE,
    BAD_MESSAGE,
    UNAUTHORIZED,
    NOT_JOINED,
    SITE_OFFLINE,
    UNKNOWN_SITE,
    UNKNOWN_SESSION,
    TIMEOUT,
    REPLACED,
    FORBIDDEN,
    TOO_MANY_ATTEMPTS,
    UNKNOWN_ALARM,
    INTERNAL,
    STANDBY,
)
# Errors that say the client sent garbage; MAX_ERRORS_IN_A_ROW of them cut it off.
GARBAGE = (BAD_JSON, TOO_LARGE, BAD_MESSAGE)

# Which client messages each role may send once joined.
ROLE_MESSAGES = {
    "site": {"heartbeat", "bye", "answer", "ice", "hangup", "control_result", "state", "stats", "raise_hand"},
    "console": {
        "heartbeat",
        "bye",
        "roll_call",
        "offer",
        "ice",
        "hangup",
        "control",
        "view",
        "wall",
        "admin",
        "alarms",
        "alarm_raise",
        "alarm_clear",
        "alarm_ack",
        "meeting",
        "forward",
    },
}
ROLES = tuple(ROLE_MESSAGES)


class ProtocolError(Exception):
    """A message the hub (or a client) cannot accept; ``code`` is one of the codes above.

    ``kind`` is the message's type where it could be told, even from a message refused as
    a whole (so a refused ``control`` can still be audited).
    """

    def __init__(self, code: str, message: str, re: Any = None, kind: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.re = re
        self.kind = kind

    def to_message(self) -> dict[str, Any]:
        return error_message(self.code, self.message, self.re, *reasons.reason_of(self))


def error_message(
    code: str, message: str, re: Any = None, reason: str = "", args: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An ``error``; ``reason`` and ``args`` name ``message`` for a console to translate."""
    out: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if reason:
        out["reason"], out["args"] = reason, reasons.clean_args(args or {})
    if re is not None:
        out["re"] = re
    return out


def decode(text: str | bytes, limit: int = MAX_MESSAGE_BYTES) -> dict[str, Any]:
    """Parse and validate one client message through the strict gate.

    Returns a clean copy: the message's known fields only (objects with a schema likewise),
    every value of the type and size the table says. Anything else raises ProtocolError
    naming the field, before any handler sees it.
    """
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    if size > limit:
        raise ProtocolError(
            TOO_LARGE, f"message of {size} bytes exceeds the limit of {limit} bytes", kind=_guess_kind(text[:200])
        )
    try:
        message = strict_json.loads(text)
    except strict_json.StrictJsonError as exc:
        raise ProtocolError(BAD_JSON if exc.syntax else BAD_MESSAGE, str(exc), kind=_guess_kind(text)) from None
    if not isinstance(message, dict):
        raise ProtocolError(BAD_MESSAGE, "a message must be a JSON object")
    request_id = message.get("id")
    if request_id is not None and (
        not isinstance(request_id, _ID) or isinstance(request_id, bool) or len(str(request_id)) > 64
    ):
        raise ProtocolError(BAD_MESSAGE, "'id' must be a string or integer of at most 64 characters")
    kind = message.get("type")
    if not isinstance(kind, str):
        raise ProtocolError(BAD_MESSAGE, "missing 'type' (a string)", request_id)
    spec = CLIENT_MESSAGES.get(kind)
    if spec is None:
        raise ProtocolError(BAD_MESSAGE, f"unknown message type {kind[:40]!r}", request_id)
    clean: dict[str, Any] = {"type": kind}
    if request_id is not None:
        clean["id"] = request_id
    try:
        clean.update(_fields(spec, message, kind))
    except _Invalid as exc:
        raise ProtocolError(BAD_MESSAGE, str(exc), request_id, kind) from None
    return clean


class _Invalid(ValueError):
    pass


def _fields(spec: dict[str, Field], value: dict[str, Any], where: str) -> dict[str, Any]:
    out = {}
    for name, field in spec.items():
        if name not in value:
            if field.required:
                raise _Invalid(f"{where}: missing field {name!r}")
            continue
        out[name] = _value(field, value[name], f"{where}.{name}")
    return out


def _value(field: Field, value: Any, where: str) -> Any:
    if value is None and field.nullable:
        return None
    if not isinstance(value, field.types) or (isinstance(value, bool) and field.types is not _BOOL):
        raise _Invalid(f"{where}: expected {_type_name(field.types)}, got {_json_type(value)}")
    if field.max_len is not None and isinstance(value, (str, list, dict)) and len(value) > field.max_len:
        unit = "characters" if isinstance(value, str) else "items"
        raise _Invalid(f"{where}: at most {field.max_len} {unit}, got {len(value)}")
    if field.low is not None and not field.low <= value <= field.high:
        raise _Invalid(f"{where}: expected {field.low:g}..{field.high:g}, got {value}")
    if field.schema is not None:
        return _fields(field.schema, value, where)
    if field.items is not None:
        return [_value(field.items, item, f"{where}[{i}]") for i, item in enumerate(value)]
    if field.values is not None:
        for name in value:
            if not 0 < len(name) <= reasons.MAX_ARG_NAME:
                raise _Invalid(f"{where}: a name of 1..{reasons.MAX_ARG_NAME} characters, got {name[:40]!r}")
        return {name: _value(field.values, item, f"{where}.{name}") for name, item in value.items()}
    return value


def _guess_kind(text: str | bytes) -> str | None:
    """The ``type`` of a message refused as a whole, if a lenient look can tell (for audit)."""
    match = _TYPE.search(text if isinstance(text, str) else text.decode("utf-8", "replace"))
    return match.group(1) if match else None


_TYPE = re.compile(r'"type"\s*:\s*"([a-z_]{1,32})"')


def encode(message: dict[str, Any]) -> str:
    """A message as a text frame carries it (see ``strict_json.dumps`` for the bytes)."""
    return strict_json.dumps(message).decode("utf-8")


def _json_type(value: Any) -> str:
    return {
        str: "string",
        int: "integer",
        float: "number",
        bool: "boolean",
        dict: "object",
        list: "array",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _type_name(types: Any) -> str:
    names: dict[type, str] = {
        str: "string",
        int: "integer",
        float: "number",
        bool: "boolean",
        dict: "object",
        list: "array",
    }
    if isinstance(types, tuple):
        return " or ".join(names.get(t, t.__name__) for t in types)
    own_name: str = types.__name__
    return names.get(types, own_name)


def validate_video_params(params: dict[str, Any]) -> dict[str, Any]:
    """``set_video`` params: ``{"width", "height", "fps"}`` or ``{"paused": true}``, with the
    reason ``"link"`` when the site's link carries no picture (its sound goes on alone)."""
    if params.get("paused") is True:
        return {"paused": True, "reason": "link"} if params.get("reason") == "link" else {"paused": True}
    out = {}
    for name, low, high in (("width", 16, 3840), ("height", 16, 2160), ("fps", 1, 60)):
        value = params.get(name)
        if name == "fps" and value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ProtocolError(BAD_MESSAGE, f"set_video.{name}: expected an integer in {low}..{high}")
        out[name] = value
    return out


def validate_recording_params(params: dict[str, Any]) -> dict[str, Any]:
    """``set_recording`` params: exactly ``{"recording": true|false}``."""
    if not isinstance(params.get("recording"), bool):
        raise ProtocolError(BAD_MESSAGE, "set_recording.recording: expected a boolean")
    extra = sorted(set(params) - {"recording"})
    if extra:
        raise ProtocolError(BAD_MESSAGE, f"set_recording takes only 'recording', got {', '.join(extra)}")
    return {"recording": params["recording"]}


def validate_control_params(action: str, params: Any) -> dict[str, Any]:
    """The params of a control action, checked; moderation actions take none."""
    if not isinstance(params, dict):
        raise ProtocolError(BAD_MESSAGE, f"{action}.params: expected an object")
    if action == "set_video":
        return validate_video_params(params)
    if action == "set_recording":
        return validate_recording_params(params)
    if action in ("mute_audio", "unmute_audio", "lower_hand", "start_talk", "end_talk", "request_keyframe") and params:
        raise ProtocolError(BAD_MESSAGE, f"{action} takes no params, got {', '.join(sorted(params))}")
    return params
