"""Fingerprints, link_kind and cluster_releases rules."""
import pytest

from diffing.cluster import (
    canonical_release,
    cluster_releases,
    estimate_similarity,
    hamming,
    link_kind,
    minhash,
    simhash,
    similarity,
    title_keys,
)

BODY = ("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：现将《2030年前碳达峰行动方案》印发给你们，请认真贯彻执行。"
        "到2025年，非化石能源消费比重达到20%左右，单位国内生产总值能源消耗比2020年下降13.5%，单位国内生产总值二氧化碳排放比2020年下降18%。"
        "到2030年，非化石能源消费比重达到25%左右，单位国内生产总值二氧化碳排放比2005年下降65%以上，顺利实现2030年前碳达峰目标。")
OTHER = ("各设区市人民政府：为加快发展新能源汽车，现就推广应用有关事项通知如下。公共领域新增车辆原则上全部使用新能源汽车，"
         "充电基础设施建设纳入城市规划，各地应当于每年1月底前报送上年度推广情况，省财政对推广成效明显的地区给予奖励。")
ORIG = {"id": "orig", "title": "国务院关于印发2030年前碳达峰行动方案的通知", "text": BODY, "doc_number": "国发〔2021〕23号",
        "issuer": "国务院", "published": "2021-10-24", "url": "https://www.gov.cn/zhengce/content/2021-10/26/content_5644984.htm",
        "source": "cn_govcn"}


def rel(**kw):
    return {**ORIG, **kw}


@pytest.mark.parametrize(
    "a, b, low, high",
    [
        (BODY, BODY, 1.0, 1.0),
        (BODY, BODY.replace("，", "\n"), 1.0, 1.0),
        (BODY, BODY.replace("13.5%", "14%"), 0.9, 0.999),
        (BODY, OTHER, 0.0, 0.1),
        (BODY, "", 0.0, 0.0),
    ],
)
def test_similarity(a, b, low, high):
    assert low <= similarity(a, b) <= high


def test_minhash_estimate_and_simhash_track_similarity():
    near, far = BODY.replace("13.5%", "14%"), OTHER
    assert estimate_similarity(minhash(BODY), minhash(near)) > 0.8
    assert estimate_similarity(minhash(BODY), minhash(far)) < 0.2
    assert hamming(simhash(BODY), simhash(near)) < hamming(simhash(BODY), simhash(far))
    assert minhash(BODY) == minhash(BODY) and simhash(BODY) == simhash(BODY)  # fixed seed, deterministic


def test_title_keys_reach_the_document_name():
    keys = title_keys("国务院关于印发《2030年前碳达峰行动方案》的通知")
    assert "2030年前碳达峰行动方案" in keys and "关于印发2030年前碳达峰行动方案的通知" in keys


@pytest.mark.parametrize(
    "a, b, kind",
    [
        (rel(id="w", title="江苏省发展改革委关于转发《国务院关于印发2030年前碳达峰行动方案的通知》的通知", text="现将文件转发给你们。",
             issuer="江苏省发展改革委", doc_number="苏发改〔2021〕9号"), ORIG, "repost_of"),
        (rel(id="w", title="关于转发《国务院关于印发〈2030年前碳达峰行动方案〉的通知》的通知", text="转发。", doc_number=None), ORIG, "repost_of"),
        (rel(id="w", title="关于转发《生态环境部关于印发2030年前碳达峰行动方案的通知》的通知", text="转发。", doc_number=None), ORIG, None),
        (rel(id="d", title="关于公开征求《2030年前碳达峰行动方案（征求意见稿）》意见的通知", text=OTHER, doc_number=None), ORIG, "draft_of"),
        (rel(id="d", title="2030年前碳达峰行动方案（征求意见稿）", text=OTHER, doc_number=None), ORIG, "draft_of"),
        (rel(id="i", title="一图读懂《2030年前碳达峰行动方案》", text="图解", doc_number=None), ORIG, "interprets"),
        (rel(id="i", title="国家发展改革委负责同志就《2030年前碳达峰行动方案》答记者问", text=OTHER, doc_number=None), ORIG, "interprets"),
        (rel(id="i", title="政策解读", text="近日，国务院印发《方案》（国发〔2021〕23号），明确了目标。", doc_number=None), ORIG, "interprets"),
        (rel(id="c", title="2030年前碳达峰行动方案", url="https://www.ndrc.gov.cn/x.html", doc_number=None), ORIG, "same"),
        (rel(id="x", title="关于推广新能源汽车的通知", text=OTHER, doc_number="苏政发〔2021〕1号", issuer="江苏省人民政府"), ORIG, None),
    ],
)
def test_link_kind(a, b, kind):
    assert link_kind(a, b) == kind


