"""Saved gap queries against the real corpus: every expected id and count below was read off
corpus/verksamhetsplan-2023-socialnamnden-sydvast.txt (line numbers in the comments), not
copied from the queries' output."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from ingest.errors import NotFound
from search_api import cli
from search_api.app import create_app
from search_api.core import Styrgraf
from search_api.gaps import get_gap, list_gaps, run_gap
from search_api.gaps.loader import GapFileError, parse_gap
from tests.conftest import BASE, INDICATORS_PER_GOAL
from tests.conftest import DOC as VP


@pytest.fixture(scope="module")
def client(core: Styrgraf) -> TestClient:
    return TestClient(create_app(core))


def cell(term: object) -> str:
    """A result cell as text, ids without the base; '' when the variable is unbound."""
    if term is None:
        return ""
    value = term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)
    return value.removeprefix(BASE)


def rows(core: Styrgraf, name: str) -> list[dict[str, str]]:
    results = run_gap(core, name)
    names = [v.value for v in results.variables]
    return [{n: cell(solution[n]) for n in names} for solution in results]


def column(found: list[dict[str, str]], name: str) -> list[str]:
    return [row[name] for row in found]


# ---------------------------------------------------------------------------- the files


def test_every_query_has_a_swedish_header_and_is_a_select(core: Styrgraf) -> None:
    gaps = list_gaps()
    names = [g.name for g in gaps]
    assert names == sorted(names)
    for required in (
        "mal-utan-indikatorer",
        "indikatorer-utan-malvarde",
        "uppdrag-per-ursprung",
        "delade-uppdrag",
        "malomraden-oversikt",
        "program-som-foljs",
        "uppdrag-utan-malomrade",
        "overforda-uppdrag",
    ):
        assert required in names
    for gap in gaps:
        assert gap.title and gap.description and "SELECT" in gap.query
        assert isinstance(core.sparql(gap.query), ox.QuerySolutions)


def test_header_parsing_joins_continuation_lines() -> None:
    gap = parse_gap("x", "# title: Titel\n# description: Första\n#   andra raden\nSELECT * {}\n")
    assert (gap.title, gap.description) == ("Titel", "Första andra raden")
    with pytest.raises(GapFileError):
        parse_gap("y", "# title: Bara titel\nSELECT * {}\n")


def test_unknown_gap_is_not_found(core: Styrgraf) -> None:
    for name in ("finns-inte", "../etc/passwd", "MAL-UTAN-INDIKATORER"):
        with pytest.raises(NotFound):
            get_gap(name)
    with pytest.raises(NotFound):
        run_gap(core, "finns-inte")


# ---------------------------------------------------------------------------- each query


def test_mal_utan_indikatorer(core: Styrgraf) -> None:
    # 3.1.1.2 (line 182) has no Uppföljning at all; 3.4.1.2 (line 387) says
    # "Indikatorer på stadsområdesnivå saknas".
    found = rows(core, "mal-utan-indikatorer")
    assert column(found, "mal") == [f"{VP}/mal/3.1.1.2", f"{VP}/mal/3.4.1.2"]
    assert column(found, "malomrade_namn") == ["Tidiga insatser", "Delaktighet och tillit"]


def test_indikatorer_utan_malvarde(core: Styrgraf) -> None:
    # 46 indicators; only the local environmental goals of 3.5.1.1 (lines 433-440) state a
    # target ("minska med 50% till 2026", ...), and the sixth of them (line 441) does not.
    found = rows(core, "indikatorer-utan-malvarde")
    assert len(found) == 41
    ids = set(column(found, "indikator"))
    for order in range(1, 6):
        assert f"{VP}/mal/3.5.1.1/indikator/{order}" not in ids
    assert f"{VP}/mal/3.5.1.1/indikator/6" in ids
    first = found[0]
    assert first["indikator"] == f"{VP}/mal/3.1.1.1/indikator/1"
    assert first["mal"] == f"{VP}/mal/3.1.1.1"
    assert first["indikator_namn"] == "Antal hushåll med försörjningsstöd"


def test_indikatorer_per_mal(core: Styrgraf) -> None:
    # Counted from the Uppföljning lists: 3.1.1.1 lines 174-180, 3.4.1.1 lines 357-364, ...
    found = rows(core, "indikatorer-per-mal")
    counts = {r["avsnitt"]: int(r["indikatorer"]) for r in found}
    assert counts == INDICATORS_PER_GOAL
    assert {r["avsnitt"]: r["med_malvarde"] for r in found}["3.5.1.1"] == "5"


def test_uppdrag_per_ursprung(core: Styrgraf) -> None:
    # Chapter 2 (line 99): 12 assignments from the 2023 budget and 14 carried over.
    found = rows(core, "uppdrag-per-ursprung")
    groups = {
        (r["ursprungstyp"], r["budgetar"], r["i_budget"]): (
            int(r["antal"]),
            r["avsnitt_lista"].split(),
        )
        for r in found
    }
    assert groups == {
        ("KF", "2023", "true"): (
            12,
            [
                "3.1.2.2",
                "3.1.2.3",
                "3.1.2.4",
                "3.1.2.5",
                "3.3.2.3",
                "3.3.2.4",
                "3.3.2.5",
                "3.4.2.5",
                "3.4.2.6",
                "3.5.2.4",
                "3.5.2.5",
                "3.5.2.6",
            ],
        ),
        # "KF uppdrag från budget 2022" (lines 302, 303)
        ("KF", "2022", "true"): (2, ["3.3.2.1", "3.3.2.2"]),
        # "KF uppdrag utanför budget 2022" and the decisions of 2022-09-15 and 2022-10-06
        ("KF", "2022", "false"): (
            7,
            ["3.1.2.1", "3.1.2.6", "3.4.2.1", "3.4.2.2", "3.4.2.3", "3.4.2.4", "3.5.2.2"],
        ),
        ("KF", "2021", "false"): (1, ["3.5.2.1"]),  # line 546
        ("SN", "2022", "false"): (2, ["3.2.2.1", "3.3.2.7"]),  # lines 255, 310
        ("SN", "2021", "false"): (2, ["3.3.2.6", "3.5.2.3"]),  # lines 309, 548
    }
    assert sum(count for count, _ in groups.values()) == 26


def test_uppdrag_ursprung_listing(core: Styrgraf) -> None:
    found = {r["avsnitt"]: r for r in rows(core, "uppdrag-ursprung")}
    assert len(found) == 26
    # Line 209: "KF uppdrag utanför budget, KF 2022-09-15 §18"
    assert found["3.1.2.1"]["beslutsdatum"] == "2022-09-15"
    assert found["3.1.2.1"]["paragraf"] == "§18"
    # Line 214: "KF uppdrag utanför budget, KF 2022-10-06 §14, punkt 5"
    assert (found["3.1.2.6"]["paragraf"], found["3.1.2.6"]["punkt"]) == ("§14", "5")
    assert found["3.1.2.4"]["ursprung_text"] == "KF uppdrag budget 2023"
    assert found["3.1.2.4"]["overfort"] == "false"


def test_overforda_uppdrag(core: Styrgraf) -> None:
    # Line 99: "Från föregående år kvarstår 14 uppdrag".
    found = rows(core, "overforda-uppdrag")
    assert sorted(column(found, "avsnitt")) == [
        "3.1.2.1",
        "3.1.2.6",
        "3.2.2.1",
        "3.3.2.1",
        "3.3.2.2",
        "3.3.2.6",
        "3.3.2.7",
        "3.4.2.1",
        "3.4.2.2",
        "3.4.2.3",
        "3.4.2.4",
        "3.5.2.1",
        "3.5.2.2",
        "3.5.2.3",
    ]
    assert set(column(found, "budgetar")) == {"2021", "2022"}


def test_uppdrag_utan_malomrade_is_empty(core: Styrgraf) -> None:
    # Every Uppdrag table sits under a goal area (3.x.2).
    assert rows(core, "uppdrag-utan-malomrade") == []


def test_delade_uppdrag(core: Styrgraf) -> None:
    found = {r["avsnitt"]: r for r in rows(core, "delade-uppdrag")}
    # Not shared: the committee's own SN assignments to its administration (lines 255, 309,
    # 310, 548), 3.4.2.4 ("Socialnämnd Sydväst får i uppdrag", line 397) and 3.5.2.2
    # ("Göteborgs Stad tar fram", line 547).
    assert sorted(found) == [
        "3.1.2.1",
        "3.1.2.2",
        "3.1.2.3",
        "3.1.2.4",
        "3.1.2.5",
        "3.1.2.6",
        "3.3.2.1",
        "3.3.2.2",
        "3.3.2.3",
        "3.3.2.4",
        "3.3.2.5",
        "3.4.2.1",
        "3.4.2.2",
        "3.4.2.3",
        "3.4.2.5",
        "3.4.2.6",
        "3.5.2.1",
        "3.5.2.4",
        "3.5.2.5",
        "3.5.2.6",
    ]
    # Line 209: Kommunstyrelsen and the four committees; stadsledningskontoret leads.
    assert found["3.1.2.1"]["antal_ansvariga"] == "5"
    assert "Kommunstyrelsen" in found["3.1.2.1"]["ansvariga"]
    assert found["3.1.2.1"]["leds_av"] == "Stadsledningskontoret"
    assert found["3.1.2.4"]["samverkansparter"] == "Framtiden AB"  # line 212
    assert found["3.1.2.5"]["samverkansparter"] == "Västra Götalandsregionen"  # line 213
    assert found["3.3.2.4"]["samverkansparter"] == "Stadsfastighetsnämnden"  # line 305
    assert found["3.3.2.1"]["leds_av"] == "Socialförvaltningen Centrum"  # line 302
    assert found["3.4.2.5"]["leds_av"] == "Socialförvaltningen Centrum"  # line 398
    # Line 396: Sydväst alone is responsible, together with the other three committees.
    assert found["3.4.2.3"]["antal_ansvariga"] == "1"
    assert found["3.4.2.3"]["samverkansparter"].count("Socialnämnden") == 3
    assert found["3.4.2.1"]["antal_ansvariga"] == "6"  # line 392
    assert found["3.5.2.5"]["ansvariga"] == "Alla nämnder och styrelser"  # line 552


def test_malomraden_oversikt(core: Styrgraf) -> None:
    found = rows(core, "malomraden-oversikt")
    table = {
        r["malomrade_namn"]: tuple(
            int(r[k]) for k in ("mal", "uppdrag", "program", "planer", "indikatorer", "bidrag")
        )
        for r in found
    }
    assert column(found, "malomrade_namn")[-1] == "Totalt"
    assert table == {
        # mål, uppdrag, program, planer, indikatorer, rader i Program och planer
        "Tidiga insatser": (3, 6, 2, 3, 8, 5),  # lines 122-223
        "Arbete och sysselsättning": (1, 1, 1, 0, 4, 1),  # lines 227-260
        "Trygghet och stadsutveckling": (1, 7, 2, 3, 5, 5),  # lines 264-321
        "Delaktighet och tillit": (2, 6, 2, 8, 8, 10),  # lines 325-419
        "Kultur, kvalitet och effektivitet": (5, 6, 3, 4, 21, 7),  # lines 423-564
        # Line 99: 12 mål, 12 + 14 uppdrag, 7 program and 18 planer. "Program och plan för en
        # jämlik stad" is one programme in four areas, so the area rows sum to 10 programmes.
        "Totalt": (12, 26, 7, 18, 46, 28),
    }


def test_program_som_foljs(core: Styrgraf) -> None:
    found = rows(core, "program-som-foljs")
    assert [(r["avsnitt"], r["engagemang_namn"]) for r in found] == [
        ("3.4.3.3", "Följer"),  # line 410: "Förvaltningen följer arbetet med översyn ..."
        ("3.5.3.2", "Omhändertas inom annat"),  # line 559: "Omhändertas inom klimatmålet."
        ("3.5.3.4", "Omhändertas inom annat"),  # line 561: "Omhändertas inom klimatmålet."
        ("3.5.3.5", "Följer"),  # line 562: "Förvaltningen planerar inga aktiviteter ..."
    ]
    assert found[1]["program"] == "goteborg/program/goteborgs-stads-miljo-och-klimatprogram"
    assert found[1]["omhandertagande"] == "Omhändertas inom klimatmålet."


def test_program_i_flera_malomraden(core: Styrgraf) -> None:
    # Lines 219, 260, 317 and 409: the one programme with several areas.
    found = rows(core, "program-i-flera-malomraden")
    assert column(found, "program") == [
        "goteborg/program/goteborgs-stads-program-och-plan-for-jamlik-stad"
    ]
    assert (found[0]["antal_malomraden"], found[0]["antal_bidrag"]) == ("4", "4")


# ---------------------------------------------------------------------------- HTTP


def test_http_list(client: TestClient) -> None:
    response = client.get("/gaps")
    assert response.status_code == 200
    body = response.json()
    assert [g["name"] for g in body] == [g.name for g in list_gaps()]
    first = body[0]
    assert set(first) == {"name", "title", "description", "url", "query"}
    assert first["url"] == f"/gaps/{first['name']}"


def test_http_run_json_by_default(client: TestClient) -> None:
    response = client.get("/gaps/mal-utan-indikatorer")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    bindings = response.json()["results"]["bindings"]
    assert [b["avsnitt"]["value"] for b in bindings] == ["3.1.1.2", "3.4.1.2"]
    assert bindings[0]["mal"] == {"type": "uri", "value": f"{BASE}{VP}/mal/3.1.1.2"}


def test_http_run_csv_tsv_xml(client: TestClient) -> None:
    response = client.get("/gaps/malomraden-oversikt", headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["malomrade_namn"] for r in table][-1] == "Totalt"
    assert table[-1]["uppdrag"] == "26"
    tsv = client.get(
        "/gaps/delade-uppdrag", headers={"Accept": "text/tab-separated-values, */*;q=0.1"}
    )
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert len(tsv.text.strip().splitlines()) == 1 + 20
    xml = client.get("/gaps/mal-utan-indikatorer?format=xml")
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")
    assert "3.4.1.2" in xml.text


def test_http_unknown_gap_and_unacceptable(client: TestClient) -> None:
    response = client.get("/gaps/finns-inte")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert set(response.json()) >= {"type", "title", "status", "detail"}
    assert "mal-utan-indikatorer" in response.json()["detail"]
    response = client.get("/gaps/mal-utan-indikatorer", headers={"Accept": "image/png"})
    assert response.status_code == 406
    response = client.get("/gaps/mal-utan-indikatorer?format=pdf")
    assert response.status_code == 422
    assert response.json()["errors"][0]["valid_values"] == ["json", "xml", "csv", "tsv"]


def test_http_etag(client: TestClient) -> None:
    first = client.get("/gaps/program-som-foljs")
    tag = first.headers["etag"]
    again = client.get("/gaps/program-som-foljs", headers={"If-None-Match": tag})
    assert again.status_code == 304
    csv_version = client.get("/gaps/program-som-foljs", headers={"Accept": "text/csv"})
    assert csv_version.headers["etag"] != tag


# ---------------------------------------------------------------------------- CLI


@pytest.fixture()
def gaps_cli(core: Styrgraf, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STYRGRAF_DATA_DIR", str(core.settings.data_dir))
    monkeypatch.setenv("STYRGRAF_BASE_IRI", BASE)


@pytest.mark.usefixtures("gaps_cli")
def test_cli_lists_and_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["gaps"]) == 0
    listing = capsys.readouterr().out
    assert "mal-utan-indikatorer" in listing and "Mål utan indikatorer" in listing
    assert cli.main(["gaps", "mal-utan-indikatorer", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("mal,avsnitt,")
    assert len(lines) == 3
    assert cli.main(["gaps", "program-som-foljs"]) == 0
    assert "(4 rows)" in capsys.readouterr().out
    assert cli.main(["gaps", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [g["name"] for g in listed] == [g.name for g in list_gaps()]
    assert cli.main(["gaps", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert table[0] == {
        "name": listed[0]["name"],
        "title": listed[0]["title"],
        "description": listed[0]["description"],
    }


@pytest.mark.usefixtures("gaps_cli")
def test_cli_unknown_gap_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["gaps", "finns-inte"]) == 2
    assert "finns-inte" in capsys.readouterr().err
