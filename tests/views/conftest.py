import pytest

from console.directory import DirectoryWorker


@pytest.fixture
def worker(national):
    """A directory worker over a private copy of the 10,810-site directory."""
    path = national.path
    national.close()
    worker = DirectoryWorker(path)
    yield worker
    worker.close()
