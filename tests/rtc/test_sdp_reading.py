"""What the media code reads from session descriptions, read by aiortc's own SDP parser."""

from aiortc import RTCPeerConnection

from console.rtc.sdp import negotiated_codecs, payload_kinds, ssrcs_by_mid
from tests.aio import run_async

# As an SFU (Janus) offers a subscription: two feeds' video, one audio, retransmission groups.
SUBSCRIPTION_OFFER = "\r\n".join(
    [
        "v=0",
        "o=- 1 1 IN IP4 10.77.0.2",
        "s=VideoRoom 1",
        "t=0 0",
        "a=group:BUNDLE v0 v1 a0",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
        "c=IN IP4 10.77.0.2",
        "a=sendonly",
        "a=mid:v0",
        "a=rtpmap:96 VP8/90000",
        "a=rtpmap:97 rtx/90000",
        "a=fmtp:97 apt=96",
        "a=ssrc-group:FID 1111 1112",
        "a=ssrc:1111 cname:janus",
        "a=ssrc:1112 cname:janus",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
        "c=IN IP4 10.77.0.2",
        "a=sendonly",
        "a=mid:v1",
        "a=rtpmap:96 VP8/90000",
        "a=rtpmap:97 rtx/90000",
        "a=fmtp:97 apt=96",
        "a=ssrc:2221 cname:janus",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111",
        "c=IN IP4 10.77.0.2",
        "a=sendonly",
        "a=mid:a0",
        "a=rtpmap:111 opus/48000/2",
        "a=ssrc:3331 cname:janus",
        "",
    ]
)


def test_ssrcs_are_read_per_media_section_mid():
    assert ssrcs_by_mid(SUBSCRIPTION_OFFER) == {"v0": {1111, 1112}, "v1": {2221}, "a0": {3331}}


def test_payload_types_are_read_with_their_kind():
    assert payload_kinds(SUBSCRIPTION_OFFER) == {96: "video", 97: "video", 111: "audio"}


def test_a_real_answer_names_the_codecs_both_ends_took(loopback_only):
    async def scenario():
        offerer, answerer = RTCPeerConnection(), RTCPeerConnection()
        try:
            offerer.addTransceiver("video")
            offerer.addTransceiver("audio")
            await offerer.setLocalDescription(await offerer.createOffer())
            await answerer.setRemoteDescription(offerer.localDescription)
            await answerer.setLocalDescription(await answerer.createAnswer())
            return answerer.localDescription.sdp
        finally:
            await offerer.close()
            await answerer.close()

    answer = run_async(scenario())
    assert negotiated_codecs(answer) == {"video": "VP8", "audio": "opus"}
    assert negotiated_codecs(SUBSCRIPTION_OFFER) == {"video": "VP8", "audio": "opus"}  # rtx never counts
