"""The program feed reaches every site, and a talk is mix-minus: no site hears itself back."""

from console.media.program_sources import PROGRAM_TONE_HZ
from console.media.tones import tone_db
from console.sim.site import SiteSettings
from tests.aio import run_async
from tests.audio.support import ABSENT_DB, PRESENT_DB, MixRecorder, audit_rows, heard, room_with_sites, wait_until


def test_the_program_tone_reaches_every_site_and_a_talk_is_mix_minus(media_db):
    path, tokens = media_db

    async def scenario():
        async with room_with_sites(path, tokens, 3, program=True) as (runner, fleet, manager, events):
            a, b, c = fleet.sites
            await wait_until(lambda: all(s.program is not None and s.program.frames > 60 for s in fleet.sites))
            for site in fleet.sites:
                assert tone_db(site.program.samples(), PROGRAM_TONE_HZ) > PRESENT_DB, site.key
                report = site.program.report()
                assert abs(report["peaks"][0][0] - PROGRAM_TONE_HZ) <= 2  # what the site reports in its stats
            assert manager.program.subscribers("audio") == 3
            assert manager.program.subscribers("video") == 0  # no site watches: nothing is encoded
            assert manager.program.video_frames == 0

            reply = await manager.moderation.talk(a.key)
            assert reply["ok"] and a.settings.talking and not a.settings.muted
            assert ("talk", {"site": a.key, "talking": True, "by": "anh"}) in events
            mix = MixRecorder(manager.room)
            room = await mix.until(lambda room: heard(room, a) > PRESENT_DB)
            assert heard(room, a) > PRESENT_DB  # the room hears the site

            def exchange_on_the_program(site):
                program = site.program.samples()
                return heard(program, a) > PRESENT_DB and tone_db(program, PROGRAM_TONE_HZ) > PRESENT_DB

            # The other sites hear the exchange on the program.
            await wait_until(lambda: all(exchange_on_the_program(other) for other in (b, c)), timeout=30)
            own = a.program.samples()
            assert heard(own, a) < ABSENT_DB, "the talking site hears itself back"
            assert tone_db(own, PROGRAM_TONE_HZ) > PRESENT_DB  # but hears the presenter

            await manager.moderation.end_talk()
            assert a.settings.muted and not a.settings.talking
            await wait_until(lambda: heard(b.program.samples(), a) < ABSENT_DB, timeout=30)
            room = await mix.until(lambda room: heard(room, a) < ABSENT_DB, window=1.0)
            assert heard(room, a) < ABSENT_DB
            mix.stop()
            actions = {(r["target"], r["action"]) for r in audit_rows(path) if r["actor"] == "anh"}
            assert {(a.key, "start_talk"), (a.key, "end_talk")} <= actions

    run_async(scenario(), timeout=120)


def test_a_site_watching_the_program_receives_the_test_card(media_db):
    path, tokens = media_db

    async def scenario():
        settings = SiteSettings(watch_program=True)
        async with room_with_sites(path, tokens, 2, program=True, settings=settings) as (runner, fleet, manager, _):
            await wait_until(
                lambda: all(s.sessions and list(s.sessions.values())[-1].program_frames > 15 for s in fleet.sites),
                timeout=30,
            )
            assert manager.program.subscribers("video") == 2
            # Encoded once for both sites, not once per site.
            frames = manager.program.video_frames
            sent = sum(t._subscriber.sent for s in manager.sessions.values() for t in s.program_tracks[:1])
            assert sent <= 2 * frames + 4

    run_async(scenario(), timeout=90)
