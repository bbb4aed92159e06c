# regwatch on the official Airflow image: the project and its locked dependencies, nothing installed at start-up.
#   docker compose build        (or: docker build -t regwatch-airflow .)
# Stage 1 turns uv.lock into a pinned requirements file and builds the project wheel; stage 2 installs both with
# the image's pip as the airflow user, pinning apache-airflow in the same command so pip can never up- or
# downgrade the Airflow the image ships.
ARG AIRFLOW_VERSION=3.3.2
ARG PYTHON_VERSION=3.11
ARG UV_VERSION=0.13.8

FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

FROM apache/airflow:${AIRFLOW_VERSION}-python${PYTHON_VERSION} AS build
COPY --from=uv /uv /usr/local/bin/uv
WORKDIR /tmp/regwatch
COPY --chown=airflow:0 pyproject.toml uv.lock README.md ./
COPY --chown=airflow:0 regwatch ./regwatch
COPY --chown=airflow:0 spiders ./spiders
COPY --chown=airflow:0 diffing ./diffing
# --no-hashes: the same pip command also takes the apache-airflow pin and the local wheel, which have no hashes.
RUN uv export --frozen --no-dev --no-emit-project --no-hashes --output-file requirements.txt \
 && uv build --wheel --out-dir dist

FROM apache/airflow:${AIRFLOW_VERSION}-python${PYTHON_VERSION}
ARG AIRFLOW_VERSION
USER root
# Debian Chromium for sources rendered in a browser (records with `render: true`); never a downloaded browser.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
USER airflow
COPY --from=build /tmp/regwatch/requirements.txt /tmp/regwatch/dist/ /tmp/regwatch/
RUN pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" -r /tmp/regwatch/requirements.txt \
 && pip install --no-cache-dir --no-deps /tmp/regwatch/regwatch-*.whl \
 && python -c "import regwatch, spiders, diffing, airflow; assert airflow.__version__ == '${AIRFLOW_VERSION}'"
COPY --chown=airflow:0 dags /opt/airflow/dags
COPY --chown=airflow:0 docker/airflow-init.sh /opt/regwatch/airflow-init.sh
ENV REGWATCH_HOME=/opt/airflow/regwatch-data \
    SCRAPY_SETTINGS_MODULE=spiders.settings
