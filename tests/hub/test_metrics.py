"""The hub's metrics at /metrics (console/hub/metrics.py, metrics_api.py), scraped from a real hub
with real sites and consoles, and parsed with prometheus_client's own text parser."""

import json
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from console.directory import SiteDirectory, credentials
from console.directory.audit import recent_audit
from console.hub import HubRunner
from console.signaling import HubClient, HubError, WebSocketChannel
from tests.aio import run_async, wait_until

# Communes 4 and 7 are in Hà Nội; 26734 in Hồ Chí Minh City.
SITES = ("commune:4", "commune:7", "commune:26734")


@pytest.fixture
def metrics_db(national):
    tokens = {
        "admin": credentials.issue_operator_token(national, "an-admin", role="admin"),
        "operator": credentials.issue_operator_token(national, "anh"),
        "local": credentials.local_token(national),
    }
    provinces = {key: national.get(key).province_key for key in SITES}
    names = {p: (str(national.get(p).code), national.get(p).name) for p in set(provinces.values())}
    province_count = national.db.execute(
        "SELECT count(*) FROM sites WHERE level = 'province' AND active = 1"
    ).fetchone()[0]
    path = national.path
    national.close()
    return path, tokens, {key: names[p] for key, p in provinces.items()}, province_count


def client(runner, role, token, **kw):
    return HubClient(WebSocketChannel(runner.url, role), role, token, **kw)


