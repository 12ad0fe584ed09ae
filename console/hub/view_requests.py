"""What every console needs of a site's video, combined into the one request the site gets.

A site has one camera and one encoder, while several consoles may watch it at once: the
room wall in its big focus tile, an operator in a small tile, staff in a spot-check. Each
console says what its tile needs (``view``); the site is asked for the largest of those,
and paused only when every console watching it has it off-screen. So no console's small
tile can lower what the room wall receives, and watching needs no moderation rights.

A console whose measurements say the site's link cannot carry even the smallest picture asks
for its sound alone (``audio_only``). When every console watching asks that, the site is asked
to stop its picture with the reason ``link`` (its page says why, and its sound has the link to
itself); one console that still wants a picture keeps it coming.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class View:
    """One console's need: a size and frame rate, or paused (off its screen), or the sound
    alone (``audio_only``: its link carries no picture)."""

    width: int = 0
    height: int = 0
    fps: int = 15
    paused: bool = False
    audio_only: bool = False


class ViewRequests:
    """Per site, each console session's view; ``combined`` is what the site is asked for."""

    def __init__(self) -> None:
        self._views: dict[str, dict[str, View]] = {}  # site -> console session -> view
        self._asked: dict[str, dict[str, Any]] = {}  # site -> the params last sent to it

    def set(self, site: str, console: str, view: View) -> dict[str, Any] | None:
        """Record a console's view; the params to send the site if its combined request changed."""
        self._views.setdefault(site, {})[console] = view
        return self._changed(site)

    def forget_console(self, console: str) -> dict[str, dict[str, Any]]:
        """A console left: the sites whose request changes, with their new params."""
        changed = {}
        for site, views in list(self._views.items()):
            if views.pop(console, None) is not None:
                params = self._changed(site)
                if params is not None:
                    changed[site] = params
        return changed

    def forget_site(self, site: str) -> None:
        """The site left: when it joins again it starts from what consoles ask anew."""
        self._views.pop(site, None)
        self._asked.pop(site, None)

    def combined(self, site: str) -> dict[str, Any] | None:
        views = [v for v in self._views.get(site, {}).values()]
        if not views:
            return None
        watching = [v for v in views if not v.paused]
        if not watching:
            return {"paused": True}
        pictures = [v for v in watching if not v.audio_only]
        if not pictures:
            return {"paused": True, "reason": "link"}
        return {
            "width": max(v.width for v in pictures),
            "height": max(v.height for v in pictures),
            "fps": max(v.fps for v in pictures),
        }

    def _changed(self, site: str) -> dict[str, Any] | None:
        params = self.combined(site)
        if params is None:
            self._views.pop(site, None)
            return None  # nobody asks anything: the site keeps what it has
        if self._asked.get(site) == params:
            return None
        self._asked[site] = params
        return params
