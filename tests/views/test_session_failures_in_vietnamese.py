"""A site's media session that fails is said in the console's language: the media core names
why (a code and its arguments beside its English sentence) and the event log says it in
Vietnamese, with the site by name. Seen on a loaded demo: "Phường Thụy Phán: the site closed
the media connection" in the middle of a Vietnamese log."""

import pytest

from console.app.wire_events import _log_event
from console.views.event_log import EventLog
from tests.views.english_words import english_in, english_words
from tests.views.test_i18n import compiled, translations  # noqa: F401 (fixtures)

NAMES = {"commune:70": "Phường Hoàn Kiếm"}


@pytest.mark.parametrize(
    ("english", "code", "args"),
    [
        ("the site closed the media connection", "site_closed_media", {}),
        ("the media connection failed (ICE or DTLS)", "media_connection_failed", {}),
        ("the site's answer could not be applied: bad m-line", "answer_not_applied", {"detail": "bad m-line"}),
        ("subscribe refused: site 'commune:70' is not online", "site_not_online", {"site": "commune:70"}),
    ],
)
def test_a_failed_session_is_said_in_vietnamese_with_the_site_by_name(
    qtbot,
    compiled,
    translations,
    english,
    code,
    args,
):
    translations.folder = compiled
    assert translations.use("vi") == "vi"
    log = EventLog()
    qtbot.addWidget(log)
    payload = {"site": "commune:70", "state": "failed", "error": english, "error_code": code, "error_args": args}
    _log_event(log, lambda key: NAMES.get(key, key), "session", payload)
    (line,) = log.lines()
    assert "Phường Hoàn Kiếm" in line and "commune:70" not in line, line
    data = set(NAMES.values()) | {str(value) for value in args.values()}  # aiortc's own detail is data
    assert english_in(line, english_words(), data) == [], line


def test_a_failure_the_console_cannot_name_keeps_the_sites_words(qtbot):
    log = EventLog()
    qtbot.addWidget(log)
    payload = {"site": "commune:70", "state": "failed", "error": "hung up by commune:70", "error_code": ""}
    _log_event(log, lambda key: NAMES.get(key, key), "session", payload)
    (line,) = log.lines()
    assert line.endswith("Phường Hoàn Kiếm: hung up by Phường Hoàn Kiếm"), line
