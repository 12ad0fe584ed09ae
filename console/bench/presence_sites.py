"""Many sites that only join and beat: real protocol clients, each with its own site token.

``python -m console.bench.presence_sites --hub URL --tokens FILE`` joins every site in the
file (a JSON list of ``[key, token]``) over its own WebSocket, sends a heartbeat every
``heartbeat_s``, and prints one JSON line when all have joined (``{"joined": N, "errors": E}``).
No media: this is what presence costs the hub. Killing the process cuts every connection at
once, as a province losing its network would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sys

import aiohttp

from console.processes import end_with_parent

CONCURRENT_JOINS = 200  # connections being opened at once per process


async def _join(session: aiohttp.ClientSession, url: str, token: str, unmuted: bool, hand: bool):
    """One connection and hello; the open socket and its welcome."""
    ws = await session.ws_connect(url, max_msg_size=0, autoping=True)
    try:
        await ws.send_str(
            json.dumps(
                {"type": "hello", "role": "site", "token": token, "state": {"muted": not unmuted, "client": "bench"}}
            )
        )
        welcome = json.loads((await ws.receive(timeout=30)).data)
    except BaseException:
        await ws.close()
        raise
    if welcome.get("type") != "welcome":
        await ws.close()
        raise ConnectionRefusedError(f"refused: {welcome}")
    if hand:  # the board's picture: a few sites ask to speak
        await ws.send_str('{"type":"raise_hand","raised":true}')
    return ws, welcome


async def _beat(ws, interval: float) -> None:
    """Heartbeats until the connection ends."""
    await asyncio.sleep(random.uniform(0, interval))  # spread the beats over the interval
    try:
        while not ws.closed:
            await ws.send_str('{"type":"heartbeat"}')
            try:  # read what the hub sends (nothing, mostly), so its queue never fills
                msg = await ws.receive(timeout=interval)
                if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    return
            except TimeoutError:
                pass
    except (ConnectionError, RuntimeError):
        return


async def one_site(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    joined: asyncio.Queue,
    gate: asyncio.Semaphore,
    unmuted: bool = False,
    hand: bool = False,
    reconnect_for_s: float = 0.0,
) -> None:
    async with gate:
        try:
            ws, welcome = await _join(session, url, token, unmuted, hand)
        except Exception as exc:  # counted, not fatal: the bench reports errors
            await joined.put(f"{type(exc).__name__}: {exc}")
            return
    await joined.put(None)
    await _beat(ws, float(welcome.get("heartbeat_s", 5)))
    if reconnect_for_s <= 0:
        return
    # The hub went away: every site comes back at once, not paced on our side (the stampede
    # after a hub restart is the hub's to survive). A failed attempt waits 0.5-2 s; a site
    # gives up after reconnect_for_s, so the load is bounded in time.
    deadline = asyncio.get_running_loop().time() + reconnect_for_s
    while asyncio.get_running_loop().time() < deadline:
        try:
            ws, welcome = await _join(session, url, token, unmuted, hand)
        except Exception:
            await asyncio.sleep(random.uniform(0.5, 2.0))
            continue
        await _beat(ws, float(welcome.get("heartbeat_s", 5)))
        return


async def run(
    hub: str, tokens: list[tuple[str, str]], unmuted: int = 0, hands: int = 0, reconnect_for_s: float = 0.0
) -> None:
    url = hub.replace("http", "ws", 1).rstrip("/") + "/ws/site"
    joined: asyncio.Queue = asyncio.Queue()
    gate = asyncio.Semaphore(CONCURRENT_JOINS)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        tasks = [
            asyncio.create_task(one_site(session, url, token, joined, gate, i < unmuted, i < hands, reconnect_for_s))
            for i, (_, token) in enumerate(tokens)
        ]
        errors: list[str] = []
        for _ in tokens:
            result = await joined.get()
            if result is not None:
                errors.append(result)
        print(
            json.dumps({"joined": len(tokens) - len(errors), "errors": len(errors), "first_errors": errors[:3]}),
            flush=True,
        )
        await asyncio.gather(*tasks)


def main() -> None:
    end_with_parent()
    parser = argparse.ArgumentParser(allow_abbrev=False)
    parser.add_argument("--hub", required=True)
    parser.add_argument("--tokens", required=True, help="a JSON file: [[key, token], ...]")
    parser.add_argument("--unmuted", type=int, default=0, metavar="K", help="the first K join unmuted")
    parser.add_argument("--raise-hands", type=int, default=0, metavar="K", help="the first K raise their hand")
    parser.add_argument(
        "--reconnect-for",
        type=float,
        default=0.0,
        metavar="S",
        help="when the hub goes away, come back at once, trying for at most S seconds",
    )
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with open(args.tokens, encoding="utf-8") as f:
        tokens = [tuple(pair) for pair in json.load(f)]
    try:
        asyncio.run(run(args.hub, tokens, args.unmuted, args.raise_hands, args.reconnect_for))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
