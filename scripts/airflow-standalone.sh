#!/usr/bin/env bash
# `make airflow`: Airflow 3.3 standalone (api-server + scheduler + dag-processor + triggerer, LocalExecutor,
# SQLite under .airflow/) running the project's DAGs against the offline mirror, with a local SMTP sink and
# Slack-webhook receiver (out/airflow/mail, out/airflow/slack). Ctrl-C stops everything.
#
# Environment (all optional):
#   AIRFLOW_HOME              default $PWD/.airflow
#   REGWATCH_AIRFLOW_PORT     UI/API port (default 8080; bound to 127.0.0.1)
#   REGWATCH_MIRROR           "off" = crawl the live sites; a URL = use that mirror; unset = start the offline mirror
#   REGWATCH_MIRROR_STATE     snapshot state for the mirror (default week1)
#   REGWATCH_CRAWL_POOL_SLOTS concurrent crawl tasks (default 4)
#   REGWATCH_HOME / REGWATCH_DATABASE_URL   default var/airflow, SQLite there
#   REGWATCH_AIRFLOW_NO_LOGIN=1             no login at all (SimpleAuthManager "all admins"; local use only)
#   REGWATCH_AIRFLOW_OUT      where the SMTP sink and webhook receiver write (default out/airflow)
set -euo pipefail
set -m  # background jobs get their own process group and keep SIGINT (airflow standalone stops cleanly on it)
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$ROOT/.venv/bin
export PATH=$BIN:$PATH  # airflow standalone starts its components as `airflow ...` from PATH
[ -x "$BIN/airflow" ] || { echo "no $BIN/airflow: run make venv first" >&2; exit 1; }

