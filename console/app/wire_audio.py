"""The room's sound, meters, speaking rings and follow-the-speaker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from console.views.audio_bar import AudioBar
from console.views.event_log import EventLog
from console.views.i18n import language_change
from console.views.room_audio import RoomAudio

if TYPE_CHECKING:
    from console.app.console_core import ConsoleCore

translate = QCoreApplication.translate


def wire_room_audio(console: ConsoleCore, log: EventLog) -> Callable[[str, dict], None]:
    """Start the room's sound; returns the handler for the audio events."""
    wall, media, model, name = console.wall, console.media, console.model, console.name
    audio_bar = console.part(AudioBar)
    # RoomAudio (views) is annotated with RoomMix, but reads only what the worker's RoomProxy has
    # too (read, rate, channels, set_master_volume); its annotation is the views' to widen.
    console.room_audio = RoomAudio(media.room, device=_chosen_output(console), parent=console.window)
    playing = console.room_audio.start()

    def show_device() -> None:  # now and at every language change
        if playing:
            audio_bar.show_device(translate("RoomAudio", "sound on"))
        else:
            audio_bar.show_device(translate("RoomAudio", "no sound output"), problem=True)

    show_device()
    language_change(audio_bar, show_device)
    if not playing:
        log.add(console.room_audio.problem, "warn")
    following = {"by_speaker": False}

    def on_selection(key: str) -> None:
        if not following["by_speaker"]:
            media.focused_by_hand(key or None)  # a presenter's choice holds for 2 s

    wall.selected_site_changed.connect(on_selection)

    def follow(key: str) -> None:
        # The speaker comes into a big tile of a focus layout (swapping with whoever was
        # there, who stays on the page); the selection stays the operator's (the model's rule).
        following["by_speaker"] = True
        try:
            if model.spotlight(key) and key in model.assignments():
                log.add(
                    translate("EventLog", "follow speaker: {site} to tile {tile}").format(
                        site=name(key), tile=model.assignments().index(key) + 1
                    ),
                    "info",
                    key,
                )
        finally:
            following["by_speaker"] = False

    def on_audio_event(kind: str, payload: dict) -> None:
        if kind == "levels":
            sites = payload.get("sites") or {}
            wall.set_levels(
                {k: v.get("db") for k, v in sites.items()}, {k for k, v in sites.items() if v.get("speaking")}
            )
        elif kind == "speaker" and payload.get("site"):
            follow(payload["site"])
        elif kind == "muted" and payload.get("error"):
            log.add(f"{name(payload.get('site', ''))}: {payload['error']}", "warn", payload.get("site", ""))
        elif kind == "moderation_error":
            log.add(
                translate("EventLog", "{site}: {action} failed: {error}").format(
                    site=name(payload.get("site", "")), action=payload.get("action"), error=payload.get("error")
                ),
                "warn",
                payload.get("site", ""),
            )
        elif kind == "talk":
            text = (
                translate("EventLog", "{site}: talk started")
                if payload.get("talking")
                else translate("EventLog", "{site}: talk ended")
            )
            log.add(text.format(site=name(payload.get("site", ""))), "action", payload.get("site", ""))
        elif kind == "program":
            sources = translate("EventLog", "program feed: {video} + {audio}").format(
                video=_source_words(payload.get("video_source"), payload.get("video_device")),
                audio=_source_words(payload.get("audio_source"), payload.get("audio_device")),
            )
            failures = [f for f in payload.get("failures") or () if isinstance(f, dict)]
            log.add(
                sources + "".join(f" · {_failure_words(f)}" for f in failures),
                "warn" if failures else "info",
            )

    return on_audio_event


def _source_words(kind: object, device: object) -> str:
    """A program source as the operator reads it ("camera /dev/video0", "test card")."""
    words = {
        "test_card": translate("EventLog", "test card"),
        "tone": translate("EventLog", "test tone"),
        "camera": translate("EventLog", "camera {device}"),
        "microphone": translate("EventLog", "microphone {device}"),
    }
    return words.get(str(kind), str(kind)).format(device=device or "")


def _failure_words(failure: dict) -> str:
    """A presenter's device that did not open or stopped, and what the sites get instead; the
    system's own detail (FFmpeg's, the kernel's) stays as it said it."""
    camera = failure.get("source") == "camera"
    if failure.get("stopped"):
        text = (
            translate("EventLog", "camera {device} stopped ({detail}): showing the test card")
            if camera
            else translate("EventLog", "microphone {device} stopped ({detail}): sending the test tone")
        )
    else:
        text = (
            translate("EventLog", "camera {device} did not open ({detail}): showing the test card")
            if camera
            else translate("EventLog", "microphone {device} did not open ({detail}): sending the test tone")
        )
    return text.format(device=failure.get("device", ""), detail=failure.get("detail", ""))


def _chosen_output(console: ConsoleCore):
    """The sound output chosen in the settings, if it is connected; else the default."""
    from PySide6.QtMultimedia import QMediaDevices

    wanted = getattr(console.preferences, "audio_output", "") or ""
    for device in QMediaDevices.audioOutputs() if wanted else ():
        if bytes(device.id().data()).decode("utf-8", "replace") == wanted:
            return device
    return None
