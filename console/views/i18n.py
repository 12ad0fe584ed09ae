"""The console's translations: English source texts, Vietnamese from ``ui/i18n/opsconsole_vi.qm``.

Every text a user sees goes through Qt's translation (``self.tr`` or
``QCoreApplication.translate``), so switching the language at run time is installing another
translator: Qt then sends every widget a ``LanguageChange`` event and each says its texts
again (``retranslate``). A missing ``.qm`` leaves the console in English and says so once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTranslator
from PySide6.QtWidgets import QTableWidget, QTreeWidget, QWidget

from console.paths import translations_dir

SOURCE_LANGUAGE = "en"
log = logging.getLogger(__name__)


class Translations(QObject):
    """The application's one translator; ``use(language)`` switches it at run time.

    ``problem`` holds why the asked-for language is not shown (its file missing or broken),
    or "" when it is; ``language`` is what the console speaks now."""

    def __init__(self, app: QCoreApplication, folder: Path | None = None) -> None:
        super().__init__(app)
        self.setObjectName("translations")  # how ``of`` finds it
        self._app = app
        self.folder = folder or translations_dir()
        self.language = SOURCE_LANGUAGE
        self.problem = ""
        self._translator: QTranslator | None = None

    @classmethod
    def of(cls, app: QCoreApplication) -> Translations:
        """The application's translations (made, in English, on first use)."""
        found = app.findChild(cls, "translations")
        return found if found is not None else cls(app)

    def use(self, language: str) -> str:
        """Speak ``language`` ("vi" or "en") from now on; returns the language now spoken
        (English when the wanted one's file is missing, with ``problem`` saying so)."""
        app = self._app
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        self.problem = ""
        if language != SOURCE_LANGUAGE:
            path = self.folder / f"opsconsole_{language}.qm"
            translator = QTranslator(self)
            if path.is_file() and translator.load(str(path)):
                app.installTranslator(translator)
                self._translator = translator
            else:
                self.problem = QCoreApplication.translate(
                    "Translations",
                    "The {language} translation is missing ({path}): the console is in English.",
                ).format(language=language, path=path)
                log.warning(
                    "the %s translation is missing or unreadable (%s): the console is in English", language, path
                )
                language = SOURCE_LANGUAGE
        self.language = language
        return language


class _LanguageWatch(QObject):
    def __init__(self, widget: QObject, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._callback()
        return False


def language_change(widget: QObject, callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the language changes, for as long as ``widget`` lives: for texts
    that wiring code (not a widget class of its own) sets on a widget."""
    _LanguageWatch(widget, callback)


BOUND_CONTEXT = "Console"  # the context of texts given to ``bind`` (QT_TRANSLATE_NOOP("Console", …))


def bind(widget: QWidget, prop: str, source: str) -> None:
    """Set ``widget``'s Qt property ``prop`` ("text", "toolTip", "placeholderText", "suffix", …) to
    the translation of the English ``source`` (marked ``QT_TRANSLATE_NOOP("Console", …)``), now
    and at every language change. A button's text is its accessible name too."""

    def apply() -> None:
        text = QCoreApplication.translate(BOUND_CONTEXT, source)
        widget.setProperty(prop, text)
        if prop == "text" and widget.metaObject().indexOfProperty("checkable") >= 0:
            widget.setAccessibleName(text.strip("▶⏸●■ …"))

    apply()
    language_change(widget, apply)


def bind_headers(view: QTreeWidget | QTableWidget, sources: tuple[str, ...]) -> None:
    """A table's or tree's column titles, translated now and at every language change."""

    def apply() -> None:
        texts = [QCoreApplication.translate(BOUND_CONTEXT, source) for source in sources]
        if isinstance(view, QTreeWidget):
            view.setHeaderLabels(texts)
        else:
            view.setHorizontalHeaderLabels(texts)

    apply()
    language_change(view, apply)
