"""What aiohttp's request handler logs about bad requests: one line with the peer's address.

aiohttp answers a request it cannot parse (a request line or header over its limits, a
malformed request) with 400 on its own, and a client that leaves mid-answer costs nothing;
but it logs each at ERROR with a traceback, which anyone can multiply. The hub hands its
request handlers this log instead (``web.AppRunner(..., logger=HttpErrorLog())``): a bad
request or a lost client is one line, within a budget per address (quiet_log.py); a real
error of ours (any other exception) keeps its traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp.http_exceptions import HttpProcessingError

from console.hub.quiet_log import AddressLimiters

log = logging.getLogger("console.hub.http")
REASON_CHARS = 120


class HttpErrorLog:
    """The part of a ``logging.Logger`` that aiohttp's ``RequestHandler`` uses."""

    def __init__(self, logger: logging.Logger = log) -> None:
        self.logger = logger
        self._addresses = AddressLimiters()

    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
        if isinstance(kwargs.get("exc_info"), HttpProcessingError):  # not HTTP at all (aiohttp says so at debug)
            self.exception(msg, *args, **kwargs)
        else:
            self.logger.debug(msg, *args, **kwargs)

    def exception(self, msg: str, *args: Any, exc_info: Any = True, **kwargs: Any) -> None:
        error = exc_info if isinstance(exc_info, BaseException) else None
        if not isinstance(error, (HttpProcessingError, ConnectionError)):
            self.logger.error(msg, *args, exc_info=exc_info, **kwargs)  # a bug of ours: the traceback
            return
        peer = str(args[0]) if args and "%s" in msg else "a client"
        what = "bad HTTP request" if isinstance(error, HttpProcessingError) else "connection lost while answering"
        self._addresses[peer].log(self.logger, logging.INFO, peer, "%s from %s: %s", what, peer, _reason(error))


def _reason(error: BaseException) -> str:
    """The error in one line, bounded (it may quote what the client sent)."""
    if isinstance(error, HttpProcessingError):
        text = f"{error.code} {error.message}"
    else:
        text = f"{type(error).__name__}: {error}"
    line = " ".join(text.split())
    return line if len(line) <= REASON_CHARS else line[:REASON_CHARS] + "…"
