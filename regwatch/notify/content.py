"""Turning stored versions into digest content: summary sentences, deadlines, effective dates, added text.

Everything here is pure text processing over untrusted scraped text; callers escape on output.
"""
from __future__ import annotations

import difflib
import functools
import re
from datetime import date

_SENT_SPLIT = re.compile(r"(?<=[。！？；!?])|(?<=\.)\s+(?=[A-Z\"“(])|\n+")
_TARGET = re.compile(
    r"(到|至|截至)\s*20\d\d\s*年|20\d\d\s*年(前|底|末)|\d+(\.\d+)?\s*[%％]|百分之|"
    r"\bby (the end of )?20\d\d\b|\bbefore 20\d\d\b|\b\d+(\.\d+)?\s*(%|percent)",
    re.IGNORECASE,
)
_MEASURE = re.compile(
    r"目标|达峰|碳中和|下降|降低|提高|提升|达到|比重|控制|建立|健全|完善|推动|加快|实施|严格|淘汰|"
    r"\b(target|peak|neutral|reduce|reduction|increase|raise|reach|establish|improve|accelerate|strictly|"
    r"control|phase out)",
    re.IGNORECASE,
)
_ISSUED = re.compile(r"印发|发布|出台|征求意见|公开征求|\b(issued|released|published|solicit)", re.IGNORECASE)
_BOILER = re.compile(
    r"习近平|新时代中国特色社会主义思想|党的二十大|贯彻落实党中央|现将.{0,30}印发给你们|请结合实际认真贯彻|"
    r"请认真贯彻执行|联系人|联系电话|电子邮[箱件]|传真|附件[:：]|点击下载|"
    r"Xi Jinping Thought|thoroughly implement the spirit|contact (person|number)|telephone",
    re.IGNORECASE,
)
_CN_DATE = r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_EN_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_EN_DATE = r"(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),?\s+(20\d\d)"
_DEADLINE_RE = [
    re.compile(r"(?:截止|截至)(?:日期|时间)?(?:为|是|至|到)?[:：]?\s*" + _CN_DATE),
    re.compile(_CN_DATE + r"[^。；\n]{0,12}(?:前|之前|以前)[^。；\n]{0,30}(?:反馈|提出|提交|意见)"),
    re.compile(r"(?:意见|建议)[^。；\n]{0,40}?" + _CN_DATE),
    re.compile(r"(?:before|by|until|no later than|deadline[^.]{0,20}?)\s+" + _EN_DATE, re.IGNORECASE),
]
_EFFECTIVE_RE = [
    re.compile(r"自\s*" + _CN_DATE + r"\s*起\s*(?:施行|实施|执行|生效)"),
    re.compile(_CN_DATE + r"\s*起\s*(?:施行|实施|执行|生效)"),
    re.compile(r"(?:take[s]? effect|come[s]? into (?:force|effect)|effective)\s+(?:on|from|as of)\s+" + _EN_DATE,
               re.IGNORECASE),
]


def split_sentences(text: str) -> list[str]:
    """Sentences of normalized text (Chinese or English), whitespace-trimmed, empties dropped."""
    return [s.strip() for s in _SENT_SPLIT.split(text or "") if s and s.strip()]


_ADDRESS_OR_FILE = re.compile(r"[：:]\s*$|\.(pdf|docx?|xlsx?|wps|ofd|zip)\s*$", re.IGNORECASE)


def _score(sentence: str, index: int) -> float:
    # the addressee line (各省、自治区…：), lead-ins ending in a colon and attachment file names say nothing
    if _BOILER.search(sentence) or len(sentence) < 12 or _ADDRESS_OR_FILE.search(sentence):
        return -1.0
    score = 0.0
    if _TARGET.search(sentence):
        score += 3
    score += min(len(_MEASURE.findall(sentence)), 3)
    if index < 3 and _ISSUED.search(sentence):
        score += 1.5  # the announcement lead names the document, issuers and date
    if len(sentence) > 260:
        score -= 1
    return score


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text or "").lower()


def pick_summary(text: str, n: int = 3, max_chars: int = 220, title: str | None = None) -> list[str]:
    """Two or three sentences from the document that carry its targets and key measures, in document order.

    Extractive on purpose: a quoted sentence cannot misstate the document. Long sentences are clipped; the
    title repeated as the first line of the text is skipped.
    """
    return list(_pick_summary(text or "", n, max_chars, title))


# Each digest of a week asks again for the same documents' sentences: scoring every sentence of a 30 KB body per
# subscriber was 60 % of rendering 1,000 digests (the benchmark's profile). Pure, so kept per text.
@functools.lru_cache(maxsize=512)
def _pick_summary(text: str, n: int, max_chars: int, title: str | None) -> tuple[str, ...]:
    tkey = _key(title or "")
    sentences = []
    for s in split_sentences(text):
        skey = _key(s)
        if not (tkey and skey and skey in tkey):
            sentences.append(s)
    scored = [(_score(s, i), i, s) for i, s in enumerate(sentences)]
    best = sorted((x for x in scored if x[0] > 0), key=lambda x: (-x[0], x[1]))[:n]
    if len(best) < 2:  # too little signal: fall back to the first sentences that are not boilerplate
        best += [x for x in scored if x[0] >= 0 and x not in best][: 2 - len(best)]
    out = []
    for _, _, s in sorted(best, key=lambda x: x[1]):
        out.append(s if len(s) <= max_chars else s[: max_chars - 1].rstrip() + "…")
    return tuple(out)


def _to_date(m: re.Match) -> date | None:
    g = m.groups()
    try:
        if g[0] and g[0].isdigit():
            return date(int(g[0]), int(g[1]), int(g[2]))
        return date(int(g[2]), _EN_MONTHS[g[0].lower()], int(g[1]))
    except (ValueError, KeyError, TypeError):
        return None


def _first_date(patterns: list[re.Pattern], text: str) -> date | None:
    for pattern in patterns:
        for m in pattern.finditer(text or ""):
            d = _to_date(m)
            if d:
                return d
    return None


@functools.lru_cache(maxsize=512)
def find_deadline(text: str) -> date | None:
    """The comment deadline a consultation draft states (征求意见 … 截止 2025年11月30日), if any."""
    return _first_date(_DEADLINE_RE, text)


@functools.lru_cache(maxsize=512)
def find_effective(text: str) -> date | None:
    """The date a document says it takes effect (自2026年1月1日起施行), if any."""
    return _first_date(_EFFECTIVE_RE, text)


def diff_lines(old: str, new: str, limit: int = 12) -> list[tuple[str, str]]:
    """Paragraph-level changes as ``("+"|"-", text)`` pairs, at most ``limit`` (a readable email diff)."""
    a = [p.strip() for p in (old or "").splitlines() if p.strip()]
    b = [p.strip() for p in (new or "").splitlines() if p.strip()]
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            out += [("-", p) for p in a[i1:i2]]
        if op in ("replace", "insert"):
            out += [("+", p) for p in b[j1:j2]]
    return out[:limit]


def added_text(old: str, new: str) -> str:
    """Only the paragraphs that are new in ``new`` (keyword filters match revisions on this)."""
    return "\n".join(p for op, p in diff_lines(old, new, limit=10_000) if op == "+")
