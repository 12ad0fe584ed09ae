"""`opsconsole data serve-sample`: synthetic indicators over HTTP, labelled as sample data.

Three indicators for the country and every province, a new point every ``step_s`` seconds of
wall time, the last ``history`` points each time: a rolling 24-hour count of new cases, test
positivity (%) and full vaccination (%; lower is worse). Values are a deterministic function
of the province and the step (smooth waves plus noise), so every request, every restart and
every test sees the same series for the same moment, and they visibly move.

Every payload says ``"sample": true`` and its title says SAMPLE DATA, so no screen that shows
them can pass them off as real figures.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from aiohttp import web

from console.data.schema import NATIONAL, csv_text, json_bytes

SAMPLE_TITLE = "DỮ LIỆU MẪU · SAMPLE DATA — số liệu giả lập, không phải số liệu thật · synthetic, not real figures"
SAMPLE_SOURCE = "opsconsole data serve-sample"
DEFAULT_STEP_S = 10.0
DEFAULT_HISTORY = 90
INDICATORS = (
    {
        "id": "new_cases",
        "name": "Ca mắc mới 24 giờ · New cases, 24 h",
        "unit": "ca · cases",
        "warn": 60,
        "alert": 120,
        "higher_is_worse": True,
    },
    {
        "id": "positivity",
        "name": "Tỷ lệ dương tính · Test positivity",
        "unit": "%",
        "warn": 5,
        "alert": 10,
        "higher_is_worse": True,
    },
    {
        "id": "vaccinated",
        "name": "Tiêm đủ liều · Fully vaccinated",
        "unit": "%",
        "warn": 80,
        "alert": 70,
        "higher_is_worse": False,
    },
)


@dataclass(frozen=True)
class Province:
    code: int
    name: str


class SampleData:
    """The synthetic series for ``provinces``."""

    def __init__(
        self,
        provinces: Sequence[Province],
        step_s: float = DEFAULT_STEP_S,
        history: int = DEFAULT_HISTORY,
        seed: int = 15,
    ) -> None:
        if not provinces:
            raise ValueError("the sample needs at least one province")
        self.provinces = list(provinces)
        self.step_s = step_s
        self.history = history
        self.seed = seed

    def document(self, now: float) -> dict[str, Any]:
        """The JSON payload (docs/data.md) as of ``now`` (unix time)."""
        last = int(now // self.step_s)
        steps = range(last - self.history + 1, last + 1)
        precise = not float(self.step_s).is_integer()  # steps under a second need milliseconds
        times = [_iso(k * self.step_s, precise) for k in steps]
        values = {p.code: {k: self._values(p.code, k) for k in steps} for p in self.provinces}
        series = []
        for index, indicator in enumerate(INDICATORS):
            ident = indicator["id"]
            national = []
            for k, at in zip(steps, times):
                column = [values[p.code][k][index] for p in self.provinces]
                total = sum(column) if ident == "new_cases" else sum(column) / len(column)
                national.append([at, round(total, 1)])
            series.append({"indicator": ident, "area": NATIONAL, "name": "Toàn quốc · National", "points": national})
            for p in self.provinces:
                series.append(
                    {
                        "indicator": ident,
                        "province": p.code,
                        "name": p.name,
                        "points": [[at, values[p.code][k][index]] for k, at in zip(steps, times)],
                    }
                )
        return {
            "title": SAMPLE_TITLE,
            "source": SAMPLE_SOURCE,
            "sample": True,
            "updated_at": times[-1],
            "indicators": [dict(i) for i in INDICATORS],
            "series": series,
        }

    def csv(self, now: float) -> str:
        """The same payload as CSV: ``# key: value`` lines, then one row per point."""
        document = self.document(now)
        limits = {i["id"]: i for i in INDICATORS}
        rows = []
        for s in document["series"]:
            indicator = limits[s["indicator"]]
            for at, value in s["points"]:
                rows.append(
                    {
                        "indicator": s["indicator"],
                        "name": indicator["name"],
                        "unit": indicator["unit"],
                        "warn": indicator["warn"],
                        "alert": indicator["alert"],
                        "higher_is_worse": str(indicator["higher_is_worse"]).lower(),
                        "province": s.get("province", ""),
                        "area_name": s["name"],
                        "time": at,
                        "value": value,
                    }
                )
        header = (
            "indicator",
            "name",
            "unit",
            "warn",
            "alert",
            "higher_is_worse",
            "province",
            "area_name",
            "time",
            "value",
        )
        return csv_text(
            rows,
            header,
            {
                "title": document["title"],
                "source": document["source"],
                "sample": "true",
                "updated_at": document["updated_at"],
            },
        )

    def _values(self, code: int, k: int) -> tuple[float, float, float]:
        """(new cases, positivity %, vaccinated %) of province ``code`` at step ``k``."""
        shape = random.Random(self.seed * 1_000_003 + code)  # the province's own character
        base = shape.uniform(8, 110)
        phase, phase2 = shape.uniform(0, 2 * math.pi), shape.uniform(0, 2 * math.pi)
        jitter = random.Random(self.seed * 7_919 + code * 104_729 + k)  # this step's noise
        wave = 1 + 0.45 * math.sin(2 * math.pi * k / 40 + phase) + 0.2 * math.sin(2 * math.pi * k / 11 + phase2)
        cases = max(0.0, round(base * wave + jitter.gauss(0, math.sqrt(base) * 0.6)))
        positivity = round(
            max(0.2, 1.0 + 10 * (0.5 + 0.5 * math.sin(2 * math.pi * k / 55 + phase)) ** 2 + jitter.gauss(0, 0.3)), 2
        )
        vaccinated = round(
            min(99.5, 64 + 30 * (1 - math.exp(-((k % 100_000) / 5_000 + shape.uniform(0, 2)))) + jitter.gauss(0, 0.15)),
            2,
        )
        return cases, positivity, vaccinated


