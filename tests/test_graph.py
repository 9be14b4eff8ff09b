"""The stored graph: counts via SPARQL, SHACL findings, named graphs, news links, stable IRIs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from graph.errors import ValidationFailed
from graph.pipeline import union_of
from graph.validation import validate
from search_api.core import Styrgraf
from tests.conftest import BASE, DOC, INDICATORS_PER_GOAL, NEWS, PLAN, make_core, select

COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a sg:{cls} }}"


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        ("Malomrade", 5),
        ("Mal", 12),
        ("Uppdrag", 26),
        ("Program", 7),
        ("Plan", 18),
        ("Indikator", 46),
        ("Bidrag", 28),
        ("Ursprung", 26),
        ("Verksamhetsplan", 1),
        ("Nyhet", 1),
    ],
)
def test_counts_in_the_store(ingested: Styrgraf, cls: str, expected: int) -> None:
    assert select(ingested, COUNT.format(cls=cls)) == [{"n": str(expected)}]


def test_budget_2023_and_carried_over(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        """
        SELECT ?over (COUNT(?u) AS ?n) WHERE { ?u a sg:Uppdrag ; sg:overfort ?over }
        GROUP BY ?over ORDER BY ?over""",
    )
    assert rows == [{"over": "false", "n": "12"}, {"over": "true", "n": "14"}]


def test_indicators_per_goal(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        """
        SELECT ?nr (COUNT(?i) AS ?n) WHERE { ?m a sg:Mal ; sg:avsnitt ?nr .
          OPTIONAL { ?m sg:indikator ?i } } GROUP BY ?nr ORDER BY ?nr""",
    )
    assert {r["nr"]: int(r["n"]) for r in rows} == INDICATORS_PER_GOAL


def test_goal_node_holds_text_area_and_provenance(ingested: Styrgraf) -> None:
    iri = f"<{BASE}{DOC}/mal/3.4.1.1>"
    rows = select(
        ingested,
        f"""
        SELECT ?label ?area ?doc ?line ?src WHERE {{ {iri} skos:prefLabel ?label ;
          sg:malomrade/skos:prefLabel ?area ; sg:dokument ?doc ; sg:kallrad ?line ;
          sg:kalltext ?src }}""",
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["label"] == "Hemlösheten ska upphöra till 2028."
    assert row["area"] == "Delaktighet och tillit"
    assert row["doc"] == f"{BASE}dokument/{DOC}"
    assert (
        PLAN.read_text(encoding="utf-8").split("\n")[int(row["line"]) - 1]
        == "3.4.1.1 Hemlösheten ska upphöra till 2028."
    )
    assert row["src"].startswith("3.4.1.1 Hemlösheten ska upphöra till 2028.\nNämndens")


def test_origin_nodes(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        f"""
        SELECT ?typ ?ar ?budget ?datum ?par ?punkt ?utf WHERE {{
          <{BASE}{DOC}/uppdrag/3.1.2.6> sg:ursprung ?o . ?o sg:ursprungstyp ?typ ;
          sg:budgetar ?ar ; sg:iBudget ?budget ; sg:beslutsdatum ?datum ; sg:paragraf ?par ;
          sg:punkt ?punkt ; sg:utfardare/skos:prefLabel ?utf }}""",
    )
    assert rows == [
        {
            "typ": "KF",
            "ar": "2022",
            "budget": "false",
            "datum": "2022-10-06",
            "par": "§14",
            "punkt": "5",
            "utf": "Kommunfullmäktige",
        }
    ]


def test_responsible_committees_of_an_assignment(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        f"""
        SELECT ?l WHERE {{ <{BASE}{DOC}/uppdrag/3.1.2.4> sg:ansvarig/skos:prefLabel ?l }}
        ORDER BY ?l""",
    )
    assert [r["l"] for r in rows] == [
        "Socialnämnden Centrum",
        "Socialnämnden Hisingen",
        "Socialnämnden Nordost",
        "Socialnämnden Sydväst",
    ]
    partner = select(
        ingested,
        f"""SELECT ?l WHERE {{
        <{BASE}{DOC}/uppdrag/3.1.2.4> sg:samverkanspart/skos:prefLabel ?l }}""",
    )
    assert partner == [{"l": "Framtiden AB"}]


def test_programme_linked_to_each_area_with_each_row(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        """
        SELECT ?area ?omr WHERE { ?b sg:avser ?p ; sg:malomrade/skos:prefLabel ?area ;
          sg:omhandertagande ?omh . OPTIONAL { ?b sg:omrade ?omr }
          ?p skos:prefLabel "Göteborgs Stads program och plan för en jämlik stad"@sv }
        ORDER BY ?area""",
    )
    assert [r["area"] for r in rows] == [
        "Arbete och sysselsättning",
        "Delaktighet och tillit",
        "Tidiga insatser",
        "Trygghet och stadsutveckling",
    ]
    areas = select(
        ingested,
        """SELECT (COUNT(?a) AS ?n) WHERE {
        ?p skos:prefLabel "Göteborgs Stads program och plan för en jämlik stad"@sv ;
           sg:malomrade ?a }""",
    )
    assert areas == [{"n": "4"}]


def test_each_document_has_its_own_named_graph(ingested: Styrgraf) -> None:
    rows = select(ingested, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [r["g"] for r in rows] == [
        f"{BASE}graf/delat/goteborg",  # the kommun's shared things, each fact once
        f"{BASE}graf/nyhet-2023-03-07-vp-beslutad",
        f"{BASE}graf/vokabular",
        f"{BASE}graf/{DOC}",
    ]


def test_news_item_is_linked_to_the_plan_and_what_it_mentions(ingested: Styrgraf) -> None:
    news = f"<{BASE}dokument/nyhet-2023-03-07-vp-beslutad>"
    refs = select(
        ingested, f"SELECT ?d ?date WHERE {{ {news} dcterms:references ?d ; dcterms:issued ?date }}"
    )
    assert refs == [{"d": f"{BASE}dokument/{DOC}", "date": "2023-03-07"}]
    mentioned = {
        r["x"].removeprefix(BASE)
        for r in select(ingested, f"SELECT ?x WHERE {{ {news} sg:namner ?x }}")
    }
    assert {
        f"{DOC}/mal/3.4.1.1",
        f"{DOC}/mal/3.1.1.1",
        f"{DOC}/mal/3.1.1.2",
        "goteborg/malomrade/tidiga-insatser",
        "goteborg/malomrade/delaktighet-och-tillit",
        "goteborg/plan/goteborgs-stads-barnrattsplan",
        "https://w3id.org/styrgraf/initiativ/bostad-forst",
        "https://w3id.org/styrgraf/initiativ/framtidshubb",
        "https://w3id.org/styrgraf/initiativ/mutual-benefits",
        "https://w3id.org/styrgraf/initiativ/bra",
    } <= mentioned
    assert f"{DOC}/mal/3.5.1.1" not in mentioned  # the climate goal is not in the news item


def test_shacl_reports_exactly_the_two_goals_without_indicators(ingested: Styrgraf) -> None:
    report = ingested.validate()
    assert report.conforms
    assert [(f.severity, f.focus.removeprefix(BASE), f.message) for f in report.findings] == [
        ("Warning", f"{DOC}/mal/3.1.1.2", "Målet saknar indikatorer."),
        ("Warning", f"{DOC}/mal/3.4.1.2", "Målet saknar indikatorer."),
    ]


def _dataset(core: Styrgraf) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=core.graph.dump(), format="nquads")
    return dataset


def test_reingest_gives_the_identical_graph(ingested: Styrgraf, tmp_path: Path) -> None:
    # the session's ingest of the corpus is the other, independent ingest
    first, second = make_core(tmp_path / "a"), ingested
    r1 = first.ingest()
    assert r1.version.id == second.version.id
    assert isomorphic(union_of(_dataset(first)), union_of(_dataset(second)))
    again = first.ingest()
    assert again.version.id == r1.version.id and not again.changed


def test_ingesting_files_adds_to_the_store(tmp_path: Path) -> None:
    core = make_core(tmp_path / "data")
    core.ingest(files=[PLAN])
    assert select(core, COUNT.format(cls="Nyhet")) == [{"n": "0"}]
    core.ingest(files=[NEWS])
    assert select(core, COUNT.format(cls="Nyhet")) == [{"n": "1"}]
    assert select(core, COUNT.format(cls="Mal")) == [{"n": "12"}]
    links = select(core, "SELECT (COUNT(?x) AS ?n) WHERE { ?d a sg:Nyhet ; sg:namner ?x }")
    assert int(links[0]["n"]) >= 10  # linked against the plan already stored


def _broken(core: Styrgraf) -> Graph:
    graph = union_of(_dataset(core))
    return graph


def test_broken_graphs_are_violations(ingested: Styrgraf) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS

    from ontology import SG

    graph = _broken(ingested)
    goal = URIRef(f"{BASE}{DOC}/mal/3.4.1.1")
    assignment = URIRef(f"{BASE}{DOC}/uppdrag/3.1.2.4")
    indicator = URIRef(f"{BASE}{DOC}/mal/3.4.1.1/indikator/1")
    graph.remove((goal, SKOS.prefLabel, None))
    graph.remove((assignment, SG.ansvarig, None))
    graph.remove((assignment, SG.ursprung, None))
    graph.add((indicator, SG.tillhorMal, URIRef(f"{BASE}{DOC}/mal/3.1.1.1")))
    graph.add((goal, SG.avsnitt, Literal("not a section")))
    report = validate(graph)
    found = {(f.focus.removeprefix(BASE), f.message) for f in report.violations}
    assert found == {
        (f"{DOC}/mal/3.4.1.1", "Saknar namn (skos:prefLabel)."),
        (f"{DOC}/mal/3.4.1.1", "Saknar avsnittsnummer (sg:avsnitt) eller har ett ogiltigt."),
        (f"{DOC}/mal/3.4.1.1", "Har mer än ett avsnittsnummer."),
        (f"{DOC}/uppdrag/3.1.2.4", "Uppdraget saknar ansvarig nämnd."),
        (f"{DOC}/uppdrag/3.1.2.4", "Uppdraget saknar ursprung (t.ex. 'KF uppdrag budget 2023')."),
        (f"{DOC}/mal/3.4.1.1/indikator/1", "En indikator ska höra till exakt ett mål."),
    }


def test_violation_stops_ingest_and_keeps_the_stored_graph(
    corpus_copy: Styrgraf, tmp_path: Path
) -> None:
    core = corpus_copy
    before = core.version.id
    dump = core.graph.dump()
    # An assignment whose wording names no body: parses, but breaks the SHACL shape.
    text = PLAN.read_text(encoding="utf-8").replace(
        "Socialnämnderna får i uppdrag att ta bort egenavgiften",
        "Det behövs ett arbete för att ta bort egenavgiften",
    )
    broken = tmp_path / "verksamhetsplan-2023-socialnamnden-sydvast.txt"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        core.ingest(files=[broken])
    assert "1 violation(s)" in str(info.value)
    assert [f.focus.removeprefix(BASE) for f in info.value.report.violations] == [
        "verksamhetsplan-2023-socialnamnden-sydvast/uppdrag/3.3.2.3"
    ]
    assert core.version.id == before
    assert core.graph.dump() == dump


def test_a_document_can_be_removed_without_touching_the_others(corpus_copy: Styrgraf) -> None:
    core = corpus_copy
    core.remove(["nyhet-2023-03-07-vp-beslutad"])
    assert select(core, COUNT.format(cls="Nyhet")) == [{"n": "0"}]
    assert select(core, COUNT.format(cls="Mal")) == [{"n": "12"}]
    from ingest.errors import NotFound

    with pytest.raises(NotFound, match="no stored document nope; stored: vp-2023-sn-sydvast"):
        core.remove(["nope"])
