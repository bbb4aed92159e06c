"""Drive a source's family against its snapshots exactly as the spider would, without a network.

Requests are answered by :class:`regwatch.mirror.snapshots.SnapshotStore`; responses are built with Scrapy's
own ``responsetypes`` from the answer's headers, so class choice (Html/Text/Json) and encoding detection are
exercised. The crawl follows ``list_requests`` → ``parse_list`` (its ``requests`` and ``next_page`` up to the
record's ``max_pages``) → ``detail_request`` → ``parse_detail`` (following returned Requests).

The checks of ``test_source_snapshots.py`` live here too (:func:`expected_cases`, :func:`check_state`,
:func:`sources_missing_expected`) so that any set of directories can be checked the same way: the records
directory, the snapshot root and the expected-values directory are parameters that default to the repository's
(``spiders/sources`` — or ``$REGWATCH_SOURCES_DIR`` —, ``snapshots/``, ``tests/expected/``).
``test_add_a_site.py`` runs them over a site that exists only in tmp directories.

``python -m tests.sources.harness SLUG STATE`` prints what a crawl sees, as YAML, to help write expected files
(review every value against the page before pasting it).

``harness: rendered-only`` (top level of an expected file, only for ``render: true`` records): the list is built
by JavaScript, which this harness does not run. The static list must then fail with SelectorError (proof that it
needs rendering), and every stated detail is checked from the expected ``list`` row; the list values themselves
are checked against the browser-rendered DOM by ``tests/sources/test_rendering.py``.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from protego import Protego
from scrapy import Request
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from regwatch.mirror.snapshots import SnapshotStore
from spiders.blocking import detect_block
from spiders.families import get_family
from spiders.families.base import SelectorError
from spiders.families.detail import first_sentence
from spiders.records import SourceRecord, get_source, sources_dir

PROJECT = Path(__file__).resolve().parents[2]
SNAPSHOTS = PROJECT / "snapshots"
EXPECTED = PROJECT / "tests" / "expected"
MAX_HOPS = 4


class Blocked(Exception):
    """detect_block named a cause for a response."""

    def __init__(self, cause: str, url: str):
        super().__init__(f"{cause} at {url}")
        self.cause = cause


class RobotsDenied(Exception):
    """The source obeys robots.txt and the snapshot's robots.txt disallows a URL it fetched."""


@dataclass
class CrawlResult:
    entries: list = field(default_factory=list)
    details: dict = field(default_factory=dict)
    pages: int = 0
    fetched: list = field(default_factory=list)


