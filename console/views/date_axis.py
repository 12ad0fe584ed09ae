"""A pyqtgraph date axis that names days and months in the console's language.

pyqtgraph's ``DateAxisItem`` writes its ticks with ``strftime``, whose ``%a`` and ``%b`` are the
C locale's English ("Mon 07", "Jan"): a Vietnamese console showed them on its charts.
"""

from __future__ import annotations

import pyqtgraph as pg
from pyqtgraph.graphicsItems import DateAxisItem as pg_dates  # noqa: N813 (the module, named as pyqtgraph does)
from PySide6.QtCore import QCoreApplication

from console.translatable import QT_TRANSLATE_NOOP

DAYS = (
    QT_TRANSLATE_NOOP("Dates", "Mon"),
    QT_TRANSLATE_NOOP("Dates", "Tue"),
    QT_TRANSLATE_NOOP("Dates", "Wed"),
    QT_TRANSLATE_NOOP("Dates", "Thu"),
    QT_TRANSLATE_NOOP("Dates", "Fri"),
    QT_TRANSLATE_NOOP("Dates", "Sat"),
    QT_TRANSLATE_NOOP("Dates", "Sun"),
)
MONTHS = (
    QT_TRANSLATE_NOOP("Dates", "Jan"),
    QT_TRANSLATE_NOOP("Dates", "Feb"),
    QT_TRANSLATE_NOOP("Dates", "Mar"),
    QT_TRANSLATE_NOOP("Dates", "Apr"),
    QT_TRANSLATE_NOOP("Dates", "May"),
    QT_TRANSLATE_NOOP("Dates", "Jun"),
    QT_TRANSLATE_NOOP("Dates", "Jul"),
    QT_TRANSLATE_NOOP("Dates", "Aug"),
    QT_TRANSLATE_NOOP("Dates", "Sep"),
    QT_TRANSLATE_NOOP("Dates", "Oct"),
    QT_TRANSLATE_NOOP("Dates", "Nov"),
    QT_TRANSLATE_NOOP("Dates", "Dec"),
)


class LocalDateAxis(pg.DateAxisItem):
    """``DateAxisItem`` with its day and month names translated (numbers as strftime writes them)."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        strings = super().tickStrings(values, scale, spacing)
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        if spec is None or ("%a" not in spec.format and "%b" not in spec.format):
            return strings
        out = []
        for value, text in zip(values, strings):
            try:
                at = pg_dates.utcfromtimestamp(pg_dates.adjustTimestampToPreferredUtcOffset(value, self.utcOffset))
            except (OverflowError, ValueError, OSError):
                out.append(text)
                continue
            format_ = spec.format.replace("%a", _escaped(DAYS[at.weekday()])).replace(
                "%b", _escaped(MONTHS[at.month - 1])
            )
            out.append(at.strftime(format_))
        return out


def _escaped(source: str) -> str:
    return QCoreApplication.translate("Dates", source).replace("%", "%%")
