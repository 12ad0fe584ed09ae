"""The room mix: what the operations room hears of its sites (no Qt).

Decoded audio of unmuted sites arrives on the media thread (``push``); the sound card's
thread pulls the mix (``read``) in whatever block size it likes. Each site has a small
buffer: it starts playing once it holds ``PREFILL_MS`` and never holds more than
``MAX_BUFFER_MS`` (older audio is dropped), so latency stays low and bounded whatever the
pull rhythm. A muted site's audio is refused at the door: the room never plays a site it
believes muted, even if packets still arrive.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from console.media.tones import RATE, rms_db

PREFILL_MS = 40
MAX_BUFFER_MS = 120
SPEAKING_ON_DB = -40.0
SPEAKING_OFF_DB = -50.0
SPEAKING_HANGOVER_S = 0.4  # bridges the gaps between words, so the ring does not blink
SILENCE_DB = -120.0
STALE_S = 0.2  # no audio for this long: the site's meter falls to silence
KNEE = 0.7  # soft clipping starts here (full scale 1.0)


def mono_samples(frame) -> np.ndarray:
    """An ``av.AudioFrame`` (s16/flt, packed or planar, mono or stereo) as mono float32."""
    data = frame.to_ndarray()
    channels = len(frame.layout.channels)
    if frame.format.is_planar:  # noqa: SIM108 (each branch keeps its comment)
        mono = data[0]
    else:
        mono = data.reshape(-1)[::channels]  # the first channel: sites send mono in stereo
    if mono.dtype == np.int16:
        return mono.astype(np.float32) * (1 / 32768)
    return mono.astype(np.float32, copy=False)


def soft_clip(x: np.ndarray) -> np.ndarray:
    """Linear below ``KNEE``, then a tanh shoulder that never exceeds full scale."""
    over = np.abs(x) > KNEE
    if over.any():
        x = x.copy()
        head = 1.0 - KNEE
        x[over] = np.sign(x[over]) * (KNEE + head * np.tanh((np.abs(x[over]) - KNEE) / head))
    return x


class SpeakingDetector:
    """Speaking flag with hysteresis: on above -40 dBFS, off after 0.4 s below -50 dBFS."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.speaking = False
        self._quiet_since: float | None = None

    def update(self, level_db: float) -> bool:
        now = self.clock()
        if level_db >= SPEAKING_ON_DB:
            self.speaking, self._quiet_since = True, None
        elif level_db < SPEAKING_OFF_DB and self.speaking:
            self._quiet_since = self._quiet_since if self._quiet_since is not None else now
            if now - self._quiet_since >= SPEAKING_HANGOVER_S:
                self.speaking = False
        else:
            self._quiet_since = None
        return self.speaking


@dataclass
class _SiteAudio:
    detector: SpeakingDetector
    chunks: deque = field(default_factory=deque)
    held: int = 0  # samples in chunks
    playing: bool = False
    level_db: float = SILENCE_DB
    peak_db: float = SILENCE_DB  # loudest frame since the last levels() call
    underruns: int = 0
    dropped: int = 0  # samples dropped to keep latency bounded
    last_push: float = 0.0


