"""The declarative source record: one YAML file per site in ``spiders/sources/<slug>.yaml``.

Every field is documented here once. The registry discovers the files, so adding a site on a known CMS family
means adding a record, its snapshots and an expected-values file; no code.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
# REGWATCH_SOURCES_DIR points the registry at another records directory (read at call time; tests, forks)
SOURCES_DIR_ENV = "REGWATCH_SOURCES_DIR"
SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


class SourceRecord(BaseModel):
    """One monitored list (a column of a government site) and how to read it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(description="<jurisdiction>_<agency>[_<column>], e.g. cn_ndrc_tz; names everything")
    name: str = Field(description="human name in Chinese, e.g. 国家发展和改革委员会 · 通知")
    name_en: str = Field(description="human name in English")
    agency: str = Field(description="issuer key (labels.json issuers) for national bodies, else a short key")
    agency_name: str = Field(description="the publishing body as it names itself")
    level: Literal["national", "provincial", "municipal", "international"]
    region: str | None = Field(None, description="province key from labels.json for provincial/municipal sources")
    family: str = Field(description="CMS family parser name, see spiders/families/")
    list_urls: list[str] = Field(min_length=1, description="entry pages of the column (page 1)")
    allowed_hosts: list[str] = Field(default_factory=list, description="hosts that may be fetched; default: hosts of list_urls")
    language: Literal["zh", "en"] = "zh"
    schedule: str = Field("0 */6 * * *", description="cron expression (Asia/Shanghai) for the crawl DAG")
    expected_min_items: int = Field(1, ge=0, description="a list page with fewer items is a loud failure")
    max_pages: int = Field(3, ge=1, description="pagination limit per run (incremental crawls stop earlier)")
    robots: Literal["obey", "ignore"] = "obey"
    robots_ignore_hosts: list[str] = Field(
        default_factory=list, description="with robots: obey, hosts whose robots.txt is not applied (needs a reason)"
    )
    robots_ignore_reason: str | None = Field(None, description="required when robots is 'ignore' or hosts are listed")
    encoding: str | None = Field(None, description="force a response encoding (sites that mis-declare it)")
    render: bool = Field(False, description="render list pages in a browser (Playwright + system Chromium)")
    user_agent: Literal["bot", "browser"] = Field("bot", description="'browser' for sites that refuse bot UAs")
    download_delay: float = Field(1.0, ge=0, description="seconds between requests to one host")
    expected_rhythm_days: float | None = Field(None, description="longest normal gap between items (health)")
    block_signatures: list[str] = Field(default_factory=list, description="extra text that marks a block page")
    verified: bool = Field(True, description="false when the snapshot dialect is inferred, not documented")
    options: dict = Field(default_factory=dict, description="family-specific settings (API params, selectors)")
    notes: str = Field("", description="provenance: which facts of sources.md the record and snapshots follow")

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, value: str) -> str:
        if not SLUG_RE.match(value):
            raise ValueError(f"slug {value!r} must look like cn_ndrc_tz (lowercase words joined by _)")
        return value

    @model_validator(mode="after")
    def _consistency(self) -> "SourceRecord":
        if (self.robots == "ignore" or self.robots_ignore_hosts) and not (self.robots_ignore_reason or "").strip():
            raise ValueError(f"{self.slug}: ignoring robots.txt needs a written robots_ignore_reason")
        if not set(self.robots_ignore_hosts) <= set(self.hosts):
            raise ValueError(f"{self.slug}: robots_ignore_hosts must be among the source's hosts")
        if self.level in ("provincial", "municipal") and not self.region:
            raise ValueError(f"{self.slug}: {self.level} sources need a region")
        return self

    @property
    def hosts(self) -> list[str]:
        """Hosts this source may fetch: the configured ones, else those of its list URLs."""
        if self.allowed_hosts:
            return list(self.allowed_hosts)
        return sorted({urlsplit(u).hostname or "" for u in self.list_urls})

    def obeys_robots(self, host: str | None) -> bool:
        """Whether robots.txt applies to a request to ``host`` for this source."""
        return self.robots == "obey" and host not in self.robots_ignore_hosts

    @property
    def primary_host(self) -> str:
        return urlsplit(self.list_urls[0]).hostname or ""


class UnknownSource(KeyError):
    """A slug that has no record in spiders/sources/."""


# libyaml's safe loader when PyYAML was built with it (the wheels are): a crawl process loads every record, and
# the pure-Python loader was ~1 ms per record in the no-change sweep's profile
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_record(path: Path) -> SourceRecord:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    record = SourceRecord.model_validate(data)
    if record.slug != path.stem:
        raise ValueError(f"{path}: slug {record.slug!r} must match the file name")
    return record


@functools.lru_cache(maxsize=4)
def _load_all(directory: str) -> dict[str, SourceRecord]:
    records = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        record = load_record(path)
        records[record.slug] = record
    return records


def sources_dir() -> Path:
    """The records directory: ``$REGWATCH_SOURCES_DIR`` when set (non-empty), else :data:`SOURCES_DIR`."""
    return Path(os.environ.get(SOURCES_DIR_ENV) or SOURCES_DIR)


def all_sources(directory: Path | None = None) -> dict[str, SourceRecord]:
    """Every source record, by slug, sorted (from ``directory``, else :func:`sources_dir` at call time)."""
    return dict(_load_all(str(directory or sources_dir())))


def get_source(slug: str, directory: Path | None = None) -> SourceRecord:
    directory = directory or sources_dir()
    try:
        return all_sources(directory)[slug]
    except KeyError:
        raise UnknownSource(f"no source record {slug!r} in {directory}") from None
