"""pytest plugin: make Qt unimportable, proving the pure layers need none.

Use with pytest-qt switched off: ``pytest -p no:pytest-qt -p tests.no_qt tests/directory``.
"""

import sys
from importlib.abc import MetaPathFinder

BLOCKED = ("PySide6", "shiboken6", "qasync", "pyqtgraph", "pytestqt")


class _NoQt(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked: this test run proves the pure layers need no Qt")
        return None


def pytest_configure(config):
    for name in list(sys.modules):
        if name.split(".")[0] in BLOCKED:
            raise RuntimeError(f"{name} was imported before tests.no_qt could block it")
    sys.meta_path.insert(0, _NoQt())
