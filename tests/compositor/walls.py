"""Walls (lists of TileDraw) shared by the compositor tests and the look-at-it script."""

from __future__ import annotations

from console.compositor.scene import Planes, TileDraw, TileOverlay
from tests.compositor import frames

WALL_SIZE = (1280, 720)


def sample_wall(vp8: Planes) -> list[TileDraw]:
    """A focus tile and eleven others: every state, letterboxing, odd and strided planes."""
    focus = (0, 0, 852, 480)
    return [
        TileDraw(
            focus,
            "site-focus",
            frames.colour_bars(640, 360),
            1,
            TileOverlay("Phường Hoàn Kiếm", "Thành phố Hà Nội", "live", quality=4, focused=True, label="1"),
        ),
        TileDraw(
            (856, 0, 424, 238),
            "site-grad",
            frames.gradient(320, 180),
            1,
            TileOverlay("Xã Đồng Văn", "Tuyên Quang", "live", muted=True, quality=3, label="2"),
        ),
        # 4:3 odd-sized strided frame in a 16:9 tile: pillarboxed; stale: veiled.
        TileDraw(
            (856, 242, 424, 238),
            "site-odd",
            frames.gradient(321, 241, pad=27),
            1,
            TileOverlay("Phường Bến Thành", "Thành phố Hồ Chí Minh", "stale", quality=1, label="3"),
        ),
        TileDraw(
            (0, 484, 424, 236),
            "site-vp8",
            vp8,
            1,
            TileOverlay(
                "Xã Thượng Nông, một cái tên rất dài để thử việc cắt chữ", "Tuyên Quang", "live", quality=2, label="4"
            ),
        ),
        TileDraw((428, 484, 424, 236), "slot-5", None, 0, TileOverlay(label="5")),
        TileDraw(
            (856, 484, 210, 117),
            "site-conn",
            None,
            0,
            TileOverlay("Xã Mường Nhé", "Điện Biên", "connecting", label="6", note="Đang kết nối…"),
        ),
        TileDraw(
            (1070, 484, 210, 117),
            "site-off",
            None,
            0,
            TileOverlay("Xã Sín Thầu", "Điện Biên", "offline", muted=True, label="7"),
        ),
        TileDraw(
            (856, 603, 210, 117),
            "site-small",
            frames.checker(160, 90),
            1,
            TileOverlay("Đặc khu Phú Quốc", "An Giang", "live", quality=4, label="8"),
        ),
        TileDraw(
            (1070, 603, 210, 117),
            "site-recon",
            frames.colour_bars(320, 180, pad=64),
            1,
            TileOverlay("Phường Sài Gòn", "Thành phố Hồ Chí Minh", "reconnecting", quality=0, label="9"),
        ),
    ]


def grid_wall(
    planes: Planes, columns: int = 6, rows: int = 6, size=(1920, 1080), gap: int = 0, overlays: bool = True
) -> list[TileDraw]:
    """``columns`` × ``rows`` tiles, each its own source, all showing ``planes``."""
    w, h = size[0] // columns, size[1] // rows
    tiles = []
    for r in range(rows):
        for c in range(columns):
            n = r * columns + c + 1
            overlay = (
                TileOverlay(f"Xã Số {n}", "Tỉnh Thử", "live", quality=n % 5, label=str(n))
                if overlays
                else TileOverlay()
            )
            tiles.append(TileDraw((c * w, r * h, w - gap, h - gap), f"site-{n}", planes, 1, overlay))
    return tiles
