"""WebRTC pieces shared by every peer the project runs: ICE network policy, SDP checks."""

from console.rtc.ice_policy import IcePolicy, install_ice_policy, rtc_configuration
from console.rtc.sdp import SdpError, check_sdp

__all__ = ["IcePolicy", "SdpError", "check_sdp", "install_ice_policy", "rtc_configuration"]
