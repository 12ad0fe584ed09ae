"""`opsconsole` as a user runs it: the console script in a subprocess, and main() in-process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from console import __version__
from console.cli import main
from tests.conftest import THREE_TIER


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_from_the_installed_script():
    script = Path(sys.executable).parent / "opsconsole"  # installed beside this interpreter
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"opsconsole {__version__}"


def test_stats_on_a_fresh_data_dir_show_the_current_structure(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "PATH": os.environ["PATH"]}
    result = subprocess.run(
        [sys.executable, "-m", "console.cli", "sites", "stats", "--json"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["by_level"] == {"province": 34, "commune": 3321}
    assert (tmp_path / "data" / "opsconsole" / "opsconsole.sqlite3").exists()


def test_db_option_import_then_search_json(capsys, tmp_path):
    db = str(tmp_path / "x.sqlite3")
    code, out, _ = run(capsys, "--db", db, "sites", "import", str(THREE_TIER), "--json")
    assert code == 0 and json.loads(out)["active"] == 10810
    code, out, _ = run(capsys, "--db", db, "sites", "stats", "--json")
    assert json.loads(out)["active"] == 10810
    code, out, _ = run(capsys, "--db", db, "sites", "search", "phuc", "xa", "ba", "dinh", "--json", "--limit", "3")
    results = json.loads(out)
    assert results[0]["code"] == 1 and results[0]["level"] == "commune"
    assert results[0]["name"] == "Phường Phúc Xá" and results[0]["province"] == "Thành phố Hà Nội"
    assert results[0]["path"] == ["Thành phố Hà Nội", "Quận Ba Đình", "Phường Phúc Xá"]


def test_groups_from_the_command_line(capsys, tmp_path):
    db = str(tmp_path / "g.sqlite3")
    code, out, _ = run(capsys, "--db", db, "sites", "group", "create", "south", "--provinces", "79,80")
    assert code == 0 and "south" in out
    run(capsys, "--db", db, "sites", "group", "create", "hn", "--search", "ha noi", "--limit", "5")
    code, out, _ = run(capsys, "--db", db, "sites", "group", "list", "--json")
    groups = {g["name"]: g for g in json.loads(out)}
    assert groups["hn"]["members"] == 5
    assert groups["south"]["members"] > 100


@pytest.mark.parametrize(
    "argv, message",
    [
        (["sites", "import", "{missing}"], "cannot read the file"),
        (["sites", "group", "create", "x", "--provinces", "999"], "no active province with code 999"),
        (["sites", "group", "show", "nope"], "no group named 'nope'"),
        (["sites", "show", "1"], "GSO code 1 is used at several levels; say which: commune:1"),
        (["sites", "show", "commune:999999"], "no site 'commune:999999'"),
    ],
)
def test_errors_are_one_clear_line_and_exit_1(capsys, tmp_path, argv, message):
    db = str(tmp_path / "e.sqlite3")
    run(capsys, "--db", db, "sites", "import", str(THREE_TIER))
    argv = [a.replace("{missing}", str(tmp_path / "missing.json")) for a in argv]
    code, _, err = run(capsys, "--db", db, *argv)
    assert code == 1
    assert err.startswith("opsconsole: error: ") and message in err


def test_a_file_that_is_not_a_database_is_reported(capsys, tmp_path):
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not sqlite" * 100)
    code, _, err = run(capsys, "--db", str(bad), "sites", "stats")
    assert code == 1 and "is not a usable opsconsole database" in err
    assert bad.read_bytes() == b"this is not sqlite" * 100


def test_bad_arguments_exit_2_with_usage(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["sites", "search", "x", "--limit", "0"])
    assert exit_.value.code == 2
    assert "0 is not a positive whole number" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, message",
    [
        # a hub address without its scheme is refused the same way everywhere.
        (
            ["probe", "70", "--hub", "127.0.0.1:8790"],
            "expected the hub's address like http://10.0.0.5:8765, got '127.0.0.1:8790'",
        ),
        (["sim", "--hub", "127.0.0.1:8790"], "expected the hub's address like http://"),
        (["sites", "invite", "70", "--hub", "127.0.0.1:8790"], "expected the hub's address like http://"),
        # no probe of nothing or of negative time.
        (["probe", "70", "--seconds", "0"], "0 is not a duration (more than 0 seconds)"),
        (["probe", "70", "--seconds", "-1"], "-1 is not a duration"),
        (["probe", "70", "--seconds", "nan"], "nan is not a duration"),
        (["bench", "gui", "--seconds", "0"], "0 is not a duration"),
        # what is wrong with the value, not the name of a Python function.
        (["sites", "search", "x", "--limit", "abc"], "argument --limit: 'abc' is not a whole number"),
        (["sites", "group", "create", "g", "--search", "x", "--limit", "-3"], "-3 is not a positive whole number"),
    ],
)
def test_bad_values_are_usage_errors_that_say_what_is_wanted(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "_positive" not in err and "Traceback" not in err


def test_sites_show_takes_a_name(capsys, tmp_path):
    db = str(tmp_path / "n.sqlite3")
    # Unquoted words are one name; the one site called so is shown.
    code, out, err = run(capsys, "--db", db, "sites", "show", "hoan", "kiem")
    assert code == 0 and "commune:70" in out and "Phường Hoàn Kiếm" in out, err
    code, out, _ = run(capsys, "--db", db, "sites", "show", "Phường Hoàn Kiếm", "--json")
    assert code == 0 and json.loads(out)["key"] == "commune:70"
    # Several candidates: listed with their keys, and how to say which.
    code, out, err = run(capsys, "--db", db, "sites", "show", "phuc")
    assert code == 1 and out == ""
    assert "'phuc' could be several sites; say which by key:" in err and "commune:" in err
    assert "opsconsole sites search phuc" in err
    code, _, err = run(capsys, "--db", db, "sites", "show", "zzqqxx")
    assert code == 1 and "no site is called 'zzqqxx' (try: opsconsole sites search zzqqxx)" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["demo", "--hub-port", "70000"], "70000 is not a port"),
        (["hub", "--port", "-5"], "-5 is not a port"),
        (["sim", "--raise-hands", "-2"], "-2 is negative"),
        (["demo", "--sites", "x"], "'x' is not a whole number"),
    ],
)
def test_numbers_out_of_range_are_usage_errors(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_a_hub_port_in_use_is_one_clear_line(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "opsconsole"),
                "--db",
                str(tmp_path / "d.sqlite3"),
                "hub",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip().startswith("opsconsole: error:") and "address already in use" in result.stderr
    assert "Traceback" not in result.stderr and "Task was destroyed" not in result.stderr


@pytest.mark.parametrize("typed", [["hoankiem"], ["hoan", "kiemm"], ["hoan", "kiwm"]])
def test_sites_search_forgives_one_slip(capsys, tmp_path, typed):
    db = str(tmp_path / "t.sqlite3")  # the current (two-tier) structure
    code, out, err = run(capsys, "--db", db, "sites", "search", *typed, "--limit", "3")
    assert code == 0 and out.splitlines()[0].startswith("commune:70 ") and "Phường Hoàn Kiếm" in out
    assert "0 matching" in err and "close spelling: “hoan kiem”" in err


def test_a_stopped_or_killed_hub_leaves_no_site_online(capsys, tmp_path):
    """Stopped, the hub marks its sites offline; killed, it cannot, and `sites show` knows no
    hub serves the database (its lock is gone with its process); started again, it marks them."""
    import asyncio
    import signal

    import aiohttp

    from console.bench.procs import start_hub
    from console.directory import SiteDirectory, credentials

    db = tmp_path / "h.sqlite3"
    directory = SiteDirectory.open(db)
    token = credentials.issue_site_tokens(directory, ["commune:70"], actor="test")["commune:70"]
    directory.close()

    def shown() -> tuple[str, str]:
        code, out, err = run(capsys, "--db", str(db), "sites", "show", "commune:70", "--json")
        assert code == 0, err
        site = json.loads(out)
        return site["status"], site["status_note"]

    async def join_then(after) -> None:
        hub, url = await start_hub(db)
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(url.replace("http", "ws", 1) + "/ws/site") as ws:
                await ws.send_str(json.dumps({"type": "hello", "role": "site", "token": token}))
                assert json.loads((await ws.receive(timeout=10)).data)["type"] == "welcome"
                for _ in range(100):  # the status writer's batch reaches the database
                    if shown() == ("online", None):
                        break
                    await asyncio.sleep(0.1)
                assert shown() == ("online", None)
                await after(hub)
        await hub.wait()

    async def kill(hub):
        hub.send_signal(signal.SIGKILL)
        await hub.wait()
        status, note = shown()
        assert status == "offline" and "no hub is running" in note
        raw = SiteDirectory.open(db)
        assert raw.get("commune:70").status == "online"  # what the killed hub last wrote
        raw.close()

    async def stop(hub):
        hub.send_signal(signal.SIGTERM)
        await hub.wait()
        assert shown() == ("offline", None)

    async def restart_marks_offline():
        hub, _ = await start_hub(db)
        assert shown() == ("offline", None)  # marked at start, before anyone rejoins
        hub.send_signal(signal.SIGTERM)
        await hub.wait()

    asyncio.run(join_then(kill))
    asyncio.run(restart_marks_offline())
    asyncio.run(join_then(stop))


def test_sites_show_a_name_several_sites_carry_lists_only_those_sites(capsys, tmp_path):
    db = str(tmp_path / "x.sqlite3")  # the current structure
    code, out, err = run(capsys, "--db", db, "sites", "show", "thanh", "xuan")
    assert code == 1 and out == ""
    assert "2 sites are called 'thanh xuan'; say which by key:" in err
    listed = [line.split()[0] for line in err.splitlines() if line.startswith("  commune:")]
    assert listed == ["commune:367", "commune:31360"]  # Phường Thanh Xuân, Xã Thạnh Xuân; no Xuân Mai
    assert "opsconsole sites search thanh xuan" in err


def test_sites_show_says_a_site_never_joined_and_one_that_left_is_offline(capsys, tmp_path):
    import asyncio

    import aiohttp

    from console.directory import SiteDirectory, credentials
    from console.hub import HubRunner

    db = tmp_path / "j.sqlite3"
    directory = SiteDirectory.open(db)
    token = credentials.issue_site_token(directory, "commune:70")
    directory.close()

    async def join_and_leave():
        async with HubRunner(db, port=0) as runner:
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(runner.url.replace("http", "ws", 1) + "/ws/site") as ws:
                    await ws.send_str(json.dumps({"type": "hello", "role": "site", "token": token}))
                    assert json.loads((await ws.receive(timeout=10)).data)["type"] == "welcome"

    asyncio.run(join_and_leave())

    code, out, err = run(capsys, "--db", str(db), "sites", "show", "commune:4465")
    assert code == 0, err
    assert "status  never joined" in out and "unknown" not in out
    code, out, _ = run(capsys, "--db", str(db), "sites", "show", "commune:4465", "--json")
    assert json.loads(out)["status"] == "never_joined"
    code, out, _ = run(capsys, "--db", str(db), "sites", "show", "commune:70", "--json")
    assert json.loads(out)["status"] == "offline"


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "--site-tokens {path}: No such file"),
        ("{not json", "--site-tokens {path}: not JSON"),
        ('["st_a"]', "expected an object of site key to token"),
        ('{"commune:70": ""}', "expected an object of site key to token"),
        ('{"commune:4": "st_a"}', "no token for commune:70"),
    ],
)
def test_sim_site_tokens_that_cannot_be_used_say_why(capsys, national, tmp_path, content, message):
    national.create_group("one", ["commune:70"], "test", replace=True)
    path = tmp_path / "tokens.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    argv = ["--db", str(national.path), "sim", "--from-group", "one", "--sites", "1", "--site-tokens", str(path)]
    code, _, err = run(capsys, *argv, "--hub", "https://10.9.9.9:8765")
    assert code == 2 and message.format(path=path) in err and "Traceback" not in err
