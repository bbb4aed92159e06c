"""Content and attachment hashes: same hash ⇔ no real change (chrome, width, re-flow ignored)."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from diffing.normalize import comparison_text

_SEP = "\x1f"
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DOC_BRACKETS = str.maketrans({c: "[" for c in "〔［【〖(（〈"} | {c: "]" for c in "〕］】〗)）〉"})


def normalize_date(published: str | None) -> str:
    """``YYYY-MM-DD`` from common Chinese/ISO date spellings; the time of day is ignored."""
    if not published:
        return ""
    m = _DATE.search(published)
    if not m:
        return comparison_text(published)
    y, mo, d = m.groups()
    return f"{y}-{int(mo):02d}-{int(d):02d}"


@lru_cache(maxsize=65536)
def normalize_doc_number(doc_number: str | None) -> str:
    """Comparable 发文字号: brackets folded (〔2024〕 = [2024] = （2024）), spaces and 第 dropped."""
    if not doc_number:
        return ""
    s = comparison_text(doc_number).translate(_DOC_BRACKETS).replace(" ", "")
    return re.sub(r"\]第(\d)", r"]\1", s)


def content_hash(title: str, published: str | None, doc_number: str | None, text: str) -> str:
    """sha256 hex over the comparison forms of title, date, document number and body text."""
    parts = [comparison_text(title or ""), normalize_date(published), normalize_doc_number(doc_number),
             comparison_text(text or "")]
    return hashlib.sha256(_SEP.join(parts).encode("utf-8")).hexdigest()


def normalize_url(url: str) -> str:
    """Scheme-less, lower-case host, no fragment: http→https moves are not attachment changes."""
    parts = urlsplit((url or "").strip())
    return urlunsplit(("", parts.netloc.lower(), parts.path, parts.query, ""))


def attachments_hash(attachments: list[dict]) -> str:
    """sha256 hex over (URL, content sha when known) pairs, independent of their order.

    Each dict needs ``url``; the content digest is read from ``sha256``, ``content_sha`` or ``sha``.
    Link text is deliberately ignored: a swapped file behind the same text is what matters.
    """
    keys = sorted(
        f"{normalize_url(a.get('url', ''))}{_SEP}{a.get('sha256') or a.get('content_sha') or a.get('sha') or ''}"
        for a in attachments or []
    )
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()
