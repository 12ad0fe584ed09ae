"""The meeting's wall on the native path: each shown site's shard forwards its streams as SRTP
to the console, which demuxes and decodes them without a WebRTC stack (console/media/sfu_native.py,
console/hub/sfu_forwards.py). Real Janus shards in a namespace, real simulated sites."""

import asyncio
import base64

from tests.janus.support import meeting, run_scenario as run_async, sites, wait_until


async def until(check, what: str, timeout: float = 15.0) -> None:
    """Await ``check()`` (a Janus query) every quarter second until it is true."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        assert loop.time() < deadline, f"not {what} within {timeout:g} s"
        await asyncio.sleep(0.25)


def _forwarders(m) -> dict[str, dict[int, int]]:
    async def listing():
        return {s.name: await s.site_forwards() for s in m.sfu.alive()}

    return listing()


def test_the_wall_runs_on_forwards_at_the_right_sizes_across_page_changes(shards, meeting_db):
    path, tokens = meeting_db
    chosen = sites(path, 6)

    async def scenario():
        async with meeting(path, tokens, shards.urls, chosen, program=False) as m:
            sessions = await m.show_all(160, 90)
            await wait_until(lambda: all(s.state == "live" and s.frame_size == (160, 90) for s in sessions), timeout=25)
            # Every feed came by its shard's forward; no WebRTC subscription was made.
            assert {m.media.path_of(s.site) for s in sessions} == {"sfu-forward"}, m.media.fallback
            assert m.media.subscribers == {} and m.media.fallback == {}
            stats = await sessions[0].pc.getStats()
            assert stats["transport"].bytesReceived > 0
            # Each stream its own forwarder, each forward its own key, none given twice.
            forwards = [f for f in m.sfu.forwards.forwards.values() if f.stream_id is not None]
            assert len(forwards) == 2 * len(sessions)
            assert len({f.key for f in forwards}) == len(forwards)
            assert all(len(base64.b64decode(f.key)) == 30 for f in forwards)
            listed = await _forwarders(m)
            assert sum(len(ids) for ids in listed.values()) == len(forwards)

            # The focus tile asks its site for more; its forward carries what the site sends.
            first = sessions[0]
            await m.manager.show(first.site, 640, 360)
            await wait_until(lambda: first.frame_size == (640, 360), timeout=15)

            # A page change: half the tiles hidden (their pictures' forwards stop), then shown
            # again at another size (new forwards, new keys), live again.
            hidden = sessions[3:]
            old_keys = {f.key for f in forwards}
            for session in hidden:
                await m.manager.hide(session.site)
            hidden_sites = {s.site for s in hidden}
            await wait_until(
                lambda: (
                    not [f for f in m.sfu.forwards.forwards.values() if f.kind == "video" and f.site in hidden_sites]
                ),
                timeout=10,
            )
            frames = {s.site: s.video.received for s in hidden}
            await asyncio.sleep(1.0)
            moved = [s.site for s in hidden if s.video.received > frames[s.site] + 2]
            assert not moved, f"hidden tiles still received pictures: {moved}"
            for session in hidden:
                await m.manager.show(session.site, 320, 180)
            await wait_until(lambda: all(s.frame_size == (320, 180) for s in hidden), timeout=20)
            now = {f.key for f in m.sfu.forwards.forwards.values() if f.stream_id is not None}
            assert len(now) == 2 * len(sessions)
            assert not (now - old_keys) & old_keys
            assert len(now - old_keys) == len(hidden), "each shown-again picture came with a new key"

    run_async(scenario(), timeout=150)


def test_a_console_that_leaves_takes_its_forwards_and_orphans_are_reaped(shards, meeting_db):
    path, tokens = meeting_db
    chosen = sites(path, 2)

    async def scenario():
        async with meeting(path, tokens, shards.urls, chosen, program=False) as m:
            m.sfu.reap_interval_s = 0.5
            sessions = await m.show_all()
            await wait_until(lambda: all(s.state == "live" for s in sessions), timeout=25)
            assert sum(len(ids) for ids in (await _forwarders(m)).values()) == 4

            # An orphan: a forwarder no console holds (a hub that restarted forgot it).
            shard = m.sfu.shard(m.sfu.sites[sessions[0].site].shard)
            feed = next(iter(shard.feeds))
            orphan = await shard.forward_site(feed, "audio", "127.0.0.1", 40002, m.sfu.forwards.new_key())
            assert orphan in (await shard.site_forwards())

            async def reaped():
                return orphan not in await shard.site_forwards()

            await until(reaped, "the orphan forwarder reaped")
            # ... and the console's own were left alone.
            assert sum(len(ids) for ids in (await _forwarders(m)).values()) == 4

            # The console's connection is lost: the hub stops every forward it held.
            await m.hub.channel.close()

            async def none_left():
                return sum(len(ids) for ids in (await _forwarders(m)).values()) == 0

            await until(none_left, "every forward of the lost console stopped")
            assert m.sfu.forwards.forwards == {}

    run_async(scenario(), timeout=120)


def test_a_key_that_does_not_decrypt_falls_back_to_webrtc_and_keys_serve_one_forward(shards, meeting_db):
    path, tokens = meeting_db
    chosen = sites(path, 2)

    def wrong(key: str) -> str:  # the console holds another key than the shard encrypts with
        raw = bytearray(base64.b64decode(key))
        raw[0] ^= 0xFF
        return base64.b64encode(bytes(raw)).decode()

    async def scenario():
        async with meeting(path, tokens, shards.urls, chosen, program=False) as m:
            m.media.native.keys = wrong
            sessions = await m.show_all()
            # Nothing decrypts, so nothing is shown as live from the forward (twice, with new keys); the console
            # falls back to the shard's WebRTC subscription, and the tiles are live by it.
            await wait_until(lambda: set(m.media.fallback) == {s.site for s in sessions}, timeout=45)
            assert all("brought" in reason for reason in m.media.fallback.values()), m.media.fallback
            await wait_until(lambda: all(s.state == "live" for s in sessions), timeout=25)
            assert {m.media.path_of(s.site) for s in sessions} == {"sfu-webrtc"}
            # The failed forwards were stopped at the shards.
            await wait_until(lambda: not m.sfu.forwards.forwards, timeout=10)

            # A key serves one forward: a second start with the same prepare is refused.
            site = sessions[0].site
            prepared = await m.hub.request({"type": "forward", "op": "prepare", "site": site, "kind": "audio"})
            assert prepared["ok"] and prepared["key"]
            asked = {"type": "forward", "op": "start", "site": site, "kind": "audio", "host": "127.0.0.1"}
            first = await m.hub.request({**asked, "port": 40010})
            assert first["ok"], first
            again = await m.hub.request({**asked, "port": 40012})
            assert not again["ok"] and "prepare" in again["error"]
            # A new prepare while that forward runs is refused too: stop it first.
            twice = await m.hub.request({"type": "forward", "op": "prepare", "site": site, "kind": "audio"})
            assert not twice["ok"]
            await m.hub.request({"type": "forward", "op": "stop", "site": site, "kind": "audio"})
            fresh = await m.hub.request({"type": "forward", "op": "prepare", "site": site, "kind": "audio"})
            assert fresh["ok"] and fresh["key"] != prepared["key"]

    run_async(scenario(), timeout=120)
