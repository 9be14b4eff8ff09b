"""A hand-written plan of another nämnd, year and numbering depth ingests correctly: the parser
recognises structure, not the bundled plan's titles (see tests/data/synthetic/README.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from search_api.core import Styrgraf
from tests.conftest import BASE, SYNTHETIC, make_core, select

DOC = "verksamhetsplan-2025-idrotts-och-foreningsnamnden"


def _core(tmp_path: Path) -> Styrgraf:
    core = make_core(tmp_path / "data")
    result = core.ingest(files=[SYNTHETIC])
    assert result.counts == {
        "Malomrade": 2,
        "Mal": 3,
        "Uppdrag": 4,
        "Program": 1,
        "Plan": 1,
        "Indikator": 2,
        "Bidrag": 3,
        # the steering chain's classes: a verksamhetsplan of this template has none
        "Fokusomrade": 0,
        "Direktiv": 0,
        "Utfall": 0,
        "Malvarde": 0,
        "Bedomning": 0,
        "Dokument": 1,
        "triples": result.counts["triples"],
    }
    return core


def test_structure(tmp_path: Path) -> None:
    core = _core(tmp_path)
    goals = select(
        core,
        """SELECT ?nr ?l ?area WHERE { ?m a sg:Mal ; sg:avsnitt ?nr ;
        skos:prefLabel ?l ; sg:malomrade/skos:prefLabel ?area } ORDER BY ?nr""",
    )
    assert goals == [
        {
            "nr": "2.1.1",
            "l": "Fler barn och unga ska röra på sig varje dag.",
            "area": "Idrott för alla",
        },
        {"nr": "2.1.2", "l": "Simkunnigheten ska öka.", "area": "Idrott för alla"},
        {
            "nr": "3.1.1",
            "l": "Föreningslivet ska vara starkt och tillgängligt.",
            "area": "Föreningsliv",
        },
    ]
    doc = select(
        core,
        f"""SELECT ?year ?issuer WHERE {{ <{BASE}dokument/{DOC}> sg:ar ?year ;
        sg:utfardadAv/skos:prefLabel ?issuer }}""",
    )
    assert doc == [{"year": "2025", "issuer": "Idrotts- och föreningsnämnden"}]


def test_goal_texts_and_indicators(tmp_path: Path) -> None:
    core = _core(tmp_path)
    care = select(core, f"SELECT ?t WHERE {{ <{BASE}{DOC}/mal/2.1.1> sg:omhandertagande ?t }}")
    assert "i samverkan med föreningar och med särskilt fokus på flickor" in care[0]["t"]
    dev = select(
        core,
        f"""SELECT ?d WHERE {{ <{BASE}{DOC}/mal/2.1.1> sg:utvecklingsomrade ?d }}
        ORDER BY ?d""",
    )
    assert [r["d"] for r in dev] == [
        "Spontanidrott i parker; Utegym vid skolor",
        "Öppna hallar på helger",
    ]
    ind = select(
        core,
        f"""SELECT ?l ?src WHERE {{ <{BASE}{DOC}/mal/2.1.1> sg:indikator ?i .
        ?i skos:prefLabel ?l OPTIONAL {{ ?i sg:datakalla ?src }} }} ORDER BY ?l""",
    )
    assert ind == [
        {"l": "Andel barn som rör sig minst 60 minuter per dag"},
        {
            "l": "Antal besök i öppna hallar",
            "src": "Uppgiften hämtas från förvaltningens besöksräknare.",
        },
    ]
    warnings = [f.focus.removeprefix(BASE) for f in core.validate().warnings]
    assert warnings == [f"{DOC}/mal/2.1.2", f"{DOC}/mal/3.1.1"]


def test_assignments(tmp_path: Path) -> None:
    core = _core(tmp_path)
    rows = select(
        core,
        """SELECT ?nr ?typ ?ar ?budget ?datum ?par ?punkt WHERE {
        ?u a sg:Uppdrag ; sg:ursprung ?o . BIND(STRAFTER(STR(?u), "/uppdrag/") AS ?nr)
        ?o sg:ursprungstyp ?typ ; sg:budgetar ?ar ; sg:iBudget ?budget .
        OPTIONAL { ?o sg:beslutsdatum ?datum } OPTIONAL { ?o sg:paragraf ?par }
        OPTIONAL { ?o sg:punkt ?punkt } } ORDER BY ?nr""",
    )
    assert rows == [
        {"nr": "2.2.1", "typ": "KF", "ar": "2025", "budget": "true"},
        {"nr": "2.2.2", "typ": "KF", "ar": "2024", "budget": "true"},
        {"nr": "3.2.1", "typ": "SN", "ar": "2023", "budget": "false"},
        {
            "nr": "3.2.2",
            "typ": "KF",
            "ar": "2024",
            "budget": "false",
            "datum": str(date(2024, 5, 16)),
            "par": "§12",
            "punkt": "3",
        },
    ]
    who = select(
        core,
        """SELECT ?nr (GROUP_CONCAT(?k; separator=",") AS ?ks) WHERE {
        ?u sg:ansvarig ?a . BIND(STRAFTER(STR(?u), "/uppdrag/") AS ?nr)
        BIND(STRAFTER(STR(?a), "/org/") AS ?k) } GROUP BY ?nr ORDER BY ?nr""",
    )
    assert [(r["nr"], sorted(r["ks"].split(","))) for r in who] == [
        ("2.2.1", ["idrotts-och-foreningsnamnden"]),
        ("2.2.2", ["alla-namnder-och-styrelser"]),
        ("3.2.1", ["idrotts-och-foreningsnamnden"]),
        ("3.2.2", ["idrotts-och-foreningsnamnden", "kulturnamnden"]),
    ]
    performer = select(
        core,
        f"""SELECT ?l WHERE {{ <{BASE}{DOC}/uppdrag/3.2.1>
        sg:utforare/skos:prefLabel ?l ; sg:ledsAv/skos:prefLabel ?lead }}""",
    )
    assert performer == [{"l": "Idrotts- och föreningsförvaltningen"}]


def test_programme_rows(tmp_path: Path) -> None:
    core = _core(tmp_path)
    rows = select(
        core,
        """SELECT ?kind ?l ?omr ?eng WHERE { ?b sg:avser ?p ;
        sg:engagemang ?e . ?p a ?cls ; skos:prefLabel ?l . FILTER(?cls IN (sg:Program, sg:Plan))
        BIND(STRAFTER(STR(?cls), "#") AS ?kind) BIND(STRAFTER(STR(?e), "#") AS ?eng)
        OPTIONAL { ?b sg:omrade ?omr } } ORDER BY ?b""",
    )
    assert rows == [
        {
            "kind": "Program",
            "l": "Göteborgs Stads program för idrott och föreningsliv",
            "omr": "barn och unga",
            "eng": "Agerar",
        },
        {
            "kind": "Program",
            "l": "Göteborgs Stads program för idrott och föreningsliv",
            "omr": "vuxna",
            "eng": "Foljer",
        },
        {
            "kind": "Plan",
            "l": "Göteborgs Stads handlingsplan för lokalförsörjning",
            "eng": "OmhandertasInom",
        },
    ]


def test_synthetic_and_real_plans_live_side_by_side(tmp_path: Path) -> None:
    core = _core(tmp_path)
    core.ingest(
        files=[
            Path(__file__).parent.parent
            / "corpus"
            / "verksamhetsplan-2023-socialnamnden-sydvast.txt"
        ]
    )
    assert select(core, "SELECT (COUNT(?m) AS ?n) WHERE { ?m a sg:Mal }") == [{"n": "15"}]
    assert select(core, "SELECT (COUNT(?d) AS ?n) WHERE { ?d a sg:Verksamhetsplan }") == [
        {"n": "2"}
    ]
