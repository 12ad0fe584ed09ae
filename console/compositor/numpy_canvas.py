"""The software wall: the same picture as the GL canvas, drawn with numpy and QPainter.

Used where OpenGL is missing or failed, or rasterizes on the CPU anyway. Three things keep
the GUI thread free for the operator's clicks and keys (measured with `bench gui`):

* each new frame is converted (scaled, YUV → RGB) once, to the raster engine's own pixel
  format so that drawing it is a copy; with ``threaded=True`` on a worker thread (numpy
  releases the GIL for its loops), latest frame wins if the worker falls behind;
* only tiles that changed are repainted (a new picture, a new overlay), not the wall;
* overlays are drawn once and blitted while they stay the same (``OverlayCache``).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from console.compositor.overlays import OverlayCache, paint_overlays
from console.compositor.scene import OverlayStyle, Planes, Presentations, TileDraw, video_rect
from console.compositor.yuv import yuv420_to_bgrx


@dataclass
class _Converted:
    serial: int
    size: tuple[int, int]
    pixels: np.ndarray  # owns the bytes the QImage points at: keep it with the image
    image: QImage


@dataclass(frozen=True)
class _Job:
    key: tuple[str, tuple[int, int]]  # (source, size)
    serial: int
    planes: Planes
    dpr: float


class _Converter:
    """Frames → images, here or on one worker thread; newest job per tile wins."""

    def __init__(self, threaded: bool, on_done) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="wall-convert") if threaded else None
        self._on_done = on_done  # called with the key, on the worker thread
        self._lock = threading.Lock()
        self._pending: dict[tuple, _Job] = {}
        self._running = False
        self._closed = False
        self.done: dict[tuple, _Converted] = {}
        self.conversions = 0
        self.superseded = 0  # jobs replaced by a newer frame before they ran

    def want(self, job: _Job) -> None:
        held = self.done.get(job.key)
        if held is not None and held.serial == job.serial:
            return
        if self._pool is None:
            self._convert(job)
            return
        with self._lock:
            if job.key in self._pending:
                self.superseded += 1
            self._pending[job.key] = job
            if self._running:
                return
            self._running = True
        self._pool.submit(self._drain)

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._running = False
                    return
                key = next(iter(self._pending))
                job = self._pending.pop(key)
            try:
                self._convert(job)
            except Exception:  # a bad frame must not stop the worker; the tile keeps its picture
                import logging

                logging.getLogger(__name__).exception("converting a frame for %s failed", key[0])
                continue
            if not self._closed:
                self._on_done(key)

    def _convert(self, job: _Job) -> None:
        w, h = job.key[1]
        pixels = yuv420_to_bgrx(job.planes, w, h)
        image = QImage(pixels.data, w, h, w * 4, QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(job.dpr)
        self.done[job.key] = _Converted(job.serial, (w, h), pixels, image)  # one dict store: atomic
        self.conversions += 1

    def wait(self) -> None:
        """Block until every job handed in so far is converted (tests, screenshots)."""
        if self._pool is not None:
            self._pool.submit(lambda: None).result()
            while True:
                with self._lock:
                    if not self._running and not self._pending:
                        return
                self._pool.submit(lambda: None).result()

    def forget(self, keep: set[tuple]) -> None:
        for key in list(self.done):
            if key not in keep:
                self.done.pop(key, None)

    def close(self) -> None:
        self._closed = True
        if self._pool is not None:
            with self._lock:
                self._pending.clear()
            self._pool.shutdown(wait=True)


class NumpyWallCanvas(QWidget):
    """The whole wall in one widget, converted on the CPU; ``set_tiles`` then repaint."""

    _converted = Signal(object)  # a conversion finished (worker thread → GUI thread)

    def __init__(
        self, parent: QWidget | None = None, style: OverlayStyle | None = None, threaded: bool = False
    ) -> None:
        super().__init__(parent)
        self._tiles: list[TileDraw] = []
        self._jobs: list[_Job | None] = []  # each tile's conversion, parallel to _tiles
        self._style = style or OverlayStyle()
        self._overlays = OverlayCache()
        self._converter = _Converter(threaded, self._converted.emit)
        self._converted.connect(self._on_converted, Qt.ConnectionType.QueuedConnection)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.destroyed.connect(self._converter.close)
        self.presentations = Presentations()
        self.last_painted: list[str] = []  # sources of the tiles the last paint touched (tests)

    @property
    def renderer(self) -> str:
        return "numpy (software)"

    @property
    def conversions(self) -> int:
        """Tile pictures converted, for tests and benchmarks."""
        return self._converter.conversions

    @property
    def overlay_style(self) -> OverlayStyle:
        return self._style

    def set_style(self, style: OverlayStyle) -> None:
        self._style = style
        self.update()

    def picture(self) -> QImage:
        """What the canvas shows (as the GL canvas's ``picture``)."""
        return self.grab().toImage()

    def set_tiles(self, tiles: list[TileDraw]) -> None:
        """The wall to show from the next paint on (latest wins; nothing is queued).

        Only tiles whose picture or overlay changed are repainted; a tile with a new frame
        is repainted when its conversion is ready.
        """
        old, self._tiles = self._tiles, list(tiles)
        self._jobs = [self._job(tile) for tile in self._tiles]  # once per wall, not per paint
        self._overlays.wall_tiles = len(tiles)
        self._converter.forget({job.key for job in self._jobs if job is not None})
        same_layout = len(old) == len(tiles) and all(a.rect == b.rect for a, b in zip(old, tiles))
        for i, (tile, job) in enumerate(zip(self._tiles, self._jobs)):
            if job is not None:
                self._converter.want(job)
            if not same_layout:
                continue
            before = old[i]
            new_look = (before.source_id, before.overlay, before.frame is None) != (
                tile.source_id,
                tile.overlay,
                tile.frame is None,
            )
            held = self._converter.done.get(job.key) if job is not None else None
            new_picture = held is not None and held.serial == tile.serial != before.serial
            if new_look or new_picture:
                self.update(QRect(*tile.rect))
        if not same_layout:
            self.update()

    def flush(self) -> None:
        """Wait for pending conversions and repaint with them (tests, screenshots)."""
        self._converter.wait()
        self.update()

    def close_converter(self) -> None:
        self._converter.close()

    def _job(self, tile: TileDraw) -> _Job | None:
        frame = tile.frame
        if frame is None:
            return None
        _, _, vw, vh = video_rect(tile.rect, frame.width, frame.height)
        if vw <= 0 or vh <= 0:
            return None
        dpr = self.devicePixelRatioF()
        size = (max(1, round(vw * dpr)), max(1, round(vh * dpr)))
        return _Job((tile.source_id, size), tile.serial, frame, dpr)

    def _on_converted(self, key: tuple) -> None:
        for tile in self._tiles:
            if tile.source_id == key[0] and tile.frame is not None:
                self.update(QRect(*tile.rect))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            style = self._style
            # The region, not its bounding rect: two new frames at opposite corners must
            # not repaint every tile between them.
            region = event.region()
            for rect in region:  # type: ignore[attr-defined]  # PySide6 iterates a QRegion's rects; its stubs omit it
                painter.fillRect(rect, QColor(style.background))
            tile_bg = QColor(style.tile_background)
            touched = [(t, job) for t, job in zip(self._tiles, self._jobs) if region.intersects(QRect(*t.rect))]
            for tile, job in touched:
                painter.fillRect(QRect(*tile.rect), tile_bg)
                if job is not None:
                    self._draw_video(painter, tile, job)
            tiles = [t for t, _ in touched]
            self.last_painted = [t.source_id for t in tiles]
            paint_overlays(painter, tiles, style, self._overlays)
        finally:
            painter.end()

    def _draw_video(self, painter: QPainter, tile: TileDraw, job: _Job) -> None:
        held = self._converter.done.get(job.key)
        if held is None:
            return  # first frame at this size is still being converted: repainted when ready
        vx, vy, _, _ = video_rect(tile.rect, job.planes.width, job.planes.height)  # the tile's frame
        painter.drawImage(QPoint(vx, vy), held.image)
        self.presentations.shown(tile.source_id, held.serial)
