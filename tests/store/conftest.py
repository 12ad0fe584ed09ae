"""The store's tests run on both backends: an SQLite file and a throwaway PostgreSQL."""

import shutil

import pytest

from console.directory import SiteDirectory
from tests.conftest import THREE_TIER

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def _national_postgresql(postgresql) -> str:
    """A PostgreSQL database holding the three-tier structure, built once, copied per test."""
    name = postgresql.create_database()
    directory = SiteDirectory(postgresql.url(name))
    directory.import_file(THREE_TIER)
    directory.close()
    return name


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path) -> str:
    """An empty store on each backend: ``sqlite:PATH`` or ``postgresql://…``."""
    if request.param == "sqlite":
        return f"sqlite:{tmp_path / 'store.sqlite3'}"
    cluster = request.getfixturevalue("postgresql")
    return cluster.url(cluster.create_database())


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path) -> SiteDirectory:
    """The three-tier national directory on each backend, free to change."""
    if request.param == "sqlite":
        path = tmp_path / "national.sqlite3"
        shutil.copy(request.getfixturevalue("_national_template"), path)
        directory = SiteDirectory(path)
    else:
        cluster = request.getfixturevalue("postgresql")
        template = request.getfixturevalue("_national_postgresql")
        directory = SiteDirectory(cluster.url(cluster.create_database(template=template)))
    yield directory
    directory.close()
