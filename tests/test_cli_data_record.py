"""The data and recording commands as an operator runs them: `data serve-sample` (a separate process on
127.0.0.1) checked by `data check`; `recordings list|export|delete|prune`; bad arguments."""

import json
import signal
import subprocess

import pytest

from console.cli import main
from console.directory import SiteDirectory
from console.processes import bound_to_us
from console.recording import RecordingWriter, catalog
from tests.ports import free_port
from tests.recording.test_writer import feed
from tests.test_cli_media import SCRIPT


def test_the_sample_server_serves_sample_data_that_data_check_accepts(tmp_path):
    db = tmp_path / "db.sqlite3"
    port = free_port()
    server = subprocess.Popen(
        [SCRIPT, "--db", str(db), "data", "serve-sample", "--port", str(port), "--step", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **bound_to_us(),
    )
    try:
        banner = server.stdout.readline()
        assert banner.startswith(
            f"SAMPLE DATA (synthetic, not real figures) for 34 provinces at http://127.0.0.1:{port}/data.json"
        )
        checked = {}
        for path in ("data.json", "data.csv"):
            out = subprocess.run(
                [SCRIPT, "data", "check", "--url", f"http://127.0.0.1:{port}/{path}", "--json"],
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert out.returncode == 0, out.stdout + out.stderr
            checked[path] = json.loads(out.stdout)
        for report in checked.values():
            assert report["ok"] and report["sample"] and report["provinces"] == 34
            assert report["indicators"] == ["new_cases", "positivity", "vaccinated"]
        out = subprocess.run(
            [SCRIPT, "data", "check", "--url", f"http://127.0.0.1:{port}/nothing"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert out.returncode == 1 and "NOT USABLE — HTTP 404 Not Found" in out.stdout
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
    out = subprocess.run(
        [SCRIPT, "data", "check", "--url", f"http://127.0.0.1:{port}/data.json"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 1 and "cannot connect" in out.stdout


def test_data_check_names_the_fault_in_a_file(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,time,value\ncases,2026-01-31T09:00:00+07:00,many\n", encoding="utf-8")
    assert main(["data", "check", "--file", str(bad)]) == 1
    assert (
        'NOT USABLE — malformed payload at line 2, column "value": \'many\' is not a number' in capsys.readouterr().out
    )


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["demo", "--data-url", "ftp://x/data.json"], "a data URL starts with http:// or https://"),
        (["demo", "--data-url", "http://127.0.0.1:1/x", "--data-file", "x.json"], "not allowed with argument"),
        (["record", "70", "--seconds", "0", "--out", "x.webm"], "is not a duration"),
        (["report", "meeting", "--since", "1h"], "--out"),
    ],
)
def test_bad_arguments_are_usage_errors(argv, fragment, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2 and fragment in capsys.readouterr().err


def test_record_refuses_an_unwritable_place_before_telling_anyone(tmp_path, capsys):
    db = tmp_path / "db.sqlite3"
    assert (
        main(
            [
                "--db",
                str(db),
                "record",
                "70",
                "--seconds",
                "5",
                "--out",
                str(tmp_path / "no" / "x.webm"),
                "--hub",
                "http://127.0.0.1:1",
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "the folder" in err and "does not exist" in err


def test_the_recordings_list_export_delete_and_prune(tmp_path, capsys):
    db = tmp_path / "db.sqlite3"
    directory = SiteDirectory(db)
    try:
        path = tmp_path / "rec.webm"
        writer = RecordingWriter(path).start()
        feed(writer, 1)
        rid = catalog.begin(directory, "commune:70", "Phường Hoàn Kiếm", "anh", path)
        catalog.finish(directory, rid, writer.stop())
    finally:
        directory.close()
    assert main(["--db", str(db), "recordings", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Phường Hoàn Kiếm" in listed and "done" in listed and "(anh)" in listed
    copy = tmp_path / "copy.webm"
    assert main(["--db", str(db), "recordings", "export", str(rid), str(copy)]) == 0
    assert copy.read_bytes() == path.read_bytes()
    assert main(["--db", str(db), "recordings", "prune", "--older-than", "30"]) == 0
    assert "deleted 0 recording(s)" in capsys.readouterr().out
    assert main(["--db", str(db), "recordings", "delete", str(rid)]) == 0
    assert not path.exists()
    assert main(["--db", str(db), "recordings", "delete", str(rid)]) == 1
    assert "no recording" in capsys.readouterr().err
