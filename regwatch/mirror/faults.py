"""Fault injection for the offline mirror: answer chosen URLs with outages, challenges, broken bytes or redirects.

A fault spec maps URL patterns to faults::

    {"http://www.example.gov.cn/list/*": "status:503",          # a glob on the whole original URL
     "re:/tz/2026\\d+/t\\d+_1\\.html$": {"mode": "status:404", "times": 1},   # a regex searched in path?query
     "source:cn_test_a": "reset"}                               # every host a source's snapshots serve

The first matching rule wins (file order). A fault is a mode string or ``{"mode": ..., "times": n, ...params}``;
``times`` makes it transient (afterwards the URL is served normally again). Set it with
``REGWATCH_MIRROR_FAULTS=<spec.yaml|spec.json>`` (read when the mirror starts), :func:`install` in-process, or
``POST /_mirror/faults`` with the JSON spec as body (``GET`` reads it back, ``POST /_mirror/faults/clear`` drops it).

Modes (see RELIABILITY.md for what the crawler must do with each):

``status:<code>``  an error page with that status (500/502/503/404…; a 404 for a page that existed is just this)
``challenge412`` / ``challenge521``  Ruishu-style 412 and Jiasule-style 521 cookie challenges
``wzws200``       a WZWS "please enable JavaScript" challenge answered with status 200
``jscookie200``   a generic JS cookie challenge (``document.cookie=…; location.reload()``) with status 200
``reset``         the TCP connection is reset (RST) before any byte of the answer
``stall``         headers never come; the connection is held ``seconds`` (default 120) then closed
``truncate``      Content-Length larger than the body; half the body is sent, then the connection closes
``gbk_as_utf8`` / ``utf8_as_gbk``  the page's text re-encoded in GBK but labelled UTF-8, and the reverse
``no_charset``    the page's text in GBK with neither a header charset nor a ``<meta charset>``
``empty200``      status 200 and an empty body
``huge``          a ``size`` byte page (default 50 MB) streamed with its Content-Length (never built in memory)
``huge_chunked``  the same streamed chunked, without a Content-Length (only the running size can stop it)
``redirect_loop`` 302 between two URLs of the same host forever
``redirect``      302 to ``location`` (another domain, http://10.0.0.1/, http://169.254.169.254/latest/meta-data/ …)
``malformed``     the real page with its markup broken (tags cut, unclosed, stray bytes, NULs)
``dup_reorder``   the real list with every ``<li>`` row duplicated and the rows reversed
``future_dates`` / ``bad_dates``  every date in the page moved to 2099 / made unparseable (2026-13-45, 某日)
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

FAULTS_ENV = "REGWATCH_MIRROR_FAULTS"
MB = 1024 * 1024

ERROR_PAGE = "<html><head><title>{code} Error</title></head><body><h1>{code}</h1><p>Service error</p></body></html>"
RUISHU_PAGE = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'></head><body>"
               "<script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;$_ts.cd='qEAcrr';</script>"
               "<script src='/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js' r='m'></script></body></html>")
JIASULE_PAGE = ("<html><body><script>document.cookie=('_')+('_')+('jsl_clearance=1700000000.123|0|abc')+"
                "';Expires=Tue, 01-Jan-2030 00:00:00 GMT;Path=/;';location.href=location.pathname+location.search"
                "</script></body></html>")
WZWS_PAGE = ("<html><head><title></title></head><body><noscript>请开启JavaScript并刷新该页.</noscript>"
             "<script>var wzwsquestion=\"U0ZUJ\";var wzwsfactor=\"6142\";var wzwsmethod=\"post\";"
             "var wzwsparams=\"\";</script><form action='/WZWSREL3h4Z2svemNmYi90ei8=' method='post'></form>"
             "</body></html>")
JSCOOKIE_PAGE = ("<html><head><title>访问验证</title></head><body><p>正在验证您的浏览器，请稍候…</p><script>"
                 "var _0x1a=['acw_sc__v2','expires=','; path=/'];function setCookie(n,v){var d=new Date();"
                 "d.setTime(d.getTime()+3600*1000);document.cookie=n+'='+v+';'+_0x1a[1]+d.toGMTString()+_0x1a[2];}"
                 "setCookie(_0x1a[0],'5f2b8c1e9d0a');location.reload();</script></body></html>")

_DATE = re.compile(r"(?<!\d)(20\d\d)([-/年.])(\d{1,2})([-/月.])(\d{1,2})(日?)")
_META_CHARSET = re.compile(rb"<meta[^>]*charset\s*=\s*['\"]?[\w-]+['\"]?[^>]*>", re.IGNORECASE)
_LI = re.compile(rb"<li\b[^>]*>.*?</li>", re.IGNORECASE | re.DOTALL)


@dataclass
class Fault:
    mode: str
    times: int | None = None  # None: every time
    params: dict = field(default_factory=dict)
    hits: int = 0

    @classmethod
    def parse(cls, value) -> "Fault":
        if isinstance(value, str):
            return cls(value)
        value = dict(value)
        mode = value.pop("mode")
        times = value.pop("times", None)
        return cls(mode, int(times) if times is not None else None, value)

    def as_dict(self) -> dict:
        return {"mode": self.mode, "times": self.times, "hits": self.hits, **self.params}


class FaultSpec:
    """Ordered ``pattern -> fault`` rules; thread-safe matching that counts hits (for ``times``)."""

    def __init__(self, rules: dict | None = None, source_hosts: dict[str, set[str]] | None = None):
        self.lock = threading.Lock()
        self.source_hosts = source_hosts or {}
        self.rules: list[tuple[str, Fault]] = [(k, Fault.parse(v)) for k, v in (rules or {}).items()]

    @classmethod
    def load(cls, path: str | Path, source_hosts: dict[str, set[str]] | None = None) -> "FaultSpec":
        text = Path(path).read_text("utf-8")
        if str(path).endswith(".json"):
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
        return cls(data or {}, source_hosts)

    def _matches(self, pattern: str, url: str) -> bool:
        parts = urlsplit(url)
        if pattern.startswith("re:"):
            return re.search(pattern[3:], parts.path + ("?" + parts.query if parts.query else "")) is not None
        if pattern.startswith("source:"):
            return (parts.hostname or "") in self.source_hosts.get(pattern[7:], set())
        return fnmatch.fnmatchcase(url, pattern)

    def take(self, url: str) -> Fault | None:
        """The fault for ``url`` (counting the hit), or None when no rule applies (or its ``times`` are used up)."""
        with self.lock:
            for pattern, fault in self.rules:
                if not self._matches(pattern, url):
                    continue
                if fault.times is not None and fault.hits >= fault.times:
                    return None
                fault.hits += 1
                return fault
        return None

    def as_dict(self) -> dict:
        with self.lock:
            return {pattern: fault.as_dict() for pattern, fault in self.rules}


def source_hosts(store) -> dict[str, set[str]]:
    """slug -> hosts its snapshots serve (for ``source:<slug>`` rules)."""
    hosts: dict[str, set[str]] = {}
    for slug in store.sources:
        hosts[slug] = {p.name for state in (store.root / slug).iterdir() if state.is_dir()
                       for p in state.iterdir() if p.is_dir()}
    return hosts


def spec_of(server) -> FaultSpec:
    """The server's spec, loaded from ``$REGWATCH_MIRROR_FAULTS`` the first time (empty without it)."""
    spec = getattr(server, "fault_spec", None)
    if spec is None:
        hosts = source_hosts(server.mirror_state.store)
        path = os.environ.get(FAULTS_ENV)
        spec = FaultSpec.load(path, hosts) if path else FaultSpec({}, hosts)
        server.fault_spec = spec
    return spec


