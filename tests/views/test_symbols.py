"""Symbols in the chrome are drawn, not typed: the fonts the console ships with have no pause
sign and no padlock, which showed as empty boxes. Every character of these controls is one
their own font has, and the symbols are pictures of the right shape."""

from PySide6.QtGui import QFontMetrics, QImage

from console.model import WallModel
from console.views.recordings import RecordingPlayer
from console.views.room_wall_map import RoomWallMap
from console.views.symbols import lock_icon, pause_icon


def drawable(widget, text: str) -> bool:
    metrics = QFontMetrics(widget.font())
    return all(metrics.inFontUcs4(ord(ch)) for ch in text)


def inked(icon, x: float, y: float) -> bool:
    """Whether the icon's picture is drawn at (x, y), as fractions of its size."""
    image = icon.pixmap(64, 64).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return image.pixelColor(int(x * (image.width() - 1)), int(y * (image.height() - 1))).alpha() > 128


def test_the_players_pause_and_the_room_walls_lock_are_drawn_not_missing_glyphs(qtbot, tmp_path):
    player = RecordingPlayer(
        {
            "site_name": "Xã Thượng Lâm",
            "site": "commune:1",
            "started_at": "2026-12-07T01:00:00",
            "path": str(tmp_path / "none.webm"),
            "bookmarks": [],
        }
    )
    qtbot.addWidget(player)
    button = player.play_button
    assert drawable(button, button.text()) and not button.icon().isNull()

    room = RoomWallMap(WallModel(), lambda key: key)
    qtbot.addWidget(room)
    room.show_state("binh", "oanh", "vy")  # locked by another desk
    assert "oanh" in room.status.text() and drawable(room.status, room.status.text())
    assert drawable(room.lock, room.lock.text()) and not room.lock.icon().isNull()
    room.show_state("binh", None, "vy")
    assert room.lock.icon().isNull()


def test_the_pause_sign_is_two_bars_and_the_padlock_a_body_under_a_shackle(qtbot):
    pause = pause_icon("#ffffff")
    assert inked(pause, 0.3, 0.5) and inked(pause, 0.7, 0.5) and not inked(pause, 0.5, 0.5)
    assert not inked(pause, 0.3, 0.05)
    lock = lock_icon("#ffffff")
    assert inked(lock, 0.5, 0.7) and inked(lock, 0.34, 0.3) and not inked(lock, 0.5, 0.3)
