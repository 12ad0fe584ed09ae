"""Signal: connection order, blocking, and a failing callback not starving the others."""

import logging

from console.model.events import EventGroup, Signal


def test_emit_calls_callbacks_in_connection_order_with_args():
    signal, calls = Signal("s"), []
    signal.connect(lambda *args: calls.append(("a", args)))
    signal.connect(lambda *args: calls.append(("b", args)))
    signal.emit(1, "x")
    assert calls == [("a", (1, "x")), ("b", (1, "x"))]


def test_connect_twice_calls_once_and_disconnect_stops_calls():
    signal, calls = Signal("s"), []
    signal.connect(calls.append)
    signal.connect(calls.append)
    signal.emit(1)
    signal.disconnect(calls.append)
    signal.disconnect(calls.append)  # not connected any more: a no-op
    signal.emit(2)
    assert calls == [1]


def test_failing_callback_is_logged_and_the_others_still_run(caplog):
    signal, calls = Signal("s"), []

    def broken(value):
        raise RuntimeError("boom")

    signal.connect(broken)
    signal.connect(calls.append)
    with caplog.at_level(logging.ERROR, logger="console.model.events"):
        signal.emit(7)
    assert calls == [7]
    assert "boom" in caplog.text


def test_blocked_drops_emits_and_nests():
    signal, calls = Signal("s"), []
    signal.connect(calls.append)
    with signal.blocked():
        with signal.blocked():
            signal.emit(1)
        signal.emit(2)
        assert signal.is_blocked
    signal.emit(3)
    assert calls == [3]


def test_event_group_blocks_all_its_signals():
    class Events(EventGroup):
        def __init__(self):
            self.a = Signal("a")
            self.b = Signal("b")

    events, calls = Events(), []
    events.a.connect(calls.append)
    events.b.connect(calls.append)
    with events.blocked():
        events.a.emit(1)
        events.b.emit(2)
    events.b.emit(3)
    assert calls == [3]
    assert set(events.signals()) == {"a", "b"}
