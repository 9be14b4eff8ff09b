"""Tell what a document file is from its first bytes (magic numbers and content sniffing).

The file name is not trusted: staff save a web page as .pdf or a PDF without an extension.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ingest.errors import DocumentError

_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def sniff(path: Path, data: bytes) -> str:
    """ "pdf", "docx", "html" or "text"; DocumentError for formats that are recognised but
    not read (an old .doc, another zip archive, an image)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise DocumentError(
                path, "is a damaged zip/DOCX file; expected a complete Word document"
            ) from None
        if "word/document.xml" in names:
            return "docx"
        raise DocumentError(
            path,
            "is a zip archive but not a Word document (DOCX); expected PDF, DOCX, HTML "
            "or UTF-8 text",
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocumentError(
                path, "is a password-protected Word document; save a copy without a password"
            )
        raise DocumentError(
            path, "is an old Word .doc (or other OLE) file; save it as .docx or PDF first"
        )
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        raise DocumentError(
            path, "is an image; expected a document with text (run OCR first, e.g. ocrmypdf)"
        )
    if _HTML.search(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "html"
    return "text"
