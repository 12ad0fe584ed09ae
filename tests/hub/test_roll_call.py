"""Roll-call from memory, entries encoded once and renewed when a site changes;
status written in batches; a hub that starts or stops leaves nobody "online" in the directory."""

import asyncio
import json
from dataclasses import dataclass, field

from console.directory import SiteDirectory
from console.hub import HubRunner
from console.hub.roll_call import RollCallTable, load_rows
from console.signaling import HubClient, WebSocketChannel
from tests.aio import run_async, wait_until


@dataclass
class Live:
    state: dict = field(default_factory=dict)
    simulated: bool = False


ROWS = [
    {
        "key": f"commune:{i}",
        "code": i,
        "name": f"Xã {i}",
        "level": "commune",
        "province_key": "province:1",
        "last_seen": None,
        "path": json.dumps(["Tỉnh 1", f"Xã {i}"]),
    }
    for i in range(1, 3001)
]


def reply(table, live, **kw):
    return json.loads(run_async(table.reply("r1", live, **kw)))


def test_a_roll_call_lists_every_site_in_order_with_who_is_online():
    table = RollCallTable([dict(r) for r in ROWS])
    live = {"commune:2": Live({"muted": True}), "commune:2999": Live(simulated=True)}
    for k in live:
        table.changed(k, "2026-11-30T10:00:00+00:00")
    message = reply(table, live)
    assert message["type"] == "roll_call" and message["re"] == "r1"
    assert (message["total"], message["online"]) == (3000, 2)
    assert [s["key"] for s in message["sites"]] == [r["key"] for r in ROWS]
    second = message["sites"][1]
    assert second["online"] and second["state"] == {"muted": True} and second["last_seen"].startswith("2026")
    assert "path" not in second  # the path is for welcome only
    assert message["sites"][2998]["simulated"] is True and message["sites"][0]["online"] is False


def test_an_entry_is_renewed_when_its_site_changes_and_only_then():
    table = RollCallTable([dict(r) for r in ROWS])
    live = {"commune:5": Live({"muted": True})}
    table.changed("commune:5")
    assert reply(table, live, keys=["commune:5"])["sites"][0]["state"] == {"muted": True}
    live["commune:5"].state["muted"] = False
    assert reply(table, live, keys=["commune:5"])["sites"][0]["state"] == {"muted": True}  # cached
    table.changed("commune:5")
    assert reply(table, live, keys=["commune:5"])["sites"][0]["state"] == {"muted": False}
    del live["commune:5"]
    table.changed("commune:5", "2026-11-30T11:00:00+00:00")
    gone = reply(table, live, keys=["commune:5"])["sites"][0]
    assert gone["online"] is False and gone["state"] == {} and gone["last_seen"].endswith("11:00:00+00:00")


def test_the_whole_countrys_reply_is_kept_until_a_site_changes():
    """Back-to-back national roll-calls reuse one joined body; a join, a leave or a state
    change renews it, and the count of who is online is always current."""
    table = RollCallTable([dict(r) for r in ROWS])
    live = {"commune:7": Live({"muted": True})}
    table.changed("commune:7")
    first = run_async(table.reply(1, live))
    assert json.loads(first)["online"] == 1 and json.loads(run_async(table.reply(9, live)))["re"] == 9
    live["commune:8"] = Live()
    table.changed("commune:8")  # a site joins
    second = json.loads(run_async(table.reply(2, live)))
    assert second["online"] == 2 and second["sites"][7]["online"] and second["re"] == 2
    live["commune:7"].state["muted"] = False
    table.changed("commune:7")  # a state change
    assert json.loads(run_async(table.reply(3, live)))["sites"][6]["state"] == {"muted": False}
    table.replace([dict(r) for r in ROWS[:10]])  # a new directory
    assert json.loads(run_async(table.reply(4, live)))["total"] == 10


def test_online_only_and_keys_keep_directory_order_and_ignore_unknown_keys():
    table = RollCallTable([dict(r) for r in ROWS])
    live = {"commune:30": Live(), "commune:3": Live()}
    for k in live:
        table.changed(k)
    assert [s["key"] for s in reply(table, live, online_only=True)["sites"]] == ["commune:3", "commune:30"]
    picked = reply(table, live, keys=["commune:9", "commune:1", "nowhere:1", "commune:9"])
    assert [s["key"] for s in picked["sites"]] == ["commune:1", "commune:9"] and picked["total"] == 2


def test_sites_that_change_while_a_reply_is_built_are_current_in_it():
    """Encoding yields to the loop between batches; what changes meanwhile is encoded again."""
    table = RollCallTable([dict(r) for r in ROWS])
    live: dict = {}

    async def scenario():
        building = asyncio.ensure_future(table.reply(1, live))
        await asyncio.sleep(0)  # the first batch is encoded; now commune:1 joins
        live["commune:1"] = Live({"talking": True})
        table.changed("commune:1")
        return json.loads(await building)

    message = run_async(scenario())
    assert message["sites"][0]["online"] and message["sites"][0]["state"] == {"talking": True}


def test_the_table_loads_the_directorys_active_sites(national):
    table = RollCallTable(load_rows(national))
    assert len(table) == 10810
    assert table.site("commune:4") == {
        "key": "commune:4",
        "code": 4,
        "name": "Phường Trúc Bạch",
        "path": ["Thành phố Hà Nội", "Quận Ba Đình", "Phường Trúc Bạch"],
    }


def test_a_hub_that_starts_or_stops_leaves_no_site_online(hub_db):
    path, tokens = hub_db
    directory = SiteDirectory(path)  # as a hub killed with SIGKILL leaves it
    directory.db.execute("UPDATE sites SET status = 'online' WHERE key IN ('commune:4', 'commune:7')")
    directory.db.conn.commit()
    directory.close()

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            assert _status(path, "commune:7") == "offline"  # marked at start
            site = HubClient(WebSocketChannel(runner.url, "site"), "site", tokens["site"])
            await site.join()
            await wait_until(lambda: _status(path, "commune:4") == "online", what="the status writer's batch")

    run_async(scenario())
    assert _status(path, "commune:4") == "offline"  # marked at shutdown, the site still joined


def _status(path, key):
    directory = SiteDirectory(path)
    try:
        return directory.get(key).status
    finally:
        directory.close()
