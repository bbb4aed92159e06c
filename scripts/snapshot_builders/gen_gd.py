from core import *
import json
from spiders.families.detail import first_sentence


def esc(obj):
    return json.dumps(obj, ensure_ascii=False).replace("<", "\\u003C").replace(">", "\\u003E").replace("/", "\\/")


def index_page(host, sid, site):
    cfg = ("window._CONFIG = {\n  SID: '%s',\n  TREE: [{\"id\": 5, \"name\": \"全部\", \"jump_url\": \"\", \"children\": [], "
           "\"post_count\": 28564}],\n  SERVICE_AREA_ID: 1,\n  SEARCH_JSONP_URL: 'http://search.gd.gov.cn/jsonp/site/%s'\n};" % (sid, sid))
    return page(f"政府信息公开 {site}", {"SiteName": site},
                f'<div id="app"></div>\n<script>\n{cfg}\n</script>\n<script src="/gkmlpt/static/js/app.js"></script>')


def detail_page(site, sid, d):
    return page(f"{d['title']} {site}", {"SiteName": site, "ArticleTitle": d["title"]},
                f'<div id="app"></div>\n<script>\nwindow._CONFIG = {{\n  SID: \'{sid}\',\n  DETAIL: {esc(d)},\n'
                f"  IS_MOBILE: false\n}};\n</script>\n<script src=\"/gkmlpt/static/js/detail.js\"></script>")


def build_source(slug, host, sid, cat, site, rows, details, prov, week2_row=None):
    reset(slug)
    states = [("week1", rows)] + ([("week2", [week2_row] + rows)] if week2_row else [])
    for state, rs in states:
        robots(slug, state, host)
        put(slug, state, f"http://{host}/gkmlpt/index", index_page(host, sid, site))
        arts = []
        for r in rs:
            pid, title, day, docno, publisher = r
            url = f"http://{host}/gkmlpt/content/{pid // 1000000}/{pid // 1000}/post_{pid}.html"
            arts.append({"id": pid, "title": title, "document_number": docno, "identifier": f"006939748/{day[:4]}-{pid % 100000:05d}",
                         "publisher": publisher, "keywords": "", "date": epoch_s(day) - 3 * 86400,
                         "created_at": f"{day} 00:00:00", "display_publish_time": epoch_s(day), "create_time": epoch_s(day, 9),
                         "abstract": "", "classify_main": 1, "classify_main_name": "综合政务", "url": url,
                         "post_url": url, "is_expired": False, "is_abolished": False, "attachment": []})
        put(slug, state, f"http://{host}/gkmlpt/api/all/{cat}?page=1&sid={sid}",
            json.dumps({"total": len(arts), "classify": {"post_count": len(arts)}, "articles": arts}, ensure_ascii=False))
        expect_list(slug, state, [dict(url=a["url"], title=a["title"], published=r[2], doc_number=a["document_number"] or None,
                                       extra={"publisher": a["publisher"]}) for a, r in zip(arts, rs)], 1)
        for pid, (body, atts) in details.items():
            r = next((x for x in rs if x[0] == pid), None)
            if r is None:
                continue
            a = next(x for x in arts if x["id"] == pid)
            full_atts = [f"http://{host}/attachment/0/{pid % 1000}/{pid % 1000}{i}/{pid}.{ext}" for i, (n, ext) in enumerate(atts)]
            b = body
            if full_atts:
                b += "\n<p>附件：" + "".join(f'<a href="{u}">{n}.{ext}</a>' for u, (n, ext) in zip(full_atts, atts)) + "</p>"
            d = {"id": pid, "title": r[1], "document_number": r[3], "identifier": a["identifier"], "publisher": r[4],
                 "date": a["date"], "display_publish_time": a["display_publish_time"], "content": b,
                 "attachment": [{"name": f"{n}.{ext}", "url": u} for u, (n, ext) in zip(full_atts, atts)]}
            put(slug, state, a["url"], detail_page(site, sid, d))
            expect_detail(slug, state, a["url"], r[1], r[2], r[3] or None, [r[4]], first_sentence(b), full_atts)
    # the site returns an empty 200 body to non-browser user agents (§4.1) — what a bot-UA crawl sees
    robots(slug, "empty", host)
    put(slug, "empty", f"http://{host}/gkmlpt/index", b"")
    expect_failure(slug, "empty", "block", "empty 200 page for a non-browser user agent")
    provenance(slug, prov)


