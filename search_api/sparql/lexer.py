"""A small SPARQL tokenizer that tells what a request is before it reaches the query engine.

It answers four questions about the text: the query form (SELECT, ASK, CONSTRUCT, DESCRIBE),
whether it is an update (INSERT, DELETE, LOAD, CLEAR, ...), whether it uses SERVICE (which would
make the engine fetch another host), and whether it names its own dataset with FROM / FROM NAMED.

Strings, IRIs, comments, variables and language tags are skipped as whole tokens, so a literal
such as "SERVICE" or an IRI such as <http://example.org/service> is never mistaken for the keyword.
The SERVICE check is deliberately conservative where pyoxigraph's PEG parser is lenient: it
matches keywords without a word boundary (`SERVICE:x` and `SERVICEx:y` both run SERVICE), so any
bare word, or any prefix part of a prefixed name, that contains "service" is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_VAR_CHARS = _PN_CHARS_U + r"0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_CHARS = _VAR_CHARS + r"\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

# Order matters: the first alternative that matches at a position wins.
_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>
        \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
      | '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
      | "(?:[^"\\\n\r]|\\[^\n\r])*"
      | '(?:[^'\\\n\r]|\\[^\n\r])*'
    )
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
  | (?P<var>[?$][{_VAR_CHARS}]+)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[{_PN_CHARS_U}:](?:[{_PN_CHARS}.:]|{_PLX})*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, langtag, number, word, other
    text: str


@dataclass(frozen=True)
class QueryInfo:
    """What the tokenizer found in a request's text."""

    form: str | None  # SELECT / ASK / CONSTRUCT / DESCRIBE, or None if not a recognisable query
    is_update: bool  # the first operation is an update (INSERT, DELETE, LOAD, CLEAR, ...)
    update_keyword: str | None
    uses_service: bool  # a SERVICE clause (or something the engine might read as one)
    has_dataset_clause: bool  # FROM / FROM NAMED in the query itself
    prefixes: dict[str, str] = field(default_factory=dict)  # PREFIX declarations (absolute IRIs)


def tokenize(text: str) -> list[Token]:
    """Significant tokens (whitespace and comments dropped). Never fails: unknown characters,
    unterminated strings included, come out one character at a time as `other` tokens."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = match.group()
        if kind == "word" and value.endswith("."):
            # a prefixed name never ends with '.', the dot is the triple terminator
            stripped = value.rstrip(".")
            tokens.append(Token("word", stripped))
            tokens.extend(Token("other", ".") for _ in range(len(value) - len(stripped)))
            continue
        tokens.append(Token(kind, value))
    return tokens


def _mentions_service(word: str) -> bool:
    head = word.split(":", 1)[0] if ":" in word else word
    return "service" in head.lower()


def _prologue(tokens: list[Token]) -> tuple[int, dict[str, str]]:
    """Skip BASE / PREFIX declarations; return the index of the first other token."""
    prefixes: dict[str, str] = {}
    i = 0
    while i < len(tokens) and tokens[i].kind == "word":
        keyword = tokens[i].text.upper()
        if keyword == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            i += 2
        elif (
            keyword == "PREFIX"
            and i + 2 < len(tokens)
            and tokens[i + 1].kind == "word"
            and tokens[i + 1].text.endswith(":")
            and tokens[i + 2].kind == "iri"
        ):
            iri = tokens[i + 2].text[1:-1]
            if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri) and "\\" not in iri:
                prefixes[tokens[i + 1].text[:-1]] = iri
            i += 3
        else:
            break
    return i, prefixes


def inspect_query(text: str) -> QueryInfo:
    tokens = tokenize(text)
    start, prefixes = _prologue(tokens)
    first = (
        tokens[start].text.upper() if start < len(tokens) and tokens[start].kind == "word" else ""
    )
    words = [t.text for t in tokens if t.kind == "word"]
    return QueryInfo(
        form=first if first in QUERY_FORMS else None,
        is_update=first in UPDATE_KEYWORDS,
        update_keyword=first if first in UPDATE_KEYWORDS else None,
        uses_service=any(_mentions_service(w) for w in words),
        has_dataset_clause=any(w.upper() == "FROM" for w in words),
        prefixes=prefixes,
    )
