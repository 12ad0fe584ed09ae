"""`opsconsole bench fuzz`: the generated fuzz at volume against a hub in a child process.

The hub's own log (its stderr) is read afterwards: a traceback anywhere in it counts. After the
malformed messages, a control-frame flood (fuzz_flood.py): other consoles' control round trips
while joined consoles ping the hub as fast as they can; then bad HTTP requests, WebSocket
handshakes and frames (fuzz_http.py).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from console.bench.fuzz import FuzzTokens, run_fuzz
from console.bench.fuzz_flood import run_control_flood
from console.bench.fuzz_http import every_bad_request, send_all
from console.bench.procs import free_port, piped, start_hub
from console.directory import SiteDirectory, credentials

HOSTILE_PAIRS = 12  # hostile sites, and as many hostile console connections


async def run_fuzz_bench(
    messages: int = 10000, seed: int = 1, flood_seconds: float = 10.0, flooders: int = 4
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="opsconsole-fuzz-") as tmp:
        db = Path(tmp) / "fuzz.sqlite3"
        directory = SiteDirectory.open(db)
        good, *evil = (
            row["key"]
            for row in directory.db.query(
                "SELECT key FROM sites WHERE active = 1 AND level = 'commune' ORDER BY ordinal LIMIT ?",
                [1 + HOSTILE_PAIRS],
            )
        )
        tokens = FuzzTokens(
            good_console=credentials.issue_operator_token(directory, "good"),
            good_site=credentials.issue_site_token(directory, good),
            good_key=good,
            evil_console=credentials.issue_operator_token(directory, "mallory"),
            evil_sites=list(credentials.issue_site_tokens(directory, evil).items()),
        )
        directory.close()
        port = free_port()
        hub, url = await start_hub(db, port=port)
        try:
            started = time.perf_counter()
            report = await run_fuzz(url, tokens, messages, seed)
            seconds = time.perf_counter() - started
            flood = (
                await run_control_flood(url, tokens, flood_seconds, flooders, hub_pid=hub.pid) if flood_seconds else {}
            )
            bad_http = every_bad_request()
            # Each answered and closed, then each reset at once; 25 connections at a time, as a
            # scanner would, since one the hub waits on for more holds its connection 3 s.
            for reset in (False, True):
                await send_all(port, bad_http, reset, at_once=25)
            alive = hub.returncode is None
        finally:
            if hub.returncode is None:
                hub.terminate()
            await hub.wait()
        log = (await piped(hub.stderr).read()).decode(errors="replace")
    result = report.summary()
    result.update(flood)
    result["bad_http_requests"] = 2 * len(bad_http)
    result.update(
        {
            "seconds": round(seconds, 1),
            "tracebacks": log.count("Traceback"),
            # the first one's text, so a bench (or its smoke test) that finds one says what it was
            "first_traceback": _first_traceback(log),
            "hub_alive": alive,
            "hub_error_lines": sum(1 for line in log.splitlines() if "ERROR" in line),
        }
    )
    return result


def _first_traceback(log: str, lines: int = 40) -> str:
    """The first traceback in the hub's log with the line before it (what was being done), or ""."""
    at = log.find("Traceback")
    if at < 0:
        return ""
    start = log.rfind("\n", 0, max(0, at - 1)) + 1
    return "\n".join(log[start:].splitlines()[:lines])
