"""Loads the classifier's YAML data files and turns word lists into matchers (the rule engine's parts).

Everything the classifier knows lives in regwatch/classify/data/*.yaml; this module only compiles it.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = ("taxonomy.yaml", "issuers.yaml", "regions.yaml", "doc_numbers.yaml", "lexicons.yaml", "metadata.yaml")
RULES_REVISION = "rules-1"
_CJK = re.compile(r"[\u3400-\u9fff]")


@functools.cache
def data(name: str) -> dict:
    """One parsed data file, e.g. data("lexicons")."""
    with open(DATA_DIR / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@functools.lru_cache(maxsize=1)
def version() -> str:
    """Rules revision + a hash of the data files and rule modules: changes whenever rules or data change."""
    h = hashlib.sha1()
    for name in DATA_FILES:
        h.update((DATA_DIR / name).read_bytes())
    for module in ("rules.py", "labels.py", "extract.py"):
        h.update((DATA_DIR.parent / module).read_bytes())
    return f"{RULES_REVISION}+{h.hexdigest()[:10]}"


@functools.lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except ImportError:  # pragma: no cover - opencc is a declared dependency; degrade to identity
        return None


def normalize(text: str | None) -> str:
    """NFKC (full-width digits/letters -> ASCII), traditional -> simplified, collapse spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if _t2s() is not None and _CJK.search(text):
        from diffing.normalize import to_simplified

        text = to_simplified(text)
    return re.sub(r"[ \t\u3000\xa0]+", " ", text).strip()


def term_regex(term: str, case_sensitive: bool = False) -> str:
    """Chinese terms match as substrings; English terms as whole words (case-insensitive unless asked)."""
    body = re.escape(term).replace(r"\ ", r"\s+")
    if _CJK.search(term):
        return body
    core = rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"
    return core if case_sensitive else f"(?i:{core})"


@dataclass(frozen=True)
class Hit:
    key: str
    term: str
    start: int
    end: int


class Lexicon:
    """Maps terms to keys; finds non-overlapping hits, longest term first.

    Semantics are those of one alternation of all terms, longest first, run with ``finditer`` (``reference_find``).
    Python's ``re`` tries every branch at every position, which made a 300-term lexicon cost ~12 ms per 500
    characters and the classifier the largest cost of processing a first crawl (the performance benchmark). So
    ``find`` jumps between positions where some term can start (one character-class search, which ``re`` scans in
    C) and there tries only the terms starting with that character, in the same order: the same hits.
    """

    def __init__(self, entries: list[tuple[str, str]], case_sensitive: frozenset = frozenset()):
        self.entries = sorted(set(entries), key=lambda e: -len(e[0]))
        self.by_term = {}
        parts = []
        by_first: dict[str, list[str]] = {}
        exact_chars, folded_chars = set(), set()
        fast = True
        for i, (term, key) in enumerate(self.entries):
            self.by_term[f"t{i}"] = (term, key)
            part = f"(?P<t{i}>{term_regex(term, term in case_sensitive)})"
            parts.append(part)
            first = term[:1]
            if not first or first.isspace() or (not _CJK.search(term) and term not in case_sensitive
                                                  and not first.isascii()):
                fast = False  # a term that may start with whitespace or a non-ASCII case fold: no fast path
                continue
            if _CJK.search(term) or term in case_sensitive:
                firsts = {first}
                exact_chars.add(first)
            else:  # case-insensitive English term
                firsts = {first.lower(), first.upper()}
                folded_chars.add(first)
            for char in firsts:
                by_first.setdefault(char, []).append(part)
        self.rx = re.compile("|".join(parts)) if parts else None
        self._by_first = None
        if fast and parts:
            self._by_first = {char: re.compile("|".join(ps)) for char, ps in by_first.items()}
            guard = []
            if exact_chars:
                guard.append("[" + "".join(re.escape(c) for c in sorted(exact_chars)) + "]")
            if folded_chars:  # any character that folds to one of these (the full alternation decides there)
                guard.append("(?i:[" + "".join(re.escape(c) for c in sorted(folded_chars)) + "])")
            self._guard = re.compile("|".join(guard))

    def find(self, text: str) -> list[Hit]:
        if not self.rx or not text:
            return []
        if self._by_first is None:
            return self.reference_find(text)
        hits, pos = [], 0
        search, by_first, full = self._guard.search, self._by_first, self.rx
        while (g := search(text, pos)) is not None:
            start = g.start()
            m = by_first.get(text[start], full).match(text, start)
            if m is None:
                pos = start + 1
                continue
            term, key = self.by_term[m.lastgroup]
            hits.append(Hit(key, term, m.start(), m.end()))
            pos = m.end() if m.end() > start else start + 1
        return hits

    def reference_find(self, text: str) -> list[Hit]:
        """The definition ``find`` must agree with: the whole alternation, scanned by ``finditer``."""
        if not self.rx or not text:
            return []
        hits = []
        for m in self.rx.finditer(text):
            term, key = self.by_term[m.lastgroup]
            hits.append(Hit(key, term, m.start(), m.end()))
        return hits

    def keys(self, text: str) -> list[str]:
        out = []
        for h in self.find(text):
            if h.key not in out:
                out.append(h.key)
        return out


def lexicon_from(mapping: dict, langs=("zh", "en")) -> Lexicon:
    """{key: {zh: [...], en: [...]}} -> Lexicon."""
    entries = []
    for key, spec in mapping.items():
        for lang in langs:
            entries += [(t, key) for t in (spec or {}).get(lang, []) or []]
    return Lexicon(entries)


def word_list(spec: dict, key: str = "flag") -> Lexicon:
    """{zh: [...], en: [...]} -> Lexicon whose hits all carry `key`."""
    return lexicon_from({key: spec})


@functools.cache
def compiled(name: str, *path: str) -> Lexicon:
    """Cached word-list lexicon for data(name)[path...] ({zh, en} lists)."""
    node = data(name)
    for p in path:
        node = node[p]
    return word_list(node, path[-1])


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans (same length, so offsets stay valid)."""
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            chars[i] = " "
    return "".join(chars)
