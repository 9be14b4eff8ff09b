"""The parsing engines, by the name a template gives in `engine = "..."`.

An engine is code that reads one family of documents; the template (data) gives it the words
and patterns of one kommun's variant. Adding a kommun or a template never needs code; adding a
new family of documents adds an engine here.

    omradesplan   Göteborg-style verksamhetsplan: goal areas with "mål", "uppdrag" and
                  "program och planer" sub-sections (ingest/plan.py)
    nyhet         a news item that mentions goals, areas and programmes (ingest/news.py)
    malstyrning   Kungsbacka-style budgets and follow-ups: goals, fokusområden, direktiv and
                  indicator tables (ingest/malstyrning/)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ingest.engine_api import Engine, EngineResult, KommunInfo, TemplateInfo
from ingest.errors import DocumentError
from ingest.iris import Iris
from ingest.model import DocumentMeta
from ingest.news import KnownEntity, NewsWords, news_words, parse_news
from ingest.organisations import KommunRules, OrganisationIndex
from ingest.plan import parse_plan
from ingest.planwords import plan_words, words_of
from ingest.rdf import news_graph, plan_graph
from ingest.source import SourceText


def omradesplan(
    source: SourceText, meta: DocumentMeta, template: TemplateInfo, kommun: KommunInfo, iris: Iris
) -> EngineResult:
    plan = parse_plan(source, meta, words_of(template), KommunRules(kommun))
    return EngineResult(plan_graph(iris, plan, template, kommun))


def nyhet(
    source: SourceText,
    meta: DocumentMeta,
    template: TemplateInfo,
    kommun: KommunInfo,
    iris: Iris,
    known: Sequence[KnownEntity] = (),
) -> EngineResult:
    """A news item; `known` are the entities (of the same batch or already stored) it may
    mention."""
    rules = KommunRules(kommun)
    issuer = OrganisationIndex(meta.issuer, rules, None).issuer if meta.issuer else None
    words = NewsWords.of(template, kommun)
    own = [e for e in known if e.kommun in (None, kommun.id)]
    news = parse_news(source, meta, own, issuer, words)
    return EngineResult(news_graph(iris, news, template, kommun))


def malstyrning(
    source: SourceText, meta: DocumentMeta, template: TemplateInfo, kommun: KommunInfo, iris: Iris
) -> EngineResult:
    """Kungsbacka-style documents: ingest/malstyrning, imported when first needed."""
    try:
        module = importlib.import_module("ingest.malstyrning")
    except ModuleNotFoundError as exc:
        if exc.name not in ("ingest.malstyrning", "ingest"):
            raise
        module = None
    parse = getattr(module, "parse", None)
    if parse is None:
        raise DocumentError(
            source.path,
            f"is a {meta.kind} (template {template.id}) read by the 'malstyrning' engine, "
            "which this installation does not have yet; expected ingest/malstyrning to "
            "export parse()",
        )
    result: EngineResult = parse(source, meta, template, kommun, iris)
    return result


# An engine that links to what other documents define (`known`, the last argument); it runs
# after the others.
LinkingEngine = Callable[
    [SourceText, DocumentMeta, TemplateInfo, KommunInfo, Iris, Sequence[KnownEntity]], EngineResult
]


ENGINES: dict[str, Engine] = {
    "omradesplan": omradesplan,
    "nyhet": nyhet,
    "malstyrning": malstyrning,
}
LINKING: dict[str, LinkingEngine] = {"nyhet": nyhet}


def _no_check(words: Mapping[str, Any]) -> None:
    """Engines without a word schema of their own check their words when they run."""


# Each engine's check of a template's [words], run when the template file is loaded, so a bad
# template is refused before any document is read (ValueError names the key).
WORD_CHECKS: dict[str, Callable[[Mapping[str, Any]], object]] = {
    "omradesplan": plan_words,
    "nyhet": news_words,
    "malstyrning": _no_check,
}


def check_words(engine: str, words: Mapping[str, Any]) -> None:
    WORD_CHECKS.get(engine, _no_check)(words)
