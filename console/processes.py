"""Child processes of ours: how to start `opsconsole` again, and how to make a child end with us.

A child of ours (sims, media worker, a bench's hub and sites) is handed the read end of a
pipe whose only write end this process holds, and never writes to. However this process
ends (SIGTERM, SIGINT, SIGKILL, a crash), the kernel closes that write end and the child
reads end-of-file: it stops itself as if told to (SIGTERM), and if that has not ended it
within a few seconds, it exits at once. ``PR_SET_PDEATHSIG`` cannot do this for us: it
fires when the *thread* that started the child ends (the media worker is restarted from a
reader thread; the demo's sims from whatever thread built the console), and only then.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from console.paths import frozen

PARENT_FD_ENV = "OPSCONSOLE_PARENT_FD"
GRACE_S = 5.0  # for a child to stop cleanly once its parent has gone (sims say bye, slots are unlinked)
_lifeline: tuple[int, int, int] | None = None  # this process's pipe: (pid, read end for children, write end kept)
_lifeline_lock = threading.Lock()


def self_command() -> list[str]:
    """The command line that runs `opsconsole` again (before its arguments): the bundle's
    program itself, or this Python with the command-line module."""
    return [sys.executable] if frozen() else [sys.executable, "-m", "console.cli"]


def bound_to_us(env: dict[str, str] | None = None) -> dict:
    """Keyword arguments for ``subprocess.Popen`` or ``asyncio.create_subprocess_exec`` that make
    the child (one of our own programs: it calls ``end_with_parent``) end when this process
    ends. ``env``: the child's environment (default: ours)."""
    read_end = _lifeline_read_end()
    return {"pass_fds": (read_end,), "env": {**(os.environ if env is None else env), PARENT_FD_ENV: str(read_end)}}


def end_with_parent(grace_s: float = GRACE_S) -> None:
    """In a child started with ``bound_to_us``: end when the parent ends. Anywhere else, nothing."""
    value = os.environ.pop(PARENT_FD_ENV, None)  # popped: our own children get their own pipe, or none
    if value is None:
        return
    try:
        fd = int(value)
        os.set_inheritable(fd, False)
    except (ValueError, OSError):
        return  # not a pipe from a parent of ours
    threading.Thread(target=_watch, args=(fd, grace_s), name="parent-watch", daemon=True).start()


def _watch(fd: int, grace_s: float) -> None:
    try:
        while os.read(fd, 1):  # nobody writes: this returns b"" when the parent's end closes
            pass
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGTERM)  # the child's own clean stop, where it has one
    time.sleep(grace_s)
    os._exit(1)


def _lifeline_read_end() -> int:
    global _lifeline
    with _lifeline_lock:
        if _lifeline is None or _lifeline[0] != os.getpid():  # a forked child makes its own
            read_end, write_end = os.pipe()  # both close-on-exec: only pass_fds hands the read end over
            _lifeline = (os.getpid(), read_end, write_end)
        return _lifeline[1]


def process_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (ours or not): what is left by a run that was killed is
    swept by the next one only once its creator is gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def name_this_thread(name: str) -> None:
    """Give the calling thread ``name`` where the system shows it (``/proc/<pid>/task/*/comm``,
    top, py-spy), so a process's CPU can be told apart by thread (`bench gui`). Python's own
    thread names stay inside Python. At most 15 bytes; silently nothing where it cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME
    except (OSError, AttributeError):
        pass
