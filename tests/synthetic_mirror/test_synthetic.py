"""The synthetic benchmark mirror (bench/synthetic.py): valid records, exact week2 truth, sizes, determinism.

Structural tests read the generated world the way a crawl does — through the mirror's own resolution
(``SnapshotStore``) and the project's family parsers. The slow test crawls it for real (week1 baseline, week2
changes, a week3 recrawl) and compares the change events with the truth.
"""
from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from sqlalchemy import select

from regwatch.mirror.layout import snapshot_relpath
from regwatch.mirror.snapshots import SnapshotStore
from spiders.families import get_family
from spiders.records import all_sources, load_record


def _load_generator():
    """bench/synthetic.py, loaded by path (the tests do not depend on bench/ being importable as a package)."""
    name = "regwatch_bench_synthetic"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "bench" / "synthetic.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # before exec: dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules[name]


synthetic = _load_generator()
FAMILIES, generate = synthetic.FAMILIES, synthetic.generate
SOURCES, DOCS = 8, 20  # two sources per family (four families)
WEEK1, WEEK2, WEEK3 = "2026-11-09T02:00:00+00:00", "2026-11-16T02:00:00+00:00", "2026-11-23T02:00:00+00:00"
OFF_TOPIC_WORDS = ("采购", "任免", "招聘", "工作会议", "安全生产大检查", "业务培训")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("synthetic"), SOURCES, DOCS)


@pytest.fixture(scope="module")
def records(world):
    return all_sources(world.records)


@pytest.fixture(scope="module")
def store(world):
    return SnapshotStore(world.snapshots)


@pytest.fixture(scope="module")
def lists(records, store):
    """``{state: {slug: (entries, relpaths the list read fetched)}}``."""
    return {state: {slug: read_list(store, state, record) for slug, record in records.items()}
            for state in ("week1", "week2")}


def fetch(store: SnapshotStore, state: str, request: Request) -> TextResponse:
    """The mirror's answer to a Scrapy request, as the response Scrapy would build."""
    content_type = request.headers.get("Content-Type", b"").decode("latin-1")
    answer = store.answer(state, request.method, request.url, request.body or b"", content_type)
    if "html" in answer.headers["Content-Type"]:
        return HtmlResponse(request.url, status=answer.status, headers=answer.headers, body=answer.body,
                            request=request)
    return TextResponse(request.url, status=answer.status, headers=answer.headers, body=answer.body,
                        request=request, encoding="utf-8")


def read_list(store: SnapshotStore, state: str, record) -> tuple[list, set[str]]:
    """Every entry the record's list shows in ``state`` (in order), and the relpaths its reading fetched."""
    family = get_family(record.family)
    pending, entries, fetched = list(family.list_requests(record)), [], set()
    while pending:
        request = pending.pop(0)
        content_type = request.headers.get("Content-Type", b"").decode("latin-1")
        fetched.add(snapshot_relpath(request.url, request.method, request.body or b"", content_type))
        result = family.parse_list(fetch(store, state, request), record)
        assert result.next_page is None, f"{record.slug}: one list page must hold the whole list"
        entries += result.entries
        pending += result.requests
    return entries, fetched


def expected_count(rate: float, total: int) -> int:
    count = math.floor(rate * total + 0.5)
    return max(count, 1) if total >= 100 else count


def state_files(world, slug: str, state: str) -> set[str]:
    """Relpaths (sidecars folded into their file) present in one state directory of a source."""
    base = world.snapshots / slug / state
    files = set()
    for path in base.rglob("*"):
        if path.is_file():
            rel = path.relative_to(base).as_posix()
            files.add(rel.removesuffix(".meta.json"))
    return files


# ---------------------------------------------------------------------------------------------- structure


