from core import *
import json
from urllib.parse import urlencode
from spiders.families.detail import first_sentence


# ------------------------------------------------------------------ Jiangxi queryList
def jx_shell(site, column):
    return page(f"{column}-{site}", {"SiteName": site, "ColumnName": column},
                f'<div class="header">{site}</div>\n<div class="list-wrap"><div class="list-title">{column}</div>\n'
                '<ul class="list" id="list"></ul><div id="page"></div></div>\n<script src="/static/js/list.js"></script>')


def jx_detail(site, column, title, time, author):
    return page(f"{title}-{site}", {"SiteName": site, "ColumnName": column, "ArticleTitle": title, "PubDate": time,
                                    "ContentSource": author},
                f'<div class="article"><h1 class="article-title" id="title"></h1>\n<div class="article-info" id="info"></div>\n'
                '<div class="article-content" id="content"></div></div>\n<script src="/static/js/content.js"></script>')


def build_jx(slug, host, site, column, col_path, form, rows, details, prov, verified_note=""):
    reset(slug)
    state = "week1"
    col = f"https://{host}{col_path}"
    robots(slug, state, host)
    put(slug, state, col, jx_shell(site, column))
    results, entries = [], []
    for k, title, plain, time, body in rows:
        cid = int(hexid(slug, k)[:15], 16) % 10**19
        path = f"/{form['webSiteCode[]']}/{form['channelCode[]']}/pc/content/content_{cid:019d}.html"
        content = {"content": body} if k.endswith("o") else body
        results.append({"source": {"title": title, "showTitle": plain, "pubDate": time,
                                   "metadata": json.dumps({"author": site}, ensure_ascii=False),
                                   "content": content, "images": "[]", "urls": json.dumps({"pc": path})}})
        url = f"https://{host}{path}"
        entries.append(dict(url=url, title=plain, published=time[:10], extra={"content_html": body, "author": site}))
        if k in details:
            put(slug, state, url, jx_detail(site, column, plain, time, site))
            docno, atts = details[k]
            expect_detail(slug, state, url, plain, time[:10], docno, [site], first_sentence(body),
                          [a if a.startswith("http") else f"https://{host}{a}" for a in atts])
    data = {**form, "current": "1", "pageSize": "15"}
    put(slug, state, f"https://{host}/queryList", json.dumps({"code": 200, "msg": "success", "data": {
        "total": len(rows), "current": 1, "results": results}}, ensure_ascii=False),
        method="POST", data=urlencode(data), ctype="application/x-www-form-urlencoded")
    expect_list(slug, state, entries, 1)
    provenance(slug, prov)


