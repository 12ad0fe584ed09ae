"""Where the program feed's pictures and sound come from: the presenter's camera and
microphone (PyAV capture of a V4L2 / ALSA device), or a test card and a tone.

Sources are pulled by the feed's clock: ``picture()`` gives the newest I420 frame,
``audio(n)`` the next ``n`` mono float32 samples at 48 kHz. A capture device that is missing
or breaks raises ``CaptureError`` with the device's name; the feed then falls back to the
test card and says so.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from datetime import datetime

import av
import numpy as np

log = logging.getLogger(__name__)

PROGRAM_TONE_HZ = 1750.0  # above every site tone (300-1500 Hz), so tests tell them apart
PROGRAM_SIZE = (640, 360)
PROGRAM_FPS = 15
RATE = 48_000
TONE_PEAK = 10 ** (-12 / 20)


class CaptureError(RuntimeError):
    """A capture device could not be opened or stopped delivering: ``source`` ("camera" or
    "microphone") and ``device`` name it, ``detail`` is the system's own words."""

    def __init__(self, source: str, device: str, detail: str, stopped: bool = False) -> None:
        super().__init__(f"{source} {device}{' stopped' if stopped else ''}: {detail}")
        self.source, self.device, self.detail, self.stopped = source, device, detail, stopped

    def named(self) -> dict[str, str | bool]:
        """What the console's words need: the device and the system's detail, untranslated."""
        return {"source": self.source, "device": self.device, "detail": self.detail, "stopped": self.stopped}


class ToneSource:
    """A steady sine (phase-continuous across calls)."""

    kind = "tone"  # what the console calls the source (its words are translated there)

    def __init__(self, frequency_hz: float = PROGRAM_TONE_HZ, peak: float = TONE_PEAK) -> None:
        self.frequency_hz = frequency_hz
        self.peak = peak
        self._n = 0

    def audio(self, samples: int) -> np.ndarray:
        t = (np.arange(samples) + self._n) / RATE
        self._n += samples
        return (self.peak * np.sin(2 * np.pi * self.frequency_hz * t)).astype(np.float32)


# 5x7 bitmap glyphs for the clock (rows top to bottom, '#' lit).
_GLYPHS = {
    "0": ["###", "#.#", "#.#", "#.#", "#.#", "#.#", "###"],
    "1": [".#.", "##.", ".#.", ".#.", ".#.", ".#.", "###"],
    "2": ["###", "..#", "..#", "###", "#..", "#..", "###"],
    "3": ["###", "..#", "..#", "###", "..#", "..#", "###"],
    "4": ["#.#", "#.#", "#.#", "###", "..#", "..#", "..#"],
    "5": ["###", "#..", "#..", "###", "..#", "..#", "###"],
    "6": ["###", "#..", "#..", "###", "#.#", "#.#", "###"],
    "7": ["###", "..#", "..#", ".#.", ".#.", ".#.", ".#."],
    "8": ["###", "#.#", "#.#", "###", "#.#", "#.#", "###"],
    "9": ["###", "#.#", "#.#", "###", "..#", "..#", "###"],
    ":": ["...", ".#.", ".#.", "...", ".#.", ".#.", "..."],
    ".": ["...", "...", "...", "...", "...", ".#.", ".#."],
}


