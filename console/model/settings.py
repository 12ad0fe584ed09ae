"""The console's own settings: what the settings dialog edits and the next start reads.

One JSON object in the user's config folder (``console.paths.settings_file()``)::

    {"schema": 1, "hub_url": "https://hub.example.vn:8765", "ca_file": "", "language": "vi",
     "renderer": "auto", "wall_screen": null, "audio_output": ""}

The operator's token is not in it: it lives in the desktop keyring, else a 0600 file
(``console/signaling/token_store.py``). ``language`` is read by the translations ("vi" is the
default). ``load_settings`` never raises: a field with a wrong type or value gets its default
and a ``SettingsProblem`` says which (an unknown key too: it is dropped at the next save); a file that is not JSON, not text, not an object or too
large gives all defaults and one problem. ``save_settings`` keeps a file that had problems as
``<name>.bad`` before it writes over it, so nothing the user wrote is lost without a trace.

Standard library only (the model's contract): no Qt, so messages for people are made by the
view from a problem's ``kind`` and fields; ``describe()`` is the English line for the log.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SCHEMA = 1
MAX_BYTES = 256 * 1024  # a real settings file is a few hundred bytes
MAX_TEXT = 4096  # a URL, a path or a device id
MAX_SCREEN = 63
LANGUAGES = ("vi", "en")
RENDERERS = ("auto", "gl", "numpy")
BAD_SUFFIX = ".bad"

# Kinds of problem (``SettingsProblem.kind``): the view says each in the user's language.
UNREADABLE = "unreadable"  # the file exists but cannot be read (permissions, a folder)
TOO_LARGE = "too_large"  # over MAX_BYTES: not read at all
NOT_TEXT = "not_text"  # not UTF-8 (binary garbage)
NOT_JSON = "not_json"  # text, but not JSON
NOT_OBJECT = "not_object"  # JSON, but not an object
WRONG_TYPE = "wrong_type"  # a field of the wrong JSON type
BAD_VALUE = "bad_value"  # a field of the right type with a value outside its choices
UNKNOWN_KEY = "unknown_key"  # a field this version does not know (kept as it is)


@dataclass(frozen=True)
class SettingsProblem:
    """One thing wrong with the settings file: ``field`` ("" for the whole file), what kind, and
    the offending value or the parser's words (``detail``, shortened)."""

    kind: str
    field: str = ""
    detail: str = ""

    def describe(self) -> str:
        where = f"{self.field!r}: " if self.field else ""
        return f"{where}{self.kind.replace('_', ' ')}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class Settings:
    """The console's settings; the defaults are a fresh install's."""

    hub_url: str = ""  # "" means: not configured (the first-run dialog asks)
    ca_file: str = ""  # a PEM to trust for an https hub ("" = the system's CAs)
    language: str = "vi"
    renderer: str = "auto"
    wall_screen: int | None = None  # None: the wall stays in the window
    audio_output: str = ""  # a QMediaDevices device id ("" = the system's default output)
    problems: tuple[SettingsProblem, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """What ``save_settings`` writes (unknown keys of the old file are not: they stay in its .bad copy)."""
        return {
            "schema": SCHEMA,
            "hub_url": self.hub_url,
            "ca_file": self.ca_file,
            "language": self.language,
            "renderer": self.renderer,
            "wall_screen": self.wall_screen,
            "audio_output": self.audio_output,
        }

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (problems of the old file are not carried over)."""
        return replace(self, problems=(), **changes)


def _text(value: Any) -> tuple[str | None, str]:
    if not isinstance(value, str):
        return None, WRONG_TYPE
    if len(value) > MAX_TEXT or "\x00" in value:
        return None, BAD_VALUE
    return value.strip(), ""


def _choice(choices: tuple[str, ...]) -> Callable[[Any], tuple[Any, str]]:
    def check(value: Any) -> tuple[Any, str]:
        if not isinstance(value, str):
            return None, WRONG_TYPE
        value = value.strip().lower()
        return (value, "") if value in choices else (None, BAD_VALUE)

    return check


def _screen(value: Any) -> tuple[Any, str]:
    if value is None:
        return None, ""
    # bool is an int in Python; a float is accepted only when whole (JSON writers differ).
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None, WRONG_TYPE
    if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
        return None, BAD_VALUE
    return (int(value), "") if 0 <= value <= MAX_SCREEN else (None, BAD_VALUE)


FIELDS = {
    "hub_url": _text,
    "ca_file": _text,
    "language": _choice(LANGUAGES),
    "renderer": _choice(RENDERERS),
    "wall_screen": _screen,
    "audio_output": _text,
}


def _short(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def settings_from_dict(data: Any) -> Settings:
    """Settings from a decoded JSON value: good fields taken, bad ones defaulted and reported."""
    if not isinstance(data, dict):
        return Settings(problems=(SettingsProblem(NOT_OBJECT, "", type(data).__name__),))
    values: dict[str, Any] = {}
    problems: list[SettingsProblem] = []
    for key, value in data.items():
        if key == "schema":
            continue  # one schema so far; a later one adds fields, which are read as far as known
        check = FIELDS.get(key)
        if check is None:
            problems.append(SettingsProblem(UNKNOWN_KEY, _short(key)[1:-1] if isinstance(key, str) else str(key)))
            continue
        good, kind = check(value)
        if kind:
            problems.append(SettingsProblem(kind, key, _short(value)))
        else:
            values[key] = good
    return Settings(**values, problems=tuple(problems))


def load_settings(path: Path) -> Settings:
    """The settings in ``path``; defaults where it is missing or wrong. Never raises: what was
    wrong is in ``problems`` (and logged), the file is left as it is."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        return _logged(path, Settings(problems=(SettingsProblem(UNREADABLE, "", str(exc)[:200]),)))
    if len(raw) > MAX_BYTES:
        return _logged(path, Settings(problems=(SettingsProblem(TOO_LARGE, "", f"over {MAX_BYTES} bytes"),)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _logged(path, Settings(problems=(SettingsProblem(NOT_TEXT, "", f"byte {exc.start}"),)))
    if not text.strip():
        return Settings()  # an empty file: a fresh install that was interrupted
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        return _logged(path, Settings(problems=(SettingsProblem(NOT_JSON, "", str(exc)[:200]),)))
    return _logged(path, settings_from_dict(data))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _logged(path: Path, settings: Settings) -> Settings:
    for problem in settings.problems:
        log.warning("settings file %s: %s; using the default", path, problem.describe())
    return settings


def bad_copy_path(path: Path) -> Path:
    """Where a settings file with problems is kept before it is written over."""
    return Path(path).with_name(Path(path).name + BAD_SUFFIX)


def save_settings(path: Path, settings: Settings, keep_bad: bool | None = None) -> Path | None:
    """Write ``settings`` to ``path`` atomically (readable by the user only). When the file there
    had problems (``keep_bad``; by default: when loading it now finds any), it is first copied to
    ``<name>.bad``, whose path is returned; None otherwise. OSError if the folder is unwritable."""
    path = Path(path)
    if keep_bad is None:
        keep_bad = path.exists() and bool(load_settings(path).problems)
    kept = None
    if keep_bad and path.exists():
        kept = bad_copy_path(path)
        with open(path, "rb") as f:
            kept.write_bytes(f.read(MAX_BYTES * 64))  # a huge file is kept in part (its first 16 MiB)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(settings.to_dict(), f, ensure_ascii=False, indent=2)
        f.write("\n")
    temporary.replace(path)
    return kept
