"""Fixtures for the notification tests: a real database (SQLite file, and PostgreSQL in a fresh schema), real SMTP
and webhook receivers (``regwatch.notify.sink``), and a small realistic week of change events built with the models.

PostgreSQL: ``REGWATCH_TEST_PG_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``). When it is unreachable
the PG variants are skipped locally but FAIL when ``CI=true``.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

from regwatch.db import get_engine, upgrade
from regwatch.models import Blob, ChangeEvent, Classification, Document, Release, Source, Version

PG_URL = os.environ.get("REGWATCH_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 in Shanghai, ISO week 2026-W48
SECRET_KEY = "test-signing-key-9f8e7d6c5b4a"
SMTP_PASSWORD = "s3cr3t-P4ss-word"
WEBHOOK_TOKEN = "T0000/B0000/XXXXwebhooksecret"


@pytest.fixture(autouse=True)
def regwatch_env(monkeypatch, tmp_path):
    """A clean REGWATCH_* environment per test (secrets set, no clock override, no translator)."""
    for key in list(os.environ):
        if key.startswith("REGWATCH_") and key != "REGWATCH_TEST_PG_URL":
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("REGWATCH_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("REGWATCH_BASE_URL", "https://regwatch.example.org")
    monkeypatch.setenv("REGWATCH_MAIL_FROM", "regwatch <digest@regwatch.example.org>")
    monkeypatch.setenv("REGWATCH_HOME", str(tmp_path / "home"))
    yield


def _pg_available() -> bool:
    try:
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                               connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means unreachable
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, monkeypatch):
    """A migrated database: a SQLite file, or a fresh PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'regwatch.db'}"
        upgrade(url)
        monkeypatch.setenv("REGWATCH_DATABASE_URL", url)
        yield url
        get_engine(url).dispose()
        return
    if not _pg_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {PG_URL} is unreachable and CI=true: the PG suite must run")
        pytest.skip(f"PostgreSQL at {PG_URL} unreachable (set CI=true to make this a failure)")
    schema = f"rw_notify_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    try:
        upgrade(url)
        monkeypatch.setenv("REGWATCH_DATABASE_URL", url)
        yield url
    finally:
        get_engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def factory(db_url):
    return sessionmaker(get_engine(db_url), expire_on_commit=False)


@pytest.fixture
def smtp_sink(tmp_path, monkeypatch):
    """A real aiosmtpd server writing .eml files; REGWATCH_SMTP_URL points at it (with credentials to hide)."""
    from regwatch.notify.sink import start_smtp_sink

    directory = tmp_path / "mail"
    host, port, stop = start_smtp_sink(directory, credentials=("digest", SMTP_PASSWORD))
    monkeypatch.setenv("REGWATCH_SMTP_URL", f"smtp://digest:{SMTP_PASSWORD}@{host}:{port}")
    yield SimpleNamespace(dir=directory, host=host, port=port, handler=stop.handler,
                          files=lambda: sorted(directory.glob("*.eml")))
    stop()


@pytest.fixture
def webhook_sink(tmp_path, monkeypatch):
    """A real HTTP webhook receiver; both Slack URLs point at it (the path carries a secret-looking token)."""
    from regwatch.notify.sink import start_webhook_sink

    directory = tmp_path / "slack"
    host, port, stop = start_webhook_sink(directory)
    monkeypatch.setenv("REGWATCH_SLACK_WEBHOOK_URL", f"http://{host}:{port}/services/{WEBHOOK_TOKEN}")
    monkeypatch.setenv("REGWATCH_OPS_SLACK_WEBHOOK_URL", f"http://{host}:{port}/services/OPS/{WEBHOOK_TOKEN}")
    yield SimpleNamespace(dir=directory, state=stop.state, files=lambda: sorted(directory.glob("*.json")))
    stop()


