"""Where a console keeps its operator token between runs: never in plain settings.

The desktop's keyring (Secret Service, KWallet, macOS Keychain, through the ``keyring``
package) where one works; otherwise a file only the user can read (0600) in the user's config
folder. Tokens are kept per hub URL. A locked or broken keyring falls back to the file and says
so, rather than losing the token or stopping the console.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from console.paths import config_dir

log = logging.getLogger(__name__)
SERVICE = "opsconsole"


def default_token_file() -> Path:
    return config_dir() / "tokens.json"


class TokenStore:
    """``get(hub_url)`` / ``put(hub_url, token)`` / ``forget(hub_url)``; ``where`` says where."""

    def __init__(self, file: Path | None = None, use_keyring: bool = True) -> None:
        self.file = file or default_token_file()
        self._keyring = _usable_keyring() if use_keyring else None
        self.failure = ""  # the keyring's own words when it failed (locked, no D-Bus session)
        # Why the keyring was not used, when it should have been (the settings dialog shows it).
        self.problem = (
            ""
            if self._keyring is not None or not use_keyring
            else f"no desktop keyring (Secret Service, KWallet) is available; tokens are kept in {self.file} (0600)"
        )

    @property
    def where(self) -> str:
        return f"the desktop keyring ({type(self._keyring).__name__})" if self._keyring else f"{self.file} (0600)"

    def get(self, hub_url: str) -> str | None:
        if self._keyring is not None:
            try:
                token: str | None = self._keyring.get_password(SERVICE, hub_url)
                if token:
                    return token
            except Exception as exc:  # locked, no D-Bus session: the file may still have it
                self._note(exc)
        return self._read_file().get(hub_url)

    def put(self, hub_url: str, token: str) -> None:
        if self._keyring is not None:
            try:
                self._keyring.set_password(SERVICE, hub_url, token)
                return
            except Exception as exc:
                self._note(exc)
        tokens = self._read_file()
        tokens[hub_url] = token
        self._write_file(tokens)

    def forget(self, hub_url: str) -> None:
        if self._keyring is not None:
            try:
                self._keyring.delete_password(SERVICE, hub_url)
            except Exception:
                pass
        tokens = self._read_file()
        if tokens.pop(hub_url, None) is not None:
            self._write_file(tokens)

    @property
    def uses_keyring(self) -> bool:
        return self._keyring is not None

    def _note(self, exc: Exception) -> None:
        self.failure = str(exc) or type(exc).__name__
        self.problem = f"the desktop keyring failed ({exc}); using {self.file}"
        log.warning(self.problem)

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("%s is unreadable (%s); no saved tokens", self.file, exc)
            return {}
        return (
            {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}
            if isinstance(data, dict)
            else {}
        )

    def _write_file(self, tokens: dict[str, str]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # never readable by others
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(tokens, f)
        os.chmod(temporary, 0o600)
        temporary.replace(self.file)


def _usable_keyring() -> Any:  # a keyring backend (keyring is untyped)
    """The keyring backend, if there is a real one (not the 'fail' or 'null' placeholders)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend
