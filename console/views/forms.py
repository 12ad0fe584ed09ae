"""Designer forms from ui/, used by composition (as Anki's aqt does)."""

from __future__ import annotations

from PySide6.QtCore import QFile
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.views.elided_label import ElidedLabel
from console.views.theme import UI_DIR

# Our widgets a form may use (declared in its <customwidgets>).
CUSTOM_WIDGETS = (ElidedLabel,)


def load_form(name: str, host: QWidget) -> QWidget:
    """Load ``ui/<name>.ui`` into ``host`` (filling it) and return the form's root widget."""
    path = UI_DIR / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QFile.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot open the form {path}")
    loader = QUiLoader()
    # The form's texts are translated with its class as the context (lupdate reads
    # ui/*.ui), and said again by the form itself when the language changes.
    loader.setLanguageChangeEnabled(True)
    for widget in CUSTOM_WIDGETS:
        loader.registerCustomWidget(widget)
    try:
        form = loader.load(file, host)
    finally:
        file.close()
    if form is None:
        raise RuntimeError(f"the form {path} could not be loaded")
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form
