"""The operator's token where the desktop keyring is locked or absent: the 0600 file
takes it, and the store says so (the settings dialog shows ``where`` and ``problem``)."""

import os
import stat

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked

from console.signaling.token_store import TokenStore

URL = "https://hub.example.vn:8765"


class LockedKeyring(KeyringBackend):
    """A real keyring backend whose collection is locked (as Secret Service is before login)."""

    priority = 5

    def get_password(self, service, username):
        raise KeyringLocked("the collection is locked")

    def set_password(self, service, username, password):
        raise KeyringLocked("the collection is locked")

    def delete_password(self, service, username):
        raise KeyringLocked("the collection is locked")


class MemoryKeyring(KeyringBackend):
    priority = 5

    def __init__(self):
        super().__init__()
        self.kept = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def backend():
    previous = keyring.get_keyring()

    def use(made):
        keyring.set_keyring(made)
        return made

    yield use
    keyring.set_keyring(previous)


def test_a_locked_keyring_falls_back_to_a_0600_file_and_says_so(tmp_path, backend, caplog):
    backend(LockedKeyring())
    store = TokenStore(tmp_path / "tokens.json")
    store.put(URL, "op_secret")
    assert "keyring failed" in store.problem and "locked" in store.problem and str(store.file) in store.problem
    assert "keyring failed" in caplog.text
    assert stat.S_IMODE(os.stat(store.file).st_mode) == 0o600
    assert TokenStore(tmp_path / "tokens.json").get(URL) == "op_secret"


def test_no_keyring_keeps_the_token_in_the_file_and_says_where(tmp_path, backend):
    backend(fail.Keyring())
    store = TokenStore(tmp_path / "tokens.json")
    assert "0600" in store.where and str(store.file) in store.where
    assert "no desktop keyring" in store.problem
    store.put(URL, "op_secret")
    assert store.get(URL) == "op_secret" and stat.S_IMODE(os.stat(store.file).st_mode) == 0o600
    store.forget(URL)
    assert store.get(URL) is None


def test_a_working_keyring_keeps_the_token_out_of_files(tmp_path, backend):
    memory = backend(MemoryKeyring())
    store = TokenStore(tmp_path / "tokens.json")
    store.put(URL, "op_secret")
    assert memory.kept == {("opsconsole", URL): "op_secret"} and not store.file.exists()
    assert store.get(URL) == "op_secret" and not store.problem and "keyring" in store.where


def test_a_garbage_token_file_is_no_tokens_not_a_crash(tmp_path, backend):
    backend(fail.Keyring())
    (tmp_path / "tokens.json").write_bytes(b"\xff\x00 not json")
    assert TokenStore(tmp_path / "tokens.json").get(URL) is None
