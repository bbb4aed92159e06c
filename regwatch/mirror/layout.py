"""Where a request's answer lives in ``snapshots/``: the one mapping both the mirror and snapshot authors use.

``snapshots/<slug>/<state>/<host>/<path>``; a path ending in ``/`` is ``index.html``; a query string (and, for
POST, the form or JSON body) becomes ``@<canonical params>`` after the file name, or ``@q-<sha1>`` when long.
``regwatch mirror path URL`` prints the file name for a URL.
"""
from __future__ import annotations

import hashlib
import json
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

MAX_INLINE_QUERY = 120


def canonical_params(query: str, method: str = "GET", body: bytes = b"", content_type: str = "") -> str:
    """Sorted, re-encoded parameters of the query plus (for POST) the form or JSON body."""
    pairs = parse_qsl(query, keep_blank_values=True)
    if method.upper() == "POST" and body:
        if "json" in content_type.lower() or body.lstrip()[:1] in (b"{", b"["):
            data = json.loads(body.decode("utf-8"))
            items = data.items() if isinstance(data, dict) else [("_", data)]
            for key, value in items:
                if not isinstance(value, str):
                    value = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                pairs.append((key, value))
        else:
            pairs.extend(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return urlencode(sorted(pairs))


def snapshot_relpath(url: str, method: str = "GET", body: bytes = b"", content_type: str = "") -> str:
    """``<host>/<path>[@params]`` for a request; the file under a state directory."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.endswith("/"):
        path += "index.html"
    path = "/".join(quote(seg, safe="!$&'()*+,;=:@-._~%") for seg in path.split("/"))
    rel = f"{parts.hostname}{path}"
    params = canonical_params(parts.query, method, body, content_type)
    if method.upper() == "POST":
        params = "POST&" + params if params else "POST"
    if params:
        if len(params) > MAX_INLINE_QUERY:
            params = "q-" + hashlib.sha1(params.encode("utf-8")).hexdigest()[:16]
        rel += "@" + params.replace("/", "%2F")
    return rel
