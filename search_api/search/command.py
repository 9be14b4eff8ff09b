"""`styrgraf search "fråga"`, and `ensure_index`, which `styrgraf ingest` and `remove` call
to leave a ready index for the new graph version.

The command prints the same results as GET /search: a readable list by default (rank, type,
section, label, goal areas, snippet), or the API's JSON with --json. Matched words are bold
on a terminal and unmarked when the output is piped.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import textwrap
import time

from search_api.core import Styrgraf
from search_api.search.models import SEARCHABLE_TYPES, SearchHit, SearchResponse
from search_api.search.storage import index_for

WIDTH = 100
BOLD, RESET = "\033[1m", "\033[0m"


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def add_search_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `search` to the `styrgraf` subcommands (search_api/cli.py lists this function)."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "search",
        help="search goals, assignments, programmes, plans and indicators",
        description='Semantic search in Swedish, e.g. styrgraf search "vilka uppdrag rör '
        'hemlöshet?"',
    )
    p.add_argument("query", nargs="+", help='the question, e.g. "vilka uppdrag rör hemlöshet?"')
    p.add_argument("--type", choices=SEARCHABLE_TYPES, help="only this kind of entity")
    p.add_argument("-k", "--k", type=int, default=10, help="number of results (1-100)")
    p.add_argument("--malomrade", help="only this goal area (name or id)")
    p.add_argument("--namnd", help="only what this committee is responsible for (name or id)")
    p.add_argument("--amne", help="only this topic (name or id, as GET /amnen lists them)")
    p.add_argument(
        "--kommun", help="only this kommun's entities (name, short id or id, e.g. goteborg)"
    )
    p.add_argument(
        "--mode",
        choices=["hybrid", "bm25", "dense"],
        default="hybrid",
        help="ranking (default hybrid; the others are for comparison)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON of GET /search")
    p.set_defaults(run=cmd_search)


def _marked(hit: SearchHit, tty: bool) -> str:
    if not tty:
        return hit.snippet
    text = re.sub(
        r"</?mark>", lambda m: RESET if m.group().startswith("</") else BOLD, hit.snippet_html
    )
    return html.unescape(text)


def render(response: SearchResponse, tty: bool = False) -> str:
    """The readable result list."""
    if not response.results:
        return f'no results for "{response.query}"\n'
    lines = [
        f'{len(response.results)} results for "{response.query}" ({response.took_ms:.0f} ms)',
        "",
    ]
    for rank, hit in enumerate(response.results, 1):
        label = hit.label if len(hit.label) <= 110 else hit.label[:109] + "…"
        lines.append(f"{rank:2}. {hit.type:<9} {hit.section or '-':<9} {label}")
        about = " · ".join(filter(None, [", ".join(hit.goal_areas), hit.url]))
        lines.append(textwrap.indent(about, " " * 14))
        lines += textwrap.wrap(
            _marked(hit, tty), WIDTH, initial_indent=" " * 14, subsequent_indent=" " * 14
        )
        lines.append("")
    return "\n".join(lines)


def cmd_search(app: Styrgraf, args: argparse.Namespace) -> int:
    index = index_for(app, progress=_progress)
    # The options are named as the search's keyword arguments (and as GET /search's).
    filters = {n: getattr(args, n) for n in ("type", "malomrade", "namnd", "amne", "kommun")}
    response = index.search(" ".join(args.query), k=args.k, mode=args.mode, **filters)
    if args.json:
        print(json.dumps(response.model_dump(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render(response, tty=sys.stdout.isatty()))
    return 0


def ensure_index(app: Styrgraf, quiet: bool = False) -> None:
    """After `styrgraf ingest` or `remove`: build (or find) the search index of the new graph
    version, and say which."""
    started = time.perf_counter()
    index = index_for(app, progress=(lambda _: None) if quiet else _progress)
    m = index.manifest
    how = "loaded" if index.from_disk else f"built, {m['embedded']} passages embedded"
    print(
        f"search index: {m['entities']} entities, {m['chunks']} chunks, embedder "
        f"{m['embedder']} ({how}) in {time.perf_counter() - started:.1f} s"
    )
