import threading

from console.media import LatestFrameSink


def test_latest_frame_wins_and_drops_are_counted():
    sink = LatestFrameSink()
    assert sink.take() is None and sink.age() is None
    sink.put("a")
    sink.put("b")
    sink.put("c")
    assert sink.take() == "b"  # one behind the newest, never further: "a" is dropped
    assert sink.peek() == "c"
    assert sink.take() == "c"
    assert sink.take() is None  # nothing new
    assert (sink.received, sink.dropped, sink.taken) == (3, 1, 2)
    assert sink.age() >= 0


def test_a_frame_bunched_with_the_next_is_taken_before_it_not_lost():
    sink = LatestFrameSink()
    sink.put(1)
    assert sink.take() == 1
    sink.put(2)
    sink.put(3)  # arrived together
    assert sink.take() == 2
    sink.put(4)  # before the consumer came back: 3 is the one behind now
    assert [sink.take(), sink.take(), sink.take()] == [3, 4, None]
    assert (sink.received, sink.dropped, sink.taken) == (4, 0, 4)


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
    while (final := sink.take()) is not None:  # what is left: the newest, maybe one behind it
        taken.append(final)
    assert sink.received == 20000
    assert sink.taken == len(taken)
    assert sink.dropped + sink.taken == 20000
    assert taken == sorted(taken)  # never an older frame after a newer one
