"""The README's picture of the national board, made for real: a hub in a child process, the
country's sites as protocol clients with their own tokens (``presence_sites``), and the console
as `opsconsole console --hub URL --board 1 --screenshot FILE` in another.

What the room sees: most of the country online; Lai Châu, which was in the meeting, cut off
(its sites offline, one alarm each); part of Quảng Ngãi gone; Hà Giang and Cà Mau with communes
that never joined; in Hà Nội (open on the board) a few communes offline, hands raised and open
microphones.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python -m console.bench.board_scene docs/images/board.png
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from console.bench.presence import THREE_TIER
from console.bench.procs import free_port, health
from console.directory import SiteDirectory, credentials
from console.processes import bound_to_us, end_with_parent
from console.signaling import HubClient, WebSocketChannel

MEETING = "Tây Bắc"  # the meeting's group: the north-west's provinces


def _plan(directory: SiteDirectory) -> dict[str, list[str]]:
    by_province: dict[str, list[str]] = {}
    for row in directory.db.query("SELECT key, province_key FROM sites WHERE active = 1 ORDER BY ordinal"):
        by_province.setdefault(row["province_key"], []).append(row["key"])
    hanoi = by_province["province:1"]
    leavers = by_province["province:12"] + hanoi[5::19] + by_province["province:51"][::5][:70]
    never = by_province["province:2"][2::3] + by_province["province:96"][::7]
    talkers = [k for k in hanoi[40:200:13] if k not in leavers][:10]
    taken = set(leavers) | set(never) | set(talkers)
    rest = [k for keys in by_province.values() for k in keys if k not in taken]
    return {
        "leavers": leavers,
        "never": never,
        "talkers": talkers,
        "rest": rest,
        "meeting": by_province["province:12"] + by_province["province:11"] + by_province["province:14"],
    }


def _sites(url: str, tokens: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "console.bench.presence_sites", "--hub", url, "--tokens", str(tokens), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        **bound_to_us(),
    )


def _until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.5)


async def _start_meeting(url: str, token: str) -> None:
    client = HubClient(WebSocketChannel(url, "console"), "console", token)
    await client.join()
    try:
        await client.request({"type": "meeting", "group": MEETING})
    finally:
        await client.close()


def make_scene(out: Path, seconds: float = 40.0, province: str = "1") -> int:
    with tempfile.TemporaryDirectory(prefix="opsconsole-scene-") as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "scene.sqlite3"
        directory = SiteDirectory.open(db)
        directory.import_file(THREE_TIER)
        plan = _plan(directory)
        joining = plan["leavers"] + plan["talkers"] + plan["rest"]
        tokens = credentials.issue_site_tokens(directory, joining, actor="scene")
        directory.create_group(MEETING, plan["meeting"], "provinces 11, 12, 14")
        operator = credentials.issue_operator_token(directory, "trực ban", role="operator")
        directory.close()
        files = {}
        for name, keys in (
            ("leavers", plan["leavers"]),
            ("talkers", plan["talkers"]),
            *((f"rest{i}", plan["rest"][i::3]) for i in range(3)),
        ):
            files[name] = tmp / f"{name}.json"
            files[name].write_text(json.dumps([[k, tokens[k]] for k in keys]))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "console.cli", "--db", str(db), "hub", "--port", str(port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                **bound_to_us(),
            )
        ]
        try:
            _until(lambda: health(url), 60, "the hub did not start")
            procs.append(_sites(url, files["talkers"], "--raise-hands", "6", "--unmuted", "4"))
            leavers = _sites(url, files["leavers"])
            procs += [leavers] + [_sites(url, files[f"rest{i}"]) for i in range(3)]
            _until(lambda: health(url)["sites_online"] >= len(joining), 300, "the sites did not all join")
            asyncio.run(_start_meeting(url, operator))
            leavers.kill()  # Lai Châu loses its network during the meeting, and others with it
            _until(
                lambda: health(url)["sites_online"] <= len(joining) - len(plan["leavers"]),
                60,
                "the cut sites are still online",
            )
            env = {**os.environ, "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_DATA_HOME": str(tmp / "data")}
            shown = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "console.cli",
                    "--db",
                    str(db),
                    "console",
                    "--hub",
                    url,
                    "--token",
                    operator,
                    "--renderer",
                    "numpy",
                    "--board",
                    province,
                    "--screenshot",
                    str(out),
                    "--quit-after",
                    str(seconds),
                ],
                env=env,
            )
            print(
                json.dumps(
                    {
                        "online": len(joining) - len(plan["leavers"]),
                        "offline": len(plan["leavers"]),
                        "never_joined": len(plan["never"]),
                        "screenshot": str(out),
                    }
                )
            )
            return shown.returncode
        finally:
            for proc in reversed(procs):
                if proc.poll() is None:
                    proc.kill()
                proc.wait(10)


def main() -> None:
    end_with_parent()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seconds", type=float, default=40.0, help="the console runs this long before the shot")
    parser.add_argument("--province", default="1", help="the province open on the board (its code)")
    args = parser.parse_args()
    sys.exit(make_scene(args.out.resolve(), args.seconds, args.province))


if __name__ == "__main__":
    main()
