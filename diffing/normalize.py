"""Detail-page HTML → readable stored text, and the strict comparison key used for equality.

Two forms on purpose: ``normalize_html`` keeps what a reader needs (one paragraph per line,
Chinese punctuation as published) and drops page chrome; ``comparison_text`` folds everything
that is not a real change (width, quotes, dashes, traditional/simplified, re-flow) so hashes
and paragraph matching ignore it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lxml import etree

# sources.md §2.5, in that order: the first one present with real text is the body.
BODY_CONTAINERS: list[tuple[str, str]] = [
    ("id", "UCAP-CONTENT"), ("class", "trs_editor_view"), ("class", "TRS_UEDITOR"),
    ("class", "TRS_Editor"), ("id", "zoom"), ("id", "Zoom"), ("class", "pages_content"),
    ("class", "article_con"), ("class", "content_body_box"), ("class", "neiright_JPZ_GK_CP"),
    ("id", "con_con"), ("class", "editor-content"), ("id", "detailContent"), ("class", "art-con"),
    ("class", "my_conboxzw"), ("class", "Custom_UnionStyle"), ("class", "zcwjk-xlcon"), ("class", "zw"),
]

_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "select", "option", "button", "input", "textarea", "map", "audio", "video"}
_BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "ul", "ol",
               "dl", "dt", "dd", "section", "article", "aside", "header", "footer", "nav", "blockquote",
               "pre", "form", "center", "hr", "tbody", "thead", "tfoot", "caption", "figure",
               "figcaption", "address", "main"}
_CELL_TAGS = {"td", "th"}

# class/id tokens of chrome widgets; only applied to short elements (never the body).
_CHROME_CLASS_SUBSTR = ("share", "qrcode", "erweima", "fontsize", "jiathis", "bdshare", "visitcount")
_CHROME_CLASS_TOKENS = {"print", "dayin", "qr", "ewm", "zihao", "related", "xgwz", "xglj", "xgwj", "xgxx",
                        "prevnext", "pagenav", "visit", "count", "counter", "hits", "clicks", "views",
                        "llcs", "close", "breadcrumb", "crumb", "position", "dqwz", "font"}
_CHROME_ELEMENT_MAX_CHARS = 200

_RELATED_HEAD = re.compile(r"^\s*[【\[]?\s*(相关链接|相关文件|相关阅读|相关新闻|相关稿件|相关推荐|延伸阅读|相关解读)")

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WIDTH_FOLD = {**{0xFF10 + i: 0x30 + i for i in range(10)},
               **{0xFF21 + i: 0x41 + i for i in range(26)},
               **{0xFF41 + i: 0x61 + i for i in range(26)},
               0x3000: 0x20, 0xFF05: 0x25}
_WS = re.compile(r"\s+")
_FW_DOT_IN_NUMBER = re.compile(r"(?<=\d)．(?=\d)")

# ---- chrome lines: a line is dropped only when it consists of these tokens and separators ----
_DATE_VALUE = r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)?"
_CHROME_TOKENS = [
    rf"(?:发布时间|发布日期|更新时间|时间|日期)\s*[:：]\s*{_DATE_VALUE}",
    r"(?:浏览次数|阅读次数|访问次数|点击次数|访问量|点击数|点击量|浏览量|阅读量|浏览|阅读|访问|点击)\s*[:：]?\s*\d[\d,]*\s*次?",
    r"(?:浏览次数|阅读次数|访问次数|点击次数|访问量|点击数|点击量|浏览量|阅读量)\s*[:：]?",
    r"(?:信息来源|文章来源|稿件来源|来源|作者|发布者|发布机构|责任编辑|编辑|责编|审核|校对|供稿)\s*[:：]\s*[^\s:：【】\[\]|｜，。；、,;！？!?]{0,30}",
    r"(?:字体|字号|文字)(?:大小)?\s*[:：]?\s*(?:[\[【(（]?\s*(?:超大|大|中|小|默认|T)\s*[\]】)）]?\s*[|｜/]?\s*){2,4}",
    r"大\s*[|｜/]?\s*中\s*[|｜/]?\s*小",
    r"(?:字体|字号)\s*[:：]",
    (r"扫一扫在手机(?:上)?打开(?:当前|本)页(?:面)?|扫一扫在手机(?:上)?打开|用手机扫描二维码|手机扫描二维码|扫描二维码|手机扫码|扫一扫|二维码"
     r"|在手机上打开|手机打开|手机阅读|分享给朋友|打开微信"),
    r"分享到|分享|微信好友|微信朋友圈|朋友圈|微信|新浪微博|腾讯微博|微博|QQ空间|QQ好友|QQ|豆瓣|人人网|Twitter|Facebook",
    (r"打印本页|打印此页|打印正文|打印文章|打印|关闭窗口|关闭本页|关闭|收藏本页|加入收藏|收藏|返回顶部|返回"
     r"|我要纠错|纠错|保存本页|视力保护色|繁體|繁体|简体|无障碍"),
    r"相关链接|相关文件|相关阅读|相关新闻|相关稿件|相关推荐|延伸阅读",
]
_CHROME_TOKEN_RE = re.compile("|".join(f"(?:{t})" for t in _CHROME_TOKENS))
_CHROME_RESIDUE_RE = re.compile(r"[\s|｜丨/\\·•\-—_:：,，;；.。!！()（）\[\]【】<>《》〔〕>＞»]+")
_CHROME_LINE_PREFIX = re.compile(
    r"^[【\[]?\s*(?:上一篇|下一篇|上一条|下一条|上篇|下篇|前一篇|后一篇|当前位置|您现在的位置|您的位置|你的位置"
    r"|您当前的位置|所在位置)\s*[:：>]"
)
_HAS_WORD = re.compile(r"\w")


def normalize_html(html: str) -> str:
    """Readable body text: one paragraph per line, chrome lines dropped, whitespace collapsed.

    Accepts a body container or a whole page; with a whole page the first known body container
    (sources.md §2.5) is used. Chrome is removed per element/line only, never inside sentences.
    """
    root = _parse(html)
    if root is None:
        return ""
    _drop_noise_elements(root)
    pieces: list[str] = []
    for body in _pick_container(root):
        _emit(body, pieces, top=True)
    lines = []
    for raw in "".join(pieces).split("\n"):
        line = fold_width(_WS.sub(" ", raw.translate(_ZERO_WIDTH))).strip()
        if line and _HAS_WORD.search(line) and not is_chrome_line(line):
            lines.append(line)
    return "\n".join(lines)


def fold_width(text: str) -> str:
    """Fold full-width ASCII letters, digits, space and % to half-width; keep Chinese punctuation."""
    return _FW_DOT_IN_NUMBER.sub(".", text.translate(_WIDTH_FOLD))


def is_chrome_line(line: str) -> bool:
    """True when a line is nothing but CMS chrome (counters, print/share/font widgets, header lines)."""
    if _CHROME_LINE_PREFIX.match(line):
        return True
    if not _CHROME_TOKEN_RE.search(line):
        return False
    residue = _CHROME_RESIDUE_RE.sub("", _CHROME_TOKEN_RE.sub("", line))
    return residue == ""


def _parse(html: str):
    if not html or not html.strip():
        return None
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    try:
        return etree.fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _classes(el) -> list[str]:
    return f"{el.get('class', '')} {el.get('id', '')}".lower().split()


def _is_chrome_widget(el) -> bool:
    names = _classes(el)
    if not names:
        return False
    tokens = {t for n in names for t in re.split(r"[-_]", n) if t}
    if not (tokens & _CHROME_CLASS_TOKENS or any(s in n for n in names for s in _CHROME_CLASS_SUBSTR)):
        return False
    return len("".join(el.itertext()).strip()) <= _CHROME_ELEMENT_MAX_CHARS


def _link_ratio(el) -> float:
    text = "".join(el.itertext())
    total = len(_WS.sub("", text))
    if not total:
        return 0.0
    heading = _RELATED_HEAD.match(text)
    total -= len(heading.group(0).strip()) if heading else 0
    linked = sum(len(_WS.sub("", "".join(a.itertext()))) for a in el.iter("a"))
    return linked / total if total > 0 else 1.0


def _is_related_sidebar(el) -> bool:
    """A 相关链接/相关文件 block: starts with that heading and the rest is (mostly) links."""
    if el.tag not in {"div", "ul", "ol", "dl", "section", "aside", "table", "td", "p"}:
        return False
    text = "".join(el.itertext())
    return bool(_RELATED_HEAD.match(text)) and _link_ratio(el) >= 0.6


def _drop_noise_elements(root) -> None:
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        style = (el.get("style") or "").replace(" ", "").lower()
        if (el.tag in _DROP_TAGS or el.get("hidden") is not None or "display:none" in style
                or "visibility:hidden" in style or _is_chrome_widget(el) or _is_related_sidebar(el)):
            doomed.append(el)
    for el in doomed:
        _remove_keep_tail(el)


def _remove_keep_tail(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _pick_container(root) -> list:
    for attr, name in BODY_CONTAINERS:
        if attr == "id":
            found = root.xpath(f'//*[@id="{name}"]')
        else:
            found = root.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')
        found = [el for el in found if len(_WS.sub("", "".join(el.itertext()))) >= 10]
        if found:
            return [el for el in found if not any(a in found for a in el.iterancestors())]
    return [root]


def _emit(el, out: list[str], top: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.lower()
    if tag in _BLOCK_TAGS:
        out.append("\n")
    elif tag in _CELL_TAGS:
        out.append(" ")
    if el.text and tag != "br":
        out.append(el.text)
    for child in el:
        _emit(child, out)
    if tag in _BLOCK_TAGS:
        out.append("\n")
    elif tag in _CELL_TAGS:
        out.append(" ")
    if el.tail and not top:
        out.append(el.tail)


# ---------------------------------------------------------------- comparison key

_PUNCT_FOLD = str.maketrans({
    **dict.fromkeys("“”„‟″〝〞「」『』﹁﹂﹃﹄", '"'),
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("‐‑‒–—―－⁃﹘﹣─━", "-"),
    **dict.fromkeys("～〜∼", "~"),
    **dict.fromkeys("〔［【〖", "["), **dict.fromkeys("〕］】〗", "]"),
    "〈": "《", "〉": "》", "。": ".", "∶": ":",
    **dict.fromkeys("・•‧∙⋅", "·"),
})
_DASH_RUN = re.compile(r"-{2,}")
_ELLIPSIS = re.compile(r"(?:…|⋯)+|\.{3,}")
_SPACE_NOT_BETWEEN_ASCII = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _t2s_triggers() -> frozenset[str]:
    """Every character that starts a key of the t2s dictionaries: a text with none of them converts to itself."""
    converter = _t2s()
    converter.convert("")  # loads the dictionaries
    firsts = set()
    for group in converter._dict_chain_data:
        for entry in (group if isinstance(group, list) else [group]):
            mapping = next(part for part in entry if isinstance(part, dict))  # (max_len, min_len, {key: value})
            firsts.update(key[0] for key in mapping if key)
    return frozenset(firsts)


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese: OpenCC t2s, segment by segment, skipping segments it cannot change.

    The pure-Python OpenCC walks every character through its phrase tree (about 30 ms for a 20 KB page, the
    largest cost of clustering and classification). OpenCC itself converts the pieces between its separators
    independently; here a piece with no character that starts a dictionary key is kept as it is (one C-level set
    test), and converted pieces are cached (policy texts repeat sentences). Same output as ``convert``, which
    tests/diffing/test_to_simplified.py checks on every snapshot page; relies on the locked opencc version.
    """
    if not text:
        return text
    triggers = _t2s_triggers()
    if triggers.isdisjoint(text):
        return text
    pieces = _t2s().split_chars_re.split(text)
    for i in range(0, len(pieces), 2):  # odd indexes are the separators
        if not triggers.isdisjoint(pieces[i]):
            pieces[i] = _convert_piece(pieces[i])
    return "".join(pieces)


@lru_cache(maxsize=65536)
def _convert_piece(piece: str) -> str:
    converter = _t2s()
    return converter._convert(piece, converter._dict_chain_data)


def comparison_text(text: str) -> str:
    """Strict equality key: NFKC width folding, quote/dash/bracket folding, t2s, re-flow-insensitive.

    Line breaks count as spaces and spaces survive only between two ASCII letters/digits, so
    ``<br>``/``<p>`` re-flow and CJK spacing never change the key; real characters always do.
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text.translate(_ZERO_WIDTH))
    s = to_simplified(s)
    s = s.translate(_PUNCT_FOLD)
    s = _ELLIPSIS.sub("...", _DASH_RUN.sub("-", s))
    s = _WS.sub(" ", s).strip()
    return _SPACE_NOT_BETWEEN_ASCII.sub("", s)
