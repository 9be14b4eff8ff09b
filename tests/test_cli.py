"""The `styrgraf` command line, run as a real subprocess against a temporary data dir."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from tests.conftest import BASE, PLAN, ROOT
from tests.support.corpus import with_vector_cache
from tests.support.server import assert_ingests_refused, one_line_error, run_cli

STYRGRAF = [sys.executable, "-m", "search_api.cli"]


def run(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`styrgraf ARGS` over `data`, with the settings a test set (monkeypatch.setenv)."""
    own = {"STYRGRAF_DATA_DIR", "STYRGRAF_BASE_IRI", "STYRGRAF_CORPUS_DIR", "STYRGRAF_DEBUG"}
    settings = {k: v for k, v in os.environ.items() if k.startswith("STYRGRAF_") and k not in own}
    return run_cli(args, data, stdin=stdin, env=settings)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # the passage vectors of earlier runs where the ingest's search index looks for them
    data = with_vector_cache(tmp_path_factory.mktemp("cli") / "data")
    done = run(data, "ingest")
    assert done.returncode == 0, done.stderr
    assert (
        "ingested 2 document(s): 5 Malomrade, 12 Mal, 26 Uppdrag, 7 Program, 18 Plan, "
        "46 Indikator, 28 Bidrag, 2 Dokument" in done.stdout
    )
    assert "… validating with SHACL" in done.stderr  # progress on the long steps
    return data


def test_ingest_reports_warnings_and_is_idempotent(data: Path) -> None:
    again = run(data, "ingest", "-q")
    assert again.returncode == 0
    assert "(unchanged); 2 warning(s)" in again.stdout
    assert "mal/3.1.1.2" in again.stdout and "Målet saknar indikatorer." in again.stdout
    assert again.stderr == ""


def test_validate(data: Path) -> None:
    done = run(data, "validate", "--format", "json")
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert report["conforms"] is True
    assert [r["focus"].removeprefix(BASE) for r in report["results"]] == [
        "vp-2023-sn-sydvast/mal/3.1.1.2",
        "vp-2023-sn-sydvast/mal/3.4.1.2",
    ]


QUERY = "SELECT ?nr ?l WHERE { ?m a sg:Mal ; sg:avsnitt ?nr ; skos:prefLabel ?l } ORDER BY ?nr"


def test_sparql_formats(data: Path, tmp_path: Path) -> None:
    table = run(data, "sparql", QUERY)
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split("|")[0].strip() == "nr"
    assert lines[2].startswith("3.1.1.1 | Livsvillkoren för Göteborgs invånare")
    assert lines[-1] == "(12 rows)"
    as_json = json.loads(run(data, "sparql", QUERY, "--format", "json").stdout)
    assert as_json["head"]["vars"] == ["nr", "l"]
    assert as_json["results"]["bindings"][5]["l"] == {
        "type": "literal",
        "value": "Hemlösheten ska upphöra till 2028.",
        "xml:lang": "sv",
    }
    rows = list(csv.reader(io.StringIO(run(data, "sparql", QUERY, "--format", "csv").stdout)))
    assert rows[0] == ["nr", "l"] and len(rows) == 13
    query_file = tmp_path / "q.rq"
    query_file.write_text('ASK { ?m sg:avsnitt "3.4.1.1" }', encoding="utf-8")
    assert run(data, "sparql", "-f", str(query_file)).stdout == "true\n"


def test_export_formats_parse_back_to_the_same_graph(data: Path) -> None:
    graphs = {}
    for fmt, parser in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        done = subprocess.run(
            [*STYRGRAF, "export", "--format", fmt],
            capture_output=True,
            env={**os.environ, "STYRGRAF_DATA_DIR": str(data)},
            cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        graphs[fmt] = Graph().parse(data=done.stdout, format=parser)
    assert len(graphs["nt"]) > 2000
    from rdflib.compare import isomorphic

    assert isomorphic(graphs["nt"], graphs["turtle"])
    assert isomorphic(graphs["nt"], graphs["jsonld"])


def test_bad_documents_get_one_line_and_exit_2_and_keep_the_store(
    data: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(PLAN.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    notaplan = tmp_path / "recept.txt"
    notaplan.write_text("Kanelbullar\n\nMjöl, smör och socker.\n", encoding="utf-8")
    truncated = tmp_path / "verksamhetsplan-cut.txt"
    truncated.write_text(PLAN.read_text(encoding="utf-8")[:30000], encoding="utf-8")
    few_goals = tmp_path / "verksamhetsplan-short.txt"
    few_goals.write_text(
        "\n".join(PLAN.read_text(encoding="utf-8").split("\n")[:330]), encoding="utf-8"
    )
    cases = {
        empty: "is empty; expected the text of a steering document",
        binary: "is a damaged PDF",
        latin1: "is not UTF-8 (invalid byte 0xe4",
        notaplan: "is not a document of a known kind (known: nyhet (goteborg-nyhet), "
        "verksamhetsplan (goteborg-verksamhetsplan)",
        truncated: "does not end with its origin",
        few_goals: "looks truncated: it announces 12 goals but only 6 were found",
        tmp_path / "missing.txt": "no such file",
        tmp_path: "is a directory",
    }
    assert_ingests_refused(data, cases)


def test_bad_queries_and_arguments(data: Path, tmp_path: Path) -> None:
    assert "malformed SPARQL query" in one_line_error(run(data, "sparql", "SELEKT ?x"))
    assert "not both" in one_line_error(run(data, "sparql"))
    assert "cannot read the query file" in one_line_error(
        run(data, "sparql", "-f", str(tmp_path / "nope.rq"))
    )
    assert "invalid choice: 'xml'" in one_line_error(run(data, "export", "--format", "xml"))
    assert "invalid choice: 'bogus'" in one_line_error(run(data, "bogus"))


def test_commands_before_any_ingest_say_what_to_do(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path / "nothing", "sparql", "ASK {}"))
    assert "run `styrgraf ingest` first" in line


def test_validate_files_without_storing(tmp_path: Path) -> None:
    done = run(tmp_path / "d", "validate", str(PLAN))
    assert done.returncode == 0
    assert done.stdout.startswith("0 violation(s), 2 warning(s)")
    assert not (tmp_path / "d").exists()


def test_help_lists_exactly_the_commands(tmp_path: Path) -> None:
    done = run(tmp_path / "d", "--help")
    assert done.returncode == 0 and done.stderr == ""
    choices = re.search(r"^  \{([a-z,]+)\}$", done.stdout, re.M)
    assert choices is not None, done.stdout
    assert choices.group(1).split(",") == [
        "ingest",
        "validate",
        "sparql",
        "export",
        "remove",
        "info",
        "serve",
        "gaps",
        "search",
    ]
    listed = re.findall(r"^    ([a-z]+) ", done.stdout, re.M)
    assert listed == choices.group(1).split(",")
