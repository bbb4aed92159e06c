"""One document however many sites repost it: near-duplicate fingerprints, clustering, lineage.

Rules, in order: same normalised document number + issuer ⇒ same document; a 转发/转载 wrapper
("关于转发《X》的通知") joins X; otherwise character-shingle Jaccard ≥ ``SIMILARITY_THRESHOLD``
(measured in tests/diffing/test_cluster_threshold.py). Drafts for comment and interpretations are
*linked* (``link_kind``), never merged.
"""
from __future__ import annotations

import hashlib
from array import array
import itertools
import random
import re
from functools import lru_cache
from urllib.parse import urlsplit

from diffing.fingerprint import normalize_date, normalize_doc_number
from diffing.normalize import comparison_text

SHINGLE_SIZE = 3
SIMILARITY_THRESHOLD = 0.6  # measured: see test_cluster_threshold.py (precision/recall printed there)
MIN_SHINGLES = 30  # shorter bodies ("见附件") say nothing about identity
# Text similarity alone (no shared 文号, no matching title) links releases published at most this far apart: a
# repost follows its original within days or weeks, and comparing every pair of a year's bodies made clustering
# the largest cost of processing (the performance benchmark). Title- and number-based links keep their window.
TEXT_MATCH_WINDOW_DAYS = 45
NUM_PERM, LSH_BANDS = 128, 32  # 4 rows per band: pairs at J≈0.6 become candidates with p≈0.98
_PRIME = (1 << 61) - 1
_RNG = random.Random(20300101)  # fixed seed: signatures must be stable across runs and machines
_PERMS = [(_RNG.randrange(1, _PRIME), _RNG.randrange(0, _PRIME)) for _ in range(NUM_PERM)]

_NON_WORD = re.compile(r"[\W_]+")
_INNER = re.compile(r"《(.+)》")
_WRAPPER = re.compile(r"(转发|转载|转印)")
_ISSUE_WRAPPER = re.compile(r"关于(?:印发|发布|公布|颁布)(.+?)的(?:通知|公告|决定|通告)$")
_DRAFT = re.compile(r"[（(]?(征求意见稿|草案|送审稿|试行稿|讨论稿)[）)]?|公开征求|征求.{0,30}意见")
_INTERPRETATION = re.compile(r"政策解读|一图读懂|图解|答记者问|解读|问答|负责(?:同志|人)就")


# ---------------------------------------------------------------- fingerprints

def _key(text: str) -> str:
    text = text or ""
    return _short_key(text) if len(text) <= 300 else _NON_WORD.sub("", comparison_text(text))


@lru_cache(maxsize=65536)
def _short_key(text: str) -> str:
    """``_key`` of a title, issuer or number: cached, since clustering compares each with every candidate."""
    return _NON_WORD.sub("", comparison_text(text))


@lru_cache(maxsize=65536)
def _title_form(title: str) -> str:
    """``comparison_text`` of a title (OpenCC's t2s conversion dominates clustering without this cache)."""
    return comparison_text(title)


