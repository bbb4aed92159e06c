"""The mirror server: an HTTP(S) forward proxy on 127.0.0.1 that answers from snapshots by original host.

Scrapy (and a browser) use it as their proxy, so request URLs, download slots, robots.txt, cookies and the
offsite check all keep the original host; only the socket goes to 127.0.0.1. HTTPS is tunnelled with CONNECT
and terminated with a throwaway self-signed certificate (clients here do not verify certificates, as Scrapy's
default does not). Origin-form requests to ``/_mirror/...`` control the state and read the access log.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import ssl
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from regwatch.mirror import faults
from regwatch.mirror.snapshots import SnapshotConflict, SnapshotStore

log = logging.getLogger(__name__)


def _self_signed_context(hosts: set[str]) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate (never written to the repo)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "regwatch offline mirror")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in sorted(hosts) if h]), critical=False)
        .sign(key, hashes.SHA256())
    )
    tmp = Path(tempfile.mkdtemp(prefix="regwatch-mirror-tls-"))
    (tmp / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    return ctx


class MirrorState:
    """Mutable state shared by the handler threads: current snapshot state and the access log."""

    def __init__(self, store: SnapshotStore, state: str):
        self.store = store
        self.state = state
        self.lock = threading.Lock()
        self.log: list[dict] = []

    def record(self, entry: dict) -> None:
        with self.lock:
            self.log.append(entry)


class MirrorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "regwatch-mirror"
    tunnel_host: str | None = None

    # -- plumbing -------------------------------------------------------------------------------------------
    def log_message(self, fmt, *args):  # keep stderr quiet; the access log is structured
        log.debug("mirror: " + fmt, *args)

    @property
    def mirror(self) -> MirrorState:
        return self.server.mirror_state  # type: ignore[attr-defined]

    def _send(self, status: int, headers: dict[str, str], body: bytes, head_only: bool = False) -> None:
        self.send_response(status)
        for key, value in headers.items():
            if key.lower() not in ("content-length", "connection"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only and status not in (204, 304):
            self.wfile.write(body)

    # -- CONNECT tunnels ------------------------------------------------------------------------------------
    def do_CONNECT(self):
        host = self.path.rsplit(":", 1)[0]
        if host not in self.server.known_hosts:  # type: ignore[attr-defined]
            self._log_entry(host, "CONNECT", self.path, 502, 0, time.time())
            self._send(502, {"X-Mirror-Error": f"unknown host {host}"}, b"")
            return
        self.send_response(200, "Connection established")
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.wfile.flush()
        try:
            tls = self.server.tls_context.wrap_socket(self.connection, server_side=True)  # type: ignore[attr-defined]
        except (ssl.SSLError, OSError) as exc:
            log.debug("mirror: TLS handshake failed for %s: %s", host, exc)
            self.close_connection = True
            return
        inner = MirrorHandler.__new__(MirrorHandler)
        inner.tunnel_host = host
        try:
            MirrorHandler.__init__(inner, tls, self.client_address, self.server)
        except (ssl.SSLError, OSError):
            pass
        self.close_connection = True

    # -- requests -------------------------------------------------------------------------------------------
    def do_GET(self):
        self._serve("GET")

    def do_HEAD(self):
        self._serve("HEAD")

    def do_POST(self):
        self._serve("POST")

    def _serve(self, method: str) -> None:
        started = time.time()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith(("http://", "https://")):
            url = self.path
        elif self.tunnel_host:
            url = f"https://{self.tunnel_host}{self.path}"
        elif self.path.startswith("/_mirror/"):
            if faults.control(self, method, urlsplit(self.path).path, body):  # POST /_mirror/faults
                return
            return self._control(method)
        else:
            return self._send(400, {"Content-Type": "text/plain"}, b"regwatch mirror: use me as an HTTP proxy\n")
        host = urlsplit(url).hostname or ""
        if faults.serve(self, method, url, body, started):  # fault injection (regwatch/mirror/faults.py)
            return
        try:
            answer = self.mirror.store.answer(self.mirror.state, method, url, body, self.headers.get("Content-Type", ""))
        except SnapshotConflict as exc:
            self._send(500, {"Content-Type": "text/plain", "X-Mirror-Error": "conflict"}, str(exc).encode())
            self._log_entry(host, method, url, 500, 0, started)
            return
        if host not in self.server.known_hosts:  # type: ignore[attr-defined]
            answer.status, answer.headers, answer.body = 502, {"X-Mirror-Error": f"unknown host {host}"}, b""
        status, body_out = answer.status, answer.body
        etag = answer.headers.get("ETag")
        if status == 200 and etag and self.headers.get("If-None-Match") == etag:
            status, body_out = 304, b""
        self._send(status, answer.headers, body_out, head_only=method == "HEAD")
        self._log_entry(host, method, url, status, len(body_out), started,
                        {"body": body.decode("utf-8", "replace")[:2000],
                         "content_type": self.headers.get("Content-Type", "")} if method == "POST" else None)

    def _log_entry(self, host: str, method: str, url: str, status: int, size: int, started: float,
                   extra: dict | None = None) -> None:
        self.mirror.record(
            {"start": started, "end": time.time(), "host": host, "method": method, "url": url,
             "status": status, "bytes": size, "state": self.mirror.state, **(extra or {})}
        )

    def _control(self, method: str) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if parts.path == "/_mirror/state":
            if method == "POST" and "name" in query:
                self.mirror.state = query["name"][0]
            body = json.dumps({"state": self.mirror.state}).encode()
        elif parts.path == "/_mirror/log":
            with self.mirror.lock:
                body = "".join(json.dumps(e) + "\n" for e in self.mirror.log).encode()
        elif parts.path == "/_mirror/log/clear" and method == "POST":
            with self.mirror.lock:
                self.mirror.log.clear()
            body = b"{}"
        else:
            return self._send(404, {"Content-Type": "text/plain"}, b"unknown control endpoint\n")
        self._send(200, {"Content-Type": "application/json"}, body)


class _MirrorHTTPServer(ThreadingHTTPServer):
    """A client that goes away mid-request (a killed crawl, a cancelled download) is routine, not a traceback."""

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class MirrorServer:
    """A running mirror (in a background thread); ``url`` is what REGWATCH_MIRROR should be set to."""

    def __init__(self, root: Path, state: str, host: str = "127.0.0.1", port: int = 0):
        store = SnapshotStore(root)
        self.state = MirrorState(store, state)
        self.httpd = _MirrorHTTPServer((host, port), MirrorHandler)
        self.httpd.daemon_threads = True
        self.httpd.mirror_state = self.state  # type: ignore[attr-defined]
        self.httpd.known_hosts = store.hosts()  # type: ignore[attr-defined]
        self.httpd.tls_context = _self_signed_context(self.httpd.known_hosts)  # type: ignore[attr-defined]
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def set_state(self, state: str) -> None:
        self.state.state = state

    def access_log(self) -> list[dict]:
        with self.state.lock:
            return list(self.state.log)

    def clear_log(self) -> None:
        with self.state.lock:
            self.state.log.clear()

    def start(self) -> "MirrorServer":
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="regwatch-mirror", daemon=True)
        self.thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "MirrorServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
