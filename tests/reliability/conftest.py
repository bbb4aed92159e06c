"""Fixtures for the reliability tests: a tmp snapshots root + records directory for fixture sources."""
from __future__ import annotations

import pytest


@pytest.fixture
def fixture_world(regwatch_env, monkeypatch, tmp_path):
    """(snapshots root, records dir) under tmp_path; crawls are fast (no delay) and capped for tests."""
    root, records = tmp_path / "snapshots", tmp_path / "sources"
    root.mkdir()
    records.mkdir()
    monkeypatch.setenv("REGWATCH_SOURCES_DIR", str(records))
    monkeypatch.setenv("REGWATCH_DOWNLOAD_DELAY", "0")
    monkeypatch.setenv("REGWATCH_DOWNLOAD_TIMEOUT", "3")
    monkeypatch.setenv("REGWATCH_DOWNLOAD_MAXSIZE", str(2 * 1024 * 1024))
    monkeypatch.setenv("REGWATCH_SCRAPY_LOG_LEVEL", "INFO")
    return root, records
