"""Decide whether a revision is substantive (alert-worthy) or editorial, and say which rule fired."""
from __future__ import annotations

import re

from diffing.fingerprint import normalize_date, normalize_doc_number
from diffing.normalize import comparison_text
from diffing.removal import is_removal_notice

# Modal / obligation / negation words: adding or removing one changes what the text requires.
OBLIGATION_WORDS = ("应当", "必须", "不得", "严禁", "禁止", "要求", "原则上", "须", "应", "可以", "可", "不",
                    "未", "无", "非", "鼓励", "一律", "方可", "暂停", "取消", "废止", "停止", "严格", "限制")
_NUMERAL = re.compile(r"[0-9〇零一二三四五六七八九十百千万亿两]")
_PUNCT_OR_SPACE = re.compile(r"[\W_]+")
EDITORIAL_MAX_CHARS = 6  # changed characters (letters/CJK, per paragraph) still called a typo fix
EDITORIAL_MAX_SHARE = 0.15


def revision_reasons(old: dict, new: dict, diff: dict) -> list[str]:
    """Rules that make this revision substantive (empty list ⇒ editorial). Keys: title, published,
    doc_number, text; optional ``attachments_hash``."""
    reasons = []
    if comparison_text(old.get("title") or "") != comparison_text(new.get("title") or ""):
        reasons.append("title changed")
    if normalize_doc_number(old.get("doc_number")) != normalize_doc_number(new.get("doc_number")):
        reasons.append("document number changed")
    if normalize_date(old.get("published")) != normalize_date(new.get("published")):
        reasons.append("publication date changed")
    if old.get("attachments_hash") != new.get("attachments_hash"):
        reasons.append("attachments changed")
    if is_removal_notice(new.get("text") or "") and not is_removal_notice(old.get("text") or ""):
        reasons.append("body replaced by a removal notice")
    for op in diff.get("ops", []):
        reasons += _op_reasons(op)
    return list(dict.fromkeys(reasons))


def _op_reasons(op: dict) -> list[str]:
    kind = op["op"]
    if kind == "insert":
        return ["paragraph added"]
    if kind == "delete":
        return ["paragraph removed"]
    if kind != "replace":
        return []  # equal, or a paragraph moved unchanged: editorial
    out = []
    for change in op["changes"]:
        if _NUMERAL.search(change["old"] + change["new"]):
            out.append(f"number or date changed: {change['old']} → {change['new']}")
    for word in OBLIGATION_WORDS:
        if op["old"].count(word) != op["new"].count(word):
            out.append(f"obligation word changed: {word}")
            break
    wording = [c for c in op["changes"] if not _NUMERAL.search(c["old"] + c["new"])]  # numbers: rule above
    changed_chars = sum(len(_PUNCT_OR_SPACE.sub("", c["old"])) + len(_PUNCT_OR_SPACE.sub("", c["new"])) for c in wording)
    longest = max(len(op["old"]), len(op["new"]), 1)
    if changed_chars > EDITORIAL_MAX_CHARS and changed_chars / longest > EDITORIAL_MAX_SHARE:
        out.append(f"wording rewritten ({changed_chars} characters)")
    return out


def classify_revision(old: dict, new: dict, diff: dict) -> str:
    """``"substantive"`` (numbers, dates, obligation words, paragraphs added/removed, title or
    document number) or ``"editorial"`` (punctuation, typo-sized wording, pure reordering)."""
    return "substantive" if revision_reasons(old, new, diff) else "editorial"
