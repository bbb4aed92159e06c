"""DAG integrity (style lesson 12): every DAG file imports, carries owners/tags/retries/catchup=False, and parses
with no I/O — the regwatch database URL points at an unreachable server and parsing still succeeds, quickly.

Airflow is imported in a subprocess with its own AIRFLOW_HOME and no metadata DB; the subprocess prints a JSON
description of the DagBag that the tests below assert on.
"""
from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta

import pytest

from tests.airflow.conftest import DAGS, airflow_env, run

EXPECTED = {"crawl", "process", "alerts", "digest", "revisit", "source_health"}
APPROVED_TAGS = {"regwatch", "crawl", "process", "notify", "health"}

PROBE = r"""
import json, socket, sys, time

def _no_network(*args, **kwargs):
    raise RuntimeError("network access while parsing DAG files")

socket.socket.connect = _no_network  # any DB/HTTP/SMTP connection at import time becomes an import error
socket.create_connection = _no_network
t0 = time.monotonic()
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
parse = time.monotonic() - t0
dags = {}
for dag_id, dag in bag.dags.items():
    dags[dag_id] = {
        "fileloc": dag.fileloc, "tags": sorted(dag.tags), "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs, "owner": dag.owner, "doc_md": bool(dag.doc_md),
        "schedule": str(getattr(dag.timetable, "description", dag.timetable)),
        "asset_triggered": type(dag.timetable).__name__,
        "params": sorted(dag.params.keys()),
        "tasks": {t.task_id: {"retries": t.retries, "owner": t.owner, "pool": t.pool,
                              "backoff": float(t.retry_exponential_backoff or 0),
                              "callbacks": len(t.on_failure_callback or []),
                              "outlets": [getattr(o, "uri", str(o)) for o in t.outlets]} for t in dag.tasks},
    }
print(json.dumps({"errors": bag.import_errors, "dags": dags, "parse_seconds": parse,
                  "files": sorted(bag.dagbag_stats[i].file for i in range(len(bag.dagbag_stats)))}))
"""


@pytest.fixture(scope="module")
def bag(tmp_path_factory):
    home = tmp_path_factory.mktemp("airflow-integrity")
    env = airflow_env(home, REGWATCH_DATABASE_URL="postgresql://nobody@127.0.0.1:9/unreachable",
                      REGWATCH_MIRROR="http://127.0.0.1:9")
    proc = run([sys.executable, "-c", PROBE, str(DAGS)], env=env, timeout=120)
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["home"] = home
    return data


def test_no_import_errors(bag):
    assert bag["errors"] == {}


def test_expected_dags(bag):
    assert set(bag["dags"]) == EXPECTED


@pytest.mark.parametrize("dag_id", sorted(EXPECTED))
def test_dag_conventions(bag, dag_id):
    dag = bag["dags"][dag_id]
    assert dag["owner"] == "regwatch"
    assert dag["tags"] and set(dag["tags"]) <= APPROVED_TAGS and "regwatch" in dag["tags"]
    assert dag["catchup"] is False
    assert dag["max_active_runs"] == 1
    assert dag["doc_md"]
    for task_id, task in dag["tasks"].items():
        assert task["retries"] >= 2, task_id
        assert task["backoff"] > 0, task_id  # exponential backoff
        assert task["callbacks"] >= 1, task_id  # the ops failure notifier
        assert task["owner"] == "regwatch", task_id


def test_crawl_shape(bag):
    crawl = bag["dags"]["crawl"]
    assert crawl["params"] == ["mirror", "sources"]
    assert crawl["tasks"]["crawl_host"]["pool"] == "regwatch_crawl"
    assert crawl["tasks"]["crawl_host"]["outlets"] == ["regwatch://store/versions"]
    assert bag["dags"]["revisit"]["tasks"]["crawl_host"]["pool"] == "regwatch_crawl"
    assert bag["dags"]["process"]["tasks"]["process_new_versions"]["outlets"] == ["regwatch://outbox/alerts"]
    assert bag["dags"]["process"]["asset_triggered"] == "AssetTriggeredTimetable"
    assert bag["dags"]["alerts"]["asset_triggered"] == "AssetOrTimeSchedule"


def test_parse_is_cheap_and_side_effect_free(bag):
    # no metadata DB, no regwatch DB, no log files were created by parsing
    assert bag["parse_seconds"] < 20, bag["parse_seconds"]
    assert not (bag["home"] / "airflow.db").exists()
    assert not (bag["home"] / "regwatch").exists()


def test_every_source_is_crawlable():
    """Every source record lands in exactly one host group of the crawl mapping when all are due."""
    from regwatch.schedule import plan_crawl
    from spiders.records import all_sources

    records = all_sources()
    groups = plan_crawl(records, {}, datetime(2026, 11, 9, 2, tzinfo=UTC), lease=timedelta(hours=1))
    crawled = [slug for g in groups for slug in g["slugs"]]
    assert sorted(crawled) == sorted(records)
    assert len({g["host"] for g in groups}) == len(groups)
