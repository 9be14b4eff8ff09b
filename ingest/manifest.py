"""The corpus manifest: what we know about each document besides its text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ingest.errors import DocumentError
from ingest.model import DocumentMeta
from ingest.source import SourceText
from ingest.text import slugify

MANIFEST_NAME = "manifest.json"


def load_manifest(directory: Path) -> dict[str, dict[str, Any]]:
    """Manifest entries keyed by file name; {} when the directory has no manifest."""
    path = directory / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["file"]: entry for entry in data["documents"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise DocumentError(
            path,
            f"is not a valid manifest ({exc}); expected "
            '{"documents": [{"id", "file", "title", "kind", ...}]}',
        ) from None


def document_meta(
    source: SourceText,
    entry: dict[str, Any] | None,
    *,
    kind: str,
    year: int | None,
    issuer: str | None,
    kommun: str | None,
    template: str | None,
) -> DocumentMeta:
    """Merge the manifest entry (if any) with what detection read from the document itself;
    the manifest wins."""
    entry = entry or {}
    when = entry.get("date")
    issuer = str(entry.get("issuer") or issuer) if (entry.get("issuer") or issuer) else None
    return DocumentMeta(
        id=str(entry.get("id") or slugify(source.path.stem)),
        title=str(
            entry.get("title")
            or source.title
            or next((l.strip() for l in source.lines if l.strip()), "")
        ),
        kind=str(entry.get("kind") or kind),
        year=int(entry["year"]) if entry.get("year") else year,
        issuer=issuer,
        date=date.fromisoformat(when) if when else None,
        sha256=source.sha256,
        filename=source.path.name,
        related=[str(r) for r in entry.get("related", [])],
        kommun=kommun,
        template=template,
        format=source.kind,
        page_count=source.page_count,
    )
