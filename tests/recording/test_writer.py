"""The WebM writer fed with real VP8 and Opus frames (the simulated sites' own clips), checked
with ffprobe: what goes in comes out, unchanged, at the right times; a disk that refuses ends
the recording with the reason and leaves a playable file."""

import os
import subprocess
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.recording import RecordingError, RecordingWriter, check_writable
from console.recording.writer import wall_clock_start
from console.sim.clips import tone_clip, video_clip
from tests.recording.probe import decode_errors, ffprobe, streams

VIDEO_STEP = 90_000 // 15  # RTP ticks per frame at 15 fps
AUDIO_STEP = 960  # 20 ms of Opus at 48 kHz


def feed(writer, seconds, video_start=0, audio_start=0, skip_first=0, size=(320, 180)):
    """``seconds`` of the clip and the tone, interleaved as they would arrive; returns the VP8
    frames handed over (in order)."""
    clip = video_clip(*size, variant=0)
    tone = tone_clip(440.0)
    sent = []
    for i in range(skip_first, int(seconds * 50)):  # 50 audio packets a second, a frame every 3.33
        writer.put("audio", tone[i % len(tone)], (audio_start + i * AUDIO_STEP) & 0xFFFFFFFF)
        if i * 15 % 50 < 15:
            frame = i * 15 // 50
            data = clip.packets[frame % len(clip.packets)]
            writer.put("video", data, (video_start + frame * VIDEO_STEP) & 0xFFFFFFFF)
            sent.append(data)
    return sent


def test_frames_go_into_webm_unchanged_with_their_timing_and_wall_clock_start(tmp_path):
    path = tmp_path / "spot.webm"
    before = datetime.now(UTC)
    writer = RecordingWriter(path, {"title": "Phường Hoàn Kiếm (commune:70)"}).start()
    sent = feed(writer, 5, video_start=0xFFFFFFFF - 10 * VIDEO_STEP)  # the RTP clock wraps mid-file
    result = writer.stop()
    assert not result.error and result.video_frames == len(sent) == 75 and result.audio_packets == 250
    info = ffprobe(path)
    by_codec = streams(info)
    assert set(by_codec) == {"vp8", "opus"}
    assert int(by_codec["vp8"]["nb_read_frames"]) == 75 and int(by_codec["opus"]["nb_read_frames"]) == 250
    assert (by_codec["vp8"]["width"], by_codec["vp8"]["height"]) == (320, 180)
    assert 4.9 <= float(info["format"]["duration"]) <= 5.1
    tags = info["format"]["tags"]
    started = wall_clock_start(tags)
    assert before.timestamp() - 1 <= started.timestamp() <= time.time()
    assert tags["title"] == "Phường Hoàn Kiếm (commune:70)"
    assert decode_errors(path) == ""
    # Not re-encoded: the packets in the file are the bytes that arrived.
    import av

    with av.open(str(path)) as done:
        stored = [bytes(p) for p in done.demux(video=0) if p.size]
    assert stored == sent


def test_a_file_starts_at_a_keyframe_and_keeps_the_audio_that_came_just_before(tmp_path):
    path = tmp_path / "late.webm"
    writer = RecordingWriter(path).start()
    clip = video_clip(320, 180, variant=0)
    tone = tone_clip(440.0)
    for i in range(5):  # difference frames of a picture already under way: no use without their keyframe
        writer.put("video", clip.packets[1 + i], i * VIDEO_STEP)
        writer.put("audio", tone[i], i * AUDIO_STEP)
    for i, data in enumerate(clip.packets[:30]):
        writer.put("video", data, (10 + i) * VIDEO_STEP)
    result = writer.stop()
    assert result.video_frames == 30 and result.audio_packets == 5 and result.dropped == 5
    assert decode_errors(path) == ""


def test_bookmarks_become_chapters(tmp_path):
    path = tmp_path / "marks.webm"
    writer = RecordingWriter(path).start()
    feed(writer, 1)
    writer.bookmark("Xã trình bày số liệu")
    writer.bookmark("câu hỏi của Thủ tướng")
    feed(writer, 2, video_start=15 * VIDEO_STEP, audio_start=50 * AUDIO_STEP, skip_first=50)
    result = writer.stop()
    assert [b.note for b in result.bookmarks] == ["Xã trình bày số liệu", "câu hỏi của Thủ tướng"]
    chapters = ffprobe(path)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["Xã trình bày số liệu", "câu hỏi của Thủ tướng"]


