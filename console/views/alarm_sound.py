"""A short chime for a new alarm, if the operator wants one (off by default).

The chime is made once (two soft tones, 0.45 s) into a WAV file in a temporary folder and
played with ``QSoundEffect``; without a sound device nothing is heard and nothing fails.
"""

from __future__ import annotations

import math
import struct
import tempfile
import wave
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QSoundEffect

RATE = 22_050


def chime_wav(path: Path) -> Path:
    """Write the chime (880 Hz then 660 Hz, faded) to ``path``."""
    frames = bytearray()
    for hz, seconds in ((880.0, 0.2), (660.0, 0.25)):
        count = int(RATE * seconds)
        for i in range(count):
            fade = min(1.0, i / 400, (count - i) / 1500)
            frames += struct.pack("<h", int(9000 * fade * math.sin(2 * math.pi * hz * i / RATE)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return path


class AlarmSound(QObject):
    """``play()`` sounds the chime when ``enabled``; ``played`` counts the times it was asked to."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = False
        self.played = 0
        self._effect: QSoundEffect | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def play(self) -> None:
        if not self.enabled:
            return
        self.played += 1
        if self._effect is None:
            from PySide6.QtMultimedia import QSoundEffect  # only when wanted: no audio stack otherwise

            self._folder = tempfile.TemporaryDirectory(prefix="opsconsole-chime-")
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(chime_wav(Path(self._folder.name) / "alarm.wav"))))
            effect.setVolume(0.6)
            self._effect = effect
        self._effect.play()
