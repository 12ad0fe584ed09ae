"""The time to a first frame, direct and through the relay over TCP, for N sites each, and what
the relay's CPU costs per relayed site: ``python -m tests.nat.relay_bench [--sites 16] [--json]``
(root: it builds the test networks, tests/networks.py, and deletes them after).

N sites behind a routed commune router (no NAT: media goes direct) and N behind a firewall that
lets only TCP 443 out (media through coturn over TCP), each group one site-agent process in its
namespace; a console's media core in the operations room subscribes to one group at a time, all
N at once, and reports each site's time from its subscription to its first frame. While the
relayed group plays, coturn's CPU is read from /proc. Numbers on this shared 2-core machine:
every site, the console and coturn share its cores.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from console.bench.certs import self_signed
from console.directory import SiteDirectory, credentials
from tests import coturn, networks

THREE_TIER = networks.ROOT / "resources" / "divisions" / "vn-divisions-2025-01-three-tier.json"
WATCH_S = 20.0


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _receive(net, hub_url: str, cert: Path, operator: str, keys: list[str], relay_pid: int) -> dict:
    """Subscribe to ``keys`` at once from the ops room: first frames, and coturn's CPU while
    they play for WATCH_S seconds."""
    agent = subprocess.Popen(
        ["ip", "netns", "exec", net.ns("ops"), sys.executable, "-m", "tests.nat.console_agent",
         hub_url, str(cert), operator, "60", *keys],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=networks.ROOT,
        env={**os.environ, "PYTHONPATH": str(networks.ROOT), "OPSCONSOLE_ICE_NETWORKS": net.cidr,
             "WATCH_S": str(WATCH_S)},
    )  # fmt: skip
    try:
        first = json.loads(agent.stdout.readline() or "{}")
        sites = first.get("sites") or {}
        cpu_before, wall_before = _cpu_s(relay_pid), time.monotonic()
        frames_before: dict[str, int] = {}
        frames_after: dict[str, int] = {}
        for line in agent.stdout:
            report = json.loads(line)
            if "t" not in report:
                break
            for key, (frames, _state, _error) in report["sites"].items():
                frames_before.setdefault(key, frames)
                frames_after[key] = frames
        relay_cpu_pct = 100 * (_cpu_s(relay_pid) - cpu_before) / (time.monotonic() - wall_before)
    finally:
        agent.kill()
        agent.wait()
    times = sorted(s["first_frame_ms"] for s in sites.values() if s.get("ok"))
    return {
        "live": len(times),
        "first_frame_ms_p50": round(statistics.median(times)) if times else None,
        "first_frame_ms_max": times[-1] if times else None,
        "fps_while_watched": round(
            statistics.fmean(frames_after[k] - frames_before[k] for k in frames_after) / WATCH_S, 1
        )
        if frames_after
        else None,
        "relay_cpu_pct": round(relay_cpu_pct, 2),
        "failed": {k: s for k, s in sites.items() if not s.get("ok")},
    }


def run(sites: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="opsconsole-relay-") as folder:
        tmp = Path(folder)
        db = tmp / "national.sqlite3"
        directory = SiteDirectory.open(db)
        directory.import_file(THREE_TIER)
        rows = list(
            directory.db.query("SELECT key, code FROM sites WHERE active = 1 ORDER BY ordinal LIMIT ?", [2 * sites])
        )
        groups = {"routed": rows[:sites], "tcp443": rows[sites:]}
        tokens = {row["key"]: credentials.issue_site_token(directory, row["key"]) for row in rows}
        operator = credentials.issue_operator_token(directory, "bench")
        directory.close()
        secret = secrets.token_hex(16)
        (tmp / "turn.secret").write_text(secret)
        with networks.TestNetworks(kinds=("routed", "tcp443")) as net:
            cert, key = self_signed(tmp, host=net.hub_address)
            server = net.ns("server")
            relay = coturn.Coturn(net.relay_address, 443, secret, command_prefix=["ip", "netns", "exec", server], loopback_peers=False)  # fmt: skip
            relay.start()
            try:
                hub_url = f"https://{net.hub_address}:443"
                at = f"{net.relay_address}:443"
                net.python(
                    server,
                    ["-m", "console.cli", "--db", str(db), "hub", "--host", net.hub_address, "--port", "443",
                     "--tls-cert", str(cert), "--tls-key", str(key),
                     "--turn", f"stun:{at},turn:{at}?transport=udp,turn:{at}?transport=tcp",
                     "--turn-secret-file", str(tmp / "turn.secret")],
                    tmp / "hub.log",
                )  # fmt: skip
                for commune in net.communes:
                    triples = [
                        v for row in groups[commune.kind] for v in (tokens[row["key"]], row["key"], str(row["code"]))
                    ]
                    env = {"OPSCONSOLE_TURN_TRANSPORT": "tcp"} if commune.kind == "tcp443" else {}
                    net.python(commune.ns, ["-m", "tests.nat.site_agent", hub_url, str(cert), *triples], tmp / f"site-{commune.kind}.log", env)  # fmt: skip
                time.sleep(15)  # every site joined (the console agent waits for any that has not)
                assert relay.process is not None
                result = {
                    "sites_each": sites,
                    "direct": _receive(
                        net, hub_url, cert, operator, [r["key"] for r in groups["routed"]], relay.process.pid
                    ),
                    "relayed_tcp": _receive(
                        net, hub_url, cert, operator, [r["key"] for r in groups["tcp443"]], relay.process.pid
                    ),
                }
            finally:
                relay.close()
    relayed = result["relayed_tcp"]
    if relayed["live"]:
        relayed["relay_cpu_pct_per_site"] = round(relayed["relay_cpu_pct"] / relayed["live"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.nat.relay_bench")
    parser.add_argument("--sites", type=int, default=16)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reason = networks.unavailable_reason() or coturn.unavailable_reason()
    if reason:
        raise SystemExit(f"relay bench: {reason}")
    print(json.dumps(run(args.sites), indent=2 if not args.json else None))


if __name__ == "__main__":
    main()
