"""A session hands the wall its newest decoded frames (the newest and the one before it),
however many piled up behind a busy loop."""

import av
from aiortc.rtcrtpreceiver import RemoteStreamTrack

from console.media.session import SiteSession
from tests.aio import run_async


def test_frames_that_piled_up_are_skipped_to_the_last_two():
    async def main():
        async def signal(message):
            return {}

        session = SiteSession("commune:1", signal)
        track = RemoteStreamTrack(kind="video")
        for pts in (0, 6000, 12000, 18000):
            frame = av.VideoFrame(32, 18, "yuv420p")
            frame.pts = pts
            track._queue.put_nowait(frame)
        track._queue.put_nowait(None)  # the track ends
        await session._consume_video(track)
        state = session.state
        await session.close()
        return session, state

    session, state = run_async(main())
    taken = [session.video.take(), session.video.take(), session.video.take()]
    assert [f.pts for f in taken[:2]] == [12000, 18000] and taken[2] is None
    assert session.video.dropped == 2 and state == "live"