class SnapshotCrawler:
    def __init__(self, source: SourceRecord, state: str, store: SnapshotStore | None = None,
                 snapshots: Path | None = None):
        self.source = source
        self.state = state
        self.store = store or SnapshotStore(snapshots or SNAPSHOTS)
        self.family = get_family(source.family)
        self._robots: dict[str, Protego] = {}

    # ------------------------------------------------------------ transport

    def fetch(self, request: Request):
        """The response Scrapy would hand to a callback for ``request`` (status, headers, body, encoding)."""
        self._check_robots(request.url)
        content_type = request.headers.get(b"Content-Type", b"").decode("latin-1")
        answer = self.store.answer(self.state, request.method, request.url, request.body, content_type)
        headers = Headers(answer.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=answer.body)
        response = cls(url=request.url, status=answer.status, headers=headers, body=answer.body, request=request)
        text = response.text if hasattr(response, "text") else None
        cause = detect_block(answer.status, answer.headers, answer.body, text, self.source)
        if cause:
            raise Blocked(cause, request.url)
        return response

    def _check_robots(self, url: str) -> None:
        """Enforce the snapshot's robots.txt for ``robots: obey`` records.

        A record that lists ``robots_ignore_hosts`` (the gov.cn 政策文件库 API) still obeys robots.txt on every
        other host it fetches (its detail pages).
        """
        parts = urlsplit(url)
        if not self.source.obeys_robots(parts.hostname):
            return
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            answer = self.store.answer(self.state, "GET", host + "/robots.txt")
            body = answer.body.decode("utf-8", "replace") if answer.status == 200 else ""
            self._robots[host] = Protego.parse(body)
        if not self._robots[host].can_fetch(url, "regwatch"):
            raise RobotsDenied(f"robots.txt of {host} disallows {url}")

    # ------------------------------------------------------------ crawl

    def crawl(self, details: bool = True) -> CrawlResult:
        result = CrawlResult()
        queue = list(self.family.list_requests(self.source))
        while queue:
            request = queue.pop(0)
            response = self.fetch(request)
            result.fetched.append(request.url)
            listed = self.family.parse_list(response, self.source)
            if listed.entries:
                result.pages += 1
            result.entries.extend(listed.entries)
            queue[:0] = listed.requests
            if listed.next_page is not None and result.pages < self.source.max_pages:
                queue.append(listed.next_page)
        if details:
            seen = set()
            for entry in result.entries:
                if entry.url not in seen:
                    seen.add(entry.url)
                    result.details[entry.url] = self.detail(entry)
        return result

    def detail(self, entry) -> dict:
        request = self.family.detail_request(entry, self.source)
        for _ in range(MAX_HOPS):
            response = self.fetch(request)
            if response.status >= 400:
                return {"status": response.status}
            page = self.family.parse_detail(response, self.source, entry)
            if isinstance(page, Request):
                request = page
                continue
            return {
                "title": page.title,
                "published": page.published,
                "doc_number": page.doc_number,
                "issuer_names": page.issuer_names,
                "first_sentence": first_sentence(page.body_html),
                "attachments": [a.url for a in page.attachments],
                # only when the family reads one (征求意见 deadline in the body prose, §2.7)
                **({"comment_deadline": page.meta["comment_deadline"]} if page.meta.get("comment_deadline") else {}),
            }
        raise AssertionError(f"more than {MAX_HOPS} hops for {entry.url}")


def entry_dict(entry) -> dict:
    data = {"url": entry.url, "title": entry.title, "published": entry.published, "doc_number": entry.doc_number}
    if entry.extra:
        data["extra"] = dict(entry.extra)
    return data


def dump(slug: str, state: str, records: Path | None = None, snapshots: Path | None = None) -> str:
    result = SnapshotCrawler(get_source(slug, records), state, snapshots=snapshots).crawl()
    data = {"pages": result.pages, "list": [entry_dict(e) for e in result.entries], "details": result.details}
    return yaml.safe_dump({state: data}, allow_unicode=True, sort_keys=False, width=200)


# ---------------------------------------------------------------- the checks of test_source_snapshots.py


def expected_cases(expected: Path | None = None) -> list[tuple[Path, str]]:
    """``(expected file, state)`` for every state of every ``<expected>/<slug>.yaml``, sorted by file."""
    return [(path, state)
            for path in sorted(Path(expected or EXPECTED).glob("*.yaml"))
            for state in (yaml.safe_load(path.read_text("utf-8")) or {}).get("states", {})]


_BODIES: dict[tuple, str] = {}


def _load(path: Path, state: str) -> tuple[dict, dict]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["slug"] == path.stem, f"{path}: slug must match the file name"
    return data, data["states"][state]


def _body(slug: str, state: str, url: str, records: Path | None, snapshots: Path | None) -> str:
    """The body HTML a crawl of ``state`` extracts for ``url`` (cached across tests)."""
    key = (str(records), str(snapshots), slug, state, url)
    if key not in _BODIES:
        crawler = SnapshotCrawler(get_source(slug, records), state, snapshots=snapshots)
        entry = next(e for e in crawler.crawl(details=False).entries if e.url == url)
        request = crawler.family.detail_request(entry, crawler.source)
        while True:
            page = crawler.family.parse_detail(crawler.fetch(request), crawler.source, entry)
            if not hasattr(page, "body_html"):
                request = page
                continue
            _BODIES[key] = page.body_html
            break
    return _BODIES[key]


