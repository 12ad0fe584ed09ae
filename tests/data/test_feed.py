"""The data feed against the shipped sample server over 127.0.0.1, and against a real HTTP
server that misbehaves (redirects, never answers, sends 50 MB, sends garbage)."""

import asyncio
import os
import time

from aiohttp import web

from console.data import CURRENT, STALE, DataFeed, FileSource, HttpSource
from console.data.feed import MALFORMED, OLD, UNREACHABLE
from console.data.sample import Province, SampleData, SampleServer
from console.data.schema import json_bytes
from tests.aio import run_async

PROVINCES = [Province(1, "Thành phố Hà Nội"), Province(79, "Thành phố Hồ Chí Minh"), Province(48, "Thành phố Đà Nẵng")]


class Recorder:
    """Every update the feed reports, in order."""

    def __init__(self):
        self.updates = []

    def __call__(self, state, data_changed):
        self.updates.append((state, data_changed))


def said_at(sample, moment):
    """The sample's payload as of ``moment`` (it is a function of time alone)."""
    from console.data import parse_json

    return parse_json(json_bytes(sample.document(moment.timestamp() + 0.001)))


def test_values_follow_the_sample_server_and_a_stopped_server_shows_stale_with_the_reason():
    async def scenario():
        sample = SampleData(PROVINCES, step_s=0.2)  # a new point every 0.2 s: the test sees it move
        server = await SampleServer(sample).start()
        seen = Recorder()
        feed = DataFeed(HttpSource(server.url), seen, interval_s=0.1, timeout_s=2)
        first = await feed.poll()
        assert first.status == CURRENT and first.data.sample and first.reason == ""
        assert first.data.names["province:79"] == "Thành phố Hồ Chí Minh"
        # What the feed holds is exactly what the source said at the data's own time.
        assert first.data.series == said_at(sample, first.data.updated_at).series
        await asyncio.sleep(0.5)
        second = await feed.poll()
        assert second.data.updated_at > first.data.updated_at
        assert second.data.series == said_at(sample, second.data.updated_at).series
        assert second.data.national("new_cases").points != first.data.national("new_cases").points
        assert seen.updates[-1] == (second, True)

        await server.stop()  # the source stops answering
        stale = await feed.poll()
        assert stale.status == STALE and stale.problem == UNREACHABLE and "cannot connect" in stale.reason
        assert stale.data is second.data and stale.fetched_at == second.fetched_at  # the last good data kept
        assert seen.updates[-1] == (stale, False)
        count = len(seen.updates)
        await feed.poll()  # still down, nothing new to say
        assert len(seen.updates) == count
        await feed.source.close()

    run_async(scenario())


def test_the_feed_runs_by_itself_until_cancelled():
    async def scenario():
        server = await SampleServer(SampleData(PROVINCES, step_s=0.2)).start()
        seen = Recorder()
        feed = DataFeed(HttpSource(server.url.replace(".json", ".csv")), seen, interval_s=0.1)
        task = asyncio.ensure_future(feed.run())
        deadline = time.monotonic() + 10
        while len({s.data.updated_at for s, _ in seen.updates if s.data}) < 3:
            assert time.monotonic() < deadline, seen.updates
            await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert all(s.status == CURRENT and s.data.sample for s, _ in seen.updates)
        await server.stop()

    run_async(scenario())


async def bad_server():
    """A real HTTP server on 127.0.0.1 that does what bad sources do."""
    sample = SampleData(PROVINCES)
    hits = {"slow": 0}

    async def good(request):
        return web.Response(body=json_bytes(sample.document(time.time())), content_type="application/json")

    async def redirect(request):
        raise web.HTTPFound("/good")

    async def loop(request):
        raise web.HTTPFound("/loop")

    async def slow(request):
        hits["slow"] += 1
        await asyncio.sleep(30)
        return web.Response(text="late")

    async def huge_declared(request):
        response = web.StreamResponse(headers={"Content-Type": "application/json", "Content-Length": str(50_000_000)})
        await response.prepare(request)
        try:
            for _ in range(50):
                await response.write(b" " * 1_000_000)
        except ConnectionError:
            pass
        return response

    async def huge_chunked(request):
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(50):
                await response.write(b"[" * 1_000_000)
        except ConnectionError:
            pass
        return response

    async def malformed(request):
        document = sample.document(time.time())
        document["series"][4]["points"][2][1] = "n/a"
        return web.Response(body=json_bytes(document), content_type="application/json")

    async def failing(request):
        return web.Response(status=503, text="maintenance")

    app = web.Application()
    for path, handler in (
        ("/good", good),
        ("/redirect", redirect),
        ("/loop", loop),
        ("/slow", slow),
        ("/huge-declared", huge_declared),
        ("/huge-chunked", huge_chunked),
        ("/malformed", malformed),
        ("/failing", failing),
    ):
        app.router.add_get(path, handler)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}", hits