def build_jiangxi():
    body_plan = """<p style="text-align:center">赣工信节能字〔2026〕112号</p>
<p>各设区市、赣江新区工业和信息化主管部门：</p>
<p>为推进工业领域节能降碳，现将《江西省工业能效提升行动计划（2026—2027年）》印发给你们，请认真贯彻落实。</p>
<p>附件：<a href="/jxsgyhxxht/zcwj/pc/content/files/nxts2026.pdf">江西省工业能效提升行动计划.pdf</a></p>"""
    build_jx("jx_gxt_zcwj", "gxt.jiangxi.gov.cn", "江西省工业和信息化厅", "政策文件", "/jxsgyhxxht/zcwj/index.html",
             {"webSiteCode[]": "jxsgyhxxht", "channelCode[]": "zcwj", "sort": "sortNum", "order": "desc"}, [
                 ("g1", "江西省工业和信息化厅关于印发《江西省工业能效提升行动计划（2026—2027年）》的通知",
                  "江西省工业和信息化厅关于印发《江西省工业能效提升行动计划（2026—2027年）》的通知", "2026-10-27 10:20:00", body_plan),
                 ("g2o", "江西省工业和信息化厅关于公布2026年度省级<em>绿色</em>工厂名单的通知",
                  "江西省工业和信息化厅关于公布2026年度省级绿色工厂名单的通知", "2026-10-13 16:00:00",
                  "<p>各设区市、赣江新区工业和信息化主管部门：</p>\n<p>经企业申报、地方推荐、专家评审和网上公示，现将2026年度省级绿色工厂名单予以公布。</p>"),
                 ("g3", "江西省工业和信息化厅关于开展2026年度工业企业技术改造项目申报的通知",
                  "江西省工业和信息化厅关于开展2026年度工业企业技术改造项目申报的通知", "2026-09-25 09:00:00",
                  "<p>各设区市工业和信息化局：</p>\n<p>现组织开展2026年度工业企业技术改造项目申报工作。</p>"),
             ], {"g1": ("赣工信节能字〔2026〕112号", ["/jxsgyhxxht/zcwj/pc/content/files/nxts2026.pdf"]), "g2o": (None, [])}, """
# jx_gxt_zcwj — Jiangxi 工信厅 政策文件 (jiangxi_querylist)

- §4.3 [S28 policy_gxt_jiangxi.py] (M): column page `/jxsgyhxxht/zcwj/index.html` is a JS shell; rows from
  `POST https://gxt.jiangxi.gov.cn/queryList` (form `current`, `pageSize=15`, `webSiteCode[]=jxsgyhxxht`,
  `channelCode[]=zcwj`, `sort=sortNum`, `order=desc`, `X-Requested-With: XMLHttpRequest`) →
  `{data:{results:[{source:{title, showTitle, pubDate, metadata (JSON string with author), content (string or
  {content: html}), images, urls (JSON string {"pc": "/…"})}}]}}`.
- `title` carries `<em>` highlighting on one row (showTitle is clean). Detail pages
  `/jxsgyhxxht/zcwj/pc/content/content_<19 digits>.html` (§2.2 shape) render by JS: meta tags only, empty containers —
  the body comes from the JSON. pubDate as "YYYY-MM-DD HH:mm:ss" is an assumption (format undocumented).
- 文号 `赣工信节能字〔2026〕112号` printed as a body paragraph is ILLUSTRATIVE (2026 document, number pattern only);
  no real-document number is claimed.
State: week1.
""")
    build_jx("jx_drc_tzgg", "drc.jiangxi.gov.cn", "江西省发展和改革委员会", "通知公告",
             "/jxsfzhggwyh/col/col14590/index.html?uid=522756&pageNum=1",
             {"webSiteCode[]": "jxsfzhggwyh", "channelCode[]": "col14590", "unitid": "522756", "perPage": "15",
              "showMode": "1", "templateContainerId": "div522756"}, [
                 ("d1", "江西省发展改革委关于做好2026年全省节能降碳工作的通知", "江西省发展改革委关于做好2026年全省节能降碳工作的通知",
                  "2026-10-30 15:00:00", "<p>各设区市、赣江新区发展改革委：</p>\n<p>为确保完成“十五五”节能降碳目标任务，现就做好2026年全省节能降碳工作通知如下。</p>"),
                 ("d2o", "江西省发展改革委关于2026年第三批省级预算内基本建设投资计划的公示",
                  "江西省发展改革委关于2026年第三批省级预算内基本建设投资计划的公示", "2026-10-18 11:30:00",
                  "<p>根据省级预算内基本建设投资管理有关规定，现将2026年第三批投资计划予以公示。</p>\n<p>公示时间：2026年10月18日至10月24日。</p>"),
             ], {"d1": (None, []), "d2o": (None, [])}, """
# jx_drc_tzgg — Jiangxi DRC 通知公告 col14590 (jiangxi_querylist)

- §4.3 [S28 policy_fgw_jiangxi.py] (M): column page `/jxsfzhggwyh/col/col14590/index.html?uid=522756&pageNum=1`;
  `POST https://drc.jiangxi.gov.cn/queryList` with `webSiteCode[]=jxsfzhggwyh`, `channelCode[]=col14590`, `unitid=522756`,
  `perPage`/`pageSize=15` plus template fields (`showMode`, `templateContainerId=div522756`). Same response shape as 工信厅.
  Detail path `/jxsfzhggwyh/col14590/pc/content/content_<19>.html` is inferred from the portal shape (§2.2).
State: week1.
""")
    build_jx("jx_gov_szfwj", "www.jiangxi.gov.cn", "江西省人民政府", "省政府文件", "/jxsrmzf/szfwj/pc/list.html",
             {"webSiteCode[]": "jxsrmzf", "channelCode[]": "szfwj", "sort": "sortNum", "order": "desc"}, [
                 ("s1", "江西省人民政府关于印发江西省加快建立产品碳足迹管理体系实施方案的通知",
                  "江西省人民政府关于印发江西省加快建立产品碳足迹管理体系实施方案的通知", "2026-10-29 17:00:00",
                  "<p>各市、县（区）人民政府，省政府各部门：</p>\n<p>现将《江西省加快建立产品碳足迹管理体系实施方案》印发给你们，请认真贯彻执行。</p>"),
                 ("s2", "江西省人民政府关于印发江西省碳达峰实施方案的通知", "江西省人民政府关于印发江西省碳达峰实施方案的通知",
                  "2022-07-18 10:00:00", "<p style=\"text-align:center\">赣府发〔2022〕17号</p>\n<p>各市、县（区）人民政府，省政府各部门：</p>\n"
                  "<p>现将《江西省碳达峰实施方案》印发给你们，请认真贯彻执行。</p>"),
             ], {"s1": (None, []), "s2": ("赣府发〔2022〕17号", [])}, """
# jx_gov_szfwj — Jiangxi provincial government 省政府文件 (jiangxi_querylist; record verified: false)

- §4.3 / §6 item 5 (L): the portal's new CMS (`/jxsrmzf/szfwj/pc/list.html`, detail
  `/jxsrmzf/szfwj/pc/content/content_<19 digits>.html`) is documented; its list delivery is NOT — these snapshots ASSUME
  the departments' `POST /queryList` API with `webSiteCode[]=jxsrmzf`, `channelCode[]=szfwj`.
- 赣府发〔2022〕17号 (江西省碳达峰实施方案, published 2022-07-18) is real (cited by 瑞府办发〔2023〕12号).
State: week1.
""")


