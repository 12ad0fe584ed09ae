"""Child processes of ours: how to start `opsconsole` again, and how to make a child end with us."""

from __future__ import annotations

import sys

from console.paths import frozen


def self_command() -> list[str]:
    """The command line that runs `opsconsole` again (before its arguments): the bundle's
    program itself, or this Python with the command-line module."""
    return [sys.executable] if frozen() else [sys.executable, "-m", "console.cli"]


def die_with_parent() -> None:
    """In a child (``preexec_fn``): ask Linux to end it when its parent dies, however it dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the child notices its pipe or hub is gone and ends by itself
