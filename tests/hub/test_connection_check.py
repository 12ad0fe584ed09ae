"""The settings dialog's "Test connection" says exactly what is wrong, against real
hubs on 127.0.0.1 (plain and TLS with self-signed certificates), real closed ports and a real
silent server."""

import asyncio
import socket

import pytest

from console.bench.certs import self_signed
from console.hub import HubRunner
from console.hub.run import tls_context
from console.signaling import connection_check as cc, protocol
from tests.aio import run_async


def check(url, token, **options):
    return run_async(cc.check_connection(url, token, **options))


def test_a_good_token_is_welcomed_with_the_hub_id_and_the_role(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            return await cc.check_connection(runner.url, tokens["operator"]), runner

    result, runner = run_async(scenario())
    assert result.ok and result.outcome == cc.OK
    assert result.operator == "anh" and result.role == "operator"
    assert result.hub_id and result.hub_version == protocol.VERSION


def test_a_wrong_token_is_refused_with_close_code_4003(hub_db):
    path, _ = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            return await cc.check_connection(runner.url, "op_not-a-real-token")

    result = run_async(scenario())
    assert result.outcome == cc.TOKEN_REFUSED and not result.ok
    assert result.close_code == 4003 and "unauthorized" in result.detail


def test_no_token_still_checks_the_hub(hub_db):
    path, _ = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            return await cc.check_connection(runner.url, "")

    assert run_async(scenario()).outcome == cc.NO_TOKEN


def test_another_protocol_version_is_said_with_both_numbers(hub_db):
    path, tokens = hub_db

    async def scenario():
        async with HubRunner(path, port=0) as runner:
            return await cc.check_connection(runner.url, tokens["operator"], expected_version=protocol.VERSION + 1)

    result = run_async(scenario())
    assert result.outcome == cc.VERSION
    assert (result.hub_version, result.expected_version) == (protocol.VERSION, protocol.VERSION + 1)


def test_nothing_listening_is_connection_refused():
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens on it now
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = check(f"http://127.0.0.1:{port}", "t")
    assert result.outcome == cc.REFUSED and str(port) in result.detail


def test_a_name_that_does_not_resolve_is_said():
    # A name over 255 characters: glibc's resolver refuses it (EAI_NONAME) without sending a
    # query, so the test stays on this machine (the network rule) and still meets a real DNS error.
    name = ".".join(["a" * 60] * 5) + ".test"
    result = check(f"https://{name}:8765", "t")
    assert result.outcome == cc.NAME_NOT_FOUND, result


def test_a_server_that_never_answers_times_out_and_says_where():
    async def scenario():
        held = []

        async def hold(reader, writer):  # accepts, reads, never answers
            held.append(writer)
            await reader.read()

        server = await asyncio.start_server(hold, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            return await cc.check_connection(f"http://127.0.0.1:{port}", "t", timeout=1.0)
        finally:
            for writer in held:
                writer.close()
            server.close()

    result = run_async(scenario())
    assert result.outcome == cc.TIMEOUT and result.stage == "http"


def test_something_else_answering_is_not_a_hub():
    async def scenario():
        async def answer(reader, writer):
            await reader.read(100)
            writer.write(b"SSH-2.0-OpenSSH_9.2\r\n")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(answer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            return await cc.check_connection(f"http://127.0.0.1:{port}", "t", timeout=5.0)
        finally:
            server.close()

    assert run_async(scenario()).outcome == cc.NOT_A_HUB


@pytest.mark.parametrize(
    "served, trusted, problem, words",
    [
        ("good", None, cc.SELF_SIGNED, "self-signed"),  # the system's CAs: nobody signed it
        ("good", "other", cc.SELF_SIGNED, "self-signed"),  # trusting another certificate
        ("wrong_host", "wrong_host", cc.HOSTNAME, "mismatch"),  # trusted, but for hub.example.vn
        ("expired", "expired", cc.EXPIRED, "expired"),
    ],
)
def test_tls_problems_say_which_certificate_and_why(hub_db, tmp_path, served, trusted, problem, words):
    path, tokens = hub_db
    certs = {
        "good": self_signed(tmp_path, "good"),
        "other": self_signed(tmp_path, "other"),
        "wrong_host": self_signed(tmp_path, "wrong_host", host="hub.example.vn"),
        "expired": self_signed(tmp_path, "expired", expired=True),
    }

    async def scenario():
        async with HubRunner(path, port=0, ssl_context=tls_context(*certs[served])) as runner:
            ca = str(certs[trusted][0]) if trusted else None
            return await cc.check_connection(runner.url, tokens["operator"], ca=ca)

    result = run_async(scenario())
    assert result.outcome == cc.TLS and result.tls_problem == problem, result
    assert words in result.detail
    assert "subject CN=" in result.certificate
    if served == "good":
        assert "itself (self-signed)" in result.certificate


def test_the_right_ca_gets_through_tls_and_a_wrong_token_is_still_refused(hub_db, tmp_path):
    path, tokens = hub_db
    cert, key = self_signed(tmp_path)

    async def scenario():
        async with HubRunner(path, port=0, ssl_context=tls_context(cert, key)) as runner:
            good = await cc.check_connection(runner.url, tokens["operator"], ca=str(cert))
            bad = await cc.check_connection(runner.url, "op_wrong", ca=str(cert))
            return good, bad

    good, bad = run_async(scenario())
    assert good.ok and good.url.startswith("https://") and good.role == "operator"
    assert bad.outcome == cc.TOKEN_REFUSED and bad.close_code == 4003


@pytest.mark.parametrize(
    "url, ca", [("http://10.0.0.5:8765", None), ("hub.example.vn", None), ("https://127.0.0.1:1", "/no/such.pem")]
)
def test_an_unusable_address_is_said_before_any_connection(url, ca):
    result = check(url, "t", ca=ca)
    assert result.outcome == cc.BAD_ADDRESS and result.detail
