"""The GUI thread's asyncio loop is Qt's (qasync): coroutines run while Qt processes
events, and once the last holder lets it go, Qt's nested loops and plain asyncio work again."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QEventLoop, QTimer

from console.views.gui_loop import acquire_gui_loop, release_gui_loop, wait


def test_a_coroutine_awaits_a_worker_future_while_qt_runs(qapp, qtbot):
    loop = acquire_gui_loop(qapp)
    try:
        assert acquire_gui_loop(qapp) is loop  # a second holder shares it
        release_gui_loop()
        seen = []

        async def job():
            with ThreadPoolExecutor(1) as pool:
                seen.append(await wait(pool.submit(lambda: 6 * 7)))
            await asyncio.sleep(0)
            seen.append(asyncio.get_running_loop() is loop)

        asyncio.ensure_future(job())  # noqa: RUF006 (the test waits for what it appends)
        qtbot.waitUntil(lambda: len(seen) == 2)
        assert seen == [42, True]
    finally:
        release_gui_loop()


def test_after_release_nested_qt_loops_and_asyncio_run_work(qapp):
    acquire_gui_loop(qapp)

    async def forever():
        await asyncio.Event().wait()

    task = asyncio.ensure_future(forever())  # still pending at release: cancelled, not leaked
    release_gui_loop()
    assert task.cancelled()
    ran = []
    nested = QEventLoop()
    QTimer.singleShot(50, lambda: (ran.append(True), nested.quit()))
    nested.exec()  # a loop.stop() would have left Qt's "quit now" set and this would return at once
    assert ran == [True]
    assert asyncio.run(asyncio.sleep(0, result="plain")) == "plain"
