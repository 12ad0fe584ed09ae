"""Argument types shared by the subcommands: a wrong value is a usage error that says what
is wanted, never a traceback or an internal name ("invalid _positive value")."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from urllib.parse import urlsplit


class Parser(argparse.ArgumentParser):
    """Every parser of the command line: an option is never guessed from a prefix of it
    (`bench links --sites 16` was taken as `--sites-per-class 16`). Subcommands' parsers are
    of this class too (argparse makes them of their parent's)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)


def port(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    value = _integer(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0-65535; 0 picks a free one)")
    return value


def count(text: str) -> int:
    """How many of something: 0 or more."""
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def positive(text: str) -> int:
    """How many of something, at least 1."""
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive whole number (1 or more)")
    return value


def seconds(text: str) -> float:
    """A duration in seconds, more than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a duration (more than 0 seconds)")
    return value


def media_workers(text: str) -> int:
    """How many media worker processes: 0 (a thread of the window's process) or 1."""
    value = _integer(text)
    if value not in (0, 1):
        raise argparse.ArgumentTypeError(
            f"{value}: one media worker per console (0 keeps the media core in the window's process); "
            "a second worker would share the same two cores and the same sites' bandwidth, so it would gain nothing"
        )
    return value


def hub_url(text: str) -> str:
    """The hub's address with its scheme, http(s)://HOST:PORT, without a trailing slash.

    "127.0.0.1:8790" is refused here, once for every command: without a scheme it would
    be read as a URL whose scheme is "127.0.0.1" and fail much later, in the media path.
    """
    if "," in text:  # the hubs of a pair, in order (URL1,URL2): each checked alike
        return ",".join(hub_url(part) for part in text.split(",") if part.strip())
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"expected the hub's address like http://10.0.0.5:8765, got {text!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def db_file(text: str) -> Path:
    """An SQLite file; a store URL belongs to --store (a Path would make it a folder tree)."""
    if "://" in text:
        raise argparse.ArgumentTypeError(
            f"--db takes a file; give a store's URL with --store {text.split('://')[0]}://…"
        )
    return Path(text)


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
