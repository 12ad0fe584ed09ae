"""`opsconsole hub --turn`: a relay needs its secret and takes only stun:/turn:/turns: URLs;
a wrong setting is said before the hub starts."""

import pytest

from console.cli import main


@pytest.mark.parametrize(
    "args, said",
    [
        (["--turn", "turn:10.0.0.2:3478"], "needs the relay's secret"),
        (["--turn", "http://10.0.0.2:3478", "--turn-secret", "s"], "is not a stun:, turn: or turns: URL"),
        (["--turn-secret", "s"], "need --turn"),
        (["--turn", "turn:10.0.0.2:3478", "--turn-secret", "s", "--turn-ttl", "5"], "at least 60"),
        (
            ["--turn", "turn:10.0.0.2", "--turn-secret-file", "/nonexistent/turn.secret"],
            "cannot read --turn-secret-file",
        ),
    ],
)
def test_a_wrong_relay_setting_is_refused_before_the_hub_starts(tmp_path, capsys, monkeypatch, args, said):
    monkeypatch.delenv("OPSCONSOLE_TURN_SECRET", raising=False)
    code = main(["--db", str(tmp_path / "d.sqlite3"), "hub", "--port", "0", *args])
    err = capsys.readouterr().err
    assert code == 2 and said in err, err
