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


def _media(sdp: str) -> list:
    return SessionDescription.parse(sdp).media


def negotiated_codecs(answer: str) -> dict[str, str]:
    """``{"video": "VP8", "audio": "opus"}``: the first codec of each kind an answer accepted
    (an answer lists only what both ends take, the preferred first); retransmission (rtx) aside."""
    found: dict[str, str] = {}
    for media in _media(answer):
        codecs = [c.name for c in media.rtp.codecs if c.name.lower() != "rtx"]
        if codecs and media.kind not in found:
            found[media.kind] = codecs[0]
    return found


def ssrcs_by_mid(sdp: str) -> dict[str, set[int]]:
    """Every ``a=ssrc`` of an SDP, by the mid of its media section."""
    found: dict[str, set[int]] = {}
    for media in _media(sdp):
        if media.rtp.muxId and media.ssrc:
            found.setdefault(media.rtp.muxId, set()).update(s.ssrc for s in media.ssrc)
    return found


def payload_kinds(sdp: str) -> dict[int, str]:
    """Payload type -> "audio"/"video", from an SDP's m-lines."""
    return {
        pt: media.kind
        for media in _media(sdp)
        if media.kind in ("audio", "video")
        for pt in media.fmt
        if isinstance(pt, int)
    }
