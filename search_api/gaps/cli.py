"""`styrgraf gaps` (list the saved queries) and `styrgraf gaps NAME` (run one).

A saved query runs as /gaps/{name} runs it (pooled.py): in a query worker with the timeout and
the row cap of /sparql, a page at a time. A result longer than the cap is not refused: the
first page is printed and one line on stderr names the `--offset` of the next, as the HTTP
route's `Link` header does.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import TYPE_CHECKING

from search_api import cli_output
from search_api.errors import EXIT_OK
from search_api.gaps.loader import get_gap, list_gaps
from search_api.gaps.pooled import GapFailed, run_page, solutions
from search_api.sparql.negotiation import SPARQL_JSON
from search_api.sparql.service import LOCAL, blocking
from search_api.sparql.user_query import limit_errors, reply_error

if TYPE_CHECKING:
    from search_api.core import Styrgraf

FORMATS = ["table", "json", "csv", "tsv"]


def cmd_gaps(app: Styrgraf, args: argparse.Namespace) -> int:
    if args.name is None:
        sys.stdout.write(render_list(args.format))
        return EXIT_OK
    gap = get_gap(args.name)  # unknown name: NotFound, which the CLI turns into exit 2
    try:
        with limit_errors(app.queries):  # a timeout: QueryLimitExceeded, exit 2
            page = blocking(
                run_page(app, LOCAL, gap, SPARQL_JSON, offset=args.offset, limit=args.limit)
            )
    except GapFailed as exc:
        raise reply_error(exc.reply, app.queries) from None
    sys.stdout.write(cli_output.render(solutions(page.reply.body), args.format))
    if page.next_offset is not None:  # as /gaps/{name} answers with a Link to the next page
        capped = page.limit == app.settings.sparql_max_results
        why = "STYRGRAF_SPARQL_MAX_RESULTS" if capped else "--limit"
        limit = f" --limit {args.limit}" if args.limit else ""
        print(
            f"styrgraf: rows {page.offset + 1}-{page.next_offset} shown, more follow (a page "
            f"holds at most {page.limit} rows, {why}); the next: styrgraf gaps {gap.name} "
            f"--offset {page.next_offset}{limit}",
            file=sys.stderr,
        )
    return EXIT_OK


def _count(text: str, least: int) -> int:
    """An argparse type: a whole number of at least `least`."""
    try:
        value = int(text)
    except ValueError:
        value = least - 1
    if value < least:
        raise argparse.ArgumentTypeError(f"expected a whole number >= {least}, got {text!r}")
    return value


def render_list(fmt: str) -> str:
    gaps = list_gaps()
    if fmt == "json":
        rows = [{"name": g.name, "title": g.title, "description": g.description} for g in gaps]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(("name", "title", "description"))
        writer.writerows((g.name, g.title, g.description) for g in gaps)
        return out.getvalue()
    width = max(len(g.name) for g in gaps)
    lines = [f"{g.name.ljust(width)}  {g.title}" for g in gaps]
    lines.append(f"({len(gaps)} sparade frågor; kör en med `styrgraf gaps NAMN`)")
    return "\n".join(lines) + "\n"


def add_gaps_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `gaps` to the `styrgraf` subcommands (search_api/cli.py lists this function)."""
    p = subparsers.add_parser(
        "gaps",
        help="saved coverage-gap queries (list them, or run one by name)",
        description="Without NAME: list the saved queries. With NAME: run it over the graph.",
    )
    p.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help="the query to run: " + ", ".join(g.name for g in list_gaps()),
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument(
        "--limit",
        type=lambda text: _count(text, 1),
        help="at most this many rows (default and most: STYRGRAF_SPARQL_MAX_RESULTS)",
    )
    p.add_argument(
        "--offset", type=lambda text: _count(text, 0), default=0, help="skip this many rows"
    )
    p.set_defaults(run=cmd_gaps)
