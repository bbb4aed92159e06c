"""Labelled before/after pairs (tests/fixtures/diff_pairs): zero false positives, zero misses."""
import pathlib
import re

import pytest
import yaml
from lxml import etree

from diffing.attachments import find_attachment_links
from diffing.compare import compare_versions
from diffing.normalize import normalize_html

PAIRS = pathlib.Path(__file__).parents[1] / "fixtures" / "diff_pairs"
CASES = sorted(p.name for p in PAIRS.iterdir() if (p / "expected.yaml").exists())
FAMILIES = {"trs", "govcn", "jpaas", "hanweb", "mee"}
_LABEL = re.compile(r"^\s*(发文字号|文\s*号)\s*[:：]?\s*$")


def load_version(path: pathlib.Path) -> dict:
    """What a family parser would hand the store: meta title/date, 文号 from the info block, body."""
    raw = path.read_text(encoding="utf-8")
    root = etree.fromstring(raw, etree.HTMLParser())
    meta = {m.get("name"): m.get("content") for m in root.iter("meta") if m.get("name")}
    number = None
    for el in root.iter("td", "th", "span"):
        if _LABEL.match("".join(el.itertext()).replace("\u3000", "")):
            nxt = el.getnext()
            number = "".join(nxt.itertext()).strip() if nxt is not None else None
            break
    return {"title": meta.get("ArticleTitle") or root.findtext(".//title") or "", "published": meta.get("PubDate"),
            "doc_number": number, "text": normalize_html(raw), "attachments": find_attachment_links(raw)}


def run_case(name: str) -> tuple[dict, dict]:
    expected = yaml.safe_load((PAIRS / name / "expected.yaml").read_text(encoding="utf-8"))
    result = compare_versions(load_version(PAIRS / name / "before.html"), load_version(PAIRS / name / "after.html"))
    return expected, result


@pytest.mark.parametrize("name", CASES)
def test_pair(name):
    expected, result = run_case(name)
    assert result["changed"] is expected["changed"], (result["summary_en"], result["reasons"])
    if not expected["changed"]:
        return
    assert result["kind"] == expected["kind"]
    assert result["significance"] == expected["significance"], result["reasons"]
    if "moved_only" in expected:
        assert result["diff"]["moved_only"] is expected["moved_only"]
    for token in expected.get("summary_tokens", []):
        assert token in result["summary_zh"] and token in result["summary_en"], result["summary_zh"]


def test_corpus_totals():
    """The acceptance line: counts printed; no false positive and no miss across the corpus."""
    fp = miss = tp = tn = 0
    by_family: dict[str, int] = {}
    for name in CASES:
        expected, result = run_case(name)
        by_family[expected["family"]] = by_family.get(expected["family"], 0) + 1
        if expected["changed"] and result["changed"]:
            tp += 1
        elif expected["changed"]:
            miss += 1
        elif result["changed"]:
            fp += 1
        else:
            tn += 1
    print(f"\npair corpus: {len(CASES)} pairs; changed detected {tp}, unchanged kept {tn}, "
          f"false positives {fp}, misses {miss}; per family {by_family}")
    assert len(CASES) >= 40 and set(by_family) == FAMILIES
    assert fp == 0 and miss == 0


def test_every_pair_has_both_pages_and_readme_mentions_it():
    readme = (PAIRS / "README.md").read_text(encoding="utf-8")
    for name in CASES:
        assert (PAIRS / name / "before.html").exists() and (PAIRS / name / "after.html").exists()
        assert f"`{name}`" in readme, f"README.md does not describe {name}"
