"""`opsconsole probe`: subscribe to one site and report its link."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from console.cli.args import seconds
from console.cli.client import add_client_options, client_token, hub_addresses, setup, store_location
from console.cli.sites import resolve_site
from console.directory import SiteDirectory
from console.signaling.hub_address import HubAddress
from console.signaling.hub_list import HubList, join_any, reached_like

# The link's setup (ICE, DTLS, the first keyframe) is not part of what is watched: it may take
# seconds on a busy machine or a slow link, and a probe that spent them connecting would report
# a few frames and a loss figure from a handful of packets. This is how long it may take.
FIRST_FRAME_WAIT_S = 15.0


def add_parser(commands: Any) -> None:
    p = commands.add_parser("probe", help="check one site's link: frames, fps, audio, bitrate, loss, RTT")
    p.add_argument("site", help="GSO code or key, e.g. 26734 or commune:26734")
    p.add_argument(
        "--seconds", type=seconds, default=5.0, metavar="S", help="how long to watch from the first frame (default 5)"
    )
    p.add_argument("--size", default="640x360", metavar="WxH", help="resolution to ask for")
    p.add_argument(
        "--unmute",
        action="store_true",
        help="open the site's microphone for the probe's duration (sites join muted), then mute it "
        "again; needs the operator role, audited",
    )
    p.add_argument("--json", action="store_true")
    add_client_options(p)
    p.set_defaults(run=_probe, needs_directory=False)


def _probe(args: argparse.Namespace) -> int:
    setup(args, media=True)
    addresses = hub_addresses(args)  # the hubs of a pair: the probe joins the active one
    address = addresses[0]
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"opsconsole: error: --size must look like 640x360, not {args.size!r}", file=sys.stderr)
        return 2
    key = args.site
    if ":" not in key:
        directory = SiteDirectory.open(store_location(args))
        try:
            key = resolve_site(directory, key).key
        finally:
            directory.close()
    result = asyncio.run(
        probe(addresses, client_token(args, address), key, args.seconds, width, height, unmute=args.unmute)
    )
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        _print_probe(result)
    return 0 if result["ok"] else 1


async def probe(
    hub: HubAddress | str | list[HubAddress] | list[str],
    token: str,
    key: str,
    seconds: float,
    width: int,
    height: int,
    unmute: bool = False,
) -> dict[str, Any]:
    """Subscribe to one site, watch it for ``seconds`` from its first frame (which may take up to
    ``FIRST_FRAME_WAIT_S``) and report what arrived (with ``unmute``, its microphone open
    meanwhile: a technician can hear it)."""
    from console.media import MediaManager, View
    from console.signaling import ChannelClosed, HubClient, HubError, WebSocketChannel

    hubs = HubList(hub if isinstance(hub, list) else [hub], make=reached_like(hub))

    async def join(address: HubAddress | str) -> HubClient:
        joining = HubClient(WebSocketChannel(address, "console"), "console", token, agent="opsconsole-probe")
        try:
            await joining.join()
        except BaseException:
            await joining.close()
            raise
        return joining

    result: dict[str, Any] = {
        "site": key,
        "ok": False,
        "error": None,
        "seconds": seconds,
        "frames": 0,
        "fps": 0.0,
        "width": 0,
        "height": 0,
        "audio_level_db": None,
        "bitrate_kbps": 0.0,
        "loss_pct": 0.0,
        "rtt_ms": None,
        "jitter_ms": 0.0,
        "first_frame_ms": None,
        "media_path": None,
        "error_code": None,  # the failure named: no_media_path, media_connection_failed, …
    }
    try:  # the hubs of a pair in turn, to the active one (hub_list.py)
        client = await join_any(hubs, join)
    except (HubError, ChannelClosed) as error:
        hub_url = _url(hubs.current)
        result["error"] = _nothing_listens(hub_url) if _refused(error) else f"cannot join the hub: {error}"
        return result
    manager = MediaManager(client)
    try:
        session = await manager.subscribe(key, View(width, height))
        if session.state == "failed":
            result["error"], result["error_code"] = session.error, session.error_code
            return result
        if unmute:
            reply = await client.request({"type": "control", "site": key, "action": "unmute_audio"})
            result["unmuted"] = bool(reply.get("ok"))
        loop = asyncio.get_running_loop()
        started = loop.time()
        measure_from: float | None = None
        frames_at_first = 0
        first_frame_wait = max(seconds, FIRST_FRAME_WAIT_S)
        while session.state in ("connecting", "live"):
            await asyncio.sleep(0.1)
            if session.first_frame_at is not None and measure_from is None:
                result["first_frame_ms"] = round((session.first_frame_at - session.started_at) * 1000, 1)
                measure_from, frames_at_first = loop.time(), session.video.received
            if measure_from is None and loop.time() - started >= first_frame_wait:
                break
            if measure_from is not None and loop.time() - measure_from >= seconds:
                break
        result["media_path"] = _media_path(session.pc, client.ice_servers)
        if session.state == "failed":  # how long the operator waited to be told
            result["failed_after_ms"] = round((time.monotonic() - session.started_at) * 1000)
        totals = await _totals(session.pc)
        frames = session.video.received
        width, height = session.frame_size or (0, 0)
        lost, got = totals["packets_lost"], totals["packets_received"]
        result.update(
            frames=frames,
            width=width,
            height=height,
            jitter_ms=totals["jitter_ms"],
            rtt_ms=session.stats.rtt_ms,
            loss_pct=round(100 * lost / (got + lost), 2) if got + lost else 0.0,
            bitrate_kbps=round(totals["bytes"] * 8 / max(1e-3, loop.time() - started) / 1000, 1),
        )
        if measure_from is not None:
            result["fps"] = round((frames - frames_at_first) / max(1e-3, loop.time() - measure_from), 2)
        result["audio_level_db"] = round(session.audio.level_db, 1) if session.audio.frames else None
        result["audio_frames"] = session.audio.frames
        result["ok"] = frames > 0
        if not result["ok"]:
            result["error"] = session.error or f"no video frame arrived in {first_frame_wait:g} s"
            result["error_code"] = session.error_code or None
    except HubError as error:
        result["error"] = str(error)
    finally:
        if result.get("unmuted"):
            try:  # sites join muted: leave it as the room expects it
                await client.request({"type": "control", "site": key, "action": "mute_audio"})
            except (HubError, ChannelClosed) as error:
                result["error"] = result["error"] or f"could not mute the site again: {error}"
        await manager.close()
        await client.close()
    return result


def _media_path(pc, ice_servers) -> dict[str, Any] | None:
    """Direct, through NAT or relayed (and how), from the candidate pair ICE chose."""
    from console.rtc.ice_servers import relay_transport
    from console.rtc.media_path import media_path

    path = media_path(pc, relay_transport(ice_servers))
    return path.as_dict() if path is not None else None


def _refused(error: Exception) -> bool:
    """Nothing listens at the address (as opposed to a hub that answered, or a TLS problem)."""
    import aiohttp

    cause = error.__cause__
    return isinstance(cause, (aiohttp.ClientConnectorError, ConnectionRefusedError)) and not isinstance(
        cause, (aiohttp.ClientConnectorCertificateError, aiohttp.ClientConnectorSSLError)
    )


def _nothing_listens(url: str) -> str:
    return f"no hub answers at {url}; if the hub runs on another address or port, pass it: --hub http://HOST:PORT"


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
    print(
        f"{result['site']}: {result['frames']} frames in {result['seconds']:g} s "
        f"(first after {result['first_frame_ms']} ms)\n"
        f"  video   {result['width']}x{result['height']} at {result['fps']} fps, {result['bitrate_kbps']} kbps\n"
        f"  audio   {audio}\n"
        f"  link    loss {result['loss_pct']} %, jitter {result['jitter_ms']} ms, RTT {rtt}"
    )
    path = result.get("media_path")
    if path:
        how = path["path"] + (f" ({path['relay_transport']} to the relay)" if path["relay_transport"] else "")
        print(f"  path    {how}: {path['local']} -> {path['remote']}")


def _url(address: HubAddress | str) -> str:
    return address.url if isinstance(address, HubAddress) else str(address)