def test_records_load_with_the_project_loader(world, records, monkeypatch):
    monkeypatch.setenv("REGWATCH_SOURCES_DIR", str(world.records))
    assert sorted(all_sources()) == sorted(world.slugs) == sorted(records)
    for path in sorted(world.records.glob("*.yaml")):
        record = load_record(path)
        assert record.slug.startswith(f"syn_{record.family}_")
        assert (record.download_delay, record.verified, record.max_pages) == (0, False, 1)
        assert record.notes == "synthetic benchmark source"
        assert 1 <= record.expected_min_items <= DOCS
        assert record.list_urls == world.list_urls[record.slug]
        assert all(url.startswith("http://") for url in record.list_urls)
    assert Counter(r.family for r in records.values()) == {family: 2 for family in FAMILIES}
    for host, slugs in world.hosts.items():
        assert host.startswith("www.syn") and host.endswith(".gov.cn")
        assert {records[slug].primary_host for slug in slugs} == {host}
        assert len({records[slug].family for slug in slugs}) == 1  # one CMS per site


def test_truth_counts_follow_the_rates(world):
    total = SOURCES * DOCS
    assert world.documents == total
    assert {kind: len(urls) for kind, urls in world.truth.items()} == {
        "new": expected_count(0.02, total), "revised": expected_count(0.01, total),
        "withdrawn": expected_count(0.005, total)}
    every = [url for urls in world.truth.values() for url in urls]
    assert len(set(every)) == len(every)
    saved = json.loads((world.root / "truth.json").read_text("utf-8"))
    assert {k: saved[k] for k in world.truth} == world.truth
    assert saved["counts"] == {k: len(v) for k, v in world.truth.items()}


def test_lists_week1_vs_week2_differ_exactly_by_the_truth(world, records, lists):
    truth = world.truth
    week1, week2 = {}, {}
    for slug, record in records.items():
        entries1, entries2 = lists["week1"][slug][0], lists["week2"][slug][0]
        assert len(entries1) == DOCS
        assert {e.url.split("/")[2] for e in entries1 + entries2} == {record.primary_host}
        week1.update({e.url: e for e in entries1})
        week2.update({e.url: e for e in entries2})
        # new documents enter at the top, newest first
        added = [e.url for e in entries2 if e.url not in {x.url for x in entries1}]
        assert [e.url for e in entries2[: len(added)]] == added
        dates = [e.published for e in entries2]
        assert dates == sorted(dates, reverse=True)
    assert len(week1) == world.documents
    assert set(week2) - set(week1) == set(truth["new"])
    assert set(week1) - set(week2) == set(truth["withdrawn"])
    for url in set(week1) & set(week2):
        assert (week1[url].title, week1[url].published, week1[url].doc_number) == \
               (week2[url].title, week2[url].published, week2[url].doc_number)


def test_resolved_files_differ_exactly_by_the_truth(world, records, store, lists):
    """Every file either state serves, resolved by the mirror: only truth pages and their lists change."""
    truth_paths = {snapshot_relpath(url): kind for kind, urls in world.truth.items() for url in urls}
    changed_details, changed_other = {}, set()
    for slug in records:
        for relpath in sorted(state_files(world, slug, "week1") | state_files(world, slug, "week2")):
            url = "http://" + relpath.replace("@", "?", 1)
            assert snapshot_relpath(url) == relpath
            before, after = store.answer("week1", "GET", url), store.answer("week2", "GET", url)
            if (before.status, before.body) == (after.status, after.body):
                continue
            if relpath in truth_paths:
                changed_details[relpath] = (before.status, after.status)
            else:
                changed_other.add((slug, relpath))
    assert set(changed_details) == set(truth_paths)
    for relpath, kind in truth_paths.items():
        statuses = {"new": (404, 200), "revised": (200, 200), "withdrawn": (200, 404)}[kind]
        assert changed_details[relpath] == statuses
    # the other changed files are list answers, exactly one changed list per source whose list changed
    moved = set(world.truth["new"]) | set(world.truth["withdrawn"])
    touched = {slug for slug in records if moved & {e.url for state in lists for e in lists[state][slug][0]}}
    for slug, relpath in changed_other:
        assert relpath in lists["week1"][slug][1] | lists["week2"][slug][1], relpath
    assert {slug for slug, _ in changed_other} == touched
    # robots.txt: on every host, byte-identical in every source (the store raises SnapshotConflict otherwise)
    for host in world.hosts:
        for state in ("week1", "week2"):
            answer = store.answer(state, "GET", f"http://{host}/robots.txt")
            assert answer.body == b"User-agent: *\nDisallow: /private/\n"
    for slug in world.slugs:
        assert (world.snapshots / slug / "states.yaml").read_text("utf-8").strip() == "week2: {base: week1}"


