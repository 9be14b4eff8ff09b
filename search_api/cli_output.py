"""Render SPARQL results for the terminal: table, SPARQL JSON, CSV, TSV; graphs as Turtle."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

FORMATS = ["table", "json", "csv", "tsv", "turtle"]
_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def _cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return str(term.value)
    if isinstance(term, ox.NamedNode):
        return str(term.value)
    return str(term)


def render(results: Any, fmt: str) -> str:
    """Text for SELECT/ASK results or CONSTRUCT/DESCRIBE triples (pyoxigraph's, or a list of
    ox.Triple as `Styrgraf.sparql` returns them) in `fmt`."""
    if isinstance(results, (ox.QueryTriples, list)):
        data = ox.serialize(results, format=ox.RdfFormat.TURTLE)
        return data.decode("utf-8") if isinstance(data, bytes) else ""
    if isinstance(results, ox.QueryBoolean) and fmt == "table":
        return ("true" if bool(results) else "false") + "\n"
    if fmt in _RESULT_FORMATS:
        data = results.serialize(format=_RESULT_FORMATS[fmt])
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
        return text if text.endswith("\n") else text + "\n"
    names = [v.value for v in results.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in results]
    widths = [max([len(n), *(min(len(r[i]), 80) for r in rows)]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return " | ".join(
            (c if len(c) <= 80 else c[:79] + "…").ljust(w)
            for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
