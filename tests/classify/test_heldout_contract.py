"""The contract: on the committed held-out split the classifier meets the issue's targets."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"relevance_f1": 0.95, "sector_micro_f1": 0.92, "plan_type_acc": 0.95, "status_acc": 0.97,
           "level_acc": 0.97, "region_acc": 0.97, "issuer_f1": 0.95, "doc_number_acc": 0.97}


@pytest.fixture(scope="module")
def figures():
    import importlib.util

    spec = importlib.util.spec_from_file_location("evaluate", ROOT / "eval" / "evaluate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.evaluate(str(ROOT / "eval" / "heldout.jsonl"))[0]


@pytest.mark.parametrize("metric, target", TARGETS.items())
def test_heldout_target(figures, metric, target):
    assert figures[metric] >= target, figures


def test_heldout_no_spurious_doc_numbers(figures):
    assert figures["doc_number_spurious"] == 0
