"""Metadata extractors: document number, dates, comment deadline, validity, headline targets.

Each returns (value, evidence-list). Patterns come from data/doc_numbers.yaml and data/metadata.yaml.
"""
from __future__ import annotations

import functools
import re
from datetime import date, timedelta

from regwatch.classify.rules import data

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_D = (r"(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
      r"|(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+(?:19|20)\d{2})|(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+(?:19|20)\d{2}))")
_CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_int(s: str) -> int | None:
    """'31' / '三十一' / '十' -> int."""
    if s.isdigit():
        return int(s)
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_NUM:
            cur = _CN_NUM[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


def parse_date(s: str) -> str | None:
    """Chinese, ISO-ish or English date -> 'YYYY-MM-DD' (None when not a valid date)."""
    s = s.strip()
    m = re.match(r"((?:19|20)\d{2})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})", s)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.match(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", s) or re.match(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", s)
        if not m:
            return None
        a, b, y = m.groups()
        name, d = (a, b) if a.isalpha() else (b, a)
        mo = _MONTHS.get(name.lower())
        if not mo:
            return None
        y, d = int(y), int(d)
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


@functools.cache
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern.replace("{D2}", f"(?P<d2>{_D})").replace("{D}", f"(?P<d>{_D})"))


def _first(patterns: list[str], text: str):
    for p in patterns:
        m = _rx(p).search(text)
        if m:
            return m
    return None


# ---------------------------------------------------------------- document numbers

_ZH_NO = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{1,14})\s*[〔\[［(【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)】]\s*"
                    r"(?:第\s*)?(?P<num>\d{1,5})\s*号")
_ZH_GONGGAO = re.compile(r"(?P<prefix>[\u4e00-\u9fff][\u4e00-\u9fff ]{1,30}?公告)\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*"
                         r"(?P<num>\d{1,4})\s*号")
_ZH_DECREE = re.compile(r"(?P<prefix>[\u4e00-\u9fff]{2,15}(?: [\u4e00-\u9fff]{2,15}){0,3})\s*令\s*[(（]?\s*第\s*"
                        r"(?P<num>[\d一二三四五六七八九十百零〇]+)\s*号")
_EN_NO = re.compile(r"(?P<prefix>[A-Z][A-Za-z\-]*(?:\s+(?:[A-Z][A-Za-z\-]*|and|of))*)\s*[\[(〔]\s*(?P<year>(?:19|20)\d{2})"
                    r"\s*[\])〕]\s*No\.?\s*(?P<num>\d{1,5})")
_EN_DECREE = re.compile(r"(?P<body>[A-Z][A-Za-z' ]{3,80}?)\s+(?:Decree|Order)\s+No\.?\s*(?P<num>\d{1,4})"
                        r"|(?:Decree|Order)\s+No\.?\s*(?P<num2>\d{1,4})\s+of\s+the\s+(?P<body2>[A-Z][A-Za-z' ]{3,80})")
_DECREE_BODY = re.compile(r"(?:部|院|委|局|总局|署|会|行|办|室)$")


def _is_reference(text: str, start: int) -> bool:
    cues = data("doc_numbers")["reference_cues"]
    left = re.split(r"[。；;!?！？\n]", text[max(0, start - 40):start])[-1]
    low = left.lower()
    return any(c in left for c in cues["zh"]) or any(c in low for c in cues["en"])


def _trim_prefix(prefix: str) -> str:
    words = sorted(data("doc_numbers")["strip_leading"], key=len, reverse=True)
    changed = True
    while changed and prefix:
        changed = False
        for w in words:
            if prefix.startswith(w) and len(prefix) > len(w):
                prefix, changed = prefix[len(w):], True
    return prefix


def _en_prefix_to_zh(prefix: str) -> str | None:
    """'Ministry of Industry and Information Technology Lianyuan' -> '工信部联原'; unknown pinyin -> None."""
    cfg = data("doc_numbers")
    zh = ""
    for name, short in sorted(cfg["en_issuer_prefix"].items(), key=lambda kv: -len(kv[0])):
        if prefix.lower().startswith(name.lower()):
            zh, prefix = short, prefix[len(name):]
            break
    rest = re.sub(r"[\s\-]", "", prefix).lower()
    chunks = sorted(cfg["pinyin"].items(), key=lambda kv: -len(kv[0]))
    while rest:
        for py, hz in chunks:
            if rest.startswith(py):
                zh, rest = zh + hz, rest[len(py):]
                break
        else:
            return None
    return zh or None


def _en_body_to_zh(body: str) -> str | None:
    body = re.sub(r"^(?:the|The)\s+", "", body.strip())
    for spec in data("issuers")["issuers"].values():
        for name in spec.get("en", []):
            if body.lower().endswith(name.lower()):
                return spec["zh"][0]
    return None