def test_detail_pages_parse_with_bodies_of_5_to_50_kb(world, records, store, lists):
    sizes, off_topic = [], 0
    for state in ("week1", "week2"):
        for slug, record in records.items():
            family = get_family(record.family)
            for entry in lists[state][slug][0]:
                response = fetch(store, state, Request(entry.url))
                assert response.status == 200
                page = family.parse_detail(response, record, entry)
                assert page.title == entry.title
                assert page.published == entry.published  # list and detail dates agree
                if state == "week1" or entry.url in world.truth["revised"] + world.truth["new"]:
                    sizes.append(len(page.body_html.encode("utf-8")))
                if state == "week1":
                    off_topic += any(word in entry.title for word in OFF_TOPIC_WORDS)
    assert min(sizes) >= 5_000 and max(sizes) <= 50_000, (min(sizes), max(sizes))
    assert max(sizes) - min(sizes) > 20_000  # varied
    assert 0.1 <= off_topic / world.documents <= 0.3


def test_revisions_are_substantive_text_changes(world, records, store, lists):
    from diffing.diff import diff_texts
    from diffing.normalize import normalize_html
    from diffing.significance import classify_revision

    listed = {e.url: (records[slug], e) for slug, (entries, _) in lists["week1"].items() for e in entries}
    for url in world.truth["revised"]:
        record, entry = listed[url]
        family = get_family(record.family)
        old, new = (family.parse_detail(fetch(store, state, Request(url)), record, entry)
                    for state in ("week1", "week2"))
        old_text, new_text = normalize_html(old.body_html), normalize_html(new.body_html)
        assert old_text != new_text
        facts = [{"title": p.title, "published": p.published, "doc_number": p.doc_number, "text": t}
                 for p, t in ((old, old_text), (new, new_text))]
        assert classify_revision(facts[0], facts[1], diff_texts(old_text, new_text)) == "substantive"


def test_generation_is_deterministic(tmp_path):
    first, second = generate(tmp_path / "a", SOURCES, DOCS), generate(tmp_path / "b", SOURCES, DOCS)

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    one, two = files(first.root), files(second.root)
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []
    assert (first.truth, first.hosts, first.list_urls) == (second.truth, second.hosts, second.list_urls)
    other = generate(tmp_path / "c", SOURCES, DOCS, seed=7)
    assert other.truth != first.truth


def test_refuses_to_write_into_a_used_directory(world):
    with pytest.raises(FileExistsError):
        generate(world.root, SOURCES, DOCS)


# ---------------------------------------------------------------------------------------------- end to end


