"""Rule-based classification of a release: topic labels and metadata, each with its evidence.

Usage::

    from regwatch.classify import classify
    c = classify(title, text, url=url, source={"agency": "ndrc", "level": "national"}, published="2022-03-21")
    c.labels["sectors"], c.evidence["sectors"]

The rules are a small engine (labels.py, extract.py) over inspectable YAML data in data/; the vocabularies
are those of the shared labels.json contract. CLASSIFIER_VERSION changes whenever rules or data change.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from regwatch.classify import extract
from regwatch.classify import labels as L
from regwatch.classify.rules import data, normalize, version

CLASSIFIER_VERSION = version()
LABEL_KEYS = ("relevant", "sectors", "plan_type", "status", "level", "region", "issuers", "issuer_names",
              "doc_number", "dates", "comment_deadline", "validity", "targets")

__all__ = ["CLASSIFIER_VERSION", "Classification", "classify", "glossary"]


@dataclass
class Classification:
    """Labels (keys LABEL_KEYS) and, per label, the phrases or rules that produced it."""

    labels: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    version: str = CLASSIFIER_VERSION

    def to_dict(self) -> dict:
        return asdict(self)


def classify(title: str, text: str, url: str | None = None, source: dict | None = None,
             published: str | None = None) -> Classification:
    """Classify one release (title + body text, Chinese or English)."""
    title, text = normalize(title), normalize(text)
    if published:
        published = extract.parse_date(str(published)) or str(published)[:10]
    lab: dict = {}
    ev: dict = {}

    def put(key, value_ev):
        lab[key], ev[key] = value_ev

    put("relevant", L.relevance(title, text))
    put("doc_number", extract.extract_doc_number(title, text))
    level, region, lev_ev = L.level_region(title, text, url, source)
    lab["level"], ev["level"] = level, lev_ev
    lab["region"], ev["region"] = region, (lev_ev if region else ["national or international: no region"])
    put("status", L.status(title, text))
    put("plan_type", L.plan_type(title, text, lab["status"]))
    if level == "international":
        lab["plan_type"], lab["status"] = "other", "news"
        ev["plan_type"] = ev["status"] = ["international item -> other / news"]
    put("sectors", L.sectors(title, text, level))
    dn_issuers, dn_prefix = extract.prefix_issuers(lab["doc_number"])
    put("issuers", L.detect_issuers(title, text, level, dn_issuers, dn_prefix, L.host_agency(url, source)))
    names = L.issuer_names(title, text)
    lab["issuer_names"], ev["issuer_names"] = names, [f"named: {n}" for n in names]
    put("dates", extract.extract_dates(text, published))
    put("comment_deadline", extract.extract_deadline(text, lab["dates"]["published"]))
    put("validity", extract.extract_validity(text, lab["dates"]["effective"] or lab["dates"]["published"]))
    put("targets", extract.extract_targets(text))
    return Classification(labels={k: lab[k] for k in LABEL_KEYS}, evidence={k: ev.get(k, []) for k in LABEL_KEYS})


def glossary(lang: str = "en") -> dict:
    """Display names in `lang` ('zh' or 'en') for label keys, every label value, regions and issuers."""
    if lang not in ("zh", "en"):
        raise ValueError("lang must be 'zh' or 'en'")
    tax = data("taxonomy")
    out = {section: {str(k).lower(): v[lang] for k, v in tax[section].items()}
           for section in ("label_keys", "sectors", "plan_type", "status", "level", "relevant")}
    out["region"] = {k: v[lang][0] if lang == "en" else v["zh"][0] for k, v in data("regions")["provinces"].items()}
    out["issuers"] = {k: v[lang][0] for k, v in data("issuers")["issuers"].items()}
    return out
