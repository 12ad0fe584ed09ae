"""Malformed messages generated from the protocol table (``protocol.CLIENT_MESSAGES``).

For every message type: a valid message built from its fields, then that message with each
field (and each field of its nested objects) missing, of every wrong JSON type, one over its
size, as a lone surrogate, as a non-finite or huge number, nested too deep; keys that are not
Unicode; messages a role may not send; and first messages for strangers who never joined.
A new field in the table is fuzzed without anyone writing a case for it.

Cases are text frames as a hostile client would write them (``RawJson`` pieces are spliced in
verbatim, for what Python's own encoder refuses to write: 5,000-digit integers, deep nesting).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from console.signaling import protocol
from console.signaling.protocol import Field

SURROGATE = "\ud800"
DEEP = 5000


@dataclass(frozen=True)
class RawJson:
    """Text to put into a message as it is, where Python's json would refuse to write it."""

    text: str


@dataclass(frozen=True)
class Case:
    label: str  # e.g. "state.state.muted: mistyped (string)"
    role: str  # who sends it: "site" or "console"
    frame: str | bytes  # bytes: sent as a binary frame


def to_text(message: Any) -> str:
    """Serialise with surrogates escaped (``\\ud800``), NaN/Infinity allowed and RawJson spliced."""
    raws: list[str] = []

    def mark(value: Any) -> Any:
        if isinstance(value, RawJson):
            raws.append(value.text)
            return f"@@raw{len(raws) - 1}@@"
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(message), ensure_ascii=True, allow_nan=True)
    for i, raw in enumerate(raws):
        text = text.replace(f'"@@raw{i}@@"', raw)
    return text


def sample_value(field: Field, context: dict[str, object]) -> Any:
    """A value the field accepts."""
    if field.schema is not None:
        return {name: sample_value(f, context) for name, f in field.schema.items() if f.required}
    if field.items is not None:
        return [sample_value(field.items, context)]
    types = field.types if isinstance(field.types, tuple) else (field.types,)
    if bool in types:
        return True
    if int in types:
        return int(field.low) if field.low is not None else 1
    if float in types:
        return 1.5
    if dict in types:
        return {}
    if list in types:
        return []
    return context.get("string", "x")


def sample_message(kind: str, context: dict[str, object]) -> dict[str, Any]:
    """A valid message of ``kind`` with every field present (``context`` fills in keys and sessions)."""
    message: dict[str, Any] = {"type": kind, "id": f"fuzz-{kind}"}
    for name, field in protocol.CLIENT_MESSAGES[kind].items():
        message[name] = context.get(f"{kind}.{name}", context.get(name, sample_value(field, context)))
    return message


def wrong_values(field: Field) -> Iterator[tuple[str, Any]]:
    """Every way ``field`` can be wrong."""
    samples = {
        "string": "s",
        "integer": 7,
        "number": 2.5,
        "boolean": False,
        "object": {"a": 1},
        "array": [1],
        "null": None,
    }
    accepted = field.types if isinstance(field.types, tuple) else (field.types,)
    for name, value in samples.items():
        if value is None and field.nullable:
            continue
        if type(value) in accepted and not (isinstance(value, bool) and bool not in accepted):
            continue
        yield f"mistyped ({name})", value
    if field.max_len is not None:
        if str in accepted:
            yield "oversized", "a" * (field.max_len + 1)
        else:
            yield "oversized", [sample_value(field.items, {})] * (field.max_len + 1) if field.items else []
    if str in accepted:
        yield "lone surrogate", f"ok{SURROGATE}ok"
        yield "lone low surrogate", "\udfff"
    if field.high is not None:
        yield "out of range", field.high + 1
    if int in accepted or float in accepted:
        yield "NaN", float("nan")
        yield "Infinity", float("inf")
        yield "-1e999", RawJson("-1e999")
        yield "5000 digits", RawJson("9" * 5000)
        yield "2^53+1", 2**53 + 1
    yield "deep nesting", RawJson("[" * DEEP + "]" * DEEP)
    yield "nesting 33", RawJson("[" * 33 + "]" * 33)
    yield "huge integer", RawJson("1" * 4301)


