"""A synthetic offline mirror for the performance benchmarks: thousands of sources, with known ground truth.

The committed snapshots hold a few dozen real-looking sources; a benchmark needs hundreds or thousands. This
module generates them procedurally, in the list dialects and detail markup of the project's real CMS families
(TRS static lists, Hanweb column pages with embedded XML records, Guangdong gkmlpt JSON API, NEA ``ds_*.json``
data sources), with Chinese policy bodies of 5–50 KB built from a seeded vocabulary. It writes:

* ``<root>/sources/<slug>.yaml``: one source record per source (point ``REGWATCH_SOURCES_DIR`` here);
* ``<root>/snapshots/<slug>/week1|week2/<host>/…``: the mirror layout (``regwatch.mirror.layout``), where
  week2 inherits week1 (``states.yaml``) and holds only the changes;
* ``<root>/truth.json``: which detail URLs are new, revised and withdrawn in week2 — nothing else differs.

Same arguments, same bytes. ``python -m bench.synthetic OUTDIR --sources S --docs D`` runs :func:`generate`.
"""
from __future__ import annotations

import argparse
import html
import json
import math
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from hashlib import sha1
from pathlib import Path

import yaml

from regwatch.mirror.layout import snapshot_relpath

FAMILIES = ("trs", "hanweb", "gkmlpt", "nea")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
SHANGHAI = timezone(timedelta(hours=8))

# week1 is crawled at 2026-11-09 02:00 UTC and week2 a week later: week1 documents are dated up to 11-08, the
# week2 additions 11-10..11-15 (the store discards dates more than two days in the future)
WEEK1_FIRST, WEEK1_LAST = date(2026, 1, 5), date(2026, 11, 8)
NEW_FIRST, NEW_LAST = date(2026, 11, 10), date(2026, 11, 15)
BODY_MIN, BODY_MAX = 5_300, 47_000  # UTF-8 bytes of the body HTML; a revision adds well under 2 KB
OFF_TOPIC_SHARE = 0.2
NO_NUMBER_SHARE = 0.1  # documents printed without a 发文字号


# ---------------------------------------------------------------------------------------------- public API


@dataclass
class SyntheticWorld:
    root: Path  # the directory given
    snapshots: Path  # root / "snapshots" (mirror layout)
    records: Path  # root / "sources" (one <slug>.yaml per source; REGWATCH_SOURCES_DIR points here)
    slugs: list[str]
    hosts: dict[str, list[str]]  # host -> slugs on it
    list_urls: dict[str, list[str]]  # slug -> its list URLs (what urlwatch will also poll)
    truth: dict  # {"new": [detail urls], "revised": [...], "withdrawn": [...]}: week2 vs week1
    documents: int  # total detail documents in week1
    week1_docs: dict = field(default_factory=dict)  # slug -> [(detail url, title, published date)], newest first


# ---------------------------------------------------------------------------------------------- vocabulary

INDUSTRIES = ("钢铁", "有色金属", "建材", "石化化工", "电力", "煤炭", "数据中心", "纺织", "造纸", "汽车", "船舶",
              "机械装备", "水泥", "平板玻璃", "电解铝", "炼油", "乙烯", "合成氨", "陶瓷", "交通运输", "城乡建设",
              "农业农村", "轻工", "电子信息", "铸造", "锂电池", "光伏制造", "氢能", "物流", "公共机构")
MEASURES = ("节能降碳改造", "超低排放改造", "清洁能源替代", "余热余压利用", "绿色工厂创建", "碳排放核算",
            "产品碳足迹管理", "能效标杆引领", "分布式光伏建设", "新型储能应用", "绿氢替代", "碳捕集利用与封存",
            "工业绿色微电网建设", "电机能效提升", "工业固废综合利用", "再生资源回收利用", "绿色低碳园区建设",
            "用能权有偿使用", "碳排放权交易", "绿色电力交易", "老旧设备更新", "数字化能碳管理", "原燃料替代",
            "短流程炼钢", "高效热泵推广", "建筑光伏一体化", "充换电基础设施建设", "甲烷排放控制")
REGIONS = ("京津冀", "长三角", "粤港澳大湾区", "成渝地区", "黄河流域", "长江经济带", "东北地区", "西北地区",
           "苏南地区", "浙东地区", "珠三角地区", "粤东西北地区", "沿海地区", "中部地区")
ORGS_NATIONAL = ("国家发展改革委", "工业和信息化部", "生态环境部", "国家能源局", "住房城乡建设部", "交通运输部",
                 "市场监管总局", "国家统计局", "财政部", "科技部", "各省级人民政府", "国家电网有限公司", "国家节能中心",
                 "中国钢铁工业协会", "有关行业协会")
ORGS_PROVINCIAL = ("省发展改革委", "省工业和信息化厅", "省生态环境厅", "省能源局", "省住房城乡建设厅", "省交通运输厅",
        "省市场监管局", "省统计局", "省财政厅", "省科技厅", "各设区市人民政府", "国家电网有限公司",
        "各地节能监察机构", "中国钢铁工业协会", "国家节能中心", "有关行业协会")
STANDARDS = ("GB 21256-2024", "GB 30251-2024", "GB 16780-2021", "GB 32050-2022", "GB/T 32150-2015",
             "GB/T 24067-2024", "GB 19762-2023", "GB 18613-2020", "GB/T 51366-2019", "GB 55015-2021")
REFERENCES = ("《2030年前碳达峰行动方案》（国发〔2021〕23号）", "《工业领域碳达峰实施方案》（工信部联节〔2022〕88号）",
              "《关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见》",
              "《加快构建碳排放双控制度体系工作方案》（国办发〔2024〕39号）",
              "《2024—2025年节能降碳行动方案》（国发〔2024〕12号）", "《中华人民共和国节约能源法》",
              "《重点用能单位节能管理办法》", "《碳排放权交易管理暂行条例》", "《减污降碳协同增效实施方案》（环综合〔2022〕42号）")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌晓东海波宁鹏辉玲萍林瑞凯"
CHAPTERS_ON = ("总体要求", "主要目标", "重点任务", "推动产业结构优化升级", "加快节能降碳技术改造", "推进能源绿色低碳转型",
               "完善碳排放统计核算体系", "强化科技创新支撑", "健全市场化机制", "加强政策保障", "组织实施",
               "监督管理", "附则")
CHAPTERS_OFF = ("总则", "工作安排", "职责分工", "程序要求", "纪律要求", "保障措施", "附则")

