"""Snapshots of 国务院政策文件库 · 国务院文件 / 部门文件 (sources.md §3.1): search-gov/data JSON + www.gov.cn pages.

Both sources share the API host (sousuo.www.gov.cn, robots ``Disallow: /``) and www.gov.cn (robots identical to
cn_gov_zuixin's copy). 国务院文件 open as Template A pages under ``/zhengce/content/``; 部门文件 open as
zhengceku copies under ``/zhengce/zhengceku/`` whose body sits in ``div.pages_content`` (no ``#UCAP-CONTENT``).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlsplit

from tests.sources.builders.cn_gov_zuixin import CHROME_TOP, ROBOTS as WWW_ROBOTS, chrome_tools
from tests.sources.builders.common import esc, paragraphs, reset, states_yaml, write

SHANGHAI = timezone(timedelta(hours=8))
API = "https://sousuo.www.gov.cn/search-gov/data"
SOUSUO_ROBOTS = "User-agent: *\nDisallow: /\n"
PARAMS = ("t={t}&q=&timetype=timeqb&mintime=&maxtime=&sort=pubtime&sortType=1&searchfield=title&pcodeJiguan="
          "&childtype=&subchildtype=&tsbq=&pubtimeyear=&puborg=&pcodeYear=&pcodeNum=&filetype=&p=1&n=20&inpro="
          "&bmfl=&dup=&orpro=&type=gwyzcwjk")
GW_LIST = f"{API}?{PARAMS.format(t='zhengcelibrary_gw')}"
BM_LIST = f"{API}?{PARAMS.format(t='zhengcelibrary_bm')}"
NOTICE = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："

# id: dict(date, time, title (API form, may carry <em>), pcode, puborg, made (成文日期), topic, paras, files)
GW = {
    "7100231": dict(
        date="2026-11-06", time="17:20:00", pcode="国发〔2023〕24号", puborg="国务院", made="2023-11-30",
        title="国务院关于印发《空气质量持续改善<em>行动计划</em>》的通知",
        topic="国土资源、能源\\环境监测、保护与治理",
        paras=[NOTICE, "现将《空气质量持续改善行动计划》印发给你们，请认真贯彻执行。",
               "为持续深入打好蓝天保卫战，切实保障人民群众身体健康，以空气质量持续改善推动经济高质量发展，制定本行动计划。"],
        files=[("./P020261106547712086913.pdf", "空气质量持续改善行动计划.pdf")]),
    "7100215": dict(
        date="2026-11-02", time="15:00:00", pcode="国发〔2024〕7号", puborg="国务院", made="2024-03-07",
        title="国务院关于印发《推动大规模设备更新和消费品以旧换新行动方案》的通知",
        topic="国民经济管理、国有资产监管\\其他",
        paras=[NOTICE, "现将《推动大规模设备更新和消费品以旧换新行动方案》印发给你们，请认真贯彻执行。",
               "推动新一轮大规模设备更新和消费品以旧换新，是加快构建新发展格局、推动高质量发展的重要举措。"],
        files=[]),
    "7100198": dict(
        date="2026-10-27", time="18:05:00", pcode="国办发〔2022〕15号", puborg="国务院办公厅", made="2022-05-04",
        title="国务院办公厅关于印发新污染物治理<em>行动方案</em>的通知",
        topic="国土资源、能源\\环境监测、保护与治理",
        paras=[NOTICE, "《新污染物治理行动方案》已经国务院同意，现印发给你们，请认真贯彻执行。"],
        files=[]),
    "7100176": dict(
        date="2026-10-15", time="16:40:00", pcode="国办发〔2022〕19号", puborg="国务院办公厅", made="2022-05-19",
        title="国务院办公厅关于进一步盘活存量资产扩大有效投资的意见",
        topic="国民经济管理、国有资产监管\\其他",
        paras=["各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
               "经过多年投资建设，我国在基础设施等领域积累了大量优质存量资产，为进一步盘活存量资产、扩大有效投资，经国务院同意，现提出以下意见。"],
        files=[]),
}
GW_WEEK2 = {
    "7101122": dict(
        date="2026-11-12", time="17:30:00", pcode="国发〔2021〕33号", puborg="国务院", made="2021-12-28",
        title="国务院关于印发“十四五”<em>节能减排</em>综合工作方案的通知",
        topic="国土资源、能源\\节能与资源综合利用",
        paras=[NOTICE, "现将《“十四五”节能减排综合工作方案》印发给你们，请结合本地区、本部门实际，认真贯彻执行。",
               "到2025年，全国单位国内生产总值能源消耗比2020年下降13.5%，能源消费总量得到合理控制。"],
        files=[]),
}
BM = {
    "7100244": dict(
        date="2026-11-08", time="10:12:00", pcode="工信部联节〔2022〕88号", puborg="工业和信息化部", made="2022-07-07",
        issuers="工业和信息化部 国家发展改革委 生态环境部",
        title="工业和信息化部 国家发展改革委 生态环境部关于印发工业领域<em>碳达峰</em>实施方案的通知",
        topic="工业、交通\\其他",
        paras=["各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门、发展改革委、生态环境厅（局）：",
               "现将《工业领域碳达峰实施方案》印发给你们，请结合实际，认真抓好贯彻落实。"],
        files=[("./W020261108372145230987.pdf", "工业领域碳达峰实施方案.pdf")]),
    "7100237": dict(
        date="2026-11-06", time="09:45:00", pcode="工信部联原〔2022〕149号", puborg="工业和信息化部", made="2022-11-02",
        issuers="工业和信息化部 国家发展改革委 生态环境部 住房和城乡建设部",
        title="工业和信息化部 国家发展改革委 生态环境部 住房城乡建设部关于印发建材行业<em>碳达峰</em>实施方案的通知",
        topic="工业、交通\\其他",
        paras=["各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门、发展改革委、生态环境厅（局）、住房和城乡建设厅（委、局）：",
               "现将《建材行业碳达峰实施方案》印发给你们，请结合实际，认真贯彻落实。"],
        files=[]),
    "7100209": dict(
        date="2026-10-31", time="16:00:00", pcode="国科发社〔2022〕157号", puborg="科技部", made="2022-06-24",
        issuers="科技部 国家发展改革委 工业和信息化部 生态环境部 住房和城乡建设部 交通运输部 中科院 工程院 国家能源局",
        title="科技部等九部门关于印发《科技支撑<em>碳达峰碳中和</em>实施方案（2022—2030年）》的通知",
        topic="科技、教育\\科技",
        paras=["各省、自治区、直辖市及计划单列市科技厅（委、局），新疆生产建设兵团科技局，国务院各有关部门，各有关单位：",
               "为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大战略决策，科技部等九部门研究制定了《科技支撑碳达峰碳中和实施方案（2022—2030年）》，现印发给你们，请结合实际认真贯彻落实。"],
        files=[]),
    "7100183": dict(
        date="2026-10-20", time="11:30:00", pcode="", puborg="应急管理部", made="2026-10-16",
        issuers="应急管理部",
        title="应急管理部关于切实做好今冬明春森林草原防灭火工作的通知",
        topic="公安、安全、司法\\安全生产监管",
        paras=["各省、自治区、直辖市应急管理厅（局），新疆生产建设兵团应急管理局：",
               "当前，全国陆续进入今冬明春森林草原防火期，为切实做好森林草原防灭火工作，现就有关事项通知如下。"],
        files=[]),
}


def ms(date: str, time: str) -> int:
    moment = datetime.fromisoformat(f"{date}T{time}").replace(tzinfo=SHANGHAI)
    return int(moment.timestamp() * 1000)


def gw_url(doc_id: str, doc: dict) -> str:
    return f"https://www.gov.cn/zhengce/content/{doc['date'][:7].replace('-', '')}/content_{doc_id}.htm"


def bm_url(doc_id: str, doc: dict) -> str:
    return f"https://www.gov.cn/zhengce/zhengceku/{doc['date'][:7].replace('-', '')}/content_{doc_id}.htm"


def plain(title: str) -> str:
    return title.replace("<em>", "").replace("</em>", "")


def api_answer(docs: dict, url_of, list_url: str, total: int) -> str:
    rows = []
    for doc_id, doc in sorted(docs.items(), key=lambda kv: (kv[1]["date"], kv[0]), reverse=True):
        rows.append({
            "id": doc_id, "title": doc["title"], "summary": plain(doc["paras"][-1])[:80], "url": url_of(doc_id, doc),
            "pubtime": ms(doc["date"], doc["time"]), "pubtimeStr": doc["date"].replace("-", "."),
            "ptime": ms(doc["made"], "00:00:00"), "pcode": doc["pcode"], "puborg": doc["puborg"], "source": "",
            "childtype": doc["topic"], "index": "", "subcolumn": "",
        })
    params = dict(parse_qsl(urlsplit(list_url).query, keep_blank_values=True))
    answer = {
        "code": 200, "msg": "操作成功",
        "paramsVO": {**params, "p": 1, "n": 20},
        "searchVO": {"totalCount": total, "totalpage": -(-total // 20), "listVO": rows,
                     "ztflTree": [{"id": "1", "name": "国土资源、能源", "count": 1203}]},
    }
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))


def head(doc_id: str, doc: dict, lanmu: str, author: str) -> str:
    title = plain(doc["title"])
    return f"""<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{esc(title)}_{lanmu}_中国政府网</title>