def install(mirror, rules: dict | None) -> FaultSpec:
    """Replace the faults of a running :class:`~regwatch.mirror.server.MirrorServer` (``None``/``{}`` clears)."""
    spec = FaultSpec(rules or {}, source_hosts(mirror.state.store))
    mirror.httpd.fault_spec = spec
    return spec


# ------------------------------------------------------------------------------------------------- hooks
def control(handler, method: str, path: str, body: bytes) -> bool:
    """``/_mirror/faults`` control endpoint; True when it answered."""
    if not path.startswith("/_mirror/faults"):
        return False
    server = handler.server
    if path == "/_mirror/faults/clear" and method == "POST":
        server.fault_spec = FaultSpec({}, source_hosts(server.mirror_state.store))
    elif path == "/_mirror/faults" and method == "POST":
        try:
            rules = json.loads(body.decode("utf-8") or "{}")
            server.fault_spec = FaultSpec(rules, source_hosts(server.mirror_state.store))
        except (ValueError, KeyError, TypeError) as exc:
            handler._send(400, {"Content-Type": "text/plain"}, f"bad fault spec: {exc}\n".encode())
            return True
    elif path != "/_mirror/faults":
        handler._send(404, {"Content-Type": "text/plain"}, b"unknown control endpoint\n")
        return True
    out = json.dumps(spec_of(server).as_dict()).encode()
    handler._send(200, {"Content-Type": "application/json"}, out)
    return True


