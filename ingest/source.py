"""Read a document file into text, refusing what is not a readable UTF-8 text document.

Every refusal is a DocumentError whose message names the file and says what was expected,
so the CLI can print one line and exit 2 without touching the stored graph.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

# Control characters other than tab/newline/carriage return/form feed are rare in extracted
# text; many of them mean the file is binary (a PDF, an image, a zip) rather than text.
_ALLOWED_CONTROL = {"\t", "\n", "\r", "\f"}
_MAX_CONTROL_RATIO = 0.01


@dataclass(frozen=True)
class SourceText:
    """The decoded text of one document file, with its checksum for provenance."""

    path: Path
    text: str
    sha256: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def read_document(path: Path, max_bytes: int = 20_000_000) -> SourceText:
    """Read and decode `path`; raise DocumentError saying what is wrong and what was expected."""
    from ingest.errors import DocumentError

    if not path.exists():
        raise DocumentError(path, "no such file; expected a UTF-8 text file of a steering document")
    if path.is_dir():
        raise DocumentError(path, "is a directory; expected a UTF-8 text file (use --corpus DIR)")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                path, f"is {size} bytes; documents over {max_bytes} bytes are refused"
            )
        data = path.read_bytes()
    except PermissionError:
        raise DocumentError(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from None
    return decode_document(path, data)


def decode_document(path: Path, data: bytes) -> SourceText:
    """Decode bytes already read from `path` (split out so tests can feed bytes directly)."""
    from ingest.errors import DocumentError

    if not data.strip():
        raise DocumentError(path, "is empty; expected the text of a steering document")
    if b"\x00" in data[:65536]:
        raise DocumentError(
            path,
            "looks binary (contains NUL bytes); expected plain UTF-8 text, e.g. a PDF "
            "extracted with pdftotext",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            path,
            f"is not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "expected UTF-8 text: re-save or convert it, e.g. iconv -f latin1 -t utf-8",
        ) from None
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in _ALLOWED_CONTROL)
    if control > max(3, _MAX_CONTROL_RATIO * len(text)):
        raise DocumentError(path, "looks binary (many control characters); expected plain text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path=path, text=text, sha256=hashlib.sha256(data).hexdigest())
