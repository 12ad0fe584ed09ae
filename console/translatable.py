"""Marking a text for translation where it is defined, and translating it where it is shown.

``QT_TRANSLATE_NOOP(context, source)`` returns ``source`` unchanged; lupdate finds the call by
its name and puts the text in the catalogue under ``context``. PySide6's own marker is typed as
returning ``object``, so every text it marked needed a cast before ``translate`` took it; this
one says what it returns.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 (the name lupdate looks for)
    del context  # read by lupdate from the source, not at run time
    return source
