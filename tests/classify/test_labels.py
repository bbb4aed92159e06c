"""Table-driven tests for each label rule, the evidence contract, the version and the glossary."""
import pytest

from regwatch.classify import CLASSIFIER_VERSION, LABEL_KEYS, classify, glossary
from regwatch.classify.rules import data


def lab(title, text="", **kw):
    return classify(title, text, **kw).labels


@pytest.mark.parametrize("title, plan", [
    ("关于印发《某省工业领域碳达峰实施方案》的通知", "implementation_plan"),
    ("关于印发某市碳达峰行动方案的通知", "action_plan"),
    ("国务院办公厅转发国家发展改革委 国家能源局关于促进新能源高质量发展实施方案的通知", "implementation_plan"),
    ("关于公开征求《某行业碳排放核算指南（征求意见稿）》意见的通知", "standard_guideline"),
    ("关于印发《绿色交通“十四五”发展规划》的通知", "plan"),
    ("碳排放权交易管理办法（试行）", "regulation"),
    ("关于进一步加强节能降碳工作的通知", "notice"),
    ("Notice on Issuing the Implementation Plan for Carbon Peaking in the Steel Industry", "implementation_plan"),
    ("MEE issued the \"Notice on Doing a Good Job in Carbon Emissions Trading Quotas\"", "notice"),
    ("解读：《工业领域碳达峰实施方案》答记者问", "other"),
])
def test_plan_type_wrappers(title, plan):
    assert lab(title)["plan_type"] == plan


@pytest.mark.parametrize("title, text, status", [
    ("关于公开征求《某办法（征求意见稿）》意见的通知", "", "consultation"),
    ("Province solicits public opinions on draft carbon peaking plan", "", "consultation"),
    ("国家能源局召开全国能源工作会议", "", "news"),
    ("China launches national carbon market", "", "news"),
    ("国务院关于印发2030年前碳达峰行动方案的通知", "", "issued"),
    ("Jiangxi: green low-carbon development", "Jiangxi Province has formulated the Plan.", "issued"),
])
def test_status(title, text, status):
    assert lab(title, text)["status"] == status


@pytest.mark.parametrize("title, level, region", [
    ("苏州工业园区碳普惠体系上线", "municipal", "jiangsu"),
    ("深圳推进公交电动化", "municipal", "guangdong"),
    ("Chengdu launches carbon inclusion platform", "municipal", "sichuan"),
    ("重庆市人民政府关于印发重庆市碳达峰实施方案的通知", "provincial", "chongqing"),
    ("内蒙古自治区人民政府关于印发自治区碳达峰实施方案的通知", "provincial", "neimenggu"),
    ("陕西省工业领域碳达峰实施方案", "provincial", "shaanxi"),
    ("山西省碳达峰实施方案", "provincial", "shanxi"),
    ("Inner Mongolia issues carbon peaking plan", "provincial", "neimenggu"),
    ("国务院关于印发2030年前碳达峰行动方案的通知", "national", None),
    ("COP28 concludes in Dubai", "international", None),
])
def test_level_region_city_to_province(title, level, region):
    out = lab(title)
    assert (out["level"], out["region"]) == (level, region)


@pytest.mark.parametrize("title, text, url, issuers", [
    ("工信部 发改委 生态环境部关于钢铁工业高质量发展的指导意见", "", None, ["miit", "ndrc", "mee"]),
    ("关于印发某方案的通知", "国发〔2021〕23号", None, ["state_council"]),
    ("关于印发某方案的通知", "国办发〔2024〕39号", None, ["state_council_general_office"]),
    ("关于印发某碳达峰方案的通知", "建标〔2022〕53号", None, ["mohurd"]),
    ("国务院新闻办公室发布气候变化白皮书", "", None, []),
    ("全国碳市场上线交易启动", "", "https://www.mee.gov.cn/x.html", ["mee"]),  # site fallback
    ("MIIT and NDRC release carbon peaking plan", "", None, ["miit", "ndrc"]),
    ("Carbon plan issued", ("The Ministry of Science and Technology, in order to implement the Party Central "
     "Committee and the State Council's major decision-making arrangements, met."), None, ["most"]),
    ("江苏省发展改革委关于印发碳达峰方案的通知", "", None, []),  # provincial: no national issuer
])
def test_issuers(title, text, url, issuers):
    assert sorted(lab(title, text, url=url)["issuers"]) == sorted(issuers)


@pytest.mark.parametrize("title, text, relevant, sectors", [
    ("工业和信息化部关于印发《5G规模化应用行动方案》的通知", "", False, None),
    ("生态环境部直属单位公开招聘公告", "", False, None),
    ("关于促进钢铁工业高质量发展的指导意见", "", True, ["iron_steel"]),
    ("教育部关于印发绿色低碳发展国民教育体系建设实施方案的通知", "", True, ["education"]),
    ("Notice on carbon emissions trading quotas", "Implementation Plan (Power Generation Industry).", True,
     ["carbon_market", "energy"]),
    ("Implementation plan for carbon peaking in the building materials industry", "", True, ["building_materials"]),
    ("某省碳达峰实施方案", "", True, ["economy_wide"]),
])
def test_relevance_and_sectors(title, text, relevant, sectors):
    out = lab(title, text)
    assert out["relevant"] is relevant
    if sectors is not None:
        assert sorted(out["sectors"]) == sorted(sectors)


def test_every_label_has_evidence_and_keys():
    c = classify("工业和信息化部 国家发展改革委 生态环境部关于印发工业领域碳达峰实施方案的通知",
                 "工信部联节〔2022〕88号 到2025年，规模以上工业单位增加值能耗较2020年下降13.5%。")
    assert tuple(c.labels) == LABEL_KEYS and tuple(c.evidence) == LABEL_KEYS
    for key in ("relevant", "sectors", "plan_type", "status", "level", "issuers", "doc_number", "targets"):
        assert c.evidence[key], key
    assert c.labels["issuer_names"][:3] == ["工业和信息化部", "国家发展改革委", "生态环境部"]
    assert c.labels["targets"][0]["value"] == "13.5%"


def test_vocabularies_match_contract_and_version():
    tax = data("taxonomy")
    assert set(tax["sectors"]) >= {"energy", "economy_wide", "international"} and len(tax["sectors"]) == 18
    assert len(data("issuers")["issuers"]) == 36 and len(data("regions")["provinces"]) == 31
    assert CLASSIFIER_VERSION.startswith("rules-1+")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_glossary_covers_every_value(lang):
    g = glossary(lang)
    tax = data("taxonomy")
    for section in ("sectors", "plan_type", "status", "level"):
        assert set(g[section]) == set(tax[section])
    assert set(g["issuers"]) == set(data("issuers")["issuers"]) and len(g["region"]) == 31
    assert g["issuers"]["miit"] == ("工业和信息化部" if lang == "zh" else "Ministry of Industry and Information Technology")
