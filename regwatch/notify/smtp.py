"""The SMTP sender (smtplib): ``smtp://user:pass@host:port?starttls=true`` or ``smtps://`` (implicit TLS).

4xx replies and connection problems are transient (the outbox retries them); 5xx replies are permanent.
Exceptions carry no password: messages are built from reply codes and redacted.
"""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from regwatch.notify.errors import DeliveryError

_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool
    starttls: bool
    timeout: float
    verify: bool
    cafile: str | None = None  # a private CA for an internal relay (certificates are still verified)

    def __repr__(self) -> str:  # never print the password
        return (f"SmtpConfig(host={self.host!r}, port={self.port}, username={self.username!r}, password=***, "
                f"implicit_tls={self.implicit_tls}, starttls={self.starttls})")


def parse_smtp_url(url: str) -> SmtpConfig:
    """Parse ``smtp[s]://[user[:pass]@]host[:port][?starttls=true&timeout=30&verify=false&cafile=/ca.pem]``."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("SMTP URL must start with smtp:// or smtps://")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    implicit = parts.scheme == "smtps"
    return SmtpConfig(
        host=parts.hostname or "localhost",
        port=parts.port or (465 if implicit else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        implicit_tls=implicit,
        starttls=not implicit and query.get("starttls", "false").lower() in _TRUE,
        timeout=float(query.get("timeout", "30")),
        verify=query.get("verify", "true").lower() in _TRUE,
        cafile=query.get("cafile") or None,
    )


def _classify(code: int, what: str) -> DeliveryError:
    return DeliveryError(f"SMTP {code} {what}", transient=400 <= code < 500, code=code)


def send_mime(url: str, mail_from: str, recipient: str, payload: bytes) -> None:
    """Hand one MIME message to the server; raises :class:`DeliveryError` on failure."""
    cfg = parse_smtp_url(url)
    context = ssl.create_default_context(cafile=cfg.cafile)
    if not cfg.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    envelope_from = parseaddr(mail_from)[1] or mail_from
    try:
        if cfg.implicit_tls:
            client = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
        else:
            client = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP connection failed: {type(exc).__name__}: {exc}", transient=True) from None
    try:
        client.ehlo()
        if cfg.starttls:
            client.starttls(context=context)
            client.ehlo()
        if cfg.username:
            client.login(cfg.username, cfg.password or "")
        refused = client.sendmail(envelope_from, [recipient], payload)
        if refused:
            code, msg = next(iter(refused.values()))
            raise _classify(code, msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg))
    except smtplib.SMTPRecipientsRefused as exc:
        code, msg = next(iter(exc.recipients.values()))
        raise _classify(code, "recipient refused: " + (msg.decode("utf-8", "replace") if isinstance(msg, bytes)
                                                       else str(msg))) from None
    except smtplib.SMTPResponseException as exc:  # data/sender/auth errors carry a reply code
        msg = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        raise _classify(exc.smtp_code, f"{type(exc).__name__}: {msg}") from None
    except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
        raise DeliveryError(f"SMTP connection lost: {type(exc).__name__}: {exc}", transient=True) from None
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"SMTP error: {type(exc).__name__}: {exc}", transient=True) from None
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
