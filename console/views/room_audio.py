"""The room's loudspeakers: plays the room mix through QtMultimedia (``QAudioSink``).

Pull mode: the sink asks a QIODevice for bytes whenever its small buffer runs low, and the
device reads them from the thread-safe ``RoomMix`` (mixing happens in that call, a few
microseconds per block). No sound card (a server, Xvfb) is not an error for the console:
``start()`` returns False, ``error`` says why, and everything else goes on.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QIODevice, QObject, Signal
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from console.translatable import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)
BUFFER_MS = 40  # what the sound card holds ahead: latency vs. underruns on a busy GUI thread


class RoomSound(Protocol):
    """What the loudspeakers read of the room: the mix itself (``RoomMix``, media on a thread)
    or the media worker's ring of it (``RoomProxy``)."""

    @property
    def rate(self) -> int: ...
    @property
    def channels(self) -> int: ...
    def read(self, frames: int) -> bytes: ...
    def set_master_volume(self, volume: float) -> None: ...


class RoomMixDevice(QIODevice):
    """A read-only, endless QIODevice over a RoomMix (interleaved s16)."""

    def __init__(self, room: RoomSound, parent: QObject | None = None) -> None:
        super().__init__()  # QIODevice's stub takes no None parent; setParent does
        self.setParent(parent)
        self.room = room
        self._frame_bytes = 2 * room.channels

    def readData(self, maxlen: int) -> bytes:  # noqa: N802 (Qt's name)
        frames = maxlen // self._frame_bytes
        return self.room.read(frames) if frames > 0 else b""

    def writeData(self, data: bytes | bytearray | memoryview, length: int, /) -> int:  # noqa: N802
        return -1

    def isSequential(self) -> bool:  # noqa: N802
        return True

    def bytesAvailable(self) -> int:  # noqa: N802
        return self.room.rate * self._frame_bytes // 10 + super().bytesAvailable()


class RoomAudio(QObject):
    """Owns the sink; ``set_volume`` is the master volume (0.0-2.0, applied in the mix)."""

    error = Signal(str)

    def __init__(self, room: RoomSound, device: QAudioDevice | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self.device = device
        self.sink: QAudioSink | None = None
        self.source = RoomMixDevice(room, self)
        self.problem = ""

    def start(self) -> bool:
        """Start playing; False (and ``error``) when there is no usable output device."""
        device = self.device or QMediaDevices.defaultAudioOutput()
        if device.isNull():
            return self._fail(
                QT_TRANSLATE_NOOP("RoomAudio", "no audio output device: the room mix is not played (meters still work)")
            )
        fmt = QAudioFormat()
        fmt.setSampleRate(self.room.rate)
        fmt.setChannelCount(self.room.channels)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(fmt):
            return self._fail(
                QT_TRANSLATE_NOOP("RoomAudio", "{device} cannot play {rate} Hz 16-bit {channels}-channel audio"),
                device=device.description(),
                rate=self.room.rate,
                channels=self.room.channels,
            )
        self.sink = QAudioSink(device, fmt, self)
        self.sink.setBufferSize(self.room.rate * 2 * self.room.channels * BUFFER_MS // 1000)
        self.sink.stateChanged.connect(self._state_changed)
        self.source.open(QIODevice.OpenModeFlag.ReadOnly)
        self.sink.start(self.source)
        if self.sink.error() != QtAudio.Error.NoError:
            return self._fail(
                QT_TRANSLATE_NOOP("RoomAudio", "{device}: cannot start playback ({error})"),
                device=device.description(),
                error=self.sink.error().name,
            )
        log.info("room audio on %s", device.description())
        return True

    def stop(self) -> None:
        if self.sink is not None:
            self.sink.stop()
            self.sink = None
        if self.source.isOpen():
            self.source.close()

    def set_volume(self, volume: float) -> None:
        self.room.set_master_volume(volume)

    def _state_changed(self, state) -> None:
        if self.sink is not None and self.sink.error() not in (QtAudio.Error.NoError, QtAudio.Error.UnderrunError):
            self._fail(QT_TRANSLATE_NOOP("RoomAudio", "room audio stopped: {error}"), error=self.sink.error().name)

    def _fail(self, source: str, **values: object) -> bool:
        """``source``: the English text (marked for translation); the log says it in English,
        ``problem`` and ``error`` in the console's language."""
        log.warning(source.format(**values))
        self.problem = QCoreApplication.translate("RoomAudio", source).format(**values)
        self.error.emit(self.problem)
        return False