def _h64(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")


_MIX, _MASK64 = 0x9E3779B97F4A7C15, (1 << 64) - 1


@lru_cache(maxsize=4096)
def shingles(text: str, k: int = SHINGLE_SIZE) -> frozenset[int]:
    """64-bit hashes of the k-character shingles of the comparison form (punctuation removed).

    Three-character shingles are their three code points packed into 63 bits, times an odd constant modulo 2**64:
    a bijection, so no two shingles collide, and the product's order is well mixed, so the smallest values are
    an unbiased sample (``sketch``). Three times faster than a blake2b call per shingle (the benchmark's profile).
    """
    s = _key(text)
    if len(s) < k:
        return frozenset({_h64(s)} if s else ())
    if k == 3:
        c = array("I", s.encode("utf-32-le"))
        return frozenset(((a << 42 | b << 21 | d) * _MIX) & _MASK64 for a, b, d in zip(c, c[1:], c[2:]))
    return frozenset(_h64(s[i:i + k]) for i in range(len(s) - k + 1))


def simhash(text: str) -> int:
    """64-bit SimHash over shingles; near-duplicates differ in few bits (see ``hamming``)."""
    weights = [0] * 64
    for h in shingles(text):
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two SimHashes."""
    return (a ^ b).bit_count()


def minhash(text: str) -> list[int]:
    """MinHash signature (``NUM_PERM`` values, fixed seed) of the shingle set."""
    sh = shingles(text)
    if not sh:
        return [_PRIME] * NUM_PERM
    return [min((a * x + b) % _PRIME for x in sh) for a, b in _PERMS]


def estimate_similarity(sig_a: list[int], sig_b: list[int]) -> float:
    """Jaccard estimate from two MinHash signatures."""
    return sum(x == y for x, y in zip(sig_a, sig_b)) / len(sig_a)


def similarity(a: str, b: str) -> float:
    """Exact Jaccard similarity of the two texts' character-shingle sets (0..1)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    common = len(sa & sb)
    return common / (len(sa) + len(sb) - common)


def containment(part: str, whole: str) -> float:
    """Share of ``part``'s shingles found in ``whole`` (a repost wrapper contains the document)."""
    sa, sb = shingles(part), shingles(whole)
    return len(sa & sb) / len(sa) if sa else 0.0


# ---------------------------------------------------------------- titles and lineage

def title_keys(title: str) -> set[str]:
    """Comparable forms of a title: whole, without the issuer before 关于, and the core document
    name of 关于印发《X》的通知 (recursively), each at least 6 characters."""
    keys, todo = set(), [_title_form(title or "")]
    while todo:
        t = todo.pop().strip()
        k = _key(t)
        if len(k) < 6 or k in keys:
            continue
        keys.add(k)
        if "关于" in t:
            todo.append(t[t.index("关于"):])
        m = _ISSUE_WRAPPER.search(t)
        if m:
            todo.append(m.group(1))
        m = _INNER.search(t)
        if m and _ISSUE_WRAPPER.search(t):
            todo.append(m.group(1))
    return keys


def _inner_title(title: str) -> str | None:
    m = _INNER.search(comparison_text(title or ""))
    return m.group(1).replace("〈", "《").replace("〉", "》") if m else None


def is_repost_wrapper(release: dict) -> bool:
    """Title like 关于转发《X》的通知 / 转载: a site passing on someone else's document."""
    title = release.get("title") or ""
    return bool(_WRAPPER.search(title)) and _inner_title(title) is not None


def _issuer_ok(inner: str, target: dict) -> bool:
    """When the inner title names an issuer (text before 关于), the target must be that issuer's."""
    prefix = _key(inner.split("关于", 1)[0]) if "关于" in inner else ""
    if not prefix:
        return True
    title_key = _key(target.get("title") or "")
    issuer = _key(str(target.get("issuer") or ""))
    return title_key.startswith(prefix) or bool(issuer) and (issuer in prefix or prefix in issuer)


def _refers_to(a: dict, b: dict) -> bool:
    inner = _inner_title(a.get("title") or "")
    if not inner:
        return False
    return bool(title_keys(inner) & title_keys(b.get("title") or "")) and _issuer_ok(inner, b)


def _is_draft(r: dict) -> bool:
    return bool(_DRAFT.search(r.get("title") or ""))


def _is_interpretation(r: dict) -> bool:
    return bool(_INTERPRETATION.search(r.get("title") or ""))


def _draft_core(title: str) -> str:
    t = _title_form(title or "")
    inner = _INNER.search(t)
    t = inner.group(1) if inner else t
    t = _DRAFT.sub("", t)
    t = re.sub(r"^关于|意见的(?:通知|公告|函)$|的(?:通知|公告|函)$", "", t)
    return _key(t)


def link_kind(a: dict, b: dict) -> str | None:
    """How release ``a`` relates to ``b``: ``"repost_of"``, ``"draft_of"`` (征求意见稿 → final),
    ``"interprets"`` (解读/一图读懂/答记者问 → the document), ``"same"`` or None."""
    if is_repost_wrapper(a) and not is_repost_wrapper(b) and _refers_to(a, b):
        return "repost_of"
    if _is_interpretation(a) and not _is_interpretation(b):
        number = b.get("doc_number")
        if _refers_to(a, b) or number and normalize_doc_number(number) in _doc_numbers_in(a.get("text") or ""):
            return "interprets"
    if _is_draft(a) and not _is_draft(b) and not _is_interpretation(b):
        core_b = {_draft_core(b.get("title") or "")} | title_keys(b.get("title") or "")
        if _draft_core(a.get("title") or "") in core_b:
            return "draft_of"
    if _same_document(a, b) or _similar_enough(a, b):
        return "same"
    return None


_DOC_NUMBER_IN_TEXT = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]第?\d+号")


def _doc_numbers_in(text: str) -> set[str]:
    return {normalize_doc_number(m) for m in _DOC_NUMBER_IN_TEXT.findall(text)}


# ---------------------------------------------------------------- clustering

_PREFIXED_NUMBER = re.compile(r"^[^\d〔\[(（]{2,}[〔\[]\d{4}[〕\]]\d+号$")


JOINT_MIN_SIMILARITY = 0.3  # same prefixed number on two issuers' sites: the texts must still read alike


