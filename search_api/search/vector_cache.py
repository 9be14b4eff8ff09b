"""The passage-vector cache, shared with graph building (the topic tagger): it lives in
graph/vector_cache.py; re-exported here for the search modules."""

from graph.vector_cache import Progress, VectorCache, embed_passages, text_key

__all__ = ["Progress", "VectorCache", "embed_passages", "text_key"]
