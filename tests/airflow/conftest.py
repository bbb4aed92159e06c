"""Helpers for the Airflow tests: an isolated Airflow environment per test (Airflow is only ever imported in
subprocesses, so the rest of the suite never sees its configuration), free ports, service checks.

Services (PostgreSQL, Redis) that are unreachable make a test FAIL when CI=true and skip elsewhere.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "dags"
VENV_BIN = Path(sys.executable).parent
AIRFLOW = str(VENV_BIN / "airflow")
IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("REGWATCH_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("REGWATCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WEEK1_NOW = "2026-11-09T02:00:00+00:00"  # Monday 10:00 Asia/Shanghai (as make demo)
WEEK2_NOW = "2026-11-16T02:00:00+00:00"
# Fixed test-only secrets: every Airflow component of one test shares them (JWT, Fernet, API secret).
TEST_FERNET_KEY = "Qm9ndXNUZXN0RmVybmV0S2V5Rm9yUmVnd2F0Y2gxMjM="
TEST_JWT_SECRET = "regwatch-test-jwt-secret-not-for-production"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_service(name: str, host: str, port: int) -> None:
    """Fail (CI) or skip (elsewhere) when a TCP service is unreachable."""
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        message = f"{name} at {host}:{port} is unreachable: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def airflow_env(home: Path, **extra: str) -> dict:
    """A clean environment for an Airflow subprocess: own AIRFLOW_HOME, the project's DAGs, no examples."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "REGWATCH_"))}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__FERNET_KEY": TEST_FERNET_KEY,
        "AIRFLOW__API_AUTH__JWT_SECRET": TEST_JWT_SECRET,
        "AIRFLOW__API__SECRET_KEY": TEST_JWT_SECRET,
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "PYTHONWARNINGS": "ignore",
        "PYTHONPATH": str(REPO),
        "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "REGWATCH_HOME": str(home / "regwatch"),
        "REGWATCH_DOWNLOAD_DELAY": "0.1",
    })
    env.update(extra)
    return env


def run(cmd: list[str], env: dict, timeout: int = 300, cwd: Path = REPO) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc


def wait_http(url: str, timeout: float = 120, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process exited {proc.returncode} while waiting for {url}\n"
                                 + (log.read_text(errors="replace")[-4000:] if log and log.exists() else ""))
        try:
            if httpx.get(url, timeout=3).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise AssertionError(f"{url} not up after {timeout}s\n"
                         + (log.read_text(errors="replace")[-4000:] if log and log.exists() else ""))


@pytest.fixture
def local_sinks(tmp_path):
    """A real aiosmtpd SMTP sink and a real HTTP webhook receiver; yields their addresses and directories."""
    from regwatch.notify.sink import start_smtp_sink, start_webhook_receiver

    mail_dir, hook_dir = tmp_path / "mail", tmp_path / "slack"
    smtp_host, smtp_port, stop_smtp = start_smtp_sink(mail_dir)
    hook_url, stop_hook = start_webhook_receiver(hook_dir)
    try:
        yield {"smtp": (smtp_host, smtp_port), "hook_url": hook_url, "mail_dir": mail_dir, "hook_dir": hook_dir}
    finally:
        stop_hook()
        stop_smtp()


@pytest.fixture
def mirror():
    from regwatch.mirror.server import MirrorServer
    from regwatch.pipeline import default_snapshots_dir

    server = MirrorServer(default_snapshots_dir(), "week1").start()
    try:
        yield server
    finally:
        server.stop()
