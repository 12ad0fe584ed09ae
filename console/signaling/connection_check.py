"""``check_connection``: can this console reach that hub with that token? What exactly is wrong?

The settings and first-run dialogs' "Test connection" (no Qt here: the dialog awaits it on the
GUI's qasync loop). It goes as a console would, one step at a time, and stops at the first
that fails, saying which and why in a structured ``ConnectionCheck``:

1. the address (``HubAddress.parse``: scheme, plain http only to this machine, the CA file);
2. ``GET /healthz`` over HTTP(S): the name (DNS), the TCP connection (refused), TLS (the
   certificate's problem from ``ssl.SSLCertVerificationError.verify_message``, and which
   certificate it was), whether an opsconsole hub answers, and its protocol version;
3. a console ``hello`` over the WebSocket with the token: ``welcome`` (the hub's id, the
   operator's name and role) or the refusal (``unauthorized``, and the close code 4003).

The whole check is bounded by ``timeout`` seconds; running out says at which step.
"""

from __future__ import annotations

import asyncio
import json
import socket
import ssl
from dataclasses import dataclass
from typing import Any

import aiohttp

from console.signaling import protocol
from console.signaling.channel import ChannelClosed, WebSocketChannel
from console.signaling.hub_address import HubAddress, HubAddressError

# Outcomes (``ConnectionCheck.outcome``).
OK = "ok"
BAD_ADDRESS = "bad_address"  # the URL or CA file cannot be used (detail: why)
NAME_NOT_FOUND = "dns"  # the host name does not resolve
REFUSED = "refused"  # nothing listens there (TCP connection refused)
UNREACHABLE = "unreachable"  # another network error (no route, reset)
TLS = "tls"  # the certificate was not accepted (tls_problem, detail, certificate)
NOT_A_HUB = "not_a_hub"  # something answered, but not an opsconsole hub
VERSION = "version"  # the hub speaks another protocol version (hub_version)
NO_TOKEN = "no_token"  # the hub is fine; no token was given to try
TOKEN_REFUSED = "token_refused"  # the hub refused the token (close code 4003, unauthorized)
BLOCKED = "blocked"  # too many refused hellos from this address: the hub waits
TIMEOUT = "timeout"  # no answer within the time (stage says where)

# Certificate problems (``ConnectionCheck.tls_problem``), from OpenSSL's verify codes.
SELF_SIGNED, HOSTNAME, EXPIRED, NOT_YET_VALID, UNTRUSTED, OTHER = (
    "self_signed",
    "hostname",
    "expired",
    "not_yet_valid",
    "untrusted",
    "other",
)
_VERIFY_CODES = {
    18: SELF_SIGNED,
    19: SELF_SIGNED,
    62: HOSTNAME,
    10: EXPIRED,
    9: NOT_YET_VALID,
    20: UNTRUSTED,
    21: UNTRUSTED,
    2: UNTRUSTED,
}
HELLO_AGENT = "opsconsole connection test"


@dataclass(frozen=True)
class ConnectionCheck:
    """What ``check_connection`` found. ``ok`` only for ``OK``; ``detail`` holds the system's own
    words (OpenSSL's verify message, the OS error, the hub's refusal), in English."""

    outcome: str
    url: str
    stage: str = ""  # "address", "http", "hello": where it stopped
    detail: str = ""
    tls_problem: str = ""
    certificate: str = ""  # the refused certificate: subject, issuer, validity
    close_code: int | None = None  # the hub's WebSocket close code on a refusal
    hub_version: int | None = None
    expected_version: int = protocol.VERSION
    hub_id: str = ""
    operator: str = ""
    role: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == OK


async def check_connection(
    url: str, token: str, ca: str | None = None, timeout: float = 10.0, expected_version: int = protocol.VERSION
) -> ConnectionCheck:
    """Try ``url`` with ``token`` (and ``ca``, a PEM to trust) as a console; never raises
    (except CancelledError)."""
    try:
        address = HubAddress.parse(url, ca or None)
    except HubAddressError as exc:
        return ConnectionCheck(BAD_ADDRESS, url, "address", str(exc))
    progress = {"stage": "http"}
    try:
        async with asyncio.timeout(timeout):
            found = await _health(address, expected_version)
            if found is not None:
                return found
            if not token:
                return ConnectionCheck(NO_TOKEN, address.url, "hello", hub_version=expected_version)
            progress["stage"] = "hello"
            return await _hello(address, token, expected_version)
    except TimeoutError:
        return ConnectionCheck(TIMEOUT, address.url, progress["stage"], f"{timeout:g} s")


