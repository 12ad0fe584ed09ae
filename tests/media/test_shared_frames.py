"""Frames cross to the GUI through shared memory, latest wins, never torn."""

import multiprocessing
import time

import numpy as np

from console.media.shared_frames import FrameSlotReader, FrameSlotWriter, frame_bytes


def planes(width, height, value):
    cw, ch = (width + 1) // 2, (height + 1) // 2
    return (
        np.full((height, width), value, np.uint8),
        np.full((ch, cw), value + 1, np.uint8),
        np.full((ch, cw), value + 2, np.uint8),
    )


def test_the_newest_frame_wins_and_each_is_taken_once():
    writer = FrameSlotWriter(frame_bytes(320, 180))
    reader = FrameSlotReader(writer.name)
    try:
        assert reader.take() is None
        for value in (10, 20, 30):
            writer.write(*planes(320, 180, value), opaque=123.5)
        frame = reader.take()
        assert (frame.width, frame.height, int(frame.y[0, 0]), int(frame.v[-1, -1])) == (320, 180, 30, 32)
        assert frame.opaque == 123.5 and reader.take() is None
        assert reader.received == 3 and reader.dropped == 2  # replaced before being taken: counted
        writer.write(*planes(161, 91, 40))  # odd sizes: chroma rounds up
        frame = reader.take()
        assert frame.u.shape == (46, 81) and int(frame.u[0, 0]) == 41
    finally:
        reader.close()
        writer.close()


def test_a_slot_closed_by_another_thread_while_the_gui_reads_it_reads_as_empty():
    """The media client closes slots on its own thread (the worker died, or the site got a new
    slot); the GUI's tick may hold the old reader: it gets no frame, never an exception."""
    import threading

    writer = FrameSlotWriter(frame_bytes(640, 360))
    reader = FrameSlotReader(writer.name)
    errors, stop = [], threading.Event()

    def gui():
        while not stop.is_set():
            try:
                reader.take(), reader.received, reader.peek_seq(), reader.dropped
            except Exception as exc:  # what the wall's tick would have raised
                errors.append(exc)
                return

    try:
        thread = threading.Thread(target=gui)
        thread.start()
        for value in range(50):
            writer.write(*planes(640, 360, value))
        reader.close()
        time.sleep(0.05)
        stop.set()
        thread.join(5)
        assert errors == []
        assert reader.take() is None and reader.received == 0 and reader.peek_seq() == 0
        reader.close()  # closing twice is harmless
    finally:
        stop.set()
        writer.close()


def test_two_frames_bunched_within_one_tick_are_both_shown_one_tick_apart():
    writer = FrameSlotWriter(frame_bytes(64, 32))
    reader = FrameSlotReader(writer.name)
    try:
        writer.write(*planes(64, 32, 10))
        assert int(reader.take().y[0, 0]) == 10
        writer.write(*planes(64, 32, 20))  # the network hands two at once
        writer.write(*planes(64, 32, 30))
        assert int(reader.take().y[0, 0]) == 20  # the older first, whole: the worker writes elsewhere
        writer.write(*planes(64, 32, 40))  # while the GUI painted
        assert int(reader.take().y[0, 0]) == 30
        assert int(reader.take().y[0, 0]) == 40 and reader.take() is None
        for value in (50, 60, 70):  # further behind than one: latest wins, counted
            writer.write(*planes(64, 32, value))
        assert int(reader.take().y[0, 0]) == 70 and reader.take() is None
        assert (reader.received, reader.taken, reader.dropped) == (7, 5, 2)
    finally:
        reader.close()
        writer.close()


def test_a_strided_plane_is_written_without_its_padding():
    writer = FrameSlotWriter(frame_bytes(64, 32))
    reader = FrameSlotReader(writer.name)
    try:
        padded = np.zeros((32, 128), np.uint8)
        padded[:, :64] = np.arange(64, dtype=np.uint8)
        y = padded[:, :64]
        _, u, v = planes(64, 32, 0)
        writer.write(y, u, v)
        assert np.array_equal(reader.take().y, y)
    finally:
        reader.close()
        writer.close()


def _flood(name, seconds):
    writer_planes = [planes(320, 180, value) for value in range(0, 200, 10)]
    import console.media.shared_frames as sf
    from console.media.shared_frames import _attach  # the writer side, in another process

    slot = sf.FrameSlotWriter.__new__(sf.FrameSlotWriter)
    slot.shm, slot.capacity, slot._seq, slot._received, slot._versions = (
        _attach(name),
        frame_bytes(320, 180),
        0,
        0,
        [0] * sf.BUFFERS,
    )
    i, stop_at = 0, time.monotonic() + seconds
    while time.monotonic() < stop_at:
        slot.write(*writer_planes[i % len(writer_planes)])
        i += 1
    slot.shm.close()


def test_a_reader_racing_a_writer_in_another_process_never_sees_a_torn_frame():
    owner = FrameSlotWriter(frame_bytes(320, 180))
    reader = FrameSlotReader(owner.name)
    process = multiprocessing.get_context("spawn").Process(target=_flood, args=(owner.name, 2.0))
    process.start()
    try:
        taken = 0
        while process.is_alive():
            frame = reader.take()
            if frame is not None:
                taken += 1
                value = int(frame.y[0, 0])
                # One value everywhere: a frame half old, half new would show two.
                assert (frame.y == value).all() and (frame.u == value + 1).all() and (frame.v == value + 2).all()
        assert taken > 20
    finally:
        process.join(5)
        reader.close()
        owner.close()
