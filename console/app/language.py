"""Which language the console speaks: ``--lang``, else the settings file's ``language``, else Vietnamese.

Vietnamese is the operations room's language, so it is the default. The system locale is not
asked: the room's machines are commonly installed with an English or ``C`` locale that says
nothing about the people in front of them, and an operator who wants English says so once
(``--lang en`` or ``"language": "en"`` in the settings file).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from console.paths import settings_path

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
log = logging.getLogger(__name__)


def saved_language(path: Path | None = None) -> str | None:
    """The settings file's ``"language"`` (``"vi"`` or ``"en"``); None when the file is missing,
    unreadable, not a JSON object, or holds no known language (said in the log, never raised)."""
    path = path or settings_path()
    try:
        settings = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("the settings file %s cannot be read (%s); its language is not used", path, exc)
        return None
    language = settings.get("language") if isinstance(settings, dict) else None
    if language is None:
        return None
    if language not in LANGUAGES:
        log.warning("the settings file %s names an unknown language %r (known: %s)", path, language,
                    ", ".join(LANGUAGES))
        return None
    return language


def choose_language(flag: str | None = None, settings: Path | None = None) -> str:
    """``flag`` (``--lang``) if given, else the settings file's language, else ``DEFAULT_LANGUAGE``."""
    return flag or saved_language(settings) or DEFAULT_LANGUAGE
