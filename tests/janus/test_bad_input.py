"""Bad input around the SFU: a Janus that is not running, one that refuses the hub, a site with
wrong room credentials, a publisher the hub never issued. Each gets a clear message; the meeting
goes on for everyone else."""

import asyncio

import pytest
from aiortc import RTCPeerConnection, RTCSessionDescription

from console.hub.sfu import SfuOrchestrator
from console.janus.client import JanusClient, JanusError
from console.rtc.ice_policy import current_policy, rtc_configuration
from console.sim.clips import tone_clip
from console.sim.tracks import EncodedAudioTrack
from tests.janus.conftest import SECRET
from tests.janus.support import meeting, run_scenario as run_async, sites, wait_until


def test_a_janus_that_is_not_running_is_reported_and_its_share_goes_to_the_others(shards, meeting_db):
    path, tokens = meeting_db
    chosen = sites(path, 4)
    shards.shards[1].kill()  # s2 is down before the hub even starts

    async def scenario():
        async with meeting(path, tokens, shards.urls, chosen, program=False) as m:
            status = m.sfu.status()["shards"]
            assert status["s1"]["up"] and not status["s2"]["up"]
            assert "cannot reach Janus" in status["s2"]["error"]
            await wait_until(
                lambda: all(
                    s.sfu.publication and s.sfu.publication.shard == "s1" and s.sfu.publication.state == "published"
                    for s in m.fleet.sites
                )
            )
            sessions = await m.show_all()
            await wait_until(lambda: all(s.state == "live" for s in sessions), timeout=20)
            assert {f.shard for f in m.sfu.forwards.forwards.values()} == {"s1"}
            # It comes back: the hub sets it up again and gives it to the consoles.
            shards.restart(1)
            await wait_until(lambda: m.sfu.status()["shards"]["s2"]["up"], timeout=15)
            await wait_until(lambda: "s2" in (m.media.block.get("shards") or {}), timeout=10)

    run_async(scenario(), timeout=90)


def test_a_janus_that_refuses_the_hub_says_why(shards):
    """A wrong --janus-secret, and a URL that is no Janus API: errors with a reason, no crash."""

    async def scenario():
        wrong = SfuOrchestrator(
            [shards.urls[0], shards.urls[1].replace("/janus", "/nothing")], "not-the-secret", ping_interval_s=0.5
        )
        await wrong.start()
        try:
            status = wrong.status()["shards"]
            assert not status["s1"]["up"] and "Unauthorized" in status["s1"]["error"]
            assert not status["s2"]["up"] and status["s2"]["error"]
            assert wrong.alive() == []
            # A site joining now is told so, and waits; nothing raises.
            block = await wrong.site_joined("commune:70", {"path": ["Hà Nội"]})
            assert block["mode"] == "sfu" and "no SFU shard" in block["error"]
        finally:
            await wrong.stop()

    run_async(scenario(), timeout=60)


def test_a_site_with_wrong_room_credentials_is_refused_clearly_and_the_others_carry_on(shards, meeting_db):
    path, tokens = meeting_db
    chosen = sites(path, 3)

    async def scenario():
        async with meeting(path, tokens, shards.urls, chosen, program=False) as m:
            await wait_until(
                lambda: all(s.sfu.publication and s.sfu.publication.state == "published" for s in m.fleet.sites),
                timeout=20,
            )
            victim, others = m.fleet.sites[0], m.fleet.sites[1:]
            good = dict(victim.sfu.publication.media)

            victim.sfu.follow({**good, "pin": "guessed-pin"})
            await wait_until(lambda: any("wrong pin" in e for e in victim.sfu.errors), timeout=10)
            victim.sfu.follow({**good, "token": "jt_forged"})
            await wait_until(lambda: any("Unauthorized request" in e for e in victim.sfu.errors), timeout=10)
            assert victim.sfu.publication is None or victim.sfu.publication.state != "published"

            sessions = [await m.manager.subscribe(s.key) for s in others]
            await wait_until(lambda: all(s.state == "live" for s in sessions), timeout=20)
            # Given its real credentials again, it publishes.
            victim.sfu.follow(good)
            await wait_until(
                lambda: victim.sfu.publication is not None and victim.sfu.publication.state == "published", timeout=15
            )

    run_async(scenario(), timeout=90)


