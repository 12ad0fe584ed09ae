"""The benchmark must keep running and printing its keys; its numbers are not judged here."""

import json

from tests.perf import bench_directory


def test_directory_benchmark_prints_json(capsys):
    assert bench_directory.main(["--queries", "40", "--repeat", "1", "--imports", "1"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in ("sites", "import_s", "search_p50_ms", "search_p99_ms", "naive_scan_p99_ms", "p99_vs_naive_scan"):
        assert key in result
    assert result["sites"] == 10810
    assert result["queries"] == 40 and result["queries_with_results"] >= 35