# ------------------------------------------------------------------ Shanghai
SH = "www.shanghai.gov.cn"


def sh_legacy(title, time, body):
    return page(f"{title}", {"pubdate": time},
                f'<div id="main"><h2 id="ivs_title">{title}</h2>\n<div class="PBtime"><small class="PBtime">{time}</small></div>\n'
                f'<div id="ivs_content">{body}</div>\n<div class="print"><a href="javascript:window.print()">打印本页</a></div></div>',
                head_extra="").replace('<meta charset="utf-8">', '<meta charset="gbk">')


def build_shanghai():
    slug = "sh_gov_zcwjk"
    reset(slug)
    state = "week1"
    robots(slug, state, SH)
    recs = [
        ("h1", "上海市人民政府关于印发《上海市加快建立产品碳足迹管理体系实施方案》的通知", "2026-10-31 16:00:00", "", "上海市人民政府",
         "<p>各区人民政府，市政府各委、办、局：</p>\n<p>现将《上海市加快建立产品碳足迹管理体系实施方案》印发给你们，请认真按照执行。</p>", None),
        ("h2", "上海市发展和改革委员会关于2026年本市重点用能单位节能目标责任评价考核结果的公告", "2026-10-22 10:00:00",
         f"https://{SH}/nw12344/20261022/{hexid('sh', 'h2')}.html", "上海市发展和改革委员会",
         "<p>根据《上海市节约能源条例》，市发展改革委组织开展了2026年重点用能单位节能目标责任评价考核。</p>", None),
        ("h3", "上海市人民政府关于印发《上海市碳达峰实施方案》的通知", "2022-07-28 09:00:00",
         f"https://{SH}/nw12344/20220728/{hexid('sh', 'h3')}.html", "上海市人民政府",
         "<p style=\"text-align:center\">沪府发〔2022〕7号</p>\n<p>各区人民政府，市政府各委、办、局：</p>\n<p>现将《上海市碳达峰实施方案》印发给你们，请认真按照执行。</p>", "沪府发〔2022〕7号"),
    ]
    records = []
    for k, title, time, origin_url, origin, body, docno in recs:
        bid = hexid("sh-b", k)
        records.append({"title": title, "publishDate": time, "originUrl": origin_url, "siteId": "1", "businessId": bid,
                        "origin": origin, "genre": "通知"})
        url = origin_url or f"https://{SH}/gwk/search/content/{bid}"
        html = sh_legacy(title, time[:16], body)
        put(slug, state, url, html.encode("gbk") if k == "h2" else html.replace('<meta charset="gbk">', '<meta charset="utf-8">'))
        expect_detail(slug, state, url, title, time[:10], docno, [], first_sentence(body), [])
    put(slug, state, f"https://{SH}/gwk/policy/page", json.dumps({"code": 200, "msg": "success", "data": {
        "records": records, "total": len(records), "size": 10, "current": 1, "pages": 1}}, ensure_ascii=False),
        method="POST", data=json.dumps({"current": 1, "size": 10}), ctype="application/json")
    expect_list(slug, state, [dict(url=r["originUrl"] or f"https://{SH}/gwk/search/content/{r['businessId']}", title=r["title"],
                                   published=r["publishDate"][:10], extra={"origin": r["origin"]}) for r in records], 1)
    provenance(slug, """
# sh_gov_zcwjk — Shanghai 政策文件库 (shanghai_policy)

- §4.6 [S33] (M): `POST https://www.shanghai.gov.cn/gwk/policy/page`, JSON body `{"current":1,"size":10}`
  (`Content-Type: application/json`; size ≤ 10) → `data.records[]` with `title`, `publishDate` ("YYYY-MM-DD HH:mm:ss"),
  `originUrl` (EMPTY for the municipal-government-level document h1), `siteId`, `businessId`, `origin`, `genre`.
- Records without originUrl: their detail URL `https://www.shanghai.gov.cn/gwk/search/content/<businessId>` is an
  INFERENCE (record option `detail_url_template`); a page is shipped there.
- Detail pages use the legacy template (§4.6: `#ivs_title`, `small.PBtime`, `div#ivs_content`, meta `pubdate`); the h2
  page is GBK-encoded with `<meta charset="gbk">` (legacy Shanghai pages, §2.8 L) to exercise encoding detection.
- 沪府发〔2022〕7号 (上海市碳达峰实施方案, 2022-07-28) is real; article path `/nw12344/YYYYMMDD/<32hex>.html` (§4.6).
State: week1.
""")


