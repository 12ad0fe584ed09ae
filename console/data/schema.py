"""Indicator data as the room shows it: what a payload must hold, read strictly (docs/data.md).

A payload (JSON or CSV) holds indicators, each a set of time series: one for the whole country
and one per province (optionally per commune). Everything is checked before anything is kept;
the first fault raises ``PayloadError`` naming where it is (``$.series[3].points[7][1]`` or
``line 14, column "value"``), so the panel can say it and keep the last good data.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

NATIONAL = "national"
MAX_INDICATORS = 50
MAX_SERIES = 20_000  # every commune of the country for one indicator, and more
MAX_POINTS = 2_000  # per series; older points beyond this are dropped, newest kept
MAX_TEXT = 200  # names, units, titles
LEVELS = ("ok", "warn", "alert")


class PayloadError(ValueError):
    """A payload that cannot be used: ``where`` it is wrong and what is wrong there."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem


@dataclass(frozen=True)
class Indicator:
    """One measure, e.g. new cases per day, with its unit and optional alarm thresholds."""

    id: str
    name: str
    unit: str = ""
    warn: float | None = None
    alert: float | None = None
    higher_is_worse: bool = True

    def level(self, value: float | None) -> str:
        """``ok``, ``warn`` or ``alert`` for a value (``ok`` without thresholds or value)."""
        if value is None:
            return "ok"
        worse: Callable[[float, float], bool] = (
            (lambda v, limit: v >= limit) if self.higher_is_worse else (lambda v, limit: v <= limit)
        )
        if self.alert is not None and worse(value, self.alert):
            return "alert"
        if self.warn is not None and worse(value, self.warn):
            return "warn"
        return "ok"


@dataclass(frozen=True)
class Series:
    """One indicator over time in one area: ``national``, ``province:1`` or ``commune:4``."""

    indicator: str
    area: str
    province: str | None  # the province's key for provinces and communes
    points: tuple[tuple[float, float], ...]  # (unix time, value), oldest first

    @property
    def latest(self) -> tuple[float, float] | None:
        return self.points[-1] if self.points else None

    def change(self) -> float | None:
        """The latest value minus the one before it."""
        return self.points[-1][1] - self.points[-2][1] if len(self.points) >= 2 else None


@dataclass(frozen=True)
class Dataset:
    """A whole payload, validated. ``updated_at`` is the data's own time, not when we fetched it."""

    updated_at: datetime
    indicators: dict[str, Indicator]
    series: dict[tuple[str, str], Series]
    title: str = ""
    source: str = ""
    sample: bool = False
    names: dict[str, str] = field(default_factory=dict)  # area key -> name the payload gave

    def national(self, indicator: str) -> Series | None:
        return self.series.get((indicator, NATIONAL))

    def provinces(self, indicator: str) -> list[Series]:
        """The indicator's province series, in the payload's order."""
        return [s for (ind, area), s in self.series.items() if ind == indicator and area.startswith("province:")]

    def area(self, indicator: str, area: str) -> Series | None:
        return self.series.get((indicator, area))


# --- JSON ----------------------------------------------------------------------------------


