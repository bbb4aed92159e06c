"""Measures the text-similarity threshold for clustering reposts and prints precision/recall.

The labelled corpus is generated with a fixed seed from formulaic policy sentences, which is what
makes government notices hard: different documents share boilerplate, annual editions share most
sentences. Positives are reposts of one document (other site, re-flow, traditional script, typo
fixes, a dropped closing paragraph, a 转发 wrapper); negatives are every other pair.
"""
import itertools
import random

import pytest
from opencc import OpenCC

from diffing.cluster import (
    MIN_SHINGLES,
    SIMILARITY_THRESHOLD,
    cluster_releases,
    shingles,
    similarity,
    text_comparable,
)

POOL = [
    "为深入贯彻落实党中央、国务院关于碳达峰碳中和的重大决策部署，现就有关事项通知如下。",
    "到{y}年，单位地区生产总值能源消耗比{y0}年下降{p}%，单位地区生产总值二氧化碳排放下降{q}%。",
    "非化石能源消费比重达到{p}%左右，可再生能源发电装机容量达到{n}万千瓦以上。",
    "严格合理控制煤炭消费增长，{y}年煤炭消费量控制在{n}万吨以内。",
    "新建项目应当达到能效标杆水平，存量项目限期完成节能降碳改造。",
    "严禁以任何名义违规审批高耗能、高排放、低水平项目。",
    "加快推进钢铁、有色、建材、石化化工等重点行业节能降碳改造升级。",
    "推动既有建筑节能改造，{y}年城镇新建建筑全面执行绿色建筑标准。",
    "大力发展新能源汽车，公共领域新增或更新车辆中新能源汽车比例不低于{p}%。",
    "完善绿色电力证书交易制度，推动绿证与碳排放权交易市场有效衔接。",
    "各地要加强组织领导，压实工作责任，确保各项任务落到实处。",
    "建立健全碳排放统计核算体系，夯实碳排放数据质量管理基础。",
    "对未完成年度目标的地区，实行高耗能项目环评限批。",
    "鼓励金融机构开发绿色信贷产品，支持企业节能降碳技术改造。",
    "加强节能监察执法，严肃查处违法违规用能行为。",
    "推进工业园区循环化改造，到{y}年省级以上园区全部实施循环化改造。",
    "实施城乡建设领域碳达峰行动，推广超低能耗建筑和近零能耗建筑。",
    "开展绿色低碳全民行动，倡导简约适度、绿色低碳的生活方式。",
    "加快构建废弃物循环利用体系，{y}年大宗固体废弃物综合利用率达到{p}%。",
    "优化交通运输结构，推进大宗货物和中长距离货物运输“公转铁”“公转水”。",
    "有序推进风电、光伏发电基地建设，因地制宜发展生物质能和地热能。",
    "加强甲烷等非二氧化碳温室气体管控，开展甲烷排放监测试点。",
    "建立碳达峰碳中和工作考核评价机制，考核结果作为领导干部综合考评的重要依据。",
    "各有关部门要按照职责分工，加强协同配合，形成工作合力。",
    "支持有条件的地区和企业率先达峰，打造一批零碳园区和零碳工厂。",
    "统筹做好能源安全保供，坚持先立后破，稳妥有序推进能源绿色低碳转型。",
    "加快推广应用先进适用节能低碳技术装备，{y}年前淘汰落后产能{n}万吨。",
    "落实阶梯电价和差别电价政策，对能效未达到基准水平的企业执行加价。",
    "推动数据中心绿色化改造，新建大型数据中心电能利用效率不高于{r}。",
    "开展公共机构节能，{y}年公共机构单位建筑面积能耗下降{p}%。",
    "完善重点用能单位能耗在线监测系统，实现重点用能单位全覆盖。",
    "加大财政资金支持力度，省级财政每年安排{n}万元用于节能降碳项目。",
    "各设区市要于每年{m}月底前报送上年度工作进展情况。",
    "强化宣传引导，及时总结推广典型经验和做法，营造良好社会氛围。",
    "推进农业农村减排固碳，推广农机节能和渔船节能技术。",
    "稳步扩大全国碳排放权交易市场覆盖范围，逐步纳入钢铁、建材、有色等行业。",
    "提升生态系统碳汇能力，{y}年森林覆盖率达到{p}%。",
    "加强国际交流合作，积极参与全球气候治理。",
    "本方案自印发之日起施行，有效期至{y}年12月31日。",
    "重点排放单位应当于每年3月31日前完成上年度排放报告编制和报送。",
]
HEADS = ["各市、县（区）人民政府，省政府各部门、各直属机构：", "各省、自治区、直辖市发展改革委：",
         "各设区市发展改革委（能源局）：", "各省、自治区、直辖市生态环境厅（局）："]
