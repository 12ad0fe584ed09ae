import shutil

import pytest
from PySide6.QtCore import QSettings

from console.directory import DirectoryWorker


@pytest.fixture
def worker(national):
    """A directory worker over a private copy of the 10,810-site directory."""
    path = national.path
    national.close()
    worker = DirectoryWorker(path)
    yield worker
    worker.close()


@pytest.fixture
def make_console(_national_template, tmp_path, qtbot):
    """Start whole consoles (embedded hub, simulated communes in a child process, the window)
    as `opsconsole demo` does, shown at 1600x900 with the keyboard on the wall; each is shut
    down after the test. ``db`` and ``settings`` name files in the test's folder."""
    from console.app import start_demo

    made = []

    def make(
        sites=4,
        raise_hands=0,
        renderer="numpy",
        program=False,
        db="console.sqlite3",
        settings="settings.ini",
        simulate=True,
    ):
        path = tmp_path / db
        if not path.exists():
            shutil.copy(_national_template, path)
        stored = QSettings(str(tmp_path / settings), QSettings.Format.IniFormat)
        running = start_demo(
            path,
            sites=sites,
            renderer=renderer,
            settings=stored,
            raise_hands=raise_hands,
            program=program,
            simulate=simulate,
        )
        made.append(running)
        window = running.window
        qtbot.addWidget(window)
        window.resize(1600, 900)
        window.show()
        window.activateWindow()  # shortcuts (Ctrl+K) go to the active window
        qtbot.waitUntil(window.isActiveWindow)
        running.wall.take_keyboard()
        return running

    yield make
    for running in made:
        running.shutdown()
