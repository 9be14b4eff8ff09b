"""The one SPARQL policy of every entry point (HTTP endpoint, web editor, CLI, Python API).

Checked on the text, before the engine parses anything:

- length: at most `max_chars` characters (413 over HTTP);
- nesting: at most `max_depth` levels of brackets and unary operators (400). pyoxigraph's
  parser is recursive; a few thousand nested `{`, `(` or `!` overflow its stack and kill the
  process, so the depth must be known before parsing;
- read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused (403);
- no SERVICE: the engine would fetch another host's URL (403).

Evaluation always uses the configured base IRI (never a request's Host header), given by the
caller. The messages are English, like every problem title and detail of the API.
"""

from __future__ import annotations

from ingest.errors import QueryError
from search_api.errors import Problem
from search_api.sparql.lexer import QueryInfo, inspect_query, tokenize

_OPEN = frozenset("({[")
_CLOSE = frozenset(")}]")
_UNARY = frozenset("!-+^")  # prefix operators nest like brackets in the parser


class QueryRefused(Problem, QueryError):
    """A query the policy refuses: a problem over HTTP (its code gives status and title), a
    query error (exit 2) in the CLI and the Python API."""


def nesting_depth(query: str) -> int:
    """The deepest nesting of brackets plus runs of unary operators (strings, IRIs and
    comments are whole tokens of the lexer, so their characters do not count)."""
    depth = deepest = run = 0
    for token in tokenize(query):
        text = token.text
        if token.kind == "other" and text in _UNARY:
            run += 1
            deepest = max(deepest, depth + run)
            continue
        run = 0
        if token.kind != "other":
            continue
        if text in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif text in _CLOSE:
            depth = max(depth - 1, 0)
    return deepest


def check_query(query: str, *, max_chars: int, max_depth: int) -> QueryInfo:
    """What the query is, or QueryRefused when the policy does not let it run."""
    if not query.strip():
        raise QueryRefused("empty-query", "the query is empty")
    if len(query) > max_chars:
        raise QueryRefused(
            "query-too-long", f"the query has {len(query)} characters, at most {max_chars}"
        )
    depth = nesting_depth(query)
    if depth > max_depth:
        raise QueryRefused(
            "query-too-deep",
            f"the query nests brackets or operators {depth} levels deep; at most {max_depth} "
            "are accepted",
        )
    info = inspect_query(query)
    if info.is_update:
        raise QueryRefused(
            "updates-not-allowed",
            f"the graph is read-only: {info.update_keyword} and every other SPARQL Update "
            "operation is refused",
        )
    if info.uses_service:
        raise QueryRefused(
            "service-not-allowed",
            "federated queries (SERVICE) are refused: styrgraf never fetches other hosts. (A "
            "word containing 'service' outside strings, IRIs and variables, such as a prefix "
            "named service:, is refused for the same reason.)",
        )
    return info
