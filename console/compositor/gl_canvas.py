"""The GL wall: one QOpenGLWidget, one quad per tile, YUV converted in a fragment shader.

Modelled on pyqtgraph's RawImageWidget: ``set_tiles`` stores and calls ``update()``; planes
are uploaded lazily in ``paintGL``, only when a source's ``serial`` changed, into textures
reallocated only when a plane's size changes; everything GL is freed when the context
goes away. Overlays are drawn afterwards with a QPainter on the same widget.

Needs OpenGL 3.3 (core or compatibility): GLSL 330 shaders, GL_R8 textures, a VAO.
"""

from __future__ import annotations

import atexit
import logging
import weakref
from dataclasses import dataclass

import numpy as np
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QOffscreenSurface, QOpenGLContext, QOpenGLFunctions, QPainter, QShowEvent
from PySide6.QtOpenGL import (
    QOpenGLBuffer,
    QOpenGLPixelTransferOptions,
    QOpenGLShader,
    QOpenGLShaderProgram,
    QOpenGLTexture,
    QOpenGLVertexArrayObject,
)
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QSizePolicy, QWidget

from console.compositor.overlays import OverlayCache, paint_overlays
from console.compositor.scene import OverlayStyle, Planes, Presentations, TileDraw, rgb, video_rect
from console.compositor.yuv import BT601_LIMITED, C_OFFSET, Y_OFFSET

log = logging.getLogger(__name__)

MIN_GL_VERSION = (3, 3)
# A source not drawn for this many paints loses its textures (a page flip and back keeps them).
UNUSED_PAINTS_BEFORE_FREE = 3

GL_COLOR_BUFFER_BIT = 0x4000
GL_SCISSOR_TEST = 0x0C11
GL_BLEND = 0x0BE2
GL_DEPTH_TEST = 0x0B71
GL_TRIANGLE_STRIP = 0x0005
GL_FLOAT = 0x1406
GL_TEXTURE0 = 0x84C0
GL_TEXTURE_2D = 0x0DE1
GL_RENDERER = 0x1F01
GL_NO_ERROR = 0

VERTEX_SHADER = """#version 330 core
layout(location = 0) in vec2 corner;     // (0,0) top-left .. (1,1) bottom-right
uniform vec4 rect;                       // the quad in clip space: origin xy, extent zw
out vec2 tex;
void main() {
    tex = corner;
    gl_Position = vec4(rect.xy + corner * rect.zw, 0.0, 1.0);
}
"""


def fragment_shader() -> str:
    """BT.601 limited range, the matrix of yuv.py (so both canvases agree)."""
    m = BT601_LIMITED
    return f"""#version 330 core
in vec2 tex;
uniform sampler2D plane_y;
uniform sampler2D plane_u;
uniform sampler2D plane_v;
uniform vec2 chroma_scale;               // luma size / (2 * chroma size): odd sizes
out vec4 colour;
void main() {{
    float y = texture(plane_y, tex).r * 255.0 - {Y_OFFSET:.1f};
    vec2 ctex = tex * chroma_scale;
    float u = texture(plane_u, ctex).r * 255.0 - {C_OFFSET:.1f};
    float v = texture(plane_v, ctex).r * 255.0 - {C_OFFSET:.1f};
    vec3 rgb = vec3({m[0, 0]:.9f} * y + {m[0, 2]:.9f} * v,
                    {m[1, 0]:.9f} * y + {m[1, 1]:.9f} * u + {m[1, 2]:.9f} * v,
                    {m[2, 0]:.9f} * y + {m[2, 1]:.9f} * u);
    colour = vec4(clamp(rgb / 255.0, 0.0, 1.0), 1.0);
}}
"""


