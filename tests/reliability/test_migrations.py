"""Migrations upgrade an existing, populated database without loss (SQLite and PostgreSQL).

A database at the first revision full of real rows is made the way an operator's would be: the real pipeline runs
two weeks (three fixture sources, robots.txt cache, subscribers, a delivered digest) and the schema is then
taken back to revision 0001 (every later migration's downgrade runs). Every row of every table is recorded; the
upgrade to head must keep each of them, column for column, and the upgraded database must carry on: a third week
is crawled, processed and mailed on it. Finally the head schema equals the models (no migration was forgotten).
"""
from __future__ import annotations

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, select, text

from regwatch import pipeline
from regwatch.db import alembic_config, migrate, normalize_url
from regwatch.mirror.server import MirrorServer
from regwatch.models import Base
from regwatch.notify.sink import start_smtp_sink
from tests.reliability.site import Doc, detail_page, list_page, make_source, write

pytestmark = pytest.mark.slow

FIRST = "0001"
SLUGS = {"cn_migra_tz": "www.migra.gov.cn", "cn_migrb_tz": "www.migrb.gov.cn", "cn_migrc_tz": "www.migrc.gov.cn"}
WEEKS = {"week1": "2026-11-09T02:00:00+00:00", "week2": "2026-11-16T02:00:00+00:00",
         "week3": "2026-11-23T02:00:00+00:00"}


def build_world(root, records) -> None:
    for n, (slug, host) in enumerate(SLUGS.items()):
        docs = make_source(root, records, slug, host)
        new = Doc(f"202611/t2026111{n}_7.html", f"{slug}关于印发工业领域碳达峰实施方案的通知", "2026/11/12",
                  "<p>各有关单位：现将《工业领域碳达峰实施方案》印发给你们，请认真贯彻执行。</p>")
        write(root, slug, "week2", host, "tz/index.html", list_page([new, *docs]))
        write(root, slug, "week2", host, f"tz/{new.path}", detail_page(new))
        later = Doc(f"202611/t2026112{n}_8.html", f"{slug}关于征求绿色低碳发展意见的函", "2026/11/20",
                    "<p>现将绿色低碳发展指导意见（征求意见稿）公开征求意见。</p>")
        write(root, slug, "week3", host, "tz/index.html", list_page([later, new, *docs]))
        write(root, slug, "week3", host, f"tz/{later.path}", detail_page(later))


def run_week(monkeypatch, mirrors, week: str) -> dict:
    monkeypatch.setenv("REGWATCH_NOW", WEEKS[week])
    crawls = pipeline.crawl_sources(list(SLUGS), mirror=mirrors[week].url)
    assert {r["status"] for r in crawls} == {"ok"}, crawls
    processed = pipeline.process_new_versions()
    queued = pipeline.queue_digests()
    return {"processed": processed, "queued": queued, "delivered": pipeline.deliver_due_messages()}


def dump(url: str) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows (ordered by primary key), read by reflection."""
    engine = create_engine(normalize_url(url))
    try:
        meta = MetaData()
        meta.reflect(engine)
        out = {}
        with engine.connect() as conn:
            for name, table in meta.tables.items():
                cols = [c.name for c in table.columns]
                order = list(table.primary_key.columns) or list(table.columns)
                out[name] = (cols, [tuple(r) for r in conn.execute(select(table).order_by(*order))])
        return out
    finally:
        engine.dispose()


def current_revision(url: str) -> str:
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture
def world(fixture_world, monkeypatch, db_url):
    root, records = fixture_world
    build_world(root, records)
    monkeypatch.setenv("REGWATCH_DATABASE_URL", db_url)
    monkeypatch.setenv("REGWATCH_SECRET_KEY", "migration-test-key")
    monkeypatch.setenv("REGWATCH_BASE_URL", "https://regwatch.example.org")
    monkeypatch.setenv("REGWATCH_MAIL_FROM", "regwatch <digest@regwatch.example.org>")
    mirrors = {state: MirrorServer(root, state).start() for state in WEEKS}
    yield db_url, mirrors
    for mirror in mirrors.values():
        mirror.stop()


def test_upgrade_from_first_revision_keeps_every_row_and_carries_on(world, monkeypatch, tmp_path):
    from regwatch.db import session_scope
    from regwatch.notify.subscribers import add_subscriber

    url, mirrors = world
    host, port, stop_smtp = start_smtp_sink(tmp_path / "mail")
    monkeypatch.setenv("REGWATCH_SMTP_URL", f"smtp://{host}:{port}")
    try:
        monkeypatch.setenv("REGWATCH_NOW", WEEKS["week1"])
        pipeline.prepare()
        with session_scope() as session:
            for n, language in enumerate(("zh", "en", "zh")):
                add_subscriber(session, f"reader{n}@example.org", datetime.fromisoformat("2026-10-01T00:00:00+00:00"),
                               name=f"Reader {n}", language=language)
        run_week(monkeypatch, mirrors, "week1")
        week2 = run_week(monkeypatch, mirrors, "week2")
        assert week2["processed"]["new"] == 3 and week2["delivered"]["sent"] == 3, week2

        migrate(url, FIRST, down=True)
        assert current_revision(url) == FIRST
        before = dump(url)
        assert "robots_cache" not in before and "relation" not in before["documents"][0]
        populated = {name for name, (_, rows) in before.items() if rows}
        assert {"sources", "crawl_runs", "releases", "versions", "blobs", "change_events", "classifications",
                "documents", "subscribers", "subscriptions", "deliveries"} <= populated, populated

        migrate(url, "head")
        head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
        assert current_revision(url) == head != FIRST
        after = dump(url)
        for name, (cols, rows) in before.items():
            if name == "alembic_version":
                continue
            after_cols, after_rows = after[name]
            assert set(cols) <= set(after_cols), (name, set(cols) - set(after_cols))
            kept = [tuple(row[after_cols.index(c)] for c in cols) for row in after_rows]
            assert kept == rows, f"{name}: rows changed by the upgrade"
        assert not after["documents"][1] or all(
            row[after["documents"][0].index("relation")] is None for row in after["documents"][1])

        week3 = run_week(monkeypatch, mirrors, "week3")  # the upgraded database carries on
        assert week3["processed"]["new"] == 3 and week3["delivered"]["sent"] == 3, week3
    finally:
        stop_smtp()

    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    finally:
        engine.dispose()
    assert diffs == [], f"the models differ from the migrated schema (a migration is missing): {diffs}"
