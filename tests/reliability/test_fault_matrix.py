"""Every mirror fault against real crawls: several sources at once, each faulted differently, plus a healthy one.

Week 1 is a clean baseline. In week 2 (every known page due for a revisit) each source meets its faults; a week-3
crawl without faults shows the damage was transient. What must hold (RELIABILITY.md):

* no fault crashes a crawl process or stops another source; the healthy control source is ``ok``;
* each fault is on its crawl run with a clear cause;
* a transient fault never produces a ``withdrawn`` event; a challenge or error page is never stored as a version;
* only configured hosts are fetched; redirects off them or to private/loopback/link-local addresses are refused
  on the ORIGINAL URL (the mirror proxy itself is on 127.0.0.1) and never reach the wire;
* the size (REGWATCH_DOWNLOAD_MAXSIZE) and time (REGWATCH_DOWNLOAD_TIMEOUT) caps stop huge and stalled answers.
"""
from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from regwatch import pipeline
from regwatch.db import session_scope
from regwatch.mirror import faults
from regwatch.mirror.server import MirrorServer
from regwatch.models import ChangeEvent, CrawlRun, Release, Version
from tests.conftest import pg_schema_url
from tests.reliability.site import make_source

pytestmark = pytest.mark.slow

WEEK1, WEEK2, WEEK3 = "2026-11-09T02:00:00+00:00", "2026-11-16T02:00:00+00:00", "2026-11-23T02:00:00+00:00"
PRIVATE = {"ssrf10": "http://10.0.0.1/", "ssrf127": "http://127.0.0.1:1/",
           "ssrf169": "http://169.254.169.254/latest/meta-data/", "offsite": "http://www.evil-example.com/tz/"}


def host(slug: str) -> str:
    return f"www.{slug.split('_')[1]}.gov.cn"


def on(slug: str, path: str) -> str:
    """A glob for ``path`` (which may hold * and ?) on the source's host."""
    return f"http://{host(slug)}/{path}"


# slug -> (list names, {url glob | re:path regex | source:slug: fault})   (list <name> is http://<host>/<name>/)
SOURCES: dict[str, tuple[tuple[str, ...], dict]] = {
    "cn_okctl_tz": (("tz",), {}),
    "cn_httperr_tz": (("e500", "e502", "e503", "e404"),
                      {on("cn_httperr_tz", f"e{code}/"): f"status:{code}" for code in (500, 502, 503, 404)}),
    "cn_chall_tz": (("c412", "c521", "cwzws", "cempty"), {
        on("cn_chall_tz", "c412/"): "challenge412", on("cn_chall_tz", "c521/"): "challenge521",
        on("cn_chall_tz", "cwzws/"): "wzws200", on("cn_chall_tz", "cempty/"): "empty200"}),
    "cn_jscookie_tz": (("tz",), {on("cn_jscookie_tz", "tz/"): "jscookie200"}),
    "cn_transport_tz": (("reset", "stall", "trunc", "huge", "hugec", "loop"), {
        on("cn_transport_tz", "reset/"): "reset", on("cn_transport_tz", "stall/"): {"mode": "stall", "seconds": 30},
        on("cn_transport_tz", "trunc/"): "truncate", on("cn_transport_tz", "huge/"): "huge",
        on("cn_transport_tz", "hugec/"): "huge_chunked", on("cn_transport_tz", "loop/*"): "redirect_loop"}),
    "cn_ssrf_tz": (tuple(PRIVATE), {on("cn_ssrf_tz", f"{name}/"): {"mode": "redirect", "location": to}
                                    for name, to in PRIVATE.items()}),
    "cn_robots_tz": (("tz",), {on("cn_robots_tz", "robots.txt"): "status:503"}),
    "cn_dethttp_tz": (("tz",), {on("cn_dethttp_tz", "tz/*_1.html"): "status:404",
                                on("cn_dethttp_tz", "tz/*_2.html"): "status:503",
                                on("cn_dethttp_tz", "tz/*_3.html"): "challenge412"}),
    "cn_detchall_tz": (("tz",), {on("cn_detchall_tz", "tz/*_1.html"): "wzws200",
                                 on("cn_detchall_tz", "tz/*_2.html"): "jscookie200",
                                 on("cn_detchall_tz", "tz/*_3.html"): {"mode": "redirect",
                                                                       "location": PRIVATE["ssrf169"]}}),
    **{f"cn_{mode.replace('_', '')}_tz": (("tz",), {"source:" + f"cn_{mode.replace('_', '')}_tz": mode})
       for mode in ("malformed", "dup_reorder", "future_dates", "bad_dates", "gbk_as_utf8", "utf8_as_gbk",
                    "no_charset")},
}


CHALLENGE_MARKERS = ("$_ts", "jsl_clearance", "wzwsquestion", "acw_sc__v2", "Service error")
TRANSIENT = ["cn_okctl_tz", "cn_httperr_tz", "cn_chall_tz", "cn_jscookie_tz", "cn_transport_tz", "cn_dethttp_tz",
             "cn_detchall_tz", "cn_ssrf_tz"]