def _events(session) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, release url, significance, summary) of every change event, oldest first."""
    from regwatch.models import ChangeEvent

    return [(event.kind, event.release.url, event.significance, event.summary)
            for event in session.scalars(select(ChangeEvent).order_by(ChangeEvent.id))]


# Known pipeline bug (not the generator's: those pages are byte-identical in both states). A page without a
# 发文字号 of its own gets one from the classifier (process.classify_releases writes labels["doc_number"] into
# Release.doc_number); the next revisit builds its ListEntry from that row (store.crawl_plan), record_fetch
# hashes ``page.doc_number or entry.doc_number``, and the unchanged page becomes a new version: a substantive
# "revised" event whose only change is "document number: — → <number the classifier found>".
CLASSIFIER_NUMBER_FEEDBACK = re.compile(r"^document number: — → [^;]+$")


def _known_bug(event: tuple) -> bool:
    return event[0] == "revised" and bool(CLASSIFIER_NUMBER_FEEDBACK.match(event[3] or ""))


@pytest.mark.slow
def test_end_to_end_crawl_finds_the_truth(tmp_path, monkeypatch, capsys):
    from regwatch import pipeline
    from regwatch.db import session_scope
    from regwatch.mirror.server import MirrorServer
    from regwatch.models import Release

    world = generate(tmp_path / "world", SOURCES, DOCS)
    for key in list(os.environ):
        if key.startswith("REGWATCH_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REGWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'rw.db'}")
    monkeypatch.setenv("REGWATCH_SOURCES_DIR", str(world.records))
    monkeypatch.setenv("REGWATCH_DOWNLOAD_DELAY", "0")
    monkeypatch.setenv("REGWATCH_NOW", WEEK1)
    store = SnapshotStore(world.snapshots)
    week1_urls = {e.url for r in all_sources(world.records).values() for e in read_list(store, "week1", r)[0]}
    truth = world.truth
    expected = {(kind, url) for kind, urls in truth.items() for url in urls}
    mirror = MirrorServer(world.snapshots, "week1").start()
    try:
        pipeline.prepare()
        results = pipeline.crawl_sources(world.slugs, mirror=mirror.url)
        assert sorted(r["slug"] for r in results) == sorted(world.slugs)
        assert [r for r in results if r["status"] != "ok"] == []
        with session_scope() as session:
            assert set(session.scalars(select(Release.url))) == week1_urls
        pipeline.process_new_versions()
        with session_scope() as session:
            assert _events(session) == []  # week 1 is the silent baseline

        monkeypatch.setenv("REGWATCH_NOW", WEEK2)
        mirror.set_state("week2")
        results = pipeline.crawl_sources(world.slugs, mirror=mirror.url)
        assert [r for r in results if r["status"] != "ok"] == []
        pipeline.process_new_versions()
        with session_scope() as session:
            week2 = _events(session)
        found = [e for e in week2 if (e[0], e[1]) in expected]
        assert sorted(url for kind, url, _, _ in found if kind == "new") == sorted(truth["new"])
        assert sorted(url for kind, url, _, _ in found if kind == "revised") == sorted(truth["revised"])
        assert {sig for kind, _, sig, _ in found if kind == "revised"} == {"substantive"}
        spurious = [e for e in week2 if (e[0], e[1]) not in expected]
        known_bug = [e for e in spurious if _known_bug(e)]
        assert [e for e in spurious if e not in known_bug] == []
        withdrawn_at_week2 = sorted(url for kind, url, _, _ in found if kind == "withdrawn")

        # a withdrawal needs a second 404 an interval apart unless the list crawl covered its date
        monkeypatch.setenv("REGWATCH_NOW", WEEK3)
        results = pipeline.crawl_sources(world.slugs, mirror=mirror.url)
        assert [r for r in results if r["status"] != "ok"] == []
        pipeline.process_new_versions()
        with session_scope() as session:
            week3 = _events(session)[len(week2):]
        known_bug += [e for e in week3 if _known_bug(e)]  # pages first classified in week 2
        week3 = [e for e in week3 if not _known_bug(e)]
        pending = set(truth["withdrawn"]) - set(withdrawn_at_week2)
        assert sorted(url for kind, url, _, _ in week3) == sorted(pending)
        assert {kind for kind, _, _, _ in week3} <= {"withdrawn"}
        with capsys.disabled():
            kinds = dict(Counter(e[0] for e in week2))
            print(f"\nsynthetic e2e: week2 events {kinds}: truth found, withdrawn "
                  f"{len(withdrawn_at_week2)}/{len(truth['withdrawn'])} at week2 and the rest at week3; "
                  f"{len(known_bug)} spurious 'revised' (weeks 2 and 3) from the classifier's document number")
    finally:
        mirror.stop()
    # fixed in store.crawl_plan (a revisit carries the document number its last fetch saw): now a hard failure
    assert not known_bug, f"{len(known_bug)} unchanged pages reported 'revised' via a classifier-found 发文字号: " \
        f"{known_bug[:3]}"