def field_cases(kind: str, role: str, base: dict[str, Any]) -> Iterator[Case]:
    """``base`` with each field, and each field of its objects, missing or wrong."""

    def walk(spec: dict[str, Field], container: dict[str, Any], path: str) -> Iterator[Case]:
        for name, field in spec.items():
            if name not in container:
                continue
            original = container[name]
            del container[name]
            yield Case(f"{path}.{name}: missing", role, to_text(base))
            for label, value in wrong_values(field):
                container[name] = value
                yield Case(f"{path}.{name}: {label}", role, to_text(base))
            container[name] = original
            if field.schema is not None and isinstance(original, dict):
                filled = {n: sample_value(f, {}) for n, f in field.schema.items()}
                container[name] = filled
                yield from walk(field.schema, filled, f"{path}.{name}")
                container[name] = original
        # Keys that are not Unicode, and a field nobody knows holding garbage.
        container[SURROGATE] = 1
        yield Case(f"{path}: a lone surrogate as a key", role, to_text(base))
        del container[SURROGATE]
        container["label"] = SURROGATE
        yield Case(f"{path}: an unknown field with a lone surrogate", role, to_text(base))
        container["label"] = {"x": RawJson("NaN")}
        yield Case(f"{path}: an unknown field with NaN", role, to_text(base))
        del container["label"]

    yield from walk(protocol.CLIENT_MESSAGES[kind], base, kind)


def envelope_cases(role: str) -> Iterator[Case]:
    """Whole frames that are wrong before any field is read."""
    for label, frame in [
        ("not JSON", "{nope"),
        ("empty", ""),
        ("array", "[]"),
        ("string", '"hello"'),
        ("number", "42"),
        ("null", "null"),
        ("NaN", "NaN"),
        ("no type", '{"id": 1}'),
        ("type number", '{"type": 5}'),
        ("unknown type", '{"type": "teleport"}'),
        ("type surrogate", '{"type": "\\ud800"}'),
        ("id object", '{"type": "heartbeat", "id": {}}'),
        ("id bool", '{"type": "heartbeat", "id": true}'),
        ("id long", '{"type": "heartbeat", "id": "' + "i" * 65 + '"}'),
        ("id surrogate", '{"type": "heartbeat", "id": "\\ud800"}'),
        ("id huge", '{"type": "heartbeat", "id": ' + "9" * 4400 + "}"),
        ("id NaN", '{"type": "heartbeat", "id": NaN}'),
        ("deep", "[" * DEEP + "]" * DEEP),
        ("deep object", '{"a":' * 1200 + "1" + "}" * 1200),
        ("too large", '{"type": "heartbeat", "pad": "' + "p" * (protocol.MAX_MESSAGE_BYTES + 10) + '"}'),
        ("hello again", to_text({"type": "hello", "role": role, "token": "x"})),
    ]:
        yield Case(f"envelope: {label}", role, frame)
    yield Case("envelope: binary frame", role, b"\x00\x01binary")


def role_cases(role: str, context: dict[str, object]) -> Iterator[Case]:
    """Messages the other role may send, sent by this one."""
    allowed = protocol.ROLE_MESSAGES[role]
    for kind in protocol.CLIENT_MESSAGES:
        if kind not in allowed and kind != "hello":
            yield Case(f"role: a {role} sends {kind}", role, to_text(sample_message(kind, context)))


def joined_cases(role: str, context: dict[str, object]) -> list[Case]:
    """Everything a joined ``role`` may throw at the hub, derived from the table."""
    cases = list(envelope_cases(role)) + list(role_cases(role, context))
    for kind in sorted(protocol.ROLE_MESSAGES[role]):
        if kind in ("bye",):
            continue
        cases.extend(field_cases(kind, role, sample_message(kind, context)))
    return cases


def stranger_frames(context: dict[str, object]) -> list[tuple[str, str | bytes]]:
    """First frames of clients that never join: bad hellos, bad tokens, garbage."""
    frames: list[tuple[str, str | bytes]] = []
    for role in protocol.ROLES:
        base = sample_message("hello", {**context, "role": role, "token": f"{'st' if role == 'site' else 'ot'}_nope"})
        for case in field_cases("hello", role, base):
            frames.append((f"{role} {case.label}", case.frame))
        for token in ("lt_é", "st_\ud800", "ot_\ud800", "lt_\ud800", "", "x" * 129, "st_" + "é" * 40):
            frames.append(
                (
                    f"{role} token {token[:6]!r}",
                    to_text({"type": "hello", "role": role, "token": token, "site": "commune:4"}),
                )
            )
        for case in envelope_cases(role):
            frames.append((f"{role} first {case.label}", case.frame))
        frames.append((f"{role} not hello first", to_text({"type": "heartbeat"})))
    return frames


def shuffled(cases: list[Any], count: int, seed: int) -> list[Any]:
    """``count`` cases in a random order; every case at least once when count allows."""
    rng = random.Random(seed)
    out: list[Any] = []
    while len(out) < count and cases:
        batch = list(cases)
        rng.shuffle(batch)
        out.extend(batch)
    return out[:count]
