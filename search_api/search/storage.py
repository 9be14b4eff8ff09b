"""The index directory of a graph version: atomic save, load, and "the index for this core"
(kept in the core's `search_indexes`, not in this module).

    versions/<graph version>/index/
      manifest.json      graph version, embedder, dims, chunking and index parameters
      docs.json          SearchDocs and chunks
      vectors.faiss      faiss index of the chunk vectors
      bm25/ vocabulary.json   BM25 arrays (bm25s) and the analyser's vocabulary

A build writes everything into a temporary sibling directory and renames it into place, so a
crash leaves either no index or a whole one, and a reader never sees a mix. A reader loads
the whole index into memory, so a later replacement cannot pull files from under it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search_api.search.chunking import ChunkParams
from search_api.search.dense import DenseParams, VectorIndex
from search_api.search.documents import SearchDoc, load_documents
from search_api.search.embedders import Embedder, EmbedOptions, get_embedder
from search_api.search.index import Chunk, IndexParams, SearchIndex
from search_api.search.lexical import LexicalIndex
from search_api.search.vector_cache import Progress, VectorCache

if TYPE_CHECKING:
    from search_api.core import Styrgraf

# Bump when the analysis or layout changes: older indexes are then rebuilt (3: each
# document's kommuner, for the kommun filter; a format-2 index still loads, without them).
FORMAT = 3
MANIFEST, DOCS = "manifest.json", "docs.json"
STALE_TEMP_SECONDS = 3600


def save(index: SearchIndex, path: Path) -> None:
    """Write `index` to `path` atomically, replacing an index already there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in path.parent.glob(".index-*"):  # from crashed builds, not running ones
        if time.time() - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
            shutil.rmtree(leftover, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=".index-tmp-"))
    try:
        index.vectors.save(tmp)
        index.lexical.save(tmp)
        docs = {
            "docs": [d.to_json() for d in index.docs],
            "chunks": [[c.doc, c.text] for c in index.chunks],
        }
        (tmp / DOCS).write_text(json.dumps(docs, ensure_ascii=False), "utf-8")
        manifest = {"format": FORMAT, **index.manifest}
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
        if path.exists():  # move the old one aside first: rename cannot replace a directory
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=".index-old-"))
            os.rename(path, old / "index")
            shutil.rmtree(old, ignore_errors=True)
        os.rename(tmp, path)
    except OSError:
        if not (path / MANIFEST).exists():
            raise
    finally:  # lost a race with another builder, whose complete index now stands: keep it
        shutil.rmtree(tmp, ignore_errors=True)


def read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads((path / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data


def load(
    path: Path, embedder: Embedder | None = None, topics_dir: Path | None = None
) -> SearchIndex:
    manifest = read_manifest(path)
    if manifest is None:
        raise FileNotFoundError(f"no search index in {path}")
    embedder = embedder or get_embedder(manifest["embedder"])
    data = json.loads((path / DOCS).read_text("utf-8"))
    docs = [SearchDoc.from_json(d) for d in data["docs"]]
    chunks = [Chunk(number, text) for number, text in data["chunks"]]
    vectors = VectorIndex.load(path, DenseParams(**manifest["dense"]))
    manifest = {k: v for k, v in manifest.items() if k != "format"}
    lexical = LexicalIndex.load(path, topics_dir)
    index = SearchIndex(docs, chunks, lexical, vectors, embedder, manifest)
    index.from_disk = True
    return index


def is_current(
    manifest: dict[str, Any] | None, graph_version: str, embedder: str, params: IndexParams
) -> bool:
    """Whether an index on disk was built from this graph version, embedder and parameters."""
    return (
        manifest is not None
        and manifest.get("format") == FORMAT
        and all(
            manifest.get(key) == value
            for key, value in {
                "graph_version": graph_version,
                "embedder": embedder,
                **params.to_json(),
            }.items()
        )
    )


def index_for(
    core: Styrgraf,
    embedder: str | None = None,
    params: IndexParams | None = None,
    progress: Progress = lambda _: None,
    rebuild: bool = False,
    cache_dir: Path | None = None,
) -> SearchIndex:
    """The index of the core's current graph version: from memory, from disk, or built now
    (when missing, or built from another version, embedder or parameters). Passage vectors
    are cached in `cache_dir` (default <data_dir>/embedding-cache), each named graph's facts
    in <data_dir>/search-facts (documents.py), so a build after one new plan reads one plan."""
    name = embedder or core.settings.embedder
    # exact search below the configured size, approximate (HNSW) above it
    params = params or IndexParams(
        dense=DenseParams(approximate_from=core.settings.dense_exact_below)
    )
    options = EmbedOptions.of(core.settings)
    version, topics = core.version, core.settings.topics_dir
    with core.search_lock:  # one build at a time per core; searches wait for the index they need
        cached = core.search_indexes.get(name)
        if (
            cached is not None
            and not rebuild
            and is_current({"format": FORMAT, **cached.manifest}, version.id, name, params)
        ):
            return cached
        manifest = read_manifest(version.index_path)
        index = None
        if not rebuild and is_current(manifest, version.id, name, params):
            try:
                index = load(version.index_path, get_embedder(name, options), topics)
            except (OSError, ValueError, KeyError):  # damaged: build a fresh one
                index = None
        if index is None:
            progress(f"building the search index for graph version {version.id}")
            docs = load_documents(core)
            cache = VectorCache(cache_dir or core.settings.data_dir / "embedding-cache", name)
            model = get_embedder(name, options)
            index = SearchIndex.build(docs, model, version.id, params, cache, progress, topics)
            save(index, version.index_path)
        core.search_indexes[name] = index  # replaces the index of an older version
        return index


def forget_loaded(core: Styrgraf) -> None:
    """Drop the indexes `core` holds in memory (the next use reads the disk)."""
    with core.search_lock:
        core.search_indexes.clear()


__all__ = ["ChunkParams", "forget_loaded", "index_for", "is_current", "load", "save"]