class World:
    """Builds sources, releases, versions, events and classifications the way the pipeline would."""

    def __init__(self, session):
        self.s = session
        self.sources: dict[str, Source] = {}

    def source(self, slug, *, name, agency, level="national", region=None):
        if slug not in self.sources and self.s.get(Source, slug) is not None:
            self.sources[slug] = self.s.get(Source, slug)
        if slug not in self.sources:
            src = Source(slug=slug, name=name, agency=agency, level=level, region=region, family="test",
                         created_at=NOW - timedelta(days=60), baseline_at=NOW - timedelta(days=59))
            self.s.add(src)
            self.sources[slug] = src
            self.s.flush()
        return self.sources[slug]

    def version(self, release, *, title, text_, published=None, doc_number=None, fetched_at, meta=None):
        raw = (title + "\n" + text_).encode("utf-8")
        sha = hashlib.sha256(raw).hexdigest()
        if self.s.get(Blob, sha) is None:
            self.s.add(Blob(sha256=sha, size=len(raw), data=raw))
        v = Version(release_id=release.id, fetched_at=fetched_at, content_hash=sha, raw_sha256=sha, encoding="utf-8",
                    title=title, published=published, doc_number=doc_number, text=text_,
                    body_html="<div>" + text_ + "<script>alert('raw')</script></div>", meta=meta or {},
                    processed_at=fetched_at)
        self.s.add(v)
        self.s.flush()
        return v

    def release(self, src, url, *, title, text_, published, doc_number=None, labels=None, detected_at,
                document=None, baseline=False, kind="new", meta=None, old_text=None, significance=None,
                summary=None, diff=None):
        rel = Release(source_slug=src.slug, url=url, title=title, published=published, doc_number=doc_number,
                      is_baseline=baseline, first_seen_at=detected_at - timedelta(days=30 if old_text else 0),
                      last_seen_at=detected_at, document_id=document.id if document else None,
                      status="withdrawn" if kind == "withdrawn" else "active")
        self.s.add(rel)
        self.s.flush()
        old = None
        if old_text is not None:
            old = self.version(rel, title=title, text_=old_text, published=published, doc_number=doc_number,
                               fetched_at=detected_at - timedelta(days=30), meta=meta)
        new = None
        if kind != "withdrawn":
            new = self.version(rel, title=title, text_=text_, published=published, doc_number=doc_number,
                               fetched_at=detected_at, meta=meta)
        elif old is None:
            old = self.version(rel, title=title, text_=text_, published=published, doc_number=doc_number,
                               fetched_at=detected_at - timedelta(days=30), meta=meta)
        if labels is not None:
            self.s.add(Classification(release_id=rel.id, version_id=(new or old).id, labels=labels, evidence={},
                                      classifier_version="test", created_at=detected_at))
        ev = ChangeEvent(release_id=rel.id, document_id=document.id if document else None, kind=kind,
                         old_version_id=old.id if old else None, new_version_id=new.id if new else None,
                         significance=significance, summary=summary, diff=diff, detected_at=detected_at)
        self.s.add(ev)
        self.s.flush()
        return SimpleNamespace(release=rel, event=ev, version=new or old, old=old)

    def document(self, doc_number=None):
        doc = Document(doc_number=doc_number, created_at=NOW - timedelta(days=3))
        self.s.add(doc)
        self.s.flush()
        return doc


DUAL_CONTROL_TEXT = (
    "国务院办公厅关于印发《加快构建碳排放双控制度体系工作方案》的通知\n"
    "国办发〔2024〕39号\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：《加快构建碳排放双控制度体系工作方案》已经国务院同意，现将其印发给你们，请认真贯彻执行。\n"
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。\n"
    "到2025年，碳排放统计核算体系进一步完善，一批行业企业碳排放核算标准和产品碳足迹标准出台实施，国家温室气体排放因子数据库基本建成并定期更新。\n"
    "“十五五”时期，实施以强度控制为主、总量控制为辅的碳排放双控制度，建立碳达峰碳中和综合评价考核制度。\n"
    "建立产品碳足迹管理体系和产品碳标识认证制度。\n"
    "联系电话：010-12345678"
)


