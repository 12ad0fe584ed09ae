"""Simulated commune sites: pre-encoded clips and tones, and tracks that send them as they are.

No Qt here: this is a service layer used by the demo, the benches and the media tests.
"""

from console.sim.clips import (
    LADDER,
    VARIANTS,
    VIDEO_FPS,
    EncodedClip,
    nearest_rung,
    site_tone_hz,
    site_variant,
    tone_clip,
    video_clip,
)
from console.sim.tracks import EncodedAudioTrack, EncodedVideoTrack, watch_keyframe_requests

__all__ = [
    "LADDER",
    "VARIANTS",
    "VIDEO_FPS",
    "EncodedAudioTrack",
    "EncodedClip",
    "EncodedVideoTrack",
    "nearest_rung",
    "site_tone_hz",
    "site_variant",
    "tone_clip",
    "video_clip",
    "watch_keyframe_requests",
]
