"""Kommuner and templates are data: a new kommun and template by files alone, detection, the
manifest's word, refusals of unknown documents and broken files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from graph.settings import Settings
from ingest.detect import detect
from ingest.errors import DocumentError
from ingest.source import read_document
from ingest.templates import load_registry
from search_api.core import Styrgraf
from tests.conftest import BASE, PLAN, ROOT
from tests.support.server import run_cli

KOMMUN = """\
id = "exempelby"
label = "Exempelby kommun"
names = ["Exempelby kommun", "Exempelby"]
origin_codes = ["KF", "KS"]
stop_phrases = ["Exempelby kommun"]

[organisation]
"Kommunfullmäktige" = "Namnd"
"Kommunstyrelsen" = "Namnd"
"Socialnämnden" = "Namnd"

[origin_bodies]
"KF" = "Kommunfullmäktige"
"KS" = "Kommunstyrelsen"

[[administration]]
issuer = '^(?P<before>.*?)nämnden(?P<after>.*)$'
label = "{before}förvaltningen{after}"
"""

TEMPLATE = """\
id = "exempelby-namndplan"
engine = "omradesplan"
kind = "nämndplan"
class = "Verksamhetsplan"
# Göteborg's plan words, with these replaced:
extends = "goteborg-verksamhetsplan"

[detect]
head_lines = 8
title = '(?im)^nämndplan\\s+(?P<year>\\d{4})$'
issuer = '(?m)^(?P<issuer>\\S*nämnden)$'
kommun = '(?m)^(?P<kommun>\\S+ kommun)$'

[words]
goal_section = '(?i)^våra mål$'
assignment_section = '(?i)^uppdrag från'
programme_section = '(?i)^planer och program$'
origin = '(?P<issuer>KS|KF)\\s+uppdrag\\s+(?P<budget_year>\\d{4})\\s*\\.?\\s*$'
programme_rewrites = []

[words.announced]
goals = '(?i)(\\d+) mål\\b'
assignments = '(?i)(\\d+) uppdrag\\b'
"""


def document(kommun: str = "Exempelby kommun") -> str:
    return f"""\
Nämndplan 2026

Socialnämnden

{kommun}

1 Inledning

Nämnden har 2 mål och 2 uppdrag.

2 TRYGG UPPVÄXT

2.1 Våra mål

2.1.1 Alla barn ska ha en trygg uppväxt.

Nämndens omhändertagande

Förvaltningen arbetar med tidiga insatser i skolan.

Uppföljning

- Andel barn som känner sig trygga i skolan
- Antal orosanmälningar

2.2 Uppdrag från kommunstyrelsen

Uppdrag\tNämndens omhändertagande
Socialnämnden får i uppdrag att i samverkan med utbildningsnämnden minska skolfrånvaron.\t\
Förvaltningen tar fram en plan. KS uppdrag 2025

2.3 Planer och program

Program/plan
{kommun}s plan för barns rättigheter. Nämndens omhändertagande: Nämnden följer arbetet.

3 ARBETE OCH FÖRSÖRJNING

3.1 Våra mål

3.1.1 Fler ska ha ett arbete.

Nämndens omhändertagande

Förvaltningen stödjer personer som står långt från arbetsmarknaden.

Uppföljning

- Antal hushåll med försörjningsstöd

3.2 Uppdrag från kommunstyrelsen

