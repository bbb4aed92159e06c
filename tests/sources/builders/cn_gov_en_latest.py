"""Snapshots of english.www.gov.cn · Policies · Latest releases (sources.md §3.2): page_N lists, Artical_Content pages."""
from __future__ import annotations

from tests.sources.builders.common import esc, reset, states_yaml, write

SLUG = "cn_gov_en_latest"
HOST = "https://english.www.gov.cn"
LIST = HOST + "/policies/latestreleases/"
ROBOTS = "User-agent: *\nDisallow:\n"

# key: dict(date, time, hex, title, source, paras, href ("proto" protocol-relative | "root" root-relative))
DOCS = {
    "green_transition": dict(
        date="2026-11-07", time="14:38", hex="672c6a1ec6d0f1a2b3c4d5e6", href="proto", source="Xinhua",
        title="China issues guideline on accelerating comprehensive green transition",
        paras=["BEIJING, Nov. 7 -- China has issued a guideline on accelerating the comprehensive green transition of economic and social development, according to a document released on Thursday.",
               "By 2030, notable progress will be made in the green transition in key areas, and green production and lifestyles will be basically formed, the document says."]),
    "carbon_accounting": dict(
        date="2026-11-05", time="20:12", hex="6729b5c0c6d0f1a2b3c4d5a1", href="root", source="Xinhua",
        title="China to improve carbon emission statistics and accounting system",
        paras=["BEIJING, Nov. 5 -- China will further improve its carbon emission statistics and accounting system, according to a work plan made public on Tuesday.",
               "The country aims to establish a unified and standardized carbon emission statistics and accounting system by 2025."]),
    "methane": dict(
        date="2026-11-03", time="09:05", hex="67270e7ac6d0f1a2b3c4d59f", href="proto", source="english.gov.cn",
        title="China unveils action plan to control methane emissions",
        paras=["China has unveiled an action plan to control methane emissions, in a move to support its carbon peaking and carbon neutrality goals.",
               "The plan was jointly issued by 11 departments including the Ministry of Ecology and Environment."]),
    "safety_meeting": dict(
        date="2026-10-30", time="21:40", hex="672236e8c6d0f1a2b3c4d577", href="proto", source="Xinhua",
        title="Premier Li Qiang chairs State Council executive meeting on work safety",
        paras=["BEIJING, Oct. 30 -- Premier Li Qiang on Friday chaired a State Council executive meeting, which deployed further efforts to ensure work safety this winter and next spring.",
               "The meeting stressed that responsibilities for work safety must be fully implemented."]),
    "services_consumption": dict(
        date="2026-10-28", time="18:55", hex="671f8b0fc6d0f1a2b3c4d561", href="proto", source="Xinhua",
        title="China rolls out measures to boost consumption of services",
        paras=["BEIJING, Oct. 28 -- China has rolled out measures to boost services consumption, including elderly care, tourism and sports.",
               "The measures were made public by the General Office of the State Council."]),
    # page_2.html
    "energy_saving": dict(
        date="2026-10-20", time="16:21", hex="6714bf31c6d0f1a2b3c4d522", href="proto", source="Xinhua",
        title="China sets energy conservation and carbon reduction targets for 2026",
        paras=["BEIJING, Oct. 20 -- China aims to cut energy consumption per unit of GDP by around 2.5 percent this year, according to an action plan released on Monday.",
               "The plan covers key sectors such as steel, petrochemicals, non-ferrous metals and building materials."]),
    "distribution_grid": dict(
        date="2026-10-15", time="11:02", hex="670dd94ec6d0f1a2b3c4d50b", href="root", source="english.gov.cn",
        title="Guideline issued to promote high-quality development of distribution grids",
        paras=["China's top economic planner and the National Energy Administration have issued a guideline to promote the high-quality development of distribution grids.",
               "By 2025, distribution grids will be able to accommodate about 500 million kilowatts of distributed new energy."]),
}
FIRST_PAGE = ["green_transition", "carbon_accounting", "methane", "safety_meeting", "services_consumption"]
SECOND_PAGE = ["energy_saving", "distribution_grid"]

NEW_WEEK2 = {
    "ccer": dict(
        date="2026-11-12", time="19:30", hex="67334a90c6d0f1a2b3c4d6f0", href="proto", source="Xinhua",
        title="China expands national carbon market to steel, cement and aluminum sectors",
        paras=["BEIJING, Nov. 12 -- China has expanded its national carbon emissions trading market to cover the steel, cement and aluminum smelting sectors, the Ministry of Ecology and Environment said on Wednesday.",
               "The expansion will bring about 1,500 additional enterprises into the market."]),
}


