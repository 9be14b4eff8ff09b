"""End to end: `styrgraf ingest` of Kungsbacka's two documents (detected by their templates,
read by the malstyrning engine) into a temporary data dir, then SPARQL over the stored graph."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ontology import SG, sparql_prefixes
from tests.support.server import run_cli

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "corpus" / "kungsbacka"
FILES = [
    KB / "kungsbacka_vard-omsorg_arsredovisning2024_maluppfoljning.txt",
    KB / "kungsbacka_vard-omsorg_namndbudget2025.txt",
]
BASE = "http://127.0.0.1:8000/id/"
PREFIX = sparql_prefixes("sg", "skos")


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(args, data, timeout=600)


def sparql(data: Path, query: str) -> list[dict[str, str]]:
    done = run(data, "sparql", "--format", "json", PREFIX + query)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("kungsbacka") / "data"
    done = run(data, "ingest", "-q", *map(str, FILES))
    assert done.returncode == 0, done.stderr
    # classes these documents never have (målområden, program) are left out of the line
    assert (
        "ingested 2 document(s): 11 Mal, 16 Fokusomrade, 19 Uppdrag, 4 Direktiv, 71 Indikator, "
        "245 Utfall, 46 Malvarde, 12 Bedomning, 2 Dokument" in done.stdout
    )
    # 44 + 48 names, 32 (+2 "Status direktiv:") shared, and 13 verksamhetsmått
    assert "71 Indikator" in done.stdout
    assert ", 2 Dokument," in done.stdout  # typed sg:Dokument and a subclass, counted once
    return data


def test_documents_are_detected_with_kind_kommun_and_issuer(data: Path) -> None:
    rows = sparql(
        data,
        """SELECT DISTINCT ?typ ?ar ?kommun ?utf WHERE { ?d sg:dokumenttyp ?typ ; sg:ar ?ar ;
            sg:kommun ?kommun ; sg:utfardadAv ?utf } ORDER BY ?ar""",
    )
    assert rows == [
        {
            "typ": "årsredovisning",
            "ar": "2024",
            "kommun": f"{BASE}kommun/kungsbacka",
            "utf": f"{BASE}kungsbacka/org/namnden-for-vard-omsorg",
        },
        {
            "typ": "nämndbudget",
            "ar": "2025",
            "kommun": f"{BASE}kommun/kungsbacka",
            "utf": f"{BASE}kungsbacka/org/namnden-for-vard-omsorg",
        },
    ]


def test_titles_come_from_the_title_lines_and_every_document_is_a_dokument(data: Path) -> None:
    # The page marker opening each file is not the title; the template's title_format joins
    # the title line and the issuing nämnd. Both documents are sg:Dokument without inference.
    rows = sparql(
        data,
        """SELECT ?id ?title ?kind WHERE { ?d a sg:Dokument, ?kind ;
            <http://purl.org/dc/terms/identifier> ?id ; skos:prefLabel ?title
            FILTER(?kind != sg:Dokument) } ORDER BY ?id""",
    )
    assert [(r["id"], r["title"], r["kind"].rsplit("#", 1)[-1]) for r in rows] == [
        (
            "kungsbacka-vard-omsorg-arsredovisning2024-maluppfoljning",
            "Nämndens årsredovisning 2024 – Nämnden för Vård & Omsorg",
            "Uppfoljning",
        ),
        (
            "kungsbacka-vard-omsorg-namndbudget2025",
            "Nämndbudget 2025 – Nämnden för Vård & Omsorg",
            "Budget",
        ),
    ]


def test_one_kf_goal_node_with_outcomes_and_targets_from_both_documents(data: Path) -> None:
    rows = sparql(
        data,
        """SELECT DISTINCT ?typ ?ar ?v WHERE {
            ?goal skos:prefLabel "En attraktiv kommun att bo, verka och vistas i"@sv ;
                  sg:indikator ?i .
            ?i skos:prefLabel "Antal påbörjade bostäder"@sv .
            { ?u a sg:Utfall ; sg:avserIndikator ?i ; sg:ar ?ar ; sg:varde ?v ; sg:dokument ?d .
              ?d sg:dokumenttyp ?typ }
            UNION
            { ?u a sg:Malvarde ; sg:avserIndikator ?i ; sg:ar ?ar ; sg:malvarde ?v ;
                 sg:dokument ?d .
              ?d sg:dokumenttyp ?typ }
        } ORDER BY ?typ ?ar""",
    )
    assert [(r["typ"], r["ar"], r["v"]) for r in rows] == [
        ("nämndbudget", "2022", "848"),
        ("nämndbudget", "2023", "165"),
        ("nämndbudget", "2024", "141"),
        ("nämndbudget", "2025", "Öka"),
        ("årsredovisning", "2021", "216"),
        ("årsredovisning", "2022", "848"),
        ("årsredovisning", "2023", "165"),
        ("årsredovisning", "2024", "141"),
    ]


def test_the_first_goal_is_assessed_partly_met(data: Path) -> None:
    rows = sparql(
        data,
        """SELECT DISTINCT ?typ ?niva WHERE {
            ?b a sg:Bedomning ; sg:bedomer ?g ; sg:bedomningstyp ?typ ; sg:niva ?niva .
            ?g skos:prefLabel "En attraktiv kommun att bo, verka och vistas i"@sv }
            ORDER BY ?typ""",
    )
    assert rows == [
        {
            "typ": "Kommunövergripande bedömning",
            "niva": str(SG.DelvisUppfylld),
        },
        {
            "typ": "Sammanfattning av nämndens arbete med målet",
            "niva": str(SG.DelvisUppfylld),
        },
    ]
