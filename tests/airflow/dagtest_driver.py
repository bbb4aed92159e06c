"""Run the regwatch DAGs with ``dag.test()`` on a freshly migrated Airflow metadata DB (a subprocess of
test_dag_test_e2e.py; the environment — AIRFLOW_HOME, DAGS_FOLDER, connections, REGWATCH_* — is set by the test
before this interpreter imports Airflow).

Week 1 (REGWATCH_NOW = week 1): crawl (all sources due, silent baseline) -> process; the sample subscribers
are imported. Week 2 (mirror state week2, clock +7 days): crawl -> process -> alerts -> digest -> source_health.
Finally the ops failure notifier is called with a synthetic failure context. Writes a JSON report to argv[1].
"""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(out: Path) -> int:
    mirror = os.environ["TEST_MIRROR_URL"]
    sources = [s for s in os.environ.get("TEST_SOURCES", "").split(",") if s]
    report: dict = {"runs": [], "timings": {}}
    t0 = time.monotonic()
    from airflow.utils.db import resetdb

    resetdb()
    report["timings"]["migrate"] = round(time.monotonic() - t0, 1)
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    assert not bag.import_errors, bag.import_errors

    def run(dag_id: str, conf: dict | None = None) -> None:
        start = time.monotonic()
        try:
            dr = bag.dags[dag_id].test(run_conf=conf)
            tis = [{"task_id": ti.task_id, "map_index": ti.map_index, "rendered_map_index": ti.rendered_map_index,
                    "state": str(ti.state), "try_number": ti.try_number} for ti in dr.get_task_instances()]
            entry = {"dag_id": dag_id, "state": str(dr.state), "tis": tis}
        except Exception:  # noqa: BLE001 - reported to the test
            entry = {"dag_id": dag_id, "state": "error", "error": traceback.format_exc()[-4000:]}
        entry["seconds"] = round(time.monotonic() - start, 1)
        entry["now"] = os.environ.get("REGWATCH_NOW")
        report["runs"].append(entry)
        out.write_text(json.dumps(report, indent=1))

    os.environ["REGWATCH_NOW"] = os.environ["TEST_WEEK1_NOW"]
    run("crawl", {"mirror": mirror, "sources": sources})
    run("process")
    from regwatch.db import session_scope
    from regwatch.notify.subscribers import import_subscribers

    with session_scope() as session:
        import_subscribers(session, REPO / "demo" / "subscribers.yaml")

    req = urllib.request.Request(f"{mirror}/_mirror/state?name=week2", method="POST")
    urllib.request.urlopen(req, timeout=10).read()
    os.environ["REGWATCH_NOW"] = os.environ["TEST_WEEK2_NOW"]
    run("crawl", {"mirror": mirror, "sources": sources})
    run("process")
    run("alerts")
    run("digest")
    run("source_health")

    # The failure path: the notifier the DAGs attach as on_failure_callback, with a synthetic context.
    from types import SimpleNamespace

    from regwatch.airflow_support import OpsFailureNotifier

    ti = SimpleNamespace(dag_id="crawl", task_id="crawl_host", map_index=0, rendered_map_index="www.ndrc.gov.cn",
                         try_number=4)
    try:
        OpsFailureNotifier()({"ti": ti, "run_id": "manual__test", "exception": RuntimeError("crawl failed: boom")})
        report["notifier"] = "ok"
    except Exception:  # noqa: BLE001
        report["notifier"] = traceback.format_exc()[-3000:]
    report["timings"]["total"] = round(time.monotonic() - t0, 1)
    out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
