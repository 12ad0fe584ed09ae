"""A wall that holds no site says so, and how to find one, instead of a black rectangle (the
room's screen says the desks send sites to it). Drawn by the compositor, on both canvases."""

import pytest

from console.compositor import GLWallCanvas, NumpyWallCanvas
from console.model import WallModel
from console.views.wall_view import EMPTY_WALL_HINT, WallView
from tests.compositor.conftest import gl_probe, image_to_array, require_gl  # noqa: F401 (fixtures)


@pytest.mark.parametrize("canvas_class", [NumpyWallCanvas, GLWallCanvas], ids=["numpy", "gl"])
def test_an_empty_wall_says_no_site_is_online_and_that_ctrl_k_finds_one(request, qtbot, canvas_class):
    if canvas_class is GLWallCanvas:
        request.getfixturevalue("require_gl")
    wall = WallView(WallModel(), canvas_class(), media=None, site_info=lambda key: None)
    qtbot.addWidget(wall)
    wall.resize(900, 500)
    wall.show()
    qtbot.waitExposed(wall)
    [tile] = wall.scene()
    assert tile.overlay.note == "No site online yet · Ctrl+K finds any commune" == EMPTY_WALL_HINT
    assert tile.rect == (0, 0, 900, 500)
    wall.canvas.set_tiles(wall.scene())
    qtbot.waitUntil(lambda: _text_in_the_middle(wall.canvas), timeout=5_000)


def test_a_consoles_wall_with_no_site_says_how_to_find_one(make_console):
    running = make_console(sites=0, simulate=False)
    assert [t.overlay.note for t in running.wall.scene()] == ["No site online yet · Ctrl+K finds any commune"]


def _text_in_the_middle(canvas) -> bool:
    image = canvas.grabFramebuffer() if isinstance(canvas, GLWallCanvas) else canvas.grab().toImage()
    picture = image_to_array(image)
    h = picture.shape[0]
    band = picture[h // 2 - 20 : h // 2 + 20].astype(int)
    return band.max() - band.min() > 100  # light letters on the dark wall
