"""`opsconsole bench failover` keeps working on a throwaway PostgreSQL and prints its keys; its
numbers are judged by people, at full size."""

import json
import subprocess
import sys
from pathlib import Path

from console.directory import SiteDirectory
from tests.conftest import THREE_TIER

REPO = Path(__file__).resolve().parents[2]
KEYS = (
    "takeover_s",
    "sites_back_s",
    "console_back_s",
    "double_active_s",
    "restart_serving_s",
    "restart_sites_back_s",
    "takeovers_audited",
    "lost_audit_rows",
    "room_wall_restored",
)


def test_failover_bench_prints_json_with_one_audited_takeover_and_never_two_active(postgresql, loopback_only):
    url = postgresql.url(postgresql.create_database())
    directory = SiteDirectory(url)
    directory.import_file(THREE_TIER)
    directory.close()
    result = subprocess.run(
        [sys.executable, "-m", "console.cli", "bench", "failover", "--store", url, "--sites", "4", "--json"],
        capture_output=True,
        text=True,
        timeout=400,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout)
    for key in KEYS:
        assert numbers.get(key) is not None, (key, numbers)
    assert numbers["takeovers_audited"] == 1 and numbers["double_active_s"] == 0, numbers
    assert numbers["lost_audit_rows"] == 0 and numbers["room_wall_restored"] is True, numbers
