"""`opsconsole bench ...`: benchmarks that print numbers beside a same-run reference."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from console.cli.args import count, media_workers, positive, seconds
from console.cli.client import UsageError


def add_parser(commands: Any) -> None:
    bench = commands.add_parser("bench", help="benchmarks (JSON with --json)")
    kinds = bench.add_subparsers(dest="bench", required=True, metavar="BENCH")
    p = kinds.add_parser("wall", help="receive N simulated sites at tile size; CPU per tile-frame vs ffmpeg")
    p.add_argument("--sites", type=positive, default=36, metavar="N")
    p.add_argument("--seconds", type=seconds, default=20.0, metavar="S")
    p.add_argument("--size", default="320x180", metavar="WxH", help="tile size asked of every site")
    p.add_argument("--warmup", type=float, default=3.0, metavar="S")
    p.add_argument("--unmuted", action="store_true", help="every site sends audio too (sites join muted)")
    p.add_argument("--no-reference", action="store_true", help="skip the ffmpeg reference")
    p.add_argument(
        "--media", choices=("p2p", "sfu"), default="p2p", help="peer to peer, or through a Janus shard (needs root)"
    )
    p.add_argument(
        "--sfu-path",
        choices=("forward", "webrtc"),
        default="forward",
        help="with --media sfu: the shard's forwards (native) or WebRTC subscriptions",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_wall, needs_directory=False)

    p = _console_bench(
        kinds, "gui", _gui, 36, "the whole console: presented fps per tile, CPU per tile-frame, UI stalls"
    )
    p.add_argument("--seconds", type=seconds, default=15.0, metavar="S")
    p.add_argument("--warmup", type=float, default=3.0, metavar="S")
    p.add_argument(
        "--media", choices=("p2p", "sfu"), default="p2p", help="peer to peer, or through a Janus shard (needs root)"
    )

    p = _console_bench(kinds, "focus", _focus, 9, "focus command to the first sharp frame in the focus tile, p50/p95")
    p.add_argument("--switches", type=positive, default=20, metavar="N")

    p = _console_bench(
        kinds, "latency", _latency, 36, "capture-to-display latency per tile (RTCP sender reports), p50/p95"
    )
    p.add_argument("--seconds", type=seconds, default=10.0, metavar="S")
    p.add_argument("--warmup", type=float, default=3.0, metavar="S")

    p = kinds.add_parser("moderation", help="mute to silence, unmute to sound, audio round trip, mix CPU")
    p.add_argument("--sites", type=positive, default=16, metavar="N")
    p.add_argument("--trials", type=positive, default=20, metavar="T", help="mute/unmute pairs")
    p.add_argument("--clicks", type=positive, default=15, help="round trips to time")
    p.add_argument("--video", default="160x90", metavar="WxH|none", help="video asked of every site meanwhile")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_moderation, needs_directory=False)

    p = kinds.add_parser(
        "presence", help="one hub, N sites online (own tokens): join time, roll-call, fan-out, hub RSS and CPU"
    )
    p.add_argument("--sites", type=positive, default=10810, metavar="N")
    p.add_argument("--processes", type=positive, default=3, metavar="P", help="child processes holding the sites")
    p.add_argument("--drop", type=count, default=1000, metavar="D", help="sites cut off at once")
    p.add_argument(
        "--roll-calls",
        type=positive,
        default=300,
        metavar="R",
        help="back-to-back national roll-calls; enough that both p99s rest on hundreds of samples",
    )
    p.add_argument("--steady", type=seconds, default=10.0, metavar="S", help="seconds of heartbeats measured")
    p.add_argument(
        "--hub-cpu",
        type=int,
        default=None,
        metavar="N",
        help="the hub alone on CPU N, everything else on the others (a deployed hub has its own server)",
    )
    p.add_argument(
        "--no-restart",
        dest="restart",
        action="store_false",
        help="skip the last step: the hub killed and restarted while every site comes back at once",
    )
    p.add_argument("--keep-logs", type=Path, default=None, metavar="DIR", help="copy the hubs' logs into DIR")
    p.add_argument(
        "--no-floor",
        dest="floor",
        action="store_false",
        help="skip the reference: a bare aiohttp server receiving the same heartbeats (hub_cpu_vs_floor)",
    )
    p.add_argument(
        "--store",
        metavar="URL",
        default=None,
        help="the hub on this PostgreSQL (postgresql://…, an empty database) instead of an SQLite file",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_presence, needs_directory=False)

    # The national meeting through Janus shards, beside the same N peer to peer.
    p = kinds.add_parser(
        "meeting",
        help="hub + K Janus shards + N cheap simulated sites + the console's media "
        "core: program reach, wall, SFU mute, CPU per site-second; then P2P",
    )
    p.add_argument("--sites", type=positive, default=60, metavar="N")
    p.add_argument("--shards", type=positive, default=2, metavar="K")
    p.add_argument("--seconds", type=seconds, default=15.0, metavar="S", help="measured window")
    p.add_argument("--warmup", type=seconds, default=3.0, metavar="S")
    p.add_argument(
        "--route",
        choices=("streaming", "videoroom"),
        default="streaming",
        help="how the program reaches the shards (rtp_forward->Streaming, or remote publishers)",
    )
    p.add_argument(
        "--listen-every",
        type=positive,
        default=10,
        metavar="K",
        help="sites decoding the program's audio: one in K (the rest count packets)",
    )
    p.add_argument(
        "--event-loops",
        type=int,
        default=0,
        metavar="L",
        help="Janus event_loops (0: a thread per handle, Janus's default)",
    )
    p.add_argument(
        "--tiles",
        type=positive,
        default=16,
        metavar="T",
        help="sites the console shows on its wall (at most 64; each decoded at 160x90)",
    )
    p.add_argument("--no-p2p", dest="p2p", action="store_false", help="skip the peer-to-peer comparison")
    p.add_argument(
        "--no-failover",
        dest="fail_over",
        action="store_false",
        help="do not kill a shard at the end (time until its sites are back elsewhere)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_meeting, needs_directory=False)

    p = kinds.add_parser(
        "board",
        help="the console (a real window) with N sites online while D leave and join "
        "at once: UI stalls beside idle and beside one GUI event per site",
    )
    p.add_argument("--sites", type=positive, default=10810, metavar="N")
    p.add_argument("--processes", type=positive, default=3, metavar="P", help="child processes holding the sites")
    p.add_argument("--drop", type=positive, default=1000, metavar="D", help="sites cut off at once, then back")
    p.add_argument("--rounds", type=positive, default=2, metavar="R", help="leave-and-join rounds")
    p.add_argument("--renderer", choices=("auto", "gl", "numpy"), default="numpy")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_board, needs_directory=False)

    p = kinds.add_parser(
        "links",
        help="the wall over four link classes (clean, 300 kbps, 5 %% loss, 150 ± 50 ms "
        "jitter): time live, freezes, picture size changes, delay",
    )
    p.add_argument("--sites-per-class", type=positive, default=4, metavar="N")
    p.add_argument("--seconds", type=seconds, default=60.0, metavar="S")
    p.add_argument("--warmup", type=seconds, default=10.0, metavar="S")
    p.add_argument(
        "--netem",
        action="store_true",
        help="shape the links in the network (a namespace per run: the kernel's token bucket, and a "
        "packet queue for delay, jitter and loss) instead of in the sims, and add a fifth class: "
        "100 kbps with a 300 ms round trip (needs root)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_links, needs_directory=False)

    p = kinds.add_parser(
        "soak",
        help="the console for minutes with a quarter of the sites killed every 10 s and "
        "the hub once: memory slope, stuck tiles, recovery",
    )
    p.add_argument("--sites", type=positive, default=36, metavar="N")
    p.add_argument("--minutes", type=seconds, default=10.0, metavar="M")
    p.add_argument("--churn", type=float, default=0.25, metavar="F", help="the share of sites killed each time")
    p.add_argument("--warmup", type=seconds, default=120.0, metavar="S", help="seconds before the memory slope counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_soak, needs_directory=False)

    p = kinds.add_parser(
        "recovery",
        help="kill the hub, then the console (a real window): seconds until every "
        "tile is live again; wall and mutes restored",
    )
    p.add_argument("--sites", type=positive, default=16, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_recovery, needs_directory=False)

    p = kinds.add_parser(
        "failover",
        help="two hubs on one PostgreSQL: kill the active one under N sites and a console; seconds "
        "until the standby serves, every site and the console are back; a single-hub restart beside it",
    )
    p.add_argument("--store", required=True, metavar="URL", help="the PostgreSQL both hubs share (postgresql://…)")
    p.add_argument("--sites", type=positive, default=50, metavar="N")
    p.add_argument(
        "--machines",
        action="store_true",
        help="each hub on a machine of its own (a network namespace; root), and the active hub's "
        "machine lost (silent: nothing in or out) instead of its process killed",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_failover, needs_directory=False)

    p = kinds.add_parser(
        "fuzz", help="malformed messages from the protocol table at a hub, while a good console and site work"
    )
    p.add_argument("--messages", type=positive, default=10000, metavar="N")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--flood-seconds",
        type=float,
        default=10.0,
        metavar="S",
        help="then joined consoles ping the hub flat out for S seconds while a good console "
        "times its controls (0: no flood)",
    )
    p.add_argument("--flooders", type=positive, default=4, metavar="N", help="flooding connections")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_fuzz, needs_directory=False)


def _presence(args: argparse.Namespace) -> int:
    from console.bench.presence import run_presence_bench

    _print(
        asyncio.run(
            run_presence_bench(
                args.sites,
                args.processes,
                args.drop,
                args.roll_calls,
                args.steady,
                hub_cpu=args.hub_cpu,
                restart=args.restart,
                keep_logs=args.keep_logs,
                store=args.store,
                floor=args.floor,
            )
        ),
        args.json,
    )
    return 0


def _meeting(args: argparse.Namespace) -> int:
    from console.bench.meeting import run_meeting_bench_until_signalled
    from console.janus.process import janus_unavailable_reason

    reason = janus_unavailable_reason()
    if reason:
        print(f"opsconsole: error: bench meeting runs Janus in a network namespace: {reason}", file=sys.stderr)
        return 1
    if args.shards > 8:
        print("opsconsole: error: --shards: at most 8 on one machine", file=sys.stderr)
        return 2
    try:
        result = asyncio.run(
            run_meeting_bench_until_signalled(
                args.sites,
                args.shards,
                args.seconds,
                args.warmup,
                args.route,
                args.p2p,
                args.listen_every,
                args.event_loops,
                args.tiles,
                args.fail_over,
            )
        )
    except asyncio.CancelledError:
        print("opsconsole: bench meeting interrupted; Janus and the children were stopped", file=sys.stderr)
        return 130
    _print(result, args.json)
    return 0


def _board(args: argparse.Namespace) -> int:
    _need_display()
    from console.bench.board import run_board_bench

    _print(run_board_bench(args.sites, args.processes, args.drop, args.rounds, renderer=args.renderer), args.json)
    return 0


def _links(args: argparse.Namespace) -> int:
    from console.bench.links import CLASSES, NETEM_CLASSES, run_links_bench, wall_for
    from console.bench.shaped_links import unavailable_reason

    try:
        wall_for(args.sites_per_class, len(NETEM_CLASSES if args.netem else CLASSES))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.netem and (reason := unavailable_reason()):
        raise UsageError(f"--netem: {reason}")
    _need_display()

    _print(run_links_bench(args.sites_per_class, args.seconds, args.warmup, netem=args.netem), args.json)
    return 0


def _soak(args: argparse.Namespace) -> int:
    _need_display()
    from console.bench.soak import run_soak_bench

    _print(run_soak_bench(args.sites, args.minutes, args.churn, warmup_s=args.warmup), args.json)
    return 0


def _recovery(args: argparse.Namespace) -> int:
    _need_display()
    from console.bench.recovery import run_recovery_bench

    _print(asyncio.run(run_recovery_bench(args.sites)), args.json)
    return 0


def _failover(args: argparse.Namespace) -> int:
    from console.bench.failover import run_failover_bench

    if args.machines:
        from console.janus.netns import unavailable_reason

        if reason := unavailable_reason():
            print(f"opsconsole bench failover: error: --machines: {reason}", file=sys.stderr)
            return 2
    _print(asyncio.run(run_failover_bench(args.store, args.sites, args.machines)), args.json)
    return 0


def _fuzz(args: argparse.Namespace) -> int:
    from console.bench.fuzz_hub import run_fuzz_bench

    _print(asyncio.run(run_fuzz_bench(args.messages, args.seed, args.flood_seconds, args.flooders)), args.json)
    return 0


def _console_bench(kinds: Any, name: str, run: Any, sites: int, help: str) -> argparse.ArgumentParser:
    """A bench that runs the whole console (as `demo`): the options they all share."""
    p = kinds.add_parser(name, help=help)
    p.add_argument("--sites", type=positive, default=sites, metavar="N")
    p.add_argument("--renderer", choices=("auto", "gl", "numpy"), default="auto")
    p.add_argument(
        "--no-program",
        dest="program",
        action="store_false",
        help="no program feed to the sites: the wall's own cost alone",
    )
    p.add_argument(
        "--media-workers",
        type=media_workers,
        default=1,
        metavar="N",
        help="1: the media core in its own process (default); 0: in the window's process",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run, needs_directory=False)
    return p


def _moderation(args: argparse.Namespace) -> int:
    from console.bench.moderation import run_moderation_bench

    video: tuple[int, int] | None = None
    if args.video != "none":
        width, height = (int(v) for v in args.video.lower().split("x"))
        video = (width, height)
    _print(asyncio.run(run_moderation_bench(args.sites, args.trials, video, args.clicks)), args.json)
    return 0


def _gui(args: argparse.Namespace) -> int:
    _need_display()
    from console.bench.gui import run_gui_bench

    _print(
        run_gui_bench(
            args.sites, args.seconds, args.warmup, args.renderer, args.program, args.media_workers, args.media
        ),
        args.json,
    )
    return 0


def _focus(args: argparse.Namespace) -> int:
    _need_display()
    from console.bench.gui import run_focus_bench

    _print(run_focus_bench(args.switches, args.sites, args.renderer, args.program, args.media_workers), args.json)
    return 0


def _latency(args: argparse.Namespace) -> int:
    _need_display()
    from console.bench.gui import run_latency_bench

    _print(
        run_latency_bench(args.sites, args.seconds, args.warmup, args.renderer, args.program, args.media_workers),
        args.json,
    )
    return 0


def _need_display() -> None:
    import os

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # measurable without a screen; GL needs one


def _print(result: dict, as_json: bool) -> None:
    if as_json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        for key, value in result.items():
            print(f"{key:>30}  {value}")


def _wall(args: argparse.Namespace) -> int:
    from console.bench.wall import run_wall_bench

    width, height = (int(v) for v in args.size.lower().split("x"))
    result = asyncio.run(
        run_wall_bench(
            args.sites,
            args.seconds,
            width,
            height,
            args.warmup,
            reference=not args.no_reference,
            unmuted=args.unmuted,
            media=args.media,
            native=args.sfu_path == "forward",
        )
    )
    _print(result, args.json)
    return 0
