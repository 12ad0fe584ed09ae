import threading

import pytest

from console.directory import DirectoryWorker


def test_all_calls_run_on_one_thread_in_order(db_path):
    worker = DirectoryWorker(db_path)
    threads, order = set(), []

    def call(i):
        def run(directory):
            threads.add(threading.get_ident())
            order.append(i)
            return directory.search("ha noi", limit=1)[0].key

        return run

    futures = [worker.submit(call(i)) for i in range(20)]
    assert [f.result(timeout=30) for f in futures] == ["province:1"] * 20
    assert order == list(range(20))
    assert len(threads) == 1 and threading.get_ident() not in threads
    worker.close()


def test_an_unusable_file_fails_every_call_clearly(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    worker = DirectoryWorker(bad)
    with pytest.raises(Exception, match="not a database"):
        worker.submit(lambda d: d.stats()).result(timeout=30)
    worker.close()
