"""The room's loudspeakers: the QIODevice serves the mix; no sound card is reported, not fatal."""

import numpy as np

from console.media.room import RoomMix
from console.views.room_audio import RoomAudio, RoomMixDevice


def tone(start=0):
    t = (np.arange(960) + start) / 48_000
    return (0.25 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


def test_the_device_reads_the_mix_as_interleaved_pcm(qapp):
    room = RoomMix(channels=2)
    for i in range(4):
        room.push("a", tone(i * 960))
    device = RoomMixDevice(room)
    device.open(RoomMixDevice.OpenModeFlag.ReadOnly)
    data = device.read(960 * 4)
    pcm = np.frombuffer(bytes(data), np.int16)
    assert pcm.size == 1920 and np.abs(pcm).max() > 7000
    assert device.isSequential() and device.bytesAvailable() > 0


def test_start_without_a_sound_card_says_so_and_goes_on(qapp, qtbot):
    room = RoomMix()
    audio = RoomAudio(room)
    errors = []
    audio.error.connect(errors.append)
    started = audio.start()
    if started:  # a machine with a sound card: it plays
        assert audio.sink is not None
        audio.stop()
    else:
        assert errors and audio.problem == errors[0]
        assert "audio" in errors[0]
    audio.set_volume(0.5)
    assert room.master_volume == 0.5