def parse_json(payload: bytes) -> Dataset:
    """A JSON payload (docs/data.md) as a Dataset, or PayloadError naming the fault."""
    text = _text(payload)
    try:
        document = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise PayloadError(f"line {exc.lineno}, column {exc.colno}", f"not JSON: {exc.msg}") from None
    except _NotFinite as exc:
        raise PayloadError("$", str(exc)) from None
    except RecursionError:
        raise PayloadError("$", "nested too deep") from None
    if not isinstance(document, dict):
        raise PayloadError("$", f"expected an object, got {_kind(document)}")
    indicators_raw = _need(document, "indicators", list, "$")
    series_raw = _need(document, "series", list, "$")
    if len(indicators_raw) > MAX_INDICATORS:
        raise PayloadError("$.indicators", f"at most {MAX_INDICATORS} indicators, got {len(indicators_raw)}")
    if len(series_raw) > MAX_SERIES:
        raise PayloadError("$.series", f"at most {MAX_SERIES} series, got {len(series_raw)}")
    indicators: dict[str, Indicator] = {}
    for i, raw in enumerate(indicators_raw):
        where = f"$.indicators[{i}]"
        indicator = _indicator(raw, where)
        if indicator.id in indicators:
            raise PayloadError(f"{where}.id", f"indicator {indicator.id!r} appears twice")
        indicators[indicator.id] = indicator
    series: dict[tuple[str, str], Series] = {}
    names: dict[str, str] = {}
    for i, raw in enumerate(series_raw):
        where = f"$.series[{i}]"
        one, name = _series(raw, where, indicators)
        if (one.indicator, one.area) in series:
            raise PayloadError(where, f"a second series of {one.indicator!r} for {one.area}")
        series[(one.indicator, one.area)] = one
        if name:
            names[one.area] = name
    return Dataset(
        updated_at=_time(_need(document, "updated_at", str, "$"), "$.updated_at"),
        indicators=indicators,
        series=series,
        title=_optional_text(document, "title", "$"),
        source=_optional_text(document, "source", "$"),
        sample=_optional_bool(document, "sample", "$", False),
        names=names,
    )


def _indicator(raw: Any, where: str) -> Indicator:
    if not isinstance(raw, dict):
        raise PayloadError(where, f"expected an object, got {_kind(raw)}")
    ident = _need(raw, "id", str, where)
    if not ident or len(ident) > 64:
        raise PayloadError(f"{where}.id", "expected 1 to 64 characters")
    warn, alert = (_optional_number(raw, name, where) for name in ("warn", "alert"))
    return Indicator(
        id=ident,
        name=_optional_text(raw, "name", where) or ident,
        unit=_optional_text(raw, "unit", where),
        warn=warn,
        alert=alert,
        higher_is_worse=_optional_bool(raw, "higher_is_worse", where, True),
    )


def _series(raw: Any, where: str, indicators: dict[str, Indicator]) -> tuple[Series, str]:
    if not isinstance(raw, dict):
        raise PayloadError(where, f"expected an object, got {_kind(raw)}")
    indicator = _need(raw, "indicator", str, where)
    if indicator not in indicators:
        raise PayloadError(f"{where}.indicator", f"unknown indicator {indicator[:64]!r} (not in $.indicators)")
    area, province = _area(raw.get("area"), raw.get("province"), raw.get("commune"), where)
    points_raw = _need(raw, "points", list, where)
    points = []
    for j, point in enumerate(points_raw):
        at = f"{where}.points[{j}]"
        if not isinstance(point, list) or len(point) != 2:
            raise PayloadError(at, f"expected [time, value], got {_kind(point)}")
        if not isinstance(point[0], str):
            raise PayloadError(f"{at}[0]", f"expected an ISO time, got {_kind(point[0])}")
        points.append((_time(point[0], f"{at}[0]").timestamp(), _number(point[1], f"{at}[1]")))
    return (Series(indicator, area, province, _ordered(points)), _optional_text(raw, "name", where))


def _area(area: Any, province: Any, commune: Any, where: str) -> tuple[str, str | None]:
    """``national`` (no province, or ``"area": "national"``), ``province:P`` or ``commune:C``."""
    if area is not None and area != NATIONAL:
        raise PayloadError(f"{where}.area", f"expected \"{NATIONAL}\" or nothing, got {_kind(area)}")
    if province is None:
        if commune is not None:
            raise PayloadError(f"{where}.commune", "a commune needs its province")
        return NATIONAL, None
    province_key = f"province:{_code(province, f'{where}.province')}"
    if commune is None:
        return province_key, province_key
    return f"commune:{_code(commune, f'{where}.commune')}", province_key


