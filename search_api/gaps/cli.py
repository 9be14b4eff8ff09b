"""`styrgraf gaps` (list the saved queries) and `styrgraf gaps NAME` (run one)."""

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
from search_api.gaps.run import run_gap

if TYPE_CHECKING:
    from search_api.core import Styrgraf

FORMATS = ["table", "json", "csv", "tsv"]


def cmd_gaps(app: Styrgraf, args: argparse.Namespace) -> int:
    if args.name is None:
        sys.stdout.write(render_list(args.format))
        return EXIT_OK
    gap = get_gap(args.name)  # unknown name: NotFound, which the CLI turns into exit 2
    sys.stdout.write(cli_output.render(run_gap(app, gap.name), args.format))
    return EXIT_OK


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
    p.set_defaults(run=cmd_gaps)
