"""Every source, through the real spider and the full downloader stack, against the mirror.

Week 1 of every source must crawl `ok` (or fail exactly as its expected-values file says, e.g. a site that
only ever answers a bot challenge); `regwatch sources check --json` must agree; and each blocked / empty /
malformed snapshot state must be recorded on the crawl run with the right cause — never as an empty success.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from regwatch import pipeline
from regwatch.mirror.server import MirrorServer
from spiders.records import all_sources

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "expected"
FAILURE_STATES = ("blocked", "empty", "malformed")


def expected_failure(slug: str, state: str) -> dict | None:
    data = yaml.safe_load((EXPECTED / f"{slug}.yaml").read_text("utf-8"))
    return (data["states"].get(state) or {}).get("failure")


def failure_cases() -> list[tuple[str, str, dict]]:
    cases = []
    for path in sorted(EXPECTED.glob("*.yaml")):
        states = yaml.safe_load(path.read_text("utf-8"))["states"]
        cases += [(path.stem, s, states[s]["failure"]) for s in FAILURE_STATES if s in states]
    return cases


def assert_failure_recorded(result: dict, failure: dict) -> None:
    assert result["status"] != "ok", result
    if failure["kind"] == "block":
        assert result["status"] == "blocked" and failure["cause"] in result["cause"], result
    else:
        assert result["status"] in ("failed", "empty") and failure["contains"] in result["cause"], result
        if "0 items" in failure["contains"]:
            assert result["status"] == "empty", result


def test_every_source_crawls_and_checks_ok(regwatch_env, monkeypatch):
    monkeypatch.setenv("REGWATCH_DOWNLOAD_DELAY", "0.1")
    monkeypatch.setenv("REGWATCH_NOW", "2026-11-09T02:00:00+00:00")
    pipeline.prepare()
    with MirrorServer(pipeline.default_snapshots_dir(), "week1") as mirror:
        results = pipeline.crawl_sources(mirror=mirror.url, workers=4)
        env = dict(os.environ, REGWATCH_MIRROR=mirror.url)
        check = subprocess.run([sys.executable, "-m", "regwatch.cli", "sources", "check", "--json"],
                               env=env, capture_output=True, text=True, timeout=900)
    reports = {r["slug"]: r for r in map(json.loads, check.stdout.splitlines())}
    assert set(reports) == set(all_sources()) == {r["slug"] for r in results}
    ok = 0
    for result in results:
        failure = expected_failure(result["slug"], "week1")
        if failure:
            assert_failure_recorded(result, failure)
            assert failure.get("cause", failure.get("contains")) in reports[result["slug"]]["status"]
            continue
        assert result["status"] == "ok" and result["items"] >= 1, result
        report = reports[result["slug"]]
        assert report["status"] == "ok" and report["items"] >= 1 and report["details"], report
        assert report["details"][0]["title"], report
        ok += 1
    assert ok >= 40, f"only {ok} sources crawl ok"


@pytest.mark.parametrize("slug, state, failure", failure_cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_failure_states_are_recorded_with_their_cause(slug, state, failure, regwatch_env, monkeypatch):
    monkeypatch.setenv("REGWATCH_DOWNLOAD_DELAY", "0.1")
    monkeypatch.setenv("REGWATCH_NOW", "2026-11-09T02:00:00+00:00")
    pipeline.prepare()
    with MirrorServer(pipeline.default_snapshots_dir(), state) as mirror:
        result = pipeline.crawl_source(slug, mirror=mirror.url)
    assert_failure_recorded(result, failure)
    assert result["new_versions"] == 0  # a challenge or error page is never stored as a version
