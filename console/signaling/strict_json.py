"""Strict JSON: the one gate every value from outside passes before anything uses it.

``json.loads`` accepts more than a peer can safely be handed on: lone UTF-16 surrogates
(``"\\ud800"``, which cannot be encoded to UTF-8 again), ``NaN`` and ``Infinity`` (which
browsers' ``JSON.parse`` rejects), integers of thousands of digits (Python's int-to-string
limit raises on the way out) and nesting deep enough to exhaust the recursion limit.
``loads`` refuses all of those with a ``StrictJsonError`` that names where the value sits
(``$.state.video.fps``), so code behind the gate never meets a value it cannot relay.

Cost: the common message (no ``\\u`` escape, shallow, plain numbers) pays only for the
number hooks; the tree is walked only when the text could hide something (measured in
tests/perf/bench_gate.py).
"""

from __future__ import annotations

import json
import math
import threading
from typing import Any

MAX_DEPTH = 32  # objects and arrays inside each other
MAX_INT_DIGITS = 16  # 2**53 has 16 digits; JavaScript loses precision beyond it
MAX_MAGNITUDE = 2**53  # for integers and floats alike: what a browser can hold exactly
MAX_NUMBER_CHARS = 32  # "-1.2345678901234567e-300" and the like


class StrictJsonError(ValueError):
    """Not strict JSON; ``where`` is a JSONPath-like location (``$`` for the whole text)."""

    def __init__(self, where: str, reason: str, syntax: bool = False) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason
        self.syntax = syntax  # not JSON at all, as opposed to JSON that strictness refuses


class _Bad:
    """Stands in for a number the hooks refused, so the walk can say where it was."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Scan(threading.local):
    """A decoder per thread (building one costs more than parsing a heartbeat); its hooks
    note whether they refused anything in the current parse."""

    def __init__(self) -> None:
        self.refused = False
        self.decoder = json.JSONDecoder(parse_int=self._int, parse_float=self._float, parse_constant=self._constant)

    def _int(self, text: str) -> Any:
        if len(text) - (text[0] == "-") > MAX_INT_DIGITS:
            return self._refuse(f"an integer of {len(text)} characters (at most {MAX_INT_DIGITS} digits)")
        value = int(text)
        if abs(value) > MAX_MAGNITUDE:
            return self._refuse(f"the integer {text} is beyond ±2^53")
        return value

    def _float(self, text: str) -> Any:
        if len(text) > MAX_NUMBER_CHARS:
            return self._refuse(f"a number of {len(text)} characters (at most {MAX_NUMBER_CHARS})")
        value = float(text)
        if not math.isfinite(value):
            return self._refuse(f"the number {text} is not finite")
        if abs(value) > MAX_MAGNITUDE:
            return self._refuse(f"the number {text} is beyond ±2^53")
        return value

    def _constant(self, text: str) -> Any:
        return self._refuse(f"{text} is not JSON (only finite numbers are)")

    def _refuse(self, reason: str) -> _Bad:
        self.refused = True
        return _Bad(reason)


def loads(text: str | bytes) -> Any:
    """Parse ``text`` strictly; raises StrictJsonError (a ValueError) saying what and where."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StrictJsonError("$", f"not UTF-8 (byte {exc.start})", syntax=True) from None
    scan = _SCAN
    scan.refused = False
    try:
        value = scan.decoder.decode(text)
    except RecursionError:
        raise StrictJsonError("$", f"nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as exc:
        raise StrictJsonError("$", f"not valid JSON: {exc}", syntax=True) from None
    # Only a text with an escape can hold a lone surrogate (the text itself is valid
    # Unicode), and only one with more brackets than the limit can nest too deep.
    if scan.refused or "\\u" in text or _brackets(text) > MAX_DEPTH:
        check(value)
    return value


_SCAN = _Scan()


def _brackets(text: str) -> int:
    return text.count("[") + text.count("{")


def check(value: Any, where: str = "$") -> None:
    """Raise StrictJsonError for the first thing in ``value`` that strict JSON refuses.

    Iterative, so depth is bounded by the check itself and not by the interpreter's stack.
    """
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item, path)
        elif isinstance(item, dict):
            if depth >= MAX_DEPTH:
                raise StrictJsonError(path, f"nested more than {MAX_DEPTH} levels deep")
            for key, child in item.items():
                _check_text(key, f"{path} (a key)")
                stack.append((child, f"{path}.{_printable(key)}", depth + 1))
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                raise StrictJsonError(path, f"nested more than {MAX_DEPTH} levels deep")
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item))
        elif isinstance(item, _Bad):
            raise StrictJsonError(path, item.reason)


def _check_text(text: str, where: str) -> None:
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StrictJsonError(
            where, f"a lone UTF-16 surrogate (U+{ord(text[exc.start]):04X}) at character {exc.start}: not valid Unicode"
        ) from None


def _printable(key: str) -> str:
    """A key as it can be shown in an error, whatever it holds."""
    shown = key.encode("utf-8", "backslashreplace").decode("utf-8")[:40]
    return shown if shown.isidentifier() else json.dumps(shown)


def dumps(value: Any) -> bytes:
    """UTF-8 JSON as the hub sends it; raises ValueError (not strict JSON) instead of writing
    what a peer could not read (NaN, lone surrogates)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"a lone surrogate in an outgoing message: {exc}") from None
