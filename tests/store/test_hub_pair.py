"""Two hubs on one PostgreSQL: exactly one is active, the other standby, and the standby takes
over when the active one is lost (its process killed, its machine frozen, its link to PostgreSQL
cut). Real hub processes, a throwaway PostgreSQL, real clients; 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from console.directory import SiteDirectory
from console.directory.audit import find_audit
from console.model.reasons import reason_of
from console.processes import bound_to_us
from console.signaling import HubClient, HubError, WebSocketChannel
from tests.aio import run_async, wait_until
from tests.ports import free_port
from tests.tcp_proxy import TcpProxy


class HubProcess:
    """`opsconsole hub --store … --hub-id NAME` on a port of its own; its output kept to read."""

    def __init__(
        self,
        store: str,
        name: str,
        options: tuple[str, ...] = (),
        machine: tuple[list[str], str, ssl.SSLContext] | None = None,
    ) -> None:
        """``machine``: the hub runs on a machine of its own (a test namespace): the command
        prefix that runs inside it, the https address it serves at, the TLS context to trust it."""
        self.name, self.port, self.options = name, free_port(), options
        self.address = f"http://127.0.0.1:{self.port}"
        self._prefix: list[str] = []
        self._tls: ssl.SSLContext | None = None
        if machine is not None:
            self._prefix, self.address, self._tls = machine
            self.port = int(self.address.rsplit(":", 1)[1])
        self.output: list[str] = []
        self._process: asyncio.subprocess.Process | None = None
        self._store = store
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> HubProcess:
        self._process = await asyncio.create_subprocess_exec(
            *self._prefix,
            sys.executable,
            "-m",
            "console.cli",
            "hub",
            "-v",
            "--store",
            self._store,
            "--port",
            str(self.port),
            "--hub-id",
            self.name,
            *self.options,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            **bound_to_us(os.environ.copy()),  # ends with the test process, even one killed mid-way
        )
        self._reader = asyncio.get_running_loop().create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        while line := await self._process.stdout.readline():
            self.output.append(line.decode(errors="replace"))

    def health(self) -> dict | None:
        try:
            with urllib.request.urlopen(f"{self.address}/healthz", timeout=2, context=self._tls) as reply:
                return json.loads(reply.read())
        except urllib.error.HTTPError as error:  # a standby answers 503, with its health
            return json.loads(error.read())
        except OSError:
            return None

    async def role(self) -> str | None:
        health = await asyncio.to_thread(self.health)
        return None if health is None else health.get("role")

    async def wait_role(self, role: str, timeout: float = 60.0) -> float:
        """Wait until /healthz says ``role``; the seconds it took (reported, never asserted)."""
        started = time.monotonic()
        deadline = started + timeout
        while (now := await self.role()) != role:
            if time.monotonic() > deadline or (self._process is not None and self._process.returncode is not None):
                raise AssertionError(f"hub {self.name} is {now}, not {role}, after {timeout:g} s:\n{self.log()}")
            await asyncio.sleep(0.05)
        return time.monotonic() - started

    async def wait_health(self, predicate, what: str, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while not ((health := await asyncio.to_thread(self.health)) and predicate(health)):
            if time.monotonic() > deadline:
                raise AssertionError(f"hub {self.name}: {what} not within {timeout:g} s: {health}\n{self.log()}")
            await asyncio.sleep(0.05)
        return health

    def signal(self, sig: int) -> None:
        assert self._process is not None
        self._process.send_signal(sig)

    def log(self) -> str:
        return "".join(self.output[-60:])

    async def stop(self) -> None:
        if self._process is None or self._process.returncode is not None:
            return
        self._process.send_signal(signal.SIGCONT)
        self._process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self._process.wait(), 30)
        except TimeoutError:
            self._process.kill()
            await self._process.wait()
        if self._reader is not None:
            await self._reader


def console_moves():
    """A media service's event handler, and what it heard of its console moving between hubs:
    ``moved()`` lists every ``{"from", "to"}`` of a rejoin on another hub of the pair."""
    events: list[tuple[str, dict]] = []
    lock = threading.Lock()

    def on_event(kind, payload):
        with lock:
            events.append((kind, payload))

    def moved() -> list[dict]:
        with lock:
            return [p["moved"] for k, p in events if k == "hub_joined" and p.get("moved")]

    return on_event, moved


def _metrics(hub: HubProcess) -> str:
    with urllib.request.urlopen(f"{hub.address}/metrics", timeout=5) as reply:  # from this machine: no token
        return reply.read().decode()


async def _site(address: str, token: str) -> HubClient:
    site = HubClient(WebSocketChannel(address, "site"), "site", token)
    await site.join()
    return site


def _audit(url: str, **where) -> list[dict]:
    directory = SiteDirectory(url)
    try:
        return find_audit(directory, **where)
    finally:
        directory.close()


def test_of_two_hubs_one_is_active_and_the_standby_refuses_every_hello_naming_the_active_one(hub_store):
    url, tokens = hub_store

    async def scenario():
        a, b = await _pair(url)
        try:
            health = await asyncio.to_thread(b.health)
            assert health["active"] == {"hub": "hub-a", "address": a.address, "epoch": 1}, b.log()
            audit_rows = len(_audit(url))
            for role, token in (("site", tokens["site"]), ("console", tokens["operator"]), ("site", "bad-token")):
                client = HubClient(WebSocketChannel(b.address, role), role, token)
                with pytest.raises(HubError) as refused:
                    await client.join()
                assert refused.value.code == "standby", refused.value
                assert a.address in str(refused.value)
                assert reason_of(refused.value) == ("hub_standby", {"active": a.address})
                await client.close()
            assert len(_audit(url)) == audit_rows  # a standby wrote nothing
            assert 'opsconsole_hub_lease_held{hub="hub-b"} 0.0' in await asyncio.to_thread(_metrics, b)
            assert 'opsconsole_hub_lease_held{hub="hub-a"} 1.0' in await asyncio.to_thread(_metrics, a)
            console = HubClient(WebSocketChannel(a.address, "console"), "console", tokens["operator"])
            welcome = await console.join()
            assert welcome["hubs"] == [a.address, b.address]  # the active hub first
            await console.close()
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=180)


async def _pair(url: str, a_store: str | None = None, options: tuple[str, ...] = ()) -> tuple[HubProcess, HubProcess]:
    """hub-a active, hub-b standby naming it (hub-a may reach PostgreSQL through ``a_store``)."""
    a, b = HubProcess(a_store or url, "hub-a", options), HubProcess(url, "hub-b", options)
    await a.start()
    await a.wait_role("active")
    await b.start()
    await b.wait_health(lambda h: h.get("role") == "standby" and h.get("active"), "standby, naming hub-a")
    await a.wait_health(lambda h: h.get("hubs") == [a.address, b.address], "hub-a knows both addresses")
    return a, b


def _store(url: str, sql: str, params=()) -> list[tuple]:
    directory = SiteDirectory(url)
    try:
        return [tuple(row) for row in directory.db.execute(sql, list(params)).fetchall()]
    finally:
        directory.close()


def _takeovers(url: str) -> list[dict]:
    return [r["params"] for r in _audit(url, target="hub") if r["action"] == "hub_takeover"]


def test_when_the_active_hub_is_killed_the_standby_takes_over_and_says_so(hub_store, capsys):
    url, tokens = hub_store

    async def scenario():
        a, b = await _pair(url)
        try:
            site = await _site(a.address, tokens["site"])
            lost = asyncio.get_running_loop().time()
            a.signal(signal.SIGKILL)
            takeover_s = await b.wait_role("active")
            with capsys.disabled():
                print(f"\n[hub pair] SIGKILL of the active hub: the standby served after {takeover_s:.2f} s")
            await site.close()
            site = await _site(b.address, tokens["site"])  # a site reaches the new active hub
            await site.close()
            (takeover,) = _takeovers(url)
            assert takeover["hub"] == "hub-b" and takeover["from"] == "hub-a"
            assert takeover["epoch"] == 2 and takeover["previous_epoch"] == 1 and takeover["from_address"] == a.address
            assert 0 < takeover["away_s"] < asyncio.get_running_loop().time() - lost + 1
            # hub-b's own runs: a start, no lost run (the takeover is not a crash of hub-b)
            runs = [(r["action"], r["params"].get("hub")) for r in _audit(url, target="hub")]
            assert ("hub_lost", "hub-b") not in runs and ("hub_start", "hub-b") in runs
            alarms = _store(url, "SELECT rule, detail FROM alarms WHERE rule = 'hub_failover'")
            assert len(alarms) == 1 and "hub hub-a lost: hub hub-b took over" in alarms[0][1]
            # hub-a, started again, is a standby: hub-b keeps the lease
            await a.start()
            await a.wait_health(lambda h: (h.get("active") or {}).get("hub") == "hub-b", "hub-a names hub-b")
            assert await a.role() == "standby" and await b.role() == "active"
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


def test_a_takeover_does_not_wait_for_the_standbys_refusals_still_in_flight(hub_store):
    """A crowd reconnecting to the standby keeps refusals in flight (a connection open, its hello
    not yet read). The takeover used to wait for them to end, up to twice the shutdown's 2 s, and
    so served 4 s late every time (measured with 1,000 sites). It serves at once now; a refusal
    in flight still answers its hello, naming the hub that has just become active."""
    import aiohttp

    url, tokens = hub_store

    async def scenario():
        a, b = await _pair(url)
        try:
            async with aiohttp.ClientSession() as http:
                ws = await http.ws_connect(b.address.replace("http", "ws", 1) + "/ws/site")  # no hello yet
                a.signal(signal.SIGKILL)
                await b.wait_role("active")
                await ws.send_str(json.dumps({"type": "hello", "id": 1, "role": "site", "token": tokens["site"]}))
                said = await ws.receive(timeout=30)
                assert said.type == aiohttp.WSMsgType.TEXT, f"the takeover cut a refusal in flight: {said}"
                answer = json.loads(said.data)
                assert answer.get("code") == "standby" and b.address in answer.get("message", ""), answer
                await ws.close()
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=180)


def test_a_frozen_active_hub_steps_down_when_it_wakes_and_none_of_its_late_writes_land(hub_store, capsys):
    url, tokens = hub_store

    async def scenario():
        a, b = await _pair(url)
        try:
            on_a = await _site(a.address, tokens["site"])
            a.signal(signal.SIGSTOP)  # its machine stands still: it renews nothing, and knows nothing of it
            takeover_s = await b.wait_role("active")
            with capsys.disabled():
                print(f"\n[hub pair] SIGSTOP of the active hub: the standby served after {takeover_s:.2f} s")
            on_b = await _site(b.address, tokens["site"])
            await wait_until(
                lambda: _store(url, "SELECT status FROM sites WHERE key = 'commune:4'") == [("online",)],
                what="hub-b has commune:4 online",
            )
            a.signal(signal.SIGCONT)  # it wakes up believing it is active, with writes to make
            await a.wait_role("standby")
            await a.wait_health(lambda h: (h.get("active") or {}).get("hub") == "hub-b", "hub-a names hub-b")
            await wait_until(
                lambda: "no longer holds the active lease" in "".join(a.output),
                what="hub-a's shutdown writes refused by the fence",
            )
            # Its shutdown marks every site offline: had that landed, commune:4 would read offline.
            assert _store(url, "SELECT status FROM sites WHERE key = 'commune:4'") == [("online",)]
            assert "steps down" in "".join(a.output)
            await on_a.close()
            await on_b.close()
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


def test_an_active_hub_that_loses_postgresql_but_keeps_running_steps_down_and_closes_its_clients(hub_store, capsys):
    url, tokens = hub_store

    async def scenario():
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        proxy = await TcpProxy(parts.port).start()
        through_proxy = parts._replace(netloc=parts.netloc.replace(f":{parts.port}", f":{proxy.port}")).geturl()
        a, b = await _pair(url, a_store=through_proxy)
        try:
            site = await _site(a.address, tokens["site"])
            proxy.cut()  # hub-a runs on, but hears nothing more from PostgreSQL
            takeover_s = await b.wait_role("active")
            with capsys.disabled():
                print(f"\n[hub pair] link to PostgreSQL cut: the standby served after {takeover_s:.2f} s")
            await a.wait_role("standby")  # while its link is still cut: it stepped down by itself
            await wait_until(site.closed.is_set, what="hub-a closed the site's connection")
            assert "steps down" in "".join(a.output)
            refused = HubClient(WebSocketChannel(a.address, "site"), "site", tokens["site"])
            with pytest.raises(HubError) as error:
                await refused.join()
            assert error.value.code == "standby"
            await refused.close()
            await site.close()
        finally:
            await proxy.close()  # the link is back (closed): hub-a's store calls end
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


def test_a_simulated_site_given_one_hub_learns_the_other_and_follows_a_takeover(hub_store, capsys):
    from console.sim.site import SimulatedSite

    url, tokens = hub_store
    directory = SiteDirectory(url)
    code = directory.get("commune:4").code
    directory.close()

    async def scenario():
        a, b = await _pair(url)
        site = SimulatedSite(a.address, tokens["site"], "commune:4", code, local=False)
        running = asyncio.get_running_loop().create_task(site.run())
        try:
            await asyncio.wait_for(site.joined.wait(), 60)
            assert site.hubs.addresses == [a.address, b.address]  # hub-b learnt from the welcome
            lost = time.monotonic()
            a.signal(signal.SIGKILL)
            await b.wait_health(lambda h: h.get("sites_online") == 1, "commune:4 back, on hub-b")
            with capsys.disabled():
                print(
                    f"\n[hub pair] SIGKILL of the active hub: the site was back after {time.monotonic() - lost:.2f} s"
                )
            assert site.hub_url == b.address
        finally:
            await site.stop()
            await running
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


def test_a_console_follows_the_takeover_and_says_which_hub_it_left_for_which(hub_store, loopback_only, capsys):
    from console.media.service import LoopThread, MediaService

    url, tokens = hub_store
    on_event, moved = console_moves()

    async def scenario():
        a, b = await _pair(url)
        thread = LoopThread()
        service = MediaService(thread, on_event, policy=loopback_only, program=False)
        try:
            welcome = await asyncio.wrap_future(service.connect(a.address, tokens["operator"]))
            assert welcome["hubs"] == [a.address, b.address]
            lost = time.monotonic()
            a.signal(signal.SIGKILL)
            await wait_until(lambda: moved(), timeout=60, what="the console joined hub-b")
            with capsys.disabled():
                print(
                    f"\n[hub pair] SIGKILL of the active hub: the console was back after {time.monotonic() - lost:.2f} s"
                )
            assert moved() == [{"from": a.address, "to": b.address}]
            assert (await asyncio.to_thread(b.health))["consoles"] == 1
        finally:
            await asyncio.wrap_future(service.close())
            thread.stop()
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


def test_a_cleanly_stopped_active_hub_audits_its_stop_before_the_standby_takes_over(hub_store):
    url, tokens = hub_store

    async def scenario():
        a, b = await _pair(url)
        try:
            await a.stop()  # SIGTERM: its stop is audited and its lease given up, not left to expire
            await b.wait_role("active")
            actions = [
                (r["action"], r["params"].get("hub"), r["params"].get("from")) for r in _audit(url, target="hub")
            ]
            stop, takeover = (
                actions.index(("hub_stop", "hub-a", None)),
                actions.index(("hub_takeover", "hub-b", "hub-a")),
            )
            assert stop < takeover
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


@contextlib.asynccontextmanager
async def _pair_with_commune_4(url: str, site_token: str):
    """hub-a active, hub-b standby, and commune:4 simulated on hub-a, joined: yields (a, b,
    the site's directory row); takes them all down again."""
    from console.sim.site import SimulatedSite

    directory = SiteDirectory(url)
    row = directory.get("commune:4")
    directory.close()
    a, b = await _pair(url)
    site = SimulatedSite(a.address, site_token, "commune:4", row.code, local=False)
    running = asyncio.get_running_loop().create_task(site.run())
    try:
        await asyncio.wait_for(site.joined.wait(), 60)
        yield a, b, site, row
    finally:
        await site.stop()
        await running
        await b.stop()
        await a.stop()


def test_a_probe_given_the_standby_first_is_sent_to_the_active_hub_and_sees_the_site(hub_store):
    from console.cli.probe import probe

    url, tokens = hub_store

    async def scenario():
        async with _pair_with_commune_4(url, tokens["site"]) as (a, b, _site, _row):
            result = await probe([b.address, a.address], tokens["operator"], "commune:4", 1.0, 320, 180)
            assert result["ok"] and result["frames"] > 0, result

    run_async(scenario(), timeout=240)


def test_a_recording_given_the_standby_first_is_made_through_the_active_hub(hub_store, tmp_path):
    from console.cli.record import record

    url, tokens = hub_store
    out = tmp_path / "commune-4.webm"

    async def scenario():
        async with _pair_with_commune_4(url, tokens["site"]) as (a, b, _site, row):
            return await record([b.address, a.address], tokens["operator"], "commune:4", row.name, out, 1.0, 320, 180)

    result = run_async(scenario(), timeout=240)
    assert result["ok"], result
    assert out.stat().st_size > 0


def test_a_recording_under_way_goes_on_through_a_takeover_and_ends_through_the_new_hub(hub_store, tmp_path):
    """The recorder's peer-to-peer media needs no hub: killing the active hub mid-recording
    loses nothing of the file, the recorder and the site claim their session on the hub that
    takes over, and the site's banner hears the end from it (audited there)."""
    from console.cli.record import record

    url, tokens = hub_store
    out = tmp_path / "commune-4.webm"
    seconds = 20.0

    async def scenario():
        async with _pair_with_commune_4(url, tokens["site"]) as (a, b, site, row):
            recording = asyncio.ensure_future(
                record([a.address], tokens["operator"], "commune:4", row.name, out, seconds, 320, 180)
            )
            await wait_until(lambda: site.settings.recording, timeout=60)  # the banner says so
            a.signal(signal.SIGKILL)
            await b.wait_role("active")
            result = await asyncio.wait_for(recording, 120)
            await wait_until(lambda: not site.settings.recording, timeout=30)  # told by hub-b
            return result, [a.address, b.address]

    result, addresses = run_async(scenario(), timeout=300)
    assert result["ok"] and not result["error"], result
    assert result["hubs"] == addresses, "it moved from hub-a to hub-b"
    assert result["seconds"] > seconds - 2, "the recording ran its full length through the takeover"
    assert out.stat().st_size > 0
    told = [
        (r["actor"], r["params"]["recording"], r["result"])
        for r in _audit(url, target="commune:4")
        if r["action"] == "set_recording"
    ]
    # Told once it is recorded (again, if the answer was lost with hub-a: the recorder tells what
    # it cannot know was heard), then once that it ended, through hub-b.
    assert set(told[:-1]) == {("anh", True, "ok")} and told[-1] == ("anh", False, "ok"), told


def test_a_mute_in_flight_when_the_active_hub_dies_is_said_unconfirmed_and_the_new_hub_shows_the_truth(hub_store):
    """The mute reached the site, which muted itself, and then the hub died before the site's
    answer came back: the console is told the mute is unconfirmed (never "done"), nothing did
    it a second time, and the new active hub shows the site muted as the site says."""
    url, tokens = hub_store

    async def scenario():
        a, b = await _pair(url)
        heard: list[str] = []
        mute_heard = asyncio.Event()
        try:
            site = HubClient(WebSocketChannel(a.address, "site"), "site", tokens["site"], state={"muted": False})

            async def obey(message):  # mutes itself at once; its answer is slow to go back
                heard.append(message["action"])
                mute_heard.set()
                await asyncio.Event().wait()

            site.on("control", obey)
            await site.join()
            console = HubClient(WebSocketChannel(a.address, "console"), "console", tokens["operator"])
            await console.join()
            sent = asyncio.ensure_future(
                console.request({"type": "control", "site": "commune:4", "action": "mute_audio"}, timeout=30)
            )
            await asyncio.wait_for(mute_heard.wait(), 30)
            a.signal(signal.SIGKILL)
            with pytest.raises(HubError) as unconfirmed:
                await sent
            assert unconfirmed.value.code == "disconnected"  # said, not silently lost nor "done"

            await b.wait_role("active")
            await site.close()
            await console.close()
            back = HubClient(WebSocketChannel(b.address, "site"), "site", tokens["site"], state={"muted": True})
            back.on("control", lambda message: heard.append(message["action"]))
            await back.join()
            console = HubClient(WebSocketChannel(b.address, "console"), "console", tokens["operator"])
            await console.join()
            roll = await console.request({"type": "roll_call", "keys": ["commune:4"]})
            assert roll["sites"][0]["online"] and roll["sites"][0]["state"].get("muted") is True
            assert heard == ["mute_audio"]  # done once: the new hub replays nothing
            ok_mutes = [
                r for r in _audit(url, target="commune:4") if r["action"] == "mute_audio" and r["result"] == "ok"
            ]
            assert ok_mutes == []  # the old hub never learnt the outcome: it wrote no "ok"
            await back.close()
            await console.close()
        finally:
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)


