"""Where a hub is and how to reach it safely: its URL, and the TLS that protects it.

Rules: plain ``http://``/``ws://`` only to this machine (loopback); any other host
over ``https://``/``wss://`` with the hub's certificate verified, against the system's CAs or
a PEM file given with ``--ca`` (a private CA, or a self-signed hub's own certificate). A
token sent in clear over a network would be anybody's.
"""

from __future__ import annotations

import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from console.model.reasons import explained

LOOPBACK_NAMES = ("localhost", "localhost.localdomain")


class HubAddressError(ValueError):
    """A hub URL or CA file that cannot be used, with what to do instead."""


@dataclass(frozen=True)
class HubAddress:
    """A hub's base URL (``http(s)://host:port``) and the TLS context to reach it with."""

    url: str
    ssl: ssl.SSLContext | None = None
    ca: str | None = None  # the PEM file ``ssl`` trusts, if not the system's (to rebuild it elsewhere)

    @classmethod
    def parse(cls, text: str, ca: str | Path | None = None) -> HubAddress:
        """Check ``text`` (http, https, ws or wss) and build the TLS context; HubAddressError if unusable."""
        parts = urlsplit(text.strip())
        scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
        if scheme not in ("http", "https") or not parts.hostname:
            raise explained(
                HubAddressError(f"expected the hub's address like https://hub.example:8765, got {text!r}"),
                "bad_hub_address",
                example="https://hub.example:8765",
                text=repr(text),
            )
        if scheme == "http" and not is_loopback(parts.hostname):
            raise explained(
                HubAddressError(
                    f"{text}: plain http is allowed only to this machine; a hub on {parts.hostname} needs "
                    f"https:// (wss://), so that tokens and signaling are encrypted and the hub is verified"
                ),
                "plain_http_elsewhere",
                text=text,
                host=parts.hostname,
            )
        if ca is not None and scheme != "https":
            raise explained(HubAddressError("--ca is for a hub reached over https"), "ca_needs_https")
        base = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        return cls(base, client_tls(ca) if scheme == "https" else None, str(ca) if ca is not None else None)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def on_this_machine(self) -> bool:
        return is_loopback(self.host)

    def websocket(self, role: str) -> str:
        """The WebSocket URL of an endpoint (``site`` or ``console``)."""
        return ("wss" if self.url.startswith("https") else "ws") + self.url[self.url.index(":") :] + f"/ws/{role}"


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def client_tls(ca: str | Path | None = None) -> ssl.SSLContext:
    """A verifying client context: the system's CAs, or only ``ca`` (a PEM file) when given."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if ca is not None:
        try:
            context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca))
        except FileNotFoundError:
            raise HubAddressError(f"--ca {ca}: no such file") from None
        except (ssl.SSLError, OSError, ValueError) as exc:
            raise HubAddressError(f"--ca {ca}: not a PEM certificate file ({exc})") from None
    return context


def explain_tls_error(exc: BaseException, address: HubAddress) -> str | None:
    """A sentence for a certificate problem (which certificate, why), or None if it is not one."""
    cause: BaseException | None = exc
    for _ in range(8):  # down the chain of causes to the ssl module's own error
        if cause is None or (isinstance(cause, ssl.SSLCertVerificationError) and hasattr(cause, "verify_message")):
            break
        cause = getattr(cause, "certificate_error", None) or cause.__cause__ or cause.__context__
    if not isinstance(cause, ssl.SSLCertVerificationError):
        return None
    reason = getattr(cause, "verify_message", None) or str(cause)
    hint = (
        "the hub's certificate is not for this name"
        if "mismatch" in reason or "hostname" in reason
        else "the hub's certificate has expired"
        if "expired" in reason
        else "the hub's certificate is not signed by a CA this console trusts (give it with --ca PEM)"
    )
    return f"TLS: cannot verify {address.host}: {reason} — {hint}"
