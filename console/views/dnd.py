"""Drag and drop of sites: from the directory onto a wall tile."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QStandardItemModel

SITE_MIME = "application/x-opsconsole-site"


def site_mime(key: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(SITE_MIME, key.encode())
    mime.setText(key)
    return mime


def dropped_site(mime: QMimeData) -> str | None:
    return bytes(mime.data(SITE_MIME).data()).decode() if mime.hasFormat(SITE_MIME) else None


class SiteItemModel(QStandardItemModel):
    """Items carry a site key in ``key_role``; dragging one carries that key."""

    def __init__(self, key_role: int, parent=None) -> None:
        super().__init__(parent)
        self.key_role = key_role

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt's name)
        return [SITE_MIME]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802
        keys = [i.data(self.key_role) for i in indexes if i.data(self.key_role)]
        return site_mime(keys[0]) if keys else QMimeData()