ISSUERS = ["国务院", "国家发展改革委", "生态环境部", "工业和信息化部", "浙江省人民政府", "江苏省发展改革委",
           "山东省生态环境厅", "广东省人民政府", "四川省发展改革委", "湖北省生态环境厅", "河南省人民政府", "福建省工信厅"]
TOPICS = ["节能降碳行动方案", "碳达峰实施方案", "能源领域碳达峰实施方案", "工业领域碳达峰实施方案",
          "城乡建设领域碳达峰实施方案", "绿色低碳转型产业指导意见", "碳排放权交易管理实施细则", "可再生能源发展规划",
          "循环经济发展方案", "公共机构节能降碳工作方案", "交通运输绿色低碳发展行动方案", "碳汇能力巩固提升方案"]


def _fill(sentence, rng):
    return sentence.format(y=rng.choice([2025, 2027, 2030]), y0=2020, p=rng.randint(5, 60), q=rng.randint(5, 30),
                           n=rng.randint(100, 9000), r=rng.choice(["1.3", "1.25", "1.5"]), m=rng.randint(1, 12))


def _document(rng, k, issuer, topic, year, template=None):
    """A notice: header, 6–12 pool sentences; ``template`` makes next year's edition: ~70% of the
    sentences kept, the rest replaced, numeric targets re-set."""
    if template is None:
        sentences = rng.sample(POOL, rng.randint(6, 12))
    else:
        sentences = [rng.choice(POOL) if rng.random() < 0.3 else s for s in template["sentences"]]
    body = [_fill(s, rng) for s in sentences]
    return {"sentences": sentences, "body": body, "id": k, "issuer": issuer, "title": f"{issuer}关于印发《{year}年{topic}》的通知",
            "doc_number": f"{issuer[:2]}发〔{year}〕{k + 1}号", "published": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "head": rng.choice(HEADS), "url": f"https://example.gov.cn/{k}.html", "source": "x"}


def _text(doc, paras=None):
    return "\n".join([doc["head"], *(paras if paras is not None else doc["body"])])


def _reposts(doc, rng):
    """Copies of one document as other sites publish it."""
    t2 = OpenCC("s2t")
    full = _text(doc)
    typo = full.replace("加强", "加快", 1).replace("，", "、", 1)
    variants = {
        "gov.cn copy": full + "\n（此件公开发布）",
        "re-flowed": doc["head"] + "\n" + "".join(doc["body"]),
        "traditional": t2.convert(full),
        "typo fixes": typo,
        "closing paragraph dropped": _text(doc, doc["body"][:-1]) if len(doc["body"]) > 7 else full,
        "转发 wrapper": f"各市发展改革委：\n现将《{doc['title']}》转发给你们，请结合实际认真贯彻落实。\n" + full,
    }
    return rng.sample(sorted(variants.items()), 4)


def _wrapper_fields(doc, label, rng):
    if label != "转发 wrapper":
        return {"doc_number": None, "issuer": None}  # a plain copy page often shows neither
    return {"title": f"江苏省发展改革委关于转发《{doc['title']}》的通知", "issuer": "江苏省发展改革委",
            "doc_number": f"苏发改〔2024〕{1000 + doc['id']}号", "url": "https://fzggw.jiangsu.gov.cn/x.html"}


