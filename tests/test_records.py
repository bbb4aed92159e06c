"""Source records: every committed record validates; the rules a record must follow are enforced."""
from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from spiders.families import get_family
from spiders.records import SOURCES_DIR, SourceRecord, all_sources, load_record

BASE = {"slug": "cn_test_tz", "name": "测试", "name_en": "Test", "agency": "ndrc", "agency_name": "测试",
        "level": "national", "family": "trs", "list_urls": ["https://www.example.gov.cn/tz/"]}


def test_every_record_loads_with_a_known_family_and_unique_hosts_per_slug():
    records = all_sources()
    assert len(records) >= 40
    for slug, record in records.items():
        get_family(record.family)  # raises for an unknown family
        assert record.hosts and all(record.hosts), slug
        if record.level in ("provincial", "municipal"):
            assert record.region, slug


@pytest.mark.parametrize("change, message", [
    ({"slug": "NDRC-tz"}, "slug"),
    ({"robots": "ignore"}, "robots_ignore_reason"),
    ({"robots_ignore_hosts": ["www.example.gov.cn"]}, "robots_ignore_reason"),
    ({"robots_ignore_hosts": ["other.example.org"], "robots_ignore_reason": "x"}, "among the source's hosts"),
    ({"level": "provincial"}, "region"),
    ({"surprise": 1}, "Extra inputs"),
])
def test_invalid_records_are_refused_with_the_reason(change, message):
    with pytest.raises(ValidationError, match=message):
        SourceRecord.model_validate({**BASE, **change})


def test_robots_exceptions_are_per_host():
    record = SourceRecord.model_validate({**BASE, "list_urls": ["https://api.example.gov.cn/list"],
                                          "allowed_hosts": ["api.example.gov.cn", "www.example.gov.cn"],
                                          "robots_ignore_hosts": ["api.example.gov.cn"],
                                          "robots_ignore_reason": "search backend of the site's own page"})
    assert not record.obeys_robots("api.example.gov.cn") and record.obeys_robots("www.example.gov.cn")


def test_slug_must_match_the_file_name(tmp_path):
    path = tmp_path / "cn_other_tz.yaml"
    path.write_text(yaml.safe_dump(BASE, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="must match the file name"):
        load_record(path)
    assert (SOURCES_DIR / "cn_ndrc_tz.yaml").exists()
