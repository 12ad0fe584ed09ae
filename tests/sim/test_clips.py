import av
import numpy as np
import pytest

from console.sim import clips
from console.sim.clips import (
    VARIANTS,
    nearest_rung,
    site_tone_hz,
    site_variant,
    tone_clip,
    video_clip,
)


@pytest.fixture
def fresh_memo(monkeypatch):
    """Forget clips loaded earlier in this process, so the next call reads the disk."""
    monkeypatch.setattr(clips, "_memo", {})


def decode(packets, codec="libvpx"):
    decoder = av.CodecContext.create(codec, "r")
    return [frame for data in packets for frame in decoder.decode(av.Packet(data))]


def mono(frames) -> np.ndarray:
    """Decoded audio frames as one float channel in -1..1."""
    chunks = [f.to_ndarray().reshape(-1, len(f.layout.channels))[:, 0] for f in frames]
    return np.concatenate(chunks).astype(float) / 32768


@pytest.mark.parametrize(
    "asked, rung",
    [
        ((0, 0), (160, 90)),
        ((100, 50), (160, 90)),
        ((160, 90), (160, 90)),
        ((161, 90), (320, 180)),
        ((320, 200), (640, 360)),  # the height decides
        ((1280, 720), (1280, 720)),
        ((3840, 2160), (1280, 720)),  # larger than the ladder: its top
    ],
)
def test_nearest_rung(asked, rung):
    assert nearest_rung(*asked) == rung


def test_a_clip_is_two_seconds_with_one_keyframe_first(tmp_path):
    clip = video_clip(320, 180, 0, tmp_path)
    assert (clip.width, clip.height, clip.fps) == (320, 180, 15)
    assert len(clip.packets) == 30
    assert clip.keyframes == (0,)
    frames = decode(clip.packets)
    assert len(frames) == 30
    assert {(f.width, f.height) for f in frames} == {(320, 180)}


def test_keyframes_are_capped_as_webrtc_caps_them_so_a_thin_link_carries_every_frame(tmp_path):
    from console.sim.faults import QUEUE_S

    clip = video_clip(320, 180, 0, tmp_path)
    sizes = [len(p) for p in clip.packets]
    average = sum(sizes) / len(sizes)
    assert sizes[0] <= clips.MAX_INTRA_PCT / 100 * average  # uncapped it was 13x
    # 320x180 is what the wall asks of a 300 kbps site; its biggest frame fits in what the
    # link's buffer holds (uncapped, the 17.8 KB keyframe was cut every time the clip looped).
    assert max(sizes) <= 300_000 / 8 * QUEUE_S


def test_the_picture_moves(tmp_path):
    frames = decode(video_clip(160, 90, 2, tmp_path).packets)
    luma = [f.to_ndarray()[:90].astype(float) for f in frames]
    assert all(np.abs(a - b).mean() > 1 for a, b in zip(luma, luma[1:]))


def test_variants_differ_in_colour(tmp_path):
    colours = []
    for variant in range(VARIANTS):
        frame = decode(video_clip(160, 90, variant, tmp_path).packets[:1])[0]
        planes = frame.to_ndarray()
        chroma = planes[90:].reshape(2, -1)  # the U then the V plane
        colours.append(chroma.mean(axis=1))
    for i in range(VARIANTS):
        for j in range(i):
            assert np.linalg.norm(colours[i] - colours[j]) > 8, (i, j)


def test_unknown_sizes_and_variants_are_refused(tmp_path):
    with pytest.raises(ValueError, match="ladder"):
        video_clip(300, 200, 0, tmp_path)
    with pytest.raises(ValueError, match="variant"):
        video_clip(160, 90, VARIANTS, tmp_path)


def test_a_cached_clip_is_read_back_without_encoding(tmp_path, fresh_memo, monkeypatch):
    built = video_clip(160, 90, 1, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"vp8-160x90-v1-f{clips.FORMAT_VERSION}.ivf"]  # no temp files left
    assert video_clip(160, 90, 1, tmp_path) is built  # the in-process memo

    monkeypatch.setattr(clips, "_memo", {})
    monkeypatch.setattr(clips, "_encode_clip", lambda *a: pytest.fail("encoded again"))
    assert video_clip(160, 90, 1, tmp_path) == built


DAMAGE = {
    "garbage": lambda good: b"\x17" * 5000,
    "truncated": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_file_is_rebuilt(tmp_path, fresh_memo, monkeypatch, damage):
    built = video_clip(160, 90, 5, tmp_path)
    (path,) = tmp_path.glob("*.ivf")
    path.write_bytes(DAMAGE[damage](path.read_bytes()))

    monkeypatch.setattr(clips, "_memo", {})
    rebuilt = video_clip(160, 90, 5, tmp_path)
    assert len(rebuilt.packets) == len(built.packets) and rebuilt.keyframes == (0,)
    monkeypatch.setattr(clips, "_memo", {})
    monkeypatch.setattr(clips, "_encode_clip", lambda *a: pytest.fail("cache was not repaired"))
    assert video_clip(160, 90, 5, tmp_path) == rebuilt


def test_an_unwritable_cache_still_gives_the_clip(tmp_path, fresh_memo):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    clip = video_clip(160, 90, 0, blocker / "clips")
    assert len(clip.packets) == 30


def test_site_tones_are_distinct_on_a_12_hz_grid():
    tones = [site_tone_hz(code) for code in range(10_000, 10_101)]
    assert len(set(tones)) == 101
    assert all(300 <= t <= 1500 and (t - 300) % 12 == 0 for t in tones)
    assert site_variant(10_003) == 10_003 % VARIANTS


def test_a_tone_decodes_to_its_frequency_in_bursts():
    packets = tone_clip(612.0)
    assert len(packets) == 100  # 2 s of 20 ms packets
    assert tone_clip(612.0) is packets
    # Two loops through one decoder; measure the second, which starts at the seam.
    samples = mono(decode(packets * 2, "libopus"))[96_000:192_000]
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    assert np.argmax(spectrum) * 48_000 / len(samples) == pytest.approx(612, abs=1)

    peak_dbfs = 20 * np.log10(np.abs(samples).max())
    assert -14 < peak_dbfs < -10
    rms = np.sqrt((samples.reshape(-1, 960) ** 2).mean(axis=1))
    loud, quiet = (rms > 0.1).mean(), (rms < 0.001).mean()
    assert 0.4 < loud < 0.9 and quiet > 0.1  # bursts with real gaps, like speech


def test_tones_of_neighbouring_sites_separate_in_an_fft():
    a, b = site_tone_hz(1), site_tone_hz(2)
    mixed = mono(decode(tone_clip(a), "libopus")) + mono(decode(tone_clip(b), "libopus"))
    spectrum = np.abs(np.fft.rfft(mixed * np.hanning(len(mixed))))
    hz = np.fft.rfftfreq(len(mixed), 1 / 48_000)
    first = np.argmax(spectrum)
    spectrum[np.abs(hz - hz[first]) < 20] = 0
    second = np.argmax(spectrum)
    assert sorted([hz[first], hz[second]]) == pytest.approx(sorted([a, b]), abs=1)
