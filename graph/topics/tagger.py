"""The topic tagger: lexical evidence from an item's own text plus dense similarity between the
item's passages and each topic's description, combined by three rules (TopicParams).

* the item's name names the topic (a label in its label)             -> linked, if similar enough
* a sentence of its text names the topic                             -> linked, if similar enough
* no label, but a passage is very close to the topic's description   -> linked

The similarity gate is what keeps a word used in passing ("ekonomiska och sociala trygghet",
"arbetsmiljö" containing "miljö") from linking; the dense-only rule finds items that say it in
other words. Thresholds were tuned on bench/topic_judgements.json (bench/eval_topics.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.embedders import Embedder, Vectors
from graph.topics.items import Item, mask, masker
from graph.topics.matching import LabelMatcher, LexicalEvidence
from graph.topics.scheme import Concept
from graph.vector_cache import Progress, VectorCache, embed_passages

CHUNK_WORDS = 60  # passages of about this many words: long goals list several topics


@dataclass(frozen=True)
class TopicParams:
    label_min: float = 0.83  # similarity needed when the item's name names the topic
    lexical_min: float = 0.85  # ... when a sentence of its text does
    narrower_min: float = 0.86  # ... when only labels of narrower topics occur
    dense_min: float = 0.88  # ... when no label occurs at all
    top_min: float = 0.87  # ... when no label occurs but the topic is the item's closest
    lexical: bool = True  # the evaluation switches the sides off to compare
    dense: bool = True


@dataclass(frozen=True)
class Tag:
    item: str  # IRI
    concept: str  # id
    labels: tuple[str, ...]
    segments: int
    in_label: bool
    similarity: float
    rule: str  # Swedish, shown on the pages


def chunks(item: Item, masked_segments: Sequence[str]) -> list[str]:
    """The item's label, then its body in passages of about CHUNK_WORDS words."""
    out = [item.label] if item.label else []
    current: list[str] = []
    for segment in masked_segments:
        if current and len(" ".join([*current, segment]).split()) > CHUNK_WORDS:
            out.append(" ".join(current))
            current = []
        current.append(segment)
    if current:
        out.append(" ".join(current))
    return out


@dataclass
class ItemFeatures:
    item: Item
    lexical: dict[str, LexicalEvidence]
    similarity: dict[str, float]

    @property
    def closest(self) -> str | None:
        """The topic whose description is most similar to the item (short indicators name
        what they measure in few words and rarely use a label)."""
        return max(self.similarity, key=lambda c: (self.similarity[c], c), default=None)


def features(
    items: Sequence[Item],
    concepts: Sequence[Concept],
    org_names: Sequence[str],
    embedder: Embedder | None,
    cache: VectorCache | None,
    progress: Progress = lambda _: None,
) -> list[ItemFeatures]:
    """Lexical evidence and best-passage similarity of every item to every concept."""
    orgs = masker(list(org_names))
    labels = [mask(i.label, orgs) for i in items]
    bodies = [[mask(s, orgs) for s in i.segments()] for i in items]
    matcher = LabelMatcher(concepts, [t for i in items for t in [i.label, *i.body]])
    lexical = [matcher.match(label, body) for label, body in zip(labels, bodies, strict=True)]
    sims: list[dict[str, float]] = [{} for _ in items]
    if embedder is not None and items:
        passages = [chunks(i, body) for i, body in zip(items, bodies, strict=True)]
        flat = [p for ps in passages for p in ps]
        progress(f"topics: {len(items)} items ({len(flat)} passages), {len(concepts)} topics")
        vectors, _ = embed_passages(embedder, flat, cache, progress, prune=False)
        topics: Vectors = embedder.embed_queries([c.description for c in concepts])
        scores = vectors @ topics.T
        start = 0
        for row, ps in enumerate(passages):
            if ps:
                best = scores[start : start + len(ps)].max(axis=0)
                sims[row] = {c.id: float(best[j]) for j, c in enumerate(concepts)}
            start += len(ps)
    return [ItemFeatures(i, lex, sim) for i, lex, sim in zip(items, lexical, sims, strict=True)]


def decide(feature: ItemFeatures, concept: str, params: TopicParams) -> str | None:
    """The rule that links the item to the topic, or None."""
    evidence = feature.lexical.get(concept) if params.lexical else None
    similarity = feature.similarity.get(concept, 0.0) if params.dense else None
    close = similarity is None or similarity >= params.label_min
    if evidence is not None and evidence.in_label and close:
        return "ämnet nämns i namnet"
    threshold = params.lexical_min if evidence is not None and evidence.own else params.narrower_min
    close = similarity is None or similarity >= threshold
    if evidence is not None and evidence.segments and close:
        return "ämnet nämns i texten och texten liknar ämnesbeskrivningen"
    if similarity is not None and similarity >= params.dense_min:
        return "texten liknar ämnesbeskrivningen"
    if similarity is not None and similarity >= params.top_min and feature.closest == concept:
        return "texten liknar mest just detta ämne"
    return None


def tags_of(
    found: Sequence[ItemFeatures], concepts: Sequence[Concept], params: TopicParams
) -> list[Tag]:
    tags = []
    for feature in found:
        for concept in concepts:
            rule = decide(feature, concept.id, params)
            if rule is None:
                continue
            evidence = feature.lexical.get(concept.id) or LexicalEvidence()
            tags.append(
                Tag(
                    item=feature.item.iri,
                    concept=concept.id,
                    labels=tuple(sorted(evidence.labels)),
                    segments=evidence.segments,
                    in_label=evidence.in_label,
                    similarity=round(feature.similarity.get(concept.id, 0.0), 4),
                    rule=rule,
                )
            )
    return tags


def cache_for(directory: Path | None, embedder: Embedder) -> VectorCache | None:
    return VectorCache(directory, embedder.name, "topics") if directory is not None else None
