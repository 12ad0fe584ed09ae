"""What a fleet of simulated sites received of the program, written to a file for benchmarks.

``opsconsole sim --report FILE`` rewrites FILE (atomically) every second with, per site, the
program packets and frames it counted, how long ago the last of each kind arrived, the frame
rate over the last 5 s and (for the sites that listen) what it heard; plus the process's CPU
time. A benchmark in another process reads it to say which share of sites got the program.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
from pathlib import Path
from typing import Any

from console.sim.fleet import SiteFleet
from console.sim.sfu_site import ProgramCounter

INTERVAL_S = 1.0


def site_report(site) -> dict[str, Any]:
    """One site's view of the program: through its SFU publication, else its newest P2P session."""
    if site.sfu.publication is not None:
        out = site.sfu.report()
    else:
        sessions = [s for s in site.sessions.values() if getattr(s, "counter", None) is not None]
        counter: ProgramCounter | None = sessions[-1].counter if sessions else None
        out = counter.report() if counter else {"state": "none"}
        if sessions and site.settings.listen_program:
            out["heard"] = sessions[-1].program.report()
    out["joined"] = site.joined.is_set()
    out["frames_sent"] = site.frames_sent
    return out


def fleet_report(fleet: SiteFleet) -> dict[str, Any]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": usage.ru_utime + usage.ru_stime, "sites": {s.key: site_report(s) for s in fleet.sites}}


async def write_reports(fleet: SiteFleet, path: Path, interval: float = INTERVAL_S) -> None:
    """Until cancelled: the fleet's report into ``path`` every ``interval`` seconds."""
    temporary = path.with_name(path.name + ".tmp")
    while True:
        temporary.write_text(json.dumps(fleet_report(fleet)), encoding="utf-8")
        os.replace(temporary, path)
        await asyncio.sleep(interval)
