#!/usr/bin/env bash
# First start of the postgres container only (docker-entrypoint-initdb.d): the regwatch database and its owner,
# separate from Airflow's metadata database. The password comes from the environment (.env), never from a file.
set -euo pipefail
: "${REGWATCH_DB_PASSWORD:?REGWATCH_DB_PASSWORD must be set}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v regwatch_password="$REGWATCH_DB_PASSWORD" <<'SQL'
CREATE ROLE regwatch LOGIN PASSWORD :'regwatch_password';
CREATE DATABASE regwatch OWNER regwatch ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE regwatch FROM PUBLIC;
SQL
