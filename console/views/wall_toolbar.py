"""The presenter's toolbar over the wall: layout, pages, tour, fullscreen.

Its controls take clicks only: the keyboard stays with the wall (a focused layout box would
read "3" as "3x3", a focused Tour button would read Space as "stop the tour").
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from console.model import LAYOUTS, WallModel

TOUR_INTERVAL_S = 10.0


class WallToolbar(QWidget):
    """Writes only through the model's commands; mirrors its events with signals blocked."""

    def __init__(self, model: WallModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wallToolbar")
        self.model = model
        self.layouts = QComboBox()
        self.layouts.setObjectName("layoutPicker")
        self.layouts.addItems(list(LAYOUTS))
        self.prev = QPushButton("◀")
        self.prev.setObjectName("prevPage")
        self.page = QLabel()
        self.page.setObjectName("pageLabel")
        self.next = QPushButton("▶")
        self.next.setObjectName("nextPage")
        self.tour = QPushButton()
        self.tour.setObjectName("tourButton")
        self.tour.setCheckable(True)
        self.fullscreen = QPushButton()
        self.fullscreen.setObjectName("fullscreenButton")
        self.fullscreen.setCheckable(True)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(8, 6, 8, 6)
        for widget in (self.layouts, self.prev, self.page, self.next, self.tour, self.fullscreen):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._row.addWidget(widget)
        self._row.addStretch(1)
        # "page 10 / 12" must not be wider than "page 1 / 1": the buttons after it stay put.
        self.retranslate()

        self.layouts.currentTextChanged.connect(model.set_layout)
        self.prev.clicked.connect(model.prev_page)
        self.next.clicked.connect(model.next_page)
        self.fullscreen.clicked.connect(lambda: model.toggle_fullscreen())
        self.tour.toggled.connect(self._tour)
        model.events.layout_changed.connect(lambda *_: self._sync())
        model.events.page_changed.connect(lambda *_: self._sync())
        model.events.fullscreen_changed.connect(lambda *_: self._sync())
        model.events.tour_changed.connect(lambda *_: self._sync())
        self._sync()

    def add_control(self, widget: QWidget) -> None:
        """Another control on the toolbar (the board, named layouts), after the wall's
        own; it takes clicks only, as they do."""
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._row.insertWidget(self._row.count() - 1, widget)  # before the stretch

    def _tour(self, on: bool) -> None:
        if on and not self.model.touring:
            self.model.start_tour(self.model.sources, None, TOUR_INTERVAL_S, time.monotonic())
        elif not on and self.model.touring:
            self.model.stop_tour()

    def _sync(self) -> None:
        model = self.model
        for widget, setter in (
            (self.layouts, lambda: self.layouts.setCurrentText(model.layout.name)),
            (self.tour, lambda: self.tour.setChecked(model.touring)),
            (self.fullscreen, lambda: self.fullscreen.setChecked(model.fullscreen)),
        ):
            widget.blockSignals(True)  # mirroring the model must not write back to it
            setter()
            widget.blockSignals(False)
        self.page.setText(self.tr("page {page} / {pages}").format(page=model.page + 1, pages=max(1, model.page_count)))
        self.tour.setToolTip(
            self.tr("Stop the group's tour: the wall shows its own sites again")
            if model.touring_other_sites
            else self._tour_tip
        )

    def retranslate(self) -> None:
        """The toolbar's words in the language spoken now."""
        self.layouts.setToolTip(self.tr("Wall layout: grids and focus layouts (the big tile is the focus tile)"))
        self._tour_tip = self.tr("Cycle the wall's sites, a page every {s} s").format(s=f"{TOUR_INTERVAL_S:g}")
        self.layouts.setAccessibleName(self.tr("Wall layout"))
        for button, name, tip in (
            (self.prev, self.tr("Previous page"), self.tr("Previous page (Page Up)")),
            (self.next, self.tr("Next page"), self.tr("Next page (Space, Page Down)")),
            (self.tour, self.tr("Tour"), self._tour_tip),
            (self.fullscreen, self.tr("Fullscreen"), self.tr("The focused tile fills the wall (Enter, F)")),
        ):
            if button not in (self.prev, self.next):
                button.setText(name)
            button.setToolTip(tip)
            button.setAccessibleName(name)
        # "page 10 / 12" must not be wider than "page 1 / 1": the buttons after it stay put.
        self.page.setMinimumWidth(
            self.page.fontMetrics().horizontalAdvance(self.tr("page {page} / {pages}").format(page=888, pages=888)) + 8
        )
        self._sync()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