def doc_number_candidates(text: str) -> list[tuple[str, int, str]]:
    """All (normalised number, offset, matched text) in reading order; citations are dropped."""
    out = []
    for m in _ZH_NO.finditer(text):
        prefix = _trim_prefix(m["prefix"])
        out.append((f"{prefix}〔{m['year']}〕{int(m['num'])}号", m.start("prefix") + len(m["prefix"]) - len(prefix), m[0]))
    for m in _ZH_GONGGAO.finditer(text):
        out.append((f"{_trim_prefix(m['prefix'])}{m['year']}年第{m['num']}号", m.start(), m[0]))
    for m in _ZH_DECREE.finditer(text):
        prefix = _trim_prefix(m["prefix"].strip())
        if _DECREE_BODY.search(prefix):
            n = cn_int(m["num"])
            out.append((f"{prefix}令第{n if n is not None else m['num']}号", m.start(), m[0]))
    for m in _EN_NO.finditer(text):
        zh = _en_prefix_to_zh(m["prefix"])
        if zh:
            out.append((f"{zh}〔{m['year']}〕{int(m['num'])}号", m.start(), m[0]))
    for m in _EN_DECREE.finditer(text):
        body, num = (m["body"], m["num"]) if m["num"] else (m["body2"], m["num2"])
        zh = _en_body_to_zh(body)
        if zh:
            out.append((f"{zh}令第{int(num)}号", m.start(), m[0]))
    out.sort(key=lambda c: c[1])
    return [c for c in out if not _is_reference(text, c[1])]


def extract_doc_number(title: str, text: str, max_offset: int = 600) -> tuple[str | None, list[str]]:
    """The release's own 发文字号: a labelled field, else the title, else an early uncited number."""
    labels = data("doc_numbers")["labels"]
    for lab in labels:
        i = text.find(lab)
        if i >= 0:
            cands = doc_number_candidates(text[i:i + len(lab) + 40])
            if cands:
                return cands[0][0], [f"labelled field {lab}: {cands[0][2]!r}"]
    for where, body, limit in (("title", title, None), ("text", text, max_offset)):
        cands = [c for c in doc_number_candidates(body) if limit is None or c[1] < limit]
        if cands:
            return cands[0][0], [f"{where} contains {cands[0][2]!r} (document-number pattern)"]
    return None, []


def prefix_issuers(doc_number: str | None) -> tuple[list[str], str | None]:
    """Issuer keys implied by a national document-number prefix (longest prefix wins)."""
    if not doc_number:
        return [], None
    table = data("doc_numbers")["prefixes"]
    for p in sorted(table, key=len, reverse=True):
        if doc_number.startswith(p):
            return list(table[p]), p
    return [], None


# ---------------------------------------------------------------- dates and deadlines

def extract_dates(text: str, published: str | None) -> tuple[dict, list[str]]:
    cfg = data("metadata")["dates"]
    out, ev = {"written": None, "published": None, "effective": None}, []
    for key in ("written", "published", "effective"):
        m = _first(cfg[key], text)
        if m and parse_date(m["d"]):
            out[key] = parse_date(m["d"])
            ev.append(f"{key}: {m[0]!r}")
    if not out["published"] and published:
        out["published"] = parse_date(published) or published
        ev.append("published: from the crawl's publish date")
    if not out["effective"]:
        m = _first(cfg["effective_on_publication"], text)
        if m and out["published"]:
            out["effective"] = out["published"]
            ev.append(f"effective: {m[0]!r} -> publish date")
    if not out["written"]:  # a signature date on its own line near the end
        m = re.search(rf"\n\s*(?P<d>{_D})\s*$", text[-200:])
        if m and parse_date(m["d"]):
            out["written"] = parse_date(m["d"])
            ev.append(f"written: closing date line {m['d']!r}")
    return out, ev


def extract_deadline(text: str, published: str | None) -> tuple[str | None, list[str]]:
    cfg = data("metadata")["comment_deadline"]
    for p in cfg["absolute"]:
        m = _rx(p).search(text)
        if m:
            d = m.groupdict().get("d2") or m["d"]
            if parse_date(d):
                return parse_date(d), [f"comment deadline: {m[0]!r}"]
    for p in cfg["relative"]:
        m = _rx(p).search(text)
        if m and published:
            days = int(m["n"])
            return (date.fromisoformat(published) + timedelta(days=days)).isoformat(), [
                f"comment deadline: {m[0]!r} resolved against publish date {published}"]
    return None, []


def extract_validity(text: str, effective: str | None) -> tuple[dict | None, list[str]]:
    cfg = data("metadata")["validity"]
    m = _first(cfg["until"], text)
    if m and parse_date(m["d"]):
        return {"years": None, "until": parse_date(m["d"]), "text": m[0]}, [f"validity: {m[0]!r}"]
    m = _first(cfg["years"], text)
    if m:
        years = cn_int(m["n"])
        until = None
        if years and effective:
            start = date.fromisoformat(effective)
            until = (start.replace(year=start.year + years) - timedelta(days=1)).isoformat()
        return {"years": years, "until": until, "text": m[0]}, [f"validity: {m[0]!r}"]
    return None, []


# ---------------------------------------------------------------- headline targets

def extract_targets(text: str, limit: int = 8) -> tuple[list[dict], list[str]]:
    """'到2025年，单位GDP能耗比2020年下降13.5%' / 'By 2025, X will reach 20 percent' -> targets."""
    cfg = data("metadata")["targets"]
    out: list[dict] = []
    for ym in re.finditer(cfg["zh_year"], text):
        sentence = re.split(r"[。！？\n]", text[ym.end():])[0]
        for cm in re.finditer(cfg["zh_clause"], sentence):
            ind = re.sub(r"^[，,、\s]*(?:全国|力争|确保|其中)?", "", cm["indicator"]).strip()
            out.append({"year": int(ym["year"]), "indicator": ind, "value": cm["value"].replace(" ", ""),
                        "text": f"{ym[0]}{cm[0]}".strip()})
    for m in re.finditer(cfg["en"], text):
        out.append({"year": int(m["year"]), "indicator": m["indicator"].strip(), "value": m["value"],
                    "text": m[0]})
    out = out[:limit]
    return out, [f"target: {t['text']!r}" for t in out]