class _PlaneTexture:
    """One single-channel texture, reallocated only when its size changes."""

    def __init__(self) -> None:
        self.texture: QOpenGLTexture | None = None
        self.size = (0, 0)

    def upload(self, plane: np.ndarray) -> tuple[bool, bool]:
        """Upload ``plane``; returns (reallocated, copied)."""
        h, w = plane.shape
        tex = self.texture
        reallocated = tex is None or self.size != (w, h)
        if tex is None or reallocated:
            self.destroy()
            tex = QOpenGLTexture(QOpenGLTexture.Target.Target2D)
            tex.setFormat(QOpenGLTexture.TextureFormat.R8_UNorm)
            tex.setSize(w, h)
            tex.setMipLevels(1)
            tex.setMinMagFilters(QOpenGLTexture.Filter.Linear, QOpenGLTexture.Filter.Linear)
            tex.setWrapMode(QOpenGLTexture.WrapMode.ClampToEdge)
            tex.allocateStorage(QOpenGLTexture.PixelFormat.Red, QOpenGLTexture.PixelType.UInt8)
            self.texture, self.size = tex, (w, h)
        data, row_length, copied = _upload_view(plane)
        options = QOpenGLPixelTransferOptions()
        options.setAlignment(1)
        options.setRowLength(row_length)
        # The stubs type the pixels as an address (int); PySide6 takes any contiguous buffer.
        tex.setData(QOpenGLTexture.PixelFormat.Red, QOpenGLTexture.PixelType.UInt8, data, options)  # type: ignore[call-overload]
        return reallocated, copied

    def bind(self) -> None:
        """Bind the texture to the active unit (``upload`` made it)."""
        if self.texture is None:
            raise RuntimeError("no texture: nothing was uploaded to this plane")
        self.texture.bind()

    def destroy(self) -> None:
        if self.texture is not None:
            self.texture.destroy()
            self.texture = None
            self.size = (0, 0)


def _upload_view(plane: np.ndarray) -> tuple[np.ndarray, int, bool]:
    """What to hand to glTexSubImage2D: (C-contiguous buffer, GL_UNPACK_ROW_LENGTH, copied).

    PySide6 refuses non-contiguous arrays, so a plane with padded rows (a decoder's view) is
    passed as one flat run of bytes from its first to its last pixel, with the row pitch
    as the row length: no copy. Anything stranger is copied.
    """
    h, w = plane.shape
    pitch, step = plane.strides
    if plane.flags.c_contiguous:
        return plane, 0, False
    if step == 1 and pitch >= w:
        flat = np.lib.stride_tricks.as_strided(plane, shape=(pitch * (h - 1) + w,), strides=(1,))
        return flat, pitch, False
    return np.ascontiguousarray(plane), 0, True


@dataclass
class _SourceTextures:
    """The Y, U, V textures of one stream and which frame they hold."""

    planes: tuple[_PlaneTexture, _PlaneTexture, _PlaneTexture]
    serial: int | None = None
    last_paint: int = 0

    def destroy(self) -> None:
        for plane in self.planes:
            plane.destroy()


class _GLResources(QObject):
    """Everything one context holds for the canvas, freed together.

    A QObject child of the context, apart from the widget on purpose: when a
    QOpenGLWidget is deleted, PySide has already cut the widget's Python wrapper (and the
    context wrapper it handed out) loose by the time the context emits
    aboutToBeDestroyed, so a slot bound to the widget never runs and a captured context
    raises. A slot of this object still runs, gets a live context from ``sender()``, and
    makes it current on a surface of its own.
    """

    def __init__(self, ctx: QOpenGLContext) -> None:
        super().__init__()
        self.surface = QOffscreenSurface()
        self.surface.setFormat(ctx.format())
        self.surface.create()
        self.sources: dict[str, _SourceTextures] = {}
        self.program: QOpenGLShaderProgram | None = None
        self.vao: QOpenGLVertexArrayObject | None = None
        self.quad: QOpenGLBuffer | None = None
        self.uniforms: dict[str, int] = {}
        self.setParent(ctx)  # lives exactly as long as the context
        ctx.aboutToBeDestroyed.connect(self._context_dying, Qt.ConnectionType.DirectConnection)

    @Slot()
    def _context_dying(self) -> None:
        if not shiboken6.isValid(self.surface):
            return  # interpreter teardown got there first
        ctx = self.sender()
        if isinstance(ctx, QOpenGLContext) and ctx.makeCurrent(self.surface):
            try:
                self.release()
            finally:
                ctx.doneCurrent()
        self.surface.destroy()

    def pipeline(self) -> tuple[QOpenGLShaderProgram, QOpenGLVertexArrayObject]:
        """The shader program and vertex array the canvas set up in this context."""
        if self.program is None or self.vao is None:
            raise RuntimeError("the GL program is not set up in this context (or was released)")
        return self.program, self.vao

    def release(self) -> None:
        """Free every GL object; the context must be current."""
        for source in self.sources.values():
            source.destroy()
        self.sources.clear()
        if self.quad is not None:
            self.quad.destroy()
        if self.vao is not None:
            self.vao.destroy()
        if self.program is not None:
            self.program.removeAllShaders()
        self.program = self.vao = self.quad = None


