"""Shared fixtures: a fresh regwatch database per test on SQLite, and on the real local PostgreSQL.

PostgreSQL is at REGWATCH_TEST_PG_URL (default: the machine's local server, database ``test``). Each test gets
its own schema, dropped afterwards. When CI=true an unreachable PostgreSQL fails the tests; elsewhere they skip.
"""
from __future__ import annotations

import contextlib
import os
import uuid

import pytest

PG_URL = os.environ.get("REGWATCH_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _pg_admin_engine():
    from sqlalchemy import create_engine

    from regwatch.db import normalize_url

    return create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")


@contextlib.contextmanager
def pg_schema_url():
    """A PostgreSQL URL whose search_path is a fresh schema, dropped on exit (fails under CI=true if unreachable)."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    engine = _pg_admin_engine()
    schema = f"rw_{uuid.uuid4().hex[:10]}"
    try:
        with engine.connect() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except OperationalError as exc:
        engine.dispose()
        if IN_CI:
            pytest.fail(f"PostgreSQL at {PG_URL} is unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL at {PG_URL} unreachable: {exc}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        from regwatch.db import _engine_for

        _engine_for.cache_clear()
        with engine.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture
def pg_url():
    """A PostgreSQL URL whose search_path is a fresh schema (dropped after the test)."""
    with pg_schema_url() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'regwatch.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Both backends: every test using it runs on SQLite and on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'regwatch.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def regwatch_env(monkeypatch, tmp_path, sqlite_url):
    """A clean REGWATCH_* environment pointing at a fresh SQLite database under tmp_path."""
    for key in list(os.environ):
        if key.startswith("REGWATCH_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REGWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("REGWATCH_DATABASE_URL", sqlite_url)
    return tmp_path