# sentences of an on-topic (carbon peak / energy / industry) body; {slots} are filled per use (see _Slots)
ON_TOPIC = (
    "到{year}年，{ind}行业能源利用效率稳步提升，单位工业增加值能耗较{base}年下降{pct}%，{mea}取得明显进展。",
    "推动{ind}领域实施{mea}，力争在{year}年前完成改造项目{n}个，形成年节能能力{big}万吨标准煤。",
    "各地要于{date}前将{mea}工作进展情况报送{org}，逾期未报送的视为放弃当年度支持资格。",
    "严格控制{ind}新增产能，新建、改扩建项目应当达到能效标杆水平，不得以任何名义新增{ind}产能。",
    "加快{reg}{mea}试点示范，支持建设{n}个国家级绿色低碳园区和{n2}家绿色工厂。",
    "完善{ind}行业碳排放统计核算体系，建立重点企业碳排放数据月度报送制度，数据质量合格率达到{pct}%以上。",
    "鼓励金融机构在依法合规、风险可控的前提下，对{mea}项目给予累计不低于{n}亿元的专项信贷支持。",
    "{org}会同有关部门建立{ind}行业碳达峰工作协调机制，每{small}个月开展一次调度评估。",
    "对列入{year0}年度重点用能单位名单的{n}家企业开展专项节能监察，监察结果于{date}前向社会公布。",
    "到{year}年底，{reg}可再生能源发电装机容量达到{big}万千瓦，非化石能源消费比重达到{pct}%左右。",
    "根据{ref}有关要求，结合{reg}实际，制定本方案。",
    "{ind}企业应当按照{std}要求开展能效对标，能效低于基准水平的产能原则上于{year}年底前完成改造或淘汰。",
    "实施{mea}专项行动，{year0}年安排中央预算内投资{n}亿元，带动社会投资超过{big}亿元。",
    "开展{ind}产品碳足迹核算规则研究，到{year}年制定发布{n2}项重点产品碳足迹核算标准。",
    "推进{ind}行业与{mea}深度融合，培育{n2}个以上具有国际竞争力的绿色低碳产业集群。",
    "严禁在{reg}新建燃煤自备电厂，现有自备电厂应当于{year}年前完成清洁化改造。",
    "建立健全{mea}激励约束机制，对完成目标任务的地区在能耗指标分配上给予倾斜，未完成的予以通报。",
    "{org}负责牵头组织实施，每年{mon}月底前将上一年度工作总结和本年度工作计划报送省人民政府。",
    "加强{ind}行业节能降碳先进技术推广，遴选发布先进适用技术目录{n2}项，推广应用比例达到{pct}%。",
    "到{year}年，{ind}行业重点工序能效达到标杆水平的产能比例超过{pct}%，碳排放总量得到有效控制。",
    "支持有条件的{ind}企业建设零碳工厂，单个项目最高补助{n}万元，补助资金由省级财政统筹安排。",
    "各级财政要加大对{mea}的支持力度，{year0}年至{year}年累计安排专项资金{big}万元。",
    "电网企业应当优化{reg}电网调度运行方式，可再生能源利用率保持在{pct}%以上。",
    "实行{ind}行业阶梯电价政策，能效未达到基准水平的企业用电价格每千瓦时加价{cents}元。",
    "自{date}起，新建公共建筑全面执行绿色建筑标准，城镇新建建筑中星级绿色建筑占比达到{pct}%。",
    "推动{ind}领域大规模设备更新，到{year}年累计更新改造高耗能设备{big}台（套）。",
    "建立{mea}项目库，实行动态管理，入库项目总投资不低于{big}亿元，年度滚动调整一次。",
    "加快建设全国碳排放权交易市场，逐步将{ind}行业纳入管理，配额分配方法由{org}另行制定。",
    "各地应当在{date}前完成{ind}行业碳排放核查工作，核查报告同步抄送{org}。",
    "强化{mea}标准引领，修订{ind}单位产品能源消耗限额标准{n2}项，并按照{std}组织实施。",
    "鼓励{reg}开展{mea}先行先试，形成可复制、可推广的经验做法，每年总结推广典型案例{n2}个。",
    "到{year}年，全社会单位国内生产总值二氧化碳排放比{base}年下降{pct}%，确保如期实现碳达峰目标。",
    "{ind}企业年综合能源消费量在{n}万吨标准煤以上的，应当设立能源管理岗位并配备能源管理负责人。",
    "完善绿色电力证书交易制度，{year0}年{reg}绿色电力交易电量力争达到{big}亿千瓦时。",
    "严格落实节能审查制度，对年综合能源消费量{n}万吨标准煤以上的项目实行省级节能审查。",
    "推进{mea}与数字化转型协同，建设{ind}行业能碳管理平台，接入重点企业{n}家。",
    "强化监督考核，将{mea}目标完成情况纳入各地高质量发展综合绩效评价，考核结果于次年{mon}月公布。",
    "支持{ind}龙头企业牵头组建创新联合体，突破关键核心技术{n2}项以上。",
    "实施{ind}行业清洁生产审核，{year0}年完成审核的企业不少于{n}家。",
    "到{year}年，{reg}新能源汽车新车销售量占汽车新车销售总量的比例达到{pct}%左右。",
    "本方案自印发之日起施行，有效期至{year}年12月31日，{ref}同时参照执行。",
    "各有关单位要高度重视，加强组织领导，细化工作措施，确保{mea}各项任务落到实处。",
)
# sentences of an off-topic body (personnel, procurement, recruitment, meetings, safety inspections)
OFF_TOPIC = (
    "项目编号：{code}，采购方式为公开招标，预算金额{n}万元。",
    "本项目中标（成交）供应商为{company}，中标金额为人民币{big}元。",
    "各有关供应商对本结果有异议的，可以自公告之日起{small}个工作日内以书面形式提出质疑。",
    "经研究决定，任命{person}同志为办公室副主任，试用期一年；免去{person2}同志的相关职务。",
    "招聘岗位共{n2}个，计划招聘工作人员{n}名，具体岗位要求详见招聘岗位表。",
    "报名时间为{date}至{date2}，逾期不再受理，报考人员只能选择一个岗位报名。",
    "笔试成绩和面试成绩按照4:6的比例折算综合成绩，综合成绩计算保留小数点后两位。",
    "会议定于{date}上午9时召开，会期{small}天，请各单位于{date2}前将参会人员回执报送办公室。",
    "各单位要认真开展安全隐患排查整治，建立问题清单，整改完成率达到{pct}%以上。",
    "检查组由{person}同志带队，共分为{small}个小组，对{n}家单位开展实地检查。",
    "请各单位严格遵守会议纪律，会议期间不得随意请假，确有特殊情况的须提前书面报告。",
    "采购代理机构：{company}，联系人：{person}，联系电话：025-{phone}。",
    "根据工作需要，经党组会议研究，决定对{n2}名同志的职务进行调整。",
    "拟录用人员名单公示期为{small}个工作日，公示期间如有异议，请以书面形式向人事处反映。",
    "体检工作于{date}组织进行，体检标准参照《公务员录用体检通用标准（试行）》执行。",
    "节假日期间各单位要严格执行值班制度，值班人员应当保持通讯畅通，发生突发事件及时报告。",
    "本次培训共安排课程{n2}门，参训人员考核合格的由主办单位颁发结业证书。",
    "各单位于{date}前完成{year0}年度档案整理归档工作，归档率达到{pct}%以上。",
    "评审委员会由{small}名专家组成，评审结果经集体研究确定后予以公布。",
    "本公告由{org}负责解释，未尽事宜另行通知。",
)
COMPANIES = ("江苏华信工程咨询有限公司", "广东粤建招标代理有限公司", "浙江中正项目管理有限公司", "北京国信招标集团股份有限公司",
             "南京信息系统集成有限公司", "杭州数智科技有限公司", "广州城建物业服务有限公司", "中国电信股份有限公司分公司")

TOPIC_TITLES = (
    "关于印发《{ind}行业碳达峰实施方案》的通知",
    "关于印发《{reg}{ind}领域节能降碳行动方案（2026—2027年）》的通知",
    "关于加快推进{mea}的指导意见",
    "关于做好2026年{ind}行业{mea}工作的通知",
    "关于组织开展2026年度{mea}试点示范工作的通知",
    "关于印发《{ind}行业能效标杆水平和基准水平（2026年版）》的通知",
    "关于进一步完善{ind}行业阶梯电价机制的通知",
    "关于印发《{reg}{mea}工作方案》的通知",
    "关于公布2026年度{ind}行业{mea}典型案例名单的通知",
    "关于加强{ind}行业碳排放统计核算工作的通知",
    "关于推动{ind}领域大规模设备更新和{mea}的实施意见",
    "关于印发《{ind}行业绿色低碳发展规划（2026—2030年）》的通知",
)
OFF_TITLES = (
    ("procurement", "{site}2026年度{item}采购项目中标（成交）结果公告"),
    ("personnel", "关于{person}等同志职务任免的通知"),
    ("recruitment", "{site}2026年度公开招聘事业单位工作人员公告"),
    ("meeting", "关于召开2026年度{item}工作会议的通知"),
    ("safety", "关于开展2026年{season}安全生产大检查的通知"),
    ("training", "关于举办2026年{item}业务培训班的通知"),
)
ITEMS = ("办公设备", "信息化运维服务", "物业管理服务", "档案数字化", "机关食堂服务", "网络安全等级保护测评", "政务宣传",
         "统计调查", "财务审计", "后勤保障", "公文处理", "保密管理")
