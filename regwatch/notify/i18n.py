"""Frame strings (section titles, field names, dates) in zh and en, and display names for label keys.

Label and issuer names come from ``regwatch.classify.glossary(lang)`` when that module exists; until then (or for
a key it lacks) the closed vocabulary file ``labels.json`` is read if present, and a humanised key is the last
resort, so a digest never shows a raw key like ``iron_steel`` to an English reader.
"""
from __future__ import annotations

import functools
import logging
from datetime import date, datetime

log = logging.getLogger(__name__)

LANGS = ("en", "zh")

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "regwatch weekly: {count} carbon-policy updates, {week}",
        "subject_empty": "regwatch weekly: nothing new, {week}",
        "title": "Carbon peaking & neutrality policy watch",
        "intro": "{count} updates detected between {start} and {end} that match your subscription.",
        "empty": "Nothing new matched your subscription between {start} and {end}. We keep watching.",
        "greeting": "Hello {name},",
        "sec_national": "National releases",
        "sec_provincial": "Provincial and municipal releases",
        "sec_drafts": "Drafts open for comment",
        "sec_effective": "Taking effect soon",
        "sec_changes": "Revised and withdrawn documents",
        "sec_international": "International",
        "published": "Published",
        "doc_number": "Document no.",
        "deadline": "Comments close",
        "effective": "Takes effect",
        "days_left": "{n} days left",
        "original": "Original",
        "archive": "Archived copy",
        "also": "Also published by",
        "source": "Source",
        "kind_new": "New",
        "kind_revised": "Revised",
        "kind_attachment_changed": "Attachment changed",
        "kind_withdrawn": "Withdrawn",
        "kind_restored": "Restored",
        "kind_finalized": "Final version of a draft",
        "withdrawn_note": "This page is no longer available at the source (removed or moved).",
        "untranslated": "Chinese original; no translation available.",
        "machine_translated": "Machine translation.",
        "changes": "What changed",
        "unsubscribe": "Unsubscribe",
        "feed": "Atom feed",
        "footer": "You receive this because {email} subscribed to regwatch. Summaries are sentences quoted from "
        "the documents; labels are assigned automatically.",
        "toc": "In this issue",
        "colon": ": ",
    },
    "zh": {
        "subject": "碳达峰碳中和政策周报：{count} 条更新（{week}）",
        "subject_empty": "碳达峰碳中和政策周报：本周无新内容（{week}）",
        "title": "碳达峰碳中和政策监测周报",
        "intro": "{start} 至 {end} 期间共有 {count} 条与您订阅条件相符的更新。",
        "empty": "{start} 至 {end} 期间没有与您订阅条件相符的新内容，我们会继续监测。",
        "greeting": "{name}，您好：",
        "sec_national": "国家层面发布",
        "sec_provincial": "地方发布",
        "sec_drafts": "公开征求意见",
        "sec_effective": "即将施行",
        "sec_changes": "修订与撤销",
        "sec_international": "国际动态",
        "published": "发布日期",
        "doc_number": "文号",
        "deadline": "意见截止",
        "effective": "施行日期",
        "days_left": "剩余 {n} 天",
        "original": "原文",
        "archive": "存档副本",
        "also": "同时发布于",
        "source": "来源",
        "kind_new": "新发布",
        "kind_revised": "已修订",
        "kind_attachment_changed": "附件变更",
        "kind_withdrawn": "已撤下",
        "kind_restored": "已恢复",
        "kind_finalized": "征求意见稿转为正式文件",
        "withdrawn_note": "该页面已无法在来源网站访问（已删除或移动）。",
        "untranslated": "",
        "machine_translated": "",
        "changes": "变更内容",
        "unsubscribe": "退订",
        "feed": "Atom 订阅源",
        "footer": "您收到此邮件是因为 {email} 订阅了 regwatch。摘要均摘自原文，标签由系统自动生成。",
        "toc": "本期目录",
        "colon": "：",
    },
}

CATEGORY_TITLES = {
    "en": {"sectors": "Sector", "plan_type": "Type", "status": "Status", "level": "Level", "region": "Region"},
    "zh": {"sectors": "领域", "plan_type": "类型", "status": "状态", "level": "层级", "region": "地区"},
}

def t(lang: str, key: str, **kw) -> str:
    """One frame string in ``lang`` (en falls back for unknown keys), formatted with ``kw``."""
    table = STRINGS.get(lang, STRINGS["en"])
    return table.get(key, STRINGS["en"].get(key, key)).format(**kw)


def glossary(lang: str) -> dict[str, dict[str, str]]:
    """Display names by category (sectors, plan_type, status, level, region, issuers): the classifier's
    glossary (regwatch/classify/data), the single source of label names."""
    from regwatch.classify import glossary as classify_glossary

    return classify_glossary(lang)


@functools.lru_cache(maxsize=4)
def _glossary_read_only(lang: str) -> dict[str, dict[str, str]]:
    """The glossary, built once per language for ``label_name`` (rebuilding it per label was 13 % of rendering
    digests); the data files do not change while a process runs."""
    return glossary(lang)


def label_name(lang: str, category: str, key: str | None) -> str:
    """Display name of one label key; a humanised key when no name is known."""
    if not key:
        return ""
    g = _glossary_read_only(lang)
    for cat in (category, category.rstrip("s"), category + "s"):
        if key in g.get(cat, {}):
            return g[cat][key]
    return key.replace("_", " ").capitalize() if lang == "en" else key


def fmt_date(value: date | datetime | None, lang: str) -> str:
    """A date as readers write it: ``7 Nov 2022`` / ``2022年11月7日``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value.strftime('%b')} {value.year}"