@pytest.fixture
def world(factory):
    """A realistic detection week (2026-11-16 … 11-22) plus a baseline release; returns a namespace of handles."""
    d = NOW - timedelta(days=3)
    with factory() as s, s.begin():
        w = World(s)
        gov = w.source("cn_gov_zhengce", name="中国政府网 · 政策", agency="state_council")
        ndrc = w.source("cn_ndrc_tz", name="国家发展和改革委员会 · 通知", agency="ndrc")
        miit = w.source("cn_miit_wjfb", name="工业和信息化部 · 文件发布", agency="miit")
        mee = w.source("cn_mee_xxgk", name="生态环境部 · 信息公开", agency="mee")
        gd = w.source("gd_gov_zcwj", name="广东省人民政府 · 政策文件", agency="gd_gov", level="provincial",
                      region="guangdong")
        cq = w.source("cq_jjxxw_tzgg", name="重庆市经济和信息化委员会 · 通知公告", agency="cq_jjxxw",
                      level="provincial", region="chongqing")
        intl = w.source("int_unfccc_news", name="UNFCCC · News", agency="unfccc", level="international")

        doc = w.document("国办发〔2024〕39号")
        dual_labels = {"relevant": True, "sectors": ["carbon_accounting"], "plan_type": "work_plan",
                       "status": "issued", "level": "national", "region": None,
                       "issuers": ["state_council_general_office"], "doc_number": "国办发〔2024〕39号"}
        title = "国务院办公厅关于印发《加快构建碳排放双控制度体系工作方案》的通知"
        dual_gov = w.release(gov, "https://www.gov.cn/zhengce/content/202608/content_6965771.htm", title=title,
                             text_=DUAL_CONTROL_TEXT, published=date(2026, 11, 18), doc_number="国办发〔2024〕39号",
                             labels=dual_labels, detected_at=d, document=doc)
        doc.canonical_release_id = dual_gov.release.id
        dual_ndrc = w.release(ndrc, "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202608/t20260802_1.html", title=title,
                              text_=DUAL_CONTROL_TEXT, published=date(2026, 11, 18), doc_number="国办发〔2024〕39号",
                              labels=dual_labels, detected_at=d + timedelta(hours=5), document=doc)

        market = w.release(
            gov, "https://www.gov.cn/zhengce/content/202611/content_7000001.htm",
            title="碳排放权交易管理暂行条例", published=date(2026, 11, 19), doc_number="国令第775号",
            text_="碳排放权交易管理暂行条例\n第一条 为了规范碳排放权交易及相关活动，加强对温室气体排放的控制，制定本条例。\n"
                  "第二条 本条例适用于全国碳排放权交易市场的碳排放权交易及相关活动。\n本条例自2026年12月1日起施行。",
            labels={"relevant": True, "sectors": ["carbon_market"], "plan_type": "regulation", "status": "issued",
                    "level": "national", "issuers": ["state_council"], "doc_number": "国令第775号"},
            detected_at=d + timedelta(hours=1))

        guangdong = w.release(
            gd, "http://www.gd.gov.cn/zwgk/wjk/qbwj/yf/content/post_4091.html",
            title="广东省人民政府关于印发广东省碳达峰实施方案的通知 <script>alert('x')</script> <!channel> "
                  "<https://evil.example/|点此> & more",
            text_="广东省人民政府关于印发广东省碳达峰实施方案的通知\n"
                  "到2025年，非化石能源消费比重力争达到32%以上，单位地区生产总值能源消耗和二氧化碳排放确保完成国家下达指标。\n"
                  "加快培育发展十大战略性支柱产业集群和十大战略性新兴产业集群。\n到2030年前实现碳达峰。",
            published=date(2026, 11, 17), doc_number="粤府〔2026〕5号",
            labels={"relevant": True, "sectors": ["economy_wide"], "plan_type": "implementation_plan",
                    "status": "issued", "level": "provincial", "region": "guangdong", "issuers": [],
                    "doc_number": "粤府〔2026〕5号"},
            detected_at=d + timedelta(hours=2))

        draft = w.release(
            cq, "https://jjxxw.cq.gov.cn/zwgk_213/zfxxgkml/tzgg/202611/t20261119_1.html",
            title="关于公开征求《重庆市建材行业碳达峰实施方案（征求意见稿）》意见的通知",
            text_="为做好建材行业碳达峰工作，现将《重庆市建材行业碳达峰实施方案（征求意见稿）》向社会公开征求意见。\n"
                  "意见反馈截止时间为2026年11月27日。\n到2025年，水泥熟料单位产品综合能耗水平降低3%以上。\n"
                  "推动原料替代，支持利用水泥窑协同处置固体废物。",
            published=date(2026, 11, 19), doc_number=None,
            labels={"relevant": True, "sectors": ["building_materials"], "plan_type": "implementation_plan",
                    "status": "consultation", "level": "provincial", "region": "chongqing", "issuers": []},
            detected_at=d + timedelta(hours=3))

        revised = w.release(
            miit, "https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/art/2026/art_1.html",
            title="工业和信息化部等四部门关于印发建材行业碳达峰实施方案的通知",
            old_text="到2025年，水泥熟料单位产品综合能耗水平降低3%以上。\n加强政策支持。",
            text_="到2025年，水泥熟料单位产品综合能耗水平降低5%以上。\n加强政策支持。\n新增：严格执行水泥玻璃产能置换办法。",
            published=date(2022, 11, 7), doc_number="工信部联原〔2022〕149号",
            labels={"relevant": True, "sectors": ["building_materials"], "plan_type": "implementation_plan",
                    "status": "issued", "level": "national", "issuers": ["miit", "ndrc", "mee", "mohurd"]},
            detected_at=d + timedelta(hours=4), kind="revised", significance="substantive",
            summary="Target raised from 3% to 5%; capacity-replacement rule added.")
        editorial = w.release(
            miit, "https://www.miit.gov.cn/zwgk/zcwj/wjfb/tz/art/2026/art_2.html",
            title="工业和信息化部关于钢铁行业节能降碳的通知", old_text="推进钢铁行业节能降碳。", text_="推进钢铁行业节能降碳 。",
            published=date(2026, 1, 5), labels={"relevant": True, "sectors": ["iron_steel"], "plan_type": "notice",
                                                "status": "issued", "level": "national", "issuers": ["miit"]},
            detected_at=d + timedelta(hours=6), kind="revised", significance="editorial", summary="Whitespace only.")
        withdrawn = w.release(
            mee, "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk03/202601/t20260101_1.html",
            title="生态环境部关于做好全国碳市场配额分配工作的通知", text_="做好全国碳排放权交易市场配额分配。",
            published=date(2026, 1, 1), labels={"relevant": True, "sectors": ["carbon_market"], "plan_type": "notice",
                                                "status": "issued", "level": "national", "issuers": ["mee"]},
            detected_at=d + timedelta(hours=7), kind="withdrawn")
        english = w.release(
            intl, "https://unfccc.int/news/countries-submit-new-ndcs",
            title="Countries submit new NDCs ahead of COP31",
            text_="Countries submitted new nationally determined contributions this week. "
                  "The synthesis report finds emissions would peak before 2030 and fall 10% by 2035. "
                  "Parties agreed to establish a new finance goal.",
            published=date(2026, 11, 20), labels={"relevant": True, "sectors": ["international"], "plan_type": "other",
                                                  "status": "news", "level": "international", "issuers": []},
            detected_at=d + timedelta(hours=8))
        irrelevant = w.release(
            ndrc, "https://www.ndrc.gov.cn/xwdt/202611/t1.html", title="国家发展改革委召开新闻发布会",
            text_="介绍宏观经济运行情况。", published=date(2026, 11, 20),
            labels={"relevant": False, "sectors": [], "plan_type": "other", "status": "news", "level": "national",
                    "issuers": ["ndrc"]}, detected_at=d + timedelta(hours=9))
        baseline = w.release(
            gov, "https://www.gov.cn/zhengce/content/201001/content_1.htm", title="国务院关于历史文件的通知",
            text_="历史文件。", published=date(2010, 1, 1),
            labels={"relevant": True, "sectors": ["energy"], "plan_type": "notice", "status": "issued",
                    "level": "national", "issuers": ["state_council"]}, detected_at=d, baseline=True)
        # detected before this week, takes effect within 14 days of the digest: the "taking effect soon" section
        older = w.release(
            ndrc, "https://www.ndrc.gov.cn/xxgk/zcfb/ghxwj/202610/t20261010_1.html",
            title="固定资产投资项目节能审查和碳排放评价办法",
            text_="为加强固定资产投资项目节能审查和碳排放评价，制定本办法。\n本办法自2026年12月1日起施行。",
            published=date(2026, 10, 10), labels={"relevant": True, "sectors": ["energy"], "plan_type": "regulation",
                                                  "status": "issued", "level": "national", "issuers": ["ndrc"]},
            detected_at=NOW - timedelta(days=40))
        ns = SimpleNamespace(**{k: v for k, v in locals().items() if hasattr(v, "event")}, document=doc)
        ids = SimpleNamespace(**{k: v.event.id for k, v in vars(ns).items() if hasattr(v, "event")},
                              document=doc.id,
                              versions={k: v.version.id for k, v in vars(ns).items() if hasattr(v, "event")})
    return ids


def add_subscriber(factory, email, language="en", filters=None, **kw):
    """Create a subscriber (due Monday 08:00 Shanghai, i.e. before NOW) and return its id."""
    from regwatch.notify.subscribers import add_subscriber as add

    with factory() as s, s.begin():
        return add(s, email, NOW - timedelta(days=30), name=kw.pop("name", "Reader"), language=language,
                   filters=filters, **kw).id


def read_mail(path):
    """Parse a stored .eml back with the email package: (message, text part, html part)."""
    import email
    from email.policy import default

    msg = email.message_from_bytes(path.read_bytes(), policy=default)
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    return msg, text, html
