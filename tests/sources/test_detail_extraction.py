"""Unit tests for the shared detail-page helpers (sources.md §2.3–§2.6) and TRS paging/blocking helpers."""
from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from spiders.blocking import EMPTY, FORBIDDEN, JIASULE, RUISHU, WZWS, detect_block
from spiders.families.detail import (
    attachments,
    body_container,
    canonical_label,
    clean_html,
    document,
    extract_detail,
    find_deadline,
    find_doc_number,
    first_sentence,
    info_table,
    is_attachment_url,
    parse_date,
    url_date,
)
from spiders.families.trs import next_page_url, page_count, split_status


@pytest.mark.parametrize("raw,iso", [
    ("2026-08-07", "2026-08-07"),
    ("2026- 08- 07", "2026-08-07"),          # Jiangsu dataproxy inner spaces
    ("2026/08/07", "2026-08-07"),            # NDRC list
    ("2026.08.07", "2026-08-07"),            # gov.cn pubtimeStr, NDA
    ("2026年8月7日", "2026-08-07"),
    ("2026年08月07日", "2026-08-07"),        # MOT table
    ("2026-07-12-09:37:43", "2026-07-12"),   # gov.cn firstpublishedtime
    ("2026-11-09 10:30:00", "2026-11-09"),
    ("发布时间：2026-11-09 10:30", "2026-11-09"),
    ("Updated: December 8, 2025 14:38", "2025-12-08"),
    ("Dec. 8, 2025", "2025-12-08"),
    (1762704000000, "2025-11-10"),           # epoch ms, 2025-11-09T16:00Z = Shanghai midnight
    ("1762703999000", "2025-11-09"),         # one second earlier is still the 9th in Shanghai
    (1762704000, "2025-11-10"),              # epoch seconds (gkmlpt)
    ("2026-02-30", None),
    ("", None),
    (None, None),
    ("无", None),
])
def test_parse_date(raw, iso):
    assert parse_date(raw) == iso


def test_url_date_reads_trs_t_date_only():
    assert url_date("https://www.ndrc.gov.cn/xxgk/zcfb/tz/202203/t20220321_1319772.html") == "2022-03-21"
    assert url_date("https://www.mee.gov.cn/a/202611/t20261030_1137188.shtml") == "2026-10-30"
    assert url_date("https://www.gov.cn/zhengce/content/202611/content_7100101.htm") is None


@pytest.mark.parametrize("text,number", [
    ("国发〔2021〕23号", "国发〔2021〕23号"),
    ("关于印发《“十四五”新型储能发展实施方案》的通知（发改能源〔2022〕209号）", "发改能源〔2022〕209号"),
    ("国家发展改革委关于进一步完善分时电价机制的通知(发改价格[2021]1093号)", "发改价格〔2021〕1093号"),
    ("环办气候函（2023）43号", "环办气候函〔2023〕43号"),
    ("财税(2021)1号", "财税〔2021〕1号"),
    ("工信部联原［2022］149号", "工信部联原〔2022〕149号"),
    ("环环评【2021】45号", "环环评〔2021〕45号"),
    ("国办发〔 2024 〕 039号", "国办发〔2024〕39号"),
    ("关于印发2030年前碳达峰行动方案的通知", None),
    ("第775号", None),
    (None, None),
])
def test_find_doc_number(text, number):
    assert find_doc_number(text) == number


@pytest.mark.parametrize("label,key", [
    ("索 引 号：", "索引号"), ("标　　题：", "标题"), ("发文字号:", "发文字号"), ("文　　号：", "发文字号"),
    ("发布机构", "发文机关"), ("发布机关：", "发文机关"), ("生成日期：", "成文日期"), ("有 效 性", "有效性"),
    ("名\u3000\u3000称：", "标题"), ("发布日期", "发布日期"), ("正文", None),
])
def test_canonical_label(label, key):
    assert canonical_label(label) == key


GOV_A = """<html><body><table class="bd1"><tbody>
<tr><td><b>索 引 号：</b></td><td>000014349/2021-00103</td><td><b>主题分类：</b></td><td class="zcwj_ztfl">能源</td></tr>
<tr><td><b>发文机关：</b></td><td>国务院</td><td><b>成文日期：</b></td><td>2021年10月24日</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">国务院关于印发2030年前碳达峰行动方案的通知</td></tr>
<tr><td><b>发文字号：</b></td><td>国发〔2021〕23号</td><td><b>发布日期：</b></td><td>2021年10月26日</td></tr>
</tbody></table></body></html>"""


def test_info_table_gov_td_b_shape():
    assert info_table(document(GOV_A)) == {
        "索引号": "000014349/2021-00103", "主题分类": "能源", "发文机关": "国务院", "成文日期": "2021年10月24日",
        "标题": "国务院关于印发2030年前碳达峰行动方案的通知", "发文字号": "国发〔2021〕23号", "发布日期": "2021年10月26日",
    }


