"""Result formats and Accept-header negotiation (RFC 9110 section 12.5.1, with q-values).

Each query form offers a list of (media type, format) in server preference order; the first is
the default. A media range's quality is taken from the most specific range that matches
(`type/subtype` over `type/*` over `*/*`); among the offers with the highest non-zero quality the
server's preference decides. An absent or empty Accept header means `*/*`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search_api.errors import Problem


@dataclass(frozen=True)
class Format:
    """A serialization the worker can produce. `kind` is "results" or "rdf"; `name` is the
    pyoxigraph QueryResultsFormat / RdfFormat attribute name."""

    kind: str
    name: str
    media_type: str  # what the response's Content-Type says


SPARQL_JSON = Format("results", "JSON", "application/sparql-results+json")
SPARQL_XML = Format("results", "XML", "application/sparql-results+xml")
SPARQL_CSV = Format("results", "CSV", "text/csv")
SPARQL_TSV = Format("results", "TSV", "text/tab-separated-values")
TURTLE = Format("rdf", "TURTLE", "text/turtle")
JSON_LD = Format("rdf", "JSON_LD", "application/ld+json")
N_TRIPLES = Format("rdf", "N_TRIPLES", "application/n-triples")
RDF_XML = Format("rdf", "RDF_XML", "application/rdf+xml")

Offers = tuple[tuple[str, Format], ...]


def _offers(*canonical: Format, aliases: Offers = ()) -> Offers:
    """(media type a client may ask for, format served): each format under its own media type,
    in preference order, then the aliases."""
    return tuple((f.media_type, f) for f in canonical) + aliases


SELECT_OFFERS = _offers(
    SPARQL_JSON,
    SPARQL_XML,
    SPARQL_CSV,
    SPARQL_TSV,
    aliases=(
        ("application/json", SPARQL_JSON),
        ("application/xml", SPARQL_XML),
        ("text/xml", SPARQL_XML),
    ),
)
# CSV and TSV define no boolean result, so ASK offers only JSON and XML.
ASK_OFFERS: Offers = tuple(
    offer for offer in SELECT_OFFERS if offer[1] not in (SPARQL_CSV, SPARQL_TSV)
)
GRAPH_OFFERS = _offers(
    TURTLE,
    JSON_LD,
    N_TRIPLES,
    RDF_XML,
    aliases=(("application/x-turtle", TURTLE), ("application/json", JSON_LD)),
)


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """3 for an exact match, 2 for type/*, 1 for */*, 0 if the range does not match."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 1 if self.subtype == "*" else 0
        if self.type != main:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == sub else 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are dropped. None or a blank
    header gives [*/*]."""
    if header is None or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges: list[MediaRange] = []
    for entry in header.split(","):
        parts = [part.strip() for part in entry.split(";")]
        main, slash, sub = parts[0].lower().partition("/")
        if not slash or not main or not sub or (main == "*" and sub != "*"):
            continue
        q = 1.0
        valid = True
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    valid = False
                if not 0.0 <= q <= 1.0:
                    valid = False
        if valid:
            ranges.append(MediaRange(main, sub, q))
    return ranges


def quality(ranges: list[MediaRange], media_type: str) -> float:
    best = 0
    q = 0.0
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity > best or (specificity == best and specificity and media_range.q > q):
            best, q = specificity, media_range.q
    return q


def negotiate(accept: str | None, offers: Offers) -> Format | None:
    """The format to serve, or None if the client accepts none of the offers (406)."""
    ranges = parse_accept(accept)
    chosen: Format | None = None
    best = 0.0
    for media_type, fmt in offers:
        q = quality(ranges, media_type)
        if q > best:
            chosen, best = fmt, q
    return chosen


def offered_types(offers: Offers) -> list[str]:
    """The canonical media types of a list of offers, for error messages."""
    seen: list[str] = []
    for _, fmt in offers:
        if fmt.media_type not in seen:
            seen.append(fmt.media_type)
    return seen


def not_acceptable(offers: Sequence[str]) -> Problem:
    """The 406 for a request none of whose Accept ranges `offers` can satisfy."""
    return Problem(
        "not-acceptable",
        "none of the formats in Accept can be delivered; available: " + ", ".join(offers),
        available=list(offers),
    )
