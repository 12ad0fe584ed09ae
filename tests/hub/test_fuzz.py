"""A fuzz test generated from the protocol table, against a real hub on 127.0.0.1.

Every message type with each field missing, mistyped, oversized, not Unicode, not finite; keys
that are not Unicode; deep nesting and huge numbers; role violations; hostile first frames from
strangers. Meanwhile a good console's controls keep round-tripping to a good site. Asserted:
no ``internal`` error, no traceback (nor any error line) in the hub's log, no good peer
dropped or made deaf, every stranger refused with a clean close.
"""

import logging

from console.bench.fuzz import FuzzTokens, run_fuzz
from console.bench.fuzz_cases import joined_cases
from console.directory import credentials
from console.hub import HubRunner
from tests.aio import run_async


class Faults(logging.Handler):
    """Every log record with a traceback or at ERROR and above, from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or record.levelno >= logging.ERROR:
            self.records.append(record)


def test_generated_fuzz_hurts_no_good_peer(national, tmp_path):
    tokens = FuzzTokens(
        good_console=credentials.issue_operator_token(national, "anh"),
        good_site=credentials.issue_site_token(national, "commune:4"),
        good_key="commune:4",
        evil_console=credentials.issue_operator_token(national, "mallory"),
        evil_sites=list(credentials.issue_site_tokens(national, [f"commune:{c}" for c in (7, 8, 13, 16)]).items()),
    )
    path = national.path
    national.close()
    faults = Faults()
    root = logging.getLogger()
    root.addHandler(faults)
    context = {"site": "commune:7", "session": "s", "string": "x"}
    every_case = len(joined_cases("site", context)) + len(joined_cases("console", context))

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            return await run_fuzz(runner.url, tokens, messages=every_case)

    try:
        report = run_async(scenario(), timeout=120)
    finally:
        root.removeHandler(faults)
    summary = report.summary()
    assert summary["messages"] == every_case and summary["strangers"] > 400, summary
    assert summary["internal_errors"] == 0, summary
    tracebacks = [f"{r.name}: {r.getMessage()}" for r in faults.records]
    assert not tracebacks, tracebacks[:5]
    assert summary["good_peer_drops"] == 0 and not summary["deaf"], summary
    assert summary["good_controls"] > 10 and summary["good_control_failures"] == 0, summary
    assert not summary["bad_stranger_closes"], summary
    assert summary["error_replies"] > every_case * 0.8, summary  # garbage is answered (paced), not ignored
