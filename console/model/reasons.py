"""Why something failed, said so that a console can say it in its own language.

The Qt-free layers (hub, directory, signaling, media, model) cannot translate, so beside their
English sentence they name it: a ``reason`` code and its ``args`` (short strings and numbers).
The console keeps a translated template per code (console/views/reasons.py); a code it does not
know falls back to the English sentence. On the wire a hub ``error`` carries them as ``reason``
and ``args`` (docs/protocol.md); in a process, an exception carries them as ``reason_code`` and
``reason_args`` (``Exception.args`` is taken).
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

MAX_CODE = 48
MAX_ARGS = 8
MAX_ARG_NAME = 32
MAX_ARG_TEXT = 256

E = TypeVar("E", bound=BaseException)


def explained(error: E, code: str, /, **args: Any) -> E:
    """``error`` with its reason's code and arguments attached (for chaining into ``raise``)."""
    # Any exception may carry a reason: the attributes are set on the instance, not declared by its class.
    error.__dict__.update(reason_code=code, reason_args=clean_args(args))
    return error


def reason_of(error: object) -> tuple[str, dict[str, Any]]:
    """The code and arguments an exception (or anything) carries; ("", {}) where it has none."""
    code = getattr(error, "reason_code", "")
    args = getattr(error, "reason_args", None)
    return (code if isinstance(code, str) else ""), (args if isinstance(args, dict) else {})


def clean_args(args: dict[str, Any]) -> dict[str, Any]:
    """Arguments as the wire allows them: at most 8, names ≤ 32 characters, values strings (cut
    to 256 characters), integers or finite numbers; anything else as its text."""
    out: dict[str, Any] = {}
    for name, value in list(args.items())[:MAX_ARGS]:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, str))
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            value = str(value)
        out[str(name)[:MAX_ARG_NAME]] = value[:MAX_ARG_TEXT] if isinstance(value, str) else value
    return out


def valid_reason(code: Any, args: Any) -> bool:
    """Whether a ``reason``/``args`` pair read from outside is of the shape ``clean_args`` makes
    (the gate for messages that carry one)."""
    if not isinstance(code, str) or not 0 < len(code) <= MAX_CODE:
        return False
    if not isinstance(args, dict) or len(args) > MAX_ARGS:
        return False
    for name, value in args.items():
        if not isinstance(name, str) or not 0 < len(name) <= MAX_ARG_NAME:
            return False
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return False
        if isinstance(value, str) and len(value) > MAX_ARG_TEXT:
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
    return True


def carried(error: E, source: object) -> E:
    """``error`` with ``source``'s reason (a refusal passed on keeps its words)."""
    code, args = reason_of(source)
    return explained(error, code, **args) if code else error
