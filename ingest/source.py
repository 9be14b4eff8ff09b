"""Read a document file (PDF, DOCX, HTML or UTF-8 text) into text, refusing what cannot be read.

Every refusal is a DocumentError whose message names the file and says what was expected,
so the CLI can print one line and exit 2 without touching the stored graph. The readers of the
formats are in ingest/formats/; this module reads the bytes, never more than the size limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceText:
    """The text of one document file, with its checksum, its kind and the page of each line
    (empty when the source does not know pages)."""

    path: Path
    text: str
    sha256: str
    kind: str = "text"  # "text" | "pdf" | "docx" | "html"
    pages: tuple[int, ...] = ()  # pages[n - 1] is the page of line n
    page_count: int | None = None
    title: str | None = None  # the title the file states (a web page's <h1>), if any

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def page_of(self, line: int) -> int | None:
        """The page 1-based line `line` stands on, when the source knows pages."""
        if 1 <= line <= len(self.pages):
            return self.pages[line - 1]
        return None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """At most `max_bytes` bytes of `path`, read in chunks: the size a pipe or a device
    reports (0) is not trusted, so /dev/zero is refused after max_bytes + 1 bytes."""
    from ingest.errors import DocumentError

    if not path.exists():
        raise DocumentError(
            path, "no such file; expected a steering document (PDF, DOCX, HTML or UTF-8 text)"
        )
    if path.is_dir():
        raise DocumentError(path, "is a directory; expected a document file (use --corpus DIR)")
    too_big = DocumentError(
        path,
        f"is larger than {max_bytes} bytes, the limit for one "
        "document (STYRGRAF_MAX_DOCUMENT_BYTES)",
    )
    try:
        if path.is_file() and path.stat().st_size > max_bytes:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        with path.open("rb") as handle:
            while size <= max_bytes:
                chunk = handle.read(min(_CHUNK, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except PermissionError:
        raise DocumentError(path, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise too_big
    return b"".join(chunks)


def read_document(
    path: Path, max_bytes: int = 20_000_000, max_unpacked: int = 200_000_000
) -> SourceText:
    """Read and decode `path`; raise DocumentError saying what is wrong and what was expected."""
    return decode_document(path, read_bytes(path, max_bytes), max_unpacked)


def decode_document(path: Path, data: bytes, max_unpacked: int = 200_000_000) -> SourceText:
    """Decode bytes already read from `path` by what they are (split out so tests can feed
    bytes directly)."""
    from ingest.formats import read_source

    return read_source(path, data, max_unpacked)
