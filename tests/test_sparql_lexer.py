"""The tokenizer that classifies queries before they reach pyoxigraph (search_api.sparql.lexer).

The SERVICE cases that are refused even though a SPARQL 1.1 lexer would not see a keyword
(`SERVICE:x`, `SERVICEx:y`, `1SERVICE`) were checked against pyoxigraph 0.5.13: its parser
reads them as SERVICE clauses and tries to fetch the remote endpoint.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from search_api.sparql.lexer import inspect_query, tokenize

REMOTE = "<http://127.0.0.1:9/sparql>"


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * { ?s ?p ?o }", "SELECT"),
        ("select*{?s ?p ?o}", "SELECT"),
        ("ASK{}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("describe <http://example.org/>", "DESCRIBE"),
        ("BASE <http://b/> PREFIX e: <http://e/> PREFIX : <http://x/> SELECT * {}", "SELECT"),
        ("# a comment\nPREFIX e: <http://e/>\n# another\nASK { ?s e:p 1 }", "ASK"),
        ("", None),
        ("{ ?s ?p ?o }", None),
        ("PREFIX e: <http://e/> e:foo", None),
    ],
)
def test_query_form(query: str, form: str | None) -> None:
    info = inspect_query(query)
    assert info.form == form
    assert not info.is_update


@pytest.mark.parametrize(
    ("update", "keyword"),
    [
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
        ("PREFIX e: <http://e/> DELETE WHERE { ?s e:p ?o }", "DELETE"),
        ("delete { ?s ?p ?o } where { ?s ?p ?o }", "DELETE"),
        ("LOAD <http://example.org/data.ttl>", "LOAD"),
        ("CLEAR ALL", "CLEAR"),
        ("DROP GRAPH <http://g>", "DROP"),
        ("CREATE GRAPH <http://g>", "CREATE"),
        ("ADD <http://a> TO <http://b>", "ADD"),
        ("MOVE DEFAULT TO <http://b>", "MOVE"),
        ("COPY <http://a> TO DEFAULT", "COPY"),
        ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("BASE <http://b/>\nclear default", "CLEAR"),
    ],
)
def test_updates_are_recognised(update: str, keyword: str) -> None:
    info = inspect_query(update)
    assert info.is_update
    assert info.update_keyword == keyword
    assert info.form is None


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT * {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ service silent {REMOTE} {{ ?s ?p ?o }} }}",
        f"SELECT * {{ ?s ?p ?o SERVICE{REMOTE}{{}} }}",
        f"SELECT * {{ ?s ?p ?o }}SERVICE{REMOTE}",
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
        f"SELECT * {{ SERVICE #comment\n {REMOTE} {{}} }}",
        f"SELECT * {{ ?s ?p ?o.SERVICE {REMOTE} {{}} }}",
        f'SELECT * {{ ?s ?p "x"SERVICE {REMOTE} {{}} }}',
        f"SELECT * {{ FILTER(true)SERVICE {REMOTE} {{}} }}",
        # pyoxigraph matches keywords without a word boundary:
        "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:sparql { ?s ?p ?o } }",
        "PREFIX x: <http://127.0.0.1:9/> SELECT * { SERVICEx:y { ?s ?p ?o } }",
        "PREFIX : <http://127.0.0.1:9/> SELECT * { ?s ?p 1SERVICE:x { } }",
        "PREFIX : <http://127.0.0.1:9/> SELECT * { ?s ?p trueSERVICE:x { } }",
        # an unterminated string does not hide what follows it
        f'SELECT * {{ ?s ?p "x\nSERVICE {REMOTE} {{}} }}',
    ],
)
def test_service_is_detected(query: str) -> None:
    assert inspect_query(query).uses_service


def _tries_a_service(query: str) -> bool:
    """Run `query` in an in-memory store: True if pyoxigraph tried the SERVICE at port 9 (its
    HTTP client refuses that port before connecting, so nothing goes over the network)."""
    store = ox.Store()
    s, p = ox.NamedNode("http://s"), ox.NamedNode("http://p")
    for o in (ox.NamedNode("http://o"), ox.Literal(True), ox.Literal(1)):
        store.add(ox.Quad(s, p, o))
    try:
        result = store.query(query)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except OSError as exc:
        return "port 9" in str(exc)
    except (SyntaxError, RuntimeError):
        return False
    return False


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT * {{ SERVICE {REMOTE} {{ ?s ?p ?o }} }}",
        "PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:sparql { ?s ?p ?o } }",
        "PREFIX x: <http://127.0.0.1:9/> SELECT * { SERVICEx:y { ?s ?p ?o } }",
        f"SELECT * {{ ?s ?p ?o.SERVICE {REMOTE} {{}} }}",
    ],
)
def test_pyoxigraph_really_runs_these_as_service(query: str) -> None:
    """Why the check is conservative: pyoxigraph reads all of these as SERVICE clauses."""
    assert _tries_a_service(query)
    assert inspect_query(query).uses_service


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE" }',
        "SELECT * { ?s ?p 'customer service desk' }",
        f'SELECT * {{ ?s ?p """multi\nline SERVICE {REMOTE} {{}}""" }}',
        "SELECT * { ?s ?p '''SERVICE''' }",
        "SELECT * { ?s ?p 'it\\'s a SERVICE' }",
        f'SELECT * {{ ?s ?p "escaped \\" SERVICE {REMOTE} {{}} " }}',
        "SELECT * { <http://example.org/SERVICE> ?p ?o }",
        "SELECT ?service { ?service ?p $SERVICE }",
        'SELECT * { ?s ?p "x"@service }',
        f"SELECT * {{ ?s ?p ?o }} # SERVICE {REMOTE} {{}}",
        "PREFIX e: <http://e/> SELECT * { ?s e:service ?o . ?s e:customerService ?x }",
        "PREFIX schema: <https://schema.org/> SELECT * { ?s a schema:Service }",
        'SELECT * { ?s ?p ?o FILTER(CONTAINS(STR(?o), "SERVICE")) }',
    ],
)
def test_service_in_strings_iris_comments_and_names_is_allowed(query: str) -> None:
    assert not inspect_query(query).uses_service
    assert not _tries_a_service(query)  # and pyoxigraph agrees that there is no SERVICE


def test_dataset_clause_and_prefixes() -> None:
    info = inspect_query(
        "PREFIX e: <http://e/> PREFIX rel: <rel/> SELECT * FROM <http://g> FROM NAMED <http://h> {}"
    )
    assert info.has_dataset_clause
    assert info.prefixes == {"e": "http://e/"}  # relative prefix IRIs are not reused
    assert not inspect_query('SELECT * { ?s ?p "FROM" }').has_dataset_clause


def test_tokens_keep_prefixed_names_with_escapes_whole() -> None:
    tokens = tokenize('SELECT * { ?s e:a\\#b ?o . ?s ?p 1.5e3, "x"@en-GB }')
    assert [t.text for t in tokens if t.kind == "word"] == ["SELECT", "e:a\\#b"]
    assert [t.kind for t in tokens if t.text in ("1.5e3", '"x"', "@en-GB")] == [
        "number",
        "string",
        "langtag",
    ]
