"""FutureBridge: results of worker threads reach the GUI thread, and the worker thread never
holds the GUI's callbacks (releasing their widgets there crashed a run)."""

import gc
import threading
import types
from concurrent.futures import Future

from PySide6.QtCore import QCoreApplication

from console.views.futures import FutureBridge


class _Marker:
    pass


def _reachable(start):
    """Every object ``start`` holds, directly or not, short of modules, classes and functions'
    globals (which hold everything)."""
    seen, todo = {}, [start]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, (type, types.ModuleType)):
            continue
        seen[id(obj)] = obj
        if isinstance(obj, types.FunctionType):
            todo.extend([*(obj.__closure__ or ()), *(obj.__defaults__ or ())])
        elif not (isinstance(obj, dict) and "__builtins__" in obj):
            todo.extend(gc.get_referents(obj))
    return seen


def test_the_future_reaches_none_of_the_callbacks_and_the_result_arrives_on_the_gui_thread(qtbot):
    bridge = FutureBridge()
    future: Future = Future()
    marker = _Marker()  # stands for a widget the callback closes over
    got = []
    bridge.deliver(future, lambda value, held=marker: got.append((value, threading.current_thread())))
    assert id(marker) not in _reachable(future)  # what a worker thread keeps of the delivery

    worker = threading.Thread(target=future.set_result, args=(42,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(got))
    assert got == [(42, threading.main_thread())]


def test_a_result_for_a_bridge_that_is_gone_is_dropped_quietly(qtbot):
    bridge = FutureBridge()
    future: Future = Future()
    got = []
    bridge.deliver(future, got.append)
    bridge.deleteLater()
    qtbot.waitUntil(lambda: _deleted(bridge))
    worker = threading.Thread(target=future.set_result, args=(1,))
    worker.start()
    worker.join()
    QCoreApplication.processEvents()  # whatever was queued is handled (there must be nothing)
    assert got == []


def _deleted(obj) -> bool:
    from shiboken6 import isValid

    return not isValid(obj)
