"""Directory benchmark: import time of the 10,810-site file and search latency.

Prints one JSON object. Each figure comes with a reference measured in the same run on the
same machine (the machine is shared and noisy, so ratios mean more than milliseconds):
  import   vs. json.load of the same file (the floor any importer pays)
  search   vs. a linear scan over the folded names in Python (what a naive search costs), and
           vs. the same search without close spellings (what typo tolerance adds)
  typos    the realistic queries with a space dropped or one letter changed, added, dropped
           or swapped: how often the intended site is among the 20 results, and the time

    python tests/perf/bench_directory.py [--queries N] [--repeat R] [--file F]
Targets: import <= 5 s, search p99 <= 5 ms, typos included.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from console.directory import SiteDirectory, fold  # noqa: E402
from console.directory.folding import core_name  # noqa: E402

THREE_TIER = REPO / "resources" / "divisions" / "vn-divisions-2025-01-three-tier.json"


def realistic_queries(directory: SiteDirectory, count: int, seed: int = 2021) -> list[str]:
    """What operators type: names keystroke by keystroke, unaccented names with a parent's
    name, accented names, GSO codes (padded or not) and abbreviations."""
    rng = random.Random(seed)
    rows = list(directory.db.query("SELECT code, name, path FROM sites WHERE active = 1"))
    queries: list[str] = []
    while len(queries) < count:
        row = rng.choice(rows)
        path = json.loads(row["path"])
        core = core_name(fold(row["name"]))
        kind = rng.random()
        if kind < 0.45:  # type-ahead: every prefix of the name as it is typed
            queries += [core[:n] for n in range(1, len(core) + 1) if not core[:n].endswith(" ")]
        elif kind < 0.65:
            parent = core_name(fold(path[-2])) if len(path) > 1 else ""
            queries.append(f"{core} {parent}".strip())
        elif kind < 0.75:
            queries.append(row["name"])
        elif kind < 0.95:
            queries.append(str(row["code"]).zfill(5) if rng.random() < 0.5 else str(row["code"]))
        else:
            queries.append("".join(w[0] for w in core.split()))
    return queries[:count]


def typo_queries(directory: SiteDirectory, count: int, seed: int = 17) -> list[tuple[str, int]]:
    """(query with one slip, id of the site meant): a space dropped, or one letter changed,
    added, dropped or swapped in a word of 4 letters or more."""
    rng = random.Random(seed)
    rows = list(directory.db.query("SELECT id, name FROM sites WHERE active = 1 AND level = 'commune'"))
    out: list[tuple[str, int]] = []
    while len(out) < count:
        row = rng.choice(rows)
        words = core_name(fold(row["name"])).split()
        long = [i for i, w in enumerate(words) if len(w) >= 4]
        if len(words) > 1 and (not long or rng.random() < 0.4):
            i = rng.randrange(len(words) - 1)
            words[i : i + 2] = [words[i] + words[i + 1]]
        elif long:
            i = rng.choice(long)
            w, at = words[i], rng.randrange(1, len(words[i]) - 1)
            letter = rng.choice("abcdeghiklmnopqrstuvxy")
            words[i] = rng.choice(
                [
                    w[:at] + letter + w[at + 1 :],
                    w[:at] + letter + w[at:],
                    w[:at] + w[at + 1 :],
                    w[:at] + w[at + 1] + w[at] + w[at + 2 :],
                ]
            )
        else:
            continue
        out.append((" ".join(words), row["id"]))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def time_each(fn, items, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        for item in items:
            started = time.perf_counter()
            fn(item)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def time_pair(fn, reference, items, repeat: int) -> tuple[list[float], list[float]]:
    """Times of ``fn`` and ``reference`` on each item, one after the other."""
    ours, theirs = [], []
    for _ in range(repeat):
        for item in items:
            for run, samples in ((reference, theirs), (fn, ours)):
                started = time.perf_counter()
                run(item)
                samples.append((time.perf_counter() - started) * 1000)
    return ours, theirs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", type=Path, default=THREE_TIER)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--imports", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        import_s, json_s = [], []
        for i in range(args.imports):
            started = time.perf_counter()
            json.loads(args.file.read_bytes())
            json_s.append(time.perf_counter() - started)
            directory = SiteDirectory(Path(tmp) / f"bench{i}.sqlite3")
            started = time.perf_counter()
            report = directory.import_file(args.file)
            import_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        directory.import_file(args.file)
        reimport_s = time.perf_counter() - started

        queries = realistic_queries(directory, args.queries)
        names = [
            (row["id"], row["hay_all"]) for row in directory.db.query("SELECT id, hay_all FROM sites WHERE active = 1")
        ]

        def naive(query: str) -> list[int]:
            tokens = [" " + t for t in fold(query).split()]
            return [i for i, hay in names if all(t in hay for t in tokens)][:20]

        directory.search("warm up")
        # Interleaved, query by query: the machine's noise falls on both alike.
        ours, as_typed = time_pair(
            lambda q: directory.search(q, limit=20),
            lambda q: directory.search_answer(q, limit=20, respell=False),
            queries,
            args.repeat,
        )
        reference = time_each(naive, queries, 1)
        hits = sum(1 for q in queries if directory.search(q, limit=20))
        typos = typo_queries(directory, args.queries // 4)
        typo_times = time_each(lambda qi: directory.search(qi[0], limit=20), typos, args.repeat)
        typo_found = sum(
            1
            for q, i in typos
            if any(
                s.key == directory.db.execute("SELECT key FROM sites WHERE id = ?", [i]).fetchone()[0]
                for s in directory.search(q, limit=20)
            )
        )
        directory.close()

    result = {
        "bench": "directory",
        "sites": report.active,
        "import_s": round(statistics.median(import_s), 3),
        "import_target_s": 5.0,
        "json_load_s": round(statistics.median(json_s), 3),
        "import_vs_json_load": round(statistics.median(import_s) / statistics.median(json_s), 1),
        "reimport_unchanged_s": round(reimport_s, 3),
        "queries": len(queries),
        "queries_with_results": hits,
        "search_p50_ms": round(percentile(ours, 50), 3),
        "search_p99_ms": round(percentile(ours, 99), 3),
        "search_max_ms": round(max(ours), 3),
        "search_target_p99_ms": 5.0,
        "as_typed_only_p50_ms": round(percentile(as_typed, 50), 3),
        "as_typed_only_p99_ms": round(percentile(as_typed, 99), 3),
        "typo_queries": len(typos),
        "typo_found_in_top_20": typo_found,
        "typo_search_p50_ms": round(percentile(typo_times, 50), 3),
        "typo_search_p99_ms": round(percentile(typo_times, 99), 3),
        "naive_scan_p50_ms": round(percentile(reference, 50), 3),
        "naive_scan_p99_ms": round(percentile(reference, 99), 3),
        "p99_vs_naive_scan": round(percentile(ours, 99) / percentile(reference, 99), 3),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