def test_a_publisher_the_hub_did_not_issue_is_kicked(shards, meeting_db):
    """A stolen site token does not let anyone publish under another id: the hub kicks it."""
    path, tokens = meeting_db
    chosen = sites(path, 1)

    async def scenario():
        async with meeting(path, tokens, shards.urls, chosen, program=False) as m:
            await wait_until(
                lambda: (
                    m.fleet.sites[0].sfu.publication is not None
                    and m.fleet.sites[0].sfu.publication.state == "published"
                ),
                timeout=20,
            )
            media = m.fleet.sites[0].sfu.publication.media
            client = JanusClient(media["url"], token=media["token"])
            session = await client.create_session()
            handle = await session.attach("janus.plugin.videoroom")
            await handle.message(
                {
                    "request": "join",
                    "ptype": "publisher",
                    "room": media["room"],
                    "pin": media["pin"],
                    "id": 4242,
                    "display": "intruder",
                }
            )
            pc = RTCPeerConnection(rtc_configuration())
            pc.addTransceiver(EncodedAudioTrack(tone_clip(440.0)), direction="sendonly")
            await pc.setLocalDescription(await pc.createOffer())
            _, jsep = await handle.message({"request": "publish"}, {"type": "offer", "sdp": pc.localDescription.sdp})
            await pc.setRemoteDescription(RTCSessionDescription(current_policy().filter_sdp(jsep["sdp"]), "answer"))
            await handle.trickle_completed()
            shard = m.sfu.shard(media["shard"])
            try:
                await wait_until(lambda: 4242 not in shard.feeds, timeout=10)
                await asyncio.sleep(0.5)
                listing = await shard.site_room.request({"request": "listparticipants", "room": media["room"]})
                assert 4242 not in {p["id"] for p in listing["participants"]}
            finally:
                await pc.close()
                await session.destroy()
                await client.close()

    run_async(scenario(), timeout=90)


def test_janus_errors_carry_their_code_and_reason(shards):
    async def scenario():
        client = JanusClient(shards.urls[0], token="jt_nobody")
        try:
            await client.create_session()
        except JanusError as error:
            assert error.code == 403 and "Unauthorized" in str(error)
        else:
            raise AssertionError("Janus let an unknown token in")
        finally:
            await client.close()
        nowhere = JanusClient(f"http://{shards.network.inside(0)}:9/janus", timeout=2)
        try:
            await nowhere.info()
        except JanusError as error:
            assert error.unreachable and "cannot reach Janus" in str(error)
        finally:
            await nowhere.close()
        # The fixture's shards trust only the hub's secret: a wrong one is refused, the hub's is not.
        stranger = JanusClient(shards.urls[0], apisecret="not-" + SECRET)
        hub = JanusClient(shards.urls[0], apisecret=SECRET)
        try:
            with pytest.raises(JanusError) as refused:
                await stranger.create_session(poll=False)
            assert refused.value.code == 403
            session = await hub.create_session(poll=False)
            await session.destroy()
        finally:
            await stranger.close()
            await hub.close()

    run_async(scenario(), timeout=30)


def test_without_a_janus_secret_the_meeting_runs_on_room_pins(meeting_db):
    """Shards that do not trust the hub with a secret (no token_auth): the hub still makes the
    rooms, with its pin and room secret, and the meeting works; it just cannot issue tokens."""
    from console.janus.process import JanusShards
    from console.rtc import IcePolicy, install_ice_policy

    path, tokens = meeting_db
    chosen = sites(path, 2)
    janus = JanusShards(1, secret=None).start()
    previous = install_ice_policy(IcePolicy.parse(janus.ice_networks))

    async def scenario():
        # One orchestrator only: without a Janus secret the rooms' secret is the hub's own, and
        # a second hub without the first one's state file could not administer its rooms.
        async with meeting(path, tokens, janus.urls, chosen, program=False, secret=None) as m:
            assert m.sfu.alive() and m.sfu.shards[0].admin is None
            assert m.sfu.room_secret  # kept with the control sessions for a restart
            sessions = await m.show_all()
            await wait_until(lambda: all(s.state == "live" for s in sessions), timeout=20)

    try:
        run_async(scenario(), timeout=90)
    finally:
        install_ice_policy(previous)
        janus.close()
