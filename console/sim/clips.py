"""Pre-encoded media for simulated sites: short VP8 loops on a resolution ladder, Opus tones.

Encoding is done once: video clips are cached on disk as IVF files and memoised per
process, tones are memoised per process. Tracks (``console.sim.tracks``) then send these
packets as they are, so a simulated site costs almost no CPU however many run at once.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from console.sim.picture import SyntheticPicture

log = logging.getLogger(__name__)

VIDEO_FPS = 15
CLIP_FRAMES = 2 * VIDEO_FPS
LADDER = [(160, 90), (320, 180), (640, 360), (960, 540), (1280, 720)]
VARIANTS = 8

# Bumped whenever the picture or the encoder settings change, so stale caches are ignored.
FORMAT_VERSION = 2
BITRATE_AT_320x180 = 150_000
AUDIO_RATE = 48_000
AUDIO_PACKET_SAMPLES = 960  # 20 ms
TONE_PEAK = 10 ** (-12 / 20)  # -12 dBFS
# A keyframe may be at most this share of an average frame's bits, as WebRTC's VP8 encoder
# sets it at 15 fps (libwebrtc MaxIntraTarget: 600 ms buffer x 0.5 x fps / 10). Uncapped, a
# keyframe of this picture is 13x an average frame (44 KB at 640x360): a burst that a thin
# link's buffer cuts every time the clip loops, which no real camera's encoder sends.
MAX_INTRA_PCT = 450


def nearest_rung(width: int, height: int) -> tuple[int, int]:
    """The smallest ladder rung at least ``width`` x ``height``; the largest if none is."""
    for rung in LADDER:
        if rung[0] >= width and rung[1] >= height:
            return rung
    return LADDER[-1]


def site_variant(site_code: int) -> int:
    """The picture variant a site shows."""
    return site_code % VARIANTS


def site_tone_hz(site_code: int) -> float:
    """A tone per site on a 12 Hz grid over 300-1500 Hz (101 slots).

    Multiplying by 37 (prime to 101) spreads neighbouring codes far apart, so sites
    listed together sound different and their tones separate cleanly in an FFT.
    """
    return 300.0 + 12.0 * ((site_code * 37) % 101)


@dataclass(frozen=True)
class EncodedClip:
    """A looping VP8 clip: one encoded frame per packet, keyframe first."""

    width: int
    height: int
    fps: int
    packets: tuple[bytes, ...]
    keyframes: tuple[int, ...]


def video_clip(width: int, height: int, variant: int, cache_dir: Path | None = None) -> EncodedClip:
    """The 2 s clip for one rung and variant: memoised, else from disk, else encoded.

    Safe to call from several threads; a clip is built once even when asked for twice.
    """
    if (width, height) not in LADDER:
        raise ValueError(f"{width}x{height} is not a ladder rung {LADDER}")
    if not 0 <= variant < VARIANTS:
        raise ValueError(f"variant {variant} is outside 0..{VARIANTS - 1}")
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    key = (width, height, variant, folder)
    with _memo_guard:
        lock = _memo_locks.setdefault(key, threading.Lock())
    with lock:
        if key not in _memo:
            _memo[key] = _load_or_build(width, height, variant, folder)
        return _memo[key]


_memo: dict[tuple, EncodedClip] = {}
_memo_locks: dict[tuple, threading.Lock] = {}
_memo_guard = threading.Lock()


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/opsconsole/clips``, or ``~/.cache/opsconsole/clips``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "opsconsole" / "clips"


def clip_file(width: int, height: int, variant: int, cache_dir: Path | None = None) -> Path:
    """The IVF file of a clip, built first if needed (for tools such as ffmpeg)."""
    folder = cache_dir or default_cache_dir()
    video_clip(width, height, variant, folder)
    path = _cache_path(folder, width, height, variant)
    if not path.exists():
        raise FileNotFoundError(f"the clip cache {folder} is not writable")
    return path


def _cache_path(folder: Path, width: int, height: int, variant: int) -> Path:
    return folder / f"vp8-{width}x{height}-v{variant}-f{FORMAT_VERSION}.ivf"


def _load_or_build(width: int, height: int, variant: int, folder: Path) -> EncodedClip:
    path = _cache_path(folder, width, height, variant)
    if path.exists():
        try:
            return _read_ivf(path, width, height)
        except (av.FFmpegError, OSError, ValueError) as exc:
            log.warning("rebuilding unreadable clip cache %s: %s", path, exc)
    clip = _encode_clip(width, height, variant)
    try:
        _write_ivf_atomically(path, clip)
    except (av.FFmpegError, OSError) as exc:
        # A read-only or full cache costs a rebuild next run, never the clip itself.
        log.warning("could not cache clip %s: %s", path, exc)
    return clip


def _is_vp8_keyframe(data: bytes) -> bool:
    # Bit 0 of the VP8 frame tag is the frame type, 0 meaning key frame (RFC 6386 §9.1);
    # read from the bitstream so we do not depend on container flags.
    return len(data) > 0 and data[0] & 1 == 0


def _clip_from_packets(width: int, height: int, packets: list[bytes]) -> EncodedClip:
    keyframes = tuple(i for i, data in enumerate(packets) if _is_vp8_keyframe(data))
    if len(packets) != CLIP_FRAMES or not keyframes or keyframes[0] != 0:
        raise ValueError(f"clip has {len(packets)} packets, keyframes {keyframes[:3]}")
    return EncodedClip(width, height, VIDEO_FPS, tuple(packets), keyframes)


def _read_ivf(path: Path, width: int, height: int) -> EncodedClip:
    with av.open(str(path), format="ivf") as container:
        videos = container.streams.video
        context = videos[0].codec_context if videos else None
        if context is None or context.name != "vp8":
            raise ValueError("not a VP8 clip")
        if (context.width, context.height) != (width, height):
            raise ValueError(f"a {context.width}x{context.height} clip, not {width}x{height}")
        stream = videos[0]
        packets = [bytes(p) for p in container.demux(stream) if p.size]
    return _clip_from_packets(width, height, packets)


def _write_ivf_atomically(path: Path, clip: EncodedClip) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename: readers in other processes see the old file,
    # no file, or the whole new file, never half of one.
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=path.stem, suffix=".part")
    os.close(fd)
    try:
        _write_ivf(Path(temp_name), clip)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _write_ivf(path: Path, clip: EncodedClip) -> None:
    with av.open(str(path), "w", format="ivf") as container:
        stream = container.add_stream("libvpx", rate=clip.fps)
        stream.width, stream.height = clip.width, clip.height
        stream.pix_fmt = "yuv420p"
        time_base = Fraction(1, clip.fps)
        for index, data in enumerate(clip.packets):
            packet = av.Packet(data)
            packet.stream = stream
            packet.pts = packet.dts = index
            packet.time_base = time_base
            packet.is_keyframe = index in clip.keyframes
            container.mux(packet)


def _bitrate(width: int, height: int) -> int:
    # Bits per pixel fall as pictures grow (as with real cameras): 150 kbps at 320x180,
    # 8x that (1.2 Mbps) at 16x the pixels.
    return int(BITRATE_AT_320x180 * (width * height / (320 * 180)) ** 0.75)


def _encode_clip(width: int, height: int, variant: int) -> EncodedClip:
    bitrate = _bitrate(width, height)
    codec = av.CodecContext.create("libvpx", "w")
    codec.width, codec.height, codec.pix_fmt = width, height, "yuv420p"
    codec.time_base = Fraction(1, VIDEO_FPS)
    codec.framerate = Fraction(VIDEO_FPS)
    # libvpx lands about a fifth under target on this easy picture; aim above it so the
    # clip's average (keyframe included) comes out near the ladder's bitrate.
    codec.bit_rate = int(bitrate * 1.25)
    codec.gop_size = 10 * CLIP_FRAMES  # the only keyframe is the one we force at frame 0
    codec.qmin, codec.qmax = 4, 56
    codec.thread_count = min(4, os.cpu_count() or 1)
    codec.options = {
        "deadline": "realtime",
        "cpu-used": "8",
        "lag-in-frames": "0",
        "auto-alt-ref": "0",
        "bufsize": str(bitrate * 2),  # two seconds of buffer leaves room for the keyframe
        "undershoot-pct": "100",
        "overshoot-pct": "15",
        "static-thresh": "1",
        "max-intra-rate": str(MAX_INTRA_PCT),
    }
    picture = SyntheticPicture(width, height, variant, VARIANTS, CLIP_FRAMES)
    packets: list[bytes] = []
    for index in range(CLIP_FRAMES):
        frame = av.VideoFrame.from_ndarray(picture.i420(index), format="yuv420p")
        frame.pts, frame.time_base = index, codec.time_base
        if index == 0:
            frame.pict_type = av.video.frame.PictureType.I
        packets += [bytes(p) for p in codec.encode(frame)]
    packets += [bytes(p) for p in codec.encode(None)]
    return _clip_from_packets(width, height, packets)


def tone_clip(frequency_hz: float, seconds: float = 2.0, bursts: bool = True) -> tuple[bytes, ...]:
    """Opus packets (48 kHz mono, 20 ms each) of a speech-like bursty tone that loops seamlessly.

    ``bursts=False`` gives a steady tone (benchmarks time the first sound after an unmute,
    which a pause between "words" would blur).

    The loop is a whole number of packets and the tone is nudged (by at most
    ``0.5 / seconds`` Hz) to a whole number of cycles, so phase is continuous where the
    loop wraps. Memoised per (frequency, length).
    """
    if not 20.0 <= frequency_hz <= 20_000.0:
        raise ValueError(f"tone {frequency_hz} Hz is outside 20-20000 Hz")
    packets_per_loop = max(1, round(seconds * AUDIO_RATE / AUDIO_PACKET_SAMPLES))
    key = (float(frequency_hz), packets_per_loop, bursts)
    with _memo_guard:
        cached = _tones.get(key)
    if cached is None:
        cached = _encode_tone(frequency_hz, packets_per_loop, bursts)
        with _memo_guard:
            _tones[key] = cached
    return cached


_tones: dict[tuple[float, int, bool], tuple[bytes, ...]] = {}


def _tone_samples(frequency_hz: float, samples: int, bursts: bool = True) -> np.ndarray:
    seconds = samples / AUDIO_RATE
    cycles = max(1, round(frequency_hz * seconds))
    t = np.arange(samples) / AUDIO_RATE
    wave = np.sin(2 * np.pi * (cycles / seconds) * t)
    envelope = _speech_envelope(samples) if bursts else 1.0
    return (TONE_PEAK * wave * envelope).astype(np.float32)


def _speech_envelope(samples: int) -> np.ndarray:
    # Three "phrases" of 300-550 ms with silences between, placed as fractions of the loop;
    # 20 ms raised-cosine edges keep the bursts free of clicks.
    envelope = np.zeros(samples)
    ramp = int(0.02 * AUDIO_RATE)
    for start, end in ((0.05, 0.275), (0.40, 0.55), (0.65, 0.925)):
        a, b = int(start * samples), int(end * samples)
        envelope[a:b] = 1.0
        edge = min(ramp, (b - a) // 2)
        if edge:
            rise = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, edge))
            envelope[a : a + edge] = rise
            envelope[b - edge : b] = rise[::-1]
    return envelope


def _encode_tone(frequency_hz: float, packets_per_loop: int, bursts: bool) -> tuple[bytes, ...]:
    samples = packets_per_loop * AUDIO_PACKET_SAMPLES
    loop = _tone_samples(frequency_hz, samples, bursts)
    codec = av.CodecContext.create("libopus", "w")
    codec.sample_rate, codec.layout, codec.format = AUDIO_RATE, "mono", "flt"
    codec.bit_rate = 32_000
    # Encode the loop twice and keep the second pass: its first packet then carries the
    # encoder state left by the loop's end, so the wrap is seamless in the codec too.
    signal = np.concatenate([loop, loop])
    packets: list[bytes] = []
    for offset in range(0, len(signal), AUDIO_PACKET_SAMPLES):
        chunk = signal[offset : offset + AUDIO_PACKET_SAMPLES].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
        frame.sample_rate, frame.pts = AUDIO_RATE, offset
        packets += [bytes(p) for p in codec.encode(frame)]
    packets += [bytes(p) for p in codec.encode(None)]
    if len(packets) < 2 * packets_per_loop:
        raise RuntimeError(f"opus gave {len(packets)} packets for {2 * packets_per_loop} frames")
    return tuple(packets[packets_per_loop : 2 * packets_per_loop])
