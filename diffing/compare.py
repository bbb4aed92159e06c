"""One call for the store/processing steps: compare two stored versions of a release.

Composes fingerprint → diff → significance; the lead's ``changes.py`` decides what event follows.
"""
from __future__ import annotations

from diffing.diff import diff_texts, summarize
from diffing.fingerprint import attachments_hash, content_hash, normalize_date, normalize_doc_number
from diffing.normalize import comparison_text
from diffing.removal import is_removal_notice
from diffing.significance import revision_reasons


def compare_versions(old: dict, new: dict) -> dict:
    """Compare version dicts (title, published, doc_number, text, optional attachments list).

    Returns ``changed``, ``kind`` (None | "revised" | "attachment_changed" | "removal_notice"),
    ``significance`` (None | "substantive" | "editorial"), ``reasons``, ``diff`` and one-line
    ``summary_zh``/``summary_en``.
    """
    def chash(v):
        return content_hash(v.get("title") or "", v.get("published"), v.get("doc_number"), v.get("text") or "")

    old_att, new_att = attachments_hash(old.get("attachments") or []), attachments_hash(new.get("attachments") or [])
    removal = is_removal_notice(new.get("text") or "") and not is_removal_notice(old.get("text") or "")
    text_changed, att_changed = chash(old) != chash(new), old_att != new_att
    diff = diff_texts(old.get("text") or "", new.get("text") or "")
    result = {"changed": removal or text_changed or att_changed, "kind": None, "significance": None,
              "reasons": [], "diff": diff, "summary_zh": summarize(diff, "zh"), "summary_en": summarize(diff, "en")}
    if removal:
        result["summary_zh"], result["summary_en"] = "正文已被删除提示替代", "body replaced by a removal notice"
    else:
        for lang in ("zh", "en"):
            meta = _metadata_changes(old, new, att_changed, lang)
            if meta:
                text = result[f"summary_{lang}"] if diff["changed"] else ""
                result[f"summary_{lang}"] = ("；" if lang == "zh" else "; ").join(meta + ([text] if text else []))
    if not result["changed"]:
        return result
    if removal:
        result["kind"] = "removal_notice"
    else:
        result["kind"] = "revised" if text_changed else "attachment_changed"
    reasons = revision_reasons({**old, "attachments_hash": old_att}, {**new, "attachments_hash": new_att}, diff)
    result["reasons"] = ["body replaced by a removal notice"] if removal else reasons
    result["significance"] = "substantive" if result["reasons"] else "editorial"
    return result


_META_LABELS = {"zh": {"title": "标题", "doc_number": "文号", "published": "发布日期", "attachments": "附件已更换"},
                "en": {"title": "title", "doc_number": "document number", "published": "published",
                       "attachments": "attachment replaced"}}
_NORMALIZERS = {"title": comparison_text, "doc_number": normalize_doc_number, "published": normalize_date}


def _metadata_changes(old: dict, new: dict, att_changed: bool, lang: str) -> list[str]:
    """"标题：A → B"-style parts for changed title, document number, date and attachments."""
    labels, out = _META_LABELS[lang], []
    for key, norm in _NORMALIZERS.items():
        if norm(old.get(key) or "") != norm(new.get(key) or ""):
            sep = "：" if lang == "zh" else ": "
            out.append(f"{labels[key]}{sep}{old.get(key) or '∅'} → {new.get(key) or '∅'}")
    if att_changed:
        out.append(labels["attachments"])
    return out
