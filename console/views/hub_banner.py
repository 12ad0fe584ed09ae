"""A bar across the top of the wall that nobody can miss when the hub is gone.

It says what happened and what the console is doing about it ("hub lost: reconnecting in
3 s"), counting down, on one line that never moves the wall more than that; it turns to
"back" for a moment when the hub answers again, and stays red with what to do when the hub
refused this console for good (a revoked token). A crashed media worker has its own words.
"""

from __future__ import annotations

import html
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

BACK_SHOWN_MS = 3000
TOOLTIP_WIDTH_PX = 480


def tooltip_html(text: str) -> str:
    """``text`` as a rich-text tooltip that wraps within ``TOOLTIP_WIDTH_PX`` (Qt's rich text
    bounds a table's width, not a paragraph's)."""
    return f'<table width="{TOOLTIP_WIDTH_PX}"><tr><td>{html.escape(text)}</td></tr></table>'


class HubBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hubBanner")
        # One line, elided to the window's width, the whole message in its tooltip. Unelided, a
        # long reason (a URL, a socket error) asked the layout for 3,154 px on a 1,920 px screen
        # and the window grew past the screen's edge; wrapped, it took four lines and pushed the
        # wall down under the operator's pointer for as long as the hub was away.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._message = ""
        self._retry_at: float | None = None
        self._reason = ""
        self._attempt = 1
        self._tick = QTimer(self, interval=250)
        self._tick.timeout.connect(self._show_countdown)
        self._hide = QTimer(self, singleShot=True, interval=BACK_SHOWN_MS)
        self._hide.timeout.connect(self.hide)
        self.hide()

    @property
    def state(self) -> str:
        return str(self.property("state") or "")

    @property
    def message(self) -> str:
        """All of what the banner says (its line may end in "…" where the window is narrow)."""
        return self._message

    def lost(self, reason: str, retry_in: float | None, attempt: int = 1, fatal: bool = False) -> None:
        """The hub is gone (``reason``); the next try in ``retry_in`` s, or never (``fatal``)."""
        self._hide.stop()
        self._reason, self._attempt = reason, attempt
        if fatal:
            self._tick.stop()
            # What to do comes before the reason: it is what a narrow window must still show.
            self._set(
                "fatal",
                self.tr(
                    "⛔ The hub refused this console: ask for a new token, then start the console again. {reason}"
                ).format(reason=reason),
            )
        else:
            self._retry_at = time.monotonic() + (retry_in or 0)
            self._tick.start()
            self._show_countdown()
        self.show()

    def worker_lost(self, reason: str) -> None:
        """The media worker ended (a crash) and is being started again: no tile plays meanwhile."""
        self._hide.stop()
        self._tick.stop()
        self._reason = reason
        self._set(
            "lost",
            self.tr(
                "⚠ The media worker stopped: starting it again; the tiles come back in a few seconds. {reason}"
            ).format(reason=reason),
        )
        self.show()

    def back(self) -> None:
        self._tick.stop()
        self._set("back", self.tr("✔ Hub connected again: the wall is rejoining its sites."))
        self._hide.start()

    def worker_back(self) -> None:
        self._set("back", self.tr("✔ Media worker running again: the wall is rejoining its sites."))
        self._hide.start()

    def _show_countdown(self) -> None:
        left = max(0.0, (self._retry_at or 0) - time.monotonic())
        doing = self.tr("reconnecting in {s} s").format(s=f"{left:.0f}") if left >= 0.5 else self.tr("reconnecting…")
        # Live peer-to-peer video needs no hub (docs/protocol.md "Kept media sessions"): what
        # waits for it is control, and tiles that were not live.
        self._set(
            "lost",
            self.tr(
                "⚠ Hub lost: {doing} (attempt {attempt}) — live tiles play on; mutes, talk "
                "and tiles that were not live wait for it. {reason}"
            ).format(doing=doing, attempt=self._attempt, reason=self._reason),
        )

    def _set(self, state: str, text: str) -> None:
        self._message = text
        # Rich text in a table of a fixed width, so the tooltip wraps: as plain text a long reason
        # made one line that started off the screen's left edge.
        self.setToolTip(tooltip_html(text))
        if state != self.state:
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        self.setText(self.fontMetrics().elidedText(self._message, Qt.TextElideMode.ElideRight, width))
