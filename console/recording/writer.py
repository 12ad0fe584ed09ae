"""Received VP8 and Opus muxed into a WebM file as they are (PyAV, no re-encoding).

Frames arrive from the media loop (``put``: a queue put, nothing more) and are written by a
thread of the writer's own, so a slow or failing disk never holds the media loop. The file
begins at the first VP8 keyframe (a picture cannot start from a difference); Opus packets that
came a little earlier are kept and written before it. Timestamps come from each stream's RTP
clock, anchored where its first packet arrived, so audio and video stay together however the
packets were spaced. The wall-clock time of the file's first moment is in its metadata
(``creation_time`` → Matroska ``DateUTC``, and ``RECORDED_AT`` with the time zone).

A failing disk (full, a size limit, a yanked drive) ends the recording with the reason; what
was written before stays a playable file.
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import av
from av.container import OutputContainer
from av.stream import Stream

if TYPE_CHECKING:
    from av.container.core import Chapter  # the stubs' name for what set_chapters takes (not at run time)

log = logging.getLogger(__name__)

CLOCK = {"video": 90_000, "audio": 48_000}  # RTP clock rates of VP8 and Opus (RFC 7741, RFC 7587)
TIME_BASE = Fraction(1, 1000)  # WebM's own: milliseconds
MAX_QUEUE = 3000  # ~1 min of one site's frames; beyond it the disk is not keeping up
EARLY_AUDIO = 500  # Opus packets kept while waiting for the first keyframe (10 s)
DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class RecordingError(RuntimeError):
    """A recording that cannot start or could not go on (the message is for people)."""


@dataclass
class Bookmark:
    at_s: float  # seconds from the start of the file
    note: str


@dataclass
class WriterResult:
    path: Path
    started_at: datetime | None  # wall clock at the file's first moment (UTC)
    duration_s: float  # of the media written
    video_frames: int
    audio_packets: int
    bytes: int
    width: int = 0
    height: int = 0
    error: str = ""  # why it ended early ("" when it ended as asked)
    bookmarks: list[Bookmark] = field(default_factory=list)
    dropped: int = 0  # frames lost before the writer (queue full) or before the first keyframe


def check_writable(path: Path) -> None:
    """Fail now, with a clear reason, if ``path`` cannot be created (before anyone is told
    they are recorded)."""
    folder = path.parent
    if not folder.is_dir():
        raise RecordingError(f"the folder {folder} does not exist")
    try:
        with open(path, "xb"):
            pass
    except FileExistsError:
        raise RecordingError(f"{path} already exists; choose another name") from None
    except OSError as exc:
        raise RecordingError(f"cannot write in {folder}: {exc.strerror or exc}") from None


@dataclass
class _Output:
    """The file once its first keyframe opened it: the muxer, its streams, the file under it."""

    container: OutputContainer
    streams: dict[str, Stream]
    file: _DiskFile


class RecordingWriter:
    """One WebM file. ``put`` from any thread; ``stop`` returns the result once closed."""

    def __init__(
        self, path: Path, metadata: dict[str, str] | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.path = Path(path)
        self.metadata = dict(metadata or {})
        self._queue: queue.Queue = queue.Queue(MAX_QUEUE)
        self._thread = threading.Thread(target=self._run, name=f"recording {self.path.name}", daemon=True)
        self._clock = clock  # when frames arrive and notes are made (tests drive their own)
        self._t0 = clock()
        self._t0_wall = time.time()
        # (seconds after t0, note): the file's 0 is known only once its first keyframe is in,
        # which may come after a note, so notes are placed on the file's timeline when it closes.
        self._marks: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self.result = WriterResult(self.path, None, 0.0, 0, 0, 0)
        self.failed = threading.Event()  # set when the disk refused: the recorder ends at once
        self._out: _Output | None = None  # opened at the first keyframe
        self._origin: dict[str, tuple[float, int]] = {}  # kind -> (seconds after t0, unwrapped RTP ts)
        self._last_ts: dict[str, int] = {}  # kind -> last raw RTP ts (for wraparound)
        self._unwrapped: dict[str, int] = {}
        self._last_pts: dict[str, int] = {}
        self._base_s = 0.0  # the file's 0, in seconds after t0
        self._early_audio: deque = deque(maxlen=EARLY_AUDIO)

    # --- any thread ---------------------------------------------------------------------

    def start(self) -> RecordingWriter:
        self._thread.start()
        return self

    def put(self, kind: str, data: bytes, rtp_timestamp: int) -> None:
        """One received frame (from the media loop: never blocks)."""
        try:
            self._queue.put_nowait((kind, data, rtp_timestamp, self._clock()))
        except queue.Full:
            self.result.dropped += 1
            if not self.failed.is_set():
                self._fail("the disk does not keep up: frames were piling up")

    def bookmark(self, note: str, ago_s: float = 0.0) -> Bookmark:
        """A note at this moment of the recording, or ``ago_s`` seconds before it (seconds from
        the file's start)."""
        with self._lock:
            self._marks.append((self._clock() - ago_s - self._t0, note.strip()))
            return self._bookmark(*self._marks[-1])

    def _bookmark(self, after_t0_s: float, note: str) -> Bookmark:
        """A note on the file's timeline (as far as it is known yet: the file's 0 is the first
        keyframe's, or the audio just before it; a note made before that is at 0)."""
        return Bookmark(round(max(0.0, after_t0_s - self._base_s), 2), note)

    @property
    def _bookmarks(self) -> list[Bookmark]:
        with self._lock:
            return [self._bookmark(*mark) for mark in self._marks]

    def stop(self, timeout: float = 30.0) -> WriterResult:
        """Write what is queued, close the file, and say how it went."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout)
        self.result.bookmarks = list(self._bookmarks)
        try:
            self.result.bytes = self.path.stat().st_size
        except OSError:
            self.result.bytes = 0
        return self.result

    @property
    def elapsed_s(self) -> float:
        return self._clock() - self._t0

    # --- the writer's thread --------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    break
                if self.failed.is_set():
                    continue  # the file is closed; drain until stop()
                self._write(*item)
        finally:
            self._close()

    def _write(self, kind: str, data: bytes, rtp: int, arrived: float) -> None:
        if not data:
            return
        out = self._out
        if out is None:
            if kind == "audio":
                self._early_audio.append((kind, data, rtp, arrived))
                return
            if not _is_keyframe(data):
                self.result.dropped += 1
                return
            out = self._open(data, arrived)
            if out is None:
                return
            for early in self._early_audio:
                self._mux(out, *early)
            self._early_audio.clear()
        self._mux(out, kind, data, rtp, arrived)

    def _open(self, keyframe: bytes, arrived: float) -> _Output | None:
        """The file, opened for the stream that starts with ``keyframe``; None if it could not be
        (the recording has failed then, with the reason)."""
        width, height = _vp8_size(keyframe)
        first_audio = self._early_audio[0][3] if self._early_audio else arrived
        self._base_s = min(arrived, first_audio) - self._t0
        start = datetime.fromtimestamp(self._t0_wall + self._base_s, UTC)
        self.result.started_at, self.result.width, self.result.height = start, width, height
        file = None
        try:
            file = _DiskFile(self.path)
            container = av.open(file, "w", format="webm")
            container.metadata.update(self.metadata)
            container.metadata["creation_time"] = start.isoformat(timespec="microseconds").replace("+00:00", "Z")
            container.metadata["RECORDED_AT"] = start.astimezone().isoformat(timespec="milliseconds")
            # Encoder contexts describe the streams to the muxer; they never encode anything here.
            video = container.add_stream("libvpx", rate=15)
            video.width, video.height, video.pix_fmt = width, height, "yuv420p"
            audio = container.add_stream("libopus", rate=48_000)
            audio.layout = "stereo"
            for stream in (video, audio):
                stream.time_base = TIME_BASE
            container.start_encoding()
        except (OSError, av.FFmpegError) as exc:
            self._fail(_why(exc))
            if file is not None:
                file.close()
            return None
        self._out = _Output(container, {"video": video, "audio": audio}, file)
        return self._out

    def _mux(self, out: _Output, kind: str, data: bytes, rtp: int, arrived: float) -> None:
        pts = self._pts(kind, rtp, arrived)
        packet = av.Packet(data)
        packet.stream = out.streams[kind]
        packet.time_base = TIME_BASE
        packet.pts = packet.dts = pts
        if kind == "video":
            packet.is_keyframe = _is_keyframe(data)
        else:
            packet.duration = 20
        try:
            out.container.mux(packet)
        except (OSError, av.FFmpegError) as exc:
            self._fail(_why(exc))
            return
        if out.file.error is not None:  # the muxer does not say when the disk refused; the file does
            self._fail(_why(out.file.error))
            return
        if kind == "video":
            self.result.video_frames += 1
        else:
            self.result.audio_packets += 1
        self.result.duration_s = max(self.result.duration_s, (pts + (20 if kind == "audio" else 0)) / 1000)

    def _pts(self, kind: str, rtp: int, arrived: float) -> int:
        """Milliseconds from the file's start: the stream's RTP clock from its first packet's
        arrival; strictly increasing (a muxer refuses anything else)."""
        last = self._last_ts.get(kind)
        unwrapped = self._unwrapped.get(kind, rtp)
        if last is not None:
            step = (rtp - last) & 0xFFFFFFFF
            unwrapped += step if step < 0x80000000 else step - 0x100000000
        self._last_ts[kind], self._unwrapped[kind] = rtp, unwrapped
        if kind not in self._origin:
            self._origin[kind] = (arrived - self._t0 - self._base_s, unwrapped)
        anchor_s, anchor_rtp = self._origin[kind]
        pts = round((anchor_s + (unwrapped - anchor_rtp) / CLOCK[kind]) * 1000)
        pts = max(pts, self._last_pts.get(kind, -1) + 1, 0)
        self._last_pts[kind] = pts
        return pts

    def _fail(self, reason: str) -> None:
        if not self.result.error:
            self.result.error = reason
            log.warning("recording %s: %s", self.path, reason)
        self.failed.set()

    def _close(self) -> None:
        out, self._out = self._out, None
        if out is None:  # never opened (a file that failed to open is closed already)
            if not self.result.error and self.result.video_frames == 0:
                self.result.error = self.result.error or "no picture arrived (no VP8 keyframe)"
            return
        container = out.container
        try:
            if self._bookmarks:
                container.set_chapters(_chapters(self._bookmarks, self.result.duration_s))
            container.close()
        except (OSError, av.FFmpegError) as exc:
            self._fail(_why(exc))
        out.file.close()
        if out.file.error is not None:
            self._fail(_why(out.file.error))
            self._recount()

    def _recount(self) -> None:
        """After a disk failure: what the file really holds (the muxer's buffers were lost)."""
        counts = {"video": 0, "audio": 0}
        last_ms = 0.0
        try:
            with av.open(str(self.path)) as done:
                for packet in done.demux():
                    if packet.size and packet.stream.type in counts:
                        counts[packet.stream.type] += 1
                        if packet.pts is not None:
                            last_ms = max(last_ms, float(packet.pts * packet.time_base) * 1000)
        except (OSError, av.FFmpegError):
            pass  # a file cut short ends reading where it ends; what was counted stands
        self.result.video_frames, self.result.audio_packets = counts["video"], counts["audio"]
        self.result.duration_s = last_ms / 1000


class _DiskFile:
    """The file the muxer writes through. FFmpeg's muxer notices a failed write only when it
    closes; here the first refusal (disk full, size limit) is kept, so the recording ends at
    once, and what follows is dropped: the file keeps everything written before it."""

    def __init__(self, path: Path) -> None:
        self._file = open(path, "wb", buffering=0)  # noqa: SIM115 (the writer's file, open until it closes)
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        if self.error is None:
            try:
                view = memoryview(data)
                while view:
                    view = view[self._file.write(view) :]
            except OSError as exc:
                self.error = exc
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()


def _chapters(bookmarks: list[Bookmark], duration_s: float) -> list[Chapter]:
    """Bookmarks as Matroska chapters: players list them and jump to them."""
    marks = sorted(bookmarks, key=lambda b: b.at_s)
    # FFmpeg's Matroska muxer keeps one chapter of several that start at the same moment (after
    # the file's first): notes made at once (a quick pair, or a note's ``ago_s`` landing on
    # another's) start a millisecond apart, so every note is a chapter, in the order made.
    starts: list[int] = []
    for mark in marks:
        starts.append(max(round(mark.at_s * 1000), starts[-1] + 1) if starts else round(mark.at_s * 1000))
    out: list[Chapter] = []
    for i, mark in enumerate(marks):
        end = starts[i + 1] if i + 1 < len(marks) else max(round(duration_s * 1000), starts[i])
        out.append(
            {
                "id": i + 1,
                "start": starts[i],
                "end": end,
                "time_base": TIME_BASE,
                "metadata": {"title": mark.note or f"bookmark {i + 1}"},
            }
        )
    return out


def _is_keyframe(vp8: bytes) -> bool:
    """RFC 6386 §9.1: bit 0 of the frame tag is 0 for a key frame."""
    return bool(vp8) and not vp8[0] & 0x01


def _vp8_size(keyframe: bytes) -> tuple[int, int]:
    """A key frame's width and height (RFC 6386 §9.1: start code 9d 01 2a, then 14-bit sizes)."""
    if len(keyframe) < 10 or keyframe[3:6] != b"\x9d\x01\x2a":
        return 320, 180  # not readable: a plausible size; players take the frames' own
    return (int.from_bytes(keyframe[6:8], "little") & 0x3FFF, int.from_bytes(keyframe[8:10], "little") & 0x3FFF)


def _why(exc: BaseException) -> str:
    code = getattr(exc, "errno", None)
    if code in DISK_FULL:
        return (
            f"the disk is full or the file reached its size limit ({getattr(exc, 'strerror', None) or exc}); "
            "what was recorded until then is kept"
        )
    return f"writing the file failed: {getattr(exc, 'strerror', None) or exc}"


def result_to_dict(result: WriterResult) -> dict:
    """Plain values (they cross the media worker's socket)."""
    return {
        "path": str(result.path),
        "started_at": result.started_at.isoformat() if result.started_at else None,
        "duration_s": result.duration_s,
        "video_frames": result.video_frames,
        "audio_packets": result.audio_packets,
        "bytes": result.bytes,
        "width": result.width,
        "height": result.height,
        "error": result.error,
        "dropped": result.dropped,
        "bookmarks": [{"at_s": b.at_s, "note": b.note} for b in result.bookmarks],
    }


def result_from_dict(values: dict) -> WriterResult:
    started = values.get("started_at")
    return WriterResult(
        Path(values["path"]),
        datetime.fromisoformat(started) if started else None,
        values.get("duration_s", 0.0),
        values.get("video_frames", 0),
        values.get("audio_packets", 0),
        values.get("bytes", 0),
        values.get("width", 0),
        values.get("height", 0),
        values.get("error", ""),
        [Bookmark(b["at_s"], b["note"]) for b in values.get("bookmarks", [])],
        values.get("dropped", 0),
    )


def wall_clock_start(metadata: dict[str, str]) -> datetime | None:
    """The recording's start from a file's metadata (as ffprobe or PyAV reads it back)."""
    text = metadata.get("RECORDED_AT") or metadata.get("creation_time")
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
