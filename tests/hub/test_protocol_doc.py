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


@pytest.mark.parametrize("kind", sorted(protocol.CLIENT_MESSAGES))
def test_every_client_message_and_field_is_documented(kind):
    text = section(kind)
    for name, field in protocol.CLIENT_MESSAGES[kind].items():
        shown = f"| {name}{'' if field.required else '?'} |"
        assert shown in text, f"{kind}: field {name!r} should appear as {shown!r}"


@pytest.mark.parametrize("kind", protocol.SERVER_MESSAGES)
def test_every_hub_message_is_documented(kind):
    assert re.search(rf"^### .*\b{kind}\b", DOC, re.M), f"no section for hub message {kind!r}"


@pytest.mark.parametrize("code", protocol.ERROR_CODES)
def test_every_error_code_is_documented(code):
    assert f"| {code} |" in DOC


def test_limits_in_the_doc_match_the_code():
    assert f"{protocol.MAX_MESSAGE_BYTES // 1024} KiB" in DOC
    assert f"`heartbeat_s` ({protocol.HEARTBEAT_S:g} s)" in DOC
    assert f"`dead_after_s` ({protocol.DEAD_AFTER_S:g} s)" in DOC