def _crawl(mirror, monkeypatch, now, slugs=None):
    monkeypatch.setenv("REGWATCH_NOW", now)
    started = time.monotonic()
    results = {r["slug"]: r for r in pipeline.crawl_sources(slugs or sorted(SOURCES), mirror=mirror.url, workers=4)}
    return results, time.monotonic() - started


def _runs(session, after: int) -> dict[str, CrawlRun]:
    return {r.source_slug: r for r in session.scalars(select(CrawlRun).where(CrawlRun.id > after))}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def matrix(request, tmp_path_factory):
    """Week 1 clean, week 2 faulted (all sources at once), week 3 clean again for the transiently faulted ones.

    The whole matrix runs on both backends: on PostgreSQL the parallel crawls write concurrently for real."""
    tmp = tmp_path_factory.mktemp(f"faults-{request.param}")
    root, records = tmp / "snapshots", tmp / "sources"
    with contextlib.ExitStack() as stack:
        db_url = (stack.enter_context(pg_schema_url()) if request.param == "postgresql"
                  else f"sqlite:///{tmp / 'regwatch.db'}")
        mp = stack.enter_context(pytest.MonkeyPatch.context())
        for key in list(os.environ):
            if key.startswith("REGWATCH_"):
                mp.delenv(key)
        mp.setenv("REGWATCH_HOME", str(tmp / "home"))
        mp.setenv("REGWATCH_DATABASE_URL", db_url)
        mp.setenv("REGWATCH_SOURCES_DIR", str(records))
        mp.setenv("REGWATCH_DOWNLOAD_DELAY", "0")
        mp.setenv("REGWATCH_DOWNLOAD_TIMEOUT", "3")
        mp.setenv("REGWATCH_DOWNLOAD_MAXSIZE", str(2 * 1024 * 1024))
        for slug, (lists, _) in SOURCES.items():
            make_source(root, records, slug, host(slug), lists=lists)
        mp.setenv("REGWATCH_NOW", WEEK1)
        pipeline.prepare()
        rules = {pattern: fault for _, spec in SOURCES.values() for pattern, fault in spec.items()}
        with MirrorServer(root, "week1") as mirror:
            week1, _ = _crawl(mirror, mp, WEEK1)
            pipeline.process_new_versions()
            with session_scope() as session:
                last_week1_run = session.scalar(select(func.max(CrawlRun.id)))
            mirror.set_state("week2")
            spec = faults.install(mirror, rules)
            mirror.clear_log()
            week2, week2_seconds = _crawl(mirror, mp, WEEK2)
            wire = mirror.access_log()
            hits = spec.as_dict()
            processed2 = pipeline.process_new_versions()
            with session_scope() as session:
                last_week2_run = session.scalar(select(func.max(CrawlRun.id)))
            faults.install(mirror, None)
            mirror.set_state("week3")
            week3, _ = _crawl(mirror, mp, WEEK3, TRANSIENT)
            processed3 = pipeline.process_new_versions()
            yield SimpleNamespace(week1=week1, week2=week2, week3=week3, wire=wire, hits=hits, processed2=processed2,
                                  processed3=processed3, week2_seconds=week2_seconds, week1_last=last_week1_run,
                                  week2_last=last_week2_run)


def test_clean_baseline_and_every_fault_was_served(matrix):
    assert {s: r["status"] for s, r in matrix.week1.items()} == {s: "ok" for s in SOURCES}
    served = {pattern for pattern, fault in matrix.hits.items() if fault["hits"]}
    assert served == set(matrix.hits), f"faults never hit: {set(matrix.hits) - served}"


def test_no_fault_crashes_a_run_or_stops_other_sources(matrix):
    for slug, run in matrix.week2.items():
        cause = run["cause"] or ""
        assert "exited with code" not in cause and "before reporting" not in cause, (slug, cause)
        assert "parser raised" not in cause, (slug, cause)
        assert run["status"] in ("ok", "failed", "blocked", "empty"), (slug, run)
        if run["status"] != "ok":
            assert cause, f"{slug} {run['status']} without a cause"
    control = matrix.week2["cn_okctl_tz"]
    assert (control["status"], control["cause"], control["new_versions"]) == ("ok", None, 0)
    # the faulted sources ran in parallel with the control, and the stalled one did not hold the batch up
    assert matrix.week2_seconds < 120


EXPECTED_CAUSES = {
    "cn_httperr_tz": ("failed", [f"HTTP {c} on list page http://www.httperr.gov.cn/e{c}/" for c in (500, 502, 503, 404)]),
    "cn_chall_tz": ("blocked", ["HTTP 412 challenge", "HTTP 521 (Jiasule", "WZWS JS challenge", "empty 200 page"]),
    "cn_transport_tz": ("failed", ["/huge/: DownloadCancelledError: Expected to receive 52428800 bytes which is larger "
                                   "than download max size (2097152)", "/hugec/: DownloadCancelledError",
                                   "/trunc/: ResponseDataLossError", "max redirections reached"]),
    "cn_ssrf_tz": ("failed", ["refused http://10.0.0.1/: 10.0.0.1 is a private address (SSRF guard)",
                              "refused http://127.0.0.1:1/: 127.0.0.1 is a loopback address (SSRF guard)",
                              "refused http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a link-local",
                              "refused http://www.evil-example.com/tz/: host www.evil-example.com is not a configured "
                              "host of the source"]),
    "cn_dethttp_tz": ("ok", ["t20261102_2.html: HTTP 503", "t20261103_3.html: HTTP 412 challenge"]),
    "cn_detchall_tz": ("ok", ["t20261101_1.html: WZWS JS challenge page", "t20261102_2.html: JS cookie challenge at HTTP 200",
                              "t20261103_3.html: refused http://169.254.169.254/latest/meta-data/"]),
    "cn_malformed_tz": ("empty", ["selector came up empty: 0 items for 'ul.u-list li'"]),
}


