"""Generic detail-page extraction shared by every family (sources.md §2.3–§2.6).

Pure functions on a Scrapy ``TextResponse`` or an HTML string: ``<meta>`` tags, the 信息公开 info table, the
body container (tried in the §2.5 order), attachment links, dates in every format the sites print, and
发文字号 recognition. Body HTML is returned as found (minus scripts, styles and page chrome); text
normalisation belongs to the diffing package.
"""
from __future__ import annotations

import re
from copy import deepcopy
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from lxml import etree
from parsel import Selector

from spiders.items import Attachment, DetailPage

SHANGHAI = timezone(timedelta(hours=8))

# §2.5, in order; the last resort is "the div with the most <p> text" (see body_container)
BODY_SELECTORS = (
    "#UCAP-CONTENT", ".trs_editor_view", ".TRS_UEDITOR", ".TRS_Editor", "#zoom", "#Zoom",
    "div.view[class*=TRS_]", ".pages_content", ".article_con", ".content_body_box", ".neiright_JPZ_GK_CP",
    "#con_con", ".editor-content", "#detailContent", ".art-con", ".my_conboxzw", ".Custom_UnionStyle",
    ".zcwjk-xlcon", ".zw",
)

# chrome that sometimes sits inside a body container (gov.cn .shuzi / #myFlash / .pages_print, share bars)
CHROME_SELECTORS = (
    "script", "style", "noscript", ".shuzi", "#myFlash", ".pages_print", ".mhide.pages_print",
    ".share", ".bdsharebuttonbox", ".print", ".fontsize", ".zihao",
)

ATTACHMENT_EXTENSIONS = ("pdf", "doc", "docx", "wps", "xls", "xlsx", "ofd", "zip", "rar", "et")

# ---------------------------------------------------------------- dates (§2.6)

_YMD = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"], 1)}
_EN_DATE = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s*((?:19|20)\d{2})\b")


