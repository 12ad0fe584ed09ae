"""Operations-room console: a live video wall of Viet Nam's communes."""

__version__ = "0.1.0"
