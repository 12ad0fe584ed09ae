"""The Qt bindings must not eat references to None.

PySide6 6.12.0 (abi3 wheels) on Python 3.11 drops one reference to None on every call of a
method returning void (QPainter.setPen, QWidget.update, QObject.setObjectName, …). Python
3.12+ makes None immortal, which hides it; on 3.11 None's count (a few thousand in a fresh
process) reaches zero and the interpreter aborts ("deallocating None"). One wall paint of
36 tiles makes about 1,600 such calls, so the console would die within seconds. 6.11.3
does not have the bug. This test names the problem instead of a crash at exit.
"""

import sys


def test_void_qt_calls_keep_none_alive(qapp):
    from PySide6.QtCore import QObject

    probe = QObject()
    probe.setObjectName("warm-up")
    before = sys.getrefcount(None)
    for _ in range(1000):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    import PySide6

    assert lost < 100, (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} lost {lost} "
        f"references to None in 1,000 void calls: the process will abort. Use PySide6 "
        f"6.11.x (or Python >= 3.12)."
    )