def test_info_table_li_span_i_and_th_and_inline_shapes():
    html = """<html><body><div class="content_top_box"><ul>
    <li><span>发布机关：</span><i>生态环境部办公厅</i></li><li><span>文　　号：</span><i>环办气候函〔2023〕43号</i></li></ul></div>
    <table><tr><th>有效性</th><td>有效</td></tr></table>
    <div><strong>发布机构：</strong><span>重庆市经济和信息化委员会</span></div>
    <ul><li>发布日期：2026-11-09</li></ul></body></html>"""
    assert info_table(document(html)) == {
        "发文机关": "生态环境部办公厅", "发文字号": "环办气候函〔2023〕43号", "有效性": "有效", "发布日期": "2026-11-09",
    }


def test_info_table_ignores_label_without_value():
    assert info_table(document("<html><body><table><tr><td>发文字号：</td><td></td></tr></table></body></html>")) == {}


def test_double_html_page_falls_back_to_whole_document():
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>stub</body></html>\n"
            "<html><head><meta name='firstpublishedtime' content='2026-07-12-09:37:43'></head>"
            "<body><div id='UCAP-CONTENT'><p>正文第一句。</p></div></body></html>")
    response = HtmlResponse("https://www.gov.cn/zhengce/202607/content_1.htm", body=page.encode(), encoding="utf-8")
    assert response.css("#UCAP-CONTENT") == []  # what a plain parse sees
    detail = extract_detail(response, fallback_title="t")
    assert detail.published == "2026-07-12"
    assert first_sentence(detail.body_html) == "正文第一句。"


def test_body_container_order_and_chrome_removal():
    html = """<html><body><div class="article_con"><div class="TRS_Editor"><p>甲。</p>
    <script>track()</script><style>p{}</style><!-- c --><div class="pages_print">打印本页</div><p>乙。</p></div></div></body></html>"""
    css, node = body_container(document(html))
    assert css == ".TRS_Editor"  # §2.5 tries .TRS_Editor before .article_con
    assert clean_html(node) == '<div class="TRS_Editor"><p>甲。</p>\n    <p>乙。</p></div>'


def test_body_container_configured_first_and_most_p_fallback():
    html = "<html><body><div class='zw'><p>x</p></div><div class='yj3'><p>正文</p></div></body></html>"
    assert body_container(document(html), ("div.yj3",))[0] == "div.yj3"
    bare = "<html><body><div><p>a</p></div><div id='m'><p>很长的正文段落。</p><p>第二段。</p></div></body></html>"
    css, node = body_container(document(bare))
    assert css == "div:most-p" and node.attrib["id"] == "m"


def test_attachments_absolute_filtered_deduplicated():
    html = """<html><body><div id="c"><a href="./P020261107.pdf">附件1</a><a href="./P020261107.pdf">again</a>
    <a href="W0.OFD">ofd</a><a href="/x.html">page</a><a href="//cdn.example/y.wps">wps</a>
    <a href="/api/download?fileUrl=abc&amp;fileName=%E9%99%84%E4%BB%B6.docx">下载</a></div></body></html>"""
    found = attachments([document(html).css("#c")[0]], "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/t20261107_1.html")
    assert [(a.url, a.name) for a in found] == [
        ("https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/P020261107.pdf", "附件1"),
        ("https://www.ndrc.gov.cn/xxgk/zcfb/tz/202611/W0.OFD", "ofd"),
        ("https://cdn.example/y.wps", "wps"),
        ("https://www.ndrc.gov.cn/api/download?fileUrl=abc&fileName=%E9%99%84%E4%BB%B6.docx", "下载"),
    ]
    assert not is_attachment_url("https://www.mee.gov.cn/a/t20261030_1.shtml")


def test_first_sentence():
    assert first_sentence("<div><p>各部门：</p><p>现印发给你们。请执行。</p></div>") == "各部门： 现印发给你们。"
    assert first_sentence("<div><p>BEIJING -- China issued rules. More.</p></div>") == "BEIJING -- China issued rules."


def test_trs_page_count_variants():
    assert page_count('createPageHTML(12, 0, "index", "html");') == (12, "html")
    assert page_count("var currentPage = 1;\nvar countPage = 3;") == (3, None)
    assert page_count("createPage(185, 0, 'index', 'html')") == (185, None)
    assert page_count("nothing here") is None


