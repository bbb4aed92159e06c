"""`make bench` fails on wrong results, not only slow ones: bench/sweeps.py's correctness checks."""
import copy
import json
from pathlib import Path

from bench.sweeps import correctness_failures

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results" / "sweeps.json"


def test_the_committed_figures_pass_and_each_kind_of_wrong_result_fails():
    figures = json.loads(RESULTS.read_text(encoding="utf-8"))
    assert correctness_failures(figures) == []
    broken = []
    for corrupt in (
        lambda f: f["change"]["runs"][0]["detection"]["revised"].update(found=39),
        lambda f: f["change"]["runs"][1]["detection"]["new"].update(spurious_count=1, spurious=["http://x/1"]),
        lambda f: f["change"]["runs"][2]["detection"]["other_kinds"].update(restored=1),
        lambda f: f["no_change"]["runs"][0].update(requests_per_source=1.02),
        lambda f: f["first_crawl"]["run_status"].update(failed=1),
        lambda f: f["politeness"].update(overlapping_requests=1),
        lambda f: f["politeness"].update(gaps_below_delay=3),
    ):
        f = copy.deepcopy(figures)
        corrupt(f)
        broken.append(len(correctness_failures(f)))
    assert broken == [1] * 7
