"""Designer forms from ui/, used by composition (as Anki's aqt does)."""

from __future__ import annotations

from PySide6.QtCore import QFile
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.views.theme import UI_DIR


def load_form(name: str, host: QWidget) -> QWidget:
    """Load ``ui/<name>.ui`` into ``host`` (filling it) and return the form's root widget."""
    path = UI_DIR / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QFile.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot open the form {path}")
    try:
        form = QUiLoader().load(file, host)
    finally:
        file.close()
    if form is None:
        raise RuntimeError(f"the form {path} could not be loaded")
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form
