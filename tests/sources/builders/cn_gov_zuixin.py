"""Snapshots of 国务院 · 最新政策 (sources.md §3.1): column shell + ZUIXINZHENGCE.json (BOM) + Template A/B pages."""
from __future__ import annotations

import json

from tests.sources.builders.common import esc, paragraphs, reset, states_yaml, write

SLUG = "cn_gov_zuixin"
LIST = "https://www.gov.cn/zhengce/zuixin/"
ROBOTS = "User-agent: *\nDisallow: /2016public/\nDisallow: /govweb/\n"

GOV_404 = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>404 - 中国政府网</title>
<style>.err{width:1000px;margin:80px auto;text-align:center;font-size:16px;color:#333}</style></head>
<body><div class="err"><img src="/images/404.png" alt="404"><p>抱歉，您访问的页面不存在或已删除！</p>
<p><a href="https://www.gov.cn/">返回中国政府网首页</a></p></div></body></html>
"""

# (id, template, date, time, title, info, paragraphs, attachments)
NOTICE = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
DOCS = {
    "7100101": dict(
        tpl="A", date="2026-11-07", time="16:05:12", lanmu="国务院文件",
        title="国务院办公厅关于印发《加快构建碳排放双控制度体系工作方案》的通知",
        info={"索 引 号": "000014349/2024-00079", "主题分类": "国土资源、能源\\节能与资源综合利用",
              "发文机关": "国务院办公厅", "成文日期": "2024年07月30日", "发文字号": "国办发〔2024〕39号",
              "发布日期": "2026年11月07日"},
        paras=[NOTICE, "《加快构建碳排放双控制度体系工作方案》已经国务院同意，现印发给你们，请认真贯彻落实。",
               "国务院办公厅", "2024年7月30日",
               "为贯彻落实党中央、国务院决策部署，加快构建碳排放总量和强度双控制度体系，积极稳妥推进碳达峰碳中和，制定本方案。",
               "到2025年，碳排放统计核算体系进一步完善，一批行业企业碳排放核算标准和产品碳足迹标准出台实施。"],
        files=[],
    ),
    "7100095": dict(
        tpl="A2", date="2026-11-05", time="09:30:00", lanmu="国务院文件",
        title="国务院关于印发2030年前碳达峰行动方案的通知",
        info={"索 引 号": "000014349/2021-00103", "主题分类": "国土资源、能源\\节能与资源综合利用",
              "发文机关": "国务院", "成文日期": "2021年10月24日", "发文字号": "国发〔2021〕23号",
              "发布日期": "2026年11月05日"},
        paras=[NOTICE, "现将《2030年前碳达峰行动方案》印发给你们，请认真贯彻执行。", "国务院", "2021年10月24日",
               "为深入贯彻落实党中央、国务院关于碳达峰、碳中和的重大战略决策，扎实推进碳达峰行动，制定本方案。"],
        files=[("./P020261105393210918716.pdf", "2030年前碳达峰行动方案.pdf")],
    ),
    "7100090": dict(
        tpl="B", date="2026-11-04", time="18:30:21", lanmu="政策解读", path="/zhengce/202611/",
        title="国家发展改革委有关负责同志就《加快构建碳排放双控制度体系工作方案》答记者问",
        origin="国家发展改革委网站",
        paras=["近日，国务院办公厅印发《加快构建碳排放双控制度体系工作方案》。国家发展改革委有关负责同志接受采访，回答了记者提问。",
               "问：《工作方案》出台的背景是什么？",
               "答：党中央、国务院高度重视碳达峰碳中和工作。"],
        files=[],
    ),
    "7100082": dict(
        tpl="A", date="2026-11-03", time="17:00:00", lanmu="国务院文件",
        title="国务院关于印发《2024—2025年节能降碳行动方案》的通知",
        info={"索 引 号": "000014349/2024-00052", "主题分类": "国土资源、能源\\节能与资源综合利用",
              "发文机关": "国务院", "成文日期": "2024年05月23日", "发文字号": "国发〔2024〕12号",
              "发布日期": "2026年11月03日"},
        paras=[NOTICE, "现将《2024—2025年节能降碳行动方案》印发给你们，请认真贯彻执行。", "国务院", "2024年5月23日",
               "节能降碳是积极稳妥推进碳达峰碳中和、全面推进美丽中国建设、促进经济社会发展全面绿色转型的重要举措。",
               "2024年，单位国内生产总值能源消耗和二氧化碳排放分别降低2.5%左右、3.9%左右，规模以上工业单位增加值能源消耗降低3.5%左右。"],
        files=[],
    ),
    "7100077": dict(
        tpl="A", date="2026-10-31", time="15:10:00", lanmu="国务院文件",
        title="碳排放权交易管理暂行条例",
        info={"索 引 号": "000014349/2024-00012", "主题分类": "国土资源、能源\\其他",
              "发文机关": "国务院", "成文日期": "2024年01月05日", "发文字号": "中华人民共和国国务院令第775号",
              "发布日期": "2026年10月31日"},
        paras=["《碳排放权交易管理暂行条例》已经2024年1月5日国务院第23次常务会议通过，现予公布，自2024年5月1日起施行。",
               "总理　李强", "第一条　为了规范碳排放权交易及相关活动，加强对温室气体排放的控制，积极稳妥推进碳达峰碳中和，促进经济社会绿色低碳发展，推进生态文明建设，制定本条例。"],
        files=[],
    ),
    "7100068": dict(
        tpl="B", date="2026-10-30", time="20:15:00", lanmu="国务院常务会议", path="/zhengce/202610/",
        title="国务院常务会议部署进一步做好今冬明春安全生产工作",
        origin="新华社",
        paras=["国务院总理李强10月30日主持召开国务院常务会议，部署进一步做好今冬明春安全生产工作。",
               "会议指出，要坚持人民至上、生命至上，压紧压实安全生产责任。"],
        files=[],
    ),
    "7100061": dict(
        tpl="A", date="2026-10-28", time="11:00:00", lanmu="国务院文件",
        title="国务院关于加快建立健全绿色低碳循环发展经济体系的指导意见",
        info={"索 引 号": "000014349/2021-00019", "主题分类": "国民经济管理、国有资产监管\\其他",
              "发文机关": "国务院", "成文日期": "2021年02月02日", "发文字号": "国发〔2021〕4号",
              "发布日期": "2026年10月28日"},
        paras=[NOTICE,
               "建立健全绿色低碳循环发展经济体系，促进经济社会发展全面绿色转型，是解决我国资源环境生态问题的基础之策。"],
        files=[("https://www.gov.cn/zhengce/content/202610/W020261028512893461204.ofd", "指导意见全文（OFD版）")],
    ),
}

NEW_WEEK2 = {
    "7101010": dict(
        tpl="A", date="2026-11-12", time="10:20:00", lanmu="国务院文件",
        title="国务院办公厅转发国家发展改革委 国家能源局关于促进新时代新能源高质量发展实施方案的通知",
        info={"索 引 号": "000014349/2022-00050", "主题分类": "国土资源、能源\\电力",
              "发文机关": "国务院办公厅", "成文日期": "2022年05月14日", "发文字号": "国办函〔2022〕39号",
              "发布日期": "2026年11月12日"},
        paras=[NOTICE, "国家发展改革委、国家能源局《关于促进新时代新能源高质量发展的实施方案》已经国务院同意，现转发给你们，请认真贯彻落实。"],
        files=[("./P020261112660981247755.docx", "实施方案.docx")],
    ),
}


def url_of(doc_id: str, doc: dict) -> str:
    month = doc["date"][:7].replace("-", "")
    path = doc.get("path") or f"/zhengce/content/{month}/"
    return f"https://www.gov.cn{path}content_{doc_id}.htm"


def head(doc_id: str, doc: dict) -> str:
    return f"""<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{esc(doc['title'])}_{esc(doc['lanmu'])}_中国政府网</title>
<meta name="keywords" content="碳达峰;碳中和;节能降碳">
<meta name="description" content="{esc(doc['title'])}">
<meta name="author" content="{esc(doc.get('info', {}).get('发文机关', doc.get('origin', '')))}">
<meta name="manuscriptId" content="{doc_id}">
<meta name="firstpublishedtime" content="{doc['date']}-{doc['time']}">
<meta name="lastmodifiedtime" content="{doc['date']}-{doc['time']}">
<meta name="lanmu" content="{esc(doc['lanmu'])}">
<meta name="catalog" content="">
<link rel="stylesheet" href="/images/publicStyle.css">
<script src="/images/jquery.min.js"></script>
</head>"""


CHROME_TOP = """<div class="header"><div class="w1100"><a href="https://www.gov.cn/" class="logo">中国政府网</a>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zhengce/">政策</a></li><li><a href="/hudong/">互动</a></li></ul></div></div>"""


def chrome_tools(font="默认", print_label="打印本页") -> str:
    return f"""<div class="pages_print mhide"><span class="font index_switchsize">【字体：<span>大</span> <span>中</span> <span>小</span>】</span>
<span class="printIco" onclick="window.print()">{print_label}</span> <span class="shareIco">分享</span> <span class="zihao">{font}</span></div>"""


def body_block(doc: dict) -> str:
    links = "".join(f'<p><a href="{esc(href)}">{esc(name)}</a></p>' for href, name in doc["files"])
    return f"""<div class="pages_content mhide" id="UCAP-CONTENT"><div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{paragraphs(doc['paras'])}
{links}</div>
<script>var ucap_share = "1";</script></div>"""


def template_a(doc_id: str, doc: dict) -> str:
    info = dict(doc["info"])
    cells = []
    order = [("索 引 号", "主题分类"), ("发文机关", "成文日期"), ("标　　题", None), ("发文字号", "发布日期")]
    info["标　　题"] = doc["title"]
    for left, right in order:
        row = f'<td width="90"><b>{left}：</b></td><td width="400">{esc(info[left])}</td>'
        if right:
            cls = ' class="zcwj_ztfl"' if right == "主题分类" else ""
            row += f'<td width="90"><b>{right}：</b></td><td{cls}>{esc(info[right])}</td>'
        else:
            row = f'<td><b>{left}：</b></td><td colspan="3">{esc(info[left])}</td>'
        cells.append(f"<tr>{row}</tr>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
{head(doc_id, doc)}
<body>
{CHROME_TOP}
<div class="BreadcrumbNav"><a href="https://www.gov.cn/">首页</a> &gt; <a href="https://www.gov.cn/zhengce/">政策</a> &gt; <a href="https://www.gov.cn/zhengce/zhengceku/">国务院政策文件库</a></div>
<div class="policyLibraryOverview_header">
<table class="bd1" width="100%" border="0" cellspacing="1" cellpadding="0">
<tbody>
{chr(10).join(cells)}
</tbody></table></div>
<table width="100%" border="0" cellspacing="0" cellpadding="0"><tbody><tr><td class="b12c" id="UCAP-CONTENT-WRAP">
{body_block(doc)}
</td></tr></tbody></table>
{chrome_tools()}
<div class="footer">主办单位：国务院办公厅　运行维护单位：中国政府网运行中心　版权所有：中国政府网</div>
</body>
</html>
"""


def template_a_double(doc_id: str, doc: dict) -> str:
    """A "double <html>" page (§3.1, S39): a stray first document, the real page in the second root."""
    first = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><script>var _ucap_mobile = /Mobile/.test(navigator.userAgent);</script></head>
<body><!-- 手机版跳转 --></body></html>
"""
    return first + template_a(doc_id, doc).replace("<!DOCTYPE html>\n", "")


def template_b(doc_id: str, doc: dict) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
{head(doc_id, doc)}
<body>
{CHROME_TOP}
<div class="BreadcrumbNav"><a href="https://www.gov.cn/">首页</a> &gt; <a href="https://www.gov.cn/zhengce/">政策</a> &gt; {esc(doc['lanmu'])}</div>
<div class="article oneColumn pub_border">
<h1 id="ti">{esc(doc['title'])}</h1>
<div class="pages-date">{doc['date']} {doc['time'][:5]}<span class="font">来源：{esc(doc['origin'])}</span>
<span class="font index_switchsize">字号：<span>默认</span> <span>大</span> <span>超大</span></span> | <span class="font printIco">打印</span></div>
{body_block(doc)}
</div>
{chrome_tools()}
<div class="footer">主办单位：国务院办公厅　运行维护单位：中国政府网运行中心　版权所有：中国政府网</div>
</body>
</html>
"""


def page(doc_id: str, doc: dict) -> str:
    return {"A": template_a, "A2": template_a_double, "B": template_b}[doc["tpl"]](doc_id, doc)


SHELL = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>最新政策_中国政府网</title>
<meta name="keywords" content="最新政策">
<link rel="stylesheet" href="/images/publicStyle.css">
<script src="/images/jquery.min.js"></script>
</head>
<body>
<div class="header"><a href="https://www.gov.cn/" class="logo">中国政府网</a></div>
<div class="BreadcrumbNav"><a href="https://www.gov.cn/">首页</a> &gt; <a href="https://www.gov.cn/zhengce/">政策</a> &gt; 最新</div>
<div class="channel_tab"><span class="noline"><a href="./">最新政策</a></span></div>
<div class="list list_1 list_2"><ul id="list-1-ajax-id"></ul></div>
<div class="pagination" id="page-1-ajax-id"></div>
<script>
$(function () {
  $ajax("./ZUIXINZHENGCE.json", function (data) {
    var html = "";
    $.each(data, function (i, item) {
      html += '<li><h4><a href="' + item.URL + '" target="_blank">' + item.TITLE + '</a><span class="date">' + item.DOCRELPUBTIME + '</span></h4></li>';
    });
    $("#list-1-ajax-id").html(html);
  });
});
</script>
<div class="footer">主办单位：国务院办公厅　运行维护单位：中国政府网运行中心</div>
</body>
</html>
"""


def column_json(docs: dict) -> str:
    rows = [{"TITLE": d["title"], "SUB_TITLE": "", "URL": url_of(i, d), "DOCRELPUBTIME": d["date"]}
            for i, d in sorted(docs.items(), key=lambda kv: (kv[1]["date"], kv[0]), reverse=True)]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def build() -> None:
    reset(SLUG)
    states_yaml(SLUG, {"week2": "week1"})
    write(SLUG, "week1", "https://www.gov.cn/robots.txt", ROBOTS)
    write(SLUG, "week1", LIST, SHELL)
    write(SLUG, "week1", LIST + "ZUIXINZHENGCE.json", column_json(DOCS), bom=True)
    for doc_id, doc in DOCS.items():
        write(SLUG, "week1", url_of(doc_id, doc), page(doc_id, doc))
    # ---- week2: one new document, one number revised inside a sentence, one transient 404 (still listed)
    week2 = {**DOCS, **NEW_WEEK2}
    write(SLUG, "week2", LIST + "ZUIXINZHENGCE.json", column_json(week2), bom=True)
    for doc_id, doc in NEW_WEEK2.items():
        write(SLUG, "week2", url_of(doc_id, doc), page(doc_id, doc))
    revised = dict(DOCS["7100082"])
    revised["paras"] = [p.replace("3.9%左右", "4.0%左右") for p in revised["paras"]]
    write(SLUG, "week2", url_of("7100082", revised), page("7100082", revised))
    write(SLUG, "week2", url_of("7100090", DOCS["7100090"]), GOV_404, status=404,
          headers={"Content-Type": "text/html; charset=utf-8"})


if __name__ == "__main__":
    build()