@pytest.mark.parametrize("slug", sorted(EXPECTED_CAUSES))
def test_each_fault_is_recorded_on_the_run_with_a_clear_cause(matrix, slug):
    status, fragments = EXPECTED_CAUSES[slug]
    run = matrix.week2[slug]
    assert run["status"] == status, run
    for fragment in fragments:
        assert fragment in (run["cause"] or ""), (fragment, run["cause"])


def test_transient_faults_never_withdraw_and_recover(matrix):
    assert matrix.processed2["withdrawn"] == 0 and matrix.processed3["withdrawn"] == 0
    assert matrix.processed3["restored"] == 0
    with session_scope() as session:
        assert not session.scalars(select(ChangeEvent).where(ChangeEvent.kind == "withdrawn")).all()
        gone = session.scalar(select(Release).where(Release.url.like("%dethttp%_1.html")))
        assert gone.gone_first_at is not None, "the 404 was observed"
        assert (gone.status, gone.gone_count) == ("active", 0), "and forgotten once the page answered again"
        week3 = _runs(session, matrix.week2_last)
    assert {s: r.status for s, r in week3.items()} == {s: "ok" for s in TRANSIENT}


def test_error_and_challenge_pages_are_never_stored_as_versions(matrix):
    with session_scope() as session:
        for release in session.scalars(select(Release)):
            if release.source_slug in TRANSIENT:
                assert len(release.versions) == 1, (release.url, [v.title for v in release.versions])
        for version in session.scalars(select(Version)):
            for marker in CHALLENGE_MARKERS:
                assert marker not in (version.body_html or "") and marker not in version.text, (version.id, marker)


def test_only_configured_hosts_reach_the_wire(matrix):
    configured = {host(s) for s in SOURCES}
    on_wire = {e["host"] for e in matrix.wire}
    assert on_wire <= configured, on_wire - configured
    urls = " ".join(e["url"] for e in matrix.wire)
    for forbidden in ("10.0.0.1", "127.0.0.1", "169.254.169.254", "evil-example"):
        assert forbidden not in urls


def test_size_and_time_caps(matrix):
    with session_scope() as session:
        run = _runs(session, matrix.week1_last)["cn_transport_tz"]
        # the 30 s stall was cut by the 3 s DOWNLOAD_TIMEOUT (with retries), the 50 MB pages by the 2 MB cap
        assert run.bytes < 10 * 1024 * 1024
    log = Path(matrix.week2["cn_transport_tz"]["log"]).read_text("utf-8", "replace")
    assert float(re.search(r"'elapsed_time_seconds': ([\d.]+)", log)[1]) < 25
    streamed = [e for e in matrix.wire if e.get("fault") == "huge_chunked"]
    assert streamed and all(e["bytes"] < 50 * 1024 * 1024 for e in streamed)


def test_reordered_duplicated_and_undated_lists_change_nothing(matrix):
    for slug in ("cn_dupreorder_tz", "cn_baddates_tz", "cn_nocharset_tz"):
        run = matrix.week2[slug]
        assert (run["status"], run["new_versions"]) == ("ok", 0), (slug, run)
    with session_scope() as session:
        urls = session.scalars(select(Release.url).where(Release.source_slug == "cn_dupreorder_tz")).all()
        assert len(urls) == len(set(urls)) == 3


# -- findings of the fault matrix, fixed (RELIABILITY.md "Findings, fixed") ------------------------------------------
def test_reset_and_stall_on_a_cached_list_are_outages(matrix):
    cause = matrix.week2["cn_transport_tz"]["cause"] or ""
    assert "/reset/" in cause and "/stall/" in cause, cause


def test_generic_js_cookie_challenge_at_200_is_blocked(matrix):
    assert matrix.week2["cn_jscookie_tz"]["status"] == "blocked", matrix.week2["cn_jscookie_tz"]


@pytest.mark.parametrize("slug", ["cn_gbkasutf8_tz", "cn_utf8asgbk_tz"])
def test_mislabelled_charset_is_not_a_revision(matrix, slug):
    assert matrix.week2[slug]["new_versions"] == 0, matrix.week2[slug]


def test_dates_in_the_future_are_not_a_revision(matrix):
    assert matrix.week2["cn_futuredates_tz"]["new_versions"] == 0, matrix.week2["cn_futuredates_tz"]
