"""Who is in the meeting: online sites, open microphones, raised hands, the talk.

One pure record the wall, the site panel and the moderation commands all read, fed by the
hub's events (presence, site_state, hand). A site's microphone counts as open only when
the site itself said so (its acknowledged state), never because we asked: the console
must not show a site as muted while its audio may still arrive, so unknown means muted
for display and "maybe open" for mute-all.
"""

from __future__ import annotations

from typing import Any


class Roster:
    def __init__(self) -> None:
        self.online: set[str] = set()
        self.muted: dict[str, bool] = {}      # the site's own report
        self.hands: set[str] = set()
        self.talking = ""                     # the site in a spot-check talk

    def apply(self, kind: str, payload: dict[str, Any]) -> bool:
        """Take one hub event; True if anything here changed."""
        key = payload.get("site", "")
        if not key:
            return False
        before = (key in self.online, self.muted.get(key), key in self.hands, self.talking)
        if kind == "presence":
            if payload.get("online"):
                self.online.add(key)
            else:
                self.online.discard(key)
                self.hands.discard(key)       # a hand does not outlive the connection
                if self.talking == key:
                    self.talking = ""
            self._take_state(key, payload.get("state"))
        elif kind == "site_state":
            self._take_state(key, payload.get("state"))
        elif kind == "hand":
            (self.hands.add if payload.get("raised") else self.hands.discard)(key)
        return before != (key in self.online, self.muted.get(key), key in self.hands, self.talking)

    def _take_state(self, key: str, state: Any) -> None:
        if isinstance(state, dict) and isinstance(state.get("muted"), bool):
            self.muted[key] = state["muted"]
            if not state["muted"]:
                self.hands.discard(key)       # granted: the hand has done its job

    def is_muted(self, key: str) -> bool:
        """For display: muted unless the site reported an open microphone."""
        return self.muted.get(key, True)

    def open_microphones(self) -> list[str]:
        """Online sites that may be sending audio (reported open, or never reported)."""
        return sorted(k for k in self.online if self.muted.get(k) is not True)
