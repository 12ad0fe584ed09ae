"""`opsconsole record CODE --seconds S --out FILE` and `opsconsole recordings …`.

``record`` subscribes to one site as a console does, tells the site it is recorded
(``set_recording``, audited by the hub with the operator's name), writes what arrives into a
WebM file without re-encoding, and lists it with the console's recordings. Lines typed on
standard input while it records become bookmarks (a note at that moment).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from console.cli.args import count, positive, seconds
from console.cli.client import add_client_options, client_token, hub_addresses, setup
from console.directory import SiteDirectory, default_db_path


def add_parsers(commands: Any) -> None:
    p = commands.add_parser("record", help="record one site's video and audio into a WebM file (no re-encoding)")
    p.add_argument("site", help="GSO code, key or name, e.g. 70 or commune:70")
    p.add_argument("--seconds", type=seconds, required=True, metavar="S", help="how long to record")
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="the WebM file to write (default: a new file in the recordings folder beside --db)",
    )
    p.add_argument(
        "--size",
        default="640x360",
        metavar="WxH",
        help="the picture size to ask the site for (default 640x360; it sends the nearest it has)",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_client_options(p)
    p.set_defaults(run=_record, needs_directory=False)

    p = commands.add_parser("recordings", help="the recordings list: list, export, delete, prune by age")
    verbs = p.add_subparsers(dest="recordings_command", required=True, metavar="VERB")
    v = verbs.add_parser("list", help="newest first")
    v.add_argument("--json", action="store_true")
    v.add_argument("--limit", type=positive, default=50)
    v.set_defaults(run=_list)
    v = verbs.add_parser("export", help="copy a recording (bookmarks are chapters inside it) elsewhere")
    v.add_argument("id", type=positive)
    v.add_argument("destination", type=Path, help="a file or a folder")
    v.set_defaults(run=_export)
    v = verbs.add_parser("delete", help="delete a recording's file and its entry")
    v.add_argument("id", type=positive)
    v.set_defaults(run=_delete)
    v = verbs.add_parser("prune", help="delete recordings older than N days (the retention rule)")
    v.add_argument("--older-than", type=count, required=True, metavar="DAYS", help="days; 0 deletes nothing")
    v.set_defaults(run=_prune)


# --- record ----------------------------------------------------------------------------


def _record(args: argparse.Namespace) -> int:
    from console.cli.sites import resolve_site
    from console.recording import RecordingError, check_writable
    from console.recording.catalog import file_name, recordings_folder

    setup(args, media=True)
    addresses = hub_addresses(args)  # the hubs of a pair: the recorder joins the active one
    address = addresses[0]
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        print(f"opsconsole: error: --size must look like 640x360, not {args.size!r}", file=sys.stderr)
        return 2
    db_path = args.db or default_db_path()
    directory = SiteDirectory.open(db_path)
    try:
        site = resolve_site(directory, args.site)
    finally:
        directory.close()
    out = args.out or recordings_folder(db_path) / file_name(site.key)
    if args.out is None:
        out.parent.mkdir(parents=True, exist_ok=True)
    try:
        check_writable(out)  # before anyone is told they are recorded
    except RecordingError as exc:
        print(f"opsconsole: error: {exc}", file=sys.stderr)
        return 1
    out.unlink()
    # A file-size limit (ulimit -f) must end the recording with a reason, not kill the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    result = asyncio.run(
        record(
            addresses,
            client_token(args, address),
            site.key,
            site.name,
            out,
            args.seconds,
            width,
            height,
            db_path,
            bookmarks_from=sys.stdin,
        )
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_record(result)
    return 0 if result["ok"] else 1


async def record(
    hub_url,
    token: str,
    key: str,
    name: str,
    out: Path,
    duration_s: float,
    width: int,
    height: int,
    db_path: Path | None = None,
    bookmarks_from=None,
) -> dict[str, Any]:
    """Record ``key`` for ``duration_s`` into ``out``; what happened, as a dict.

    The recorder is a console's media core (``MediaService``) receiving one site: it joins the
    hubs of a pair as a console does, and a recording under way goes on through a lost hub (its
    peer-to-peer media needs none) and moves to the hub that takes over, from which the site's
    banner and the audit trail then hear of its end."""
    from console.media.service import LoopThread, MediaService
    from console.recording import RecordingError
    from console.recording.writer import result_from_dict
    from console.signaling import ChannelClosed, HubError

    result: dict[str, Any] = {"site": key, "name": name, "file": str(out), "ok": False, "error": "", "told_site": False}
    loop = asyncio.get_running_loop()
    ended: asyncio.Future[dict[str, Any]] = loop.create_future()
    hubs_joined: list[str] = []

    def on_event(kind: str, payload: dict[str, Any]) -> None:  # on the media loop's thread
        if kind == "recording_ended" and payload.get("site") == key:
            loop.call_soon_threadsafe(_settle, ended, payload)
        elif kind == "hub_joined":
            loop.call_soon_threadsafe(hubs_joined.append, payload.get("url", ""))

    media = MediaService(LoopThread("record"), on_event, program=False)

    async def call(future: Any) -> Any:
        return await asyncio.wrap_future(future)

    try:
        try:  # the hubs of a pair in turn, to the active one (hub_list.py)
            welcome = await call(media.connect(hub_url if isinstance(hub_url, list) else [hub_url], token))
        except (HubError, ChannelClosed, OSError) as error:
            result["error"] = f"cannot join the hub: {getattr(error, 'message', None) or error}"
            return result
        operator = welcome.get("operator", "")
        if "moderate" not in welcome.get("permissions", []):
            result["error"] = f"a {welcome.get('role')} may not record a site (recording needs the operator role)"
            return result
        try:
            await call(media.subscribe(key, width, height))
            started = await call(media.start_recording(key, str(out), _metadata(key, name, operator)))
        except (HubError, RecordingError) as error:
            snapshot = media.snapshot(key)  # the session's own reason (offline, refused) says more
            result["error"] = f"{name}: {snapshot.error if snapshot is not None and snapshot.error else error}"
            return result
        if started.get("warning"):
            result.setdefault("warnings", []).append(started["warning"])
        result["told_site"] = not started.get("warning")
        catalog_id = _catalog(db_path, "begin", key, name, operator, out)
        stop_reading = _read_bookmarks(bookmarks_from, media, key)
        try:
            written = await asyncio.wait_for(asyncio.shield(ended), duration_s)
        except TimeoutError:
            try:
                written = await call(media.stop_recording(key))
            except RecordingError:  # it ended by itself meanwhile
                written = await ended
        stop_reading.set()
        if catalog_id is not None:
            _catalog(db_path, "finish", catalog_id, result_from_dict(written))
        result.update(
            ok=not written["error"] and written["video_frames"] > 0,
            error=written["error"],
            seconds=round(written["duration_s"], 3),
            video_frames=written["video_frames"],
            audio_packets=written["audio_packets"],
            bytes=written["bytes"],
            width=written["width"],
            height=written["height"],
            dropped=written["dropped"],
            started_at=written["started_at"],
            bookmarks=written["bookmarks"],
            id=catalog_id,
            hubs=list(dict.fromkeys(hubs_joined)),  # more than one: it moved to another hub of a pair
        )
        if written["video_frames"] == 0:
            Path(out).unlink(missing_ok=True)  # nothing playable: no empty file left behind
    finally:
        try:  # closing tells the site its recording ended, through the hub there is now
            await asyncio.wait_for(call(media.close()), 15)
        finally:
            media.thread.stop()
    return result


def _read_bookmarks(stream, media, key: str) -> threading.Event:
    """Each line typed while recording is a bookmark at that moment (a thread reads stdin)."""
    stop = threading.Event()
    if stream is None or stream.closed:
        return stop

    def read() -> None:
        for line in stream:
            if stop.is_set():
                return
            note = line.strip()
            if note:
                media.bookmark_recording(key, note).add_done_callback(_said_bookmark)

    threading.Thread(target=read, name="bookmarks", daemon=True).start()
    return stop


def _said_bookmark(done) -> None:
    try:
        mark = done.result()
        print(f"bookmark at {mark['at_s']:.1f} s: {mark['note']}", file=sys.stderr, flush=True)
    except Exception as exc:
        print(f"bookmark not kept: {exc}", file=sys.stderr)


def _metadata(key: str, name: str, operator: str) -> dict[str, str]:
    return {
        "title": f"{name} ({key})",
        "OPSCONSOLE_SITE": key,
        "OPSCONSOLE_OPERATOR": operator or "",
        "comment": "opsconsole spot-check recording: VP8 and Opus as received, not re-encoded",
    }


def _catalog(db_path: Path | None, what: str, *args) -> Any:
    """The recordings list lives in the directory's file (the console shows CLI recordings too)."""
    if db_path is None:
        return None
    from console.recording import catalog

    directory = SiteDirectory(db_path)
    try:
        return getattr(catalog, what)(directory, *args)
    finally:
        directory.close()


