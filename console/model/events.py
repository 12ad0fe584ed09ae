"""A tiny evented-model helper: signals the pure model emits and views subscribe to.

Deliberately much smaller than napari's ``EmitterGroup``: callbacks are plain callables
held strongly (a view disconnects when it closes), arguments are positional, and a
failing callback is logged rather than allowed to starve the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

Callback = Callable[..., object]


class Signal:
    """A list of callbacks called in connection order by ``emit``.

    An exception in one callback is logged and the remaining callbacks still run: one
    broken overlay must not leave the rest of the wall showing stale state.
    """

    def __init__(self, name: str = "signal") -> None:
        self.name = name
        self._callbacks: list[Callback] = []
        self._blocked = 0  # a depth, so nested ``blocked()`` blocks stay correct

    def connect(self, callback: Callback) -> Callback:
        """Call ``callback(*args)`` on every emit; connecting twice has no extra effect.

        Returns the callback, so ``connect`` can be used as a decorator.
        """
        if not callable(callback):
            raise TypeError(f"{self.name}: cannot connect {callback!r}, it is not callable")
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callback) -> None:
        """Stop calling ``callback``; disconnecting one that is not connected is a no-op."""
        # Bound methods compare equal by (self, function), so a view can pass
        # ``self.on_x`` again without keeping the original bound-method object.
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: object) -> None:
        """Call every connected callback with ``args`` unless the signal is blocked."""
        if self._blocked:
            return
        # Iterate over a copy: a callback may connect or disconnect others.
        for callback in list(self._callbacks):
            try:
                callback(*args)
            except Exception:
                log.exception("%s: callback %r failed", self.name, callback)

    @contextmanager
    def blocked(self) -> Iterator[None]:
        """Drop (not queue) emits made inside the ``with`` block."""
        self._blocked += 1
        try:
            yield
        finally:
            self._blocked -= 1

    @property
    def is_blocked(self) -> bool:
        return self._blocked > 0

    def __len__(self) -> int:
        return len(self._callbacks)

    def __repr__(self) -> str:
        return f"<Signal {self.name} ({len(self._callbacks)} callbacks)>"


class EventGroup:
    """Base for a model's ``events`` object: its attributes that are ``Signal``-s.

    Subclasses assign one ``Signal`` per attribute in ``__init__``, which keeps the event
    names visible to readers and editors (no dynamic attribute magic).
    """

    def signals(self) -> dict[str, Signal]:
        """The group's signals by attribute name."""
        return {name: value for name, value in vars(self).items() if isinstance(value, Signal)}

    @contextmanager
    def blocked(self) -> Iterator[None]:
        """Block every signal of the group inside the ``with`` block."""
        signals = list(self.signals().values())
        for signal in signals:
            signal._blocked += 1  # noqa: SLF001 (the group blocks its own signals)
        try:
            yield
        finally:
            for signal in signals:
                signal._blocked -= 1  # noqa: SLF001 (the group blocks its own signals)
