"""Meeting minutes: who was present, who spoke, who was muted and by whom, what was
recorded, and alarms, from the hub's presence log and audit trail, over a time window and
optionally one group of sites. Written as HTML (to print or mail) or CSV (to a spreadsheet).

Everything is read from the directory's SQLite file: ``presence_log`` (every join and leave,
written by the hub), ``audit`` (every control, with the operator), and ``alarms`` where it
exists (the hub's alarms; a file from before the hub kept alarms has none, and the section says so).
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.directory import presence_log
from console.directory.audit import find_audit

ALARM_COLUMNS = ("raised_at", "site", "rule", "detail", "state", "count", "acked_by", "acked_at", "closed_at")
GRANT_WINDOW_S = 5.0  # an unmute followed by lower_hand this soon, same operator and site: a granted hand
AUDIT_LIMIT = 200_000


@dataclass
class Presence:
    site: str
    joined: datetime | None  # None: already present when the window began
    left: datetime | None  # None: still present when the window ended


@dataclass
class Act:
    """One thing an operator did to a site (or a site's talk), from the audit trail."""

    site: str
    what: str  # talk, granted_hand, unmuted, muted, recorded
    at: datetime
    by: str
    until: datetime | None = None  # the end of a talk or of a recording


@dataclass
class Minutes:
    since: datetime
    until: datetime
    group: str | None
    names: dict[str, tuple[str, str]]  # key -> (name, province)
    presence: list[Presence] = field(default_factory=list)
    acts: list[Act] = field(default_factory=list)
    alarms: list[dict[str, Any]] | None = None  # None: no alarms table (an older file)
    alarm_columns: list[str] = field(default_factory=list)

    def present_sites(self) -> list[str]:
        return sorted({p.site for p in self.presence}, key=lambda k: self.names.get(k, (k, ""))[0])

    def of(self, what: str) -> list[Act]:
        return [a for a in self.acts if a.what == what]


def meeting_minutes(directory, since: datetime, until: datetime | None = None, group: str | None = None) -> Minutes:
    """Gather the minutes of ``since``..``until`` (now if None), for ``group``'s sites or all."""
    until = until or datetime.now(UTC)
    members = {s.key for s in directory.group_sites(group)} if group else None
    keep = (lambda key: key in members) if members is not None else (lambda key: True)
    minutes = Minutes(since, until, group, {})
    minutes.presence = _presence(presence_log.between(directory, since, until), keep, since)
    minutes.acts = _acts(
        [
            r
            for r in find_audit(directory, since=since, limit=AUDIT_LIMIT)
            if _time(r["at"]) <= until and keep(r["target"])
        ]
    )
    minutes.alarms, minutes.alarm_columns = _alarms(directory, since, until, keep)
    keys = (
        {p.site for p in minutes.presence}
        | {a.site for a in minutes.acts}
        | {a["_site"] for a in (minutes.alarms or []) if a.get("_site")}
    )
    minutes.names = _names(directory, keys)
    return minutes


def _presence(rows: list[dict[str, Any]], keep, since: datetime) -> list[Presence]:
    spans: list[Presence] = []
    open_: dict[str, Presence] = {}
    for row in rows:
        at = _time(row["at"])
        if row["event"] == presence_log.HUB_START:
            for span in open_.values():  # a (re)started hub: everyone was gone by then
                span.left = at
            open_.clear()
            continue
        key = row["site"]
        if not keep(key):
            continue
        if row["event"] == "join" and key not in open_:
            span = Presence(key, None if row["before"] else at, None)
            open_[key] = span
            spans.append(span)
        elif row["event"] == "leave" and key in open_:
            open_.pop(key).left = at
    # A site whose last row before the window was a leave was not present: drop empty spans.
    return [s for s in spans if not (s.joined is None and s.left is not None and s.left < since)]


def _acts(rows: list[dict[str, Any]]) -> list[Act]:
    acts: list[Act] = []
    talking: dict[str, Act] = {}
    recording: dict[str, Act] = {}
    ok = [r for r in rows if r["result"] == "ok"]
    for i, row in enumerate(ok):
        key, at, by, action = row["target"], _time(row["at"]), row["actor"], row["action"]
        if action == "start_talk":
            talking[key] = Act(key, "talk", at, by)
            acts.append(talking[key])
        elif action == "end_talk":
            if key in talking:
                talking.pop(key).until = at
            # The talk's end closed the microphone unless it gave back one opened before the talk
            # (the hub's params.muted; rows from before it have none, and their sites muted).
            if row["params"].get("muted", True) is not False:
                acts.append(Act(key, "muted", at, by))
        elif action == "unmute_audio":
            granted = any(
                later["action"] == "lower_hand"
                and later["target"] == key
                and later["actor"] == by
                and (_time(later["at"]) - at).total_seconds() <= GRANT_WINDOW_S
                for later in ok[i + 1 : i + 50]
            )
            acts.append(Act(key, "granted_hand" if granted else "unmuted", at, by))
        elif action == "mute_audio":
            acts.append(Act(key, "muted", at, by))
        elif action == "set_recording":
            if row["params"].get("recording") is True:
                recording[key] = Act(key, "recorded", at, by)
                acts.append(recording[key])
            elif key in recording:
                recording.pop(key).until = at
    return acts


def _alarms(directory, since: datetime, until: datetime, keep) -> tuple[list[dict[str, Any]] | None, list[str]]:
    # ---- ALARMS ----------------------------------------------------------------------------
    # The hub's alarms (console/hub/alarms.py; the ``alarms`` table: rule, site, state,
    # raised_at, acked_by, acked_at, closed_at, detail, …). An alarm belongs to the meeting when
    # it was open at some moment of it: raised before its end, not closed before its start.
    # A file from before the hub kept alarms has no such table: the section says so. Columns are read by
    # name, so a column added later does not break the minutes.
    conn = directory.db.conn
    if "alarms" not in directory.db.table_names():
        return None, []
    columns = [c[0] for c in conn.execute("SELECT * FROM alarms LIMIT 0").description]  # on either store
    if "raised_at" in columns:
        closed = "AND (closed_at IS NULL OR closed_at = '' OR closed_at >= ?)" if "closed_at" in columns else ""
        args = [_iso(until)] + ([_iso(since)] if closed else [])
        rows = conn.execute(
            f"SELECT * FROM alarms WHERE raised_at <= ? {closed} ORDER BY raised_at LIMIT 10000", args
        ).fetchall()
    else:
        rows = conn.execute("SELECT * FROM alarms ORDER BY rowid LIMIT 10000").fetchall()
    site_column = next((c for c in ("site", "site_key", "target") if c in columns), None)
    alarms = []
    for row in rows:
        record = dict(zip(columns, row))
        site = record.get(site_column) if site_column else None
        if site and not keep(str(site)):
            continue
        record["_site"] = str(site) if site else ""
        alarms.append(record)
    shown = [c for c in ALARM_COLUMNS if c in columns] or columns
    return alarms, shown
    # ---- end of ALARMS ---------------------------------------------------------------------


def _names(directory, keys: set[str]) -> dict[str, tuple[str, str]]:
    names = {}
    for key in sorted(k for k in keys if k):
        site = directory.get(key)
        names[key] = (site.name, site.province) if site else (key, "")
    return names


# --- writing -------------------------------------------------------------------------------

WHAT = {
    "talk": "Trao đổi trực tiếp · Talk",
    "granted_hand": "Được phát biểu (giơ tay) · Hand granted",
    "unmuted": "Mở micro · Unmuted",
    "muted": "Tắt micro · Muted",
    "recorded": "Ghi hình · Recorded",
}


def write_minutes(minutes: Minutes, out: Path) -> Path:
    """``out`` as HTML or CSV, by its extension."""
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        text = to_html(minutes)
    elif suffix == ".csv":
        text = to_csv(minutes)
    else:
        raise ValueError(f"the minutes are written as .html or .csv, not {out.suffix or 'no extension'!r}")
    out.write_text(text, encoding="utf-8")
    return out


def to_csv(minutes: Minutes) -> str:
    """One row per fact: section, site, name, province, event, at, until, by, detail."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "site", "name", "province", "event", "at", "until", "by", "detail"])
    name = lambda key: minutes.names.get(key, (key, ""))  # noqa: E731
    for p in minutes.presence:
        writer.writerow(
            [
                "presence",
                p.site,
                *name(p.site),
                "present",
                _local(p.joined) or "before the meeting",
                _local(p.left) or "still present",
                "",
                "",
            ]
        )
    for a in minutes.acts:
        writer.writerow([a.what, a.site, *name(a.site), a.what, _local(a.at), _local(a.until), a.by, ""])
    for alarm in minutes.alarms or []:
        detail = "; ".join(f"{k}={v}" for k, v in alarm.items() if not k.startswith("_") and v not in (None, ""))
        raised = alarm.get("raised_at")
        writer.writerow(
            [
                "alarm",
                alarm["_site"],
                *name(alarm["_site"]),
                alarm.get("rule") or "alarm",
                _local(_time(raised)) if raised else "",
                _local(_time(alarm["closed_at"])) if alarm.get("closed_at") else "",
                alarm.get("acked_by") or "",
                detail,
            ]
        )
    return buffer.getvalue()


def to_html(minutes: Minutes) -> str:
    e = html.escape
    name = lambda key: minutes.names.get(key, (key, ""))  # noqa: E731
    zone = datetime.now().astimezone().strftime("UTC%z")
    parts = [
        f"""<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Biên bản cuộc họp · Meeting minutes {e(_local(minutes.since))}</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em;color:#111}}h1{{font-size:1.5em}}
h2{{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #999}}table{{border-collapse:collapse;width:100%}}
th,td{{border:1px solid #bbb;padding:.3em .5em;text-align:left;vertical-align:top}}th{{background:#eee}}
.none{{color:#666;font-style:italic}}</style></head><body>
<h1>Biên bản cuộc họp · Meeting minutes</h1>
<p>Từ · From <b>{e(_local(minutes.since))}</b> đến · to <b>{e(_local(minutes.until))}</b> ({e(zone)})<br>
Nhóm · Group: <b>{e(minutes.group or "tất cả điểm cầu · all sites")}</b><br>
{len(minutes.present_sites())} điểm cầu có mặt · sites present; {len(minutes.of("talk"))} trao đổi · talks;
{len(minutes.of("granted_hand"))} lượt phát biểu · hands granted; {len(minutes.of("muted"))} lần tắt micro · mutes</p>"""
    ]
    parts.append(
        _table(
            "Điểm cầu có mặt · Sites present",
            ["Điểm cầu · Site", "Tỉnh · Province", "Vào · Joined", "Rời · Left"],
            [
                [
                    name(p.site)[0],
                    name(p.site)[1],
                    _local(p.joined) or "trước cuộc họp · before",
                    _local(p.left) or "đến cuối · to the end",
                ]
                for p in minutes.presence
            ],
        )
    )
    speakers = [a for a in minutes.acts if a.what in ("talk", "granted_hand", "unmuted")]
    parts.append(
        _table(
            "Ai đã phát biểu · Who spoke",
            ["Điểm cầu · Site", "Cách · How", "Lúc · At", "Đến · Until", "Người điều hành · Operator"],
            [[name(a.site)[0], WHAT[a.what], _local(a.at), _local(a.until), a.by] for a in speakers],
        )
    )
    parts.append(
        _table(
            "Tắt micro · Muted",
            ["Điểm cầu · Site", "Lúc · At", "Bởi · By"],
            [[name(a.site)[0], _local(a.at), a.by] for a in minutes.of("muted")],
        )
    )
    parts.append(
        _table(
            "Ghi hình · Recordings",
            ["Điểm cầu · Site", "Từ · From", "Đến · To", "Bởi · By"],
            [[name(a.site)[0], _local(a.at), _local(a.until), a.by] for a in minutes.of("recorded")],
        )
    )
    if minutes.alarms is None:
        parts.append(
            '<h2>Cảnh báo · Alarms</h2><p class="none">Chưa có bảng cảnh báo trong cơ sở dữ liệu này · '
            "no alarm record in this database (it was written before the hub kept alarms)</p>"
        )
    else:
        columns = minutes.alarm_columns
        parts.append(
            _table(
                "Cảnh báo · Alarms",
                [ALARM_HEADINGS.get(c, c) for c in columns],
                [[_alarm_cell(minutes, a, c) for c in columns] for a in minutes.alarms],
            )
        )
    parts.append("</body></html>\n")
    return "\n".join(parts)


ALARM_HEADINGS = {
    "raised_at": "Lúc · Raised",
    "site": "Điểm cầu · Site",
    "rule": "Loại · Rule",
    "detail": "Chi tiết · Detail",
    "state": "Trạng thái · State",
    "count": "Số lần · Times",
    "acked_by": "Xác nhận bởi · Acknowledged by",
    "acked_at": "Lúc xác nhận · At",
    "closed_at": "Đóng · Closed",
}


def _alarm_cell(minutes: Minutes, alarm: dict[str, Any], column: str) -> str:
    value = alarm.get(column)
    if value in (None, ""):
        return ""
    if column == "site":
        return minutes.names.get(str(value), (str(value), ""))[0]
    if column.endswith("_at"):
        try:
            return _local(_time(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def _table(title: str, head: list[str], rows: list[list[str]]) -> str:
    e = html.escape
    if not rows:
        return f'<h2>{e(title)}</h2><p class="none">Không có · none</p>'
    header = "".join(f"<th>{e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{e(str(c or ''))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<h2>{e(title)}</h2><table><tr>{header}</tr>{body}</table>"


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else ""
