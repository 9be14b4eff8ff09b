"""The versioned on-disk store: immutable pyoxigraph directories and an atomic CURRENT pointer.

    <data_dir>/
      CURRENT.json             {"version": ...}: replaced atomically (os.replace) on ingest
      versions/<version>/      one immutable graph version
        oxigraph/              pyoxigraph store (RocksDB); opened read-only by every reader
        meta.json              counts, documents, validation warnings, creation time
        index/                 the search index built from this version (search_api)

An ingest writes a complete new version into a temporary directory, renames it into place and
only then swaps CURRENT, so readers see either the old or the new graph, never a mix, and a
crash (even SIGKILL) at any point leaves the previous version serving. The version id is a hash
of the sorted N-Quads, so re-ingesting the same input gives the same version.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ingest.errors import NoGraph, StoreError

CURRENT = "CURRENT.json"
VERSIONS = "versions"


@dataclass(frozen=True)
class Version:
    """One stored graph version."""

    id: str
    path: Path  # versions/<id>

    @property
    def store_path(self) -> Path:
        return self.path / "oxigraph"

    @property
    def index_path(self) -> Path:
        return self.path / "index"

    def meta(self) -> dict[str, Any]:
        meta_file = self.path / "meta.json"
        return json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}


def graph_hash(ntriples: bytes) -> str:
    """Order-independent hash of one named graph's N-Triples."""
    lines = sorted(line for line in ntriples.split(b"\n") if line.strip())
    return hashlib.sha256(b"\n".join(lines)).hexdigest()[:16]


def version_id(graph_hashes: dict[str, str]) -> str:
    """A version is identified by the hashes of its named graphs."""
    text = "\n".join(f"{g} {h}" for g, h in sorted(graph_hashes.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def current_version(data_dir: Path) -> Version:
    """The version CURRENT points at; NoGraph before the first ingest."""
    pointer = data_dir / CURRENT
    try:
        version = json.loads(pointer.read_text(encoding="utf-8"))["version"]
    except FileNotFoundError:
        raise NoGraph(f"no graph in {data_dir} yet; run `styrgraf ingest` first") from None
    except (ValueError, KeyError) as exc:
        raise StoreError(f"{pointer} is damaged ({exc}); run `styrgraf ingest` again") from None
    found = Version(id=str(version), path=data_dir / VERSIONS / str(version))
    if not found.store_path.is_dir():
        raise StoreError(f"{pointer} names version {version}, which is missing; run ingest again")
    return found


def write_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never a part;
    `durable` also waits for the disk (a cache that can be rebuilt need not). The temporary
    file goes when writing fails."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_version(
    data_dir: Path,
    graphs: Mapping[str, bytes],
    meta: dict[str, Any],
    base: Version | None = None,
    drop: frozenset[str] = frozenset(),
    keep: int = 3,
    version: str | None = None,
    files: dict[str, bytes] | None = None,
) -> Version:
    """Make a new version from `base` (or nothing) minus the named graphs in `drop`, with
    `graphs` (graph IRI -> N-Triples) added or replaced; make it current and return it.

    The base is copied with Oxigraph's backup (hard links to immutable files, so adding one
    document to a large store does not rewrite it) and only the changed graphs are written,
    with the bulk loader (`Store.load` leaves a store ~6x larger). `files` (name -> bytes) are
    written beside meta.json (the shared-graph sidecar, graph/shared.py).
    """
    hashes: dict[str, str] = dict(base.meta().get("graphs", {})) if base else {}
    for gone in drop | set(graphs):
        hashes.pop(gone, None)
    hashes.update({iri: graph_hash(data) for iri, data in graphs.items()})
    vid = version or version_id(hashes)  # an external store names its versions itself
    versions = data_dir / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    target = Version(id=vid, path=versions / vid)
    if not target.store_path.is_dir():
        tmp = Path(tempfile.mkdtemp(dir=versions, prefix=".tmp-"))
        try:
            if base is not None:
                ox.Store.read_only(str(base.store_path)).backup(str(tmp / "oxigraph"))
            store = ox.Store(str(tmp / "oxigraph"))
            for iri in drop | set(graphs):
                node = ox.NamedNode(iri)
                if store.contains_named_graph(node):
                    store.remove_graph(node)
            for iri, data in graphs.items():
                store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
            store.flush()
            meta = {**meta, "version": vid, "graphs": hashes, "base": base.id if base else None}
            del store  # closes RocksDB before the directory is renamed
            for name, content in (files or {}).items():
                (tmp / name).write_bytes(content)
            write_atomic(
                tmp / "meta.json", json.dumps(meta, indent=2, ensure_ascii=False, default=str)
            )
            if target.path.exists():
                shutil.rmtree(target.path)  # a half-written leftover without its store
            os.rename(tmp, target.path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    write_atomic(data_dir / CURRENT, json.dumps({"version": vid}))
    prune(data_dir, keep)
    return target


def prune(data_dir: Path, keep: int) -> None:
    """Remove temporary leftovers of killed ingests and all but the newest `keep` versions."""
    versions = data_dir / VERSIONS
    current = json.loads((data_dir / CURRENT).read_text(encoding="utf-8"))["version"]
    for leftover in versions.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    done = sorted(
        (p for p in versions.iterdir() if p.is_dir() and p.name != current),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in done[max(0, keep - 1) :]:
        shutil.rmtree(old, ignore_errors=True)


class GraphStore:
    """Read access to the current version; follows CURRENT when an ingest swaps it."""

    def __init__(
        self, data_dir: Path, refresh: Callable[[], object] | None = None, every: float = 5.0
    ) -> None:
        self.data_dir = data_dir
        self._lock = threading.Lock()
        self._open: tuple[Version, ox.Store] | None = None
        self._refresh, self._every, self._checked = refresh, every, float("-inf")

    def current(self) -> tuple[Version, ox.Store]:
        """The current version and an open read-only store for it (cached per version).
        With an external store, the local copy is refreshed first, at most every `every` s."""
        if self._refresh is not None and time.monotonic() - self._checked >= self._every:
            self._checked = time.monotonic()
            self._refresh()
        version = current_version(self.data_dir)
        with self._lock:
            if self._open is None or self._open[0] != version:
                try:
                    self._open = (version, ox.Store.read_only(str(version.store_path)))
                except OSError as exc:
                    raise StoreError(f"cannot open {version.store_path}: {exc}") from None
            return self._open

    @property
    def version(self) -> Version:
        return self.current()[0]

    @property
    def store(self) -> ox.Store:
        return self.current()[1]

    def query(self, sparql: str) -> Any:
        """Run a SPARQL query over the union of all documents' graphs."""
        return self.store.query(sparql, use_default_graph_as_union=True)

    def dump(self) -> bytes:
        """All quads as N-Quads."""
        data = self.store.dump(format=ox.RdfFormat.N_QUADS)
        assert isinstance(data, bytes)
        return data
