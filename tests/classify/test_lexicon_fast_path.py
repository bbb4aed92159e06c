"""Lexicon.find's first-character dispatch must give exactly the hits of the one big alternation it replaces."""
import json
import random
from pathlib import Path

import pytest

from regwatch.classify import labels
from regwatch.classify.rules import Lexicon, compiled, data

ROOT = Path(__file__).resolve().parents[2]


def _word_lists(node, path):
    """Every {zh: [...], en: [...]} list in lexicons.yaml, as the path `compiled` takes."""
    if isinstance(node, dict):
        if {"zh", "en"} & set(node) and all(isinstance(node[k], list) and all(isinstance(t, str) for t in node[k])
                                            for k in ("zh", "en") if k in node):
            yield path
        for key, value in node.items():
            if key not in ("zh", "en"):
                yield from _word_lists(value, path + (key,))


def all_lexicons() -> dict[str, Lexicon]:
    found = {"issuers": labels.issuer_lexicon(), "places": labels.place_lexicon(),
             "sectors": labels.sector_lexicons()[0], "sector_leads": labels.sector_lexicons()[1]}
    for path in _word_lists(data("lexicons"), ()):
        found["/".join(path)] = compiled("lexicons", *path)
    return found


def texts() -> list[str]:
    out = []
    for name in ("labelled.jsonl", "heldout.jsonl"):
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out += [row["title"], row["text"], row["title"].upper(), row["text"].lower()]
    # case folds and boundaries the dispatch must leave to the full alternation
    out += ["\u212aEY NDRC mee MIIT-issued \u017fteel", "the NDRC's plan; ndrc2030; (MIIT)", "北京市北京上海市 ", ""]
    return out


LEXICONS = all_lexicons()


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_fast_find_equals_the_alternation(name):
    lexicon = LEXICONS[name]
    rng = random.Random(name)
    samples = texts()
    # shuffled splices: terms next to each other and across sentence boundaries
    samples += ["".join(rng.sample(samples[:200], 3))[:2000] for _ in range(100)]
    for text in samples:
        assert lexicon.find(text) == lexicon.reference_find(text), (name, text[:120])


def test_the_big_lexicons_take_the_fast_path():
    for name in ("issuers", "places", "sectors"):
        assert LEXICONS[name]._by_first is not None, f"{name} fell back to the full alternation"
