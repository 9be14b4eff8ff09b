"""Query results as a table a person can read: entity IRIs become links named by their label,
booleans read Ja/Nej, numbers are aligned right, long texts fold away.

Used for the saved reports and for the SPARQL editor's results alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from search_api.core import PREFIXES
from search_api.entities.reader import GraphReader, Term
from search_api.web.labels import NAME_SUFFIXES, column_name

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "gYear")}
LONG_TEXT = 240  # characters; longer cells show their start and fold the rest away
LINK_TEXT = 120  # characters of a linked label shown in a cell


@dataclass(frozen=True)
class Cell:
    text: str = ""
    href: str | None = None
    numeric: bool = False

    @property
    def long(self) -> bool:
        return len(self.text) > LONG_TEXT

    @property
    def head(self) -> str:
        """The start of a long text, cut at a word."""
        return self.text[:200].rsplit(" ", 1)[0] + " …"

    @property
    def link_text(self) -> str:
        """A link's text: an assignment's whole wording would make a table row a page tall,
        and the linked page has it all."""
        return (
            self.text
            if len(self.text) <= LINK_TEXT
            else self.text[:LINK_TEXT].rsplit(" ", 1)[0] + " …"
        )


@dataclass(frozen=True)
class Column:
    variable: str
    heading: str
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    columns: list[Column]
    rows: list[list[Cell]]
    total: int  # rows in the result; `rows` may hold fewer (see max_rows)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def compact(iri: str) -> str:
    """'sg:Foljer' for an IRI in a predefined namespace, else the IRI itself."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


class CellMaker:
    """Turns result terms into cells, naming entities by their label in the graph."""

    def __init__(self, read: GraphReader, href: Callable[[str], str]) -> None:
        self.read = read
        self.href = href

    def cell(self, term: Term | None, name: Term | None = None) -> Cell:
        """The cell for `term`; `name` (from a companion *_text / *_namn column) is the text
        of the link when given."""
        if term is None:
            return Cell(name.value if isinstance(name, ox.Literal) else "")
        if isinstance(term, ox.NamedNode):
            ref = self.read.ref(term)
            if isinstance(name, ox.Literal):
                text = name.value
            else:
                text = ref.label if ref else compact(term.value)
            return Cell(text, self.href(ref.id) if ref else None)
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if datatype == XSD + "boolean":
                return Cell("Ja" if term.value in ("true", "1") else "Nej")
            return Cell(term.value, numeric=datatype in NUMERIC)
        if isinstance(term, ox.BlankNode):
            return Cell(f"_:{term.value}")
        return Cell(str(term))


def build_table(
    variables: list[str],
    solutions: Iterable[Mapping[str, Term | None]],
    cells: CellMaker,
    *,
    merge_names: bool = False,
    max_rows: int | None = None,
    raw_headings: bool = False,
) -> Table:
    """A table of `solutions`. With `merge_names`, a column X followed by X_text or X_namn
    becomes one column: X's entity linked under the readable name. With `raw_headings` the
    columns are headed by the variable names, as an analyst wrote them."""
    names: dict[str, str] = {}
    if merge_names:
        for variable in variables:
            for suffix in NAME_SUFFIXES:
                if variable + suffix in variables:
                    names[variable] = variable + suffix
    hidden = set(names.values())
    shown = [v for v in variables if v not in hidden]
    rows: list[list[Cell]] = []
    total = 0
    for solution in solutions:
        total += 1
        if max_rows is not None and len(rows) >= max_rows:
            continue
        rows.append(
            [cells.cell(solution[v], solution[names[v]] if v in names else None) for v in shown]
        )
    columns = [
        Column(
            v,
            v if raw_headings else column_name(v),
            numeric=bool(rows) and all(row[i].numeric or not row[i].text for row in rows),
        )
        for i, v in enumerate(shown)
    ]
    return Table(columns, rows, total)


def solutions_table(
    results: ox.QuerySolutions,
    cells: CellMaker,
    *,
    merge_names: bool = False,
    max_rows: int | None = None,
    raw_headings: bool = False,
) -> Table:
    variables = [v.value for v in results.variables]
    return build_table(
        variables,
        ({v: row[v] for v in variables} for row in results),
        cells,
        merge_names=merge_names,
        max_rows=max_rows,
        raw_headings=raw_headings,
    )