def sample_app(data: SampleData) -> web.Application:
    """``/data.json``, ``/data.csv`` and a short page at ``/`` saying what this is."""
    import time

    async def as_json(request: web.Request) -> web.Response:
        return web.Response(
            body=json_bytes(data.document(time.time())),
            content_type="application/json",
            charset="utf-8",
            headers={"Cache-Control": "no-store"},
        )

    async def as_csv(request: web.Request) -> web.Response:
        return web.Response(
            text=data.csv(time.time()), content_type="text/csv", charset="utf-8", headers={"Cache-Control": "no-store"}
        )

    async def index(request: web.Request) -> web.Response:
        return web.Response(
            text=f"{SAMPLE_TITLE}\n\n/data.json  JSON (docs/data.md)\n/data.csv   CSV\n"
            f"{len(data.provinces)} provinces, a point every {data.step_s:g} s\n"
        )

    app = web.Application()
    app.router.add_get("/", index)
    app.router.add_get("/data.json", as_json)
    app.router.add_get("/data.csv", as_csv)
    return app


class SampleServer:
    """The sample server on ``host:port`` (0: any free port) in the running loop."""

    def __init__(self, data: SampleData, host: str = "127.0.0.1", port: int = 0) -> None:
        self.data = data
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> SampleServer:
        self._runner = web.AppRunner(sample_app(self.data), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        port = self._runner.addresses[0][1]  # the port actually bound (0 picks one)
        self.url = f"http://{self.host}:{port}/data.json"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def provinces_of(directory: Any) -> list[Province]:  # a SiteDirectory (a sibling layer: not imported)
    """The directory's active provinces, in its order (the sample names them as it does)."""
    rows = directory.db.query("SELECT code, name FROM sites WHERE level = 'province' AND active = 1 ORDER BY ordinal")
    return [Province(int(r["code"]), r["name"]) for r in rows]


VIETNAM = timezone(timedelta(hours=7), "ICT")


def _iso(unix: float, precise: bool = False) -> str:
    """Vietnam's time, as a Vietnamese publisher would write it."""
    return datetime.fromtimestamp(unix, VIETNAM).isoformat(timespec="milliseconds" if precise else "seconds")
