"""`opsconsole hub | sim | probe`: the media path from the command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from console.cli_args import count, port
from console.directory import SiteDirectory, credentials, default_db_path

DEFAULT_HUB = "http://127.0.0.1:8765"


def add_parsers(commands: Any) -> None:
    p = commands.add_parser("hub", help="run the hub: signaling, presence, tokens, audit")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=port, default=8765)
    p.add_argument("--tls-cert", metavar="PEM", help="serve HTTPS/WSS with this certificate (chain): browsers "
                   "on other machines give the site page a camera only over https")
    p.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    # Media mode "sfu" (issue 14): sites publish into Janus shards the hub orchestrates.
    p.add_argument("--media", choices=("embedded", "janus"), default="embedded",
                   help="embedded: sites send peer to peer to consoles (default); janus: through Janus shards")
    p.add_argument("--janus", metavar="URL[,URL…]", help="the Janus shards' API URLs "
                   "(http://HOST:8088/janus; their Admin API is expected at http://HOST:7088/admin)")
    p.add_argument("--janus-secret", metavar="SECRET", help="the shards' api_secret, admin_secret and plugin "
                   "admin_key (default: $OPSCONSOLE_JANUS_SECRET); without it the hub issues room pins only")
    p.add_argument("--program-route", choices=("streaming", "videoroom"), default="streaming",
                   help="how the program reaches every shard (docs/scale.md; default streaming)")
    _common(p, hub=False)
    p.set_defaults(run=_hub, needs_directory=False)

    p = commands.add_parser("sim", help="simulated commune sites publishing video and audio")
    p.add_argument("--sites", type=count, default=36, metavar="N")
    p.add_argument("--from-group", metavar="G", help="simulate the sites of this group")
    p.add_argument("--unmuted", action="store_true", help="join with the microphone open (sites join muted)")
    p.add_argument("--loss", type=float, default=0.0, metavar="PCT", help="drop this %% of outgoing packets")
    p.add_argument("--delay", type=float, default=0.0, metavar="MS", help="delay outgoing packets")
    p.add_argument("--rejoin-every", type=float, default=0.0, metavar="S",
                   help="drop the connection and join again every S seconds")
    p.add_argument("--raise-hands", type=count, default=0, metavar="K",
                   help="the first K sites raise their hand once joined (request to speak)")
    p.add_argument("--steady-tone", action="store_true", help="tones without pauses between bursts")
    # Benchmarks of the national meeting (issue 14): cheap sites, what they got, a faulty one.
    p.add_argument("--listen-every", type=count, default=1, metavar="K",
                   help="decode the program's audio at one site in K (the others count packets only)")
    p.add_argument("--count-program", action="store_true",
                   help="take the program video but count its packets instead of decoding it")
    p.add_argument("--ignore-mute", type=count, default=0, metavar="K",
                   help="the first K sites acknowledge a mute and keep sending (the SFU must stop them)")
    p.add_argument("--report", type=Path, metavar="FILE",
                   help="rewrite FILE every second with what each site received of the program (JSON)")
    p.add_argument("--echo", action="store_true",
                   help="a site in a talk says back what it hears of the program (round-trip benchmark)")
    p.add_argument("--watch-program", action="store_true", help="receive and decode the program video too")
    _common(p)
    p.set_defaults(run=_sim, needs_directory=False)

    p = commands.add_parser("probe", help="check one site's link: frames, fps, audio, bitrate, loss, RTT")
    p.add_argument("site", help="GSO code or key, e.g. 26734 or commune:26734")
    p.add_argument("--seconds", type=float, default=5.0, metavar="S")
    p.add_argument("--size", default="640x360", metavar="WxH", help="resolution to ask for")
    p.add_argument("--json", action="store_true")
    _common(p)
    p.set_defaults(run=_probe, needs_directory=False)


def _common(p: argparse.ArgumentParser, hub: bool = True) -> None:
    if hub:
        p.add_argument("--hub", default=DEFAULT_HUB, metavar="URL", help=f"default {DEFAULT_HUB}")
        p.add_argument("--token", help="credential for a remote hub (default: the local token in --db)")
    p.add_argument("--ice-networks", metavar="CIDRS",
                   help="networks media may use, e.g. 10.20.0.0/16 (default: $OPSCONSOLE_ICE_NETWORKS, "
                        "or 127.0.0.1 when the hub is on loopback)")
    p.add_argument("-v", "--verbose", action="store_true")


def _setup(args: argparse.Namespace) -> None:
    from console.rtc import IcePolicy, install_ice_policy

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.ice_networks:
        policy = IcePolicy.parse(args.ice_networks)
    else:
        host = urlparse(getattr(args, "hub", None) or DEFAULT_HUB).hostname or ""
        loopback = IcePolicy.loopback() if host in ("127.0.0.1", "localhost", "::1") else None
        policy = IcePolicy.from_env(loopback)
    install_ice_policy(policy)


def _token(args: argparse.Namespace) -> str:
    if args.token:
        return args.token
    directory = SiteDirectory.open(args.db or default_db_path())
    try:
        return credentials.local_token(directory)
    finally:
        directory.close()


async def _until_interrupted() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


# --- hub ---------------------------------------------------------------------------------

def _hub(args: argparse.Namespace) -> int:
    from console.hub.run import run_hub, tls_context

    context = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            print("opsconsole: error: --tls-cert and --tls-key go together", file=sys.stderr)
            return 2
        try:
            context = tls_context(args.tls_cert, args.tls_key)
        except ValueError as exc:
            print(f"opsconsole: error: {exc}", file=sys.stderr)
            return 1
    sfu = None
    if args.media == "janus":  # SFU (issue 14)
        from console.hub.sfu import SfuOrchestrator

        urls = [u.strip() for u in (args.janus or "").split(",") if u.strip()]
        if not urls:
            print("opsconsole: error: --media janus needs --janus URL[,URL…]", file=sys.stderr)
            return 2
        bad = [u for u in urls if urlparse(u).scheme not in ("http", "https") or not urlparse(u).hostname]
        if bad:
            print(f"opsconsole: error: not a Janus API URL: {bad[0]} (e.g. http://10.0.0.2:8088/janus)",
                  file=sys.stderr)
            return 2
        secret = args.janus_secret or os.environ.get("OPSCONSOLE_JANUS_SECRET") or None
        db = Path(args.db or default_db_path())
        # Its Janus control sessions, kept next to the database: a restarted hub claims them.
        sfu = SfuOrchestrator(urls, secret, args.program_route, state_path=db.with_name(db.name + ".janus.json"))
    elif args.janus:
        print("opsconsole: error: --janus needs --media janus", file=sys.stderr)
        return 2
    _setup(args)
    return asyncio.run(run_hub(args.db or default_db_path(), args.host, args.port, context, sfu=sfu))


# --- sim ---------------------------------------------------------------------------------

def _sim(args: argparse.Namespace) -> int:
    from console.sim.clips import site_variant
    from console.sim.faults import Faults
    from console.sim.fleet import SiteFleet, pick_sites, warm_clip_cache
    from console.sim.site import SiteSettings

    _setup(args)
    faults = Faults(args.loss, args.delay, args.rejoin_every)
    directory = SiteDirectory.open(args.db or default_db_path())
    try:
        sites = pick_sites(directory, args.sites, args.from_group)
    finally:
        directory.close()
    if not sites:
        print("opsconsole: error: no sites to simulate", file=sys.stderr)
        return 1
    token = _token(args)
    warm_clip_cache({site_variant(s.code) for s in sites})

    async def main() -> int:
        settings = SiteSettings(muted=not args.unmuted, steady_tone=args.steady_tone, echo=args.echo,
                                watch_program=args.watch_program, count_program=args.count_program)
        fleet = SiteFleet(args.hub, token, sites, faults, settings=settings)
        for index, site in enumerate(fleet.sites):
            site.settings.listen_program = site.sfu.listen = index % args.listen_every == 0
            site.settings.ignore_mute = index < args.ignore_mute
        reports = None
        if args.report:
            from console.sim.report import write_reports

            reports = asyncio.get_running_loop().create_task(write_reports(fleet, args.report))
        try:
            await fleet.start()
            for site in fleet.sites[:args.raise_hands]:
                await site.set_hand(True)
        except asyncio.TimeoutError:
            await fleet.stop()
            print(f"opsconsole: error: the sites could not join {args.hub} (is the hub running? "
                  "is the token right?)", file=sys.stderr)
            return 1
        print(f"{len(sites)} simulated sites joined {args.hub}; Ctrl+C stops them", flush=True)
        await _until_interrupted()
        if reports is not None:
            reports.cancel()
        await fleet.stop()
        return 0

    return asyncio.run(main())


# --- probe -------------------------------------------------------------------------------

def _probe(args: argparse.Namespace) -> int:
    from console.cli_sites import resolve_site

    _setup(args)
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"opsconsole: error: --size must look like 640x360, not {args.size!r}", file=sys.stderr)
        return 2
    key = args.site
    if ":" not in key:
        directory = SiteDirectory.open(args.db or default_db_path())
        try:
            key = resolve_site(directory, key).key
        finally:
            directory.close()
    result = asyncio.run(probe(args.hub, _token(args), key, args.seconds, width, height))
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        _print_probe(result)
    return 0 if result["ok"] else 1


async def probe(hub_url: str, token: str, key: str, seconds: float, width: int, height: int) -> dict[str, Any]:
    """Subscribe to one site for ``seconds`` and report what arrived."""
    from console.media import MediaManager, View
    from console.signaling import ChannelClosed, HubClient, HubError, WebSocketChannel

    hub = HubClient(WebSocketChannel(hub_url, "console"), "console", token, agent="opsconsole-probe")
    result: dict[str, Any] = {"site": key, "ok": False, "error": None, "seconds": seconds, "frames": 0,
                              "fps": 0.0, "width": 0, "height": 0, "audio_level_db": None,
                              "bitrate_kbps": 0.0, "loss_pct": 0.0, "rtt_ms": None, "jitter_ms": 0.0,
                              "first_frame_ms": None}
    try:
        await hub.join()
    except (HubError, ChannelClosed) as error:
        result["error"] = f"cannot join the hub: {error}"
        return result
    manager = MediaManager(hub)
    try:
        session = await manager.subscribe(key, View(width, height))
        if session.state == "failed":
            result["error"] = session.error
            return result
        loop = asyncio.get_running_loop()
        started = loop.time()
        frames_at_first = 0
        while loop.time() - started < seconds and session.state in ("connecting", "live"):
            await asyncio.sleep(0.1)
            if session.first_frame_at is not None and result["first_frame_ms"] is None:
                result["first_frame_ms"] = round((session.first_frame_at - session.started_at) * 1000, 1)
                measure_from, frames_at_first = loop.time(), session.video.received
        totals = await _totals(session.pc)
        frames = session.video.received
        width, height = session.frame_size or (0, 0)
        lost, got = totals["packets_lost"], totals["packets_received"]
        result.update(frames=frames, width=width, height=height, jitter_ms=totals["jitter_ms"],
                      rtt_ms=session.stats.rtt_ms,
                      loss_pct=round(100 * lost / (got + lost), 2) if got + lost else 0.0,
                      bitrate_kbps=round(totals["bytes"] * 8 / max(1e-3, loop.time() - started) / 1000, 1))
        if session.first_frame_at is not None:
            result["fps"] = round((frames - frames_at_first) / max(1e-3, loop.time() - measure_from), 2)
        result["audio_level_db"] = round(session.audio.level_db, 1) if session.audio.frames else None
        result["audio_frames"] = session.audio.frames
        result["ok"] = frames > 0
        if not result["ok"]:
            result["error"] = session.error or f"no video frame arrived in {seconds:g} s"
    except HubError as error:
        result["error"] = str(error)
    finally:
        await manager.close()
        await hub.close()
    return result


async def _totals(pc) -> dict[str, float]:
    """Cumulative packets, loss, bytes and video jitter of a peer connection."""
    totals = {"packets_received": 0, "packets_lost": 0, "bytes": 0, "jitter_ms": 0.0}
    try:
        report = await pc.getStats()
    except Exception:  # the connection closed under us: report what the sinks saw
        return totals
    for stats in report.values():
        if stats.type == "inbound-rtp":
            totals["packets_received"] += stats.packetsReceived or 0
            totals["packets_lost"] += max(0, stats.packetsLost or 0)
            if stats.kind == "video" and stats.jitter is not None:
                totals["jitter_ms"] = round(stats.jitter / 90.0, 2)  # 90 kHz clock
        elif stats.type == "transport":
            totals["bytes"] += getattr(stats, "bytesReceived", 0) or 0
    return totals


def _print_probe(result: dict[str, Any]) -> None:
    if not result["ok"]:
        print(f"{result['site']}: NO MEDIA — {result['error']}")
        return
    audio = "none (muted or no microphone)" if result["audio_level_db"] is None else f"{result['audio_level_db']} dBFS"
    rtt = "n/a" if result["rtt_ms"] is None else f"{result['rtt_ms']} ms"
    print(f"{result['site']}: {result['frames']} frames in {result['seconds']:g} s "
          f"(first after {result['first_frame_ms']} ms)\n"
          f"  video   {result['width']}x{result['height']} at {result['fps']} fps, {result['bitrate_kbps']} kbps\n"
          f"  audio   {audio}\n"
          f"  link    loss {result['loss_pct']} %, jitter {result['jitter_ms']} ms, RTT {rtt}")
