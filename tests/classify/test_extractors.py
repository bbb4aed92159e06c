"""Table-driven tests for the metadata extractors (doc numbers, dates, deadlines, validity, targets)."""
import pytest

from regwatch.classify import classify
from regwatch.classify.extract import (
    extract_deadline,
    extract_doc_number,
    extract_targets,
    extract_validity,
    parse_date,
)
from regwatch.classify.rules import normalize


@pytest.mark.parametrize("text, expected", [
    ("国发〔2021〕23号", "国发〔2021〕23号"),
    ("国发[2021]23号", "国发〔2021〕23号"),
    ("国发［2021］23号", "国发〔2021〕23号"),
    ("国发（2021）23号", "国发〔2021〕23号"),
    ("国发(2021)23号", "国发〔2021〕23号"),
    ("国发【2021】23号", "国发〔2021〕23号"),
    ("发改能源〔2021〕1445号 到2025年", "发改能源〔2021〕1445号"),
    ("发文字号：工信部联原〔2022〕149号", "工信部联原〔2022〕149号"),
    ("国发〔2021〕第23号", "国发〔2021〕23号"),
    ("生态环境部令第19号 现予公布", "生态环境部令第19号"),
    ("生态环境部 市场监管总局令第31号", "生态环境部 市场监管总局令第31号"),
    ("国务院令第七百七十五号", "国务院令第775号"),
    ("the plan (Guofa [2021] No. 23)", "国发〔2021〕23号"),
    ("issued (Ministry of Industry and Information Technology Lianyuan [2022] No. 149)", "工信部联原〔2022〕149号"),
    ("issued (Fagai Nengyuan [2022] No. 209)", "发改能源〔2022〕209号"),
    ("issued (Guobanfa (2024) No. 1)", "国办发〔2024〕1号"),
    ("Huanqihou [2022] No. 41", "环气候〔2022〕41号"),
    ("signed State Council Decree No. 775 to promulgate", "国务院令第775号"),
])
def test_doc_number_forms(text, expected):
    assert extract_doc_number("", normalize(text))[0] == expected


@pytest.mark.parametrize("title, text", [
    ("关于印发某市碳达峰实施方案的通知", "根据《2030年前碳达峰行动方案》（国发〔2021〕23号）要求，制定本方案。"),
    ("Province issues plan", "In accordance with the Action Plan (Guofa [2021] No. 23), the province formulated the plan."),
    ("No number here", "Issued by Xyzzy Plugh [2021] No. 3 somewhere"),  # unknown pinyin: never guess
    ("某省推进绿色发展", "到2025年，全省单位地区生产总值能耗下降14%。"),
])
def test_doc_number_never_spurious(title, text):
    assert extract_doc_number(normalize(title), normalize(text))[0] is None


@pytest.mark.parametrize("s, iso", [
    ("2026年11月30日", "2026-11-30"), ("2026-11-30", "2026-11-30"), ("2026/1/5", "2026-01-05"),
    ("November 30, 2026", "2026-11-30"), ("30 November 2026", "2026-11-30"), ("2026年2月30日", None),
])
def test_parse_date(s, iso):
    assert parse_date(s) == iso


@pytest.mark.parametrize("text, published, deadline", [
    ("请于2026年11月30日前反馈意见。", None, "2026-11-30"),
    ("意见反馈截止时间为2026年12月1日。", None, "2026-12-01"),
    ("征求意见时间为2026年10月1日至2026年10月31日。", None, "2026-10-31"),
    ("公示时间：2026年9月1日—2026年9月7日", None, "2026-09-07"),
    ("征求意见稿自发布之日起30日内反馈。", "2026-10-01", "2026-10-31"),
    ("Please submit comments by November 30, 2026.", None, "2026-11-30"),
    ("No deadline in this text.", "2026-10-01", None),
])
def test_comment_deadline(text, published, deadline):
    assert extract_deadline(normalize(text), published)[0] == deadline


def test_effective_and_validity():
    c = classify("碳排放权交易管理暂行条例", "现予公布，自2024年5月1日起施行。有效期5年。", published="2024-02-04")
    assert c.labels["dates"] == {"written": None, "published": "2024-02-04", "effective": "2024-05-01"}
    assert c.labels["validity"]["years"] == 5 and c.labels["validity"]["until"] == "2029-04-30"
    c = classify("Interim Regulations", "The regulations will take effect on May 1, 2024.")
    assert c.labels["dates"]["effective"] == "2024-05-01"
    assert extract_validity("有效期至2030年12月31日", None)[0]["until"] == "2030-12-31"


@pytest.mark.parametrize("text, year, indicator, value", [
    ("到2025年，单位国内生产总值能源消耗比2020年下降13.5%。", 2025, "单位国内生产总值能源消耗", "13.5%"),
    ("到2025年，非化石能源消费比重达到20%左右。", 2025, "非化石能源消费比重", "20%"),
    ("By 2025, the share of non-fossil energy consumption will reach around 20 percent.", 2025,
     "the share of non-fossil energy consumption", "20 percent"),
])
def test_targets(text, year, indicator, value):
    t = extract_targets(normalize(text))[0][0]
    assert (t["year"], t["indicator"], t["value"]) == (year, indicator, value)