def serve(handler, method: str, url: str, body: bytes, started: float) -> bool:
    """Answer ``url`` with its fault if one applies; True when the fault answered (the caller stops)."""
    fault = spec_of(handler.server).take(url)
    if fault is None:
        return False
    host = urlsplit(url).hostname or ""
    status, size = 0, 0
    try:
        status, size = _apply(handler, method, url, body, fault)
    except (BrokenPipeError, ConnectionResetError, OSError):  # the client gave up (size/time caps): expected
        handler.close_connection = True
    handler.mirror.record({"start": started, "end": time.time(), "host": host, "method": method, "url": url,
                           "status": status, "bytes": size, "state": handler.mirror.state, "fault": fault.mode})
    return True


def _real(handler, method: str, url: str, body: bytes):
    return handler.mirror.store.answer(handler.mirror.state, method, url, body,
                                       handler.headers.get("Content-Type", ""))


def _apply(handler, method: str, url: str, body: bytes, fault: Fault) -> tuple[int, int]:
    mode, p = fault.mode, fault.params
    html = {"Content-Type": "text/html; charset=utf-8"}
    if mode.startswith("status:"):
        code = int(mode.split(":", 1)[1])
        page = ERROR_PAGE.format(code=code).encode()
        handler._send(code, html, page, head_only=method == "HEAD")
        return code, len(page)
    if mode == "challenge412":
        headers = dict(html, **{"Set-Cookie": "FSSBBIl1UgzbN7N80S=abc123; Path=/; HttpOnly"})
        return _page(handler, method, 412, headers, RUISHU_PAGE.encode())
    if mode == "challenge521":
        headers = dict(html, **{"Set-Cookie": "__jsluid_h=0123456789abcdef; max-age=31536000; path=/; HttpOnly"})
        return _page(handler, method, 521, headers, JIASULE_PAGE.encode())
    if mode == "wzws200":
        return _page(handler, method, 200, html, WZWS_PAGE.encode())
    if mode == "jscookie200":
        return _page(handler, method, 200, html, JSCOOKIE_PAGE.encode())
    if mode == "empty200":
        return _page(handler, method, 200, {"Content-Type": "text/html"}, b"")
    if mode == "reset":
        _reset(handler)
        return 0, 0
    if mode == "stall":
        deadline = time.time() + float(p.get("seconds", 120))
        stop = getattr(handler.server, "fault_stop", None)
        while time.time() < deadline and not (stop and stop.is_set()):
            time.sleep(0.1)
        handler.close_connection = True
        return 0, 0
    if mode == "truncate":
        real = _real(handler, method, url, body)
        data = real.body or b"<html>" + b"x" * 2000 + b"</html>"
        handler.send_response(200)
        handler.send_header("Content-Type", real.headers.get("Content-Type", "text/html"))
        handler.send_header("Content-Length", str(len(data) + 4096))
        handler.end_headers()
        handler.wfile.write(data[: len(data) // 2])
        handler.wfile.flush()
        handler.close_connection = True
        return 200, len(data) // 2
    if mode in ("gbk_as_utf8", "utf8_as_gbk", "no_charset"):
        real = _real(handler, method, url, body)
        text = real.body.decode("utf-8", "replace")
        if mode == "utf8_as_gbk":  # UTF-8 bytes, labelled GBK in the header and the <meta>
            data = _META_CHARSET.sub(b'<meta charset="gbk">', text.encode("utf-8"))
            ctype = "text/html; charset=GBK"
        else:  # GBK bytes, labelled UTF-8 (or not labelled at all)
            data = text.encode("gbk", "replace")
            if mode == "no_charset":
                data, ctype = _META_CHARSET.sub(b"", data), "text/html"
            else:
                data, ctype = _META_CHARSET.sub(b'<meta charset="utf-8">', data), "text/html; charset=utf-8"
        return _page(handler, method, real.status, {"Content-Type": ctype}, data)
    if mode in ("huge", "huge_chunked"):
        return _stream(handler, method, int(p.get("size", 50 * MB)), chunked=mode == "huge_chunked")
    if mode == "redirect_loop":
        parts = urlsplit(url)
        other = url.replace("?loop=1", "") if "loop=1" in parts.query else url + ("&" if parts.query else "?") + "loop=1"
        return _redirect(handler, method, other)
    if mode == "redirect":
        return _redirect(handler, method, p["location"])
    if mode in ("malformed", "dup_reorder", "future_dates", "bad_dates"):
        real = _real(handler, method, url, body)
        data = _transform(mode, real.body)
        headers = {k: v for k, v in real.headers.items() if k.lower() != "etag"}
        return _page(handler, method, real.status, headers, data)
    raise ValueError(f"unknown fault mode {mode!r}")


def _page(handler, method: str, status: int, headers: dict, data: bytes) -> tuple[int, int]:
    handler._send(status, headers, data, head_only=method == "HEAD")
    return status, len(data)


def _redirect(handler, method: str, location: str) -> tuple[int, int]:
    handler._send(302, {"Location": location, "Content-Type": "text/html"}, b"", head_only=method == "HEAD")
    return 302, 0


def _reset(handler) -> None:
    """Close with SO_LINGER 0: the peer sees a TCP RST (inside a TLS tunnel: on the underlying socket)."""
    import io

    try:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
    finally:
        handler.close_connection = True
        handler.wfile = io.BytesIO()  # finish() flushes it; the socket is gone


def _stream(handler, method: str, size: int, chunked: bool) -> tuple[int, int]:
    """``size`` bytes of a valid-looking HTML page, written in 64 KiB chunks (constant memory)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    if chunked:
        handler.send_header("Transfer-Encoding", "chunked")
    else:
        handler.send_header("Content-Length", str(size))
    handler.end_headers()
    if method == "HEAD":
        return 200, 0
    head, tail = b"<html><body><ul class='u-list'>", b"</ul></body></html>"
    filler = b"<li>" + "填充".encode("utf-8") * 8190 + b"</li>\n"  # ~64 KiB
    sent, out = 0, handler.wfile

    def write(data: bytes) -> None:
        out.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)

    write(head)
    sent += len(head)
    while sent + len(tail) < size:
        data = filler[: size - len(tail) - sent]
        write(data)
        sent += len(data)
    write(tail)
    sent += len(tail)
    if chunked:
        out.write(b"0\r\n\r\n")
    out.flush()
    return 200, sent


def _transform(mode: str, data: bytes) -> bytes:
    if mode == "malformed":
        # cut every third closing tag, leave attributes unterminated, add NULs and invalid UTF-8 bytes
        out = re.sub(rb"</(div|p|span|ul)>", lambda m: b"" if hash(m.start()) % 3 == 0 else m.group(0), data)
        out = out.replace(b'class="', b'class="\x00', 3).replace(b"<head>", b"<head><<<>>\xff\xfe<!-- ", 1)
        return out.replace(b"</body>", b"<div><p><table><tr><td>\x00 unclosed", 1)
    if mode == "dup_reorder":
        rows = _LI.findall(data)
        if not rows:
            return data
        start, end = data.find(rows[0]), data.rfind(rows[-1]) + len(rows[-1])
        doubled = [r for row in reversed(rows) for r in (row, row)]
        return data[:start] + b"\n".join(doubled) + data[end:]
    text = data.decode("utf-8", "replace")
    if mode == "future_dates":
        text = _DATE.sub(lambda m: f"2099{m[2]}{m[3]}{m[4]}{m[5]}{m[6]}", text)
    else:  # bad_dates
        text = _DATE.sub(lambda m: f"{m[1]}{m[2]}13{m[4]}45{m[6]}" if int(m[3]) % 2 else "某日", text)
    return text.encode("utf-8")
