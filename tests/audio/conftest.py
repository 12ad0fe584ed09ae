"""The audio tests share the media tests' fixtures: loopback ICE and a directory with tokens."""

from tests.media.conftest import _pin_ice_to_loopback, media_db  # noqa: F401
