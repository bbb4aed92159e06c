"""Decode pages the way their bytes say, not only the way their label says.

Government sites mislabel charsets (GBK pages served as UTF-8 and the reverse). Trusting the label turns a
page into mojibake, which the store would then report as a revision full of garbage. Order of evidence:
the record's forced ``encoding`` (a site known to lie), then the declared encoding if the bytes decode
strictly, else UTF-8 or GB18030, whichever decodes strictly. A page labelled GBK whose bytes are valid,
non-trivial UTF-8 is UTF-8: real GBK text of any length is almost never valid UTF-8.
"""
from __future__ import annotations

import codecs

from scrapy.http import TextResponse

CANDIDATES = ("utf-8", "gb18030")
MIN_MULTIBYTE = 20  # bytes >= 0x80 before valid UTF-8 outweighs a GBK label (short strings can be ambiguous)


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _family(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def best_encoding(body: bytes, declared: str, forced: str | None = None) -> str:
    """The encoding to decode ``body`` with."""
    if forced:
        return forced
    body = body.removeprefix(codecs.BOM_UTF8)
    declared_family = _family(declared)
    if declared_family in ("gbk", "gb2312", "gb18030") and _decodes(body, "utf-8") \
            and sum(b >= 0x80 for b in body) >= MIN_MULTIBYTE:
        return "utf-8"
    if _decodes(body, declared):
        return declared
    return next((c for c in CANDIDATES if _decodes(body, c)), declared)


def repair_encoding(response, record=None):
    """The response re-decoded with :func:`best_encoding` (the same object when nothing changes)."""
    if not isinstance(response, TextResponse):
        return response
    encoding = best_encoding(response.body, response.encoding, getattr(record, "encoding", None))
    if _family(encoding) == _family(response.encoding):
        return response
    return response.replace(encoding=encoding)