class SteppedClock:
    """The writer's clock, moved by the test: when frames arrive and notes are made."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_note_made_before_the_first_keyframe_is_at_the_files_start_and_the_notes_keep_their_order(tmp_path):
    # The file's 0 is the first keyframe's arrival, known only once the writer's thread has
    # taken it in: a note made before that (or while the thread is behind, on a loaded machine)
    # was measured from the writer's creation instead, later on the file's timeline than a note
    # made after it, and the chapters came out in the wrong order.
    path = tmp_path / "early.webm"
    clock = SteppedClock(100.0)
    writer = RecordingWriter(path, clock=clock).start()
    clock.now = 100.5
    writer.bookmark("trước khi có hình")
    clock.now = 101.0
    feed(writer, 1)
    clock.now = 102.25
    writer.bookmark("sau một giây")
    result = writer.stop()
    assert [(b.at_s, b.note) for b in result.bookmarks] == [(0.0, "trước khi có hình"), (1.25, "sau một giây")]
    chapters = ffprobe(path)["chapters"]
    assert [(float(c["start_time"]), c["tags"]["title"]) for c in chapters] == [
        (0.0, "trước khi có hình"),
        (1.25, "sau một giây"),
    ]


def test_notes_made_at_the_same_moment_are_each_a_chapter_in_the_order_made(tmp_path):
    # Two notes in the same hundredth of a second (made at once, or on a loaded machine where
    # the test's feeding took a while): the muxer kept only the first as a chapter.
    path = tmp_path / "pair.webm"
    clock = SteppedClock(100.0)
    writer = RecordingWriter(path, clock=clock).start()
    feed(writer, 1)
    clock.now = 100.5
    writer.bookmark("Xã trình bày số liệu")
    writer.bookmark("câu hỏi của Thủ tướng")
    feed(writer, 2, video_start=15 * VIDEO_STEP, audio_start=50 * AUDIO_STEP, skip_first=50)
    result = writer.stop()
    assert [(b.at_s, b.note) for b in result.bookmarks] == [
        (0.5, "Xã trình bày số liệu"),
        (0.5, "câu hỏi của Thủ tướng"),
    ]
    chapters = ffprobe(path)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == ["Xã trình bày số liệu", "câu hỏi của Thủ tướng"]
    assert float(chapters[0]["start_time"]) == 0.5 and float(chapters[1]["start_time"]) == 0.501


def test_a_full_device_ends_the_recording_with_the_reason_at_once(tmp_path):
    writer = RecordingWriter(Path("/dev/full")).start()  # the kernel's always-full device: ENOSPC on write
    feed(writer, 5)
    deadline = time.monotonic() + 10
    while not writer.failed.is_set():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    result = writer.stop()
    assert "the disk is full" in result.error and "No space left on device" in result.error


@pytest.fixture
def small_disk(tmp_path):
    """A real 160 KiB filesystem (tmpfs), mounted for the test: a disk that fills mid-recording."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the /dev/full test covers a full disk without it)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=160k", f"opsconsole-test-{uuid.uuid4().hex[:6]}", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_disk_that_fills_mid_recording_leaves_a_playable_file_of_what_fit(small_disk):
    path = small_disk / "spot.webm"
    writer = RecordingWriter(path).start()
    feed(writer, 20, size=(640, 360))
    result = writer.stop()
    assert "the disk is full" in result.error
    by_codec = streams(ffprobe(path))
    # What the result says is what the file holds, and it decodes.
    assert 0 < int(by_codec["vp8"]["nb_read_frames"]) == result.video_frames < 300
    assert int(by_codec["opus"]["nb_read_frames"]) == result.audio_packets > 0
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"], check=True, capture_output=True)


def test_an_unwritable_or_missing_folder_is_refused_before_anything_starts(tmp_path):
    with pytest.raises(RecordingError, match="does not exist"):
        check_writable(tmp_path / "nowhere" / "x.webm")
    if os.geteuid() == 0:
        locked = Path("/sys")  # root writes anywhere but here (sysfs refuses new files)
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
    with pytest.raises(RecordingError, match="cannot write in .*Permission denied"):
        check_writable(locked / "x.webm")
    (tmp_path / "taken.webm").write_bytes(b"mine")
    with pytest.raises(RecordingError, match="already exists"):
        check_writable(tmp_path / "taken.webm")
    assert (tmp_path / "taken.webm").read_bytes() == b"mine"