Uppdrag\tNämndens omhändertagande
{kommun} ger socialnämnden i uppdrag att erbjuda feriejobb.\tFörvaltningen erbjuder 50 \
feriejobb. KF uppdrag 2026
"""


@pytest.fixture
def mallar(tmp_path: Path) -> Path:
    """A directory for STYRGRAF_TEMPLATE_DIRS with the Exempelby kommun and its template."""
    root = tmp_path / "mallar"
    (root / "kommuner").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "kommuner" / "exempelby.toml").write_text(KOMMUN, encoding="utf-8")
    (root / "templates" / "exempelby-namndplan.toml").write_text(TEMPLATE, encoding="utf-8")
    return root


def run(data: Path, mallar: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    templates = {} if mallar is None else {"STYRGRAF_TEMPLATE_DIRS": str(mallar)}
    return run_cli(args, data, env=templates)


def sparql(data: Path, query: str) -> list[dict[str, str]]:
    done = run(data, None, "sparql", "--format", "json", query)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["results"]["bindings"]
    return [{k: v["value"].removeprefix(BASE) for k, v in row.items()} for row in rows]


def test_a_new_kommun_and_template_by_files_alone(tmp_path: Path, mallar: Path) -> None:
    plan = tmp_path / "namndplan-2026-socialnamnden.txt"
    plan.write_text(document(), encoding="utf-8")
    data = tmp_path / "data"
    done = run(data, mallar, "ingest", "-q", str(plan))
    assert done.returncode == 0, done.stderr
    assert (
        "ingested 1 document(s): 2 Malomrade, 2 Mal, 2 Uppdrag, 1 Plan, "
        "3 Indikator, 1 Bidrag, 1 Dokument" in done.stdout
    )
    doc = "dokument/namndplan-2026-socialnamnden"
    assert sparql(
        data,
        f"SELECT ?typ ?ar ?k ?vem WHERE {{ <{BASE}{doc}> a sg:Verksamhetsplan ; "
        "sg:dokumenttyp ?typ ; sg:ar ?ar ; sg:kommun ?k ; sg:utfardadAv ?vem }",
    ) == [
        {
            "typ": "nämndplan",
            "ar": "2026",
            "k": "kommun/exempelby",
            "vem": "exempelby/org/socialnamnden",
        }
    ]
    shared = sparql(
        data,
        "SELECT DISTINCT ?x WHERE { ?x a ?c . VALUES ?c { sg:Malomrade sg:Plan sg:Namnd "
        "sg:Forvaltning sg:Aktor sg:Kommun } } ORDER BY ?x",
    )
    assert [r["x"] for r in shared] == [
        "exempelby/malomrade/arbete-och-forsorjning",
        "exempelby/malomrade/trygg-uppvaxt",
        "exempelby/org/exempelby-kommun",
        "exempelby/org/kommunfullmaktige",
        "exempelby/org/kommunstyrelsen",
        "exempelby/org/socialforvaltningen",
        "exempelby/org/socialnamnden",
        "exempelby/org/utbildningsnamnden",
        "exempelby/plan/exempelby-kommuns-plan-for-barns-rattigheter",
        "kommun/exempelby",
    ]
    origins = sparql(
        data,
        "SELECT ?nr ?typ ?ar ?av ?ansvarig WHERE { ?u sg:avsnitt ?nr ; sg:ansvarig ?ansvarig ; "
        "sg:ursprung ?o . ?o sg:ursprungstyp ?typ ; sg:budgetar ?ar ; sg:utfardare ?av } "
        "ORDER BY ?nr",
    )
    assert origins == [
        {
            "nr": "2.2.1",
            "typ": "KS",
            "ar": "2025",
            "av": "exempelby/org/kommunstyrelsen",
            "ansvarig": "exempelby/org/socialnamnden",
        },
        {
            "nr": "3.2.1",
            "typ": "KF",
            "ar": "2026",
            "av": "exempelby/org/kommunfullmaktige",
            "ansvarig": "exempelby/org/exempelby-kommun",
        },
    ]


def test_origin_codes_come_from_the_kommun_file(tmp_path: Path, mallar: Path) -> None:
    kommun = mallar / "kommuner" / "exempelby.toml"
    kommun.write_text(KOMMUN.replace('["KF", "KS"]', '["KF"]'), encoding="utf-8")
    plan = tmp_path / "namndplan.txt"
    plan.write_text(document(), encoding="utf-8")
    core = Styrgraf(Settings(data_dir=tmp_path / "data", base_iri=BASE, template_dirs=[mallar]))
    report = core.validate([plan])
    assert [(f.focus.removeprefix(BASE), f.message) for f in report.violations] == [
        (
            "namndplan/uppdrag/2.2.1/ursprung",
            "Ursprungstyp KS är inte en av kommunens ursprungstyper (origin_codes i kommunfilen).",
        )
    ]


def test_two_kommuners_socialnamnden_never_merge(tmp_path: Path, mallar: Path) -> None:
    (mallar / "kommuner" / "testkoping.toml").write_text(
        KOMMUN.replace("exempelby", "testkoping").replace("Exempelby", "Testköping"),
        encoding="utf-8",
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "exempelby.txt").write_text(document(), encoding="utf-8")
    (docs / "testkoping.txt").write_text(document("Testköping kommun"), encoding="utf-8")
    core = Styrgraf(Settings(data_dir=tmp_path / "data", base_iri=BASE, template_dirs=[mallar]))
    result = core.ingest(corpus=docs)
    assert result.counts["Mal"] == 4 and result.counts["Dokument"] == 2
    # Results read at once (list): the ingest's reference cycles can keep this frame alive
    # until another thread's collector runs, and pyoxigraph results are bound to their thread.
    rows = list(
        core.sparql(
            "SELECT DISTINCT ?n ?k ?label WHERE { ?n a sg:Namnd ; sg:kommun ?k ; skos:prefLabel "
            "?label FILTER(STR(?label) = 'Socialnämnden') } ORDER BY ?n"
        )
    )
    assert [(r["n"].value, r["k"].value, r["label"].value) for r in rows] == [
        (f"{BASE}exempelby/org/socialnamnden", f"{BASE}kommun/exempelby", "Socialnämnden"),
        (f"{BASE}testkoping/org/socialnamnden", f"{BASE}kommun/testkoping", "Socialnämnden"),
    ]
    ansvarig = list(
        core.sparql(
            "SELECT ?d ?n WHERE { ?u sg:avsnitt '2.2.1' ; sg:dokument ?d ; sg:ansvarig ?n } "
            "ORDER BY ?d"
        )
    )
    assert [(r["d"].value, r["n"].value) for r in ansvarig] == [
        (f"{BASE}dokument/exempelby", f"{BASE}exempelby/org/socialnamnden"),
        (f"{BASE}dokument/testkoping", f"{BASE}testkoping/org/socialnamnden"),
    ]


def test_an_unknown_document_is_refused_and_the_store_kept(tmp_path: Path, mallar: Path) -> None:
    data = tmp_path / "data"
    plan = tmp_path / "namndplan.txt"
    plan.write_text(document(), encoding="utf-8")
    assert run(data, mallar, "ingest", "-q", str(plan)).returncode == 0
    before = json.loads(run(data, None, "info").stdout)["version"]
    recipe = tmp_path / "recept.txt"
    recipe.write_text("Kanelbullar\n\nMjöl, smör och socker.\n", encoding="utf-8")
    done = run(data, mallar, "ingest", "-q", str(recipe))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr == (
        f"styrgraf: {recipe}: is not a document of a known kind (known: nämndplan "
        "(exempelby-namndplan), nyhet (goteborg-nyhet), verksamhetsplan "
        "(goteborg-verksamhetsplan), årsredovisning (kungsbacka-arsredovisning), nämndbudget "
        "(kungsbacka-namndbudget)); add a template file, see README 'Adding a kommun or a "
        "template'\n"
    )
    assert json.loads(run(data, None, "info").stdout)["version"] == before
    # Without the extra directory the Exempelby plan is unknown too.
    assert run(data, None, "ingest", "-q", str(plan)).returncode == 2


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("templates/exempelby-namndplan.toml", TEMPLATE.replace('engine = "omradesplan"\n', ""),
         "misses the key 'engine'"),
        ("templates/exempelby-namndplan.toml", TEMPLATE.replace('"omradesplan"', '"plan"'),
         "'engine' 'plan' is not an engine; expected one of omradesplan, nyhet, malstyrning"),
        ("templates/exempelby-namndplan.toml", TEMPLATE.replace("(?P<year>", "(?P<year"),
         "'detect.title' is not a valid regex"),
        ("templates/exempelby-namndplan.toml", TEMPLATE.replace("[words.announced]", "[words"),
         "is not valid TOML"),
        ("templates/exempelby-namndplan.toml", TEMPLATE.replace("(?P<issuer>KS|KF)", "(KS|KF)"),
         "[words] 'origin' must capture the origin code as (?P<issuer>...)"),
        ("templates/exempelby-namndplan.toml",
         TEMPLATE.replace('class = "Verksamhetsplan"', 'class = "Plan"'),
         "'class' must be one of Verksamhetsplan, Budget, Uppfoljning, Nyhet"),
        ("kommuner/exempelby.toml", KOMMUN.replace('label = "Exempelby kommun"\n', ""),
         "misses the key 'label'"),
        ("kommuner/exempelby.toml", KOMMUN.replace('"Socialnämnden" = "Namnd"', '"X" = "Nämnd"'),
         "[organisation] 'X' = 'Nämnd'; expected one of Namnd, Namndgrupp, Forvaltning, Aktor"),
    ],
)  # fmt: skip
def test_a_broken_file_is_one_line_naming_file_and_key(
    mallar: Path, file: str, text: str, expected: str
) -> None:
    (mallar / file).write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as refused:
        load_registry([mallar])
    assert str(refused.value).startswith(f"{mallar / file}: "), refused.value
    assert expected in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_broken_file_stops_the_cli_with_exit_2(tmp_path: Path, mallar: Path) -> None:
    (mallar / "templates" / "exempelby-namndplan.toml").write_text(
        TEMPLATE.replace("[detect]\nhead_lines = 8\n", "[detect]\nhead_lines = 8\nx = [\n"),
        encoding="utf-8",
    )
    done = run(tmp_path / "data", mallar, "ingest", "-q", str(PLAN))
    assert done.returncode == 2
    assert done.stderr.startswith(f"styrgraf: {mallar}/templates/exempelby-namndplan.toml: ")
    assert "is not valid TOML" in done.stderr and done.stderr.count("\n") == 1
    missing = run(tmp_path / "data", tmp_path / "nowhere", "ingest", "-q", str(PLAN))
    assert missing.returncode == 2
    assert "(in STYRGRAF_TEMPLATE_DIRS) is not a directory" in missing.stderr


def test_detection_reads_kind_kommun_issuer_and_year(tmp_path: Path, mallar: Path) -> None:
    registry = load_registry([mallar])
    plan = tmp_path / "np.txt"
    plan.write_text(document(), encoding="utf-8")
    meta = detect(read_document(plan), None, registry).meta
    assert (meta.kind, meta.kommun, meta.issuer, meta.year, meta.template) == (
        "nämndplan",
        "exempelby",
        "Socialnämnden",
        2026,
        "exempelby-namndplan",
    )
    gbg = detect(read_document(PLAN), None, registry).meta
    assert (gbg.kind, gbg.kommun, gbg.template) == (
        "verksamhetsplan",
        "goteborg",
        "goteborg-verksamhetsplan",
    )
    # Göteborg's template does not read a plan whose title lines name another kommun.
    kungsbacka = tmp_path / "vp-kungsbacka.txt"
    kungsbacka.write_text("Verksamhetsplan 2025\n\nSocialnämnden\n\nKungsbacka kommun\n")
    with pytest.raises(DocumentError, match="is not a document of a known kind"):
        detect(read_document(kungsbacka), None, registry)
    # A kommun without a kommun file is named in the refusal.
    other = tmp_path / "annan.txt"
    other.write_text(document("Annanstad kommun"), encoding="utf-8")
    with pytest.raises(DocumentError, match="names the kommun 'Annanstad kommun'"):
        detect(read_document(other), None, registry)


def test_the_manifest_overrides_detection(tmp_path: Path, mallar: Path) -> None:
    (mallar / "kommuner" / "testkoping.toml").write_text(
        KOMMUN.replace("exempelby", "testkoping").replace("Exempelby", "Testköping"),
        encoding="utf-8",
    )
    registry = load_registry([mallar])
    plan = tmp_path / "np.txt"
    plan.write_text(document(), encoding="utf-8")
    source = read_document(plan)
    entry = {"id": "np", "kommun": "Testköping", "issuer": "Vård- och omsorgsnämnden"}
    meta = detect(source, {**entry, "year": 2027, "kind": "nämndplan"}, registry).meta
    assert (meta.id, meta.kommun, meta.issuer, meta.year) == (
        "np",
        "testkoping",
        "Vård- och omsorgsnämnden",
        2027,
    )
    # Without its title line the document is unknown, unless the manifest names its kind or
    # template.
    untitled = tmp_path / "utan-titel.txt"
    untitled.write_text(document().replace("Nämndplan 2026\n", ""), encoding="utf-8")
    with pytest.raises(DocumentError, match="is not a document of a known kind"):
        detect(read_document(untitled), None, registry)
    forced = detect(read_document(untitled), {"kind": "nämndplan"}, registry)
    assert (forced.template.id, forced.meta.kommun, forced.meta.year) == (
        "exempelby-namndplan",
        "exempelby",
        None,
    )
    chosen = detect(read_document(untitled), {"template": "exempelby-namndplan"}, registry)
    assert chosen.template.id == "exempelby-namndplan"
    with pytest.raises(DocumentError, match="names the template 'nope', which does not exist"):
        detect(source, {"template": "nope"}, registry)
    with pytest.raises(DocumentError, match="says kind 'protokoll', which no template reads"):
        detect(source, {"kind": "protokoll"}, registry)


def test_a_later_file_replaces_a_bundled_one_and_is_tried_first(mallar: Path) -> None:
    bundled = (ROOT / "ingest" / "templates" / "goteborg-nyhet.toml").read_text(encoding="utf-8")
    (mallar / "templates" / "nyhet.toml").write_text(
        bundled.replace('kind = "nyhet"', 'kind = "webbnyhet"'), encoding="utf-8"
    )
    registry = load_registry([mallar])
    assert registry.templates["goteborg-nyhet"].data["kind"] == "webbnyhet"
    assert list(registry.templates)[:2] == ["exempelby-namndplan", "goteborg-nyhet"]


def test_template_dirs_setting_is_colon_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STYRGRAF_TEMPLATE_DIRS", "/a/mallar:/b/mallar")
    assert Settings().template_dirs == [Path("/a/mallar"), Path("/b/mallar")]
    assert Settings(_env_file=None, template_dirs=[]).template_dirs == []


def test_a_news_item_links_only_to_its_own_kommun(tmp_path: Path, mallar: Path) -> None:
    bundled = (ROOT / "ingest" / "templates" / "goteborg-nyhet.toml").read_text(encoding="utf-8")
    (mallar / "templates" / "exempelby-nyhet.toml").write_text(
        bundled.replace('"goteborg-nyhet"', '"exempelby-nyhet"').replace(
            'kommun = "goteborg"', 'kommun = "exempelby"\nextends = "goteborg-nyhet"'
        ),
        encoding="utf-8",
    )
    news = tmp_path / "nyhet.txt"
    news.write_text(
        "Socialnämnden har beslutat om nämndplanen\n\nPublicerad 1 mars 2026\n\n"
        "Livsvillkoren ska bli mer jämlika. Vi satsar på tidiga insatser och en trygg "
        "uppväxt för alla barn.\n",
        encoding="utf-8",
    )
    manifest = {
        "documents": [{"id": "nyhet-exempelby", "file": "nyhet.txt", "kommun": "exempelby"}]
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    plan = tmp_path / "np.txt"
    plan.write_text(document(), encoding="utf-8")
    core = Styrgraf(Settings(data_dir=tmp_path / "data", base_iri=BASE, template_dirs=[mallar]))
    core.ingest(files=[PLAN, plan])
    core.ingest(files=[news])  # links against what is stored
    rows = list(
        core.sparql(
            "SELECT ?x WHERE { ?d sg:dokumenttyp 'nyhet' ; sg:kommun ?k ; sg:namner ?x "
            "FILTER(STRSTARTS(STR(?x), STR(<http://127.0.0.1:8000/id/>))) } ORDER BY ?x"
        )
    )
    assert [r["x"].value.removeprefix(BASE) for r in rows] == [
        "exempelby/malomrade/trygg-uppvaxt",
        "np/mal/2.1.1",
    ]


def test_parse_warnings_reach_the_ingest_report(tmp_path: Path) -> None:
    """What an engine could not read is listed after the SHACL warnings (here the malstyrning
    engine's skipped chapter of a Kungsbacka nämndbudget)."""
    report = next((ROOT / "corpus" / "kungsbacka").glob("*namndbudget*.txt"))
    done = run(tmp_path / "data", None, "ingest", "-q", str(report))
    assert done.returncode == 0, done.stderr
    lines = [l for l in done.stdout.splitlines() if l.startswith("  Parse warning: ")]
    assert done.stdout.splitlines()[1].endswith(f", {len(lines)} parse warning(s)")
    assert lines[-1] == (
        f"  Parse warning: {report.name}: kapitel 7 'Verksamhetsmått' lästes inte "
        "(mallen hoppar över det)"
    )


def test_titles_skip_page_markers_and_follow_title_format(tmp_path: Path, mallar: Path) -> None:
    registry = load_registry([])
    kb = ROOT / "corpus" / "kungsbacka"
    titles = [detect(read_document(p), None, registry).meta.title for p in sorted(kb.glob("*.txt"))]
    assert titles == [
        "Nämndens årsredovisning 2024 – Nämnden för Vård & Omsorg",
        "Nämndbudget 2025 – Nämnden för Vård & Omsorg",
    ]
    # The manifest's title wins over the template's.
    ar = sorted(kb.glob("*.txt"))[0]
    assert detect(read_document(ar), {"title": "ÅR 2024"}, registry).meta.title == "ÅR 2024"
    # Without title_format the title is the first head line, page markers and escapes dropped.
    plan = tmp_path / "np.txt"
    plan.write_text("<!-- sida 3 -->\n\n" + document(), encoding="utf-8")
    ours = load_registry([mallar])
    assert detect(read_document(plan), None, ours).meta.title == "Nämndplan 2026"
    # A title_format naming a field the title pattern does not give is refused in one line.
    path = mallar / "templates" / "exempelby-namndplan.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "[detect]\n", '[detect]\ntitle_format = "{line} ({nummer})"\n'
        ),
        encoding="utf-8",
    )
    with pytest.raises(DocumentError, match=r"'detect.title_format' .* names an unknown field"):
        detect(read_document(plan), None, load_registry([mallar]))
