"""A group's roll-call for the minutes: present and absent, with the time."""

import csv
import io

from console.model.roll_call import COLUMNS, roll_call

MEMBERS = [
    {
        "key": "commune:4",
        "code": 4,
        "name": "Phường Ba Đình",
        "province": "Hà Nội",
        "path": ["Thành phố Hà Nội", "Quận Ba Đình", "Phường Ba Đình"],
    },
    {
        "key": "commune:7",
        "code": 7,
        "name": "Phường Trúc Bạch",
        "province": "Hà Nội",
        "path": ["Thành phố Hà Nội", "Quận Ba Đình", "Phường Trúc Bạch"],
    },
    {"key": "commune:9", "code": 9, "name": "Phường Vĩnh Phúc", "province": "Hà Nội", "path": []},
]
ANSWER = [
    {
        "key": "commune:4",
        "online": True,
        "last_seen": "2025-09-01T01:29:58+00:00",
        "state": {"muted": False, "hand_raised": True},
    },
    {"key": "commune:7", "online": False, "last_seen": "2025-08-30T10:00:00+00:00", "state": {}},
]


def test_present_and_absent_in_the_groups_order_with_the_time_on_every_row():
    call = roll_call("Directive 16", "2025-09-01T08:30:05+07:00", MEMBERS, ANSWER)
    assert [e.key for e in call.present] == ["commune:4"]
    assert [e.key for e in call.absent] == ["commune:7", "commune:9"]  # 9: not in the hub's answer
    assert call.summary() == "Directive 16: 1 present, 2 absent at 2025-09-01T08:30:05+07:00"
    rows = list(csv.DictReader(io.StringIO(call.csv_text())))
    assert tuple(rows[0]) == COLUMNS
    assert {r["taken_at"] for r in rows} == {"2025-09-01T08:30:05+07:00"}
    assert [(r["key"], r["present"], r["muted"], r["hand_raised"]) for r in rows] == [
        ("commune:4", "present", "no", "yes"),
        ("commune:7", "absent", "", "no"),
        ("commune:9", "absent", "", "no"),
    ]
    assert rows[0]["path"] == "Thành phố Hà Nội › Quận Ba Đình › Phường Ba Đình"