def test_trs_next_page_url():
    js = 'createPageHTML(3, 0, "index", "html")'
    assert next_page_url("https://www.ndrc.gov.cn/xxgk/zcfb/tz/", js) == "https://www.ndrc.gov.cn/xxgk/zcfb/tz/index_1.html"
    assert next_page_url("https://x.gov.cn/a/index_1.html", js.replace("0,", "1,")) == "https://x.gov.cn/a/index_2.html"
    assert next_page_url("https://x.gov.cn/a/index_2.html", js) is None
    assert next_page_url("https://www.mee.gov.cn/zcwj/bwj/wj/index.shtml", "var countPage = 2") == \
        "https://www.mee.gov.cn/zcwj/bwj/wj/index_1.shtml"
    assert next_page_url("https://www.mof.gov.cn/a/", "var countPage = 2", "htm") == "https://www.mof.gov.cn/a/index_1.htm"


def test_split_status():
    assert split_status("【进行中】关于xx征求意见的公告") == ("关于xx征求意见的公告", "进行中")
    assert split_status("关于xx征求意见的公告[已结束]") == ("关于xx征求意见的公告", "已结束")
    assert split_status("关于xx的通知") == ("关于xx的通知", None)


@pytest.mark.parametrize("status,headers,body,cause", [
    (412, {"Set-Cookie": "FSSBBIl1UgzbN7N80SO=abc"}, b"<script>$_ts=window['$_ts'];</script>", RUISHU),
    (200, {}, "<html><body><noscript>请开启JavaScript并刷新该页</noscript><script>var wzwsquestion='x';"
              "var dynamicurl='/WZWSREL3RpYW9mYXNp';</script></body></html>".encode(), WZWS),
    (521, {b"Set-Cookie": [b"__jsluid_s=1f2e"]}, b"<script>document.cookie=('__jsl_clearance=1')</script>", JIASULE),
    (200, {}, b"", EMPTY),
    (200, {}, b"\xef\xbb\xbf \n", EMPTY),
    (403, {}, b"<html>Forbidden</html>", FORBIDDEN),
    (404, {}, b"<html>not found</html>", None),
    (200, {}, "<html><body><ul class='u-list'><li>正常页面</li></ul></body></html>".encode(), None),
])
def test_detect_block(status, headers, body, cause):
    assert detect_block(status, headers, body, None, None) == cause


def test_detect_block_record_signature():
    from spiders.records import SourceRecord

    record = SourceRecord(slug="cn_x_y", name="x", name_en="x", agency="x", agency_name="x", level="national",
                          family="trs", list_urls=["https://x.gov.cn/"], block_signatures=["访问过于频繁"])
    body = "<html>访问过于频繁，请稍后再试</html>".encode()
    assert detect_block(200, {}, body, body.decode(), record) == "block signature '访问过于频繁' in the page"


@pytest.mark.parametrize("text,number", [
    ("交规划发〔2021〕104号", "交规划发〔2021〕104号"),        # 规划 inside a real prefix (MOT)
    ("环办法规函〔2026〕398号", "环办法规函〔2026〕398号"),    # 办法 inside a real prefix (MEE)
    ("关于印发管理办法发改〔2021〕3号", "发改〔2021〕3号"),   # a long sentence-like run is still cut
])
def test_find_doc_number_keeps_prefixes_with_title_words(text, number):
    assert find_doc_number(text) == number


@pytest.mark.parametrize("text,deadline", [
    ("征求意见截止时间为2026年11月20日。", "2026-11-20"),                       # MEE
    ("请于2026年12月6日前将意见通过电子邮件反馈我部。", "2026-12-06"),          # MEE / MIIT
    ("公众可于2026年11月27日前通过电子邮件提出意见。", "2026-11-27"),
    ("意见反馈截止时间为2026年12月5日。", "2026-12-05"),                       # MOE / MOHURD
    ("此次公开征求意见的时间为2026年11月1日至2026年11月30日。", "2026-11-30"),  # NDRC: end of the range
    ("公示时间：2026年11月1日—2026年11月7日", "2026-11-07"),                  # MIIT
    ("我部对意见建议逐条进行了研究。", None),
])
def test_find_deadline(text, deadline):
    assert find_deadline(text) == deadline


def test_info_table_bracket_labels_and_empty_value():
    sel = document('<html><body><ol><li><span>[发文机构]</span>北京市人民政府</li><li><span>[发文字号]</span></li>'
                   '<li><span>[成文日期]</span>2026年11月03日</li></ol></body></html>')
    info = info_table(sel)
    assert info["发文机关"] == "北京市人民政府"
    assert "发文字号" not in info  # the empty cell must not take the next row's "[成文日期]…" as its value
    assert info["成文日期"] == "2026年11月03日"


def test_first_sentence_skips_english_abbreviations():
    assert first_sentence("<p>BEIJING, Nov. 7 -- China issued rules. More.</p>") == "BEIJING, Nov. 7 -- China issued rules."
