"""The site panel: who a site is (name, place, codes, state, groups)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from console.directory import Site

_LEVEL_NAMES = {"province": "Tỉnh/Thành phố · province", "district": "Huyện/Quận · district",
                "commune": "Xã/Phường · commune"}


class SitePanel(QFrame):
    """Shows one site; ``show_site(None)`` shows how to pick one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="sitePanel")
        self.title = self._label("title")
        self.path = self._label("path")
        self.badge = self._label("badge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fields = {name: QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
                       for name in ("GSO code", "Key", "Level", "Division type", "Province", "Tags")}
        self.details = QWidget(objectName="siteDetails")
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 12, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name, value in self.fields.items():
            label = self._label("field", name)
            form.addRow(label, value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.path)
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.show_site(None)

    def _label(self, role: str, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setProperty("role", role)
        label.setWordWrap(role != "badge")
        return label

    def show_site(self, site: Site | None) -> None:
        self.site = site
        if site is None:
            self.title.setText("Chọn một điểm cầu · Pick a site")
            self.path.setText("Type a few letters of any commune in the search box (Ctrl+K).")
            self.badge.hide()
            self.details.hide()
            return
        self.title.setText(site.name)
        self.path.setText(" › ".join(site.path[:-1]) or "Việt Nam")
        state = site.status if site.active else "retired"
        self.badge.setText(state.upper())
        self.badge.setProperty("state", state)
        self.badge.style().unpolish(self.badge)  # re-read the [state=...] rule
        self.badge.style().polish(self.badge)
        self.badge.show()
        self.details.show()
        self.fields["GSO code"].setText(f"{site.code:05d}" if site.level == "commune" else str(site.code))
        self.fields["Key"].setText(site.key)
        self.fields["Level"].setText(_LEVEL_NAMES.get(site.level, site.level))
        self.fields["Division type"].setText(site.division_type or "—")
        self.fields["Province"].setText(site.province)
        self.fields["Tags"].setText(", ".join(site.tags) or "—")
