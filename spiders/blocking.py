"""Tell a bot-protection answer from a real page (sources.md §2.9), as a pure function.

The spider calls :func:`detect_block` on every response before parsing; a cause string means "we were
blocked", which is a scraper-health notice, never an empty list or a withdrawn document.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spiders.records import SourceRecord

RUISHU = "HTTP 412 challenge (Ruishu-style JS cookie)"
WZWS = "WZWS JS challenge page"
JIASULE = "HTTP 521 (Jiasule cookie challenge)"
EMPTY = "empty 200 page for a non-browser user agent"
FORBIDDEN = "HTTP 403 (WAF refused the request)"
JS_COOKIE = "JS cookie challenge at HTTP 200"
JS_COOKIE_MAX_BYTES = 4096  # challenge pages are tiny; real pages that set cookies are far larger

# markers of the PBOC-style WZWS page: "请开启JavaScript并刷新该页", wzwsquestion/wzwsfactor/wzwsmethod, /WZWSREL…
_WZWS = re.compile(r"wzwsquestion|wzwsfactor|wzwsmethod|/WZWSREL|请开启JavaScript并刷新该页", re.IGNORECASE)
# Ruishu pages: 412 with FSSBBIl1UgzbN7N80S cookies and the MmEwMD= query parameter in their JS
_RUISHU = re.compile(r"FSSBBIl1UgzbN7N80S|MmEwMD=|\$_ts\s*=", re.IGNORECASE)
# a generic cookie challenge: the page's script sets a cookie, then reloads or redirects to itself
_SETS_COOKIE = re.compile(r"document\.cookie\s*=", re.IGNORECASE)
_RELOADS = re.compile(r"location\.reload|location\.href\s*=|location\.replace|window\.location\s*=", re.IGNORECASE)
# Jiasule: 521 whose body sets __jsluid/__jsl_clearance through document.cookie
_JIASULE = re.compile(r"__jsl_clearance|__jsluid|document\.cookie", re.IGNORECASE)


def detect_block(status: int, headers: dict, body: bytes, text: str | None,
                 source: SourceRecord | None = None) -> str | None:
    """A human cause when the answer is a block/challenge page, else None.

    ``headers`` maps names to values (str or bytes, any case); ``text`` is the decoded body when known.
    404/410 are not blocks (they are gone documents); other 4xx/5xx without a challenge marker are not
    classified here.
    """
    if text is None:
        text = body.decode("utf-8", "replace")
    cookies = _header(headers, "set-cookie")
    if status == 412 or (_RUISHU.search(cookies) and status >= 400):
        return RUISHU
    if status == 521 or (status >= 400 and "__jsluid" in cookies and _JIASULE.search(text)):
        return JIASULE
    if _WZWS.search(text):
        return WZWS
    for signature in (source.block_signatures if source else []):
        if signature and signature in text:
            return f"block signature {signature!r} in the page"
    if status == 403:
        return FORBIDDEN
    if (status == 200 and len(body) < JS_COOKIE_MAX_BYTES and _SETS_COOKIE.search(text)
            and _RELOADS.search(text)):
        return JS_COOKIE
    if status == 200 and not body.strip(b" \r\n\t\xef\xbb\xbf"):
        return EMPTY
    return None


def _header(headers: dict, name: str) -> str:
    """All values of one header as text, whatever the mapping's key case and value type."""
    values = []
    for key, value in (headers or {}).items():
        key = key.decode("latin-1") if isinstance(key, bytes) else key
        if key.lower() != name:
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            values.append(item.decode("latin-1") if isinstance(item, bytes) else str(item))
    return "\n".join(values)
