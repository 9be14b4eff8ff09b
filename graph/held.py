"""The documents of a batch waiting on disk while the batch is parsed (graph/batch.py).

A batch recognises every document before it parses any, and holds back every graph with rows
whose years were guessed until the others are parsed (graph/years.py). Kept in memory, that is
the text of every document and the graph of every årsredovisning of the corpus; here each
decoded source waits in a file between its recognition and its parsing, and each held graph
in another, with only what aligning reads of it (`years.Flagged`: the rows' values, years,
lines and indicators) in memory. Memory then holds about one document, not the corpus.

Both are pickled: a graph comes back as it was (prefixes and all) in half the time of
N-Triples (rdflib's N-Triples parser is the slow part), and a source as decoded, not read
again from its file: a PDF is not laid out twice, and the text parsed is the text recognised
even if the file changes meanwhile. Only this process reads or writes the files, which live in
a temporary directory (graph/spool.py) that `close` removes; the directory of a process that
was killed is removed by the next ingest when it is under the store's versions directory.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

from rdflib import Graph

from graph import years
from graph.spool import Spool
from ingest.source import SourceText


class Waiting:
    """Sources by their place in the batch, held graphs by document id."""

    def __init__(self, directory: Path | None = None) -> None:
        self._files = Spool(directory or Path(tempfile.gettempdir()))
        self.held: dict[str, years.Flagged] = {}  # in the order the graphs were held

    def put_source(self, index: int, source: SourceText) -> None:
        self._files[f"source {index}"] = pickle.dumps(source, pickle.HIGHEST_PROTOCOL)

    def take_source(self, index: int) -> SourceText:
        """The source (once: its file is removed)."""
        return cast(SourceText, pickle.loads(self._files.pop(f"source {index}")))

    def hold(self, document: str, graph: Graph) -> None:
        self.held[document] = years.flagged(graph)
        self._files[f"graph {document}"] = pickle.dumps(graph, pickle.HIGHEST_PROTOCOL)

    def release(self, moves: Sequence[years.Move]) -> Iterator[tuple[str, Graph]]:
        """Each held graph read back, with the moves of its rows made (`years.plan`)."""
        for document in list(self.held):
            graph = cast(Graph, pickle.loads(self._files.pop(f"graph {document}")))
            years.apply(graph, (m for m in moves if m.key == document))
            del self.held[document]
            yield document, graph

    def close(self) -> None:
        self._files.close()