class RoomMix:
    """Mixes unmuted sites to 48 kHz signed 16-bit PCM with a master volume. Thread-safe."""

    def __init__(
        self,
        channels: int = 2,
        rate: int = RATE,
        clock: Callable[[], float] = time.monotonic,
        prefill_ms: int = PREFILL_MS,
    ) -> None:
        self.channels = channels
        self.rate = rate
        self.clock = clock
        self.master_volume = 1.0
        self._lock = threading.Lock()
        self._sites: dict[str, _SiteAudio] = {}
        self._muted: set[str] = set()
        self._prefill = rate * prefill_ms // 1000
        self._cap = rate * MAX_BUFFER_MS // 1000
        self.frames_mixed = 0

    # --- what the moderation decides -------------------------------------------------

    def set_muted(self, site: str, muted: bool) -> None:
        """Muting drops the site's buffered audio at once and refuses what still arrives."""
        with self._lock:
            if muted:
                self._muted.add(site)
                if (audio := self._sites.get(site)) is not None:
                    audio.chunks.clear()
                    audio.held, audio.playing = 0, False
                    audio.level_db = SILENCE_DB
                    audio.detector.speaking = False
            else:
                self._muted.discard(site)

    def is_muted(self, site: str) -> bool:
        return site in self._muted

    def remove(self, site: str) -> None:
        with self._lock:
            self._sites.pop(site, None)

    def set_master_volume(self, volume: float) -> None:
        """0.0 (silent) to 2.0 (+6 dB); soft clipping keeps loud rooms from cracking."""
        self.master_volume = min(2.0, max(0.0, float(volume)))

    # --- media thread ------------------------------------------------------------------

    def push(self, site: str, samples: np.ndarray) -> bool:
        """Add a site's decoded mono float32 samples; False (dropped) if it is muted."""
        level = rms_db(samples)
        with self._lock:
            if site in self._muted:
                return False
            audio = self._sites.get(site)
            if audio is None:
                audio = self._sites[site] = _SiteAudio(SpeakingDetector(self.clock))
            audio.chunks.append(samples)
            audio.held += samples.size
            while audio.held > self._cap:  # the listener fell behind: keep the newest audio
                old = audio.chunks.popleft()
                audio.held -= old.size
                audio.dropped += old.size
            if audio.held >= self._prefill:
                audio.playing = True
            audio.level_db, audio.last_push = level, self.clock()
            audio.peak_db = max(audio.peak_db, level)
            audio.detector.update(level)
        return True

    # --- sound card thread -------------------------------------------------------------

    def read(self, frames: int) -> bytes:
        """The next ``frames`` sample frames of the mix as interleaved s16 PCM."""
        return self.to_pcm(self.read_float(frames))

    def read_float(self, frames: int) -> np.ndarray:
        """The next ``frames`` samples of the mix, mono float32 (for meters and tests)."""
        mix = np.zeros(frames, np.float32)
        with self._lock:
            for audio in self._sites.values():
                if audio.playing:
                    self._take(audio, mix)
            volume = self.master_volume
        self.frames_mixed += frames
        if volume != 1.0:
            mix *= volume
        return soft_clip(mix)

    def to_pcm(self, mix: np.ndarray) -> bytes:
        pcm = np.round(mix * 32767).astype(np.int16)
        if self.channels > 1:
            pcm = np.repeat(pcm, self.channels)
        return pcm.tobytes()

    def _take(self, audio: _SiteAudio, mix: np.ndarray) -> None:
        filled = 0
        while filled < mix.size and audio.chunks:
            chunk = audio.chunks[0]
            n = min(chunk.size, mix.size - filled)
            mix[filled : filled + n] += chunk[:n]
            filled += n
            if n == chunk.size:
                audio.chunks.popleft()
            else:
                audio.chunks[0] = chunk[n:]
            audio.held -= n
        if filled < mix.size:  # ran dry: wait for a new prefill rather than stutter
            audio.underruns += 1
            audio.playing = False

    # --- meters ------------------------------------------------------------------------

    def levels(self) -> dict[str, dict]:
        """Per unmuted site: ``db`` (loudest 20 ms since the last call, dBFS), ``speaking``.

        A site that stopped sending (muted at the site, a dropped link) falls to silence.
        """
        out = {}
        now = self.clock()
        with self._lock:
            for site, audio in self._sites.items():
                if site in self._muted:
                    continue
                if now - audio.last_push > STALE_S:
                    audio.level_db = audio.peak_db = SILENCE_DB
                    audio.detector.update(SILENCE_DB)
                out[site] = {"db": round(audio.peak_db, 1), "speaking": audio.detector.speaking}
                audio.peak_db = SILENCE_DB
        return out

    def buffered_ms(self, site: str) -> float:
        audio = self._sites.get(site)
        return 0.0 if audio is None else 1000 * audio.held / self.rate

    def underruns(self, site: str) -> int:
        audio = self._sites.get(site)
        return 0 if audio is None else audio.underruns