# ------------------------------------------------------------------ Zhejiang policyweb
ZJP = "zhengce.zj.gov.cn"


def build_zj_policyweb():
    slug = "zj_gov_zcwjk"
    reset(slug)
    state = "week1"
    robots(slug, state, ZJP)
    rows = [
        (71234567, "浙江省人民政府办公厅关于加快推进绿色低碳工业园区建设的实施意见", "2026-11-03", "浙江省人民政府办公厅", "",
         "<p>各市、县（市、区）人民政府，省政府直属各单位：</p>\n<p>为加快推进全省绿色低碳工业园区建设，经省政府同意，提出如下实施意见。</p>"),
        (71230102, "浙江省人民政府关于公布第九批省级非物质文化遗产代表性项目名录的通知", "2026-10-20", "浙江省人民政府", "", None),
        (71225563, "浙江省发展和改革委员会关于印发《浙江省节能降碳专项行动方案》的通知", "2026-10-08", "浙江省发展和改革委员会", "",
         "<p>各市、县（市、区）发展改革委（局）：</p>\n<p>现将《浙江省节能降碳专项行动方案》印发给你们，请认真贯彻执行。</p>"),
    ]
    data = []
    for iid, title, day, org, fno, body in rows:
        data.append({"title": title, "iid": iid, "pubtime": epoch_ms(day), "policyurl": f"https://www.zj.gov.cn/art/{day[:4]}/{int(day[5:7])}/{int(day[8:])}/art_1229019365_{iid % 10**7}.html",
                     "organization": org, "filenumber": fno, "level": "省级"})
        url = f"https://{ZJP}/policyweb/httpservice/showinfo.do?infoid={iid}"
        if body:
            info = (f'<table class="info"><tr><td>发文机关：</td><td>{org}</td><td>发文字号：</td><td>{fno}</td></tr>'
                    f'<tr><td>发布日期：</td><td>{day}</td><td>有效性：</td><td>有效</td></tr></table>')
            put(slug, state, url, page(title, {}, f'<div class="detail"><h1>{title}</h1>\n{info}\n<div id="zoom">{body}</div></div>'))
            expect_detail(slug, state, url, title, day, None, [org], first_sentence(body), [])
    form = {"pageIndex": "1", "pageSize": "20", "sortKey": "", "zccjfl": "1"}
    put(slug, state, f"https://{ZJP}/policyweb/httpservice/getPolicy.do", json.dumps({"success": True, "params": {
        "policyList": {"data": data, "totalNum": len(data)}}}, ensure_ascii=False),
        method="POST", data=urlencode(form), ctype="application/x-www-form-urlencoded")
    expect_list(slug, state, [dict(url=f"https://{ZJP}/policyweb/httpservice/showinfo.do?infoid={r[0]}", title=r[1], published=r[2],
                                   extra={"organization": r[3]}) for r in rows], 1)
    provenance(slug, """
# zj_gov_zcwjk — Zhejiang 政策文件库 policyweb (zj_policyweb)

- §4.7 [S32] (M): `POST https://zhengce.zj.gov.cn/policyweb/httpservice/getPolicy.do` form `pageIndex=1, pageSize=20,
  sortKey=, zccjfl=1` (provincial level; `regioncode` stopped updating 2025-11) → `{success, params:{policyList:{data:[{title,
  iid, pubtime (epoch ms, 00:00 Asia/Shanghai), policyurl, organization, filenumber, level}], totalNum}}}`.
- Detail `showinfo.do?infoid=<iid>` is documented only as "HTML body": its markup here (h1, info table, `div#zoom`) is
  inferred. The second row has no detail snapshot (answers 404: a transient gap the harness records as `status: 404`).
- Titles plausible; filenumber empty (no numbers claimed).
State: week1.
""")