def build_all():
    build_source("gd_gov_gkmlpt", "www.gd.gov.cn", "2", 5, "广东省人民政府门户网站", [
        (4821377, "广东省人民政府办公厅关于印发广东省加快推进新型储能产业高质量发展若干措施的通知", "2026-11-04", "", "广东省人民政府办公厅"),
        (4818152, "广东省人民政府关于公布2026年度广东省科学技术奖获奖项目的决定", "2026-10-22", "", "广东省人民政府"),
        (4812033, "广东省人民政府办公厅关于进一步做好稳外贸工作的通知", "2026-10-09", "", "广东省人民政府办公厅"),
        (4097112, "广东省人民政府关于印发广东省碳达峰实施方案的通知", "2023-02-07", "", "广东省人民政府"),
    ], {
        4821377: ("""<p>各地级以上市人民政府，省政府各部门、各直属机构：</p>
<p>《广东省加快推进新型储能产业高质量发展若干措施》已经省人民政府同意，现印发给你们，请认真组织实施。</p>""", [("若干措施", "pdf")]),
        4097112: ("""<p>各地级以上市人民政府，省政府各部门、各直属机构：</p>
<p>现将《广东省碳达峰实施方案》印发给你们，请认真组织实施。实施过程中遇到的问题，请径向省发展改革委反映。</p>
<p style="text-align:right">广东省人民政府<br>2022年6月23日</p>""", []),
        4830655: ("""<p>各地级以上市人民政府，省政府各部门、各直属机构：</p>
<p>为加快建立产品碳足迹管理体系，经省人民政府同意，现提出以下实施意见。</p>""", []),
    }, """
# gd_gov_gkmlpt — Guangdong provincial government gkmlpt (category 5, SID 2)

- §4.1 [S26, S42] (H): `http://www.gd.gov.cn/gkmlpt/index` sets `window._CONFIG = {SID: '2', TREE: […], …}`; list
  `GET /gkmlpt/api/all/5?page=1&sid=2` → `{total, classify, articles:[{id, title, document_number, identifier, publisher,
  date (成文, epoch s), created_at, display_publish_time (epoch s = 00:00 Asia/Shanghai, i.e. the previous day in UTC),
  url, post_url, …}]}` (100 per page; one page here).
- Detail `/gkmlpt/content/<a>/<b>/post_<id>.html`: JS-rendered, body inside `_CONFIG.DETAIL.content` as an escaped JSON
  string (`\\u003C…`, `\\/`); publisher/document_number/attachment list also in DETAIL.
- HTTP only; browser UA required (record `user_agent: browser`). State `empty` = the empty 200 body a bot UA gets
  (2026-08, §4.1, §2.9) → block cause.
- 广东省碳达峰实施方案 (dated 2022-06-23, published 2023-02-07) is real; its 文号 is not claimed (empty document_number,
  as gkmlpt shows for items without one). 2026 items are plausible.
States: week1; week2 adds a document of 2026-11-11; empty.
""", week2_row=(4830655, "广东省人民政府办公厅关于加快建立产品碳足迹管理体系的实施意见", "2026-11-11", "", "广东省人民政府办公厅"))
    build_source("gd_drc_gkmlpt", "drc.gd.gov.cn", "758115", 2866, "广东省发展和改革委员会", [
        (4820991, "广东省发展改革委关于印发《广东省碳排放配额管理实施细则》的通知", "2026-10-30", "", "广东省发展和改革委员会"),
        (4815460, "广东省发展改革委关于2026年广东省重点建设项目计划调整的通知", "2026-10-16", "", "广东省发展和改革委员会"),
        (4803317, "广东省发展改革委 广东省能源局关于推进分布式光伏发电高质量发展的通知", "2026-09-18", "", "广东省发展和改革委员会"),
    ], {
        4820991: ("""<p>各地级以上市发展改革局，各有关企业：</p>
<p>为规范碳排放配额管理，我委制定了《广东省碳排放配额管理实施细则》，现印发给你们，请遵照执行。</p>""", [("实施细则", "pdf"), ("配额分配方案", "xlsx")]),
        4815460: ("""<p>各地级以上市人民政府，省有关单位：</p>
<p>经省人民政府同意，现将2026年省重点建设项目计划调整情况通知如下。</p>""", []),
    }, """
# gd_drc_gkmlpt — Guangdong DRC gkmlpt (drc.gd.gov.cn)

- §4.1 [S26] (H for the platform): 发改委 `drc.gd.gov.cn` runs gkmlpt like every Guangdong body. Its SID and category id
  are NOT documented: the SID (758115) is a placeholder read from `_CONFIG.SID` by the parser (the record never carries
  it), the category (2866) is a placeholder in `options.category`.
- Same list/detail shapes as gd_gov_gkmlpt; browser UA; `empty` state = empty 200 body for a bot UA.
States: week1, empty.
""")
