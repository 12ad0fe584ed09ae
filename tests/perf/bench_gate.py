"""The hub's strict decoding gate: how much it costs beside plain ``json.loads`` in the same run.

Prints one JSON object: per message kind, microseconds per decode through
``protocol.decode`` (strict JSON, the table's fields and sizes) and through ``json.loads``
alone, and their ratio; plus how many decodes a second one core manages for the hub's
national mix (10,810 sites beating every 5 s, stats every 2 s from 64 watched sites, and the
signalling of a wall).

    python tests/perf/bench_gate.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from console.bench.fuzz import VALID_SDP  # noqa: E402
from console.signaling import protocol  # noqa: E402

MESSAGES = {
    "heartbeat": {"type": "heartbeat"},
    "state": {
        "type": "state",
        "state": {
            "muted": False,
            "muted_by": "anh",
            "hand_raised": True,
            "talking": False,
            "video": {"width": 640, "height": 360, "fps": 15, "paused": False},
            "camera": "ok",
            "microphone": "ok",
            "client": "browser",
        },
    },
    "stats": {
        "type": "stats",
        "session": "0f" * 16,
        "stats": {
            "rtt_ms": 12.5,
            "bitrate_kbps": 420,
            "frames_sent": 90210,
            "program": {"frames": 9000, "level_db": -21.5, "peaks": [[1750, -12.1], [440, -40.2]]},
        },
    },
    "control": {
        "type": "control",
        "id": "r17",
        "site": "commune:26734",
        "action": "set_video",
        "params": {"width": 320, "height": 180, "fps": 15},
    },
    "ice": {
        "type": "ice",
        "session": "0f" * 16,
        "candidate": {
            "candidate": "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host",
            "sdpMid": "0",
            "sdpMLineIndex": 0,
        },
    },
    "answer (SDP)": {"type": "answer", "session": "0f" * 16, "sdp": VALID_SDP * 8},
    "state with Vietnamese": {"type": "state", "state": {"muted_by": "Nguyễn Văn Anh", "client": "trình duyệt"}},
}


def per_call_us(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(repeat):
            fn(text)
        best = min(best, (time.perf_counter() - started) / repeat * 1e6)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5000)
    args = parser.parse_args(argv)
    kinds = {}
    for name, message in MESSAGES.items():
        text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
        strict = per_call_us(protocol.decode, text, args.repeat)
        plain = per_call_us(json.loads, text, args.repeat)
        kinds[name] = {
            "bytes": len(text.encode()),
            "strict_us": round(strict, 2),
            "json_loads_us": round(plain, 2),
            "ratio": round(strict / plain, 2),
        }
    # The national mix per second: 10,810 / 5 heartbeats (the hub's fast path skips decoding
    # them, counted here anyway), 64 / 2 stats, a few controls and candidates.
    mix = {"heartbeat": 10810 / 5, "stats": 32, "control": 10, "ice": 10, "state": 5}
    busy_us = sum(rate * kinds[k]["strict_us"] for k, rate in mix.items())
    print(
        json.dumps(
            {"kinds": kinds, "national_mix_per_s": mix, "national_mix_core_pct": round(busy_us / 1e4, 2)}, indent=2
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