def path_of(doc: dict) -> str:
    return f"/policies/latestreleases/{doc['date'][:7].replace('-', '')}/{doc['date'][8:]}/content_WS{doc['hex']}.html"


def long_date(doc: dict) -> str:
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    year, month, day = doc["date"].split("-")
    return f"{months[int(month) - 1]} {int(day)}, {year} {doc['time']}"


def detail(doc: dict) -> str:
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in doc["paras"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(doc['title'])}</title>
<meta name="keywords" content="policies">
<meta name="description" content="{esc(doc['paras'][0][:120])}">
<meta name="source" content="{esc(doc['source'])}">
<link rel="stylesheet" href="//english.www.gov.cn/images/english2019.css">
</head>
<body>
<div class="header"><a class="logo" href="//english.www.gov.cn/">english.gov.cn</a>
<ul class="nav"><li><a href="//english.www.gov.cn/news/">NEWS</a></li><li><a href="//english.www.gov.cn/policies/">POLICIES</a></li></ul></div>
<div class="location"><a href="//english.www.gov.cn/">HOME</a> &gt; <a href="//english.www.gov.cn/policies/">POLICIES</a> &gt; <a href="//english.www.gov.cn/policies/latestreleases/">LATEST RELEASES</a></div>
<div class="Artical_Title"><h1>{esc(doc['title'])}</h1>
<div class="Artical_Info"><span class="date">Updated: {long_date(doc)}</span><span class="source">Source: {esc(doc['source'])}</span></div></div>
<div class="Artical_Content">
{paras}
</div>
<div class="edit">Editor: Wang Xin</div>
<div class="share">Share: <a href="javascript:void(0)">Weibo</a> <a href="javascript:void(0)">WeChat</a></div>
<div class="footer">Copyright© www.gov.cn | About us | Contact us</div>
</body>
</html>
"""


def list_page(keys: list[str], docs: dict, page: int) -> str:
    rows = []
    for key in keys:
        doc = docs[key]
        href = ("//english.www.gov.cn" if doc["href"] == "proto" else "") + path_of(doc)
        rows.append(f'<li><a href="{href}" target="_blank">{esc(doc["title"])}</a></li>')
    pager = ('<a href="//english.www.gov.cn/policies/latestreleases/page_2.html">2</a> '
             '<a href="//english.www.gov.cn/policies/latestreleases/page_3.html">3</a> '
             '<a href="//english.www.gov.cn/policies/latestreleases/page_2.html">Next</a>') if page == 1 else (
            '<a href="//english.www.gov.cn/policies/latestreleases/">1</a> '
            '<a href="//english.www.gov.cn/policies/latestreleases/page_3.html">3</a> '
            '<a href="//english.www.gov.cn/policies/latestreleases/page_3.html">Next</a>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Latest Releases</title>
<link rel="stylesheet" href="//english.www.gov.cn/images/english2019.css">
</head>
<body>
<div class="header"><a class="logo" href="//english.www.gov.cn/">english.gov.cn</a></div>
<div class="location"><a href="//english.www.gov.cn/">HOME</a> &gt; <a href="//english.www.gov.cn/policies/">POLICIES</a> &gt; LATEST RELEASES</div>
<div class="list-container"><ul>
{chr(10).join(rows)}
</ul></div>
<div class="pages">{pager}</div>
<div class="footer">Copyright© www.gov.cn</div>
</body>
</html>
"""


def build() -> None:
    reset(SLUG)
    states_yaml(SLUG, {"week2": "week1"})
    write(SLUG, "week1", HOST + "/robots.txt", ROBOTS)
    write(SLUG, "week1", LIST, list_page(FIRST_PAGE, DOCS, 1))
    write(SLUG, "week1", LIST + "page_2.html", list_page(SECOND_PAGE, DOCS, 2))
    for doc in DOCS.values():
        write(SLUG, "week1", HOST + path_of(doc), detail(doc))
    # ---- week2: one new release on top; the oldest first-page row moves to page_2
    docs = {**DOCS, **NEW_WEEK2}
    write(SLUG, "week2", LIST, list_page(["ccer"] + FIRST_PAGE[:-1], docs, 1))
    write(SLUG, "week2", LIST + "page_2.html", list_page(FIRST_PAGE[-1:] + SECOND_PAGE, docs, 2))
    for doc in NEW_WEEK2.values():
        write(SLUG, "week2", HOST + path_of(doc), detail(doc))


if __name__ == "__main__":
    build()
