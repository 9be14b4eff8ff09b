"""The styrgraf exception tree (defined at the bottom layer so every layer can raise it).

    StyrgrafError                 base of everything styrgraf raises on purpose
    ├── InputError                the user gave something wrong: a file, a query, a parameter
    │   ├── DocumentError         a document cannot be read or is not what was expected
    │   └── QueryError            a SPARQL query is malformed or not allowed
    │       └── QueryLimitExceeded  a query stopped at the time, row, byte or memory limit
    ├── ValidationFailed          the graph breaks SHACL constraints (graph/errors.py)
    ├── NotFound                  no such entity, document, topic or saved query
    │   └── NoGraph               nothing ingested yet
    └── StoreError                the store on disk cannot be opened or written

search_api/errors.py maps these to CLI exit codes and HTTP problems, in one place.
"""

from __future__ import annotations

from pathlib import Path


class StyrgrafError(Exception):
    """Base of every error styrgraf raises on purpose; its message is meant for users."""


class InputError(StyrgrafError):
    """Something the user supplied is wrong; the message says what and what was expected."""


class DocumentError(InputError):
    """A document cannot be ingested: unreadable, empty, binary, wrong encoding, not a plan."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class QueryError(InputError):
    """A SPARQL query that is malformed, too large or not allowed (updates, SERVICE)."""


class QueryLimitExceeded(QueryError):
    """A user's query stopped at a limit of every entry point: its run time, its rows or
    triples, its serialized bytes or its worker's memory (the CLI and the Python API; over
    HTTP the same limits answer 503 or 422). `setting` names the limit's setting, e.g.
    STYRGRAF_SPARQL_TIMEOUT."""

    def __init__(self, message: str, setting: str) -> None:
        super().__init__(message)
        self.setting = setting


class NotFound(StyrgrafError):
    """The thing asked for does not exist (unknown entity id, document, topic, saved query)."""


class NoGraph(NotFound):
    """Nothing has been ingested yet (locally or in the external store)."""


class StoreError(StyrgrafError):
    """The on-disk store cannot be opened or written."""
