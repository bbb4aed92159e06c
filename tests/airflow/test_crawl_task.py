"""The body of the mapped crawl task (regwatch.airflow_support.crawl_host_group): it fails — so Airflow retries —
exactly when a crawl run is *recorded* failed, a retry re-crawls only the failed sources, and the `mirror` param
is interpreted. Runs in a subprocess because it imports Airflow (isolated AIRFLOW_HOME)."""
from __future__ import annotations

import json
import sys

from tests.airflow.conftest import airflow_env, run

SCRIPT = r"""
import json
from datetime import datetime, timezone
from regwatch import airflow_support as af, pipeline
from regwatch.db import session_scope
from regwatch.models import CrawlRun

pipeline.prepare()
calls = []

def fake_crawl_host(slugs, *, mirror=None):
    calls.append({"slugs": list(slugs), "mirror": mirror})
    out = []
    now = datetime.now(timezone.utc)
    with session_scope() as s:
        for slug in slugs:
            status = "failed" if slug == "cn_ndrc_tz" and len(calls) == 1 else ("blocked" if slug == "cn_ndrc_gg" else "ok")
            run = CrawlRun(source_slug=slug, started_at=now, finished_at=now, status=status, cause=status)
            s.add(run); s.flush()
            out.append({"slug": slug, "run_id": run.id, "status": status, "cause": status, "items": 1, "new_versions": 1})
    return out

pipeline.crawl_host = fake_crawl_host
group = {"host": "www.ndrc.gov.cn", "slugs": ["cn_ndrc_gg", "cn_ndrc_tz", "cn_ndrc_yjzq"]}
result = {}
try:
    af.crawl_host_group(group, "env", 1)
except RuntimeError as exc:
    result["first"] = str(exc)
result["second"] = af.crawl_host_group(group, "off", 2)
result["calls"] = calls
result["mirrors"] = [af.mirror_from_params(v) for v in ("env", "off", "http://127.0.0.1:8899", None)]
try:
    af.mirror_from_params("ftp://x")
except ValueError:
    result["bad_mirror"] = "rejected"
print(json.dumps(result))
"""


def test_crawl_task_fails_on_recorded_failure_and_retries_only_failed(tmp_path):
    env = airflow_env(tmp_path / "airflow", REGWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'rw.db'}")
    out = json.loads(run([sys.executable, "-c", SCRIPT], env, timeout=120).stdout.strip().splitlines()[-1])
    assert "cn_ndrc_tz" in out["first"] and "cn_ndrc_gg" not in out["first"]  # blocked is not a task failure
    assert out["calls"][0] == {"slugs": ["cn_ndrc_gg", "cn_ndrc_tz", "cn_ndrc_yjzq"], "mirror": None}
    assert out["calls"][1] == {"slugs": ["cn_ndrc_tz"], "mirror": ""}  # the retry re-crawls the failed one only
    assert [r["status"] for r in out["second"]["runs"]] == ["ok"]
    assert out["mirrors"] == [None, "", "http://127.0.0.1:8899", None]
    assert out["bad_mirror"] == "rejected"
