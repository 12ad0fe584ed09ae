"""The compositor's input: what each tile shows, where, and what is written over it.

Pure data (numpy, no Qt, no GL) so the views can build a scene headless and both canvases
(OpenGL and numpy) draw exactly the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from console.media.frames import chroma_size, video_planes

# "unjoined": offline and never joined (a commune that has not connected yet is not "lost").
STATES = ("empty", "connecting", "live", "stale", "offline", "reconnecting", "unjoined", "no_media_path", "audio_only")
LEVEL_STEPS = 5  # audio meter segments: coarse on purpose, each step is a cached overlay


@dataclass(frozen=True)
class Planes:
    """One decoded yuv420p frame as three uint8 planes.

    Planes may be strided views (row pitch larger than the width, as decoders hand them
    out); nothing here copies them. ``u`` and ``v`` are half the luma size, rounded up.
    """

    y: np.ndarray
    u: np.ndarray
    v: np.ndarray

    def __post_init__(self) -> None:
        for name in ("y", "u", "v"):
            plane = getattr(self, name)
            if not isinstance(plane, np.ndarray) or plane.dtype != np.uint8 or plane.ndim != 2:
                raise ValueError(
                    f"Planes.{name} must be a 2-D uint8 numpy array, got "
                    f"{getattr(plane, 'dtype', type(plane).__name__)} "
                    f"{getattr(plane, 'shape', '')}"
                )
        h, w = self.y.shape
        if h == 0 or w == 0:
            raise ValueError(f"Planes.y is empty ({w}x{h})")
        cw, ch = chroma_size(w, h)
        for name in ("u", "v"):
            if getattr(self, name).shape != (ch, cw):
                raise ValueError(
                    f"Planes.{name} is {getattr(self, name).shape[::-1]} (w, h); a "
                    f"{w}x{h} yuv420p frame needs ({cw}, {ch})"
                )

    @property
    def width(self) -> int:
        return int(self.y.shape[1])

    @property
    def height(self) -> int:
        return int(self.y.shape[0])

    @classmethod
    def from_video_frame(cls, frame: Any) -> Planes:
        """Zero-copy views of an ``av.VideoFrame``'s planes (console/media/frames.py), or the
        planes a frame from the media worker's shared memory already carries (its own copy)."""
        planes = getattr(frame, "yuv_planes", None)
        return cls(*(planes if planes is not None else video_planes(frame)))


@dataclass(frozen=True)
class TileOverlay:
    """What is written over a tile: the site, its state, and the operator's marks."""

    title: str = ""  # the site's name, e.g. "Phường Hoàn Kiếm"
    subtitle: str = ""  # its province
    state: str = "empty"  # one of STATES
    muted: bool = False
    quality: int = 0  # link-quality bars 0..4
    focused: bool = False
    label: str = ""  # slot number shown in a corner
    note: str = ""  # progress text, e.g. "Đang kết nối…"
    level: int = 0  # audio level meter 0..LEVEL_STEPS (shown while unmuted)
    speaking: bool = False  # a ring: this site's voice is in the room now
    hand: bool = False  # the site asks to speak
    talking: bool = False  # in a spot-check conversation with the room
    pinned: bool = False  # kept in this tile on every page (the operator's P)
    reduced: bool = False  # shedding load: fewer frames than the site could send (console short of CPU)
    data: bool = False  # an indicator view, not a site's picture: no state badge, no sound, no link

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"TileOverlay.state {self.state!r} is not one of {', '.join(STATES)}")
        if not 0 <= self.level <= LEVEL_STEPS:
            raise ValueError(f"TileOverlay.level {self.level} is not in 0..{LEVEL_STEPS}")


@dataclass
class TileDraw:
    """One tile of the wall for one paint: where it is, which stream, which frame."""

    rect: tuple[int, int, int, int]  # x, y, w, h in widget pixels
    source_id: str  # the stream's identity; textures are cached per source
    frame: Planes | None
    serial: int  # grows when a new frame arrives; upload only on change
    overlay: TileOverlay = TileOverlay()


def video_rect(rect: tuple[int, int, int, int], frame_w: int, frame_h: int) -> tuple[int, int, int, int]:
    """The frame's letterboxed place inside ``rect``: aspect kept, centred, whole pixels.

    Both canvases use this one function so their pictures land on the same pixels.
    """
    x, y, w, h = rect
    if w <= 0 or h <= 0 or frame_w <= 0 or frame_h <= 0:
        return x, y, 0, 0
    if w * frame_h > h * frame_w:  # the tile is wider than the frame: bars left and right
        vw, vh = max(1, round(h * frame_w / frame_h)), h
    else:  # taller: bars top and bottom
        vw, vh = w, max(1, round(w * frame_h / frame_w))
    return x + (w - vw) // 2, y + (h - vh) // 2, vw, vh


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class OverlayStyle:
    """Colours ("#rrggbb") and font of the wall; defaults match ui/theme-tokens.json."""

    background: str = "#0d1117"  # between tiles
    tile_background: str = "#05080c"  # inside a tile: letterbox bars, tiles without video
    text: str = "#d8dee6"
    text_muted: str = "#8593a3"
    accent: str = "#3d9bff"  # focus ring
    state_live: str = "#2fbf71"
    state_stale: str = "#e0a526"
    state_offline: str = "#e5534b"
    state_connecting: str = "#5b9bd5"
    font_family: str = ""  # "" = the application's default font

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if name != "font_family" and not (isinstance(value, str) and _COLOUR.fullmatch(value)):
                raise ValueError(f"OverlayStyle.{name} must be a '#rrggbb' colour, got {value!r}")

    @classmethod
    def from_tokens(cls, tokens: dict[str, str]) -> OverlayStyle:
        """A style from the QSS theme tokens (ui/theme-tokens.json); missing ones keep defaults."""
        names = {
            "background": "bg",
            "text": "text",
            "text_muted": "text_muted",
            "accent": "accent",
            "state_live": "state_online",
            "state_stale": "state_stale",
            "state_offline": "state_offline",
        }
        return cls(**{field: tokens[token] for field, token in names.items() if token in tokens})


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#rrggbb" → (r, g, b)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class Presentations:
    """Which frame of each source the canvas last put on screen.

    The canvas calls ``shown`` for every tile it draws; ``listener(source, serial)`` hears
    each new frame once, at the paint that shows it (the wall times latency with it).
    """

    def __init__(self) -> None:
        self._shown: dict[str, int] = {}
        self.listener: Callable[[str, int], None] | None = None

    def shown(self, source: str, serial: int) -> None:
        if self._shown.get(source) != serial:
            self._shown[source] = serial
            if self.listener is not None:
                self.listener(source, serial)