async def _obedient_site(address: str, token: str) -> HubClient:
    """A site that does what it is told and says so."""
    site = HubClient(WebSocketChannel(address, "site"), "site", token, state={"muted": False})

    async def obey(message):
        muted = {"mute_audio": True, "unmute_audio": False}.get(message["action"])
        state = {} if muted is None else {"muted": muted}
        await site.send({"type": "control_result", "request": message["request"], "ok": True, "state": state})

    site.on("control", obey)
    await site.join()
    return site


def test_postgresql_restarting_under_both_hubs_loses_no_audit_row_and_presence_answers_from_memory(
    hub_store, postgresql
):
    """A lease longer than the restart (--lease-ttl): the active hub stays active, answers from
    memory while PostgreSQL is down, and a mute made meanwhile is done and its audit row lands
    once when PostgreSQL is back."""
    url, tokens = hub_store

    def audited(action):
        return [r for r in _audit(url, target="commune:4") if r["action"] == action and r["result"] == "ok"]

    async def scenario():
        a, b = await _pair(url, options=("--lease-ttl", "30"))
        try:
            site = await _obedient_site(a.address, tokens["site"])
            console = HubClient(WebSocketChannel(a.address, "console"), "console", tokens["operator"])
            await console.join()
            await asyncio.to_thread(postgresql.stop_server)

            roll = await console.request({"type": "roll_call", "keys": ["commune:4"]})
            assert roll["sites"][0]["online"]  # presence, from memory
            muted = await console.request({"type": "control", "site": "commune:4", "action": "mute_audio"})
            assert muted["ok"] and muted["state"]["muted"] is True
            assert await a.role() == "active"

            postgresql.start_server()  # from the main thread: tests/postgres.py says why
            await wait_until(lambda: len(audited("mute_audio")) == 1, what="the mute's audit row, once back")
            # A later change lands after it, and the mute's row is still there once, not twice.
            await console.request({"type": "control", "site": "commune:4", "action": "unmute_audio"})
            await wait_until(lambda: len(audited("unmute_audio")) == 1, what="the unmute's audit row")
            assert len(audited("mute_audio")) == 1
            assert "audit rows lost" not in "".join(a.output)
            assert await a.role() == "active" and await b.role() == "standby"
            await site.close()
            await console.close()
        except BaseException:
            print("hub-a said:", "".join(a.output)[-6000:])  # what the failure needs to be read
            raise
        finally:
            if postgresql.server.poll() is not None:  # the session's other tests need it
                postgresql.start_server()
            await b.stop()
            await a.stop()

    run_async(scenario(), timeout=240)