def test_a_redirect_is_followed_and_shown_a_redirect_loop_is_not():
    async def scenario():
        runner, base, _ = await bad_server()
        feed = DataFeed(HttpSource(f"{base}/redirect"))
        state = await feed.poll()
        assert state.status == CURRENT and state.via == f"{base}/good"
        looping = DataFeed(HttpSource(f"{base}/loop"))
        looped = await looping.poll()
        assert looped.status == STALE and looped.reason == "more than 3 redirects"
        await feed.source.close()
        await looping.source.close()
        await runner.cleanup()

    run_async(scenario())


def test_a_source_that_does_not_answer_in_time_is_stale_and_keeps_the_last_good_data():
    async def scenario():
        runner, base, hits = await bad_server()
        source = HttpSource(f"{base}/good")
        feed = DataFeed(source, timeout_s=0.5)
        good = await feed.poll()
        source.url = f"{base}/slow"  # the same source begins to hang
        started = time.monotonic()
        state = await feed.poll()
        assert state.status == STALE and state.reason == "no answer within 0.5 s" and hits["slow"] == 1
        assert time.monotonic() - started < 20  # it gave up; it did not wait for the 30 s answer (20: a loaded machine)
        assert state.data is good.data
        await source.close()
        await runner.cleanup()

    run_async(scenario())


def test_fifty_megabytes_are_refused_without_reading_them_all():
    async def scenario():
        runner, base, _ = await bad_server()
        for path, fragment in (
            ("/huge-declared", "the source sends 50.0 MB, more than the 5.2 MB allowed"),
            ("/huge-chunked", "the source sent more than 5.2 MB; stopped reading"),
        ):
            feed = DataFeed(HttpSource(base + path), timeout_s=10)
            state = await feed.poll()
            assert state.status == STALE and state.problem == UNREACHABLE, state
            assert fragment in state.reason, state.reason
            await feed.source.close()
        failing = DataFeed(HttpSource(base + "/failing"))
        state = await failing.poll()
        assert state.reason == "HTTP 503 Service Unavailable"
        await failing.source.close()
        await runner.cleanup()

    run_async(scenario(), timeout=60)


def test_a_malformed_payload_is_reported_with_its_place_and_the_last_good_data_kept():
    async def scenario():
        runner, base, _ = await bad_server()
        source = HttpSource(f"{base}/good")
        seen = Recorder()
        feed = DataFeed(source, seen)
        good = await feed.poll()
        source.url = f"{base}/malformed"
        state = await feed.poll()
        assert state.status == STALE and state.problem == MALFORMED
        assert state.reason == "malformed payload at $.series[4].points[2][1]: expected a number, got the string 'n/a'"
        assert state.data is good.data and seen.updates[-1] == (state, False)
        source.url = f"{base}/good"
        assert (await feed.poll()).status == CURRENT
        await source.close()
        await runner.cleanup()

    run_async(scenario())


def test_a_watched_file_is_read_when_it_changes_and_a_broken_or_missing_file_is_stale(tmp_path):
    path = tmp_path / "data.json"
    sample = SampleData(PROVINCES)

    async def scenario():
        seen = Recorder()
        feed = DataFeed(FileSource(path), seen)
        missing = await feed.poll()
        assert missing.status == STALE and "not there" in missing.reason and missing.data is None
        path.write_bytes(json_bytes(sample.document(1_790_000_000)))
        first = await feed.poll()
        assert first.status == CURRENT and first.data.sample
        count = len(seen.updates)
        assert (await feed.poll()).data is first.data and len(seen.updates) == count  # unchanged: not re-read
        path.write_bytes(b'{"updated_at": "2026-01-31T09:00:00+07:00", "indicators": [], "series": [7]}')
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
        broken = await feed.poll()
        assert broken.status == STALE and "$.series[0]: expected an object, got a number" in broken.reason
        assert (await feed.poll()).status == STALE  # still the same broken file: still stale
        path.write_bytes(json_bytes(sample.document(1_790_000_100)))
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 2_000_000_000))
        again = await feed.poll()
        assert again.status == CURRENT and again.data.updated_at > first.data.updated_at

    run_async(scenario())


def test_data_whose_own_time_is_old_shows_stale_though_the_source_answers(tmp_path):
    path = tmp_path / "data.json"
    path.write_bytes(json_bytes(SampleData(PROVINCES).document(time.time() - 3600)))

    async def scenario():
        state = await DataFeed(FileSource(path), max_age_s=600).poll()
        assert state.status == STALE and state.problem == OLD and "60 min old" in state.reason
        assert state.data is not None

    run_async(scenario())
