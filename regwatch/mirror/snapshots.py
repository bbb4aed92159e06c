"""Answers from ``snapshots/``: resolves (state, request) to (status, headers, body) per snapshots/README.md."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from regwatch.mirror.layout import snapshot_relpath

CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".shtml": "text/html",
    ".jsp": "text/html",
    ".json": "application/json;charset=UTF-8",
    ".xml": "text/xml;charset=UTF-8",
    ".js": "application/javascript;charset=UTF-8",
    ".txt": "text/plain;charset=UTF-8",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ofd": "application/ofd",
    ".zip": "application/zip",
}
NOT_FOUND_PAGE = b"<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>"


class SnapshotConflict(Exception):
    """Two sources ship different bytes for the same host/path in the same state."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    source: str | None = None  # slug whose snapshot answered


def _content_type(relpath: str, body: bytes) -> str:
    name = relpath.split("@", 1)[0].rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    head = body.lstrip(b"\xef\xbb\xbf \r\n\t")[:1]
    if head in (b"{", b"["):
        return "application/json;charset=UTF-8"
    if head == b"<":
        return "text/html"
    return "application/octet-stream"


class SnapshotStore:
    """Index of every source's snapshot states, answering requests by original host."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._states: dict[str, dict[str, str | None]] = {}  # slug -> state -> base
        for source_dir in sorted(p for p in self.root.iterdir() if p.is_dir()):
            states = {p.name: None for p in source_dir.iterdir() if p.is_dir()}
            spec = source_dir / "states.yaml"
            if spec.exists():
                for name, conf in (yaml.safe_load(spec.read_text("utf-8")) or {}).items():
                    states[name] = (conf or {}).get("base")
            self._states[source_dir.name] = states
        # host -> the sources whose snapshots serve it (any state): a request looks only there, so answering
        # stays O(sources on that host) however many sources the root holds (1000 in the benchmarks)
        self._by_host: dict[str, list[str]] = {}
        for slug, states in self._states.items():
            served = set()
            for state in states:
                state_dir = self.root / slug / state
                if state_dir.is_dir():
                    served.update(p.name for p in state_dir.iterdir() if p.is_dir())
            for host in served:
                self._by_host.setdefault(host, []).append(slug)

    @property
    def sources(self) -> list[str]:
        return sorted(self._states)

    def _chain(self, slug: str, state: str) -> list[str]:
        """The state directories to look in, most specific first."""
        states = self._states[slug]
        if state not in states:
            earlier = sorted(s for s in states if s < state)
            if not earlier:
                return []
            state = earlier[-1]
        chain = []
        while state and state not in chain:
            chain.append(state)
            state = states.get(state)
        return chain

    def _find(self, slug: str, state: str, relpath: str) -> tuple[Path | None, Path | None]:
        for name in self._chain(slug, state):
            base = self.root / slug / name / relpath
            meta = base.with_name(base.name + ".meta.json")
            if base.is_file() or meta.is_file():
                return (base if base.is_file() else None), (meta if meta.is_file() else None)
        return None, None

    def answer(self, state: str, method: str, url: str, body: bytes = b"", content_type: str = "") -> Answer:
        """The mirror's answer for a request; 404 when no source has the file."""
        relpath = snapshot_relpath(url, method, body, content_type)
        found: list[tuple[str, bytes | None, dict]] = []
        for slug in self._by_host.get(relpath.split("/", 1)[0], ()):
            body_path, meta_path = self._find(slug, state, relpath)
            if body_path is None and meta_path is None:
                continue
            data = body_path.read_bytes() if body_path else None
            meta = json.loads(meta_path.read_text("utf-8")) if meta_path else {}
            found.append((slug, data, meta))
        if not found:
            return Answer(404, {"Content-Type": "text/html"}, NOT_FOUND_PAGE)
        first = found[0]
        for other in found[1:]:
            if (other[1], other[2]) != (first[1], first[2]):
                raise SnapshotConflict(f"{relpath} differs between {first[0]} and {other[0]} in state {state}")
        slug, data, meta = first
        data = data or b""
        headers = {"Content-Type": _content_type(relpath, data)}
        headers.update(meta.get("headers", {}))
        status = int(meta.get("status", 200))
        if status == 200:
            headers.setdefault("ETag", '"' + hashlib.sha1(data).hexdigest()[:20] + '"')
        return Answer(status, headers, data, slug)

    def hosts(self) -> set[str]:
        """Every host some snapshot serves (any state)."""
        return set(self._by_host)
