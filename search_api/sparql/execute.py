"""Evaluate a Job with pyoxigraph and serialize the result (runs inside a worker process).

Results are read row by row, at most max_results + 1 of them, so an oversized result is refused
without being serialized or sent. Graph results are serialized by pyoxigraph directly. Solutions
are written as SPARQL JSON, read back with pyoxigraph.parse_query_results and serialized by
pyoxigraph in the negotiated format, so every tabular format comes from pyoxigraph's own writers
(tests/test_sparql_execute.py checks the output is byte-identical to pyoxigraph's own).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from search_api.sparql.jobs import (
    EVALUATION,
    MEMORY,
    NOT_ACCEPTABLE,
    STORE,
    SYNTAX,
    TOO_LARGE,
    Job,
    Reply,
)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class StoreCache:
    """Read-only stores by (directory, version); the least recently used is closed past
    `limit`, so an old graph version is released soon after the app switches to a new one."""

    def __init__(self, limit: int = 2) -> None:
        self.limit = limit
        self._stores: dict[tuple[str, str], ox.Store] = {}

    def get(self, path: str, version: str = "") -> ox.Store:
        key = (path, version)
        store = self._stores.pop(key, None)
        if store is None:
            if not Path(path).is_dir():
                raise FileNotFoundError(f"graph store directory {path} does not exist")
            store = ox.Store.read_only(path)
        self._stores[key] = store  # most recent last
        while len(self._stores) > self.limit:
            del self._stores[next(iter(self._stores))]
        return store


def term_json(term: Term) -> dict[str, Any]:
    """A term in the SPARQL 1.1 (1.2 for triple terms and directions) JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language is not None:
        out["xml:lang"] = term.language
        if term.direction is not None:
            out["its:dir"] = str(term.direction)
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _bindings(rows: list[ox.QuerySolution], names: list[str]) -> Iterator[dict[str, Any]]:
    for row in rows:
        binding: dict[str, Any] = {}
        for name in names:
            value = row[name]
            if value is not None:
                binding[name] = term_json(value)
        yield binding


def _dataset(job: Job) -> dict[str, Any]:
    if job.default_graphs is not None or job.named_graphs is not None:
        return {
            "default_graph": [ox.NamedNode(iri) for iri in job.default_graphs or ()],
            "named_graphs": [ox.NamedNode(iri) for iri in job.named_graphs or ()],
        }
    return {"use_default_graph_as_union": job.union_default_graph}


def _solutions(result: ox.QuerySolutions, job: Job) -> Reply:
    if job.select_format is None:
        return Reply(error=NOT_ACCEPTABLE, message="no acceptable format for SELECT results")
    names = [variable.value for variable in result.variables]
    rows = list(islice(result, job.max_results + 1))
    more = len(rows) > job.max_results
    if more and not job.truncate:
        return Reply(error=TOO_LARGE, unit="rows", count=len(rows))
    del rows[job.max_results :]
    document = {"head": {"vars": names}, "results": {"bindings": list(_bindings(rows, names))}}
    parsed = ox.parse_query_results(json.dumps(document), ox.QueryResultsFormat.JSON)
    fmt = getattr(ox.QueryResultsFormat, job.select_format.name)
    body = parsed.serialize(format=fmt)
    return Reply(
        media_type=job.select_format.media_type, body=body or b"", count=len(rows), more=more
    )


def _boolean(result: ox.QueryBoolean, job: Job) -> Reply:
    if job.ask_format is None:
        return Reply(error=NOT_ACCEPTABLE, message="no acceptable format for ASK results")
    body = result.serialize(format=getattr(ox.QueryResultsFormat, job.ask_format.name))
    return Reply(media_type=job.ask_format.media_type, body=body or b"", count=1)


def _triples(result: ox.QueryTriples, job: Job) -> Reply:
    if job.graph_format is None:
        return Reply(error=NOT_ACCEPTABLE, message="no acceptable format for an RDF graph")
    triples = list(islice(result, job.max_results + 1))
    if len(triples) > job.max_results:
        return Reply(error=TOO_LARGE, unit="triples", count=len(triples))
    fmt = getattr(ox.RdfFormat, job.graph_format.name)
    prefixes = dict(job.prefixes) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes)
    return Reply(media_type=job.graph_format.media_type, body=body or b"", count=len(triples))


def _capped(reply: Reply, job: Job) -> Reply:
    if reply.ok and job.max_bytes and len(reply.body) > job.max_bytes:
        return Reply(error=TOO_LARGE, unit="bytes", count=len(reply.body))
    return reply


def _failure(exc: Exception) -> Reply:
    """The Reply for an exception of the engine or a serializer."""
    if isinstance(exc, MemoryError):  # RLIMIT_AS reached, or an engine buffer limit
        return Reply(error=MEMORY, message=str(exc) or "out of memory")
    if isinstance(exc, (ValueError, OSError)) and "does not support" in str(exc):
        # e.g. "JSON-LD does not support RDF 1.2 yet": the format cannot carry this result
        return Reply(error=NOT_ACCEPTABLE, message=str(exc))
    return Reply(error=EVALUATION, message=f"{type(exc).__name__}: {exc}")


def execute(stores: StoreCache, job: Job) -> Reply:
    """Run one job; every failure becomes an error Reply."""
    try:
        store = stores.get(job.store_path, job.version)
    except OSError as exc:
        return Reply(error=STORE, message=str(exc))
    try:
        result = store.query(job.query, base_iri=job.base_iri, **_dataset(job))
    except SyntaxError as exc:
        return Reply(error=SYNTAX, message=str(exc))
    except Exception as exc:
        return _failure(exc)
    try:
        if isinstance(result, ox.QueryBoolean):
            return _boolean(result, job)
        if isinstance(result, ox.QuerySolutions):
            return _capped(_solutions(result, job), job)
        return _capped(_triples(result, job), job)
    except Exception as exc:
        return _failure(exc)
