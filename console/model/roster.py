"""Who is in the meeting: online sites, open microphones, raised hands, the talk.

One pure record the wall, the site panel and the audio bar all read, fed by the media
core's events: presence, ``muted`` (the moderator's verdict: what the site acknowledged,
or open after all when its audio still arrives while it claims to be muted), ``hand``
and ``talk``. Asking is never enough to show a site muted; unknown shows muted (sites
join muted) and counts as "maybe open" for mute-all.
"""

from __future__ import annotations

from typing import Any


class Roster:
    def __init__(self) -> None:
        self.online: set[str] = set()
        self.seen: set[str] = set()  # online at some time this session
        self.muted: dict[str, bool] = {}  # the site's own report
        self.hands: set[str] = set()
        self.talking = ""  # the site in a spot-check talk

    def reset(self, keep_microphones: bool = False) -> None:
        """Forget who is online, muted, has a hand up or talks (the hub is about to say it
        again); who was ever seen stays. ``keep_microphones``: what each site last said of its
        microphone stays until it says it again (a restarted hub knows nothing of a site not
        back at it yet, whose media, and sound, plays on meanwhile)."""
        self.online.clear()
        if not keep_microphones:
            self.muted.clear()
        self.hands.clear()
        self.talking = ""

    def apply(self, kind: str, payload: dict[str, Any]) -> bool:
        """Take one hub event; True if anything here changed."""
        key = payload.get("site", "")
        if not key:
            return False
        before = (key in self.online, self.muted.get(key), key in self.hands, self.talking)
        if kind == "presence":
            if payload.get("online"):
                self.online.add(key)
                self.seen.add(key)
            else:
                self.online.discard(key)
                self.muted.pop(key, None)
                self.hands.discard(key)  # a hand does not outlive the connection
                if self.talking == key:
                    self.talking = ""
        elif kind == "muted" and isinstance(payload.get("muted"), bool):
            self.muted[key] = payload["muted"]
        elif kind == "hand":
            (self.hands.add if payload.get("raised") else self.hands.discard)(key)
        elif kind == "talk":
            if payload.get("talking"):
                self.talking = key
            elif self.talking == key:
                self.talking = ""
        return before != (key in self.online, self.muted.get(key), key in self.hands, self.talking)

    def is_muted(self, key: str) -> bool:
        """For display: muted unless the site reported an open microphone."""
        return self.muted.get(key, True)

    def open_microphones(self) -> list[str]:
        """Online sites that may be sending audio (reported open, or never reported)."""
        return sorted(k for k in self.online if self.muted.get(k) is not True)
