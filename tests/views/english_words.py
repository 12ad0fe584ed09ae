"""Finding English on a Vietnamese screen: every text a window shows (labels, buttons, tooltips,
list and table cells, tabs, actions, chart ticks, painted legends), and the English words in them.

English words are those of the console's own English source texts (the catalogue's
``<source>``-s) and a few that are English on any screen (day and month names); a word the
Vietnamese translation itself uses (hub, video, SIP…) is not English here. Data is taken out
before looking: site names and keys, addresses, paths, numbers, and the names given in
``names``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

CATALOGUE = Path(__file__).resolve().parents[2] / "ui" / "i18n" / "opsconsole_vi.ts"
ALWAYS_ENGLISH = {
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    "the",
    "of",
    "is",
    "and",
    "not",
    "for",
    "by",
    "with",
}
# Names and terms a Vietnamese screen writes as they are.
NAMES = {
    "opsconsole",
    "sip",
    "webrtc",
    "numpy",
    "opengl",
    "gl",
    "llvmpipe",
    "mesa",
    "tls",
    "https",
    "http",
    "wss",
    "ws",
    "ctrl",
    "shift",
    "alt",
    "esc",
    "enter",
    "tab",
    "pgup",
    "pgdown",
    "pgdn",
    "backspace",
    "space",
    "home",
    "end",
    "del",
    "f1",
    "f5",
    "f11",
    "ok",
    "webm",
    "csv",
    "json",
    "pdf",
    "png",
    "fps",
    "kbps",
    "mbps",
    "ms",
    "db",
    "dbfs",
    "px",
    "rtt",
    "vp8",
    "opus",
    "ice",
    "sfu",
    "janus",
    "id",
    "cpu",
    "gpu",
    "x",
    "s",
    "h",
    "min",
    "qt",
    "pyqtgraph",
    "linux",
    "debian",
}
_DATA = re.compile(r"[a-z]+://\S+|(?:~|\.{0,2})/[\w./-]+|\$[A-Z_]+|\b[a-z_]+:\d+\b|\b[0-9a-f]{12,}\b|\b\w*\d\w*\b")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_TAGS = re.compile(r"<[^>]+>|&\w+;")
_PLACEHOLDER = re.compile(r"\{\w*\}")  # {province} in a translation is not a word it uses


def english_words() -> set[str]:
    """The console's English words, less those its Vietnamese uses."""
    english, vietnamese = set(ALWAYS_ENGLISH), set()
    for message in ET.parse(CATALOGUE).getroot().iter("message"):
        english |= {w.lower() for w in _WORD.findall(_DATA.sub(" ", _TAGS.sub(" ", message.find("source").text or "")))}
        translation = _PLACEHOLDER.sub(" ", message.find("translation").text or "")
        vietnamese |= {w.lower() for w in _WORD.findall(translation)}
    return {w for w in english - vietnamese - NAMES if len(w) > 1 or w in ("a",)}


def english_in(text: str, words: set[str], names: set[str]) -> list[str]:
    """The English words of ``text`` once names and data are taken out."""
    text = _TAGS.sub(" ", text)
    for name in sorted(names, key=len, reverse=True):  # longest first: "Xã Thanh Xuân" before "Thanh"
        if name and name in text:
            text = text.replace(name, " ")
    text = _DATA.sub(" ", text)
    return [w for w in _WORD.findall(text) if w.lower() in words]


def item_texts(view: QAbstractItemView, limit: int = 300) -> list[str]:
    """The cells a view shows (and their tooltips), top-level rows and their open children."""
    model = view.model()
    if model is None:
        return []
    out = []
    for column in range(_columns(model, QModelIndex())):
        header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if isinstance(header, str):
            out.append(header)

    def walk(parent, depth: int) -> None:
        for row in range(min(model.rowCount(parent), limit)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        out.append(value)
            first = model.index(row, 0, parent)
            if depth < 3 and getattr(view, "isExpanded", lambda _: False)(first) and model.rowCount(first):
                walk(first, depth + 1)

    walk(QModelIndex(), 0)
    return out


def _columns(model, parent) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model's columnCount is private to Python: it has one
        return 1


def widget_texts(widget: QWidget) -> list[str]:
    """What ``widget`` itself says: its text, tooltip, title, placeholder, items."""
    out = [
        widget.toolTip(),
        widget.statusTip(),
        widget.whatsThis(),
        widget.accessibleName(),
        widget.accessibleDescription(),
    ]
    if widget.isWindow() or isinstance(widget, QDockWidget):
        out.append(widget.windowTitle())
    if isinstance(widget, (QLabel, QAbstractButton)):
        out.append(widget.text())
    if isinstance(widget, QLineEdit):
        out.append(widget.placeholderText())  # its text is what the operator typed
    if isinstance(widget, QGroupBox):
        out.append(widget.title())
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        out += [widget.toPlainText(), widget.placeholderText()]
    if isinstance(widget, QComboBox):
        out += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTabBar):
        tabs = range(widget.count())
        out += [widget.tabText(i) for i in tabs] + [widget.tabToolTip(i) for i in tabs]
    if isinstance(widget, QAbstractItemView):
        out += item_texts(widget)
    painted = getattr(widget, "texts", None)  # widgets that paint their words say them here
    if callable(painted):
        out += painted()
    return [t for t in out if isinstance(t, str) and t.strip()]


def window_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the window and everything in it, its actions and its charts."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        where = f"{type(widget).__name__}#{widget.objectName()}"
        found += [(where, t) for t in widget_texts(widget)]
    for action in window.findChildren(QAction):
        if not action.associatedObjects():  # in no menu or toolbar (pyqtgraph's, with their menus off)
            continue
        found += [(f"QAction#{action.objectName()}", t) for t in (action.text(), action.toolTip()) if t]
    found += [(where, t) for where, t in chart_texts(window)]
    return found


def chart_texts(window: QWidget) -> list[tuple[str, str]]:
    """pyqtgraph's titles, axis labels and ticks (drawn, not widgets), a week shown on date axes."""
    import pyqtgraph as pg

    out = []
    for plot in window.findChildren(pg.PlotWidget):
        item = plot.getPlotItem()
        out.append(("plot title", item.titleLabel.text))
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            out.append((f"axis {name}", axis.labelText))
            if isinstance(axis, pg.DateAxisItem):  # a week around a fixed Monday, as it would draw it
                start = 1_704_067_200.0  # 2024-01-01, a Monday
                for span in (7 * 86400, 3 * 86400, 120 * 86400):
                    axis.setRange(start, start + span)
                    axis.setZoomLevelForDensity(span / 600)
                    for spacing, values in axis.tickValues(start, start + span, 600):
                        out += [(f"axis {name} ticks", t) for t in axis.tickStrings(values, 1.0, spacing)]
    return [(w, t) for w, t in out if isinstance(t, str) and t.strip()]
