"""`opsconsole sim`: simulated commune sites publishing video and audio to a hub."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
from pathlib import Path
from typing import Any

from console.cli.args import count
from console.cli.client import (
    UsageError,
    add_client_options,
    client_token,
    fail,
    hub_addresses,
    setup,
    store_location,
)
from console.directory import SiteDirectory


def add_parser(commands: Any) -> None:
    p = commands.add_parser("sim", help="simulated commune sites publishing video and audio")
    p.add_argument("--sites", type=count, default=36, metavar="N")
    p.add_argument("--from-group", metavar="G", help="simulate the sites of this group")
    p.add_argument("--unmuted", action="store_true", help="join with the microphone open (sites join muted)")
    p.add_argument("--loss", type=float, default=0.0, metavar="PCT", help="drop this %% of outgoing packets")
    p.add_argument("--delay", type=float, default=0.0, metavar="MS", help="delay outgoing packets")
    p.add_argument(
        "--jitter",
        type=float,
        default=0.0,
        metavar="MS",
        help="each packet's delay varies by up to ± MS (some arrive out of order)",
    )
    p.add_argument(
        "--bandwidth",
        type=float,
        default=0.0,
        metavar="KBPS",
        help="the uplink carries at most KBPS (a bottleneck with a 250 ms buffer); 0: no limit",
    )
    p.add_argument(
        "--rejoin-every",
        type=float,
        default=0.0,
        metavar="S",
        help="drop the connection and join again every S seconds",
    )
    p.add_argument(
        "--raise-hands",
        type=count,
        default=0,
        metavar="K",
        help="the first K sites raise their hand once joined (request to speak)",
    )
    p.add_argument("--steady-tone", action="store_true", help="tones without pauses between bursts")
    p.add_argument(
        "--echo",
        action="store_true",
        help="a site in a talk says back what it hears of the program (round-trip benchmark)",
    )
    p.add_argument("--watch-program", action="store_true", help="receive and decode the program video too")
    # Benchmarks of the national meeting: cheap sites, what they got, a faulty one.
    p.add_argument(
        "--listen-every",
        type=count,
        default=1,
        metavar="K",
        help="decode the program's audio at one site in K (the others count packets only)",
    )
    p.add_argument(
        "--count-program",
        action="store_true",
        help="take the program video but count its packets instead of decoding it",
    )
    p.add_argument(
        "--ignore-mute",
        type=count,
        default=0,
        metavar="K",
        help="the first K sites acknowledge a mute and keep sending (the SFU must stop them)",
    )
    p.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="rewrite FILE every second with what each site received of the program (JSON)",
    )
    p.add_argument(
        "--site-tokens",
        type=Path,
        metavar="FILE",
        help="each site joins with its own token: a JSON object of site key to token (`sites issue` "
        "gives them), for a hub on another machine, where this machine's local token is refused",
    )
    add_client_options(p)
    p.set_defaults(run=_sim, needs_directory=False)


def site_tokens(path: Path, sites: list) -> dict[str, str]:
    """The tokens of ``--site-tokens``, one for each of ``sites``; UsageError saying what is wrong."""
    try:
        tokens = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"--site-tokens {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(f"--site-tokens {path}: not JSON ({exc})") from None
    if not isinstance(tokens, dict) or not all(isinstance(v, str) and v for v in tokens.values()):
        raise UsageError(f"--site-tokens {path}: expected an object of site key to token")
    missing = [s.key for s in sites if s.key not in tokens]
    if missing:
        raise UsageError(
            f"--site-tokens {path}: no token for {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}"
        )
    return {s.key: tokens[s.key] for s in sites}


async def until_interrupted() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()


def _sim(args: argparse.Namespace) -> int:
    from console.sim.clips import site_variant
    from console.sim.faults import Faults
    from console.sim.fleet import SiteFleet, pick_sites, warm_clip_cache
    from console.sim.site import SiteSettings

    setup(args, media=True)
    addresses = hub_addresses(args)  # the hubs of a pair: a site goes to the next when one is lost
    address = addresses[0]
    try:
        faults = Faults(args.loss, args.delay, args.rejoin_every, args.jitter, args.bandwidth)
    except ValueError as exc:
        return fail(str(exc), 2)
    directory = SiteDirectory.open(store_location(args))
    try:
        sites = pick_sites(directory, args.sites, args.from_group)
    finally:
        directory.close()
    if not sites:
        return fail("no sites to simulate")
    token: str | dict[str, str] = (
        site_tokens(args.site_tokens, sites) if args.site_tokens else client_token(args, address)
    )
    warm_clip_cache({site_variant(s.code) for s in sites})

    async def main() -> int:
        from console.rtc.closing import quiet_connect_after_close

        quiet_connect_after_close(asyncio.get_running_loop())
        settings = SiteSettings(
            muted=not args.unmuted,
            steady_tone=args.steady_tone,
            echo=args.echo,
            watch_program=args.watch_program,
            count_program=args.count_program,
        )
        fleet = SiteFleet(addresses, token, sites, faults, settings=settings)
        for index, site in enumerate(fleet.sites):
            site.settings.listen_program = site.sfu.listen = index % args.listen_every == 0
            site.settings.ignore_mute = index < args.ignore_mute
        reports = None
        if args.report:
            from console.sim.report import write_reports

            reports = asyncio.get_running_loop().create_task(write_reports(fleet, args.report))
        try:
            await fleet.start()
            for site in fleet.sites[: args.raise_hands]:
                await site.set_hand(True)
        except TimeoutError:
            await fleet.stop()
            return fail(f"the sites could not join {address.url} (is the hub running? is the token right?)")
        print(f"{len(sites)} simulated sites joined {address.url}; Ctrl+C stops them", flush=True)
        await until_interrupted()
        if reports is not None:
            reports.cancel()
        await fleet.stop()
        return 0

    return asyncio.run(main())