def check_state(path: Path, state: str, *, records: Path | None = None, snapshots: Path | None = None) -> CrawlResult | None:
    """Crawl ``state`` of the source named by the expected file ``path`` and assert every value it states.

    ``records`` / ``snapshots`` default to the repository's directories. Returns the crawl (None for failure states).
    """
    data, want = _load(path, state)
    slug = data["slug"]
    crawler = SnapshotCrawler(get_source(slug, records), state, snapshots=snapshots)

    if "failure" in want:
        _check_failure(crawler, want["failure"])
        return None
    if data.get("harness") == "rendered-only":  # JS-built list: see the module docstring
        _check_rendered_only(crawler, want)
        return None

    result = crawler.crawl()
    if "pages" in want:
        assert result.pages == want["pages"], f"list pages read: {result.fetched}"
    got = [entry_dict(e) for e in result.entries]
    for row, expected in zip(got, want["list"]):
        if "extra" not in expected:  # rows state extra values only where the family's extras matter
            row.pop("extra", None)
    assert got == want["list"]
    missing = set(want["details"]) - set(result.details)
    assert not missing, f"expected details for URLs the crawl did not list: {sorted(missing)}"
    for url, expected in want["details"].items():
        checks = {k: expected.pop(k) for k in ("body_contains", "body_lacks", "body_same_as") if k in expected}
        assert result.details[url] == expected, url
        if checks:
            body = _body(slug, state, url, records, snapshots)
            for text in checks.get("body_contains", []):
                assert text in body, f"{url}: body lacks {text!r}"
            for text in checks.get("body_lacks", []):
                assert text not in body, f"{url}: body still has {text!r}"
            if "body_same_as" in checks:
                assert body == _body(slug, checks["body_same_as"], url, records, snapshots), \
                    f"{url}: body changed, chrome only expected"
    listed = {e.url for e in result.entries}
    for url in want.get("gone", []):
        assert url not in listed, f"{url} must be dropped from the list"
        answer = crawler.store.answer(state, "GET", url)
        assert answer.status == 404, f"{url} must answer 404 in {state}"
        assert answer.source == slug, f"{url}: the 404 must be the site's own page from this source's snapshot"
    return result


def _check_rendered_only(crawler: SnapshotCrawler, want: dict) -> None:
    """``harness: rendered-only``: the static list has no rows; details are checked from the expected rows."""
    from spiders.items import ListEntry

    assert crawler.source.render, f"{crawler.source.slug}: harness: rendered-only needs render: true in the record"
    with pytest.raises(SelectorError):  # rows without JavaScript would make the flag (and the browser) needless
        crawler.crawl(details=False)
    rows = {row["url"]: row for row in want["list"]}
    for url, expected in want["details"].items():
        assert url in rows, f"expected details for a URL the list does not state: {url}"
        assert not {"body_contains", "body_lacks", "body_same_as"} & set(expected), "body checks need a crawled list"
        row = rows[url]
        entry = ListEntry(url=url, title=row["title"], published=row.get("published"),
                          doc_number=row.get("doc_number"), extra=dict(row.get("extra") or {}))
        assert crawler.detail(entry) == expected, url


def _check_failure(crawler: SnapshotCrawler, failure: dict) -> None:
    """The crawl must stop with the named block cause or selector error (never return an empty list)."""
    kind = failure["kind"]
    assert kind in ("block", "selector"), f"unknown failure kind {kind!r}"
    with pytest.raises(Blocked if kind == "block" else SelectorError) as caught:
        crawler.crawl()
    message = caught.value.cause if kind == "block" else str(caught.value)
    if "cause" in failure:
        assert message == failure["cause"]
    assert failure.get("contains", "") in message


def sources_missing_expected(records: Path | None = None, snapshots: Path | None = None,
                             expected: Path | None = None) -> list[str]:
    """Slugs that ship snapshots and a record but no expected-values file (their parser would go unexercised)."""
    records, snapshots, expected = Path(records or sources_dir()), Path(snapshots or SNAPSHOTS), Path(expected or EXPECTED)
    mine = {p.stem for p in expected.glob("*.yaml")}
    return sorted(d.name for d in snapshots.iterdir()
                  if d.is_dir() and (records / f"{d.name}.yaml").exists() and d.name not in mine)


if __name__ == "__main__":
    print(dump(sys.argv[1], sys.argv[2]))