async def _health(address: HubAddress, expected_version: int) -> ConnectionCheck | None:
    """None when an opsconsole hub of ``expected_version`` answers at ``address``."""
    url = address.url
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(
                f"{url}/healthz", ssl=address.ssl if address.ssl is not None else True, allow_redirects=False
            ) as response:
                body = await response.content.read(64 * 1024)
                status = response.status
    except aiohttp.ClientConnectorCertificateError as exc:
        return await _tls_refused(address, exc.certificate_error)
    except aiohttp.ClientConnectorDNSError as exc:
        return ConnectionCheck(NAME_NOT_FOUND, url, "http", f"{address.host}: {_os_words(exc.os_error)}")
    except aiohttp.ClientConnectorSSLError as exc:
        return ConnectionCheck(TLS, url, "http", str(exc.os_error), tls_problem=OTHER)
    except aiohttp.ClientConnectorError as exc:
        if isinstance(exc.os_error, socket.gaierror):
            return ConnectionCheck(NAME_NOT_FOUND, url, "http", f"{address.host}: {_os_words(exc.os_error)}")
        if isinstance(exc.os_error, ConnectionRefusedError):
            return ConnectionCheck(
                REFUSED, url, "http", f"{address.host} port {_port(address)}: {_os_words(exc.os_error)}"
            )
        return ConnectionCheck(UNREACHABLE, url, "http", _os_words(exc.os_error))
    except aiohttp.ClientSSLError as exc:
        return ConnectionCheck(TLS, url, "http", str(exc), tls_problem=OTHER)
    except (aiohttp.ClientError, ValueError) as exc:  # it answered, not in HTTP (or a plain TCP service)
        return ConnectionCheck(NOT_A_HUB, url, "http", f"{type(exc).__name__}: {exc}"[:300])
    except OSError as exc:
        return ConnectionCheck(UNREACHABLE, url, "http", _os_words(exc))
    if status != 200:
        return ConnectionCheck(NOT_A_HUB, url, "http", f"GET /healthz answered HTTP {status}")
    try:
        health = json.loads(body)
    except ValueError:
        health = None
    version = health.get("protocol") if isinstance(health, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        return ConnectionCheck(NOT_A_HUB, url, "http", "GET /healthz did not say a protocol version")
    if version != expected_version:
        return ConnectionCheck(VERSION, url, "http", hub_version=version, expected_version=expected_version)
    return None


async def _hello(address: HubAddress, token: str, expected_version: int) -> ConnectionCheck:
    url = address.url
    channel = WebSocketChannel(address, "console")
    try:
        await channel.connect()
    except ChannelClosed as exc:  # /healthz answered a moment ago: the WebSocket endpoint did not
        return ConnectionCheck(NOT_A_HUB, url, "hello", str(exc))
    try:
        await channel.send({"type": "hello", "role": "console", "token": token, "agent": HELLO_AGENT})
        reply = await channel.receive()
        if reply.get("type") == "welcome":
            try:
                await channel.send({"type": "bye"})
            except ChannelClosed:
                pass
            return ConnectionCheck(
                OK,
                url,
                "hello",
                hub_version=expected_version,
                hub_id=_text(reply.get("hub_id")),
                operator=_text(reply.get("operator")),
                role=_text(reply.get("role")),
            )
        code, message = _text(reply.get("code")) or "refused", _text(reply.get("message"))
        close_code = await _close_code(channel)
        outcome = (
            TOKEN_REFUSED
            if code == protocol.UNAUTHORIZED
            else BLOCKED
            if code == protocol.TOO_MANY_ATTEMPTS
            else NOT_A_HUB
        )
        return ConnectionCheck(
            outcome,
            url,
            "hello",
            f"{code}: {message}" if message else code,
            close_code=close_code,
            hub_version=expected_version,
        )
    except ChannelClosed as exc:
        return ConnectionCheck(NOT_A_HUB, url, "hello", str(exc), close_code=channel.close_code)
    finally:
        await channel.close()


async def _close_code(channel: WebSocketChannel) -> int | None:
    """The code the hub closes with after a refusal (it sends the error, then closes)."""
    try:
        async with asyncio.timeout(2):
            while True:
                await channel.receive()
    except (ChannelClosed, TimeoutError):
        pass
    return channel.close_code


async def _tls_refused(address: HubAddress, error: BaseException) -> ConnectionCheck:
    reason = getattr(error, "verify_message", None) or str(error)
    code = getattr(error, "verify_code", None)
    problem = (_VERIFY_CODES.get(code) if isinstance(code, int) else None) or (
        SELF_SIGNED
        if "self-signed" in reason or "self signed" in reason
        else HOSTNAME
        if "mismatch" in reason
        else EXPIRED
        if "expired" in reason
        else OTHER
    )
    return ConnectionCheck(
        TLS, address.url, "http", reason, tls_problem=problem, certificate=await _peer_certificate(address)
    )


async def _peer_certificate(address: HubAddress) -> str:
    """Who the refused certificate says it is, read over a second, unverified handshake that
    sends nothing (the user is told which certificate to check or to trust with --ca)."""
    unverified = ssl.create_default_context()
    unverified.check_hostname = False
    unverified.verify_mode = ssl.CERT_NONE
    try:
        async with asyncio.timeout(3):
            _, writer = await asyncio.open_connection(
                address.host, _port(address), ssl=unverified, server_hostname=address.host
            )
        try:
            der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
        finally:
            writer.close()
        return describe_certificate(der) if der else ""
    except (OSError, TimeoutError, ssl.SSLError, ValueError):
        return ""


def describe_certificate(der: bytes) -> str:
    """``subject CN=…; issuer CN=… (itself); valid 2026-01-01 to 2027-01-01; names: …``."""
    try:
        from cryptography import x509  # aiortc's dependency: always installed with the media core
    except ImportError:
        return ""
    try:
        cert = x509.load_der_x509_certificate(der)
        subject, issuer = cert.subject.rfc4514_string(), cert.issuer.rfc4514_string()
        start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
        try:
            names = [str(n.value) for n in cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value]
        except x509.ExtensionNotFound:
            names = []
    except ValueError:
        return ""
    text = f"subject {subject}; issuer " + ("itself (self-signed)" if issuer == subject else issuer)
    text += f"; valid {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"
    return text + (f"; names: {', '.join(names)[:200]}" if names else "")


def _port(address: HubAddress) -> int:
    from urllib.parse import urlsplit

    parts = urlsplit(address.url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def _os_words(error: Any) -> str:
    if isinstance(error, socket.gaierror):
        return error.strerror or str(error)
    return getattr(error, "strerror", None) or str(error)


def _text(value: Any) -> str:
    return value[:200] if isinstance(value, str) else ""