def _code(value: Any, where: str) -> int:
    """A GSO code: 1, or "01" (codes are written zero-padded as often as not)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise PayloadError(where, f"expected a GSO code (a number or digits), got {_kind(value)}")
    if isinstance(value, str) and not (value.isdigit() and value.isascii() and len(value) <= 6):
        raise PayloadError(where, f"expected a GSO code (digits), got {value[:20]!r}")
    code = int(value)
    if not 0 < code < 1_000_000:
        raise PayloadError(where, f"expected a GSO code 1-999999, got {code}")
    return code


# --- CSV -----------------------------------------------------------------------------------

CSV_COLUMNS = ("indicator", "time", "value")
CSV_OPTIONAL = ("name", "unit", "province", "commune", "warn", "alert", "higher_is_worse", "area_name")
_HEADER_KEYS = ("title", "source", "sample", "updated_at")


def parse_csv(payload: bytes) -> Dataset:
    """A CSV payload: ``# key: value`` lines first (title, source, sample, updated_at), then a
    header naming at least indicator, time, value; one row per point (docs/data.md)."""
    lines = _text(payload).splitlines()
    meta: dict[str, str] = {}
    first = 0
    for first, line in enumerate(lines):  # noqa: B007 (used after the loop)
        if not line.startswith("#"):
            break
        key, _, value = line[1:].partition(":")
        if key.strip() in _HEADER_KEYS:
            meta[key.strip()] = value.strip()
    else:
        first = len(lines)
    reader = csv.reader(lines[first:])
    header = next(reader, None)
    if header is None:
        raise PayloadError(f"line {first + 1}", "no header row (expected indicator,time,value,…)")
    header = [h.strip() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise PayloadError(f"line {first + 1}", f"the header lacks {', '.join(missing)}")
    unknown = [h for h in header if h not in CSV_COLUMNS + CSV_OPTIONAL]
    if unknown:
        raise PayloadError(f"line {first + 1}", f"unknown column {unknown[0][:40]!r}")
    indicators: dict[str, Indicator] = {}
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    provinces: dict[str, str | None] = {}
    names: dict[str, str] = {}
    for number, row in enumerate(reader, start=first + 2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise PayloadError(f"line {number}", f"{len(row)} cells where the header has {len(header)}")
        cells = dict(zip(header, (cell.strip() for cell in row)))
        at: Callable[[str], str] = lambda column: f"line {number}, column \"{column}\""  # noqa: E731, B023 (called within this row)
        ident = cells["indicator"]
        if not ident or len(ident) > 64:
            raise PayloadError(at("indicator"), "expected 1 to 64 characters")
        if ident not in indicators:
            if len(indicators) >= MAX_INDICATORS:
                raise PayloadError(at("indicator"), f"more than {MAX_INDICATORS} indicators")
            indicators[ident] = Indicator(
                id=ident,
                name=_cell_text(cells, "name", at) or ident,
                unit=_cell_text(cells, "unit", at),
                warn=_cell_number(cells, "warn", at),
                alert=_cell_number(cells, "alert", at),
                higher_is_worse=cells.get("higher_is_worse", "").lower() not in ("false", "0", "no"),
            )
        area, province = _area(None, cells.get("province") or None, cells.get("commune") or None, f"line {number}")
        series_key = (ident, area)
        if series_key not in points and len(points) >= MAX_SERIES:
            raise PayloadError(f"line {number}", f"more than {MAX_SERIES} series")
        when = _time(cells["time"], at("time")).timestamp()
        points.setdefault(series_key, []).append((when, _number_text(cells["value"], at("value"))))
        provinces[area] = province
        if cells.get("area_name"):
            names[area] = _cell_text(cells, "area_name", at)
    series = {key: Series(key[0], key[1], provinces[key[1]], _ordered(pts)) for key, pts in points.items()}
    latest = max((s.points[-1][0] for s in series.values() if s.points), default=None)
    if "updated_at" in meta:
        updated = _time(meta["updated_at"], "# updated_at")
    elif latest is not None:
        updated = datetime.fromtimestamp(latest, UTC)
    else:
        raise PayloadError(f"line {first + 2}", "no data rows and no '# updated_at:' line")
    return Dataset(
        updated_at=updated,
        indicators=indicators,
        series=series,
        title=meta.get("title", "")[:MAX_TEXT],
        source=meta.get("source", "")[:MAX_TEXT],
        sample=meta.get("sample", "").lower() in ("true", "1", "yes"),
        names=names,
    )


def _cell_text(cells: dict[str, str], column: str, at: Callable[[str], str]) -> str:
    value = cells.get(column, "")
    if len(value) > MAX_TEXT:
        raise PayloadError(at(column), f"at most {MAX_TEXT} characters")
    return value


def _cell_number(cells: dict[str, str], column: str, at: Callable[[str], str]) -> float | None:
    value = cells.get(column, "")
    return _number_text(value, at(column)) if value else None


def _number_text(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise PayloadError(where, f"{text[:40]!r} is not a number") from None
    if not math.isfinite(value):
        raise PayloadError(where, f"{text[:40]!r} is not a finite number")
    return value


# --- either --------------------------------------------------------------------------------


def parse_payload(payload: bytes, content_type: str = "", name: str = "") -> Dataset:
    """JSON or CSV, by the content type, else the name's extension, else the first character."""
    content_type = content_type.lower()
    if "csv" in content_type or (not content_type.strip() and name.lower().endswith(".csv")):
        return parse_csv(payload)
    if "json" in content_type or name.lower().endswith(".json"):
        return parse_json(payload)
    start = payload.lstrip()[:1]
    return parse_json(payload) if start in (b"{", b"[") else parse_csv(payload)


