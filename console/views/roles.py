"""The hub's console roles as people read them (translated at display; the protocol keeps its
English role names: console/signaling/protocol.py ``CONSOLE_ROLES``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.translatable import QT_TRANSLATE_NOOP

ROLE_NAMES = {
    "admin": QT_TRANSLATE_NOOP("Roles", "administrator"),
    "operator": QT_TRANSLATE_NOOP("Roles", "operator"),
    "presenter": QT_TRANSLATE_NOOP("Roles", "presenter"),
    "viewer": QT_TRANSLATE_NOOP("Roles", "viewer"),
}
NO_ROLE = QT_TRANSLATE_NOOP("Roles", "no role")


def role_name(role: str | None) -> str:
    """``role`` ("admin", "operator", "presenter", "viewer") in the console's language; an
    unknown one as the hub said it, none as "no role"."""
    if not role:
        return QCoreApplication.translate("Roles", NO_ROLE)
    source = ROLE_NAMES.get(role)
    return QCoreApplication.translate("Roles", source) if source else role
