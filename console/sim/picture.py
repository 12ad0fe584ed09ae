"""The simulated sites' picture: a moving test card drawn with numpy, one look per variant."""

import colorsys

import numpy as np


class SyntheticPicture:
    """Draws a looping test card for one size and variant, straight in YUV 4:2:0.

    Variants differ by background hue, by how many badge squares sit top-left and by the
    disc's orbit; motion comes from a sweeping bar, the orbiting disc and a row of
    frame-counter blocks that fill up over the loop.
    """

    def __init__(self, width: int, height: int, variant: int, variants: int, frames: int):
        self.width, self.height = width, height
        self.variant, self.variants, self.frames = variant, variants, frames
        hue = variant / variants
        self.background = _yuv(*colorsys.hsv_to_rgb(hue, 0.65, 0.55))
        self.accent = _yuv(*colorsys.hsv_to_rgb((hue + 0.5) % 1.0, 0.8, 0.95))
        self.white = _yuv(1.0, 1.0, 1.0)
        self.dark = _yuv(0.08, 0.08, 0.08)
        self.unit = max(2, height // 18) & ~1  # one grid step, even so chroma lines up
        # A little fixed texture, so the encoder has detail to spend bits on, as with a camera.
        rng = np.random.default_rng(variant)
        self.texture = rng.integers(-6, 7, size=(height, width), dtype=np.int16)
        self.disc = _disc_mask(4 * self.unit)

    def i420(self, index: int) -> np.ndarray:
        """Frame ``index`` of the loop as an I420 array of shape (height * 3 // 2, width)."""
        w, h, u = self.width, self.height, self.unit
        planes = [np.full((h, w), self.background[0], np.uint8)]
        planes += [np.full((h // 2, w // 2), c, np.uint8) for c in self.background[1:]]
        for i in range(self.variant + 1):  # badge: variant number as squares
            self._box(planes, u + 2 * u * i, u, 2 * u + 2 * u * i, 2 * u, self.white)
        bar_x = (w - u) * index // self.frames
        self._box(planes, bar_x, 3 * u, bar_x + u, h - 3 * u, self.white)
        self._disc(planes, index)
        self._counter(planes, index)
        luma = planes[0].astype(np.int16) + self.texture
        planes[0] = np.clip(luma, 16, 235).astype(np.uint8)
        return np.concatenate([p.ravel() for p in planes]).reshape(h * 3 // 2, w)

    def _disc(self, planes: list[np.ndarray], index: int) -> None:
        # One orbit per loop, so the disc is seamless where the clip wraps; the orbit's
        # centre, starting angle and direction differ per variant.
        size = self.disc.shape[0]
        radius = self.height / 2 - 3 * self.unit - size / 2
        centre_x = self.width * (0.3 + 0.4 * (self.variant % 4) / 3)
        direction = 1 if self.variant < self.variants // 2 else -1
        angle = 2 * np.pi * (self.variant / self.variants + direction * index / self.frames)
        x = int(centre_x + radius * np.cos(angle) - size / 2) & ~1
        y = int(self.height / 2 + radius * np.sin(angle) - size / 2) & ~1
        self._paint(planes, x, y, self.disc, self.accent)

    def _counter(self, planes: list[np.ndarray], index: int) -> None:
        # Frame counter as blocks: cell i is lit once frame i has been shown.
        cell = max(2, (self.width - 2 * self.unit) // self.frames) & ~1
        top = self.height - 2 * self.unit
        for i in range(self.frames):
            colour = self.white if i <= index else self.dark
            x = self.unit + i * cell
            self._box(planes, x, top, x + cell - 2, top + self.unit, colour)

    @staticmethod
    def _box(planes, x0: int, y0: int, x1: int, y1: int, colour) -> None:
        x0, y0, x1, y1 = (v & ~1 for v in (x0, y0, x1, y1))
        planes[0][y0:y1, x0:x1] = colour[0]
        planes[1][y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = colour[1]
        planes[2][y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = colour[2]

    @staticmethod
    def _paint(planes, x: int, y: int, mask: np.ndarray, colour) -> None:
        size = mask.shape[0]
        planes[0][y : y + size, x : x + size][mask] = colour[0]
        small = mask[::2, ::2]
        half = size // 2
        planes[1][y // 2 : y // 2 + half, x // 2 : x // 2 + half][small] = colour[1]
        planes[2][y // 2 : y // 2 + half, x // 2 : x // 2 + half][small] = colour[2]


def _disc_mask(size: int) -> np.ndarray:
    size &= ~1
    grid = np.arange(size) - (size - 1) / 2
    return grid[None, :] ** 2 + grid[:, None] ** 2 <= (size / 2) ** 2


def _yuv(r: float, g: float, b: float) -> tuple[int, int, int]:
    # BT.601 limited range, which is what VP8 decoders assume.
    y = 16 + 65.481 * r + 128.553 * g + 24.966 * b
    cb = 128 - 37.797 * r - 74.203 * g + 112.0 * b
    cr = 128 + 112.0 * r - 93.786 * g - 18.214 * b
    return round(y), round(cb), round(cr)
