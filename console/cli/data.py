"""`opsconsole data serve-sample | check`: the sample indicator server, and a check of
any data source against the schema (docs/data.md). ``add_source_options`` gives the console's
commands their ``--data-url`` / ``--data-file`` options."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from console.cli.args import port, seconds

DEFAULT_SAMPLE_PORT = 8770


def add_parser(commands: Any) -> None:
    data = commands.add_parser("data", help="real-time indicator data: the sample server, checking a source")
    verbs = data.add_subparsers(dest="data_command", required=True, metavar="VERB")
    p = verbs.add_parser("serve-sample", help="serve synthetic indicators (labelled SAMPLE DATA) over HTTP")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port",
        type=port,
        default=DEFAULT_SAMPLE_PORT,
        help=f"port (default {DEFAULT_SAMPLE_PORT}; 0 picks a free one)",
    )
    p.add_argument("--step", type=seconds, default=10.0, metavar="S", help="a new point every S seconds (default 10)")
    p.set_defaults(run=_serve_sample)
    p = verbs.add_parser("check", help="read a data source once and say whether it follows docs/data.md")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--url", help="an HTTP(S) endpoint answering JSON or CSV")
    group.add_argument("--file", help="a JSON or CSV file")
    p.add_argument("--timeout", type=seconds, default=5.0, metavar="S")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_check, needs_directory=False)


def add_source_options(parser: argparse.ArgumentParser, sample_by_default: bool) -> None:
    """The console's data source: ``--data-url`` or ``--data-file``; the demo shows the sample
    server's by default (``--no-data`` for none), the real console only with ``--sample-data``."""
    group = parser.add_mutually_exclusive_group()
    default = (
        "default: the built-in sample server, labelled SAMPLE DATA" if sample_by_default else "default: no data panel"
    )
    group.add_argument(
        "--data-url",
        type=_data_url,
        metavar="URL",
        help=f"poll indicator data from this URL (JSON or CSV, docs/data.md; {default})",
    )
    group.add_argument("--data-file", metavar="PATH", help="watch this JSON or CSV file for indicator data")
    if sample_by_default:
        group.add_argument("--no-data", action="store_true", help="no data panel")
    else:
        group.add_argument(
            "--sample-data",
            action="store_true",
            help="the built-in sample server's indicators (labelled SAMPLE DATA everywhere)",
        )
    parser.add_argument(
        "--data-interval", type=seconds, default=5.0, metavar="S", help="poll the data URL every S seconds (default 5)"
    )
    parser.add_argument(
        "--data-max-age",
        type=seconds,
        default=None,
        metavar="S",
        help="data whose own timestamp is older than S seconds shows as stale (default: never)",
    )


def _data_url(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"a data URL starts with http:// or https://, got {text!r}")
    return text


def _serve_sample(directory, args: argparse.Namespace) -> int:
    from console.data.sample import SampleData, SampleServer, provinces_of

    provinces = provinces_of(directory)
    if not provinces:
        print("opsconsole: error: the directory has no provinces to make sample data for", file=sys.stderr)
        return 1

    async def main() -> int:
        server = await SampleServer(SampleData(provinces, step_s=args.step), args.host, args.port).start()
        print(
            f"SAMPLE DATA (synthetic, not real figures) for {len(provinces)} provinces at {server.url} "
            f"(CSV: {server.url.removesuffix('.json')}.csv); Ctrl+C stops it",
            flush=True,
        )
        from console.cli.sim import until_interrupted

        try:
            await until_interrupted()
        finally:
            await server.stop()
        return 0

    return asyncio.run(main())


def _check(args: argparse.Namespace) -> int:
    from console.data import DataFeed, source_for

    try:
        source = source_for(url=args.url, path=args.file)
    except ValueError as exc:
        print(f"opsconsole: error: {exc}", file=sys.stderr)
        return 2
    feed = DataFeed(source, timeout_s=args.timeout)

    async def once():
        try:
            return await feed.poll()
        finally:
            await source.close()

    state = asyncio.run(once())
    data = state.data
    report = {
        "source": state.source,
        "ok": state.current,
        "status": state.status,
        "reason": state.reason,
        "via": state.via or None,
    }
    if data is not None:
        report.update(
            updated_at=data.updated_at.isoformat(),
            sample=data.sample,
            title=data.title,
            indicators=list(data.indicators),
            series=len(data.series),
            provinces=len({s.area for s in data.series.values() if s.area.startswith("province:")}),
        )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif data is not None:
        print(
            f"{state.source}: OK{' (SAMPLE DATA)' if data.sample else ''} — data of {data.updated_at.isoformat()}, "
            f"{len(data.indicators)} indicators ({', '.join(data.indicators)}), {len(data.series)} series, "
            f"{report['provinces']} provinces" + (f"; redirected to {state.via}" if state.via else "")
        )
    else:
        print(f"{state.source}: NOT USABLE — {state.reason}")
    return 0 if state.current else 1


def data_options(args: argparse.Namespace):
    """The console's DataOptions from ``add_source_options``' arguments (None: ``--no-data``)."""
    if getattr(args, "no_data", False):
        return None
    if not (args.data_url or args.data_file or getattr(args, "sample_data", True)):
        return None  # the real console without a source: no data panel
    from console.app.wire_data import DataOptions  # Qt loads only for the GUI

    return DataOptions(
        url=args.data_url, file=args.data_file, interval_s=args.data_interval, max_age_s=args.data_max_age
    )
