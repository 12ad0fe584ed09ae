import pytest

from tests.media.conftest import loopback_only, media_db  # noqa: F401  (the same fixtures)
