"""Fixtures for the site page in a real headless Chromium (tests/browser/chromium.py)."""

import pytest

from console.directory import credentials
from tests.browser.chromium import find_chromium

SITE = "commune:4"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:  # packaging/dev.sh installs Debian's chromium; only a bare run lacks it
        pytest.skip("no chromium found (the README's test command installs Debian's chromium)")
    return path


@pytest.fixture(autouse=True)
def _pin_ice_to_loopback(loopback_only):
    """Every test here keeps its media on 127.0.0.1 (tests/conftest.py)."""
    yield


@pytest.fixture
def page_db(national):
    """The national directory with a site token for commune 4 and an operator token."""
    tokens = {
        "site": credentials.issue_site_token(national, SITE),
        "operator": credentials.issue_operator_token(national, "anh"),
        "name": national.get(SITE).name,
    }
    path = national.path
    national.close()
    return path, tokens
