# regwatch — every target installs what it needs; a fresh Debian machine needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
UV_VERSION := 0.13.8
BIN := $(VENV)/bin
INSTALL_FLAGS := --frozen --compile-bytecode
STAMP := $(VENV)/.synced-$(shell (cat uv.lock pyproject.toml; echo $(INSTALL_FLAGS)) | sha1sum | cut -c1-12)

.PHONY: help venv demo test test-fast lint bench airflow clean system-deps

help:
	@echo "make demo   - the whole pipeline offline: week1 baseline, week2 changes, digest to out/mail"
	@echo "make test   - the whole test suite (needs the local PostgreSQL; see README)"
	@echo "make airflow - Airflow standalone (offline mirror) at http://127.0.0.1:8080"
	@echo "make bench  - benchmarks (BENCHMARKS.md)"
	@echo "make lint   - ruff"

venv: $(STAMP)

# Reproducible install: uv installs exactly what uv.lock pins (no resolution at install time).
# --compile-bytecode: uv does not write .pyc by default, and with PYTHONDONTWRITEBYTECODE=1 (set on some machines,
# this one included) Python never caches them either, so every crawl process recompiled ~750 modules: 1.5 s of
# its start-up (profile in BENCHMARKS.md).
$(STAMP): uv.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv sync $(INSTALL_FLAGS) --python $(BIN)/python
	@$(BIN)/python -m compileall -q regwatch spiders diffing bench >/dev/null
	@rm -f $(VENV)/.synced-*
	@touch $@

# Debian packages used by the browser checks; installed only when running as root and missing.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian chromium and fonts-noto-cjk (browser checks, CJK screenshots)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium/fonts-noto-cjk missing and not root: browser tests will fail; apt-get install them"; fi; \
	fi

demo: venv
	$(BIN)/regwatch demo

test: venv system-deps
	$(BIN)/python -m pytest -q

test-fast: venv
	$(BIN)/python -m pytest -q -m "not slow"

# Airflow standalone on SQLite with the project's DAGs and the offline mirror (prints the UI address and login).
airflow: venv system-deps
	scripts/airflow-standalone.sh

# Benchmarks are never part of `make test`; they rewrite the generated block of BENCHMARKS.md.
# never part of `make test`: component throughput, then the synthetic-mirror sweeps (first crawl, no-change,
# change, growth, urlwatch side by side, politeness, digests), then the BENCHMARKS.md block
bench: venv
	$(BIN)/python bench/components.py
	$(BIN)/python bench/sweeps.py
	$(BIN)/python bench/report.py

lint: venv
	$(BIN)/ruff check regwatch spiders diffing dags tests

clean:
	rm -rf var/demo out
