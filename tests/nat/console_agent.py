"""A console's media core in the operations room, receiving every site it is given (through the
Janus shards in the meeting mode, peer to peer otherwise), run inside the ops namespace:
``python -m tests.nat.console_agent HUB_URL CA TOKEN SECONDS KEY…``.
With $WATCH_S, once every site is live it prints that line, then a line every quarter second
for WATCH_S seconds: each site's frames received so far, its session's state and error.

It prints one JSON line: for each site, whether a picture came within SECONDS, the time to its
first frame, and the error its session ended with. Its ICE policy comes from
$OPSCONSOLE_ICE_NETWORKS, its relay transport from $OPSCONSOLE_TURN_TRANSPORT."""

import asyncio
import json
import os
import sys
import time

from console.media.service import LoopThread, MediaService
from console.rtc import IcePolicy
from console.signaling.hub_address import HubAddress


async def _watch(media: MediaService, keys: list[str], seconds: float) -> None:
    """Every quarter second: each site's frames so far and its session's state, a line each."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        sessions = media.manager.sessions if media.manager else {}
        line = {
            key: [
                getattr(getattr(sessions.get(key), "video", None), "received", 0),
                getattr(sessions.get(key), "state", None),
                getattr(sessions.get(key), "error", ""),
            ]
            for key in keys
        }
        print(json.dumps({"t": round(time.monotonic() - started, 2), "sites": line}), flush=True)
        await asyncio.sleep(0.25)


async def main(url: str, ca: str, token: str, seconds: float, keys: list[str], watch_s: float = 0.0) -> dict:
    media = MediaService(LoopThread("console-agent"), program=False, policy=IcePolicy.from_env())
    try:
        welcome = await asyncio.wrap_future(media.connect([HubAddress.parse(url, ca=ca)], token))
        started = time.monotonic()
        for key in keys:
            media.subscribe(key, 320, 180)
        results: dict[str, dict] = {}
        while time.monotonic() - started < seconds and len(results) < len(keys):
            for key in keys:
                snapshot = media.snapshot(key)
                if key not in results and snapshot is not None and snapshot.state == "live":
                    # Timed by the session itself, in the media core's thread: this loop may
                    # look only every so often while the handshakes hold the interpreter.
                    session = media.manager.sessions.get(key) if media.manager else None
                    took = session.first_frame_at - session.started_at if session and session.first_frame_at else None
                    results[key] = {"ok": True, "first_frame_ms": round(1000 * (took or time.monotonic() - started))}
            await asyncio.sleep(0.1)
        for key in keys:
            if key not in results:
                snapshot = media.snapshot(key)
                results[key] = {
                    "ok": False,
                    "state": snapshot.state if snapshot else None,
                    "error": snapshot.error if snapshot else "",
                }
        summary = {"mode": (welcome.get("media") or {}).get("mode", "embedded"), "sites": results}
        if watch_s and all(r["ok"] for r in results.values()):
            print(json.dumps(summary), flush=True)
            await _watch(media, keys, watch_s)
        return summary
    finally:
        await asyncio.wrap_future(media.close())
        media.thread.stop()


if __name__ == "__main__":
    from console.processes import end_with_parent

    end_with_parent()
    watch = float(os.environ.get("WATCH_S", "0"))
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5:], watch))))
