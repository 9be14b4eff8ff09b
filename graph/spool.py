"""Serialised named graphs kept on disk until the new version is written.

Ingest holds every document's N-Triples until the last document has validated (nothing is
written before). In memory that is ~250 bytes per triple: 1.4 GB for a corpus of 5 M triples,
more than the documents' graphs ever held at once. The spool is a directory beside the
versions (`versions/.tmp-spool-*`, so the next ingest removes what a killed one left) with
one file per graph; reading a graph back reads its file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from types import TracebackType


class Spool(MutableMapping[str, bytes]):
    """Graph IRI -> N-Triples, stored in files under `versions`."""

    def __init__(self, versions: Path) -> None:
        versions.mkdir(parents=True, exist_ok=True)
        self._dir = Path(tempfile.mkdtemp(dir=versions, prefix=".tmp-spool-"))
        self._files: dict[str, Path] = {}
        self._made = 0  # files made so far: names never repeat, even after a deletion

    def __setitem__(self, iri: str, data: bytes) -> None:
        path = self._files.get(iri)
        if path is None:
            path, self._made = self._dir / f"{self._made}.nt", self._made + 1
        path.write_bytes(data)
        self._files[iri] = path

    def __getitem__(self, iri: str) -> bytes:
        return self._files[iri].read_bytes()

    def __delitem__(self, iri: str) -> None:
        self._files.pop(iri).unlink()

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
