"""Named wall presets ("Morning roll-call", "Flood watch"): saved wall snapshots by name."""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING, Any

from console.model.events import Signal

if TYPE_CHECKING:
    from console.model.wall import WallModel

log = logging.getLogger(__name__)


class NamedLayouts:
    """Wall snapshots (``WallModel.to_dict()``) by name.

    Snapshots are stored as saved and validated when restored, so one corrupt preset
    costs only itself. ``changed`` emits the sorted names when the set of names changes.
    """

    def __init__(self) -> None:
        self._snapshots: dict[str, dict[str, Any]] = {}
        self.changed = Signal("named_layouts_changed")  # (names: list[str])

    def names(self) -> list[str]:
        """Preset names, sorted for a menu (case-insensitively)."""
        return sorted(self._snapshots, key=lambda name: (name.casefold(), name))

    def __contains__(self, name: object) -> bool:
        return name in self._snapshots

    def __len__(self) -> int:
        return len(self._snapshots)

    def save(self, name: str, model: WallModel) -> None:
        """Store the wall's current state as ``name``, replacing any preset of that name."""
        name = _clean_name(name)
        is_new = name not in self._snapshots
        self._snapshots[name] = model.to_dict()
        if is_new:
            self.changed.emit(self.names())

    def restore(self, name: str, model: WallModel) -> list[str]:
        """Put preset ``name`` on ``model``; returns a note per ignored (invalid) part.

        Raises ``KeyError`` for an unknown name and ``ValueError`` when the preset has
        nothing usable; the wall is left unchanged in both cases.
        """
        return model.load_dict(self._snapshot(name))

    def delete(self, name: str) -> None:
        """Forget preset ``name`` (``KeyError`` if there is none)."""
        self._snapshot(name)
        del self._snapshots[name]
        self.changed.emit(self.names())

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """A JSON-able copy: name -> snapshot dict."""
        return copy.deepcopy(self._snapshots)

    @classmethod
    def from_dict(cls, data: object) -> NamedLayouts:
        """Presets from ``to_dict()`` output; entries that are not name -> dict are skipped.

        Raises ``ValueError`` when ``data`` is not a dict; the caller then starts empty.
        """
        if not isinstance(data, dict):
            raise ValueError(f"named layouts must be a dict, got {type(data).__name__}")
        presets = cls()
        for name, snapshot in data.items():
            if not isinstance(name, str) or not name.strip() or not isinstance(snapshot, dict):
                log.warning("named layouts: skipped entry %r (not a name -> dict)", name)
                continue
            presets._snapshots[name.strip()] = copy.deepcopy(snapshot)
        return presets

    def _snapshot(self, name: str) -> dict[str, Any]:
        try:
            return self._snapshots[name]
        except (KeyError, TypeError):
            known = ", ".join(self.names()) or "none saved"
            raise KeyError(f"no named layout {name!r}; saved: {known}") from None


def _clean_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a layout name must be a non-empty string, got {name!r}")
    return name.strip()
