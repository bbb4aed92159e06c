"""Install the project as the Dockerfile does, into a fresh venv: `uv export --frozen --no-dev` → requirements,
`uv build --wheel` from a copy of the sources (the checkout is left untouched), `uv venv` + `uv pip install -r
requirements.txt <wheel>` (uv's cache; registry only for what the cache lacks). Then, from outside the checkout:
import regwatch, spiders and diffing, find the source records, the package data and templates, run
`regwatch --help`."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.airflow.conftest import REPO, VENV_BIN

pytestmark = pytest.mark.slow
UV = str(VENV_BIN / "uv")


def sh(cmd: list[str], cwd, timeout: int = 600) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "REGWATCH_", "VIRTUAL_ENV"))}
    env.pop("PYTHONPATH", None)  # imports must come from the new venv, not the checkout
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc.stdout


def test_wheel_installs_like_the_dockerfile(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for name in ("regwatch", "spiders", "diffing", "templates"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    sh([UV, "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "--output-file",
        "requirements.txt"], src)
    requirements = (src / "requirements.txt").read_text()
    assert "apache-airflow==3.3.2" in requirements and "celery==5.6" in requirements
    sh([UV, "build", "--wheel", "--out-dir", str(tmp_path / "dist")], src)
    wheel = next((tmp_path / "dist").glob("regwatch-*.whl"))
    venv = tmp_path / "venv"
    sh([UV, "venv", "--python", sys.executable, str(venv)], tmp_path)
    sh([UV, "pip", "install", "--python", str(venv / "bin" / "python"), "-r", str(src / "requirements.txt"),
        str(wheel)], tmp_path)
    check = ("import regwatch, spiders, diffing, airflow, scrapy\n"
              "from spiders.records import all_sources\n"
              "from regwatch.config import templates_dir\n"
              "from regwatch.db import MIGRATIONS_DIR\n"
              "print(regwatch.__file__, len(all_sources()), airflow.__version__)\n"
              "assert (templates_dir() / 'digest.html.j2').exists(), templates_dir()\n"
              "assert (MIGRATIONS_DIR / 'env.py').exists()\n")
    out = sh([str(venv / "bin" / "python"), "-c", check], tmp_path)
    path, count, version = out.split()
    assert path.startswith(str(venv)) and int(count) > 0 and version == "3.3.2"
    assert "Usage: regwatch" in sh([str(venv / "bin" / "regwatch"), "--help"], tmp_path)
