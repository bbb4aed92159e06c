"""The processing step's candidate pre-filters must keep every pair ``link_kind`` relates, and prune the rest.

``link_keys`` (exact) and ``may_be_similar`` (size bound + bottom-k estimate) decide which stored releases a new
one is compared with (regwatch/process.py::CandidatePool). A pair they drop is a repost never clustered, so
every linked pair of the three corpora the clustering tests use must survive them.
"""
import itertools

import pytest

from diffing.cluster import link_keys, link_kind, may_be_similar, sketch, similarity
from tests.diffing.test_cluster import ORIG
from tests.diffing.test_cluster import test_link_kind as link_kind_cases
from tests.diffing.test_cluster_snapshots import derived_reposts, snapshot_releases
from tests.diffing.test_cluster_threshold import build_corpus


def kept(a: dict, b: dict) -> bool:
    return bool(link_keys(a) & link_keys(b)) or may_be_similar(sketch(a.get("text") or ""), sketch(b.get("text") or ""))


def corpora() -> dict[str, list[dict]]:
    originals = snapshot_releases()
    cases = [case[0] for case in link_kind_cases.pytestmark[0].args[1]]
    return {"snapshots": originals + [r for r, _ in derived_reposts(originals)],
            "synthetic_threshold_corpus": build_corpus(7)[0] + build_corpus(11)[0],
            "link_kind_cases": [ORIG] + cases}


CORPORA = corpora()


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_every_linked_pair_survives_the_prefilters(name):
    releases = CORPORA[name]
    linked = unlinked_kept = unlinked = 0
    for a, b in itertools.combinations(releases, 2):
        if link_kind(a, b) or link_kind(b, a):
            linked += 1
            assert kept(a, b), f"{name}: {a['title']!r} / {b['title']!r} linked but pruned"
        else:
            unlinked += 1
            unlinked_kept += kept(a, b)
    assert linked > 5, f"{name}: too few linked pairs to mean anything ({linked})"
    if name != "link_kind_cases":  # the pre-filters must actually prune: most unrelated pairs never get compared
        assert unlinked_kept < 0.5 * unlinked, f"{name}: {unlinked_kept} of {unlinked} unlinked pairs kept"
    print(f"{name}: {linked} linked pairs kept; {unlinked_kept} of {unlinked} unlinked pairs kept")


def test_sketch_estimate_tracks_jaccard_near_the_threshold():
    """Pairs above 0.65 are always kept; pairs under 0.2 rarely (a sample of 64 hashes errs, never by much)."""
    releases = CORPORA["synthetic_threshold_corpus"]
    low = low_kept = 0
    for a, b in itertools.combinations(releases, 2):
        j, keep = similarity(a["text"], b["text"]), may_be_similar(sketch(a["text"]), sketch(b["text"]))
        if j >= 0.65:
            assert keep, j
        elif j < 0.2:
            low, low_kept = low + 1, low_kept + keep
            assert not keep or j > 0.1, j
    assert low > 100 and low_kept < 0.05 * low, (low_kept, low)