def _doc_key(r: dict) -> tuple[str, str] | None:
    number, issuer = normalize_doc_number(r.get("doc_number")), _key(str(r.get("issuer") or ""))
    return (number, issuer) if number and issuer else None


def _same_document(a: dict, b: dict) -> bool:
    """Same 发文字号 and issuer; or, for a prefixed number (发改能源〔2022〕209号 names its issuing office), the
    same number on another issuer's site — a joint document — when the texts read alike (a document that
    merely cites the number does not), or the titles agree where bodies are too short to compare."""
    ka = _doc_key(a)
    if ka is not None and ka == _doc_key(b):
        return True
    number = normalize_doc_number(a.get("doc_number"))
    if not number or number != normalize_doc_number(b.get("doc_number")) or not _PREFIXED_NUMBER.match(number):
        return False
    text_a, text_b = a.get("text") or "", b.get("text") or ""
    if min(len(shingles(text_a)), len(shingles(text_b))) >= MIN_SHINGLES:
        return similarity(text_a, text_b) >= JOINT_MIN_SIMILARITY
    return bool(title_keys(a.get("title") or "") & title_keys(b.get("title") or ""))


_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")


def _title_years(r: dict) -> set[str]:
    return {m.group(0) for m in _YEAR.finditer(_title_form(r.get("title") or ""))}


def text_comparable(a: dict, b: dict) -> bool:
    """May text similarity decide? Not across draft/final or interpretation/document, nor when
    document numbers or title years conflict (annual editions of a notice share most sentences)."""
    if _is_draft(a) != _is_draft(b) or _is_interpretation(a) != _is_interpretation(b):
        return False
    ya, yb = _title_years(a), _title_years(b)
    if ya and yb and not ya & yb:
        return False
    if is_repost_wrapper(a) or is_repost_wrapper(b):
        return True  # a wrapper carries its own 文号
    na, nb = normalize_doc_number(a.get("doc_number")), normalize_doc_number(b.get("doc_number"))
    return not (na and nb and na != nb)


def _days_apart(a: dict, b: dict) -> int:
    """Days between the two publication dates (0 when either is unknown: no reason to refuse)."""
    da, db = _iso_date(a.get("published")), _iso_date(b.get("published"))
    return abs((da - db).days) if da and db else 0


@lru_cache(maxsize=65536)
def _iso_date(value):
    from datetime import date

    normalized = normalize_date(value) if value else None
    try:
        return date.fromisoformat(normalized) if normalized else None
    except ValueError:
        return None


def _similar_enough(a: dict, b: dict) -> bool:
    if not text_comparable(a, b):
        return False
    if _days_apart(a, b) > TEXT_MATCH_WINDOW_DAYS:
        return False
    ta, tb = a.get("text") or "", b.get("text") or ""
    na, nb = len(shingles(ta)), len(shingles(tb))
    if min(na, nb) < MIN_SHINGLES or min(na, nb) < SIMILARITY_THRESHOLD * max(na, nb):
        return False  # Jaccard <= min/max: sets this different in size cannot reach the threshold (exact bound)
    return similarity(ta, tb) >= SIMILARITY_THRESHOLD


def cluster_releases(releases: list[dict]) -> list[list]:
    """Group releases of the same document; each cluster lists its canonical release's id first.

    A release dict has id, title, text, doc_number, issuer, published, url, source. Clusters are
    ordered by their canonical release's published date, then id.
    """
    ids = [r["id"] for r in releases]
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x, y):
        parent[find(x)] = find(y)

    by_key: dict[tuple, object] = {}
    by_number: dict[str, list[dict]] = {}
    for r in releases:
        key = _doc_key(r)
        if key:
            union(r["id"], by_key.setdefault(key, r["id"]))
        number = normalize_doc_number(r.get("doc_number"))
        if number and _PREFIXED_NUMBER.match(number):
            by_number.setdefault(number, []).append(r)
    for group in by_number.values():  # joint documents on each issuer's site
        for a, b in itertools.combinations(group, 2):
            if _same_document(a, b):
                union(a["id"], b["id"])
    wrappers = [r for r in releases if is_repost_wrapper(r)]
    plain = [r for r in releases if not is_repost_wrapper(r)]
    for w in wrappers:
        targets = [r for r in plain if _refers_to(w, r)]
        for t in targets:
            union(w["id"], t["id"])
    for a, b in _candidate_pairs(releases):
        if _similar_enough(a, b):
            union(a["id"], b["id"])
    groups: dict = {}
    for r in releases:
        groups.setdefault(find(r["id"]), []).append(r)
    clusters = [sorted(g, key=canonical_rank) for g in groups.values()]
    clusters.sort(key=lambda g: (normalize_date(g[0].get("published")) or "9999", str(g[0]["id"])))
    return [[r["id"] for r in g] for g in clusters]


