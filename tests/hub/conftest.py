import os

import pytest

from console.directory import SiteDirectory, credentials
from tests.store.conftest import _national_postgresql  # noqa: F401 (a fixture)


@pytest.fixture
def hub_db(request):
    """The national directory with a site token for commune 4 and an operator token; on
    PostgreSQL when OPSCONSOLE_TEST_STORE=postgresql (then ``path`` is the store's URL)."""
    national = _national_store(request)
    tokens = {
        "site": credentials.issue_site_token(national, "commune:4"),
        "site2": credentials.issue_site_token(national, "commune:7"),
        "operator": credentials.issue_operator_token(national, "anh"),
        "local": credentials.local_token(national),
    }
    path = national.path if national.target.kind == "sqlite" else national.target.location
    national.close()
    return path, tokens


def _national_store(request):
    if os.environ.get("OPSCONSOLE_TEST_STORE", "sqlite") != "postgresql":
        return request.getfixturevalue("national")
    cluster = request.getfixturevalue("postgresql")
    template = request.getfixturevalue("_national_postgresql")
    return SiteDirectory(cluster.url(cluster.create_database(template=template)))


@pytest.fixture(autouse=True)
def _pin_ice_to_loopback(loopback_only):
    """Every test here keeps its media on 127.0.0.1 (tests/conftest.py)."""
    yield
