import threading

from console.media import LatestFrameSink


def test_latest_frame_wins_and_drops_are_counted():
    sink = LatestFrameSink()
    assert sink.take() is None and sink.age() is None
    sink.put("a")
    sink.put("b")
    sink.put("c")
    assert sink.take() == "c"
    assert sink.take() is None  # nothing new
    assert sink.peek() == "c"
    assert (sink.received, sink.dropped, sink.taken) == (3, 2, 1)
    assert sink.age() >= 0


def test_put_and_take_from_two_threads_lose_no_count():
    sink = LatestFrameSink()
    taken = []

    def consume():
        for _ in range(20000):
            frame = sink.take()
            if frame is not None:
                taken.append(frame)

    consumer = threading.Thread(target=consume)
    consumer.start()
    for i in range(20000):
        sink.put(i)
    consumer.join()
    final = sink.take()
    taken += [final] if final is not None else []
    assert sink.received == 20000
    assert sink.taken == len(taken)
    assert sink.dropped + sink.taken == 20000
    assert taken == sorted(taken)  # never an older frame after a newer one