<meta name="keywords" content="">
<meta name="description" content="{esc(title)}">
<meta name="author" content="{esc(author)}">
<meta name="manuscriptId" content="{doc_id}">
<meta name="firstpublishedtime" content="{doc['date']}-{doc['time']}">
<meta name="lastmodifiedtime" content="{doc['date']}-{doc['time']}">
<meta name="lanmu" content="{lanmu}">
<meta name="catalog" content="">
<link rel="stylesheet" href="/images/publicStyle.css">
<script src="/images/jquery.min.js"></script>
</head>"""


def cn_date(iso: str) -> str:
    return f"{iso[:4]}年{iso[5:7]}月{iso[8:10]}日"


def files_html(doc: dict) -> str:
    return "".join(f'<p><a href="{esc(href)}">{esc(name)}</a></p>' for href, name in doc["files"])


def template_a(doc_id: str, doc: dict) -> str:
    """A formal 国发/国办发 page: table.bd1 info table, body #UCAP-CONTENT (§3.1 Template A)."""
    title = plain(doc["title"])
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
{head(doc_id, doc, "国务院文件", doc['puborg'])}
<body>
{CHROME_TOP}
<div class="BreadcrumbNav"><a href="https://www.gov.cn/">首页</a> &gt; <a href="https://www.gov.cn/zhengce/">政策</a> &gt; <a href="https://www.gov.cn/zhengce/zhengcewenjianku/">国务院政策文件库</a></div>
<div class="policyLibraryOverview_header">
<table class="bd1" width="100%" border="0" cellspacing="1" cellpadding="0"><tbody>
<tr><td width="90"><b>索 引 号：</b></td><td width="400">000014349/{doc['made'][:4]}-00{doc_id[-3:]}</td><td width="90"><b>主题分类：</b></td><td class="zcwj_ztfl">{esc(doc['topic'])}</td></tr>
<tr><td><b>发文机关：</b></td><td>{esc(doc['puborg'])}</td><td><b>成文日期：</b></td><td>{cn_date(doc['made'])}</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">{esc(title)}</td></tr>
<tr><td><b>发文字号：</b></td><td>{esc(doc['pcode'])}</td><td><b>发布日期：</b></td><td>{cn_date(doc['date'])}</td></tr>
</tbody></table></div>
<table width="100%" border="0" cellspacing="0" cellpadding="0"><tbody><tr><td class="b12c" id="UCAP-CONTENT-WRAP">
<div class="pages_content mhide" id="UCAP-CONTENT"><div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{paragraphs(doc['paras'])}
{files_html(doc)}</div>
<script>var ucap_share = "1";</script></div>
</td></tr></tbody></table>
{chrome_tools()}
<div class="footer">主办单位：国务院办公厅　运行维护单位：中国政府网运行中心　版权所有：中国政府网</div>
</body>
</html>
"""


def zhengceku(doc_id: str, doc: dict) -> str:
    """A 部门文件 copy in the policy library: info table (not table.bd1) + body div.pages_content (§3.1, M/L)."""
    title = plain(doc["title"])
    number = esc(doc["pcode"]) if doc["pcode"] else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
{head(doc_id, doc, "部门文件", doc['issuers'])}
<body>
{CHROME_TOP}
<div class="BreadcrumbNav"><a href="https://www.gov.cn/">首页</a> &gt; <a href="https://www.gov.cn/zhengce/">政策</a> &gt; <a href="https://www.gov.cn/zhengce/zhengceku/">政策文件库</a> &gt; 部门文件</div>
<div class="policyLibraryOverview_header"><table class="bd_table" width="100%"><tbody>
<tr><td class="t1"><b>标　　题：</b></td><td colspan="3">{esc(title)}</td></tr>
<tr><td class="t1"><b>发文机关：</b></td><td>{esc(doc['issuers'])}</td><td class="t1"><b>发文字号：</b></td><td>{number}</td></tr>
<tr><td class="t1"><b>来　　源：</b></td><td>{esc(doc['puborg'])}网站</td><td class="t1"><b>主题分类：</b></td><td>{esc(doc['topic'])}</td></tr>
<tr><td class="t1"><b>公文种类：</b></td><td>通知</td><td class="t1"><b>成文日期：</b></td><td>{cn_date(doc['made'])}</td></tr>
</tbody></table></div>
<div class="article oneColumn pub_border">
<div class="pages-date">{doc['date']} {doc['time'][:5]}<span class="font">来源：{esc(doc['puborg'])}网站</span></div>
<div class="pages_content" id="pages_content_id">
<div class="trs_editor_view TRS_UEDITOR trs_paper_default">
{paragraphs(doc['paras'])}
{files_html(doc)}</div>
</div>
</div>
{chrome_tools()}
<div class="footer">主办单位：国务院办公厅　运行维护单位：中国政府网运行中心　版权所有：中国政府网</div>
</body>
</html>
"""