def parse_date(value: object) -> str | None:
    """ISO ``YYYY-MM-DD`` from any date the sites print (or epoch ms/s, Asia/Shanghai); None when there is none.

    Handles ``2026-08-07``, ``2026- 08- 07`` (Jiangsu), ``2026/08/07`` (NDRC), ``2026.08.07``, ``2026年8月7日``,
    gov.cn ``2026-07-12-09:37:43``, trailing times, ``December 8, 2025`` and 13/10-digit epochs.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(int(value))
    text = str(value).strip()
    if not text:
        return None
    if _EPOCH.match(text):
        return _from_epoch(int(text))
    match = _YMD.search(text)
    if match:
        return _valid(int(match[1]), int(match[2]), int(match[3]))
    match = _EN_DATE.search(text)  # "December 8, 2025", "Dec. 8, 2025"
    if match:
        for name, month in _MONTHS.items():
            if name.startswith(match[1].lower()[:3]):
                return _valid(int(match[3]), month, int(match[2]))
    return None


def _from_epoch(number: int) -> str:
    seconds = number / 1000 if number > 10**11 else number
    return datetime.fromtimestamp(seconds, SHANGHAI).date().isoformat()


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def url_date(url: str) -> str | None:
    """The publication day encoded in a TRS ``tYYYYMMDD_N`` URL (§2.1), else None."""
    match = re.search(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+\.s?html?$", urlsplit(url).path)
    return _valid(int(match[1]), int(match[2]), int(match[3])) if match else None


# ---------------------------------------------------------------- 发文字号 (§2.4)

_DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fffA-Za-z]{1,14})\s*[〔\[［（(【]\s*((?:19|20)\d{2})\s*[〕\]］）)】]\s*(\d{1,4})\s*号"
)
# words that end a sentence-like title and cannot start an issuer prefix
_PREFIX_STOP = re.compile(r".*(?:通知|意见|方案|决定|公告|细则|的|和|及|与)")
# title words that also occur inside real prefixes (交规划发, 环办法规函, 国土资规): cut only in long prefixes
_PREFIX_STOP_LONG = re.compile(r".*(?:办法|规定|规划)")


def find_doc_number(text: str | None) -> str | None:
    """The first 发文字号 in ``text``, normalised to ``前缀〔YYYY〕N号`` (accepts 〔〕 [] （） () 【】 brackets)."""
    if not text:
        return None
    match = _DOC_NUMBER.search(text)
    if not match:
        return None
    prefix = _PREFIX_STOP.sub("", match[1])
    if len(prefix) > 6:
        prefix = _PREFIX_STOP_LONG.sub("", prefix)
    if not prefix:
        return None
    return f"{prefix}〔{match[2]}〕{int(match[3])}号"


# ---------------------------------------------------------------- documents and <meta>


def document(source) -> Selector:
    """A parsel Selector for a response or HTML string, repairing gov.cn "double ``<html>``" pages (§3.1).

    libxml2 drops everything after the first ``</html>``; when a page has two html roots, the roots are
    unwrapped so both halves (and the body that usually sits in the second) are parsed.
    """
    text = source if isinstance(source, str) else source.text
    if len(re.findall(r"(?i)<html[\s>]", text)) > 1:
        text = "<html>" + re.sub(r"(?is)<!doctype[^>]*>|</?html(?:\s[^>]*)?>", "", text) + "</html>"
        return Selector(text=text)
    if isinstance(source, str):
        return Selector(text=text)
    return source.selector


def meta_tags(sel: Selector) -> dict[str, str]:
    """``<meta name|property=... content=...>`` values by name as written (first occurrence wins)."""
    found: dict[str, str] = {}
    for node in sel.xpath("//meta[@content]"):
        name = node.attrib.get("name") or node.attrib.get("property") or node.attrib.get("http-equiv")
        if name and name not in found:
            found[name] = node.attrib["content"].strip()
    return found


def meta_value(meta: dict[str, str], *names: str) -> str | None:
    """The first non-empty meta value among ``names`` (case-insensitive)."""
    lowered = {k.lower(): v for k, v in meta.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value:
            return value
    return None


# ---------------------------------------------------------------- the info table (§2.4)

INFO_LABELS = {
    "索引号": "索引号",
    "主题分类": "主题分类", "分类": "主题分类", "主题词": "主题分类", "组配分类": "主题分类",
    "发文机关": "发文机关", "发布机构": "发文机关", "发布机关": "发文机关", "发文单位": "发文机关", "发文机构": "发文机关",
    "成文日期": "成文日期", "生成日期": "成文日期", "发文日期": "成文日期",
    "标题": "标题", "名称": "标题", "文件名称": "标题",
    "发文字号": "发文字号", "文号": "发文字号",
    "发布日期": "发布日期", "公开日期": "发布日期", "发布时间": "发布日期",
    "有效性": "有效性", "时效性": "有效性", "效力状态": "有效性",
}
_LABEL_JUNK = re.compile(r"[\s\u3000\xa0:：\[\]【】]+")  # Beijing prints "[发文字号]"


def canonical_label(text: str) -> str | None:
    """The canonical info-table key for a label cell (``索 引 号：``, ``标　　题``, ``文号:`` ...), else None."""
    return INFO_LABELS.get(_LABEL_JUNK.sub("", text or ""))


def node_text(node) -> str:
    return re.sub(r"[\s\u3000\xa0]+", " ", "".join(node.xpath(".//text()").getall())).strip()


def info_table(sel: Selector) -> dict[str, str]:
    """Key/value pairs of the 信息公开 block, by canonical label (first occurrence wins).

    Shapes: ``<td><b>label：</b></td><td>value</td>`` (gov.cn ``table.bd1``), ``<th>label</th><td>value</td>``,
    ``<li><span>label</span><i>value</i></li>`` (MEE), ``<strong>label：</strong><span>value</span>`` and
    ``<li>label：value</li>`` in one element.
    """
    found: dict[str, str] = {}
    for node in sel.xpath("//body//*[self::td or self::th or self::span or self::b or self::strong"
                          " or self::label or self::dt or self::em or self::li or self::p]"):
        own = node_text(node)
        if len(own) > 60 or not own:
            continue
        key = canonical_label(own)
        if key:
            value = _value_after(node)
        else:
            match = re.match(r"^([^：:]{1,8})[：:]\s*(.+)$", own)
            key = canonical_label(match[1]) if match and not node.xpath("./*[self::td or self::li]") else None
            value = match[2].strip() if key else None
        if key and value and key not in found:
            found[key] = value
    return found


def _value_after(node) -> str | None:
    """The value cell that follows a label node (its next sibling, or its parent cell's next sibling)."""
    following = node.xpath("following-sibling::*[1]")
    if not following and node.root.tag in ("b", "strong", "span", "label"):
        parent = node.xpath("parent::*[self::td or self::th or self::dt]")
        if parent and canonical_label(node_text(parent[0])):
            following = parent[0].xpath("following-sibling::*[1]")
    if not following:
        tail = (node.root.tail or "").strip(" \u3000\xa0：:")
        return tail or None
    value = node_text(following[0])
    if not value or canonical_label(value) or _starts_with_label(value):
        return None
    return value


_LEADING_LABEL = re.compile(r"^[\[【]?([^\]】：:]{1,8})[\]】：:]")


def _starts_with_label(value: str) -> bool:
    """True when a would-be value is the next label row (``[成文日期]2026年…``): the label's own cell was empty."""
    match = _LEADING_LABEL.match(value)
    return bool(match and canonical_label(match[1]))


def issuer_names(value: str | None) -> list[str]:
    """Issuing bodies from a 发文机关 value (joint documents list several, separated by spaces/、/，)."""
    if not value:
        return []
    return [part for part in re.split(r"[\s\u3000、，,;；]+", value) if part]


# ---------------------------------------------------------------- body and attachments


def body_container(sel: Selector, selectors: tuple[str, ...] | list[str] = ()) -> tuple[str, Selector] | None:
    """``(selector, node)`` of the first body container that has text: ``selectors`` first, then §2.5."""
    for css in (*selectors, *BODY_SELECTORS):
        for node in sel.css(css):
            if node_text(node) or node.css("img, a[href]"):
                return css, node
    best, best_len = None, 0
    for node in sel.xpath("//body//div[p]"):
        length = sum(len(node_text(p)) for p in node.xpath("./p"))
        if length > best_len:
            best, best_len = node, length
    return ("div:most-p", best) if best is not None else None


def clean_html(node: Selector, strip: tuple[str, ...] | list[str] = ()) -> str:
    """The node's HTML without scripts, styles, comments and chrome blocks (text itself untouched)."""
    root = _copy(node)
    for css in (*CHROME_SELECTORS, *strip):
        for bad in Selector(root=root).css(css):
            element = bad.root
            parent = element.getparent()
            if parent is not None:
                _drop_keep_tail(element)
    return etree.tostring(root, encoding="unicode", method="html").strip()


def _copy(node: Selector):
    element = deepcopy(node.root)
    element.tail = None
    for comment in element.xpath(".//comment()"):
        _drop_keep_tail(comment)
    return element


def _drop_keep_tail(element) -> None:
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def is_attachment_url(url: str) -> bool:
    """True for links to files (by path extension, or a ``fileName=x.pdf`` download parameter)."""
    parts = urlsplit(url)
    names = [parts.path] + [v for k, v in parse_qsl(parts.query) if k.lower() in ("filename", "file", "name")]
    return any(re.search(rf"\.({'|'.join(ATTACHMENT_EXTENSIONS)})$", unquote(n), re.IGNORECASE) for n in names)


def attachments(nodes: list[Selector], base_url: str) -> list[Attachment]:
    """Attachment links (absolute URLs) inside ``nodes``, in document order, without duplicates."""
    seen: dict[str, Attachment] = {}
    for node in nodes:
        for link in node.css("a[href]"):
            url = urljoin(base_url, link.attrib["href"].strip())
            if is_attachment_url(url) and url not in seen:
                name = node_text(link) or link.attrib.get("title", "") or unquote(urlsplit(url).path.rsplit("/", 1)[-1])
                seen[url] = Attachment(url=url, name=name)
    return list(seen.values())


# ---------------------------------------------------------------- whole page

_TITLE_SUFFIX = re.compile(r"[_\-|｜]\s*[^_\-|｜]*(?:中国政府网|人民政府|政府网|门户网站|委员会|部|局|网站)\s*$")


def page_title(sel: Selector, meta: dict[str, str], info: dict[str, str], selectors=()) -> str | None:
    """Title by trust: configured selectors, ``ArticleTitle`` meta, info-table 标题, ``h1``, ``<title>``."""
    for css in selectors:
        node = sel.css(css)
        if node and node_text(node[0]):
            return node_text(node[0])
    value = meta_value(meta, "ArticleTitle") or info.get("标题")
    if value:
        return re.sub(r"\s+", " ", value).strip()
    for node in sel.css("h1"):
        if node_text(node) and "即将离开" not in node_text(node):
            return node_text(node)
    raw = sel.css("title::text").get()
    if raw:
        return _TITLE_SUFFIX.sub("", raw.strip()).strip() or raw.strip()
    return None


def extract_detail(response, *, fallback_title: str = "", fallback_published: str | None = None,
                   options: dict | None = None) -> DetailPage:
    """A ``DetailPage`` from any government detail page, steered by the record's ``options``.

    Options read here: ``title_selectors``, ``date_selectors``, ``body_selectors``, ``strip_selectors``,
    ``attachment_selectors`` (extra places to look for file links, e.g. NDRC ``div.attachment``).
    """
    options = options or {}
    sel = document(response)
    meta = meta_tags(sel)
    info = info_table(sel)
    title = page_title(sel, meta, info, options.get("title_selectors", ())) or fallback_title
    published = (
        parse_date(info.get("发布日期"))
        or _first_date(sel, options.get("date_selectors", ()))
        or parse_date(meta_value(meta, "PubDate", "firstpublishedtime", "publishdate", "pubdate"))
        or fallback_published
    )
    found = body_container(sel, tuple(options.get("body_selectors", ())))
    body_html = clean_html(found[1], options.get("strip_selectors", ())) if found else ""
    places = [found[1]] if found else []
    for css in options.get("attachment_selectors", ()):
        places.extend(sel.css(css))
    doc_number = find_doc_number(info.get("发文字号")) or _raw_doc_number(info.get("发文字号")) or find_doc_number(title)
    page_meta = {k: v for k, v in meta.items() if k in _KEPT_META}
    page_meta.update(info)
    if found:
        page_meta["body_selector"] = found[0]
    return DetailPage(
        title=title,
        published=published,
        body_html=body_html,
        doc_number=doc_number,
        issuer_names=issuer_names(info.get("发文机关")),
        attachments=attachments(places, response.url if not isinstance(response, str) else ""),
        meta=page_meta,
    )


_KEPT_META = {
    "ArticleTitle", "PubDate", "ContentSource", "ContenSource", "ColumnName", "SiteName", "Keywords", "keywords",
    "firstpublishedtime", "lastmodifiedtime", "manuscriptId", "lanmu", "catalog", "author", "source", "contentid",
}


def _raw_doc_number(value: str | None) -> str | None:
    """An info-table 文号 without brackets (``中华人民共和国国务院令第775号``), spaces removed; 无/空 → None."""
    value = re.sub(r"[\s\u3000]+", "", value or "")
    return value if value and value not in ("无", "-", "—", "/") else None


def _first_date(sel: Selector, selectors) -> str | None:
    for css in selectors:
        for node in sel.css(css):
            found = parse_date(node_text(node))
            if found:
                return found
    return None


# English abbreviations whose full stop does not end a sentence ("BEIJING, Nov. 7 -- ...", "No. 3")
_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                  "no", "mr", "ms", "dr", "st", "vol", "art"}
_SENTENCE_END = re.compile(r"[。！？]|(\w*)\.(?:\s|$)")


