"""Repost clustering measured on releases built from the snapshots (issue: ≥ 40 releases, P and R ≥ 0.95).

The set is every readable week-1 detail page of every source (parsed by its family, normalized as the store
does), plus reposts derived from some of them the way other sites repost: a provincial 转发 wrapper around
the full text, and a copy with re-flowed paragraphs and width/whitespace changes. Gold clusters: the
hand-labelled natural pairs in tests/fixtures/snapshot_clusters.yaml and each derived repost with its
original. Pairwise precision and recall are printed and asserted.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import yaml

from diffing.cluster import cluster_releases
from diffing.normalize import normalize_html
from spiders.records import all_sources
from tests.sources.harness import SnapshotCrawler

ROOT = Path(__file__).resolve().parents[2]
GOLD = yaml.safe_load((ROOT / "tests" / "fixtures" / "snapshot_clusters.yaml").read_text("utf-8"))


def snapshot_releases() -> list[dict]:
    releases, seen = [], set()
    for slug, record in all_sources().items():
        crawler = SnapshotCrawler(record, "week1")
        try:
            entries = crawler.crawl(details=False).entries
        except Exception:  # noqa: BLE001 - sources whose week 1 is a block page have no releases
            continue
        for entry in entries:
            if entry.url in seen:
                continue
            seen.add(entry.url)
            page = _detail(crawler, entry)
            if page is None:
                continue
            releases.append({"id": entry.url, "url": entry.url, "source": slug, "title": page.title,
                             "doc_number": page.doc_number or entry.doc_number,
                             "published": page.published or entry.published, "issuer": record.agency,
                             "text": normalize_html(page.body_html)})
    return releases


def _detail(crawler, entry):
    request = crawler.family.detail_request(entry, crawler.source)
    for _ in range(4):
        response = crawler.fetch(request)
        if response.status >= 400:
            return None
        page = crawler.family.parse_detail(response, crawler.source, entry)
        if hasattr(page, "body_html"):
            return page
        request = page
    return None


def reflow(text: str) -> str:
    """The same text as another CMS would render it: paragraphs merged, full-width digits, extra spaces."""
    paragraphs = text.split("\n")
    merged = ["".join(paragraphs[i:i + 2]) for i in range(0, len(paragraphs), 2)]
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    return "\n".join(" " + p.translate(full_width) + " " for p in merged)


def derived_reposts(originals: list[dict]) -> list[tuple[dict, str]]:
    """(repost, original id) for every 4th national document with substance."""
    picked = [r for r in originals if r["source"].startswith("cn_") and len(r["text"]) > 150][::4]
    reposts = []
    for n, original in enumerate(picked):
        inner = re.sub(r"^.*?关于印发", "", original["title"]).removesuffix("的通知") or original["title"]
        wrapper = {"id": f"repost-{n}", "url": f"https://fzggw.jiangsu.gov.cn/art/2026/11/20/art_282_{n}.html",
                   "source": "js_fzggw", "issuer": "jiangsu_drc", "doc_number": None,
                   "published": original["published"],
                   "title": f"江苏省发展和改革委员会关于转发《{inner.strip('《》')}》的通知",
                   "text": "各设区市发展改革委：\n现将《" + inner.strip("《》") + "》转发给你们，请结合实际认真贯彻落实。\n"
                           + original["text"]}
        copy = {**original, "id": f"copy-{n}", "url": f"https://www.example-province.gov.cn/zcwj/{n}.html",
                "source": "zz_copy", "issuer": None, "text": reflow(original["text"])}
        reposts += [(wrapper, original["id"]), (copy, original["id"])]
    return reposts


def pairs_of(clusters) -> set[frozenset]:
    return {frozenset(p) for cluster in clusters for p in itertools.combinations(cluster, 2)}


def test_repost_clustering_on_snapshot_releases():
    originals = snapshot_releases()
    reposts = derived_reposts(originals)
    releases = originals + [r for r, _ in reposts]
    ids = {r["id"] for r in releases}
    gold_clusters = [set(group) for group in GOLD["same_document"]]
    assert all(group <= ids for group in gold_clusters), "a labelled snapshot page is no longer readable"
    for repost, original in reposts:
        cluster = next((c for c in gold_clusters if original in c), None)
        if cluster is None:
            gold_clusters.append(cluster := {original})
        cluster.add(repost["id"])
    gold, predicted = pairs_of(gold_clusters), pairs_of(cluster_releases(releases))
    precision = len(gold & predicted) / len(predicted) if predicted else 0.0
    recall = len(gold & predicted) / len(gold)
    print(f"\nclustering on {len(releases)} releases ({len(originals)} snapshot pages + {len(reposts)} derived "
          f"reposts): {len(gold)} same-document pairs, precision {precision:.3f}, recall {recall:.3f}")
    assert len(releases) >= 40 and len(reposts) >= 10
    assert precision >= 0.95 and recall >= 0.95, (sorted(map(sorted, predicted - gold))[:5], sorted(map(sorted, gold - predicted))[:5])
