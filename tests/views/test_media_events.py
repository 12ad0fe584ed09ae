"""Media events reach the window on the GUI thread, in order, and stop at the console's close:
a worker restarted as the console closes must not speak to widgets Qt has already deleted."""

import threading

from console.views.media_events import MediaEvents


def test_events_posted_from_another_thread_arrive_on_the_gui_thread_in_order(qapp, qtbot):
    events = MediaEvents()
    heard: list[tuple[str, int, bool]] = []
    events.received.connect(
        lambda kind, p: heard.append((kind, p["n"], threading.current_thread() is threading.main_thread()))
    )
    events.post("held", {"n": 0})  # before release: kept, delivered first
    events.release()
    poster = threading.Thread(target=lambda: [events.post("later", {"n": n}) for n in range(1, 6)])
    poster.start()
    poster.join()
    qtbot.waitUntil(lambda: len(heard) == 6)
    assert [n for _, n, _ in heard] == list(range(6))
    assert all(on_gui for _, _, on_gui in heard)


def test_nothing_is_delivered_after_close_not_even_what_was_already_queued(qapp, qtbot):
    events = MediaEvents()
    events.release()
    heard: list[str] = []
    events.received.connect(lambda kind, _p: heard.append(kind))
    poster = threading.Thread(target=lambda: events.post("media_worker_back", {"seconds": 0.5}))
    poster.start()
    poster.join()  # queued for the GUI thread, not yet delivered
    events.close()
    events.post("media_worker_lost", {})  # and nothing posted after the close either
    marker = MediaEvents()  # a later queued event on the same thread: once it arrives, ours would have
    marker.release()
    marker_heard: list[str] = []
    marker.received.connect(lambda kind, _p: marker_heard.append(kind))
    threading.Thread(target=lambda: marker.post("marker", {})).start()
    qtbot.waitUntil(lambda: marker_heard == ["marker"])
    qapp.processEvents()
    assert heard == []
