"""Saved coverage-gap queries: `queries/<name>.rq`, each opening with a Swedish header.

    # title: Mål utan indikatorer
    # description: Nämndens mål som inte följs upp med någon indikator. A description may
    #   continue on further comment lines.
    PREFIX sg: <https://w3id.org/styrgraf/ns#>
    SELECT ...

The file is the query: analysts can copy it into any SPARQL client unchanged (the header is
SPARQL comments and the file declares its own prefixes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ingest.errors import NotFound

_HEADER = re.compile(r"#\s*(title|description)\s*:\s*(.*)")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class GapQuery:
    name: str  # file name without .rq; used in /gaps/{name} and `styrgraf gaps NAME`
    title: str
    description: str
    query: str


class GapFileError(ValueError):
    """A .rq file without its title or description header: a packaging bug, not user input."""


def parse_gap(name: str, text: str) -> GapQuery:
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break  # the header ends at the first line of SPARQL
        match = _HEADER.fullmatch(stripped)
        if match:
            current = match.group(1)
            fields[current] = [match.group(2).strip()]
        elif current is not None and stripped.lstrip("#").strip():
            fields[current].append(stripped.lstrip("#").strip())
    missing = [k for k in ("title", "description") if not fields.get(k)]
    if missing:
        raise GapFileError(f"{name}.rq: the header lacks {' and '.join(missing)}")
    return GapQuery(
        name=name,
        title=" ".join(fields["title"]),
        description=" ".join(fields["description"]),
        query=text,
    )


@cache
def _load() -> dict[str, GapQuery]:
    folder = files("search_api.gaps") / "queries"
    gaps = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name.removesuffix(".rq")
            gaps[name] = parse_gap(name, entry.read_text(encoding="utf-8"))
    return gaps


def list_gaps() -> list[GapQuery]:
    """All saved gap queries, sorted by name."""
    return list(_load().values())


def get_gap(name: str) -> GapQuery:
    """The saved query `name`; NotFound (listing the valid names) for any other name."""
    gap = _load().get(name) if _NAME.fullmatch(name) else None
    if gap is None:
        raise NotFound(f"there is no saved query {name[:100]!r}; available: " + ", ".join(_load()))
    return gap
