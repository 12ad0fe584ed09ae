"""The wall compositor: the only package that touches OpenGL, with a numpy twin.

``scene`` and ``yuv`` need no Qt; the canvases and ``create_canvas`` are loaded on first
use, so ``from console.compositor import Planes`` works where PySide6 is absent.

Renderer choice (``create_canvas``): OpenGL when a probe context of at least OpenGL 3.3
(core or compatibility profile; desktop GL, not ES) can be created and made current and
the driver is a GPU's; numpy otherwise. ``OPSCONSOLE_RENDERER=numpy|gl`` overrides the
caller's choice.

Why not GL on a software rasterizer (Mesa llvmpipe): measured with
tests/perf/bench_compositor.py (36 tiles of 320×180 on 1920×1080, 2 cores), the GL canvas
on llvmpipe cost 2.4 times the CPU of the numpy canvas per paint (about 100 ms against
43 ms with every tile new). Asking for "gl" still gets GL there.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from console.compositor.scene import STATES, OverlayStyle, Planes, TileDraw, TileOverlay, video_rect
from console.compositor.yuv import yuv420_to_rgb
from console.translatable import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from console.compositor.gl_canvas import GLWallCanvas
    from console.compositor.numpy_canvas import NumpyWallCanvas

RENDERER_ENV = "OPSCONSOLE_RENDERER"
PREFERENCES = ("auto", "gl", "numpy")
# GL_RENDERER strings of drivers that rasterize on the CPU.
SOFTWARE_RENDERERS = (
    "llvmpipe",
    "softpipe",
    "swrast",
    "software rasterizer",
    "swiftshader",
    "gdi generic",
    "microsoft basic render",
)


def is_software_renderer(description: str) -> bool:
    """Whether a GL_RENDERER (or probe description) names a CPU rasterizer."""
    lowered = description.lower()
    return any(name in lowered for name in SOFTWARE_RENDERERS)


_LAZY = {
    "GLWallCanvas": "console.compositor.gl_canvas",
    "NumpyWallCanvas": "console.compositor.numpy_canvas",
    "paint_overlays": "console.compositor.overlays",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def probe_gl() -> tuple[bool, str]:
    """Can this process render the wall with OpenGL? (ok, "OpenGL 4.5 (…)" or why not).

    Needs a QGuiApplication. Creates a throw-away context on an offscreen surface with the
    default surface format, the one QOpenGLWidget will ask for.
    """
    from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

    from console.compositor.gl_canvas import MIN_GL_VERSION, describe_context

    if QGuiApplication.instance() is None:
        return False, "no QGuiApplication"
    context = QOpenGLContext()
    if not context.create():
        return False, f"no OpenGL context on the '{QGuiApplication.platformName()}' platform"
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return False, "an OpenGL context could not be made current"
        description = describe_context(context)
        fmt = context.format()
        version = (fmt.majorVersion(), fmt.minorVersion())
        context.doneCurrent()
        if context.isOpenGLES():
            return False, f"OpenGL ES only: {description}"
        if version < MIN_GL_VERSION:
            return False, f"{description} is older than {MIN_GL_VERSION[0]}.{MIN_GL_VERSION[1]}"
        return True, description
    finally:
        surface.destroy()


def create_canvas(
    prefer: str = "auto", parent: QWidget | None = None, style: OverlayStyle | None = None
) -> tuple[GLWallCanvas | NumpyWallCanvas, str]:
    """The wall canvas to use and a one-line reason for the choice.

    ``prefer`` is "auto", "gl" or "numpy"; ``$OPSCONSOLE_RENDERER`` (gl|numpy) overrides
    it. "auto" takes GL on a GPU and numpy on a software rasterizer (see the module doc).
    Asking for GL where it cannot work still gives a working numpy canvas, and says so.
    A GL canvas can also fail later (shader compile): connect its ``failed`` signal.
    """
    forced = os.environ.get(RENDERER_ENV, "").strip().lower()
    if forced and forced not in ("gl", "numpy"):
        raise ValueError(f"${RENDERER_ENV}={forced!r}: use 'gl' or 'numpy' (or leave it unset)")
    if prefer not in PREFERENCES:
        raise ValueError(f"prefer={prefer!r}: use one of {', '.join(PREFERENCES)}")
    from PySide6.QtCore import QCoreApplication  # the reason is shown in the console's language

    def say(text: str) -> str:
        return QCoreApplication.translate("Renderer", text)

    choice = forced or prefer
    why = f" (${RENDERER_ENV}={forced})" if forced else ""
    if choice == "numpy":
        reason = (
            say(
                QT_TRANSLATE_NOOP("Renderer", "numpy: forced")
                if forced
                else QT_TRANSLATE_NOOP("Renderer", "numpy: asked for")
            )
            + why
        )
    else:
        ok, description = probe_gl()
        if ok and (choice == "gl" or not is_software_renderer(description)):
            from console.compositor.gl_canvas import GLWallCanvas

            return GLWallCanvas(parent, style), description + why
        if ok:
            reason = say(
                QT_TRANSLATE_NOOP(
                    "Renderer",
                    "numpy: {description} rasterizes on the CPU, where the numpy "
                    "canvas costs less ({variable}=gl to use it anyway)",
                )
            ).format(description=description, variable=f"${RENDERER_ENV}")
        else:
            reason = (
                say(QT_TRANSLATE_NOOP("Renderer", "numpy: OpenGL unavailable: {description}")).format(
                    description=description
                )
                + why
            )
    from console.compositor.numpy_canvas import NumpyWallCanvas

    return NumpyWallCanvas(parent, style, threaded=True), reason


__all__ = [
    "RENDERER_ENV",
    "STATES",
    "GLWallCanvas",
    "NumpyWallCanvas",
    "OverlayStyle",
    "Planes",
    "TileDraw",
    "TileOverlay",
    "create_canvas",
    "is_software_renderer",
    "paint_overlays",
    "probe_gl",
    "video_rect",
    "yuv420_to_rgb",
]
