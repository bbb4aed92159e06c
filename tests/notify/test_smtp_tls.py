"""SMTP over TLS against a real aiosmtpd server: STARTTLS required before AUTH, and implicit TLS (smtps://).

The server's certificate is really verified (a private CA given with ?cafile=); without it the send fails.
"""
from __future__ import annotations

import datetime as dt
import email
import ipaddress
import ssl

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from regwatch.notify.errors import DeliveryError
from regwatch.notify.smtp import send_mime

MESSAGE = b"From: regwatch@example.org\r\nTo: a@example.org\r\nSubject: tls\r\nMessage-ID: <t@x>\r\n\r\nhello\r\n"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return folder / "cert.pem", server_context


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((session.authenticated, session.ssl is not None, envelope.content))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"bot", b"s3cr3t")
    return AuthResult(success=ok)


def test_starttls_then_auth_with_a_verified_certificate(certificate):
    cafile, server_context = certificate
    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=server_context, require_starttls=True,
                            authenticator=authenticator, auth_required=True, auth_require_tls=True)
    controller.start()
    try:
        base = f"smtp://bot:s3cr3t@127.0.0.1:{port}"
        send_mime(f"{base}?starttls=true&cafile={cafile}", "regwatch@example.org", "a@example.org", MESSAGE)
        with pytest.raises(DeliveryError):  # without STARTTLS the server refuses AUTH and mail
            send_mime(base, "regwatch@example.org", "a@example.org", MESSAGE)
        with pytest.raises(DeliveryError):  # an unknown CA is refused: certificates are verified
            send_mime(f"{base}?starttls=true", "regwatch@example.org", "a@example.org", MESSAGE)
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    authenticated, encrypted, content = handler.messages[0]
    assert authenticated and encrypted and email.message_from_bytes(content)["Subject"] == "tls"


def test_implicit_tls_smtps(certificate):
    cafile, server_context = certificate
    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=server_context)
    controller.start()
    try:
        send_mime(f"smtps://127.0.0.1:{port}?cafile={cafile}", "regwatch@example.org", "a@example.org", MESSAGE)
        with pytest.raises(DeliveryError):  # the port speaks only TLS: a plaintext client gets nowhere
            send_mime(f"smtp://127.0.0.1:{port}?timeout=5", "regwatch@example.org", "a@example.org", MESSAGE)
    finally:
        controller.stop()
    assert len(handler.messages) == 1
