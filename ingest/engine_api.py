"""What every parsing engine receives and returns.

A template (data, ingest/templates/*.toml) names the engine that reads its documents and the
words that engine looks for; a kommun file (ingest/kommuner/*.toml) describes the kommun's
organisation. Engines are code; everything a kommun or a template decides is in those files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph

from ingest.iris import Iris
from ingest.model import DocumentMeta
from ingest.source import SourceText


@dataclass(frozen=True)
class KommunInfo:
    """One kommun, as its data file describes it."""

    id: str  # slug used in IRIs: "goteborg", "kungsbacka"
    label: str  # "Göteborgs Stad", "Kungsbacka kommun"
    data: Mapping[str, Any] = field(default_factory=dict)  # the file's whole content


@dataclass(frozen=True)
class TemplateInfo:
    """One document template, as its data file describes it."""

    id: str  # "kungsbacka-arsredovisning"
    engine: str  # "omradesplan" | "malstyrning" | "nyhet"
    data: Mapping[str, Any] = field(default_factory=dict)  # the file's whole content


@dataclass
class EngineResult:
    """The document's named graph and what could not be read (shown in the ingest report)."""

    graph: Graph
    warnings: list[str] = field(default_factory=list)


# An engine: (source, meta, template, kommun, iris) -> the document's graph and warnings.
Engine = Callable[[SourceText, DocumentMeta, TemplateInfo, KommunInfo, Iris], EngineResult]