# ------------------------------------------------------------------ Shandong jpolicy
SD = "www.shandong.gov.cn"
SD_API = f"http://{SD}/jpaas-jpolicy-console-server/interface/getPolicyByOrgId?orgId=2,3,4&sortKey=publish_date"


def build_sd():
    slug = "sd_gov_jpolicy"
    reset(slug)
    state = "week1"
    robots(slug, state, SD)
    rows = [
        ("9f1c2a", "山东省人民政府关于印发山东省加快构建碳排放双控制度体系实施方案的通知", "2026-11-02",
         "<p>各市人民政府，省政府各部门、各直属机构：</p>\n<p>现将《山东省加快构建碳排放双控制度体系实施方案》印发给你们，请认真贯彻执行。</p>"),
        ("9e7b41", "山东省人民政府办公厅关于进一步优化营商环境的若干措施", "2026-10-19",
         "<p>各市人民政府，省政府各部门、各直属机构：</p>\n<p>为持续优化营商环境，经省政府同意，现提出以下措施。</p>"),
    ]
    for iid, title, day, body in rows:
        url = f"http://{SD}/jpaas-jpolicy-web-server/front/info/detail?iid={iid}"
        put(slug, state, url, page(f"{title}", {}, f'<div class="zc_detail"><h1 class="zc_title">{title}</h1>\n'
                                                    f'<div class="zc_info">发布日期：{day}</div>\n<div class="zc_content">{body}</div></div>'))
        expect_detail(slug, state, url, title, day, None, [], first_sentence(body), [])
    put(slug, state, SD_API, json.dumps({"code": 200, "msg": "success", "data": {
        "list": [{"title": t, "iid": i, "publishDate": d} for i, t, d, _ in rows], "total": len(rows)}}, ensure_ascii=False),
        method="POST", data="pageNo=1&pageSize=10", ctype="application/x-www-form-urlencoded")
    expect_list(slug, state, [dict(url=f"http://{SD}/jpaas-jpolicy-web-server/front/info/detail?iid={i}", title=t, published=d)
                              for i, t, d, _ in rows], 1)
    provenance(slug, """
# sd_gov_jpolicy — Shandong policy library jpaas-jpolicy (sd_jpolicy; record verified: false)

- §4.8 [S35] (L–M): `POST http://www.shandong.gov.cn/jpaas-jpolicy-console-server/interface/getPolicyByOrgId?orgId=<comma
  list>&sortKey=publish_date`, form `pageNo`, `pageSize` → `data.list[]` `{title, iid, publishDate}`; detail
  `…/jpaas-jpolicy-web-server/front/info/detail?iid=<iid>`.
- INFERRED: the orgId list (2,3,4), the `iid` shape, the `publishDate` format ("YYYY-MM-DD"), the `total` field and the
  detail markup (h1 + `div.zc_content`, read through detail.py's generic "div with most <p>" fallback).
State: week1.
""")


def build_all():
    build_jiangxi(); build_shanghai(); build_zj_policyweb(); build_sd()
