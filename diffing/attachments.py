"""Attachment bytes → text (PDF via pypdf, DOCX via python-docx), or None with a reason."""
from __future__ import annotations

import io
import re
import zipfile

_WS_LINE = re.compile(r"[ \t\u3000\xa0]+")


def _kind(data: bytes, filename: str, content_type: str | None) -> str:
    name, ctype = (filename or "").lower(), (content_type or "").lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "broken-zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if any(n.lower().endswith("ofd.xml") for n in names):
            return "ofd"
        return "zip"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "ole"  # legacy .doc/.xls/.wps
    if ctype.startswith("text/plain") or name.endswith(".txt"):
        return "txt"
    for ext, kind in ((".pdf", "pdf"), (".docx", "docx")):
        if name.endswith(ext) or kind in ctype:
            return f"bad-{kind}"
    if ctype.startswith("image/") or re.search(r"\.(png|jpe?g|gif|bmp|tiff?)$", name):
        return "image"
    return "unknown"


_UNSUPPORTED = {
    "ole": "legacy OLE document (.doc/.xls/.wps) not supported; needs antiword or LibreOffice",
    "xlsx": "spreadsheet (.xlsx) not extracted",
    "ofd": "OFD document not supported",
    "zip": "zip archive not extracted",
    "broken-zip": "corrupt zip container",
    "image": "image; OCR not available",
    "unknown": "unrecognised file type",
    "bad-pdf": "named PDF but not a PDF file (no %PDF- header)",
    "bad-docx": "named DOCX but not a DOCX (no word/document.xml)",
}


def _clean(text: str) -> str:
    lines = (_WS_LINE.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _pdf(data: bytes) -> tuple[str | None, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        return None, "encrypted PDF"
    text = _clean("\n".join(page.extract_text() or "" for page in reader.pages))
    if not text:
        return None, f"PDF has no text layer ({len(reader.pages)} pages; scanned?)"
    return text, f"pdf: {len(reader.pages)} pages"


def _docx(data: bytes) -> tuple[str | None, str]:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    text = _clean("\n".join(parts))
    return (text, "docx") if text else (None, "DOCX contains no text")


def _txt(data: bytes) -> tuple[str | None, str]:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return _clean(data.decode(enc)) or None, f"text ({enc})"
        except UnicodeDecodeError:
            continue
    return None, "text in unknown encoding"


def extract_attachment(data: bytes, filename: str, content_type: str | None) -> dict:
    """``{"kind", "text", "note"}``: text is None when nothing could be extracted; note says why."""
    kind = _kind(data or b"", filename, content_type)
    handler = {"pdf": _pdf, "docx": _docx, "txt": _txt}.get(kind)
    if not data:
        return {"kind": "empty", "text": None, "note": "empty file"}
    if handler is None:
        return {"kind": kind, "text": None, "note": _UNSUPPORTED[kind]}
    try:
        text, note = handler(data)
    except Exception as exc:  # noqa: BLE001 - third-party parsers raise anything on broken files
        return {"kind": kind, "text": None, "note": f"{kind} extraction failed: {type(exc).__name__}: {exc}"[:200]}
    return {"kind": kind, "text": text, "note": note}


def extract_text(data: bytes, filename: str, content_type: str | None) -> str | None:
    """Text of a PDF/DOCX (or plain-text) attachment, None otherwise (see ``extraction_note``)."""
    return extract_attachment(data, filename, content_type)["text"]


def extraction_note(data: bytes, filename: str, content_type: str | None) -> str:
    """Why ``extract_text`` returned what it did (stored next to the attachment)."""
    return extract_attachment(data, filename, content_type)["note"]


_ATTACHMENT_HREF = re.compile(r"\.(pdf|docx?|xlsx?|wps|ofd|zip|rar|txt|et|ceb)(?:$|[?#])", re.IGNORECASE)


def find_attachment_links(html: str) -> list[dict]:
    """``[{"url", "name"}]`` for links to document files in a page (href as written, not resolved)."""
    from lxml import etree

    if not html or not html.strip():
        return []
    root = etree.fromstring(html, etree.HTMLParser(remove_comments=True))
    if root is None:
        return []
    out = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if _ATTACHMENT_HREF.search(href):
            out.append({"url": href, "name": _WS_LINE.sub(" ", "".join(a.itertext())).strip()})
    return out