class GLWallCanvas(QOpenGLWidget):
    """The whole wall in one GL widget. Emits ``failed(reason)`` (queued) if GL cannot work;
    then ``gl_error`` says why and the widget paints only its background. Emits
    ``renderer_changed(description)`` (queued) once the context exists and says which
    driver draws, and again on failure."""

    failed = Signal(str)
    renderer_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, style: OverlayStyle | None = None) -> None:
        super().__init__(parent)
        self._tiles: list[TileDraw] = []
        self._style = style or OverlayStyle()
        self._overlays = OverlayCache()
        self.presentations = Presentations()
        self._gl: _GLResources | None = None
        self._quit_hooked = False
        self._renderer = "OpenGL (not yet initialised)"
        self._paints = 0
        self.gl_error: str | None = None
        self.texture_allocations = 0  # (re)allocations of a source's Y/U/V texture set
        self.texture_uploads = 0  # frames uploaded (Y, U and V together)
        self.upload_copies = 0  # planes that had to be copied before upload
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # -- public API -------------------------------------------------------------------

    @property
    def renderer(self) -> str:
        return self._renderer

    @property
    def overlay_style(self) -> OverlayStyle:
        return self._style

    @property
    def live_textures(self) -> int:
        """Sources holding textures now (after the last paint's clean-up)."""
        return len(self._gl.sources) if self._gl is not None else 0

    def set_style(self, style: OverlayStyle) -> None:
        self._style = style
        self.update()

    def set_tiles(self, tiles: list[TileDraw]) -> None:
        """The wall to show from the next paint on (latest wins; nothing is queued)."""
        self._tiles = list(tiles)
        self.update()

    def picture(self) -> QImage:
        """What the canvas shows, overlays included (``QWidget.grab`` leaves them out)."""
        return self.grabFramebuffer()

    # -- QOpenGLWidget ----------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        # A context that could not be created gets no initializeGL: notice it here.
        QTimer.singleShot(0, self, self._check_context)

    def initializeGL(self) -> None:  # noqa: N802
        ctx = self.context()
        self._gl = _GLResources(ctx)
        app = QCoreApplication.instance()
        if app is not None and not self._quit_hooked:
            # Python tears widgets down in no set order at exit: free textures while we can.
            app.aboutToQuit.connect(self._release_before_quit)
            _LIVE_CANVASES.add(self)
            self._quit_hooked = True
        try:
            self._initialize(ctx, self._gl)
        except Exception as exc:  # a broken driver must cost the picture, not the program
            self._fail(f"OpenGL initialisation failed: {exc}")
            return
        renderer = self._renderer
        # Queued: a receiver may touch other widgets, never from inside initializeGL.
        QTimer.singleShot(0, self, lambda: self.renderer_changed.emit(renderer))

    def paintGL(self) -> None:  # noqa: N802
        self._paints += 1
        f = self.context().functions()
        if self.gl_error is None:
            try:
                self._paint_video(f, self._resources())
                for tile in self._tiles:
                    if tile.frame is not None:
                        self.presentations.shown(tile.source_id, tile.serial)
            except Exception as exc:
                self._fail(f"OpenGL painting failed: {exc}")
        if self.gl_error is not None:
            self._clear(f, self._style.background)
            return
        painter = QPainter(self)
        try:
            paint_overlays(painter, self._tiles, self._style, self._overlays)
        finally:
            painter.end()

    # -- GL work ----------------------------------------------------------------------

    def _resources(self) -> _GLResources:
        """What initializeGL made for the context (Qt calls it before any paintGL)."""
        if self._gl is None:
            raise RuntimeError("OpenGL is not initialised")
        return self._gl

    def _initialize(self, ctx: QOpenGLContext, gl: _GLResources) -> None:
        fmt = ctx.format()
        version = (fmt.majorVersion(), fmt.minorVersion())
        f = ctx.functions()
        self._renderer = describe_context(ctx)
        if ctx.isOpenGLES():
            raise RuntimeError(
                f"needs desktop OpenGL {MIN_GL_VERSION[0]}.{MIN_GL_VERSION[1]}, got OpenGL ES ({self._renderer})"
            )
        if version < MIN_GL_VERSION:
            raise RuntimeError(
                f"needs OpenGL {MIN_GL_VERSION[0]}.{MIN_GL_VERSION[1]}, got "
                f"{version[0]}.{version[1]} ({self._renderer})"
            )
        program = gl.program = QOpenGLShaderProgram()
        for kind, source in (
            (QOpenGLShader.ShaderTypeBit.Vertex, VERTEX_SHADER),
            (QOpenGLShader.ShaderTypeBit.Fragment, fragment_shader()),
        ):
            if not program.addShaderFromSourceCode(kind, source):
                raise RuntimeError(f"shader did not compile: {program.log().strip()}")
        program.bindAttributeLocation("corner", 0)
        if not program.link():
            raise RuntimeError(f"shaders did not link: {program.log().strip()}")
        gl.uniforms = {
            name: program.uniformLocation(name) for name in ("rect", "chroma_scale", "plane_y", "plane_u", "plane_v")
        }
        program.bind()
        for unit, name in enumerate(("plane_y", "plane_u", "plane_v")):
            program.setUniformValue1i(gl.uniforms[name], unit)

        vao = gl.vao = QOpenGLVertexArrayObject()
        if not vao.create():
            raise RuntimeError("could not create a vertex array object")
        vao.bind()
        quad = gl.quad = QOpenGLBuffer(QOpenGLBuffer.Type.VertexBuffer)
        quad.create()
        quad.bind()
        corners = np.array([0, 0, 1, 0, 0, 1, 1, 1], dtype=np.float32).tobytes()
        quad.allocate(corners, len(corners))
        program.enableAttributeArray(0)
        program.setAttributeBuffer(0, GL_FLOAT, 0, 2, 0)
        vao.release()
        quad.release()
        program.release()
        error = f.glGetError()
        if error != GL_NO_ERROR:
            raise RuntimeError(f"GL error 0x{error:04x} while setting up")

    def _paint_video(self, f: QOpenGLFunctions, gl: _GLResources) -> None:
        dpr = self.devicePixelRatioF()
        fb_w, fb_h = round(self.width() * dpr), round(self.height() * dpr)
        f.glViewport(0, 0, fb_w, fb_h)
        f.glDisable(GL_BLEND)
        f.glDisable(GL_DEPTH_TEST)
        self._clear(f, self._style.background)
        f.glEnable(GL_SCISSOR_TEST)
        for tile in self._tiles:
            frame = tile.frame
            if frame is not None and video_rect(tile.rect, frame.width, frame.height) == tile.rect:
                continue  # the video covers it all: spare llvmpipe a fill
            x, y, w, h = _device_rect(tile.rect, dpr)
            f.glScissor(x, fb_h - y - h, max(0, w), max(0, h))
            self._clear(f, self._style.tile_background)
        f.glDisable(GL_SCISSOR_TEST)

        program, vao = gl.pipeline()
        program.bind()
        vao.bind()
        try:
            for tile in self._tiles:
                if tile.frame is not None:
                    self._draw_tile(f, gl, program, tile, tile.frame, dpr, fb_w, fb_h)
        finally:
            vao.release()
            program.release()
            for unit in (2, 1, 0):  # leave unit 0 active and nothing bound, for QPainter
                f.glActiveTexture(GL_TEXTURE0 + unit)
                f.glBindTexture(GL_TEXTURE_2D, 0)
        self._free_unused(gl)

    def _draw_tile(
        self,
        f: QOpenGLFunctions,
        gl: _GLResources,
        program: QOpenGLShaderProgram,
        tile: TileDraw,
        frame: Planes,
        dpr: float,
        fb_w: int,
        fb_h: int,
    ) -> None:
        """``tile`` showing ``frame`` (its frame), with ``program`` bound."""
        vx, vy, vw, vh = _device_rect(video_rect(tile.rect, frame.width, frame.height), dpr)
        if vw <= 0 or vh <= 0:
            return
        source = self._upload(f, gl, tile, frame)
        program.setUniformValue(
            gl.uniforms["rect"], 2 * vx / fb_w - 1, 1 - 2 * vy / fb_h, 2 * vw / fb_w, -2 * vh / fb_h
        )
        ch, cw = frame.u.shape
        program.setUniformValue(gl.uniforms["chroma_scale"], frame.width / (2 * cw), frame.height / (2 * ch))
        for unit, plane in enumerate(source.planes):
            f.glActiveTexture(GL_TEXTURE0 + unit)
            plane.bind()
        f.glDrawArrays(GL_TRIANGLE_STRIP, 0, 4)

    def _upload(self, f: QOpenGLFunctions, gl: _GLResources, tile: TileDraw, frame: Planes) -> _SourceTextures:
        source = gl.sources.get(tile.source_id)
        if source is None:
            source = _SourceTextures((_PlaneTexture(), _PlaneTexture(), _PlaneTexture()))
            gl.sources[tile.source_id] = source
        source.last_paint = self._paints
        if source.serial == tile.serial and source.planes[0].texture is not None:
            return source
        f.glActiveTexture(GL_TEXTURE0)
        results = [plane.upload(data) for plane, data in zip(source.planes, (frame.y, frame.u, frame.v))]
        if any(reallocated for reallocated, _ in results):
            self.texture_allocations += 1
        self.upload_copies += sum(copied for _, copied in results)
        self.texture_uploads += 1
        source.serial = tile.serial
        return source

    def _free_unused(self, gl: _GLResources) -> None:
        stale = [
            key for key, source in gl.sources.items() if self._paints - source.last_paint >= UNUSED_PAINTS_BEFORE_FREE
        ]
        for key in stale:
            gl.sources.pop(key).destroy()

    @staticmethod
    def _clear(f: QOpenGLFunctions, colour: str) -> None:
        r, g, b = (c / 255 for c in rgb(colour))
        f.glClearColor(r, g, b, 1.0)
        f.glClear(GL_COLOR_BUFFER_BIT)

    # -- failure and clean-up ---------------------------------------------------------

    def _release_before_quit(self) -> None:
        if self._gl is not None and shiboken6.isValid(self) and self.isValid():
            self.makeCurrent()
            try:
                self._gl.release()
            finally:
                self.doneCurrent()

    def _check_context(self) -> None:
        if self.gl_error is None and self.isVisible() and not self.size().isEmpty() and not self.isValid():
            self._fail("could not create an OpenGL context")

    def _fail(self, reason: str) -> None:
        if self.gl_error is not None:
            return
        log.warning("GL wall canvas: %s", reason)
        self.gl_error = reason
        self._renderer = f"OpenGL failed: {reason}"

        # Queued: a receiver may replace or delete this widget, never from inside paintGL.
        def say() -> None:
            self.failed.emit(reason)
            self.renderer_changed.emit(self._renderer)

        QTimer.singleShot(0, self, say)


