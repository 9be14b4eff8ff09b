"""The malstyrning engine on Kungsbacka's real documents: what it reads (before RDF).

Counts are the hand counts of /work/shared/corpus-more/SOURCES.md (Vård & Omsorg's
årsredovisning 2024 and nämndbudget 2025, vendored under corpus/kungsbacka/).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ingest.engine_api import TemplateInfo
from ingest.errors import DocumentError
from ingest.malstyrning import read
from ingest.malstyrning.ids import label_slug
from ingest.malstyrning.model import IndicatorRow, Parsed
from ingest.malstyrning.pages import clean
from ingest.source import read_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "kungsbacka"
AR = CORPUS / "kungsbacka_vard-omsorg_arsredovisning2024_maluppfoljning.txt"
BUDGET = CORPUS / "kungsbacka_vard-omsorg_namndbudget2025.txt"


def template(name: str) -> TemplateInfo:
    data = tomllib.loads((ROOT / "ingest" / "templates" / f"{name}.toml").read_text("utf-8"))
    return TemplateInfo(id=data["id"], engine=data["engine"], data=data)


@pytest.fixture(scope="module")
def ar() -> Parsed:
    return read(read_document(AR), template("kungsbacka-arsredovisning"))


@pytest.fixture(scope="module")
def budget() -> Parsed:
    return read(read_document(BUDGET), template("kungsbacka-namndbudget"))


def rows_by_name(parsed: Parsed) -> dict[str, IndicatorRow]:
    return {row.name: row for row in parsed.indicator_rows()}


def values(row: IndicatorRow) -> dict[int, str]:
    return {year: value.text for year, value in sorted(row.outcomes.items())}


def test_cleaning_drops_headers_page_numbers_escapes_and_keeps_pages() -> None:
    lines = clean(AR.read_text("utf-8"))
    texts = [line.text for line in lines]
    assert "Nämndens årsredovisning 2024" not in texts
    assert not any(t.startswith("Nämnden för Vård & Omsorg   ") for t in texts)
    assert "7" not in texts and "16" not in texts  # page numbers (also glued after a table)
    assert "3" in texts  # ... but a lone table value "3" stays
    assert lines[13].text.startswith("- I Kungsbacka finns attraktiva bostäder")  # was "\- "
    assert (lines[13].no, lines[13].page) == (14, 8)
    assert lines[-3].page == 22
    budget = clean(BUDGET.read_text("utf-8"))
    assert not any(line.text.startswith("[Tabell") for line in budget)


def test_arsredovisning_goals_fokus_and_namndmal(ar: Parsed) -> None:
    kf = [g for g in ar.goals if g.level == "kf"]
    namnd = [g for g in ar.goals if g.level == "namnd"]
    assert [g.number for g in kf] == ["3.1", "3.2", "3.3", "3.4", "3.5"]
    assert [len(g.fokus) for g in kf] == [4, 4, 2, 2, 4]
    assert kf[1].fokus[1].label == (
        "Kungsbacka ska verka för ett fossilfritt och cirkulärt samhälle "
        "som också skyddar och främjar biologisk mångfald."
    )
    assert [g.number for g in namnd] == ["3.1.1", "3.1.2", "3.5.1"]
    assert namnd[1].title == (
        "Andelen enskilda i våra verksamheter som har en aktuell genomförandeplan ska "
        "årligen öka och 2025 uppgå till minst 95 %"
    )
    fokus = {label_slug(f.label): g.number for g in kf for f in g.fokus}
    assert [fokus[label_slug(g.fokus_link or "")] for g in namnd] == ["3.1", "3.1", "3.5"]


def test_arsredovisning_assessments(ar: Parsed) -> None:
    goals = {g.number: g for g in ar.goals}
    first = goals["3.1"].assessments
    assert [(a.kind, a.level) for a in first] == [
        ("Kommunövergripande bedömning", "DelvisUppfylld"),
        ("Sammanfattning av nämndens arbete med målet", "DelvisUppfylld"),
    ]
    assert first[0].text == "Vi har inte nått målet men är på rätt väg"
    assert first[0].mention.line.no == 20 and first[0].mention.line.page == 8
    kinds = [(n, a.kind) for n, g in goals.items() for a in g.assessments]
    assert sum(k == "Sammanfattning av nämndens arbete med målet" for _, k in kinds) == 3
    assert [n for n, k in kinds if k == "Kommentar på nämndmål"] == ["3.1.1", "3.1.2"]
    assert goals["3.5"].assessments[0].text.startswith("Kompetensutveckling Under 2024")
    assert goals["3.5"].assessments[0].text.endswith("Effekten kan inte analyseras ännu.")


def test_arsredovisning_direktiv_and_follow_ups(ar: Parsed) -> None:
    (d,) = ar.directives
    assert (d.number, d.level) == ("4.1", "kf")
    assert d.title == "DIREKTIV - INNOVATION OCH OMSTÄLLNING TILL NYA ARBETSSÄTT"
    assert [p.text for p in d.points][-1] == (
        "Säkerställa att tillräckliga medel inom tilldelad ram öronmärks för "
        "innovationsarbete och digitalisering som bidrar till framtidens välfärd"
    )
    assert len(d.points) == 6
    assert [len(p.followups) for p in d.points] == [1] * 6
    assert d.points[5].followups[0].text.startswith("Nämnden för Vård & Omsorg har avsatt")
    assert d.points[0].followups[0].kind == "Uppföljning direktiv"


def test_arsredovisning_indicators_per_goal(ar: Parsed) -> None:
    per = {g.number: len(g.indicators) for g in ar.goals}
    assert per == {
        "3.1": 7,
        "3.2": 16,
        "3.3": 6,
        "3.4": 5,
        "3.5": 2,
        "3.1.1": 2,
        "3.1.2": 3,
        "3.5.1": 1,
    }
    assert [r.name for r in ar.directives[0].indicators] == [
        "Status direktiv: Andel innovationsprojekt som drivits under året",
        "Status direktiv: Andel av bruttokostnaden som avsätts för "
        "innovationsarbete och digitalisering",
    ]
    assert len(ar.indicator_rows()) == 44 + 13  # the goals' and direktiv's, verksamhetsmått
    empty = sorted(r.name for r in ar.indicator_rows() if r.how == "empty")
    assert empty == [
        "Ekologisk status i Kungsbackafjorden (VISS)",
        "Energiförbrukning i kommuns lokaler per kvadratmeter",
        "Skyddad natur totalt, andel (Kolada)",
    ]


def test_arsredovisning_yearly_outcomes(ar: Parsed) -> None:
    measures = {id(r) for r in ar.measures}
    rows = [r for r in ar.indicator_rows() if id(r) not in measures]
    with_years = [r for r in rows if r.how != "none"]
    safe = [r for r in rows if r.assigned]
    convention = [r for r in rows if r.how == "earliest"]
    print(f"\n{len(with_years)}/{len(rows)} rows have yearly outcomes; {len(safe)} safely")
    for r in convention:
        print(f"  by the template's 'earliest' convention: line {r.line.no} {r.name[:70]}")
    assert len(with_years) / len(rows) >= 0.95
    assert (len(safe), len(convention)) == (26, 18)
    assert {r.how for r in safe} == {"count", "columns", "empty"}
    assert all(r.warning for r in convention)
    by = rows_by_name(ar)
    assert values(by["Antal påbörjade bostäder"]) == {
        2021: "216",
        2022: "848",
        2023: "165",
        2024: "141",
    }
    crimes = by["Anmälda brott per invånare (antal/100 000 invånare)"]
    assert crimes.how == "columns"
    assert {y: v.number for y, v in crimes.outcomes.items()} == {2021: 5321, 2022: 5691, 2023: 6475}
    short = by["Andel aktuella genomförandeplaner inom korttidsboende, egenregi"]
    assert (short.how, values(short)) == ("columns", {2022: "84,6 %", 2023: "77,3 %"})
    assert short.outcomes[2022].unit == "%"
    hushall = by[
        "Avfall från hushåll ska minska med 30% per invånare från 2020 till 2030. "
        "Startvärde 100, målvärde 2030 är 70."
    ]
    assert values(hushall) == {2021: "98", 2022: "97"}
    work = by["Sysselsatt dagbefolkning, antal"]
    assert work.outcomes[2021].number == 28485 and work.how == "earliest"


def test_unanchored_values_are_not_guessed_when_the_template_says_warn() -> None:
    strict = template("kungsbacka-arsredovisning")
    words = {**strict.data["words"], "unanchored_values": "warn"}
    parsed = read(
        read_document(AR), TemplateInfo(strict.id, strict.engine, {**strict.data, "words": words})
    )
    unassigned = [r for r in parsed.indicator_rows() if r.how == "none"]
    assert len(unassigned) == 18 + 2  # 2 of them verksamhetsmått
    assert all(not r.outcomes and r.warning for r in unassigned)
    assert sum("utan kolumnläge" in w for w in parsed.warnings) == 18 + 2


def test_arsredovisning_verksamhetsmatt_are_measures_without_a_goal(ar: Parsed) -> None:
    # Chapter 5: headers "Namn  Utfall Utfall ..." with the years on the next line.
    got = [(r.section, r.name, r.how) for r in ar.measures]
    assert [(s, n[:30], h) for s, n, h in got] == [
        ("5.2", "Kostnad äldreomsorg, kr/inv 65", "earliest"),
        ("5.2", "Nettokostnadsavvikelse", "columns"),
        ("5.2", "Antal omsorgstagare i verksamh", "count"),
        ("5.2", "Antal omsorgstagare i verksamh", "count"),
        ("5.2", "Antal patienter i hemsjukvårde", "count"),
        ("5.3", "Antal lägenheter på vård- och ", "count"),
        ("5.3", "Antal lägenheter för korttids/", "count"),
        ("5.3", "Beläggningsgrad vård- och omso", "count"),
        ("5.3", "Antal timmar hemtjänst", "count"),
        ("5.3", "Kö till vård- och omsorgsboend", "count"),
        ("5.4", "Brukar personal i hemsjukvårde", "earliest"),
        ("5.4", "Andel som sammantaget är mycke", "count"),
        ("5.4", "Andel som sammantaget är mycke", "count"),
    ]
    by = {r.name: r for r in ar.measures}
    # A run of single-spaced values is cut into values: by the digit groups ...
    cost = by["Kostnad äldreomsorg, kr/inv 65+"]
    assert values(cost) == {2020: "61 637", 2021: "64 751", 2022: "66 654", 2023: "70 419"}
    assert cost.warning and "åren antagna" in cost.warning
    # ... or, three-digit groups only, into as many equal values as there are columns.
    assert values(by["Antal timmar hemtjänst"]) == {
        2020: "580 297",
        2021: "582 438",
        2022: "537 632",
        2023: "545 404",
        2024: "548 528",
    }
    assert values(by["Nettokostnadsavvikelse"]) == {
        2020: "5,7 %",
        2021: "9,2 %",
        2022: "6,9 %",
        2023: "8 %",
    }
    assert values(by["Andel som sammantaget är mycket eller ganska nöjda med sin hemtjänst."]) == {
        2020: "88 %",
        2022: "90 %",
        2023: "91 %",
        2024: "88 %",
    }
    assert not any("Verksamhetsmått" in w for w in ar.warnings)


def test_budget_goals_direktiv_and_skipped_parts(budget: Parsed) -> None:
    kf = [g for g in budget.goals if g.level == "kf"]
    assert [len(g.fokus) for g in kf] == [4, 4, 2, 2, 4]
    assert [g.number for g in budget.goals if g.level == "namnd"] == [
        "5.1.1",
        "5.1.2",
        "5.4.1",
        "5.5.1",
    ]
    assert [g.fokus_link is not None for g in budget.goals if g.level == "namnd"] == [
        True,
        False,
        False,
        False,
    ]
    kf_dir = [d for d in budget.directives if d.level == "kf"]
    assert [(d.number, len(d.points)) for d in kf_dir] == [("6.1.1", 8), ("6.1.2", 6), ("6.1.3", 2)]
    (own,) = [d for d in budget.directives if d.level == "namnd"]
    assert own.number == "6.2.1" and own.title.endswith(
        "öka utbudet av aktiviteter på särskilda boenden"
    )
    assert kf_dir[0].points[1].text == (
        "aktivt samverka med invånare, civilsamhälle, näringsliv, akademi samt andra offentliga "
        "aktörer för att hitta lösningar"
    )
    assert any("5.6 'Initiativ från nämnden' lästes inte" in w for w in budget.warnings)
    assert any("kapitel 7 'Verksamhetsmått' lästes inte" in w for w in budget.warnings)


def test_budget_indicator_rows_targets_and_placement(budget: Parsed) -> None:
    rows = budget.indicator_rows()
    assert len(rows) == 51
    assert len({label_slug(r.name) for r in rows}) == 48
    owner = {r.name: r.section for r in rows}
    assert owner["Brukarbedömning hemtjänst äldreomsorg, helhetssyn"] == "5.1"  # 70-1, under 5.1.2
    assert (
        owner[
            "Personalkontinuitet, antal personal som en hemtjänstmottagare möter under 14 dagar, "
            "medelvärde, egenregi"
        ]
        == "5.1.1"
    )
    assert owner["Upplevd ensamhet bland äldre inom hemtjänsten"] == "5.1.2"
    assert owner["Fossiloberoende personbilar i kommunorganisationen, andel (%)"] == "5.2"  # 72-1
    assert owner["Antal rapporterade fall"] == "5.4.1"  # 74-1, under 5.5.1
    assert owner["Upplevd möjlighet till kompetensutveckling"] == "5.5.1"
    # 73-1 stands under 5.4/5.4.1 but belongs to 5.3: 5.4.1 stands bare at the foot of page 73
    # and its table (74-1) went on to page 74 (placement.py).
    assert (
        owner["Antal nystartade företag per 1 000 invånare 16–64 år (etableringsfrekvens)"] == "5.3"
    )
    per = {g.number: len(g.indicators) for g in budget.goals}
    assert per == {
        "5.1": 8, "5.2": 16, "5.3": 6, "5.4": 5, "5.5": 2,
        "5.1.1": 2, "5.1.2": 2, "5.4.1": 3, "5.5.1": 3,
    }  # fmt: skip
    assert [len(d.indicators) for d in budget.directives] == [2, 0, 0, 2]
    by = rows_by_name(budget)
    assert values(by["Antal påbörjade bostäder"]) == {2022: "848", 2023: "165", 2024: "141"}
    assert by["Antal påbörjade bostäder"].targets[2025].target == "Öka"
    assert (
        by["Anmälda brott per invånare (antal/100 000 invånare)"].targets[2025].target == "Minska"
    )
    health = by["Upplevt hälsotillstånd, vård- och omsorgsboende"].targets[2025]
    assert (health.text, health.unit) == ("30 %", "%")
    assert health.number == 30
    assert by["Antal rapporterade fall"].outcomes[2022].number == 4008
    first, second = budget.directives[0].indicators
    assert (first.name, first.targets[2025].text) == (
        "Andel innovationsprojekt som drivits under året",
        "Öka",
    )
    assert (
        second.name
        == "Andel av bruttokostnaden som avsätts för innovationsarbete och digitalisering"
    )
    assert second.targets[2025].text == "Öka"
    assert [r.name for r in budget.directives[3].indicators] == [
        "Boende är nöjda med de aktiviteter som erbjuds på vård- och omsorgsboende",
        "Upplevd ensamhet bland äldre på vård-och omsorgsboende",
    ]


def test_a_document_of_another_template_is_refused_in_one_line() -> None:
    plan = read_document(ROOT / "corpus" / "verksamhetsplan-2023-socialnamnden-sydvast.txt")
    with pytest.raises(DocumentError) as info:
        read(plan, template("kungsbacka-namndbudget"))
    assert str(info.value) == (
        f"{plan.path}: has no goal or direktiv the template kungsbacka-namndbudget can read; "
        "expected numbered sections followed by 'Beslutats av' and a level"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"heading": None}, "words.heading is missing; expected a non-empty string"),
        ({"year_column": "Utfall (\\d{4})"}, "words.year_column needs the named group(s) year"),
        ({"fokus_link": "(unclosed"}, "words.fokus_link is not a regex"),
        ({"levels": {"Kommunfullmäktige": "kommun"}}, "words.levels gives ['kommun']"),
    ],
)
def test_a_broken_template_is_refused_before_reading(
    change: dict[str, object], message: str
) -> None:
    base = template("kungsbacka-arsredovisning")
    words = {k: v for k, v in {**base.data["words"], **change}.items() if v is not None}
    broken = TemplateInfo(base.id, base.engine, {**base.data, "words": words})
    with pytest.raises(DocumentError) as info:
        read(read_document(AR), broken)
    assert f"template kungsbacka-arsredovisning: {message}" in str(info.value)