SEASONS = ("春季", "夏季", "秋冬季", "节前")


# ---------------------------------------------------------------------------------------------- agencies


@dataclass(frozen=True)
class Agency:
    """Who runs a synthetic site: naming, level, and the 发文字号 prefixes its documents carry."""

    key: str
    name: str
    short: str  # how titles name the issuer
    level: str
    region: str | None
    prefixes: tuple[str, ...]  # on-topic document numbers
    off_prefix: str  # personnel / meeting notices
    salutation: str


AGENCIES = {
    "trs": (
        Agency("ndrc", "国家发展和改革委员会", "国家发展改革委", "national", None, ("发改环资", "发改能源", "发改产业"),
               "发改人事", "各省、自治区、直辖市及计划单列市、新疆生产建设兵团发展改革委："),
        Agency("mee", "中华人民共和国生态环境部", "生态环境部", "national", None, ("环气候", "环综合", "环办气候"),
               "环人事", "各省、自治区、直辖市生态环境厅（局），新疆生产建设兵团生态环境局："),
        Agency("mohurd", "中华人民共和国住房和城乡建设部", "住房城乡建设部", "national", None, ("建标", "建科"),
               "建人", "各省、自治区住房和城乡建设厅，直辖市住房和城乡建设（管）委："),
        Agency("mot", "中华人民共和国交通运输部", "交通运输部", "national", None, ("交规划发", "交办规划"),
               "交人教发", "各省、自治区、直辖市、新疆生产建设兵团交通运输厅（局、委）："),
    ),
    "nea": (
        Agency("nea", "国家能源局", "国家能源局", "national", None, ("国能发新能", "国能发电力", "国能综通节能", "国能发科技"),
               "国能人事", "各省（自治区、直辖市）能源局，有关省（自治区、直辖市）及新疆生产建设兵团发展改革委，各派出机构："),
    ),
    "hanweb": (
        Agency("js_fzggw", "江苏省发展和改革委员会", "省发展改革委", "provincial", "jiangsu", ("苏发改资环发", "苏发改能源发"),
               "苏发改人", "各设区市发展改革委，省各有关部门："),
        Agency("js_gxt", "江苏省工业和信息化厅", "省工业和信息化厅", "provincial", "jiangsu", ("苏工信节能", "苏工信综合"),
               "苏工信人", "各设区市工业和信息化局："),
        Agency("zj_fzggw", "浙江省发展和改革委员会", "省发展改革委", "provincial", "zhejiang", ("浙发改能源", "浙发改资环"),
               "浙发改人", "各市、县（市、区）发展改革委（局），省级有关单位："),
    ),
    "gkmlpt": (
        Agency("gd_drc", "广东省发展和改革委员会", "广东省发展改革委", "provincial", "guangdong", ("粤发改能源函", "粤发改资环"),
               "粤发改人", "各地级以上市发展改革局（委），省有关单位："),
        Agency("gd_gxt", "广东省工业和信息化厅", "广东省工业和信息化厅", "provincial", "guangdong", ("粤工信节能函", "粤工信规字"),
               "粤工信人", "各地级以上市工业和信息化主管部门："),
        Agency("gd_sthjt", "广东省生态环境厅", "广东省生态环境厅", "provincial", "guangdong", ("粤环函", "粤环发"),
               "粤环人", "各地级以上市生态环境局，省有关单位："),
    ),
}
COLUMNS = {  # (path code, column name) of the lists one site exposes
    "trs": (("tz", "通知"), ("gg", "公告"), ("ghxwj", "规划文件"), ("xzgfxwj", "行政规范性文件"), ("bwj", "部文件"),
            ("bgtwj", "办公厅文件")),
    "nea": (("tz", "通知"), ("gg", "公告"), ("zxwj", "最新文件"), ("fgwj", "法规文件"), ("ghjh", "规划计划")),
    "hanweb": (("zcwj", "政策文件"), ("tzgg", "通知公告"), ("gfxwj", "规范性文件"), ("zcjd", "政策解读")),
    "gkmlpt": (("all", "全部"), ("tzgg", "通知公告"), ("zcwj", "政策文件"), ("ghjh", "规划计划")),
}


# ---------------------------------------------------------------------------------------------- plan


@dataclass
class Doc:
    """One detail document: everything its list row and detail page print."""

    url: str
    ident: int
    title: str
    published: date
    written: date  # 成文日期
    clock: str  # HH:MM of publication
    doc_number: str | None
    on_topic: bool
    kind: str  # topic, or the off-topic kind (procurement, personnel, ...)
    body_seed: int
    body_size: int
    topic: dict = field(default_factory=dict)  # doc-level slot choices (industry, measure, region)



@dataclass
class Site:
    host: str
    family: str
    agency: Agency
    number: int  # NNNN of www.synNNNN.gov.cn
    sid: str  # gkmlpt _CONFIG.SID
    slugs: list[str] = field(default_factory=list)


@dataclass
class Source:
    slug: str
    family: str
    site: Site
    column: int  # index of this list on its site
    dialect: int  # 0/1: two real dialects of the family (TRS: NDRC/MEE, Hanweb: raw/escaped records)
    code: str
    column_name: str
    columnid: int  # Hanweb column / gkmlpt category
    unitid: int
    ds_id: str  # NEA data source id
    docs: list[Doc] = field(default_factory=list)  # week1, newest first
    added: list[Doc] = field(default_factory=list)  # week2 additions, newest first
    capacity: int = 0  # the longest the list gets (week1 or week2): one list page always holds it all

    @property
    def host(self) -> str:
        return self.site.host


def _round_count(rate: float, total: int) -> int:
    """``rate × total`` rounded half up; at least 1 once the world holds 100 documents."""
    count = math.floor(rate * total + 0.5)
    return max(count, 1) if total >= 100 and rate > 0 else count


def _hex32(*parts) -> str:
    return sha1("/".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]


class _Counter:
    def __init__(self, start: int = 0):
        self.value = start

    def next(self) -> int:
        self.value += 1
        return self.value


