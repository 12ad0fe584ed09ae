"""What ffprobe (the tool outside our code) says a file holds."""

import json
import shutil
import subprocess

import pytest


def ffprobe(path) -> dict:
    if shutil.which("ffprobe") is None:
        pytest.skip("ffprobe is not installed (Debian package ffmpeg; packaging/dev.sh setup installs it)")
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-show_streams",
            "-show_format",
            "-show_chapters",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def decode_errors(path) -> str:
    """ffmpeg's complaints while decoding every frame of the file ("" when none)."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return out.stderr.strip()


def streams(info: dict) -> dict[str, dict]:
    """codec name -> stream, asserting there is one stream per codec."""
    by_codec = {}
    for stream in info["streams"]:
        assert stream["codec_name"] not in by_codec, f"two {stream['codec_name']} streams"
        by_codec[stream["codec_name"]] = stream
    return by_codec
