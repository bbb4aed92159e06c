"""Local receivers for the demo and tests: an SMTP sink (aiosmtpd) and a Slack-webhook receiver (http.server).

The SMTP sink writes every accepted message to ``<dir>/<n>-<message-id>.eml``; it can be told to answer the next
messages with given SMTP replies (``421``/``451``/``550``…) or to hold a message after writing it (to test a
crash between "server accepted" and "outbox recorded"). The webhook receiver writes each request body to
``<dir>/<n>.json`` and can answer 429 (with ``Retry-After``) or 500 a number of times first.
"""
from __future__ import annotations

import logging
import re
import socket
import threading
from collections import deque
from collections.abc import Callable
from email.parser import BytesHeaderParser
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller


class _Counter:
    def __init__(self, directory: Path, pattern: str):
        self.lock = threading.Lock()
        self.n = len(list(directory.glob(pattern)))

    def next(self) -> int:
        with self.lock:
            self.n += 1
            return self.n


class SinkHandler:
    """aiosmtpd handler: scripted failures first, then write the message, optionally hold before replying 250."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.replies: deque[str] = deque()
        self.hold = threading.Event()
        self.hold.set()  # not holding
        self.received = threading.Event()
        self.counter = _Counter(directory, "*.eml")
        self.logins: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        if self.replies:
            return self.replies.popleft()
        raw = envelope.original_content or envelope.content
        headers = BytesHeaderParser(policy=default).parsebytes(raw)
        mid = re.sub(r"[^A-Za-z0-9._@-]+", "_", str(headers.get("Message-ID", "no-id")).strip("<> "))[:150]
        n = self.counter.next()
        path = self.directory / f"{n:04d}-{mid}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(raw)
        tmp.rename(path)
        self.received.set()
        if not self.hold.is_set():
            import asyncio

            while not self.hold.is_set():  # keep the client waiting for the 250 reply
                await asyncio.sleep(0.05)
        return "250 2.0.0 Message accepted for delivery"


def _authenticator(credentials: tuple[str, str] | None, handler: SinkHandler):
    """AUTH PLAIN/LOGIN over plain TCP (a local sink): any login, or only ``credentials`` when given."""
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def check(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = credentials is None or (auth_data.login.decode(), auth_data.password.decode()) == credentials
        handler.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    return check


def start_smtp_sink(directory: str | Path, port: int = 0, host: str = "127.0.0.1",
                    credentials: tuple[str, str] | None = None) -> tuple[str, int, Callable[[], None]]:
    """Start the SMTP sink; returns ``(host, port, stop)``. The handler is ``stop.handler`` (scripted replies).

    AUTH is offered (and optional); with ``credentials`` only that login is accepted.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # aiosmtpd logs every protocol line (AUTH exchanges, whole messages) at DEBUG/INFO: keep it to warnings
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = SinkHandler(directory)
    if not port:  # aiosmtpd's readiness probe connects to the configured port, so 0 cannot be passed through
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
    controller = Controller(handler, hostname=host, port=port, ready_timeout=10,
                            authenticator=_authenticator(credentials, handler), auth_require_tls=False,
                            auth_required=False)
    controller.start()
    real_port = port

    def stop() -> None:
        handler.hold.set()
        controller.stop()

    stop.handler = handler  # type: ignore[attr-defined]
    return host, real_port, stop


class _WebhookState:
    def __init__(self, directory: Path):
        self.directory = directory
        self.counter = _Counter(directory, "*.json")
        self.script: deque[tuple[int, dict]] = deque()
        self.lock = threading.Lock()
        self.requests: list[dict] = []

    def fail(self, status: int, times: int = 1, retry_after: int | None = None) -> None:
        """Answer the next ``times`` requests with ``status`` (429 → with ``Retry-After``)."""
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        with self.lock:
            self.script.extend([(status, headers)] * times)


def _handler_class(state: _WebhookState):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with state.lock:
                status, headers = state.script.popleft() if state.script else (200, {})
                state.requests.append({"path": self.path, "status": status})
            if status == 200:
                n = state.counter.next()
                (state.directory / f"{n:04d}.json").write_bytes(body)
                reply = b"ok"
            else:
                reply = b"rate_limited" if status == 429 else b"internal_error"
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, fmt, *args):  # quiet: request paths would echo webhook tokens
            return

    return Handler


class _QuietServer(ThreadingHTTPServer):
    """A client that dies mid-request (the crash trials kill senders) is normal here, not a traceback on stderr."""

    def handle_error(self, request, client_address):
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_webhook_sink(directory: str | Path, port: int = 0, host: str = "127.0.0.1",
                       ) -> tuple[str, int, Callable[[], None]]:
    """Start the webhook receiver in a thread; returns ``(host, port, stop)``; ``stop.state.fail(...)`` scripts errors."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    state = _WebhookState(directory)
    server = _QuietServer((host, port), _handler_class(state))
    thread = threading.Thread(target=server.serve_forever, name="webhook-sink", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()

    stop.state = state  # type: ignore[attr-defined]
    return host, server.server_address[1], stop


def start_webhook_receiver(directory: str | Path, port: int = 0, host: str = "127.0.0.1",
                           ) -> tuple[str, Callable[[], None]]:
    """Like :func:`start_webhook_sink` but returns ``(webhook_url, stop)`` (the URL path is free-form)."""
    host, real_port, stop = start_webhook_sink(directory, port, host)
    return f"http://{host}:{real_port}/services/local", stop