# ---------------------------------------------------------------- candidate index (processing)
#
# ``link_kind`` compared every new release with every stored one inside the relation window: quadratic, and the
# largest cost of processing a first crawl (the performance benchmark). Two pre-filters decide which pairs it
# still sees. ``link_keys`` is exact: every rule except text similarity needs a shared title key, draft core or
# document number, so two releases whose key sets are disjoint can only be "same" by text. ``sketch`` is for
# that rule: the SKETCH_SIZE smallest shingle hashes; the share of the union's smallest hashes found in both
# sketches estimates Jaccard, and pairs whose estimate is under SKETCH_FLOOR skip the exact comparison. At the
# 0.6 threshold the estimate averages 0.6 with a standard deviation of 0.06 (k = 64), so a pair that would
# cluster is dropped with probability ~5e-7; pairs above 0.7 essentially never.

SKETCH_SIZE = 64
SKETCH_FLOOR = 0.3


def link_keys(view: dict) -> frozenset[str]:
    """Keys two releases must share for any rule but text similarity to link them (see ``link_kind``).

    Title keys of the title and of its inner 《title》 (repost_of, interprets), the draft core (draft_of), the
    normalised document number (same document) and, for interpretations, the numbers their text cites.
    """
    title = view.get("title") or ""
    keys = {"t:" + k for k in title_keys(title)}
    inner = _inner_title(title)
    if inner:
        keys |= {"t:" + k for k in title_keys(inner)}
    keys.add("t:" + _draft_core(title))  # draft_of compares a draft's core with the other's core and title keys
    number = normalize_doc_number(view.get("doc_number"))
    if number:
        keys.add("n:" + number)
    if _is_interpretation(view):
        keys |= {"n:" + n for n in _doc_numbers_in(view.get("text") or "")}
    return frozenset(keys)


def sketch(text: str) -> tuple[int, tuple[int, ...]]:
    """(number of shingles, the SKETCH_SIZE smallest shingle hashes, ascending)."""
    import heapq

    sh = shingles(text)
    return len(sh), tuple(heapq.nsmallest(SKETCH_SIZE, sh))


def may_be_similar(a: tuple[int, tuple[int, ...]], b: tuple[int, tuple[int, ...]]) -> bool:
    """Could the two texts reach SIMILARITY_THRESHOLD? Exact size bound, then the bottom-k estimate."""
    (na, sa), (nb, sb) = a, b
    if min(na, nb) < MIN_SHINGLES or min(na, nb) < SIMILARITY_THRESHOLD * max(na, nb):
        return False
    union_smallest = sorted(set(sa) | set(sb))[:SKETCH_SIZE]
    both = set(sa) & set(sb)
    shared = sum(1 for h in union_smallest if h in both)
    return shared >= SKETCH_FLOOR * len(union_smallest)


def _candidate_pairs(releases: list[dict]):
    """MinHash LSH: only pairs sharing a band bucket are compared exactly."""
    rows = NUM_PERM // LSH_BANDS
    buckets: dict[tuple, list[int]] = {}
    for idx, r in enumerate(releases):
        sig = minhash(r.get("text") or "")
        if sig[0] == _PRIME:
            continue
        for band in range(LSH_BANDS):
            buckets.setdefault((band, *sig[band * rows:(band + 1) * rows]), []).append(idx)
    seen = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pair = (members[x], members[y])
                if pair not in seen:
                    seen.add(pair)
                    yield releases[pair[0]], releases[pair[1]]


def _host(url: str) -> str:
    return urlsplit(url or "").netloc.lower().split(":")[0]


def is_issuer_site(r: dict) -> bool:
    """The release was fetched from the issuer's own site (explicit flag, issuer key in the
    source id, or issuer domain in the URL host)."""
    if r.get("is_issuer_site") is not None:
        return bool(r["is_issuer_site"])
    issuer = str(r.get("issuer") or "").lower()
    if not issuer or not issuer.isascii():
        return False
    source_tokens = set(re.split(r"[_\-.]", str(r.get("source") or "").lower()))
    return issuer in source_tokens or issuer in _host(r.get("url") or "").split(".")


def canonical_rank(r: dict) -> tuple:
    """Sort key: issuer's own site < www.gov.cn < others; wrappers last; then earliest published."""
    host = _host(r.get("url") or "")
    site = 0 if is_issuer_site(r) else 1 if host in ("www.gov.cn", "gov.cn") else 2
    return (is_repost_wrapper(r), site, normalize_date(r.get("published")) or "9999", str(r.get("id")))


def canonical_release(cluster: list[dict]) -> dict:
    """The release to show for a cluster."""
    return min(cluster, key=canonical_rank)
