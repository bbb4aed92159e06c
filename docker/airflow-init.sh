#!/usr/bin/env bash
# airflow-init (one-shot): migrate both databases, create the crawl pool and the admin login, then exit 0.
set -euo pipefail
: "${AIRFLOW_ADMIN_PASSWORD:?AIRFLOW_ADMIN_PASSWORD must be set in .env}"
airflow db migrate
airflow pools set regwatch_crawl "${REGWATCH_CRAWL_POOL_SLOTS:-4}" "crawl tasks at once (one host each)"
regwatch db upgrade
python - <<'PY'
import json, os, pathlib
from regwatch.pipeline import prepare
prepare()  # source rows from the records
path = pathlib.Path(os.environ["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"])
path.parent.mkdir(parents=True, exist_ok=True)
tmp = path.with_suffix(".tmp")
tmp.write_text(json.dumps({"admin": os.environ["AIRFLOW_ADMIN_PASSWORD"]}))
tmp.chmod(0o600)
tmp.replace(path)
PY
echo "airflow-init: databases migrated, pool regwatch_crawl set, admin login written"
