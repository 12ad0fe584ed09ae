"""Qt's messages go to Qt's own handler while the tests run, never to a Python one: Qt
Multimedia logs from threads of its own at any moment, and a Python handler taken away as one of
them logged crashed the test process (tests/conftest.py, pytest_configure)."""

from PySide6.QtCore import qInstallMessageHandler


def test_no_python_message_handler_is_installed_for_qt_threads_to_call(qapp):
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(previous)
    assert previous is None, f"a Python message handler is installed: {previous!r}"