_LIVE_CANVASES: weakref.WeakSet[GLWallCanvas] = weakref.WeakSet()


@atexit.register
def _release_at_exit() -> None:
    """Scripts that never run an event loop get no aboutToQuit; free textures here instead
    of letting Python's teardown delete them without a context (Qt warns per texture)."""
    if QCoreApplication.instance() is not None:
        for canvas in list(_LIVE_CANVASES):
            canvas._release_before_quit()  # noqa: SLF001 (the canvas's own release, called for it at quit)


def _device_rect(rect: tuple[int, int, int, int], dpr: float) -> tuple[int, int, int, int]:
    if dpr == 1.0:
        return rect
    x, y, w, h = rect
    x0, y0 = round(x * dpr), round(y * dpr)
    return x0, y0, round((x + w) * dpr) - x0, round((y + h) * dpr) - y0


def describe_context(ctx: QOpenGLContext) -> str:
    """'OpenGL 4.5 (llvmpipe (LLVM 15.0.6, 256 bits))' for the current context."""
    fmt = ctx.format()
    f = ctx.functions()
    renderer = f.glGetString(GL_RENDERER) or "unknown renderer"
    api = "OpenGL ES" if ctx.isOpenGLES() else "OpenGL"
    return f"{api} {fmt.majorVersion()}.{fmt.minorVersion()} ({renderer})"