def first_sentence(body_html: str) -> str:
    """The body's first sentence (up to and including the first 。/./!), whitespace collapsed: a test probe.

    A full stop after an English month or title abbreviation (``Nov.``, ``No.``) does not end the sentence.
    """
    text = re.sub(r"[\s\u3000\xa0]+", " ", " ".join(Selector(text=body_html or "<p></p>").xpath("//body//text()").getall()))
    text = text.strip()
    for match in _SENTENCE_END.finditer(text):
        if match[1] is not None and match[1].lower() in _ABBREVIATIONS:
            continue
        return text[:match.end()].strip()
    return text


# ---------------------------------------------------------------- comment deadlines (§2.7)

_DATE_CN = r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})"
_RANGE_SEP = r"\s*(?:至|—|－|-|~|～|到)+\s*"
_DEADLINE_PATTERNS = (
    # "征求意见截止时间为X" (MEE), "意见反馈截止时间为X" (MOHURD), "意见反馈截止日期为X" (MOT), "截止日期：X"
    re.compile(r"截[止至](?:时间|日期)?(?:为|是|：|:)?\s*" + _DATE_CN),
    # "请于X前…反馈" (MEE, MIIT)
    re.compile(r"(?:请|可)(?:于|在)\s*" + _DATE_CN + r"\s*(?:\d{1,2}[:：]\d{2}\s*)?(?:前|之前|以前)"),
    # "征求意见的时间为 X 至 Y" (NDRC, MOJ), "公示时间：X—Y" (MIIT): the end of the range
    re.compile(r"(?:征求意见|公示|反馈意见)(?:的)?(?:时间|期)(?:为|是|：|:)\s*" + _DATE_CN + _RANGE_SEP + _DATE_CN),
)


def find_deadline(text: str | None) -> str | None:
    """The comment deadline (ISO date) a 征求意见 body states in prose (§2.7), else None.

    Recognises "征求意见截止时间为2026年11月30日", "意见反馈截止日期为…", "请于…前…反馈", "公众可于…前…提出意见",
    "此次公开征求意见的时间为 X 至 Y" and "公示时间：X—Y" (the end date of a range).
    """
    if not text:
        return None
    text = re.sub(r"[\s\u3000\xa0]+", " ", text)
    for pattern in _DEADLINE_PATTERNS:
        match = pattern.search(text)
        if match:
            return parse_date(match.groups()[-1])
    return None
