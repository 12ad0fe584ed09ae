"""Every commune gets live media on the network it is on: behind a NAT router, behind a NAT
that maps each destination to a new port, behind a firewall that lets only TCP 443 out; the
operations room behind its own firewall (tests/networks.py builds it all in namespaces).

Real processes in their namespaces: the hub and coturn on the server network, one site agent
per commune with its own site token, and ``opsconsole probe`` in the operations room, which
reports the frames it got and the media path ICE chose.
"""

import concurrent.futures
import json
import secrets
import subprocess
import sys
import time

import pytest

from console.bench.certs import self_signed
from console.directory import credentials
from console.janus.process import JanusProcess, janus_unavailable_reason
from tests import coturn, networks

pytestmark = [
    pytest.mark.networks,
    pytest.mark.skipif(
        (networks.unavailable_reason() or coturn.unavailable_reason()) is not None,
        reason=str(networks.unavailable_reason() or coturn.unavailable_reason()),
    ),
]

SITES = {
    "cone": ("commune:4", 4),
    "symmetric": ("commune:7", 7),
    "tcp443": ("commune:13", 13),
    "routed": ("commune:70", 70),
}


def wait_for(predicate, timeout=60.0, what=lambda: "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what()}")


def log_of(path):
    return path.read_text(errors="replace") if path.exists() else ""


@pytest.fixture
def room(national, tmp_path):
    """The topology with a hub (HTTPS on 443) and coturn (UDP and TCP 443) on the server
    network and a site agent running in every commune."""
    yield from _room(national, tmp_path)


def _room(national, tmp_path, janus_secret: str | None = None, tls_relay: bool = False):
    """With ``janus_secret``: the meeting mode, a Janus shard on the server network beside the
    hub, its API on 443 (communes call it themselves, the TCP-443 one too)."""
    tokens = {kind: credentials.issue_site_token(national, key) for kind, (key, _) in SITES.items()}
    operator = credentials.issue_operator_token(national, "anh")
    db = national.path
    national.close()
    secret = secrets.token_hex(16)
    secret_file = tmp_path / "turn.secret"
    secret_file.write_text(secret)
    with networks.TestNetworks(kinds=tuple(SITES)) as net:
        cert, key = self_signed(tmp_path, host=net.hub_address)
        server = net.ns("server")
        relay_tls = self_signed(tmp_path, name="relay", host=net.relay_address) if tls_relay else None
        relay = coturn.Coturn(
            net.relay_address,
            443,
            secret,
            command_prefix=["ip", "netns", "exec", server],
            loopback_peers=False,
            tls=relay_tls,
        )
        relay.start()
        shard = None
        try:
            meeting = []
            if janus_secret is not None:
                shard = JanusProcess(net.janus_place(), 0, tmp_path / "janus", janus_secret, "s1", http_port=443)
                shard.start()
                meeting = ["--media", "janus", "--janus", shard.url, "--janus-secret", janus_secret]
            hub_url = f"https://{net.hub_address}:443"
            relay_at = f"{net.relay_address}:443"  # coturn answers STUN too: NAT-mapped candidates
            turn_urls = f"stun:{relay_at},turn:{relay_at}?transport=udp,turn:{relay_at}?transport=tcp"
            if relay_tls is not None:  # TURN over TLS on the same port (coturn tells them apart)
                turn_urls += f",turns:{relay_at}?transport=tcp"
            hub_log = tmp_path / "hub.log"
            net.python(
                server,
                ["-m", "console.cli", "--db", str(db), "hub", "--host", net.hub_address, "--port", "443",
                 "--tls-cert", str(cert), "--tls-key", str(key), "--turn", turn_urls, "--turn-secret-file", str(secret_file),
                 *meeting],
                hub_log,
            )  # fmt: skip
            wait_for(lambda: "hub listening" in log_of(hub_log), what=lambda: f"the hub:\n{log_of(hub_log)}")
            for commune in net.communes:
                site_key, code = SITES[commune.kind]
                env = {"OPSCONSOLE_TURN_TRANSPORT": "tcp"} if commune.kind == "tcp443" else {}
                if commune.kind == "tcp443" and relay_tls is not None:  # trusting the relay's certificate
                    env = {"OPSCONSOLE_TURN_TRANSPORT": "tls", "SSL_CERT_FILE": str(relay_tls[0])}
                net.python(
                    commune.ns,
                    ["-m", "tests.nat.site_agent", hub_url, str(cert), tokens[commune.kind], site_key, str(code)],
                    tmp_path / f"site-{commune.kind}.log",
                    env,
                )
            yield net, hub_url, cert, operator, relay, tmp_path
        finally:
            if shard is not None:
                shard.stop()
            relay.close()


def probe(net, hub_url, cert, operator, site_key, seconds=4):
    done = subprocess.run(
        ["ip", "netns", "exec", net.ns("ops"), sys.executable, "-m", "console.cli", "probe", site_key,
         "--hub", hub_url, "--ca", str(cert), "--token", operator, "--ice-networks", net.cidr,
         "--seconds", str(seconds), "--json"],
        capture_output=True, text=True, timeout=120, cwd=networks.ROOT,
        env={**__import__("os").environ, "PYTHONPATH": str(networks.ROOT)},
    )  # fmt: skip
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"probe said no JSON ({done.returncode}):\n{done.stdout}\n{done.stderr[-3000:]}") from None


