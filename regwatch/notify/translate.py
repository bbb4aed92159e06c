"""Pluggable translators for English digests.

``Translator.translate(texts, source, target)`` returns one entry per text: the translation, or ``None`` when the
backend cannot translate it. The offline default translates nothing and says so (the digest then shows the
Chinese original with an English headline built from structured fields). Set ``REGWATCH_TRANSLATOR_URL`` to a
LibreTranslate-compatible endpoint (``POST {"q": [...], "source": "zh", "target": "en", "format": "text"}`` →
``{"translatedText": [...]}``) to get machine translations, which the digest marks as such.
"""
from __future__ import annotations

import logging
import re
from typing import Protocol

import httpx

log = logging.getLogger(__name__)
_HAN = re.compile(r"[\u3400-\u9fff]")


def looks_chinese(text: str | None) -> bool:
    """True when the text has at least three CJK ideographs (all of a shorter text) or is over 10% CJK."""
    if not text:
        return False
    han = len(_HAN.findall(text))
    return han >= min(3, len(text.strip())) or han / max(len(text), 1) > 0.1


class Translator(Protocol):
    name: str

    def translate(self, texts: list[str], source: str, target: str) -> list[str | None]: ...


class OfflineTranslator:
    """Translates nothing: honest ``None`` for every text whose language differs from the target."""

    name = "offline"

    def translate(self, texts: list[str], source: str, target: str) -> list[str | None]:
        return [text if source == target else None for text in texts]


class HTTPTranslator:
    """A LibreTranslate-style HTTP backend; any failure degrades to ``None`` (untranslated), never an error."""

    name = "http"

    def __init__(self, url: str, timeout: float = 20.0):
        self.url = url
        self.timeout = timeout

    def translate(self, texts: list[str], source: str, target: str) -> list[str | None]:
        if source == target or not texts:
            return list(texts)
        try:
            resp = httpx.post(self.url, json={"q": texts, "source": source, "target": target, "format": "text"},
                              timeout=self.timeout)
            resp.raise_for_status()
            out = resp.json().get("translatedText")
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("translator unavailable (%s); showing originals", type(exc).__name__)
            return [None] * len(texts)
        if isinstance(out, str):
            out = [out]
        if not isinstance(out, list) or len(out) != len(texts):
            return [None] * len(texts)
        return [o if isinstance(o, str) and o.strip() else None for o in out]


def get_translator() -> Translator:
    """The configured translator: HTTP when ``REGWATCH_TRANSLATOR_URL`` is set, else offline."""
    from regwatch.config import get_settings

    url = get_settings().translator_url
    return HTTPTranslator(url) if url else OfflineTranslator()