def build_corpus(seed=7):
    """(releases, truth) where truth maps id → document id."""
    rng = random.Random(seed)
    releases, truth, next_id = [], {}, 1000
    for k, (issuer, topic) in enumerate(zip(ISSUERS, TOPICS)):
        doc = _document(rng, k, issuer, topic, 2024)
        edition = _document(rng, 100 + k, issuer, topic, 2025, template=doc)  # next year's edition
        sibling = _document(rng, 200 + k, ISSUERS[(k + 3) % len(ISSUERS)], topic, 2024)  # same topic, other issuer
        for d in (doc, edition, sibling):
            releases.append({**d, "text": _text(d), "is_issuer_site": True})
            truth[d["id"]] = d["id"]
        for label, text in _reposts(doc, rng):
            copy = {"url": f"https://www.gov.cn/zhengce/{next_id}.htm" if "gov.cn" in label else f"https://site{next_id}.gov.cn/a.html",
                    "source": f"copy_{next_id}", "published": doc["published"][:-1] + str(rng.randint(0, 9))}
            releases.append({**doc, **copy, "id": next_id, "text": text, "variant": label, **_wrapper_fields(doc, label, rng)})
            truth[next_id] = doc["id"]
            next_id += 1
    return releases, truth


def _pairs(releases, truth, gated=True):
    """(Jaccard, same?) for pairs the text rule decides (``gated``: after ``text_comparable``)."""
    usable = [r for r in releases if len(shingles(r["text"])) >= MIN_SHINGLES]
    for a, b in itertools.combinations(usable, 2):
        if not gated or text_comparable(a, b):
            yield similarity(a["text"], b["text"]), truth[a["id"]] == truth[b["id"]]


def precision_recall(scored, threshold):
    tp = sum(1 for s, same in scored if same and s >= threshold)
    fp = sum(1 for s, same in scored if not same and s >= threshold)
    fn = sum(1 for s, same in scored if same and s < threshold)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def _report(scored, title):
    positives = sorted(s for s, same in scored if same)
    negatives = sorted(s for s, same in scored if not same)
    print(f"\n{title}: {len(positives)} same-document pairs (min J={positives[0]:.3f}), "
          f"{len(negatives)} different-document pairs (max J={negatives[-1]:.3f})")
    print("  threshold  precision  recall")
    for t in (0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9):
        p, r = precision_recall(scored, t)
        print(f"    {t:.2f}      {p:.3f}     {r:.3f}")
    return positives, negatives


def test_measured_threshold_separates_reposts_from_other_documents():
    raw, gated = [], []
    for seed in (7, 11, 23):
        releases, truth = build_corpus(seed)
        raw += list(_pairs(releases, truth, gated=False))
        gated += list(_pairs(releases, truth))
    _report(raw, "text alone (every pair)")
    positives, negatives = _report(gated, "text rule as used (after text_comparable gates)")
    p, r = precision_recall(gated, SIMILARITY_THRESHOLD)
    print(f"SIMILARITY_THRESHOLD={SIMILARITY_THRESHOLD}: precision {p:.3f}, recall {r:.3f}")
    assert negatives[-1] < SIMILARITY_THRESHOLD <= positives[0]
    assert p == 1.0 and r == 1.0


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_cluster_releases_recovers_documents(seed):
    releases, truth = build_corpus(seed)
    clusters = cluster_releases(releases)
    got = {frozenset(c) for c in clusters}
    want: dict = {}
    for rid, doc in truth.items():
        want.setdefault(doc, set()).add(rid)
    assert got == {frozenset(v) for v in want.values()}
    for c in clusters:
        assert c[0] == truth[c[0]]  # canonical = the original, not a repost or wrapper
