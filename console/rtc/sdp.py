"""Reject session descriptions aiortc cannot use, with a message a person can act on."""

from __future__ import annotations

from aiortc.sdp import SessionDescription

MAX_SDP_BYTES = 32 * 1024


class SdpError(ValueError):
    """An SDP that no peer of ours could apply."""


def check_sdp(sdp: str) -> None:
    """Raise SdpError if ``sdp`` is not a usable WebRTC session description."""
    if len(sdp) > MAX_SDP_BYTES:
        raise SdpError(f"SDP of {len(sdp)} bytes is larger than {MAX_SDP_BYTES}")
    if not sdp.startswith("v=0"):
        raise SdpError("SDP must start with 'v=0'")
    try:
        parsed = SessionDescription.parse(sdp)
    except Exception as exc:  # aiortc's parser raises whatever the bad line provokes
        raise SdpError(f"SDP cannot be parsed: {type(exc).__name__}: {exc}") from None
    if not parsed.media:
        raise SdpError("SDP has no media sections")
    for media in parsed.media:
        if media.kind in ("audio", "video") and (media.ice is None or not media.ice.usernameFragment):
            raise SdpError(f"SDP {media.kind} section has no ICE credentials (a=ice-ufrag)")
        if media.kind in ("audio", "video") and media.dtls is None:
            raise SdpError(f"SDP {media.kind} section has no DTLS fingerprint")
