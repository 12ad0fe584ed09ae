"""The province the room is looking at: one pure record that the data panel, the
directory and the board (when it exists) all follow and set.

``select`` says who chose (``by``: "data", "directory", "board"…), so a view that caused the
change can ignore its own echo, and nothing loops.
"""

from __future__ import annotations

from console.model.events import Signal


class ProvinceSelection:
    """``changed(key, by)`` when the province changes; ``key`` ``""`` for none."""

    def __init__(self) -> None:
        self.key = ""
        self.changed = Signal("province_selection.changed")

    def select(self, key: str, by: str = "") -> bool:
        """Select ``key`` (``province:N``, or "" for none); False if it already was."""
        if key and not key.startswith("province:"):
            raise ValueError(f"a province key looks like province:1, not {key!r}")
        if key == self.key:
            return False
        self.key = key
        self.changed.emit(key, by)
        return True
