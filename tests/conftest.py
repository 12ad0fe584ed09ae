"""Shared fixtures: real SQLite files in a temporary folder, the real national datasets."""

import shutil
from pathlib import Path

import pytest

from console.directory import SiteDirectory, credentials

REPO = Path(__file__).resolve().parent.parent
THREE_TIER = REPO / "resources" / "divisions" / "vn-divisions-2025-01-three-tier.json"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """No capture of Qt's messages by pytest-qt. It installs a Python message handler for each
    test and takes it away after; Qt Multimedia's FFmpeg threads (a player or chime of a test
    just ended) log from their own threads at any moment, and one that logged as the handler
    went away called a NULL Python callable: a worker's segfault now and then (a core dump
    showed it). Qt's own handler prints them instead."""
    if hasattr(config.option, "qt_log"):  # pytest-qt is loaded (the Qt part of the suite)
        config.option.qt_log = False


@pytest.fixture(autouse=True)
def _own_settings_and_data_folders(tmp_path_factory, monkeypatch):
    """Each test its own XDG config and data folders (settings, the saved token's 0600 file or
    the keyring's, the default database), so no test reads what another wrote, in this process
    or in a parallel worker. The cache folder stays shared: it holds only the simulated sites'
    encoded clips, built once and written atomically, which every sim child would otherwise
    encode again."""
    base = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        folder = base / name.removeprefix("XDG_").removesuffix("_HOME").lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))


@pytest.fixture(scope="session")
def _national_template(tmp_path_factory) -> Path:
    """A directory file holding the 10,810-site three-tier structure, built once per run."""
    path = tmp_path_factory.mktemp("national") / "template.sqlite3"
    directory = SiteDirectory.open(path)
    directory.import_file(THREE_TIER)
    directory.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    directory.close()
    return path


@pytest.fixture
def national(_national_template, tmp_path) -> SiteDirectory:
    """A private copy of the three-tier directory, free to change."""
    path = tmp_path / "national.sqlite3"
    shutil.copy(_national_template, path)
    directory = SiteDirectory(path)
    yield directory
    directory.close()


@pytest.fixture(scope="session")
def postgresql():
    """A throwaway PostgreSQL cluster for the session (tests/postgres.py); skips with the reason
    where PostgreSQL or psycopg is absent."""
    from tests import postgres

    reason = postgres.missing_reason()
    if reason:
        pytest.skip(reason)
    cluster = postgres.Cluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "opsconsole.sqlite3"


@pytest.fixture
def loopback_only():
    """The network rule: every ICE candidate gathered or accepted is 127.0.0.1 (the project's
    policy). Network-touching test folders make it autouse in their conftest."""
    from console.rtc import IcePolicy, install_ice_policy  # not imported by the pure layers' tests

    previous = install_ice_policy(IcePolicy.loopback())
    yield IcePolicy.loopback()
    install_ice_policy(previous)


@pytest.fixture
def hub_store(postgresql, loopback_only) -> tuple[str, dict[str, str]]:
    """A PostgreSQL store for hubs to run on: the three-tier structure, a site token (commune:4)
    and an operator's (anh). Returns (url, tokens)."""
    url = postgresql.url(postgresql.create_database())
    directory = SiteDirectory(url)
    directory.import_file(THREE_TIER)
    tokens = {
        "site": credentials.issue_site_token(directory, "commune:4"),
        "operator": credentials.issue_operator_token(directory, "anh"),
    }
    directory.close()
    return url, tokens
