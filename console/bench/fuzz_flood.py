"""The fuzz bench's control-frame flood: joined consoles ping the hub as fast as a socket takes it.

Frames are written raw, ten thousand masked pings per write, from a child process: the good
console's round trips measure the hub, not the flooders' loop. A flooder the hub closes
joins again and goes on (as an attacker would), until the phase's time or ping count is spent.
Reported: the good console's control round trips during the flood, what the hub did with the
flooders (close codes), and how many pings went out.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import psutil

from console.bench.fuzz import FuzzReport, FuzzTokens, GoodPair
from console.processes import bound_to_us, end_with_parent

PINGS_PER_WRITE = 10_000
PING = bytes([0x89, 0x80]) + b"\0\0\0\0"  # FIN + ping, masked (a client must mask), empty payload
TARGET_CONTROL_P95_MS = 20.0


@dataclass
class FloodReport:
    pings: int = 0
    connections: int = 0
    close_codes: dict[str, int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


async def run_control_flood(
    hub_url: str,
    tokens: FuzzTokens,
    seconds: float = 10.0,
    flooders: int = 4,
    max_pings: int = 50_000_000,
    hub_pid: int | None = None,
) -> dict[str, Any]:
    """Flood for ``seconds`` (or until ``max_pings`` are sent) from ``flooders`` connections while
    the good pair sends controls back to back; only 127.0.0.1 is ever a target."""
    _loopback(hub_url)
    report = FuzzReport()
    good = GoodPair(hub_url, tokens, report)
    await good.join()
    hub = psutil.Process(hub_pid) if hub_pid else None
    stop = asyncio.Event()
    worker = asyncio.get_running_loop().create_task(good.work(stop))
    try:
        await asyncio.sleep(seconds)  # the reference: the same round trips on the same machine, no flood
        quiet = len(report.control_ms)
        hub_cpu_before = _cpu(hub)
        started = time.perf_counter()
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "console.bench.fuzz_flood",
            "--hub",
            hub_url,
            "--token",
            tokens.evil_console,
            "--seconds",
            str(seconds),
            "--flooders",
            str(flooders),
            "--max-pings",
            str(max_pings),
            stdout=asyncio.subprocess.PIPE,
            **bound_to_us(),
        )
        out, _ = await child.communicate()
        flooded_s = time.perf_counter() - started
        hub_cpu = (_cpu(hub) - hub_cpu_before) / flooded_s if hub else None
    finally:
        stop.set()
        await worker
        await good.still_hears()
        await good.close()
    flood = json.loads(out or b"{}")
    during = report.control_ms[quiet:]
    return {
        "flood_seconds": round(flooded_s, 1),
        "flood_connections": flood.get("connections"),
        "flood_pings": flood.get("pings"),
        "flood_close_codes": flood.get("close_codes"),
        "flood_refused": flood.get("refused", [])[:5],
        "flood_hub_cpu_share": round(hub_cpu, 2) if hub_cpu is not None else None,
        "flood_good_controls": len(during),
        "flood_good_control_failures": len(report.control_failures),
        "flood_control_p50_ms": _percentile(during, 0.5),
        "flood_control_p95_ms": _percentile(during, 0.95),
        "flood_control_p95_target_ms": TARGET_CONTROL_P95_MS,
        "no_flood_control_p50_ms": _percentile(report.control_ms[:quiet], 0.5),
        "no_flood_control_p95_ms": _percentile(report.control_ms[:quiet], 0.95),
        "flood_good_peer_drops": report.good_peer_drops,
        "flood_deaf": report.deaf,
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values) or [0.0]
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 2)


def _cpu(process: psutil.Process | None) -> float:
    if process is None:
        return 0.0
    times = process.cpu_times()
    return times.user + times.system


async def flood(hub_url: str, token: str, seconds: float, flooders: int, max_pings: int) -> FloodReport:
    """The flooders themselves (the child process)."""
    host, port = _loopback(hub_url)
    report = FloodReport()
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(_flooder(host, port, token, report, deadline, max_pings // flooders) for _ in range(flooders))
    )
    return report


def _loopback(hub_url: str) -> tuple[str, int]:
    parts = urlsplit(hub_url)
    if parts.hostname != "127.0.0.1" or parts.scheme != "http":
        raise ValueError(f"the flood goes to a hub on http://127.0.0.1 only, not {hub_url}")
    return parts.hostname, parts.port or 80


async def _flooder(host: str, port: int, token: str, flood: FloodReport, deadline: float, budget: int) -> None:
    sent = 0
    while time.monotonic() < deadline and sent < budget:
        try:
            reader, writer = await _join(host, port, token)
        except (OSError, ConnectionError, ValueError) as exc:
            flood.refused.append(str(exc))
            await asyncio.sleep(0.1)
            continue
        flood.connections += 1
        closed = asyncio.get_running_loop().create_task(_close_code(reader))
        burst = PING * PINGS_PER_WRITE
        try:
            while not closed.done() and time.monotonic() < deadline and sent < budget:
                writer.write(burst)
                await writer.drain()
                sent += PINGS_PER_WRITE
                flood.pings += PINGS_PER_WRITE
        except (ConnectionError, OSError):
            pass
        writer.close()
        try:
            code = await asyncio.wait_for(closed, 5)
        except TimeoutError:
            code = "none (flood over)"
        flood.close_codes[str(code)] = flood.close_codes.get(str(code), 0) + 1


async def _join(host: str, port: int, token: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A WebSocket handshake and a hello as a console, by hand; the welcome is skipped by the reader."""
    reader, writer = await asyncio.open_connection(host, port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        f"GET /ws/console HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    if not head.startswith(b"HTTP/1.1 101"):
        writer.close()
        raise ValueError(f"no upgrade: {head[:40]!r}")
    writer.write(_text_frame(json.dumps({"type": "hello", "role": "console", "token": token}).encode()))
    return reader, writer


def _text_frame(payload: bytes) -> bytes:
    """A masked text frame (the mask of zeros leaves the payload as it is)."""
    if len(payload) < 126:
        return bytes([0x81, 0x80 | len(payload)]) + b"\0\0\0\0" + payload
    return bytes([0x81, 0x80 | 126]) + len(payload).to_bytes(2, "big") + b"\0\0\0\0" + payload


async def _close_code(reader: asyncio.StreamReader) -> Any:
    """Read the hub's frames (pongs, the welcome) until its close frame: its code."""
    try:
        while True:
            first, second = await reader.readexactly(2)
            length = second & 0x7F
            if length == 126:
                length = int.from_bytes(await reader.readexactly(2), "big")
            elif length == 127:
                length = int.from_bytes(await reader.readexactly(8), "big")
            payload = await reader.readexactly(length)
            if first & 0x0F == 0x8:
                return int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
    except (asyncio.IncompleteReadError, ConnectionError):
        return "cut"


def main() -> None:
    end_with_parent()
    # The flooders stand for another machine: on the bench's machine they take only the CPU the
    # hub and the good console leave, so that what is measured is what the flood costs the hub.
    os.nice(19)
    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--hub", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--flooders", type=int, default=4)
    parser.add_argument("--max-pings", type=int, default=50_000_000)
    args = parser.parse_args()
    report = asyncio.run(flood(args.hub, args.token, args.seconds, args.flooders, args.max_pings))
    print(json.dumps(asdict(report)), flush=True)


if __name__ == "__main__":
    main()