def _plan_sources(count: int, sources_per_host: int, seed: int) -> tuple[list[Source], list[Site]]:
    """Sources round-robin over the families; each family's sources fill hosts of ``sources_per_host``."""
    sources, sites = [], []
    family_sites: dict[tuple[str, int], Site] = {}
    per_family = {f: 0 for f in FAMILIES}
    for i in range(count):
        family = FAMILIES[i % len(FAMILIES)]
        j = per_family[family]
        per_family[family] += 1
        site_key = (family, j // sources_per_host)
        site = family_sites.get(site_key)
        if site is None:
            number = len(sites) + 1
            agencies = AGENCIES[family]
            site = Site(host=f"www.syn{number:04d}.gov.cn", family=family,
                        agency=agencies[site_key[1] % len(agencies)], number=number, sid=str(number + 1))
            family_sites[site_key] = site
            sites.append(site)
        column = len(site.slugs)
        columns = COLUMNS[family]
        code, column_name = columns[column % len(columns)]
        if column >= len(columns):  # more lists than the site has names for: number them
            round_ = column // len(columns) + 1
            code, column_name = f"{code}{round_}", f"{column_name}（{round_}）"
        slug = f"syn_{family}_{j + 1:04d}"
        site.slugs.append(slug)
        # Hanweb column ids look like Zhejiang's col1229565788; gkmlpt categories are small numbers
        columnid = site.number * 100 + column + (1 if family == "gkmlpt" else 1_229_000_000)
        sources.append(Source(
            slug=slug, family=family, site=site, column=column, dialect=j % 2, code=code,
            column_name=column_name, columnid=columnid, unitid=400_000 + site.number * 100 + column,
            ds_id=_hex32(seed, slug, "datasource"),
        ))
    return sources, sites


class _Slots(dict):
    """``str.format_map`` mapping that draws a fresh value for every slot of a sentence template."""

    def __init__(self, rng: random.Random, topic: dict, agency: Agency):
        super().__init__()
        self.rng, self.topic, self.issuer = rng, topic, agency.short
        self.orgs = ORGS_NATIONAL if agency.level == "national" else ORGS_PROVINCIAL

    def _pick(self, pool):
        return pool[int(self.rng.random() * len(pool))]

    def __missing__(self, key: str) -> str:
        rng, topic = self.rng, self.topic
        if key == "ind":
            return topic["ind"] if rng.random() < 0.6 else self._pick(INDUSTRIES)
        if key == "mea":
            return self._pick(topic["measures"]) if rng.random() < 0.7 else self._pick(MEASURES)
        if key == "reg":
            return topic["reg"] if rng.random() < 0.5 else self._pick(REGIONS)
        if key == "org":
            return self._pick(self.orgs)
        if key == "year":
            return str(2026 + int(rng.random() * 10))
        if key == "year0":
            return str(2025 + int(rng.random() * 3))
        if key == "base":
            return str(2020 + int(rng.random() * 6))
        if key == "pct":
            return f"{5 + rng.random() * 85:.1f}".rstrip("0").rstrip(".")
        if key in ("n", "n2"):
            return str(2 + int(rng.random() * (480 if key == "n" else 40)))
        if key == "big":
            return str(100 + int(rng.random() * 9900))
        if key == "small":
            return str(2 + int(rng.random() * 10))
        if key == "cents":
            return f"0.{1 + int(rng.random() * 9)}"
        if key == "mon":
            return str(1 + int(rng.random() * 12))
        if key in ("date", "date2"):
            return f"2026年{1 + int(rng.random() * 12)}月{1 + int(rng.random() * 28)}日"
        if key == "ref":
            return self._pick(REFERENCES)
        if key == "std":
            return self._pick(STANDARDS)
        if key in ("person", "person2"):
            return self._pick(SURNAMES) + "".join(self._pick(GIVEN) for _ in range(1 + int(rng.random() * 2)))
        if key == "company":
            return self._pick(COMPANIES)
        if key == "code":
            return f"SYN{2026}-{int(rng.random() * 90000) + 10000}"
        if key == "phone":
            return str(80000000 + int(rng.random() * 9999999))
        if key == "issuer":
            return self.issuer
        raise KeyError(key)


_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五 (article and chapter numbers)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                 ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    return _CN_DIGITS[n // 100] + "百" + tail


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class _Planner:
    """Draws documents (titles, dates, numbers, body seeds) for the sources, deterministically."""

    def __init__(self, seed: int):
        self.seed = seed
        self.idents = _Counter(0)
        self.numbers: dict[str, _Counter] = {}

    def doc_number(self, prefix: str, rng: random.Random) -> str:
        counter = self.numbers.setdefault(prefix, _Counter(int(rng.random() * 20)))
        counter.value += 1 + int(rng.random() * 3)
        return f"{prefix}〔2026〕{counter.value}号"

    def make_doc(self, source: Source, rng: random.Random, published: date) -> Doc:
        agency = source.site.agency
        ident = self.idents.next()
        on_topic = rng.random() >= OFF_TOPIC_SHARE
        topic = {"ind": rng.choice(INDUSTRIES), "measures": rng.sample(MEASURES, 3),
                 "reg": rng.choice(REGIONS)}
        if on_topic:
            kind = "topic"
            pattern = rng.choice(TOPIC_TITLES)
            title = pattern.format(ind=topic["ind"], mea=topic["measures"][0], reg=topic["reg"])
            issuer = agency.short
            partners = [a for family in AGENCIES.values() for a in family
                        if (a.level, a.region) == (agency.level, agency.region) and a.short != agency.short]
            if partners and rng.random() < 0.3:  # a joint document of two bodies of the same government
                issuer = f"{agency.short} {rng.choice(partners).short}"
            title = f"{issuer}{title}"
            prefix = rng.choice(agency.prefixes)
            number = None if rng.random() < NO_NUMBER_SHARE else self.doc_number(prefix, rng)
        else:
            kind, pattern = rng.choice(OFF_TITLES)
            slots = _Slots(rng, topic, agency)
            title = pattern.format(site=agency.name, item=rng.choice(ITEMS), season=rng.choice(SEASONS),
                                   person=slots["person"])
            numbered = kind in ("personnel", "meeting", "safety", "training")
            number = self.doc_number(agency.off_prefix, rng) if numbered else None
        if number and source.family == "trs" and source.dialect == 0 and on_topic:
            title = f"{title}（{number}）"  # NDRC prints the 文号 inside the title
        url = self.detail_url(source, ident, published)
        clock = f"{8 + int(rng.random() * 10):02d}:{int(rng.random() * 60):02d}"
        return Doc(url=url, ident=ident, title=title, published=published,
                   written=published - timedelta(days=int(rng.random() * 6)), clock=clock, doc_number=number,
                   on_topic=on_topic, kind=kind, body_seed=rng.getrandbits(63),
                   body_size=BODY_MIN + int(rng.random() * (BODY_MAX - BODY_MIN)), topic=topic)

    def detail_url(self, source: Source, ident: int, published: date) -> str:
        host, d = source.host, published
        if source.family == "trs":
            number = 1_400_000 + ident
            if source.dialect == 0:
                return f"http://{host}/xxgk/zcfb/{source.code}/{d:%Y%m}/t{d:%Y%m%d}_{number}.html"
            return f"http://{host}/zcwj/{source.code}/{d:%Y%m}/t{d:%Y%m%d}_{number}.shtml"
        if source.family == "hanweb":
            article = f"art_{source.columnid}_{4_600_000 + ident}"
            return f"http://{host}/art/{d.year}/{d.month}/{d.day}/{article}.html"
        if source.family == "gkmlpt":
            post = 4_800_000 + ident
            return f"http://{host}/gkmlpt/content/{post // 1_000_000}/{post // 1000}/post_{post}.html"
        return f"http://{host}/{d:%Y%m%d}/{_hex32(self.seed, source.slug, ident)}/c.html"


def _week1_dates(rng: random.Random, count: int) -> list[date]:
    span = (WEEK1_LAST - WEEK1_FIRST).days
    days = (WEEK1_FIRST + timedelta(days=int(rng.random() * (span + 1))) for _ in range(count))
    return sorted(days, reverse=True)


# ---------------------------------------------------------------------------------------------- bodies


def body_paragraphs(doc: Doc, issuer: Agency) -> list[str]:
    """The body of a document as paragraphs of plain text (``<p>`` each), about ``doc.body_size`` bytes."""
    rng = random.Random(doc.body_seed)
    slots = _Slots(rng, doc.topic, issuer)
    templates = ON_TOPIC if doc.on_topic else OFF_TOPIC
    # each document uses its own subset of the sentence templates, so two documents read differently
    chosen = rng.sample(templates, max(6, len(templates) // 3))
    chapters = CHAPTERS_ON if doc.on_topic else CHAPTERS_OFF
    plan_title = doc.title.split("《", 1)[1].rsplit("》", 1)[0] if "《" in doc.title else None
    paragraphs = [issuer.salutation]
    if plan_title:
        paragraphs.append(f"现将《{plan_title}》印发给你们，请结合实际认真贯彻落实。执行中遇到的问题，请及时向"
                          f"{issuer.short}反映。")
        paragraphs += [issuer.name, cn_date(doc.written), plan_title]
    else:
        opening = (f"为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大决策部署，推动{doc.topic['ind']}行业绿色低碳转型，"
                   f"现就有关事项通知如下。") if doc.on_topic else "根据工作安排，现将有关事项通知如下。"
        paragraphs.append(opening)
    if doc.doc_number and rng.random() < 0.3:
        paragraphs.append(f"本文件与{doc.doc_number}配套执行。")
    closing = [f"{issuer.name}", cn_date(doc.written), "（此件公开发布）"]
    size = sum(len(p.encode("utf-8")) + 8 for p in paragraphs + closing)
    article, chapter = 0, 0
    while size < doc.body_size:
        if article % (4 + int(rng.random() * 5)) == 0:
            chapter += 1
            heading = f"第{chinese_number(chapter)}章　{chapters[(chapter - 1) % len(chapters)]}"
            paragraphs.append(heading)
            size += len(heading.encode("utf-8")) + 8
        article += 1
        sentences = "".join(rng.choice(chosen).format_map(slots) for _ in range(1 + int(rng.random() * 4)))
        text = f"第{chinese_number(article)}条　{sentences}"
        paragraphs.append(text)
        size += len(text.encode("utf-8")) + 8
    return paragraphs + ([] if plan_title else closing)


_NUMBER = re.compile(r"\d+")


def revise(paragraphs: list[str], doc: Doc) -> list[str]:
    """A substantive revision: one number in an article changed, and a dated paragraph added."""
    rng = random.Random(doc.body_seed ^ 0x5EED)
    revised = list(paragraphs)
    articles = [i for i, p in enumerate(revised) if p.startswith("第") and "条　" in p[:8] and _NUMBER.search(p)]
    if articles:
        i = articles[int(rng.random() * len(articles))]
        numbers = list(_NUMBER.finditer(revised[i]))
        match = numbers[int(rng.random() * len(numbers))]
        changed = str(int(match[0]) + 1 + int(rng.random() * 9))
        revised[i] = revised[i][:match.start()] + changed + revised[i][match.end():]
    day = NEW_FIRST + timedelta(days=int(rng.random() * 5))
    added = (f"（{cn_date(day)}补充）{doc.topic['ind']}行业相关企业应当于2027年{1 + int(rng.random() * 6)}月底前"
             f"完成自查，并将不少于{10 + int(rng.random() * 90)}项整改措施报送主管部门。")
    revised.insert(max(2, len(revised) // 2), added)
    return revised


def paragraphs_html(paragraphs: list[str]) -> str:
    """``<p>`` elements; chapter headings bold, the attached plan's title centred."""
    out = []
    for text in paragraphs:
        escaped = html.escape(text, quote=False)
        if text.startswith("第") and "章　" in text[:8]:
            out.append(f"<p><strong>{escaped}</strong></p>")
        else:
            out.append(f"<p>{escaped}</p>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- families

_esc = html.escape


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _index_number(base: int, source: Source, doc: Doc) -> str:
    """A 索引号 like ``100000001/2026-00083``."""
    return f"{base + source.site.number}/2026-{doc.ident % 100000:05d}"


class Family:
    """How one CMS family publishes a source: its record, list files and detail pages."""

    name = ""

    def record_options(self, source: Source, capacity: int) -> dict:
        """The record's ``options`` (``capacity``: the most rows the list ever shows)."""
        raise NotImplementedError

    def list_urls(self, source: Source) -> list[str]:
        raise NotImplementedError

    def list_files(self, source: Source, docs: list[Doc]) -> list[tuple[str, bytes]]:
        """``(relpath, bytes)`` of the list answers showing ``docs`` (newest first)."""
        raise NotImplementedError

    def detail_page(self, source: Source, doc: Doc, body_html: str) -> bytes:
        raise NotImplementedError

    def shared_files(self, site: Site, sources: list[Source]) -> list[tuple[str, bytes]]:
        """Files every source of the site ships identically (robots.txt, a site-wide index)."""
        return [(snapshot_relpath(f"http://{site.host}/robots.txt"), ROBOTS)]

    @staticmethod
    def page(title: str, site_name: str, body: str, meta: str = "") -> bytes:
        """A whole UTF-8 page: ``<head>`` with charset, SiteName and ``meta``, then ``body``."""
        return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="SiteName" content="{_attr(site_name)}">\n{meta}'
                f'<title>{_esc(title)}</title>\n</head>\n<body>\n{body}</body>\n</html>\n').encode()


class TrsFamily(Family):
    """TRS WCM static lists: NDRC dialect (``ul.u-list``, ``YYYY/MM/DD``), MEE (``span.date``, .shtml)."""

    name = "trs"

    def list_urls(self, source):
        if source.dialect == 0:
            return [f"http://{source.host}/xxgk/zcfb/{source.code}/"]
        return [f"http://{source.host}/zcwj/{source.code}/index.shtml"]

    def record_options(self, source, capacity):
        if source.dialect == 0:
            return {"row_selectors": ["ul.u-list li"],
                    "detail": {"body_selectors": ["div.article_con .TRS_Editor", "div.article_con"]}}
        return {"row_selectors": ["li:has(span.date)"], "page_ext": "shtml",
                "detail": {"title_selectors": ["h2.neiright_Title"],
                           "body_selectors": ["div.content_body_box", "div.neiright_JPZ_GK_CP"]}}

    @staticmethod
    def _href(doc: Doc) -> str:
        """The row link, relative to the column: ``./YYYYMM/tYYYYMMDD_N.html``."""
        month, name = doc.url.rsplit("/", 2)[-2:]
        return f"./{month}/{name}"

    def list_files(self, source, docs):
        agency, column = source.site.agency, _esc(source.column_name)
        meta = f'<meta name="ColumnName" content="{_attr(source.column_name)}">\n'
        if source.dialect == 0:
            rows = []
            for n, doc in enumerate(docs):
                shown = doc.title if len(doc.title) <= 32 else doc.title[:32] + "..."
                rows.append(f'<li><a href="{self._href(doc)}" target="_blank" title="{_attr(doc.title)}">'
                            f'{_esc(shown)}</a><span>{doc.published:%Y/%m/%d}</span></li>')
                if n % 5 == 4:
                    rows.append('<li class="empty"></li>')
            body = (f'<div class="header"><a class="logo" href="/">{_esc(agency.name)}</a>\n'
                    '<ul class="nav"><li><a href="/xwdt/">新闻动态</a></li>'
                    '<li><a href="/xxgk/">政务公开</a></li></ul></div>\n'
                    '<div class="container">\n<div class="position">当前位置：<a href="../../../">首页</a> &gt; '
                    f'<a href="../../">政务公开</a> &gt; {column}</div>\n'
                    f'<div class="list">\n<div class="list-title">{column}</div>\n<ul class="u-list">\n'
                    + "\n".join(rows) + "\n</ul>\n"
                    '<div class="page"><script type="text/javascript">createPageHTML(1, 0, "index", "html");'
                    '</script></div>\n</div></div>\n'
                    f'<div class="footer">{_esc(agency.name)} 版权所有</div>\n')
            page = self.page(f"{source.column_name}-{agency.name}", agency.name, body, meta)
        else:
            rows = [f'<li><span class="date">{doc.published:%Y-%m-%d}</span>'
                    f'<a href="{self._href(doc)}" target="_blank">{_esc(doc.title)}</a></li>' for doc in docs]
            body = (f'<div class="header"><a href="/">{_esc(agency.name)}</a></div>\n'
                    '<div class="main">\n<div class="left_nav"><ul>\n'
                    '<li><a href="/zcwj/zyygwj/">中央有关文件</a></li>'
                    '<li><a href="/zcwj/gwywj/">国务院有关文件</a></li>'
                    f'<li class="on"><a href="./">{column}</a></li></ul></div>\n'
                    '<div class="iframe-list"><ul id="div">\n' + "\n".join(rows) + "\n</ul>\n"
                    '<div class="page"><script>\nvar currentPage = 0;\nvar countPage = 1;\n'
                    'createPageHTML(countPage, currentPage, "index", "shtml");\n</script></div>\n'
                    '</div></div>\n'
                    f'<div class="footer">版权所有：{_esc(agency.name)}</div>\n')
            page = self.page(f"{source.column_name}_{agency.short}", agency.name, body, meta)
        return [(snapshot_relpath(self.list_urls(source)[0]), page)]

    def detail_page(self, source, doc, body_html):
        agency, title = source.site.agency, _esc(doc.title)
        meta = (f'<meta name="ColumnName" content="{_attr(source.column_name)}">\n'
                f'<meta name="ArticleTitle" content="{_attr(doc.title)}">\n'
                f'<meta name="PubDate" content="{doc.published:%Y-%m-%d} {doc.clock}">\n'
                f'<meta name="ContentSource" content="{_attr(agency.short)}">\n')
        tools = ('<a href="javascript:window.print()">打印本页</a> '
                 '<a href="javascript:window.close()">关闭窗口</a>')
        if source.dialect == 0:
            size = " ".join(f'<a href="javascript:void(0)">{s}</a>' for s in "大中小")
            body = (f'<div class="header"><a class="logo" href="/">{_esc(agency.name)}</a></div>\n'
                    '<div class="container">\n<div class="position">当前位置：<a href="../../../../">首页</a> &gt; '
                    f'<a href="../">{_esc(source.column_name)}</a></div>\n<div class="article">\n'
                    f'<div class="article_title"><h2>{title}</h2>\n<div class="time">'
                    f'<span>发布时间：{doc.published:%Y/%m/%d}</span><span>来源：{_esc(agency.short)}</span>\n'
                    f'<span class="fontsize">[ 字号 {size} ]</span></div></div>\n'
                    '<div class="article_con article_con_title">\n'
                    f'<div class="TRS_Editor">\n{body_html}\n</div>\n</div>\n'
                    f'<div class="ewm">扫一扫在手机打开当前页</div>\n<div class="print">{tools}</div>\n</div></div>\n'
                    f'<div class="footer">{_esc(agency.name)} 版权所有</div>\n')
            return self.page(f"{doc.title}-{agency.name}", agency.name, body, meta)
        number = f'<li><span>文　　号：</span><i>{_esc(doc.doc_number)}</i></li>\n' if doc.doc_number else ""
        body = (f'<div class="header"><a href="/">{_esc(agency.name)}</a></div>\n'
                '<div class="content_top_box"><ul>\n'
                f'<li class="first"><span>索 引 号：</span><i>{_index_number(100000000, source, doc)}</i></li>\n'
                f'<li><span>分　　类：</span><i>{"应对气候变化" if doc.on_topic else "综合政务"}</i></li>\n'
                f'<li><span>发布机关：</span><i>{_esc(agency.short)}</i></li>\n'
                f'<li><span>生成日期：</span><i>{doc.written:%Y-%m-%d}</i></li>\n'
                f'<li class="name"><span>名　　称：</span><i>{title}</i></li>\n{number}</ul></div>\n'
                f'<div class="content_body">\n<h1>{title}</h1>\n<div class="content_body_box">\n'
                f'<div class="Custom_UnionStyle">\n{body_html}\n</div>\n</div>\n'
                f'<div class="neiright_Tools">{tools}</div>\n</div>\n'
                f'<div class="footer">版权所有：{_esc(agency.name)}</div>\n')
        return self.page(f"{doc.title}_{agency.short}", agency.name, body, meta)


class HanwebFamily(Family):
    """Hanweb column pages: records as raw CDATA (POST dataproxy, ``<b>`` dates) or entity-escaped (GET,
    ``span.time`` dates printed ``2026- 10- 30``)."""

    name = "hanweb"

    def list_urls(self, source):
        return [f"http://{source.host}/col/col{source.columnid}/index.html"]

    def record_options(self, source, capacity):
        perpage = max(15, -(-capacity // 5) * 5)  # page 1 holds the whole list: the pager never asks for more
        common = {"webid": source.site.number, "columnid": source.columnid, "unitid": source.unitid,
                  "perpage": perpage}
        if source.dialect == 0:
            return {"proxy": "post", **common, "webname": source.site.agency.name, "date": "b",
                    "body_selectors": ["div.bfr_article_content"]}
        return {"proxy": "get", **common, "date": "span.time"}

    def list_files(self, source, docs):
        agency, opts = source.site.agency, self.record_options(source, source.capacity)
        webid, columnid, unitid = source.site.number, source.columnid, source.unitid
        proxy = (f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={webid}&path=/"
                 f"&columnid={columnid}&unitid={unitid}&permissiontype=0")
        records = []
        for doc in docs:
            href, day = doc.url.split(source.host, 1)[1], doc.published
            if source.dialect == 0:
                row = (f'<li><a href="{href}" title="{_attr(doc.title)}" target="_blank">'
                       f'{_esc(doc.title)}</a><b>{day:%Y-%m-%d}</b></li>')
            else:
                shown = doc.title if len(doc.title) <= 26 else doc.title[:26] + "…"
                row = (f'<li><a title="{_attr(doc.title)}" href="{href}" target="_blank">{_esc(shown)}</a>'
                       f'<span class="time">{day.year}- {day.month:02d}- {day.day:02d}</span></li>')
            records.append(f"<record><![CDATA[\n{row}\n]]></record>")
        store = (f'<datastore>\n<nextgroup><![CDATA[<a href="{proxy}"></a>]]></nextgroup>\n<recordset>\n'
                 + "\n".join(records) + "\n</recordset>\n</datastore>")
        if source.dialect == 1:
            store = html.escape(store, quote=True)
        jpage = (f"dataStore: dataStore, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
                 f"perPage: {opts['perpage']}, totalRecord: {len(docs)}, groupSize: 1, "
                 f"webid: '{webid}', columnid: '{columnid}'")
        body = (f'<div class="header">{_esc(agency.name)}</div>\n<div class="main">'
                f'<div class="bt-position">当前位置：{_esc(source.column_name)}</div>\n'
                f'<div id="{unitid}"><script type="text/xml">{store}</script></div>\n'
                '<script language="javascript" src="/module/web/jpage/jpage.js"></script>\n'
                f"<script>\n$('#{unitid}').jpage({{{jpage}}});\n</script>\n</div>\n")
        meta = f'<meta name="ColumnName" content="{_attr(source.column_name)}">\n'
        page = self.page(f"{source.column_name} {agency.name}", agency.name, body, meta)
        return [(snapshot_relpath(self.list_urls(source)[0]), page)]

    def detail_page(self, source, doc, body_html):
        agency, title, stamp = source.site.agency, _esc(doc.title), f"{doc.published:%Y-%m-%d} {doc.clock}"
        meta = (f'<meta name="ArticleTitle" content="{_attr(doc.title)}">\n'
                f'<meta name="PubDate" content="{stamp}">\n'
                f'<meta name="Author" content="{_attr(agency.name)}">\n')
        heading = (f'<div class="sp_title">{title}</div>\n<div class="sp_time">'
                   f'<publishtime>{stamp}</publishtime>　信息来源：{_esc(agency.name)}</div>\n')
        if source.dialect == 0:
            body = (f'<div class="main">{heading}'
                    f'<div class="article_zoom bfr_article_content">\n{body_html}\n</div>\n'
                    '<div class="bt-share">分享到：</div></div>\n')
        else:
            cells = (("索 引 号", _index_number(200000000, source, doc)),
                     ("主题分类", "能源" if doc.on_topic else "综合政务"),
                     ("发文机关", _esc(agency.name)), ("成文日期", f"{doc.written:%Y-%m-%d}"),
                     ("发文字号", _esc(doc.doc_number or "")), ("发布日期", f"{doc.published:%Y-%m-%d}"))
            table = "".join(f"<tr><th>{a}</th><td>{x}</td><th>{b}</th><td>{y}</td></tr>"
                            for (a, x), (b, y) in zip(cells[::2], cells[1::2]))
            body = (f'<div class="main"><table class="xxgk_table">{table}</table>\n{heading}'
                    f'<div class="article-content"><div id="zoom">\n{body_html}\n</div></div>\n'
                    '<div class="bt-share">分享到：</div></div>\n')
        return self.page(f"{doc.title} {agency.name}", agency.name, body, meta)


def _script_json(value) -> str:
    """JSON for an inline ``<script>``, escaped the way gkmlpt pages print it (``\\u003C``, ``\\/``)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("/", "\\/").replace("<", "\\u003C").replace(">", "\\u003E")


def _epoch(day: date, clock: str = "00:00") -> int:
    """Epoch seconds of ``day`` at ``clock`` in Asia/Shanghai."""
    hour, minute = (int(x) for x in clock.split(":"))
    return int(datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI).timestamp())


class GkmlptFamily(Family):
    """Guangdong gkmlpt: site-wide ``/gkmlpt/index`` (SID), ``api/all/<category>`` JSON, bodies in
    ``_CONFIG.DETAIL``."""

    name = "gkmlpt"

    def list_urls(self, source):
        return [f"http://{source.host}/gkmlpt/index"]

    def api_url(self, source) -> str:
        return f"http://{source.host}/gkmlpt/api/all/{source.columnid}?page=1&sid={source.site.sid}"

    def record_options(self, source, capacity):
        # the SID is stable per site: the record names it, so a sweep asks the API directly (one request)
        return {"category": source.columnid, "per_page": max(100, capacity), "sid": source.site.sid}

    def shared_files(self, site, sources):
        tree = [{"id": s.columnid, "name": s.column_name, "jump_url": "", "children": []} for s in sources]
        search = f"http://search.{site.host.split('.', 1)[1]}/jsonp/site/{site.sid}"
        body = ('<div id="app"></div>\n<script>\nwindow._CONFIG = {\n'
                f"  SID: '{site.sid}',\n  TREE: {json.dumps(tree, ensure_ascii=False)},\n"
                f"  SERVICE_AREA_ID: 1,\n  SEARCH_JSONP_URL: '{search}'\n}};\n</script>\n"
                '<script src="/gkmlpt/static/js/app.js"></script>\n')
        index = self.page(f"政府信息公开 {site.agency.name}", site.agency.name, body)
        index_path = snapshot_relpath(f"http://{site.host}/gkmlpt/index")
        return super().shared_files(site, sources) + [(index_path, index)]

    def _article(self, source, doc) -> dict:
        return {"id": int(doc.url.rsplit("_", 1)[1].split(".")[0]), "title": doc.title,
                "document_number": doc.doc_number or "", "identifier": _index_number(300000000, source, doc),
                "publisher": source.site.agency.name, "date": _epoch(doc.written),
                "display_publish_time": _epoch(doc.published, doc.clock)}

    def list_files(self, source, docs):
        articles = []
        for doc in docs:
            article = self._article(source, doc)
            article.update({"keywords": "", "created_at": f"{doc.published:%Y-%m-%d} 00:00:00",
                            "create_time": article["display_publish_time"] + 600, "abstract": "",
                            "classify_main": 1, "classify_main_name": "综合政务", "url": doc.url,
                            "post_url": doc.url, "is_expired": False, "is_abolished": False,
                            "attachment": []})
            articles.append(article)
        data = {"total": len(docs), "classify": {"post_count": len(docs)}, "articles": articles}
        answer = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return [(snapshot_relpath(self.api_url(source)), answer)]

    def detail_page(self, source, doc, body_html):
        agency = source.site.agency
        detail = {**self._article(source, doc), "content": body_html, "attachment": []}
        body = ('<div id="app"></div>\n<script>\nwindow._CONFIG = {\n'
                f"  SID: '{source.site.sid}',\n  DETAIL: {_script_json(detail)},\n  IS_MOBILE: false\n}};\n"
                '</script>\n<script src="/gkmlpt/static/js/detail.js"></script>\n')
        meta = f'<meta name="ArticleTitle" content="{_attr(doc.title)}">\n'
        return self.page(f"{doc.title} {agency.name}", agency.name, body, meta)


class NeaFamily(Family):
    """NEA columns: a JS shell naming ``ds_<hex>.json`` (BOM, the whole column in one file); 文号 atop the
    body."""

    name = "nea"

    def list_urls(self, source):
        return [f"http://{source.host}/policy/{source.code}.htm"]

    def record_options(self, source, capacity):
        return {"datasource": source.ds_id}  # the data file's id: a sweep asks ds_<id>.json directly

    @staticmethod
    def _raw_title(doc: Doc) -> str:
        """The ``title`` field as the CMS leaves it: every tenth one broken by a ``<br/>``."""
        if doc.ident % 10 or len(doc.title) < 12:
            return doc.title
        middle = len(doc.title) // 2
        return doc.title[:middle] + "<br/>" + doc.title[middle:]

    def list_files(self, source, docs):
        agency, shell_url = source.site.agency, self.list_urls(source)[0]
        body = (f'<div class="list-box"><h2>{_esc(source.column_name)}</h2>\n'
                f'<ul class="list" id="showData0" data="datasource:{source.ds_id}" preview="ds_"></ul>\n'
                '<div id="pagination"></div></div>\n<script src="/govapp/js/datasource.js"></script>\n')
        meta = f'<meta name="ColumnName" content="{_attr(source.column_name)}">\n'
        shell = self.page(f"{source.column_name}-{agency.name}", agency.name, body, meta)
        rows = [{"title": self._raw_title(doc), "showTitle": doc.title, "publishUrl": doc.url,
                 "publishTime": f"{doc.published:%Y-%m-%d} {doc.clock}:00", "summary": "",
                 "sourceText": agency.name, "author": "", "editor": "", "responsibleEditor": "",
                 "keywords": "能源", "linkUrls": []} for doc in docs]
        data = {"categoryName": source.column_name, "categoryDesc": "", "datasource": rows}
        ds_url = shell_url.rsplit("/", 1)[0] + f"/ds_{source.ds_id}.json"
        ds = b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")  # with a BOM
        return [(snapshot_relpath(shell_url), shell), (snapshot_relpath(ds_url), ds)]

    def detail_page(self, source, doc, body_html):
        agency, stamp = source.site.agency, f"{doc.published:%Y-%m-%d} {doc.clock}:00"
        meta = (f'<meta name="ArticleTitle" content="{_attr(doc.title)}">\n'
                f'<meta name="PubDate" content="{stamp}">\n'
                f'<meta name="ContentSource" content="{_attr(agency.name)}">\n')
        number = f'<p style="text-align: center;">{_esc(doc.doc_number)}</p>\n' if doc.doc_number else ""
        body = (f'<div class="article"><div class="titles">{_esc(doc.title)}</div>\n'
                f'<div class="author">来源：{_esc(agency.name)}　发布时间：{stamp}</div>\n'
                f'<div id="detailContent">\n{number}{body_html}\n</div></div>\n')
        return self.page(f"{doc.title}-{agency.name}", agency.name, body, meta)


FAMILY_WRITERS: dict[str, Family] = {
    family.name: family for family in (TrsFamily(), HanwebFamily(), GkmlptFamily(), NeaFamily())}


# ---------------------------------------------------------------------------------------------- writing


class _Writer:
    """Writes files under ``snapshots/<slug>/<state>/``, creating each directory once."""

    def __init__(self, snapshots: Path):
        self.snapshots = snapshots
        self.made: set[str] = set()
        self.files = 0
        self.bytes = 0

    def write(self, slug: str, state: str, relpath: str, data: bytes) -> None:
        path = os.path.join(self.snapshots, slug, state, relpath)
        directory = os.path.dirname(path)
        if directory not in self.made:
            os.makedirs(directory, exist_ok=True)
            self.made.add(directory)
        with open(path, "wb") as handle:
            handle.write(data)
        self.files += 1
        self.bytes += len(data)


def _record(source: Source, family: Family, docs_per_source: int) -> dict:
    """The source record (spiders/records.py) of a synthetic source."""
    agency = source.site.agency
    record = {
        "slug": source.slug,
        "name": f"{agency.name} · {source.column_name}（合成站点 {source.site.number:04d}）",
        "name_en": f"Synthetic {source.family} site {source.site.number:04d} — {source.code}",
        "agency": agency.key,
        "agency_name": agency.name,
        "level": agency.level,
    }
    if agency.region:
        record["region"] = agency.region
    record.update({
        "family": source.family,
        "list_urls": family.list_urls(source),
        "expected_min_items": max(1, min(5, docs_per_source // 2)),
        "max_pages": 1,
        "download_delay": 0,
        "verified": False,
    })
    if source.family == "gkmlpt":
        record["user_agent"] = "browser"
    record["options"] = family.record_options(source, source.capacity)
    record["notes"] = "synthetic benchmark source"
    return record


def generate(root: Path, sources: int, docs_per_source: int = 20, *, seed: int = 20261121,
             sources_per_host: int = 4, new_rate: float = 0.02, revised_rate: float = 0.01,
             withdrawn_rate: float = 0.005) -> SyntheticWorld:
    """Write a synthetic world of ``sources`` sources × ``docs_per_source`` documents under ``root``.

    ``root/snapshots`` and ``root/sources`` must not exist yet (or be empty): generation never deletes.
    """
    if sources < 1 or docs_per_source < 1 or sources_per_host < 1:
        raise ValueError("sources, docs_per_source and sources_per_host must be positive")
    root = Path(root)
    snapshots, records = root / "snapshots", root / "sources"
    for directory in (snapshots, records):
        if directory.exists() and any(directory.iterdir()):
            raise FileExistsError(f"{directory} is not empty; generate into a fresh directory")
    planned, sites = _plan_sources(sources, sources_per_host, seed)
    planner = _Planner(seed)
    for source in planned:
        rng = random.Random(f"{seed}/{source.slug}")
        for published in reversed(_week1_dates(rng, docs_per_source)):  # oldest first: ids grow with time
            source.docs.insert(0, planner.make_doc(source, rng, published))

    # week2 ground truth, over all documents
    all_docs = [(source, doc) for source in planned for doc in source.docs]
    total = len(all_docs)
    counts = {"new": _round_count(new_rate, total), "revised": _round_count(revised_rate, total),
              "withdrawn": _round_count(withdrawn_rate, total)}
    if counts["revised"] + counts["withdrawn"] > total:
        raise ValueError("revised_rate + withdrawn_rate exceed the number of documents")
    rng = random.Random(f"{seed}/truth")
    picked = rng.sample(range(total), counts["revised"] + counts["withdrawn"])
    revised = {all_docs[i][1].url for i in picked[:counts["revised"]]}
    withdrawn = {all_docs[i][1].url for i in picked[counts["revised"]:]}
    span = (NEW_LAST - NEW_FIRST).days
    for _ in range(counts["new"]):
        source = planned[int(rng.random() * len(planned))]
        published = NEW_FIRST + timedelta(days=int(rng.random() * (span + 1)))
        source.added.append(planner.make_doc(source, rng, published))
    for source in planned:
        source.added.sort(key=lambda d: (d.published, d.ident), reverse=True)

    writer = _Writer(snapshots)
    records.mkdir(parents=True, exist_ok=True)
    by_slug = {s.slug: s for s in planned}
    for site in sites:  # files shared by every source of a site, byte-identical in each
        family = FAMILY_WRITERS[site.family]
        shared = family.shared_files(site, [by_slug[slug] for slug in site.slugs])
        for slug in site.slugs:
            for relpath, data in shared:
                writer.write(slug, "week1", relpath, data)
    for source in planned:
        family = FAMILY_WRITERS[source.family]
        agency = source.site.agency
        week2_docs = source.added + [d for d in source.docs if d.url not in withdrawn]
        source.capacity = max(len(source.docs), len(week2_docs))
        record = _record(source, family, docs_per_source)
        (records / f"{source.slug}.yaml").write_text(
            yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
        (snapshots / source.slug / "states.yaml").parent.mkdir(parents=True, exist_ok=True)
        (snapshots / source.slug / "states.yaml").write_text("week2: {base: week1}\n", encoding="utf-8")
        os.makedirs(snapshots / source.slug / "week2" / source.host, exist_ok=True)
        for relpath, data in family.list_files(source, source.docs):
            writer.write(source.slug, "week1", relpath, data)
        for doc in source.docs:
            paragraphs = body_paragraphs(doc, agency)
            writer.write(source.slug, "week1", snapshot_relpath(doc.url),
                         family.detail_page(source, doc, paragraphs_html(paragraphs)))
            if doc.url in revised:
                writer.write(source.slug, "week2", snapshot_relpath(doc.url),
                             family.detail_page(source, doc, paragraphs_html(revise(paragraphs, doc))))
            elif doc.url in withdrawn:
                gone = snapshot_relpath(doc.url) + ".meta.json"
                writer.write(source.slug, "week2", gone, b'{"status": 404}\n')
        if source.added or len(week2_docs) != len(source.docs):
            for relpath, data in family.list_files(source, week2_docs):
                writer.write(source.slug, "week2", relpath, data)
        for doc in source.added:
            writer.write(source.slug, "week2", snapshot_relpath(doc.url),
                         family.detail_page(source, doc, paragraphs_html(body_paragraphs(doc, agency))))

    order = [doc.url for source in planned for doc in source.added + source.docs]
    rank = {url: i for i, url in enumerate(order)}
    truth = {"new": [d.url for s in planned for d in s.added],
             "revised": sorted(revised, key=rank.get), "withdrawn": sorted(withdrawn, key=rank.get)}
    summary = {**truth, "counts": {k: len(v) for k, v in truth.items()}, "documents": total,
               "sources": len(planned), "hosts": len(sites),
               "families": {f: sum(1 for s in planned if s.family == f) for f in FAMILIES},
               "seed": seed, "docs_per_source": docs_per_source, "sources_per_host": sources_per_host,
               "rates": {"new": new_rate, "revised": revised_rate, "withdrawn": withdrawn_rate}}
    truth_text = json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
    (root / "truth.json").write_text(truth_text, encoding="utf-8")
    return SyntheticWorld(
        root=root, snapshots=snapshots, records=records, slugs=[s.slug for s in planned],
        hosts={site.host: list(site.slugs) for site in sites},
        list_urls={s.slug: FAMILY_WRITERS[s.family].list_urls(s) for s in planned},
        truth=truth, documents=total,
        week1_docs={s.slug: [(d.url, d.title, d.published) for d in s.docs] for s in planned},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--sources", type=int, required=True)
    parser.add_argument("--docs", type=int, default=20, help="documents per source (default 20)")
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--sources-per-host", type=int, default=4)
    args = parser.parse_args(argv)
    started = time.monotonic()
    world = generate(args.outdir, args.sources, args.docs, seed=args.seed,
                     sources_per_host=args.sources_per_host)
    elapsed = time.monotonic() - started
    size = sum(f.stat().st_size for f in world.snapshots.rglob("*") if f.is_file())
    counts = {k: len(v) for k, v in world.truth.items()}
    print(f"{len(world.slugs)} sources on {len(world.hosts)} hosts, {world.documents} documents, "
          f"week2 new={counts['new']} revised={counts['revised']} withdrawn={counts['withdrawn']}, "
          f"{size / 1e6:.1f} MB in {elapsed:.1f}s -> {world.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