def _print_record(result: dict[str, Any]) -> None:
    for warning in result.get("warnings", []):
        print(f"warning: {warning}", file=sys.stderr)
    if "video_frames" not in result:
        print(f"{result['name']} ({result['site']}): NOT RECORDED — {result['error']}")
        return
    head = "recorded" if result["ok"] else "ENDED EARLY"
    print(
        f"{result['name']} ({result['site']}): {head} {result['seconds']:.1f} s into {result['file']}\n"
        f"  video   VP8 {result['width']}×{result['height']}, {result['video_frames']} frames\n"
        f"  audio   Opus, {result['audio_packets']} packets\n"
        f"  file    {result['bytes']} bytes, started {result['started_at']}"
        + "".join(f"\n  bookmark {b['at_s']:.1f} s  {b['note']}" for b in result["bookmarks"])
    )
    if result["error"]:
        print(f"  why     {result['error']}")


# --- recordings ----------------------------------------------------------------------------


def _list(directory: SiteDirectory, args: argparse.Namespace) -> int:
    from console.recording.catalog import list_recordings

    rows = list_recordings(directory, args.limit)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no recordings")
    for r in rows:
        print(
            f"{r['id']:>5}  {r['started_at'][:19]}  {r['duration_s']:7.1f} s  {r['status']:<9}  "
            f"{r['site_name'] or r['site']}  ({r['operator']})  {r['path']}"
            + (f"  — {r['error']}" if r["error"] else "")
        )
    return 0


def _export(directory: SiteDirectory, args: argparse.Namespace) -> int:
    from console.recording.catalog import CatalogError, export

    try:
        print(export(directory, args.id, args.destination, "cli"))
    except CatalogError as exc:
        print(f"opsconsole: error: {exc}", file=sys.stderr)
        return 1
    return 0


def _delete(directory: SiteDirectory, args: argparse.Namespace) -> int:
    from console.recording.catalog import CatalogError, delete

    try:
        row = delete(directory, args.id, "cli")
    except CatalogError as exc:
        print(f"opsconsole: error: {exc}", file=sys.stderr)
        return 1
    print(f"deleted recording {row['id']} ({row['path']})")
    return 0


def _prune(directory: SiteDirectory, args: argparse.Namespace) -> int:
    from console.recording.catalog import prune

    gone = prune(directory, args.older_than, "cli")
    print(f"deleted {len(gone)} recording(s) older than {args.older_than} days")
    return 0


def _settle(future: asyncio.Future[dict[str, Any]], value: dict[str, Any]) -> None:
    if not future.done():
        future.set_result(value)