# --- helpers -------------------------------------------------------------------------------


class _NotFinite(ValueError):
    pass


def _no_constant(name: str) -> Any:
    raise _NotFinite(f"{name} is not a number JSON allows")


def _text(payload: bytes) -> str:
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadError(f"byte {exc.start}", "not UTF-8 text") from None


def _need(raw: dict[str, Any], name: str, kind: type, where: str) -> Any:
    if name not in raw:
        raise PayloadError(where, f"missing {name!r}")
    value = raw[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise PayloadError(f"{where}.{name}", f"expected {_kind_name(kind)}, got {_kind(value)}")
    if kind is str and isinstance(value, str) and len(value) > MAX_TEXT:
        raise PayloadError(f"{where}.{name}", f"at most {MAX_TEXT} characters")
    return value


def _optional_text(raw: dict[str, Any], name: str, where: str) -> str:
    return _need(raw, name, str, where) if name in raw and raw[name] is not None else ""


def _optional_bool(raw: dict[str, Any], name: str, where: str, default: bool) -> bool:
    return _need(raw, name, bool, where) if name in raw and raw[name] is not None else default


def _optional_number(raw: dict[str, Any], name: str, where: str) -> float | None:
    return _number(raw[name], f"{where}.{name}") if raw.get(name) is not None else None


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PayloadError(where, f"expected a number, got {_kind(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise PayloadError(where, "the number is not finite")
    return number


def _time(text: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise PayloadError(where, f"{text[:40]!r} is not an ISO 8601 time (2026-01-31T09:00:00+07:00)") from None
    if moment.tzinfo is None:
        raise PayloadError(where, f"{text[:40]!r} names no time zone (add +07:00 or Z)")
    return moment


def _ordered(points: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    return tuple(sorted(points))[-MAX_POINTS:]


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {value[:30]!r}"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        dict: "an object",
        list: "an array",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _kind_name(kind: type) -> str:
    return {str: "a string", list: "an array", dict: "an object", bool: "a boolean"}.get(kind, kind.__name__)


def json_bytes(document: dict[str, Any]) -> bytes:
    """A payload as the sample server writes it (UTF-8, Vietnamese as is)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def csv_text(rows: Iterable[dict[str, Any]], header: tuple[str, ...], meta: dict[str, str]) -> str:
    out = io.StringIO()
    for key, value in meta.items():
        out.write(f"# {key}: {value}\n")
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
