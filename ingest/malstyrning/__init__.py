"""The "malstyrning" engine: Kungsbacka-style budgets and follow-ups (goals, fokusområden,
nämndmål, direktiv, indicator tables, assessments), read with the words of a template.

Steps: pages.clean (page numbers, running headers, escapes) -> outline.outline (numbered
sections) -> items.read (goals, direktiv, assessments) -> placement.place (indicator tables to
their goal) -> measures.read (verksamhetsmått, no goal) -> rdf_indicators.to_graph.
"""

from __future__ import annotations

from ingest.engine_api import EngineResult, KommunInfo, TemplateInfo
from ingest.errors import DocumentError
from ingest.iris import Iris
from ingest.malstyrning import items, measures, placement
from ingest.malstyrning.model import Parsed
from ingest.malstyrning.outline import outline, stop_words
from ingest.malstyrning.pages import clean
from ingest.malstyrning.rdf_indicators import to_graph
from ingest.malstyrning.words import checked
from ingest.model import DocumentMeta
from ingest.source import SourceText


def read(source: SourceText, template: TemplateInfo) -> Parsed:
    """The parse result (no RDF), for tests and the bench."""
    words = checked(template, source.path)
    stops = stop_words(words)
    sections = outline(clean(source.text), words)
    parsed = items.read(sections, words, stops)
    placement.place(sections, parsed, words, stops)
    if words.get("measure_chapters"):
        parsed.measures = measures.read(sections, words, stops, parsed.warnings)
    if not parsed.goals and not parsed.directives:
        raise DocumentError(
            source.path,
            f"has no goal or direktiv the template {template.id} can read; expected numbered "
            f"sections followed by '{words['decided_by']}' and a level",
        )
    skipped = [s for s in sections if s.chapter == "skip" and s.depth == 1]
    for s in skipped:
        parsed.warnings.append(
            f"kapitel {s.number} '{s.title}' lästes inte (mallen hoppar över det)"
        )
    for row in parsed.indicator_rows():
        if row.warning:
            parsed.warnings.append(
                f"rad {row.line.no} (avsnitt {row.section}) '{row.name[:60]}': {row.warning}"
            )
    return parsed


def parse(
    source: SourceText,
    meta: DocumentMeta,
    template: TemplateInfo,
    kommun: KommunInfo,
    iris: Iris,
) -> EngineResult:
    parsed = read(source, template)
    own = [g.number for g in parsed.goals if g.level != "kf"]
    own += [d.number for d in parsed.directives if d.level != "kf"]
    if own and not meta.issuer:
        raise DocumentError(
            source.path,
            f"has the nämnd's own goals or direktiv ({', '.join(own[:3])}) but names no nämnd; "
            "expected the issuing nämnd in the document's head (or in the manifest)",
        )
    graph = to_graph(parsed, iris, meta, template, kommun)
    return EngineResult(graph=graph, warnings=list(parsed.warnings))


__all__ = ["parse", "read"]
