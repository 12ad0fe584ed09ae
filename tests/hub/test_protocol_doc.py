"""docs/protocol.md must describe exactly the messages, fields and errors the code knows."""

import re
from pathlib import Path

import pytest

from console.signaling import protocol

DOC = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    match = re.search(rf"^### {re.escape(title)}\b.*?$(.*?)(?=^##)", DOC, re.M | re.S)
    assert match, f"docs/protocol.md has no section '### {title}'"
    return match.group(1)


def row(text: str, shown: str) -> str:
    return next((line for line in text.splitlines() if line.startswith(shown)), "")


@pytest.mark.parametrize("kind", sorted(protocol.CLIENT_MESSAGES))
def test_every_client_message_and_field_is_documented_with_its_size(kind):
    text = section(kind)
    for name, field in protocol.CLIENT_MESSAGES[kind].items():
        shown = f"| {name}{'' if field.required else '?'} |"
        assert shown in text, f"{kind}: field {name!r} should appear as {shown!r}"
        limit = field.max_len or (field.items.max_len if field.items else None)
        if limit:
            assert f"≤ {limit}" in row(text, shown), f"{kind}.{name}: the doc should give its limit ≤ {limit}"


def test_every_site_state_field_is_documented_with_its_size():
    """The bounded state is a documented set of fields."""
    text = section("Site state")
    for name, field in protocol.SITE_STATE.items():
        line = row(text, f"| {name} |")
        assert line, f"site state field {name!r} is not in the table"
        if field.max_len:
            assert f"≤ {field.max_len}" in line
    assert f"{protocol.SITE_STATE_BYTES} bytes" in text


@pytest.mark.parametrize("kind", protocol.SERVER_MESSAGES)
def test_every_hub_message_is_documented(kind):
    assert re.search(rf"^### .*\b{kind}\b", DOC, re.M), f"no section for hub message {kind!r}"


@pytest.mark.parametrize("code", protocol.ERROR_CODES)
def test_every_error_code_is_documented(code):
    assert f"| {code} |" in DOC


def test_limits_in_the_doc_match_the_code():
    """Sizes, depth, numbers, close codes as the code has them."""
    from console.hub import peers, server

    assert f"{protocol.MAX_MESSAGE_BYTES // 1024} KiB" in DOC
    assert f"over **{server.WS_HARD_LIMIT // (1024 * 1024)} MiB**" in DOC and "exactly 1 MiB" in DOC
    assert f"more than **{protocol.MAX_DEPTH}** levels" in DOC
    assert f"{server.MAX_ERRORS_IN_A_ROW} malformed messages in a row" in DOC and "binary frames" in DOC
    assert f"({peers.OUTBOX_LIMIT} queued, or {peers.OUTBOX_BYTES // (1024 * 1024)} MiB)" in DOC
    assert f"within {server.HELLO_TIMEOUT_S:g} s" in DOC and "`unauthorized` and code 4003" in DOC
    for code in (1000, 1001, 1009, 1011, 4000, 4001, 4002, 4003, 4008):
        assert f"{code} " in DOC.split("Close codes the hub uses:")[1].split("\n\n")[0]
    assert f"`heartbeat_s` ({protocol.HEARTBEAT_S:g} s)" in DOC
    assert f"`dead_after_s` ({protocol.DEAD_AFTER_S:g} s)" in DOC


def test_the_role_table_matches_the_code():
    """docs/protocol.md's role table says what role each permission needs."""
    text = section("Roles")
    for permission, role in protocol.PERMISSIONS.items():
        line = row(text, f"| {permission} |")
        assert line.startswith(f"| {permission} | {role} |"), f"{permission} needs {role}: {line!r}"
    for action, permission in protocol.CONTROL_PERMISSION.items():
        assert f"`{action}`" in row(text, f"| {permission} |"), f"{action} should be under {permission}"
    for op in protocol.WALL_OPS:
        assert f"`{op}`" in (row(text, "| room_wall |") + row(text, "| watch |"))