def test_every_commune_gets_live_media_and_the_probe_names_its_path(room):
    net, hub_url, cert, operator, relay, logs = room
    # The relay only where nothing better works: direct where the commune is routed, through
    # its NAT where the NAT keeps one mapping for all destinations (docs/networks.md).
    expected = {"cone": {"nat"}, "symmetric": {"relay"}, "tcp443": {"relay"}, "routed": {"direct"}}

    def seconds(commune):
        # Behind the TCP-only firewall the site's STUN over UDP must time out before its
        # answer goes: its media starts seconds later than the others'.
        return 15 if commune.kind == "tcp443" else 4

    for commune, result in probe_every_commune(room, seconds):
        site_log = logs / f"site-{commune.kind}.log"
        assert result["ok"], f"{commune.kind}: {result}\nsite log:\n{log_of(site_log)[-3000:]}"
        print(f"\n{commune.kind}: first frame {result['first_frame_ms']} ms, path {result['media_path']}")
        assert result["media_path"]["path"] in expected[commune.kind], f"{commune.kind}: {result['media_path']}"
        if commune.kind == "tcp443":
            assert "relay" in result["media_path"]["remote"]


def probe_when_online(net, hub_url, cert, operator, site_key, seconds):
    """The probe's result once the site agent has joined the hub (it starts with the test)."""
    result = None
    for _attempt in range(20):
        result = probe(net, hub_url, cert, operator, site_key, seconds=seconds)
        if result["ok"] or "online" not in str(result["error"]):
            break
    return result


def probe_every_commune(room, seconds):
    """(commune, its probe's result) for every commune, probed all at once from the ops room:
    each probe is a process of its own, and a failing one waits out its ICE deadline."""
    net, hub_url, cert, operator, _relay, _logs = room
    with concurrent.futures.ThreadPoolExecutor(len(net.communes)) as pool:
        results = [
            pool.submit(probe_when_online, net, hub_url, cert, operator, SITES[c.kind][0], seconds(c))
            for c in net.communes
        ]
        return [(commune, result.result()) for commune, result in zip(net.communes, results)]


def test_with_the_relay_stopped_the_communes_that_need_it_are_told_no_media_path_and_the_others_play(room):
    relay = room[4]
    relay.stop()
    # Long enough for the site's STUN to time out before it answers, then the console's ICE
    # deadline: the probe returns as soon as the session fails.
    for commune, result in probe_every_commune(room, lambda commune: 25):
        print(f"\n{commune.kind} without the relay: {result['error_code'] or result['media_path']} "
              f"(session failed after {result.get('failed_after_ms')} ms)")  # fmt: skip
        if commune.kind == "routed":
            assert result["ok"] and result["media_path"]["path"] == "direct", result
        else:
            assert not result["ok"] and result["error_code"] == "no_media_path", f"{commune.kind}: {result}"


def test_a_relay_that_answers_but_never_relays_is_no_media_path_for_those_that_need_it_and_the_others_play(room):
    """The relay's port answers (STUN, and every TURN request, with signed grants) but nothing it
    is asked to relay ever arrives: the communes behind a symmetric NAT or a TCP-only firewall
    hold relayed candidates that never carry a check, and must be told "no media path", not
    left "connecting"; the cone NAT's mapping (STUN still answers) and the routed commune play."""
    net, _hub_url, _cert, _operator, relay, logs = room
    relay.stop()
    decoy_log = logs / "decoy.log"
    net.python(net.ns("server"), ["-m", "tests.nat.decoy_relay", net.relay_address, "443", relay.secret], decoy_log)
    wait_for(lambda: "never relays" in log_of(decoy_log), what=lambda: f"the decoy relay:\n{log_of(decoy_log)}")
    for commune, result in probe_every_commune(room, lambda commune: 25):
        print(f"\n{commune.kind} with a relay that never relays: {result['error_code'] or result['media_path']} "
              f"(session failed after {result.get('failed_after_ms')} ms)")  # fmt: skip
        if commune.kind in ("routed", "cone"):
            assert result["ok"] and result["media_path"]["path"] in ("direct", "nat"), f"{commune.kind}: {result}"
        else:
            assert not result["ok"] and result["error_code"] == "no_media_path", f"{commune.kind}: {result}"


@pytest.fixture
def meeting_room(national, tmp_path):
    if janus_unavailable_reason():
        pytest.skip(f"the meeting mode: {janus_unavailable_reason()}")
    yield from _room(national, tmp_path, janus_secret=secrets.token_hex(16))