class TestCard:
    """Colour bars, a sweeping bar and the wall clock to the tenth of a second: visibly live."""

    __test__ = False  # not a pytest class
    kind = "test_card"

    def __init__(self, width: int = PROGRAM_SIZE[0], height: int = PROGRAM_SIZE[1], fps: int = PROGRAM_FPS) -> None:
        self.width, self.height, self.fps = width, height, fps
        self._index = 0
        bars = np.array([235, 210, 170, 145, 106, 81, 41, 16], np.uint8)  # luma of the SMPTE bars
        columns = bars[(np.arange(width) * len(bars)) // width]
        self._y = np.tile(columns, (height, 1))
        self._u = np.full((height // 2, width // 2), 128, np.uint8)
        self._v = np.full((height // 2, width // 2), 128, np.uint8)
        self.scale = max(2, height // 60)

    def picture(self) -> np.ndarray:
        """The next frame as I420, shape (height * 3 // 2, width)."""
        y = self._y.copy()
        bar = (self._index * 8) % self.width
        y[:, bar : bar + 8] = 16 if self._y[0, bar] > 128 else 235  # visible on every bar
        self._draw_text(y, datetime.now().strftime("%H:%M:%S.%f")[:10])
        self._index += 1
        return np.concatenate([y.ravel(), self._u.ravel(), self._v.ravel()]).reshape(self.height * 3 // 2, self.width)

    def _draw_text(self, y: np.ndarray, text: str) -> None:
        s = self.scale
        glyph_w = 4 * s
        left, top = (self.width - glyph_w * len(text)) // 2, self.height // 2 - 4 * s
        y[top - s : top + 8 * s, left - s : left + glyph_w * len(text) + s] = 16
        for i, char in enumerate(text):
            for row, line in enumerate(_GLYPHS.get(char, _GLYPHS["."])):
                for col, cell in enumerate(line):
                    if cell == "#":
                        x0, y0 = left + i * glyph_w + col * s, top + row * s
                        y[y0 : y0 + s, x0 : x0 + s] = 235


class VideoCapture:
    """The presenter's camera (V4L2), read on its own thread; latest frame wins."""

    kind = "camera"

    def __init__(
        self, device: str, width: int = PROGRAM_SIZE[0], height: int = PROGRAM_SIZE[1], fps: int = PROGRAM_FPS
    ) -> None:
        self.device, self.width, self.height = device, width, height
        try:
            self._container = av.open(device, format="v4l2", options={"framerate": str(fps)})
        except (av.FFmpegError, OSError) as exc:
            raise CaptureError("camera", device, str(exc)) from exc
        self._latest: np.ndarray | None = None
        self.error: CaptureError | None = None
        self._thread = threading.Thread(target=self._read, name="camera", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for frame in self._container.decode(video=0):
                self._latest = frame.reformat(self.width, self.height, "yuv420p").to_ndarray()
        except (av.FFmpegError, OSError) as exc:
            self.error = CaptureError("camera", self.device, str(exc), stopped=True)
            log.warning("%s", self.error)

    def picture(self) -> np.ndarray:
        if self.error is not None:
            raise self.error
        if self._latest is None:
            return np.full((self.height * 3 // 2, self.width), 16, np.uint8)
        return self._latest

    def close(self) -> None:
        self._container.close()


class AudioCapture:
    """The presenter's microphone (ALSA), resampled to 48 kHz mono, read on its own thread."""

    kind = "microphone"

    def __init__(self, device: str) -> None:
        self.device = device
        try:
            self._container = av.open(device, format="alsa")
        except (av.FFmpegError, OSError) as exc:
            raise CaptureError("microphone", device, str(exc)) from exc
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        self._chunks: deque[np.ndarray] = deque(maxlen=50)  # 1 s at most: latency stays low
        self._pending = np.zeros(0, np.float32)
        self.error: CaptureError | None = None
        self._thread = threading.Thread(target=self._read, name="microphone", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            for frame in self._container.decode(audio=0):
                for out in self._resampler.resample(frame):
                    self._chunks.append(out.to_ndarray().reshape(-1).astype(np.float32))
        except (av.FFmpegError, OSError) as exc:
            self.error = CaptureError("microphone", self.device, str(exc), stopped=True)
            log.warning("%s", self.error)

    def audio(self, samples: int) -> np.ndarray:
        if self.error is not None:
            raise self.error
        while self._pending.size < samples and self._chunks:
            self._pending = np.concatenate([self._pending, self._chunks.popleft()])
        out = np.zeros(samples, np.float32)
        n = min(samples, self._pending.size)
        out[:n], self._pending = self._pending[:n], self._pending[n:]
        return out

    def close(self) -> None:
        self._container.close()


def open_sources(camera: str | None, microphone: str | None):
    """(picture source, audio source, failures): the presenter's devices where they open,
    the test card and tone where they are not configured or do not open; ``failures`` are the
    CaptureErrors of those that did not open."""
    failures: list[CaptureError] = []
    picture = audio = None
    if camera:
        try:
            picture = VideoCapture(camera)
        except CaptureError as error:
            failures.append(error)
    if microphone:
        try:
            audio = AudioCapture(microphone)
        except CaptureError as error:
            failures.append(error)
    for failure in failures:
        log.warning("program feed: %s", fallback_text(failure))
    return picture or TestCard(), audio or ToneSource(), failures


def fallback_text(failure: CaptureError) -> str:
    """The failure and what the feed sends instead, in English (logs, ``probe``)."""
    instead = "showing the test card" if failure.source == "camera" else "sending the test tone"
    return f"{failure}; {instead} instead"