export AIRFLOW_HOME=${AIRFLOW_HOME:-$ROOT/.airflow}
export AIRFLOW__CORE__DAGS_FOLDER=$ROOT/dags
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=${AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION:-False}
export AIRFLOW__CORE__PARALLELISM=${AIRFLOW__CORE__PARALLELISM:-8}  # LocalExecutor workers (default 32)
export AIRFLOW__API__HOST=127.0.0.1
export AIRFLOW__API__PORT=${REGWATCH_AIRFLOW_PORT:-8080}
export AIRFLOW__API__BASE_URL=http://127.0.0.1:$AIRFLOW__API__PORT
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL=$AIRFLOW__API__BASE_URL/execution/
export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL=${AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL:-30}
export AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL=${AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL:-30}
if [ "${REGWATCH_AIRFLOW_NO_LOGIN:-0}" = 1 ]; then export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS=True; fi
export PYTHONPATH=$ROOT${PYTHONPATH:+:$PYTHONPATH}
export REGWATCH_HOME=${REGWATCH_HOME:-$ROOT/var/airflow}
export REGWATCH_DATABASE_URL=${REGWATCH_DATABASE_URL:-sqlite:///$REGWATCH_HOME/regwatch.db}
OUT=${REGWATCH_AIRFLOW_OUT:-$ROOT/out/airflow}
mkdir -p "$AIRFLOW_HOME" "$REGWATCH_HOME"

pids=()
standalone=
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$standalone" ] && kill -0 "$standalone" 2>/dev/null; then
    kill -INT -- "-$standalone" 2>/dev/null || true  # standalone and its components stop on SIGINT
    for _ in $(seq 30); do kill -0 "$standalone" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$standalone" 2>/dev/null || true
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# Local stand-ins: offline mirror (unless REGWATCH_MIRROR is given), SMTP sink and Slack webhook receiver.
# They print "export NAME=value" lines once listening; the tasks inherit the variables.
services_env=$AIRFLOW_HOME/devservices.env
rm -f "$services_env"
"$BIN/python" - "$services_env" "${REGWATCH_MIRROR:-}" "${REGWATCH_MIRROR_STATE:-week1}" "$OUT" <<'PY' &
import shlex, signal, sys, threading
from pathlib import Path
from regwatch.notify.sink import start_smtp_sink, start_webhook_receiver
out_env, mirror_env, state, out = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
lines = []
if not mirror_env:
    from regwatch.mirror.server import MirrorServer
    from regwatch.pipeline import default_snapshots_dir
    mirror = MirrorServer(default_snapshots_dir(), state).start()
    lines.append(f"export REGWATCH_MIRROR={mirror.url}")
elif mirror_env == "off":
    lines.append("unset REGWATCH_MIRROR")
host, port, _stop_smtp = start_smtp_sink(out / "mail")
hook, _stop_hook = start_webhook_receiver(out / "slack")
lines += [f"export REGWATCH_SMTP_URL=${{REGWATCH_SMTP_URL:-smtp://{host}:{port}}}",
          f"export REGWATCH_SLACK_WEBHOOK_URL=${{REGWATCH_SLACK_WEBHOOK_URL:-{hook}}}",
          f"export REGWATCH_OPS_SLACK_WEBHOOK_URL=${{REGWATCH_OPS_SLACK_WEBHOOK_URL:-{hook}/ops}}",
          f"export AIRFLOW_CONN_REGWATCH_OPS_SLACK=${{AIRFLOW_CONN_REGWATCH_OPS_SLACK:-"
          + shlex.quote('{"conn_type": "slackwebhook", "schema": "http", "host": "' + hook.split('://')[1].split('/')[0]
                        + '/services", "password": "airflow/ops/local"}') + "}"]
Path(out_env + ".tmp").write_text("\n".join(lines) + "\n")
Path(out_env + ".tmp").rename(out_env)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
threading.Event().wait()
PY
pids+=($!)
for _ in $(seq 100); do [ -f "$services_env" ] && break; sleep 0.2; done
[ -f "$services_env" ] || { echo "local mirror/sinks did not start" >&2; exit 1; }
# shellcheck disable=SC1090
. "$services_env"

echo "migrating the Airflow metadata DB ($AIRFLOW_HOME/airflow.db) and the regwatch DB"
"$BIN/airflow" db migrate >"$AIRFLOW_HOME/migrate.log" 2>&1 || { tail -30 "$AIRFLOW_HOME/migrate.log"; exit 1; }
"$BIN/python" -c "from regwatch.pipeline import prepare; prepare()"
"$BIN/airflow" pools set regwatch_crawl "${REGWATCH_CRAWL_POOL_SLOTS:-4}" "crawl tasks (one host each) at once" >/dev/null

"$BIN/airflow" standalone >"$AIRFLOW_HOME/standalone.log" 2>&1 &
standalone=$!
pids+=($standalone)

url=$AIRFLOW__API__BASE_URL
for _ in $(seq 240); do
  if ! kill -0 "$standalone" 2>/dev/null; then tail -40 "$AIRFLOW_HOME/standalone.log"; exit 1; fi
  if "$BIN/python" -c "import httpx,sys; sys.exit(httpx.get('$url/api/v2/monitor/health', timeout=2).status_code != 200)" 2>/dev/null; then
    break
  fi
  sleep 1
done

password_file=$AIRFLOW_HOME/simple_auth_manager_passwords.json.generated
if [ "${REGWATCH_AIRFLOW_NO_LOGIN:-0}" = 1 ]; then
  login="no login (all users are admins)"
else
  for _ in $(seq 30); do [ -s "$password_file" ] && break; sleep 1; done
  login="admin / $("$BIN/python" -c "import json,sys; print(json.load(open(sys.argv[1]))['admin'])" "$password_file")"
fi
cat <<INFO

  regwatch on Airflow standalone
  UI:        $url   login: $login
             (password file: $password_file)
  DAGs:      crawl (*/15), process (asset), alerts (asset + */10), digest (hourly), revisit, source_health
  mirror:    ${REGWATCH_MIRROR:-live sites}
  mail/slack sinks: $OUT/{mail,slack}
  logs:      $AIRFLOW_HOME/standalone.log, $AIRFLOW_HOME/logs
  Ctrl-C stops everything.

INFO
wait "$standalone"
