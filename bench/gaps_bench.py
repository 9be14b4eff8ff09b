"""Every saved gap query timed on a store, side by side with the same query at another revision.

    python -m bench.gaps_bench DATA_DIR [--old main] [--repeat 3] [--budget 120] [--json FILE]

DATA_DIR is a styrgraf data directory (e.g. one `python -m bench.scale_bench --work DIR` left,
`DIR/data-100x`). For every saved query (search_api/gaps/queries) it runs, each in a child
process stopped after `--budget` seconds:

- the query of this tree: the whole result (rows read and turned into strings, as a client
  reads them; the median of `--repeat`), and the first page as `/gaps/{name}` serves it
  (`LIMIT page + 1`, see search_api/gaps/pooled.py);
- the same file at git revision `--old` (when it exists there): the whole result, once.

Then it compares the two results as sets of rows (every term as a string, so different row
orders of equal sort keys do not count, nor the order of a GROUP_CONCAT list) and prints a
Markdown table with the machine's load average, which on a shared machine says how far to
trust the seconds.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASE_IRI = "http://127.0.0.1:8000/id/"
QUERY_DIR = "search_api/gaps/queries"
Rows = list[tuple[str, ...]]


def old_query(rev: str, name: str) -> str | None:
    done = subprocess.run(
        ["git", "show", f"{rev}:{QUERY_DIR}/{name}.rq"], cwd=ROOT, capture_output=True, text=True
    )
    return done.stdout if done.returncode == 0 else None


def cell(term: Any) -> str:
    """A term as text; a GROUP_CONCAT list ("a; b") with its items sorted, since the order
    of the items follows the engine's evaluation order, which the rewrite changes."""
    if term is None:
        return ""
    text = str(term)
    if "; " in text and text.startswith('"'):
        body, _, tail = text[1:].rpartition('"')
        return '"' + "; ".join(sorted(body.split("; "))) + '"' + tail
    return text


def _child(data_dir: str, query: str, repeat: int, out: Any) -> None:
    from graph.settings import Settings
    from search_api.core import Styrgraf

    core = Styrgraf(Settings(data_dir=Path(data_dir), base_iri=BASE_IRI))
    times, rows = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        result = core.sparql_internal(query)
        names = [v.value for v in result.variables]
        rows = [tuple(cell(r[n]) for n in names) for r in result]
        times.append(time.perf_counter() - started)
    out.send((times, rows))


def timed(data_dir: Path, query: str, repeat: int, budget: float) -> tuple[float | None, Rows]:
    """Median seconds and the rows of `query`; (None, []) when it did not finish in `budget`."""
    receive, send = mp.Pipe(duplex=False)
    child = mp.Process(target=_child, args=(str(data_dir), query, repeat, send))
    child.start()
    send.close()
    ready = receive.poll(budget * repeat)
    result = receive.recv() if ready else None
    if child.is_alive():
        child.kill()  # our own child, by its handle
    child.join()
    if result is None:
        return None, []
    times, rows = result
    return statistics.median(times), rows


def ms(seconds: float | None) -> str:
    return "stopped" if seconds is None else f"{seconds * 1000:,.0f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--old", default="main", help="git revision of the old queries")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each new query")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--page", type=int, default=100, help="rows of the first page")
    parser.add_argument("--only", default="", help="comma-separated query names")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    from search_api.gaps.loader import list_gaps
    from search_api.gaps.pooled import page_query

    wanted = {n for n in args.only.split(",") if n}
    figures: dict[str, Any] = {"load_before": os.getloadavg()}
    lines = [
        "| gap query | old ms (rows) | new ms (rows) | new first page ms | same rows |",
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for gap in list_gaps():
        if wanted and gap.name not in wanted:
            continue
        new_s, new_rows = timed(args.data_dir, gap.query, args.repeat, args.budget)
        first = page_query(gap.query, args.page, 0)
        page_s, _ = timed(args.data_dir, first, args.repeat, args.budget)
        old_text = old_query(args.old, gap.name)
        old_s: float | None = None
        old_rows: Rows = []
        if old_text is not None:
            old_s, old_rows = timed(args.data_dir, old_text, 1, args.budget)
        if old_text is None:
            same = "(new)"
        elif old_s is None or new_s is None:
            same = "?"
        else:
            same = "yes" if set(old_rows) == set(new_rows) else "**no**"
        old = "-" if old_text is None else f"{ms(old_s)} ({len(old_rows):,})"
        lines.append(
            f"| `{gap.name}` | {old} | {ms(new_s)} ({len(new_rows):,}) | {ms(page_s)} | {same} |"
        )
        print(lines[-1], file=sys.stderr, flush=True)
        figures[gap.name] = {
            "old_s": old_s,
            "old_rows": len(old_rows),
            "new_s": new_s,
            "new_rows": len(new_rows),
            "first_page_s": page_s,
            "same": same,
        }
    figures["load_after"] = os.getloadavg()
    load = ", ".join(f"{a:.1f}" for a in figures["load_before"] + figures["load_after"])
    print(f"# gaps bench: {args.data_dir}; old = {args.old}; first page {args.page} rows")
    print(f"# load average (1, 5, 15 min) before, after: {load}\n")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), "utf-8")


if __name__ == "__main__":
    main()
