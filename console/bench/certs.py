"""A throwaway self-signed certificate for a hub served over HTTPS by a test or a bench (the
embedded hub of `bench links --netem`, whose sims are on another network than the console)."""

import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed(
    folder: Path, name: str = "hub", host: str = "127.0.0.1", expired: bool = False, also: tuple[str, ...] = ()
) -> tuple[Path, Path]:
    """A certificate (and its key) for ``host`` (an IP address or a DNS name) and the names in
    ``also``, valid for a day, or one that expired yesterday."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    start, end = (
        (now - datetime.timedelta(days=3), now - datetime.timedelta(days=1))
        if expired
        else (now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=1))
    )
    alts: list[x509.GeneralName] = []
    for each in (host, *also):
        try:
            alts.append(x509.IPAddress(ipaddress.ip_address(each)))
        except ValueError:
            alts.append(x509.DNSName(each))
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName(alts), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path
