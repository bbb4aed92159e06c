"""extract_text on PDFs/DOCX the test builds itself; every other type says why it returned None."""
import io
import zipfile

import docx
import pytest

from diffing.attachments import extract_attachment, extract_text, extraction_note, find_attachment_links


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF (Helvetica, ASCII text) with a correct xref table."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({t}) Tj T*" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_pdf_text_is_extracted():
    text = extract_text(make_pdf(["Energy intensity down 13.5%", "Effective 2025-01-01"]), "P0202405.pdf", "application/pdf")
    assert text.splitlines() == ["Energy intensity down 13.5%", "Effective 2025-01-01"]


def test_docx_text_and_tables_are_extracted():
    data = make_docx(["附件1", "重点行业能效标杆水平　和基准水平"], [["行业", "标杆水平"], ["钢铁", "≤ 435 千克标准煤/吨"]])
    assert extract_text(data, "附件1.docx", None).splitlines() == [
        "附件1", "重点行业能效标杆水平 和基准水平", "行业 标杆水平", "钢铁 ≤ 435 千克标准煤/吨"]


def test_type_is_sniffed_from_bytes_not_name():
    assert extract_text(make_pdf(["Hello"]), "download.jsp", "application/octet-stream") == "Hello"
    assert extract_attachment(make_docx(["正文"]), "downfile", None)["kind"] == "docx"


@pytest.mark.parametrize(
    "data, filename, ctype, note",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "通知.doc", "application/msword", "legacy OLE"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "scan.png", "image/png", "OCR not available"),
        (b"<html>error</html>", "附件.pdf", "application/pdf", "not a PDF"),
        (b"%PDF-1.4 broken", "x.pdf", None, "extraction failed"),
        (make_pdf([]), "blank.pdf", None, "no text layer"),
        (b"", "x.pdf", None, "empty file"),
        (b"\x00\x01\x02", "data.bin", None, "unrecognised"),
    ],
)
def test_unsupported_or_broken_files_return_none_with_reason(data, filename, ctype, note):
    assert extract_text(data, filename, ctype) is None
    assert note in extraction_note(data, filename, ctype)


def test_zip_without_document_is_not_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "x")
    assert extraction_note(buf.getvalue(), "a.zip", None) == "zip archive not extracted"


def test_plain_text_in_gb18030():
    assert extract_text("碳达峰".encode("gb18030"), "a.txt", "text/plain") == "碳达峰"


def test_find_attachment_links():
    html = ('<div><a href="./P0202405.pdf">附件1：方案.pdf</a><a href="/x/index.html">相关</a>'
            '<a href="/download?filename=a.docx">附件2</a><a href="W0.PDF#page=1">附件3</a></div>')
    assert [a["url"] for a in find_attachment_links(html)] == ["./P0202405.pdf", "/download?filename=a.docx", "W0.PDF#page=1"]
    assert find_attachment_links("") == []