async def scrape(runner, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as http, http.get(f"{runner.url}/metrics", headers=headers) as reply:
        assert reply.status == 200, await reply.text()
        assert reply.headers["Content-Type"].startswith("text/plain")
        return {family.name: family for family in text_string_to_metric_families(await reply.text())}


def samples(family, name=None, **labels):
    return [
        s
        for s in family.samples
        if (name is None or s.name == name) and all(s.labels.get(k) == v for k, v in labels.items())
    ]


def value(family, name=None, **labels):
    found = samples(family, name, **labels)
    assert len(found) == 1, (name, labels, found)
    return found[0].value


def test_sites_online_by_province_and_the_counts_of_hellos_and_refusals(metrics_db):
    path, tokens, province, province_count = metrics_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            sites = [client(runner, "site", tokens["local"], site=key) for key in SITES]
            for site in sites:
                await site.join()
            with pytest.raises(HubError):
                await client(runner, "site", "st_wrong").join()
            families = await scrape(runner)

            online = families["opsconsole_hub_sites_online"]
            assert len(online.samples) == province_count  # every province, and only the directory's
            hanoi, saigon = province["commune:4"], province["commune:26734"]
            assert value(online, province=hanoi[0], province_name=hanoi[1]) == 2
            assert value(online, province=saigon[0], province_name=saigon[1]) == 1
            assert sum(s.value for s in online.samples) == 3
            assert value(families["opsconsole_hub_sites_active"]) == 10810
            assert value(families["opsconsole_hub_hellos"], "opsconsole_hub_hellos_total", role="site") == 4
            assert value(families["opsconsole_hub_refusals"], "opsconsole_hub_refusals_total", of="hello") == 1
            assert value(families["opsconsole_hub_janus_shards_up"]) == 0  # embedded media: no shards
            assert value(families["opsconsole_hub_janus_shards"]) == 0
            assert value(families["opsconsole_hub_lease_held"], hub=runner.hub.directory["id"]) == 1
            assert {s.labels["state"] for s in families["opsconsole_hub_alarms_open"].samples} == {
                "new",
                "acknowledged",
            }

            await sites[0].close()
            await wait_until(lambda: "commune:4" not in runner.hub.sites, what="the site gone")
            families = await scrape(runner)
            assert value(families["opsconsole_hub_sites_online"], province=hanoi[0]) == 1
            for site in sites[1:]:
                await site.close()

    run_async(scenario())


def test_a_controls_round_trip_lands_in_its_histogram_and_a_refused_control_is_counted(metrics_db):
    path, tokens, _, _ = metrics_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            site = client(runner, "site", tokens["local"], site="commune:4")
            await site.join()

            async def obey(message):
                await site.send(
                    {"type": "control_result", "request": message["request"], "ok": True, "state": {"muted": True}}
                )

            site.on("control", obey)
            console = client(runner, "console", tokens["operator"])
            await console.join()
            reply = await console.request({"type": "control", "site": "commune:4", "action": "mute_audio"})
            assert reply["ok"]
            with pytest.raises(HubError):  # not online: refused, and counted
                await console.request({"type": "control", "site": "commune:7", "action": "mute_audio"})
            families = await scrape(runner)

            round_trip = families["opsconsole_hub_control_round_trip_seconds"]
            assert value(round_trip, "opsconsole_hub_control_round_trip_seconds_count", action="mute_audio") == 1
            assert (
                value(round_trip, "opsconsole_hub_control_round_trip_seconds_bucket", action="mute_audio", le="+Inf")
                == 1
            )
            assert value(families["opsconsole_hub_controls"], "opsconsole_hub_controls_total", action="mute_audio") == 1
            assert value(families["opsconsole_hub_refusals"], "opsconsole_hub_refusals_total", of="control") == 1
            assert value(families["opsconsole_hub_consoles_online"]) == 1
            await console.close()
            await site.close()

    run_async(scenario())


def test_the_loop_lag_and_the_store_latency_are_measured(metrics_db):
    path, _, _, _ = metrics_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            await wait_until(
                lambda: _count(runner, "opsconsole_hub_event_loop_lag_seconds") > 0, what="a loop-lag sample"
            )
            families = await scrape(runner)
            assert (
                value(families["opsconsole_hub_event_loop_lag_seconds"], "opsconsole_hub_event_loop_lag_seconds_count")
                > 0
            )
            assert value(families["opsconsole_hub_store_call_seconds"], "opsconsole_hub_store_call_seconds_count") > 0
            assert "opsconsole_hub_gc_pause_seconds" in families  # fed by the GC policy `opsconsole hub` installs
            assert "process_resident_memory_bytes" in families or "process_cpu_seconds" in families

    run_async(scenario())


def _count(runner, name):
    return runner.hub.metrics.registry.get_sample_value(f"{name}_count") or 0


def test_from_another_machine_only_an_admin_token_reads_the_metrics_and_a_refusal_is_audited(metrics_db):
    path, tokens, _, _ = metrics_db
    elsewhere = "203.0.113.9"  # what the hub's gate is handed as the peer's address

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            gate = runner.hub.metrics_gate
            assert await gate.refusal("127.0.0.1", "") is None  # this machine: no token needed
            assert await gate.refusal(elsewhere, f"Bearer {tokens['admin']}") is None
            nobody = await gate.refusal(elsewhere, "")
            assert (nobody.status, nobody.code) == (401, "unauthorized")
            local = await gate.refusal(elsewhere, f"Bearer {tokens['local']}")  # this machine's token only
            assert local.status == 401
            operator = await gate.refusal(elsewhere, f"Bearer {tokens['operator']}")
            assert (operator.status, operator.code) == (403, "forbidden") and "admin" in operator.message
            families = await scrape(runner)  # over HTTP from this machine, without a token
            assert value(families["opsconsole_hub_refusals"], "opsconsole_hub_refusals_total", of="metrics") == 3

    run_async(scenario())
    directory = SiteDirectory(path)
    try:
        rows = [row for row in recent_audit(directory, 50, "/metrics")]
    finally:
        directory.close()
    assert len(rows) == 3 and {row["action"] for row in rows} == {"metrics"}
    assert {row["actor"] for row in rows} == {"(no valid token)", "anh"}
    assert {row["result"] for row in rows} == {"rejected: unauthorized", "rejected: forbidden"}
    assert all(row["params"] == {"remote": elsewhere} for row in rows)


def test_a_stranger_refused_again_and_again_is_blocked_without_more_audit_rows(metrics_db):
    path, _, _, _ = metrics_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            gate = runner.hub.metrics_gate
            statuses = [(await gate.refusal("203.0.113.10", "Bearer nonsense")).status for _ in range(25)]
            assert statuses[0] == 401 and statuses[-1] == 429

    run_async(scenario())
    directory = SiteDirectory(path)
    try:
        rows = recent_audit(directory, 100, "/metrics")
    finally:
        directory.close()
    assert len(rows) == 20  # the hello guard's budget of failures; then blocked, unaudited


def test_every_metric_of_the_hub_is_documented_and_on_the_grafana_dashboard(metrics_db):
    path, _, _, _ = metrics_db
    root = Path(__file__).resolve().parents[2]
    doc = (root / "docs" / "metrics.md").read_text(encoding="utf-8")
    dashboard = json.loads((root / "packaging" / "grafana-opsconsole-hub.json").read_text(encoding="utf-8"))
    queries = " ".join(target["expr"] for panel in dashboard["panels"] for target in panel["targets"])
    assert {"__inputs", "panels", "templating", "title", "uid"} <= set(dashboard)

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            return [
                name
                for name in await scrape(runner)
                if name.startswith("opsconsole_hub_") and not name.endswith("_created")
            ]

    names = run_async(scenario())
    assert len(names) == 14
    for name in names:
        assert f"`{name}" in doc, f"{name} is not in docs/metrics.md"
        assert name in queries, f"{name} has no panel on the dashboard"
