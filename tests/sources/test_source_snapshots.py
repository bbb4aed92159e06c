"""Every source with ``tests/expected/<slug>.yaml`` is crawled from its snapshots and checked value by value.

Expected file shape (per state)::

    states:
      week1:
        pages: 2                      # optional: list pages that yielded rows
        list: [{url, title, published, doc_number[, extra]}]   # every entry, in crawl order; extra compared when given
        details:                      # every listed URL (or, for partial files, a subset)
          <url>: {title, published, doc_number, issuer_names, first_sentence, attachments}
          <url>: {status: 404}       # listed but answering 404 (transient, or gone)
          # optional per detail: body_contains / body_lacks: [strings], body_same_as: <state>
        gone: [<url>]                # dropped from the list and answering 404 (withdrawn)
      blocked:
        failure: {kind: block, cause: "WZWS JS challenge page"}        # exact detect_block cause
      malformed:
        failure: {kind: selector, contains: "0 items for 'ul.u-list li'"}  # SelectorError message part

``kind: block`` also accepts ``contains``. See HARNESS_NOTES.md for how other engineers ask for changes.

Discovery and checks are ``harness.expected_cases`` / ``harness.check_state`` / ``harness.sources_missing_expected``,
run here over the repository's directories; ``test_add_a_site.py`` runs the very same functions over tmp directories.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources.harness import check_state, expected_cases, sources_missing_expected

CASES = [pytest.param(path, state, id=f"{path.stem}-{state}") for path, state in expected_cases()]


@pytest.mark.parametrize("path,state", CASES)
def test_source_state(path: Path, state: str) -> None:
    check_state(path, state)


def test_every_record_with_snapshots_has_expected_values() -> None:
    """A source shipping snapshots must ship an expected file too (so its parser is exercised)."""
    missing = sources_missing_expected()
    assert not missing, f"{missing} have snapshots but no tests/expected/<slug>.yaml"
