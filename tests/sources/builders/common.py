"""Helpers shared by the snapshot builders: paths, meta sidecars, tiny HTML escaping."""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from regwatch.mirror.layout import snapshot_relpath

ROOT = Path(__file__).resolve().parents[3] / "snapshots"


def reset(slug: str) -> Path:
    """Remove a source's state directories (PROVENANCE.md / SCENARIOS.md stay)."""
    base = ROOT / slug
    if base.exists():
        for child in base.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
    base.mkdir(parents=True, exist_ok=True)
    return base


def write(slug: str, state: str, url: str, body: bytes | str | None, *, status: int | None = None,
          headers: dict | None = None, encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write the answer for ``url`` in ``state`` (and a ``.meta.json`` sidecar when status/headers are given)."""
    path = ROOT / slug / state / snapshot_relpath(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    if body is not None:
        data = body.encode(encoding) if isinstance(body, str) else body
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    if status is not None or headers:
        meta = {}
        if status is not None:
            meta["status"] = status
        if headers:
            meta["headers"] = headers
        path.with_name(path.name + ".meta.json").write_text(json.dumps(meta, ensure_ascii=False) + "\n")
    return path


def states_yaml(slug: str, spec: dict[str, str]) -> None:
    lines = [f"{name}: {{base: {base}}}" for name, base in spec.items()]
    (ROOT / slug / "states.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def paragraphs(paras: list[str]) -> str:
    return "\n".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paras)
