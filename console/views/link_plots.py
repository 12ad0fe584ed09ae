"""pyqtgraph plots of one site's link over the last minutes: bitrate, fps, loss, RTT."""

from __future__ import annotations

from collections import deque

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QGraphicsItem, QVBoxLayout, QWidget

from console.translatable import QT_TRANSLATE_NOOP
from console.views.theme import tokens

HISTORY_S = 300  # five minutes at one sample a second
SERIES = (
    ("bitrate_kbps", QT_TRANSLATE_NOOP("LinkPlots", "Bitrate"), "kbps"),
    ("fps", QT_TRANSLATE_NOOP("LinkPlots", "Frame rate"), "fps"),
    ("loss_pct", QT_TRANSLATE_NOOP("LinkPlots", "Loss"), "%"),
    ("rtt_ms", QT_TRANSLATE_NOOP("LinkPlots", "Round trip"), "ms"),
)
# The plots redraw in turn, one every quarter second, not all four at each sample: a plot's
# repaint takes 2 ms on a quiet machine and 5-20 ms beside 36 busy tiles, and four in one
# event were the GUI's longest stall once a second (bench gui's p99, 25-31 ms).
TURN_MS = 1000 // len(SERIES)


class LinkPlots(QWidget):
    """Four small stacked plots sharing a time axis (seconds ago)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkPlots")
        colours = tokens()
        # No antialiasing: the four plots' repaint cost the GUI thread up to 200 ms a second
        # at 64 tiles (measured); the lines stay legible at 2 px.
        pg.setConfigOptions(antialias=False, background=colours["surface"], foreground=colours["text_muted"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self._times: deque[float] = deque(maxlen=HISTORY_S)
        self._values: dict[str, deque[float]] = {name: deque(maxlen=HISTORY_S) for name, _, _ in SERIES}
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
            # The axes (ticks, labels, grid) and the title as pixmaps, painted again only when
            # they change: a repaint is then the curve and a copy (measured: 35 % less).
            for item in (plot.getAxis("left"), plot.getAxis("bottom"), plot.getPlotItem().titleLabel):
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self._curves[name] = plot.plot(pen=pen)
            self._plots[name] = plot
            layout.addWidget(plot)
        self._stale: list[str] = []  # plots whose curve waits for its turn
        self._turns = QTimer(self, interval=TURN_MS)
        self._turns.timeout.connect(self._draw_next)
        self._show_titles()
        self.clear()

    def _show_titles(self) -> None:
        for name, title, unit in SERIES:
            self._plots[name].setTitle(
                f"{QCoreApplication.translate('LinkPlots', title)} ({unit})", size="9pt", color=self._title_colour
            )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._show_titles()
        super().changeEvent(event)

    def clear(self) -> None:
        """No figures: empty curves and no value axis (an old scale must not pass for the
        site's current link)."""
        self._times.clear()
        self._stale.clear()
        self._turns.stop()
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
        """Append one sample (a LinkStats); the first plot shows it now, the others in turn."""
        if not self._times:
            for plot in self._plots.values():
                plot.getAxis("left").setStyle(showValues=True)
                plot.enableAutoRange(y=True)
        self._times.append(at)
        for name in self._values:
            value = getattr(stats, name)
            self._values[name].append(float("nan") if value is None else float(value))
        self._stale = list(self._curves)
        self._draw_next()
        self._turns.start()

    def _draw_next(self) -> None:
        if not self._stale:
            self._turns.stop()
            return
        name = self._stale.pop(0)
        latest = self._times[-1]
        self._curves[name].setData([t - latest for t in self._times], list(self._values[name]), connect="finite")
