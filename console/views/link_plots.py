"""pyqtgraph plots of one site's link over the last minutes: bitrate, fps, loss, RTT."""

from __future__ import annotations

from collections import deque

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.views.theme import tokens

HISTORY_S = 300  # five minutes at one sample a second
SERIES = (("bitrate_kbps", QT_TRANSLATE_NOOP("LinkPlots", "Bitrate"), "kbps"),
          ("fps", QT_TRANSLATE_NOOP("LinkPlots", "Frame rate"), "fps"),
          ("loss_pct", QT_TRANSLATE_NOOP("LinkPlots", "Loss"), "%"),
          ("rtt_ms", QT_TRANSLATE_NOOP("LinkPlots", "Round trip"), "ms"))


class LinkPlots(QWidget):
    """Four small stacked plots sharing a time axis (seconds ago)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="linkPlots")
        colours = tokens()
        # No antialiasing: the four plots' repaint cost the GUI thread up to 200 ms a second
        # at 64 tiles (measured); the lines stay legible at 2 px.
        pg.setConfigOptions(antialias=False, background=colours["surface"], foreground=colours["text_muted"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self._times: deque[float] = deque(maxlen=HISTORY_S)
        self._values = {name: deque(maxlen=HISTORY_S) for name, _, _ in SERIES}
        self._curves = {}
        self._plots = {}
        pen = pg.mkPen(colours["accent"], width=2)
        self._title_colour = colours["text_muted"]
        for name, _title, _unit in SERIES:
            plot = pg.PlotWidget()
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(False, False)
            plot.hideButtons()
            plot.showGrid(y=True, alpha=0.15)
            plot.getAxis("bottom").setStyle(showValues=name == "rtt_ms")
            plot.setMinimumHeight(70)
            # A fixed time axis: an auto-ranged one re-lays its ticks on every sample, and
            # four axes repainting each second cost the GUI thread tens of milliseconds.
            plot.setXRange(-HISTORY_S, 0, padding=0)
            plot.enableAutoRange(x=False)
            self._curves[name] = plot.plot(pen=pen)
            self._plots[name] = plot
            layout.addWidget(plot)
        self._show_titles()
        self.clear()

    def _show_titles(self) -> None:
        for name, title, unit in SERIES:
            self._plots[name].setTitle(f"{QCoreApplication.translate('LinkPlots', title)} ({unit})", size="9pt",
                                       color=self._title_colour)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._show_titles()
        super().changeEvent(event)

    def clear(self) -> None:
        """No figures: empty curves and no value axis (an old scale must not pass for the
        site's current link)."""
        self._times.clear()
        for values in self._values.values():
            values.clear()
        for name, curve in self._curves.items():
            curve.setData([], [])
            plot = self._plots[name]
            plot.getAxis("left").setStyle(showValues=False)
            plot.setYRange(0, 1, padding=0)

    @property
    def empty(self) -> bool:
        return not self._times

    def add(self, at: float, stats) -> None:
        """Append one sample (a LinkStats) and redraw."""
        if not self._times:
            for plot in self._plots.values():
                plot.getAxis("left").setStyle(showValues=True)
                plot.enableAutoRange(y=True)
        self._times.append(at)
        for name in self._values:
            value = getattr(stats, name)
            self._values[name].append(float("nan") if value is None else float(value))
        ago = [t - at for t in self._times]
        for name, curve in self._curves.items():
            curve.setData(ago, list(self._values[name]), connect="finite")
