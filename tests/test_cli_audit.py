"""`opsconsole audit` tells the story: the hub's own starts, stops and deaths, refusals, and
sites by name, against a real hub (a process, or one in this process) and the real CLI."""

import asyncio
import json
import signal

import pytest

from console.bench.procs import start_hub
from console.cli import main
from console.directory import SiteDirectory, credentials
from console.directory.audit import find_audit
from console.hub import HubRunner
from console.signaling import HubClient, HubError, WebSocketChannel
from tests.aio import run_async


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _hub_rows(db):
    directory = SiteDirectory(db)
    try:
        return find_audit(directory, target="hub")
    finally:
        directory.close()


async def _until(condition, timeout=30.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "the condition did not come true"
        await asyncio.sleep(0.1)


def test_the_audit_tells_a_hub_killed_then_started_again_and_then_stopped_cleanly(capsys, tmp_path):
    db = tmp_path / "h.sqlite3"
    SiteDirectory.open(db).close()  # the current structure, as a first run makes it

    async def story():
        hub, url = await start_hub(db)
        await _until(lambda: [r["action"] for r in _hub_rows(db)] == ["hub_start"])
        hub.send_signal(signal.SIGKILL)  # no chance to write anything
        await hub.wait()
        hub, _ = await start_hub(db)
        await _until(lambda: len(_hub_rows(db)) == 3)
        hub.send_signal(signal.SIGTERM)
        await hub.wait()

    asyncio.run(story())

    code, out, err = run(capsys, "--db", str(db), "audit", "--site", "hub", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["action"] for r in rows] == ["hub_start", "hub_lost", "hub_start", "hub_stop"]
    lost = rows[1]
    assert "without a clean stop" in lost["result"]
    assert rows[0]["at"] <= lost["params"]["last_alive"] <= lost["at"]
    assert lost["params"]["started_at"] == rows[0]["at"]
    assert rows[3]["result"] == "ok"

    code, out, _ = run(capsys, "--db", str(db), "audit")
    lines = [line for line in out.splitlines() if " hub_" in line]
    assert len(lines) == 4
    assert (
        "killed or crashed" in lines[1]
        and f"last known alive {lost['params']['last_alive'][:23].replace('T', ' ')}" in lines[1]
    )
    assert "listening on http://127.0.0.1:" in lines[0]


def _presenters(directory):
    return {name: credentials.issue_operator_token(directory, name, role="presenter") for name in ("hoa", "binh")}


def test_a_push_refused_by_a_locked_wall_is_audited_and_found_by_the_sites_name(capsys, tmp_path):
    db = tmp_path / "w.sqlite3"
    directory = SiteDirectory.open(db)  # the current structure: commune:70 is Phường Hoàn Kiếm
    tokens = _presenters(directory)
    directory.close()

    async def scenario():
        async with HubRunner(db, port=0) as runner:
            hoa, binh = (
                HubClient(WebSocketChannel(runner.url, "console"), "console", tokens[n]) for n in ("hoa", "binh")
            )
            await hoa.join()
            await binh.join()
            await hoa.request({"type": "wall", "op": "lock"})
            with pytest.raises(HubError) as refused:
                await binh.request({"type": "wall", "op": "push", "site": "commune:70"})
            assert refused.value.code == "forbidden"
            await hoa.request({"type": "wall", "op": "push", "site": "commune:70"})  # its locker may
            await hoa.close()
            await binh.close()

    run_async(scenario())

    code, out, err = run(capsys, "--db", str(db), "audit", "--site", "hoan kiem")  # a name, not a key
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2, out
    assert "binh" in lines[0] and "wall_push" in lines[0] and "rejected: forbidden" in lines[0]
    assert '"locked_by": "hoa"' in lines[0] and '"site": "commune:70 Phường Hoàn Kiếm"' in lines[0]
    assert "hoa" in lines[1] and "wall_push" in lines[1] and lines[1].split()[-1].endswith("}")

    code, out, _ = run(capsys, "--db", str(db), "audit", "--site", "70", "--json")  # a GSO code
    assert [(r["actor"], r["result"]) for r in json.loads(out)] == [("binh", "rejected: forbidden"), ("hoa", "ok")]


def test_audit_shows_sites_names_beside_their_keys(capsys, tmp_path):
    db = tmp_path / "n.sqlite3"
    directory = SiteDirectory.open(db)
    token = credentials.issue_operator_token(directory, "anh")
    directory.close()

    async def scenario():
        async with HubRunner(db, port=0) as runner:
            anh = HubClient(WebSocketChannel(runner.url, "console"), "console", token)
            await anh.join()
            with pytest.raises(HubError):  # nobody is online: refused, and on record
                await anh.request({"type": "control", "site": "commune:4465", "action": "mute_audio"})
            await anh.close()

    run_async(scenario())

    directory = SiteDirectory(db)
    name = directory.get("commune:4465").name
    directory.close()
    code, out, _ = run(capsys, "--db", str(db), "audit", "--actor", "anh")
    assert code == 0 and f"commune:4465 {name}" in out and "rejected: site_offline" in out
    code, out, _ = run(capsys, "--db", str(db), "audit", "--actor", "anh", "--json")
    assert json.loads(out)[0]["target_name"] == name


def test_audit_site_by_name_lists_several_and_hints_at_none(capsys, tmp_path):
    db = str(tmp_path / "s.sqlite3")
    code, _, err = run(capsys, "--db", db, "audit", "--site", "thanh xuan")
    assert code == 1 and "2 sites are called 'thanh xuan'; say which by key:" in err
    assert "commune:367" in err and "Phường Thanh Xuân" in err and "Xã Thạnh Xuân" in err
    code, _, err = run(capsys, "--db", db, "audit", "--site", "zzqqxx")
    assert code == 1 and "no site is called 'zzqqxx'" in err and "--site takes a site's key, GSO code or name" in err
    code, _, err = run(capsys, "--db", db, "audit", "--site", "hoan kiem")
    assert code == 0 and "no audit rows match commune:70 Phường Hoàn Kiếm" in err
