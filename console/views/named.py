"""``named(QLabel(), "title")``: a new Qt object with its object name, in one expression.

The stylesheet (``[objectName]`` rules) and the tests find widgets by their object name.
PySide6 takes Qt properties as constructor keywords (``QLabel(objectName="title")``), but its
type stubs do not list the inherited ones, so the type check refuses those calls; the setter
does the same and is checked.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject

_Object = TypeVar("_Object", bound=QObject)


def named(thing: _Object, name: str) -> _Object:
    """``thing`` with the object name ``name``."""
    thing.setObjectName(name)
    return thing