def build() -> None:
    for slug in ("cn_gov_zcwjk_gw", "cn_gov_zcwjk_bm"):
        reset(slug)
        write(slug, "week1", "https://sousuo.www.gov.cn/robots.txt", SOUSUO_ROBOTS)
        write(slug, "week1", "https://www.gov.cn/robots.txt", WWW_ROBOTS)
    states_yaml("cn_gov_zcwjk_gw", {"week2": "week1"})
    write("cn_gov_zcwjk_gw", "week1", GW_LIST, api_answer(GW, gw_url, GW_LIST, 6213))
    for doc_id, doc in GW.items():
        write("cn_gov_zcwjk_gw", "week1", gw_url(doc_id, doc), template_a(doc_id, doc))
    write("cn_gov_zcwjk_gw", "week2", GW_LIST, api_answer({**GW, **GW_WEEK2}, gw_url, GW_LIST, 6214))
    for doc_id, doc in GW_WEEK2.items():
        write("cn_gov_zcwjk_gw", "week2", gw_url(doc_id, doc), template_a(doc_id, doc))
    write("cn_gov_zcwjk_bm", "week1", BM_LIST, api_answer(BM, bm_url, BM_LIST, 12718))
    for doc_id, doc in BM.items():
        write("cn_gov_zcwjk_bm", "week1", bm_url(doc_id, doc), zhengceku(doc_id, doc))


if __name__ == "__main__":
    build()