def test_in_the_meeting_every_commune_publishes_into_the_shard_and_the_room_sees_it(meeting_room):
    """The national meeting's path: every commune publishes into the Janus shard on the server
    network, and a console in the operations room receives them all from it. The commune
    behind the TCP-443 firewall reaches the shard's API on 443 and its media through the relay
    over TCP; the others go straight to the shard's public address (a NAT's mapping is made by
    the commune's own checks)."""
    net, hub_url, cert, operator, _relay, logs = meeting_room
    keys = [SITES[c.kind][0] for c in net.communes]
    done = subprocess.run(
        ["ip", "netns", "exec", net.ns("ops"), sys.executable, "-m", "tests.nat.console_agent",
         hub_url, str(cert), operator, "45", *keys],
        capture_output=True, text=True, timeout=180, cwd=networks.ROOT,
        env={**__import__("os").environ, "PYTHONPATH": str(networks.ROOT), "OPSCONSOLE_ICE_NETWORKS": net.cidr},
    )  # fmt: skip
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        raise AssertionError(
            f"the console agent said no JSON ({done.returncode}):\n{done.stdout}\n{done.stderr[-3000:]}"
        ) from None
    assert result["mode"] == "sfu", result
    for commune in net.communes:
        seen = result["sites"][SITES[commune.kind][0]]
        print(f"\n{commune.kind} in the meeting: {seen}")
        assert seen["ok"], f"{commune.kind}: {seen}\nsite log:\n{log_of(logs / f'site-{commune.kind}.log')[-3000:]}"


def watch_from_the_ops_room(net, hub_url, cert, operator, keys, watch_s):
    """A console agent receiving ``keys`` that reports each quarter second (its stdout, lines)."""
    return subprocess.Popen(
        ["ip", "netns", "exec", net.ns("ops"), sys.executable, "-m", "tests.nat.console_agent",
         hub_url, str(cert), operator, "60", *keys],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=networks.ROOT,
        env={**__import__("os").environ, "PYTHONPATH": str(networks.ROOT), "OPSCONSOLE_ICE_NETWORKS": net.cidr,
             "WATCH_S": str(watch_s)},
    )  # fmt: skip


def test_a_commune_whose_router_restarts_with_a_new_address_is_live_again_within_10_s(room):
    """The cone-NAT commune's router restarts mid-call and comes back with another public
    address: every mapping is gone, the console's media path with it. The picture must come
    back within 10 s (a new session), the tile saying "stale" meanwhile."""
    net, hub_url, cert, operator, _relay, logs = room
    (commune,) = [c for c in net.communes if c.kind == "cone"]
    key = SITES["cone"][0]
    agent = watch_from_the_ops_room(
        net, hub_url, cert, operator, [key], 16
    )  # the restart at 3 s, 10 s to come back, and a margin
    try:
        first = json.loads(agent.stdout.readline() or "{}")
        assert first.get("sites", {}).get(key, {}).get("ok"), f"{first}\n{agent.stderr.read()[-3000:]}"
        timeline = []
        errors: list[str] = []  # why sessions ended, in order
        restarted_at = None
        for line in agent.stdout:
            report = json.loads(line)
            if "t" not in report:
                break
            frames, state, error = report["sites"][key]
            timeline.append((report["t"], frames, state))
            if error and error not in errors:
                errors.append(error)
            if restarted_at is None and report["t"] >= 3:
                net.restart_router(commune)
                restarted_at = report["t"]
    finally:
        agent.kill()
        agent.wait()
    # Frozen: the first report after the restart with no new frame; back: frames arriving again
    # in two reports in a row after that.
    after = [(t, f, state) for t, f, state in timeline if t > restarted_at]
    steps = [(t, f - previous[1], state) for (t, f, state), previous in zip(after[1:], after)]
    frozen = next((t for t, new, _ in steps if new <= 0), None)
    back = next(
        (
            t
            for (t, new, _), (_, then, _) in zip(steps, steps[1:])
            if frozen is not None and t > frozen and new > 0 and then > 0
        ),
        None,
    )
    states = [state for _, _, state in after]
    print(
        f"\nrouter restarted at {restarted_at} s: frozen at {frozen}, frames again at {back}; sessions {sorted(set(states))}, ended by {errors}"
    )
    assert frozen is not None, "the restart changed nothing: the mapping did not change"
    assert back is not None and back - restarted_at <= 10, timeline
    assert states[-1] == "live"


@pytest.fixture
def tls_room(national, tmp_path):
    yield from _room(national, tmp_path, tls_relay=True)


def test_a_commune_behind_the_tcp_443_firewall_reaches_the_relay_over_tls(tls_room):
    """`turns:` on 443: the relay's certificate checked by the commune, TURN inside TLS, to a
    relay that also takes plain TURN on the same port; media relayed as over plain TCP."""
    net, hub_url, cert, operator, relay, logs = tls_room
    result = probe_when_online(net, hub_url, cert, operator, SITES["tcp443"][0], 15)
    print(f"\ntcp443 over TLS: first frame {result.get('first_frame_ms')} ms, path {result.get('media_path')}")
    assert result["ok"], f"{result}\nsite log:\n{log_of(logs / 'site-tcp443.log')[-3000:]}"
    assert result["media_path"]["path"] == "relay" and "relay" in result["media_path"]["remote"]
    sessions = [line for line in relay.log.splitlines() if "site-commune-13" in line and "method=" in line]
    assert sessions and all("method=TLSv1" in line for line in sessions), relay.log[-3000:]  # inside TLS