def test_draft_and_interpretation_are_linked_not_merged():
    draft = rel(id="d", title="2030年前碳达峰行动方案（征求意见稿）", doc_number=None, published="2021-06-01")
    reading = rel(id="i", title="一图读懂《2030年前碳达峰行动方案》", doc_number=None)
    assert sorted(map(sorted, cluster_releases([ORIG, draft, reading]))) == [["d"], ["i"], ["orig"]]


@pytest.mark.parametrize(
    "others, expected",
    [
        ([rel(id="copy", url="https://www.mee.gov.cn/a.html", source="cn_mee", published="2021-10-27", doc_number=None, issuer=None)],
         [["orig", "copy"]]),
        ([rel(id="num", text=OTHER, url="https://www.ndrc.gov.cn/b.html", doc_number="国发[2021]第23号")], [["orig", "num"]]),
        ([rel(id="n2", text=OTHER, doc_number="国发〔2021〕23号", issuer="江苏省人民政府")], [["n2"], ["orig"]]),  # same day: by id
        ([rel(id="ed", title="国务院关于印发2035年前碳达峰行动方案的通知", doc_number="国发〔2035〕1号", published="2035-01-01")],
         [["orig"], ["ed"]]),
        ([rel(id="o", title="关于推广新能源汽车的通知", text=OTHER, doc_number=None, issuer="x", published="2021-01-01")],
         [["o"], ["orig"]]),
    ],
)
def test_cluster_rules(others, expected):
    assert cluster_releases([ORIG, *others]) == expected


def test_canonical_prefers_issuer_site_then_govcn_then_earliest():
    own = rel(id="own", url="https://www.ndrc.gov.cn/a.html", issuer="ndrc", source="cn_ndrc", published="2021-10-26")
    govcn = rel(id="gov", url="https://www.gov.cn/a.htm", issuer="ndrc", source="cn_govcn", published="2021-10-25")
    other = rel(id="oth", url="https://fgw.sh.gov.cn/a.html", issuer="ndrc", source="sh_fgw", published="2021-10-20")
    wrapper = rel(id="wr", title="关于转发《国务院关于印发2030年前碳达峰行动方案的通知》的通知", url="https://www.ndrc.gov.cn/w.html",
                  issuer="ndrc", source="cn_ndrc", published="2021-10-01")
    assert canonical_release([other, govcn, own, wrapper])["id"] == "own"
    assert canonical_release([other, govcn, wrapper])["id"] == "gov"
    assert canonical_release([other, rel(id="late", url="https://x.cn", issuer="ndrc", published="2021-11-01")])["id"] == "oth"


def test_prefixed_document_number_identifies_a_joint_document_across_issuer_sites():
    """发改能源〔2022〕209号 on NDRC's and on NEA's site is one document; a bare 第3号 needs the issuer too."""
    from diffing.cluster import cluster_releases

    def release(id_, issuer, number, title="关于印发《“十四五”新型储能发展实施方案》的通知"):
        return {"id": id_, "title": title, "text": "", "doc_number": number, "issuer": issuer,
                "published": "2022-03-21", "url": f"https://{issuer}.example/{id_}", "source": issuer}

    joint = cluster_releases([release("a", "ndrc", "发改能源〔2022〕209号"), release("b", "nea", "发改能源[2022]209号")])
    bare = cluster_releases([release("c", "ndrc", "第3号"), release("d", "nea", "第3号")])
    assert sorted(map(sorted, joint)) == [["a", "b"]]
    assert sorted(map(sorted, bare)) == [["c"], ["d"]]
