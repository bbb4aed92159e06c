"""``regwatch sources list|check``: what is monitored and whether each source still parses."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click

from spiders.records import all_sources, get_source


def last_run_status() -> dict[str, str]:
    """Each source's latest crawl-run status, when a database exists."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from regwatch.db import session_scope
    from regwatch.models import CrawlRun

    try:
        with session_scope() as session:
            latest = select(func.max(CrawlRun.id).label("id")).group_by(CrawlRun.source_slug).subquery()
            rows = session.execute(select(CrawlRun.source_slug, CrawlRun.status).join(latest, CrawlRun.id == latest.c.id))
            return {slug: status for slug, status in rows}
    except SQLAlchemyError:
        return {}


def check_source(slug: str, mirror: str | None = None, timeout: int = 300) -> dict:
    """Fetch the list page and one detail page through the real spider (check mode); nothing is stored."""
    get_source(slug)
    with tempfile.TemporaryDirectory(prefix="regwatch-check-") as tmp:
        report = Path(tmp) / "report.json"
        env = dict(os.environ, SCRAPY_SETTINGS_MODULE="spiders.settings")
        if mirror:
            env["REGWATCH_MIRROR"] = mirror
        cmd = [sys.executable, "-m", "scrapy", "crawl", "source", "-a", f"source={slug}", "-a",
               f"check_report={report}", "-s", "ITEM_PIPELINES={\"spiders.pipelines.StorePipeline\": 300}"]
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return _failed(slug, f"check timed out after {timeout}s")
        if report.exists():
            return json.loads(report.read_text("utf-8"))
        return _failed(slug, f"check process exited with code {proc.returncode}: {proc.stderr[-800:]}")


def _failed(slug: str, cause: str) -> dict:
    record = get_source(slug)
    return {"slug": slug, "level": record.level, "family": record.family, "verified": record.verified,
            "status": cause, "items": 0, "details": []}


@click.group("sources")
def sources_group() -> None:
    """The monitored sources."""


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json: bool) -> None:
    """Every source: slug, agency, level, region, family, verified, last run status."""
    status = last_run_status()
    rows = [{"slug": r.slug, "agency": r.agency, "level": r.level, "region": r.region, "family": r.family,
             "verified": r.verified, "status": status.get(r.slug, "never run"), "name": r.name}
            for r in all_sources().values()]
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['slug']:<24} {row['agency']:<16} {row['level']:<11} {row['region'] or '-':<10} "
                   f"{row['family']:<18} {'verified' if row['verified'] else 'UNVERIFIED':<10} {row['status']}")


@sources_group.command("check")
@click.argument("slugs", nargs=-1)
@click.option("--json", "as_json", is_flag=True)
@click.option("--mirror", envvar="REGWATCH_MIRROR", default=None, help="offline mirror (default: live sites)")
@click.option("--workers", default=4, show_default=True)
def check_command(slugs, as_json: bool, mirror: str | None, workers: int) -> None:
    """Fetch each source's list page and one detail page; report items, fields and the failure cause."""
    targets = list(slugs) or list(all_sources())
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda slug: check_source(slug, mirror), targets))
    for result in results:
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            fields = result["details"][0] if result["details"] else {}
            found = ", ".join(k for k in ("title", "published", "doc_number", "issuer_names") if fields.get(k))
            click.echo(f"{result['slug']:<24} {result['items']:>4} items  fields: {found or '-':<40} {result['status']}")
    sys.exit(0 if all(r["status"] == "ok" for r in results) else 1)


def set_paused(slugs: list[str], paused: bool) -> list[str]:
    """Pause or resume sources: scheduled crawls skip paused ones (a manual crawl naming them does not)."""
    from regwatch.db import session_scope
    from regwatch.models import Source
    from regwatch.pipeline import prepare

    for slug in slugs:
        get_source(slug)
    prepare()
    with session_scope() as session:
        for slug in slugs:
            session.get(Source, slug).paused = paused
    return slugs


@sources_group.command("pause")
@click.argument("slugs", nargs=-1, required=True)
def pause_command(slugs) -> None:
    """Stop crawling these sources on schedule (their history stays)."""
    click.echo(f"paused: {', '.join(set_paused(list(slugs), True))}")


@sources_group.command("resume")
@click.argument("slugs", nargs=-1, required=True)
def resume_command(slugs) -> None:
    """Crawl these sources on schedule again."""
    click.echo(f"resumed: {', '.join(set_paused(list(slugs), False))}")
