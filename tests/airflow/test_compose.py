"""docker-compose.yml, Dockerfile and .env.example, validated without a Docker engine (only the CLI may exist):
the YAML is loaded with merge keys resolved and checked for the services, health checks, shared secrets taken
from .env through ${VAR:?}, named volumes, Mailpit in the dev profile and no hard-coded secret."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from tests.airflow.conftest import REPO

COMPOSE = REPO / "docker-compose.yml"
AIRFLOW_SERVICES = {"airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
                    "airflow-triggerer", "airflow-worker"}
REQUIRED = re.compile(r"^\$\{([A-Z0-9_]+):\?[^}]*\}$")
SECRET_KEY = re.compile(r"PASSWORD|SECRET|FERNET|TOKEN|_AUTH$", re.IGNORECASE)
URL_CREDENTIALS = re.compile(r"://[^/@\s]*:([^@/\s]+)@")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def _env(service: dict) -> dict:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return env


def test_services_and_healthchecks(compose):
    services = compose["services"]
    assert set(services) == AIRFLOW_SERVICES | {"postgres", "redis", "mailpit"}
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
    assert services["airflow-apiserver"]["command"] == "api-server"
    assert services["airflow-worker"]["command"] == "celery worker"
    for name in AIRFLOW_SERVICES - {"airflow-init"}:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully", name
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy", name
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy", name


def test_airflow_services_share_secrets_from_env(compose):
    for name in AIRFLOW_SERVICES:
        service = compose["services"][name]
        env = _env(service)
        assert service.get("build") == "." and "image" in service, name  # the project image (Dockerfile)
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://"), name
        assert REQUIRED.match(env["AIRFLOW__API_AUTH__JWT_SECRET"]).group(1) == "AIRFLOW_JWT_SECRET", name
        assert REQUIRED.match(env["AIRFLOW__CORE__FERNET_KEY"]).group(1) == "AIRFLOW_FERNET_KEY", name
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
        assert env["_PIP_ADDITIONAL_REQUIREMENTS"] == ""
        assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "false"
        # the regwatch DB is its own database, never Airflow's
        assert env["REGWATCH_DATABASE_URL"].endswith("@postgres:5432/regwatch")
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].endswith("@postgres:5432/airflow")


def test_no_hard_coded_secret(compose):
    def walk(node, path=""):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{path}[{i}]")
        else:
            yield path, str(node)

    for path, value in walk(compose):
        key = path.rsplit(".", 1)[-1]
        if SECRET_KEY.search(key) and not key.endswith("_FILE"):
            assert REQUIRED.match(value), f"{path} must come from .env as ${{VAR:?}}, not {value!r}"
        for password in URL_CREDENTIALS.findall(value):
            assert REQUIRED.match(password), f"{path} embeds a literal password"
    assert compose["services"]["airflow-init"]["environment"]["AIRFLOW_ADMIN_PASSWORD"].startswith("${AIRFLOW_ADMIN")


def test_named_volumes(compose):
    declared = set(compose["volumes"])
    assert {"postgres-data", "airflow-logs", "regwatch-data"} <= declared
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert volume.endswith(":ro") and source.startswith("./docker/"), f"{name}: bind mount {volume}"
            else:
                assert source in declared, f"{name}: {source} is not a named volume"


def test_mailpit_only_in_dev_profile(compose):
    services = compose["services"]
    assert services["mailpit"]["profiles"] == ["dev"]
    assert [n for n, s in services.items() if s.get("profiles")] == ["mailpit"]


def test_env_example_lists_every_required_variable():
    text = "\n".join(line for line in COMPOSE.read_text().splitlines() if not line.lstrip().startswith("#"))
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", text))
    example = dict(line.split("=", 1) for line in (REPO / ".env.example").read_text().splitlines()
                   if line and not line.startswith("#"))
    assert required <= set(example), required - set(example)
    for name in required:
        if SECRET_KEY.search(name) or name.endswith("_KEY"):
            assert example[name] == "", f".env.example must not ship a value for {name}"


def test_dockerfile_installs_from_the_lock():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "ARG AIRFLOW_VERSION=3.3.2" in dockerfile and "ARG PYTHON_VERSION=3.11" in dockerfile
    assert "FROM apache/airflow:${AIRFLOW_VERSION}-python${PYTHON_VERSION}" in dockerfile
    assert "uv export --frozen --no-dev" in dockerfile
    install = next(line for line in dockerfile.splitlines() if "pip install" in line and "requirements.txt" in line)
    assert '"apache-airflow==${AIRFLOW_VERSION}"' in install  # pinned in the same pip command
    assert "regwatch-*.whl" in dockerfile
    assert "_PIP_ADDITIONAL_REQUIREMENTS" not in dockerfile


def test_init_scripts_take_secrets_from_env():
    init_sql = (REPO / "docker" / "postgres" / "10-regwatch-db.sh").read_text()
    assert "CREATE DATABASE regwatch" in init_sql and ":'regwatch_password'" in init_sql
    assert "${REGWATCH_DB_PASSWORD:?" in init_sql
    init = (REPO / "docker" / "airflow-init.sh").read_text()
    assert "airflow db migrate" in init and "pools set regwatch_crawl" in init


def test_docker_compose_config_when_available(tmp_path):
    docker = shutil.which("docker")
    if not docker or subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode:
        pytest.skip("no docker compose plugin here; the YAML checks above stand in for `docker compose config`")
    env = {line.split("=", 1)[0]: "x" * 16 for line in (REPO / ".env.example").read_text().splitlines()
           if line and not line.startswith("#")}
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    proc = subprocess.run([docker, "compose", "--env-file", str(env_file), "-f", str(COMPOSE), "config", "-q"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
