"""A console reaches a hub only over verified TLS (or plain http on this machine),
and says exactly what is wrong with a certificate: unknown CA, wrong host, expired."""

import pytest

from console.bench.certs import self_signed
from console.hub import HubRunner
from console.hub.run import tls_context
from console.signaling import ChannelClosed, HubClient, WebSocketChannel
from console.signaling.hub_address import HubAddress, HubAddressError
from tests.aio import run_async


@pytest.mark.parametrize(
    "url, ok",
    [
        ("http://127.0.0.1:8765", True),
        ("http://localhost:8765", True),
        ("ws://[::1]:8765", True),
        ("https://hub.example.vn:8765", True),
        ("wss://10.0.0.5", True),
        ("http://10.0.0.5:8765", False),
        ("http://hub.example.vn", False),
        ("ftp://x", False),
        ("127.0.0.1:8765", False),
    ],
)
def test_plain_http_only_to_this_machine(url, ok):
    if ok:
        address = HubAddress.parse(url)
        assert address.url.startswith(("http://", "https://"))
    else:
        with pytest.raises(HubAddressError):
            HubAddress.parse(url)


def test_a_ca_file_that_is_missing_or_not_pem_is_said(tmp_path):
    with pytest.raises(HubAddressError, match="no such file"):
        HubAddress.parse("https://127.0.0.1:1", ca=tmp_path / "nope.pem")
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(HubAddressError, match="not a PEM"):
        HubAddress.parse("https://127.0.0.1:1", ca=junk)
    with pytest.raises(HubAddressError, match="https"):
        HubAddress.parse("http://127.0.0.1:1", ca=junk)


@pytest.mark.parametrize(
    "served, trusted, fragment",
    [
        ("good", "other", "not signed by a CA this console trusts"),
        ("wrong_host", "wrong_host", "not for this name"),
        ("expired", "expired", "expired"),
    ],
)
def test_certificate_problems_are_said_plainly(hub_db, tmp_path, served, trusted, fragment):
    path, tokens = hub_db
    certs = {
        "good": self_signed(tmp_path, "good"),
        "other": self_signed(tmp_path, "other"),
        "wrong_host": self_signed(tmp_path, "wrong_host", host="hub.example.vn"),
        "expired": self_signed(tmp_path, "expired", expired=True),
    }

    async def scenario():
        async with HubRunner(path, port=0, ssl_context=tls_context(*certs[served])) as runner:
            address = HubAddress.parse(runner.url, ca=certs[trusted][0])
            client = HubClient(WebSocketChannel(address, "console"), "console", tokens["operator"])
            with pytest.raises(ChannelClosed) as error:
                await client.join()
            return str(error.value)

    message = run_async(scenario())
    assert fragment in message, message


def test_the_right_ca_joins_over_wss(hub_db, tmp_path):
    path, tokens = hub_db
    cert, key = self_signed(tmp_path)

    async def scenario():
        async with HubRunner(path, port=0, ssl_context=tls_context(cert, key)) as runner:
            client = HubClient(
                WebSocketChannel(HubAddress.parse(runner.url, ca=cert), "console"), "console", tokens["operator"]
            )
            welcome = await client.join()
            await client.close()
            return welcome

    assert run_async(scenario())["operator"] == "anh"
