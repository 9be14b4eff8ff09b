"""OpenAPI texts for the entity routes: Swedish descriptions and examples with real ids.

Kept apart from router.py so the routes stay readable; the examples are taken from the bundled
2023 plan of Socialnämnden Sydväst.
"""

from __future__ import annotations

from typing import Any

from ontology import SG
from search_api.entities.listing import MAX_LIMIT, URSPRUNG_WORDS
from search_api.entities.vocab import ENTITY_TYPES
from search_api.errors import problem_doc

_EXAMPLE_IDS = {
    "mal": ("vp-2023-sn-sydvast/mal/3.4.1.1", "Ett mål: Hemlösheten ska upphöra till 2028."),
    "uppdrag": (
        "vp-2023-sn-sydvast/uppdrag/3.1.2.4",
        "Ett uppdrag: vräkningar av barnfamiljer ska upphöra (KF budget 2023).",
    ),
    "indikator": (
        "vp-2023-sn-sydvast/mal/3.4.1.1/indikator/2",
        "En indikator: Antal barnfamiljer som blir avhysta från sin bostad.",
    ),
    "program": (
        "goteborg/program/goteborgs-stads-program-och-plan-for-jamlik-stad",
        "Ett program som förekommer i fyra målområden.",
    ),
    "malomrade": ("goteborg/malomrade/tidiga-insatser", "Ett målområde."),
    "namnd": (
        "goteborg/org/socialnamnden-sydvast",
        "En nämnd, med de uppdrag den är ansvarig för.",
    ),
    "bidrag": ("vp-2023-sn-sydvast/bidrag/3.4.3.1", "En rad i Program och planer."),
    "dokument": ("dokument/vp-2023-sn-sydvast", "Verksamhetsplanen själv."),
    # The steering chain, from Kungsbacka's årsredovisning 2024 and nämndbudget 2025.
    "kf-mal": (
        "kungsbacka/mal/en-attraktiv-kommun-att-bo-verka-och-vistas-i",
        "Ett KF-mål med fokusområden, indikatorer och bedömningar per år.",
    ),
    "direktiv": (
        "kungsbacka/direktiv/innovation-och-omstallning-till-nya-arbetssatt",
        "Ett direktiv med punkter och vägen från budget till uppföljning (mentions).",
    ),
    "indikator-med-utfall": (
        "kungsbacka/indikator/antal-paborjade-bostader",
        "En indikator med utfall per år och målvärde.",
    ),
}

ID_DOC: dict[str, Any] = {
    "id": (
        "Entitetens id: dess IRI utan bas-IRI:n, t.ex. `vp-2023-sn-sydvast/mal/3.4.1.1`. "
        "Tillåtna tecken: A-Z, a-z, 0-9, `.`, `_`, `/` och `-`."
    ),
    "examples": {
        key: {"summary": text, "value": value} for key, (value, text) in _EXAMPLE_IDS.items()
    },
    "entity": (
        "En entitet (mål, uppdrag, program, plan, indikator, målområde, bidrag, ursprung, "
        "nämnd, förvaltning, aktör, grupp av nämnder, dokument, eller i styrkedjan "
        "fokusområde, direktiv, kommun, utfall, målvärde, bedömning och omnämnande) med "
        "innehållsförhandling via `Accept`: `application/json` (standard; ett platt objekt "
        "att bädda in i andra sidor), `application/ld+json` och `text/turtle` (entitetens "
        "tripplar, ursprunget och etiketter för länkade noder) eller `text/html` (en läsbar "
        "sida). Svaret har `ETag`, `Cache-Control: public, max-age=60` och `Vary: Accept`; "
        "skicka `If-None-Match` för att få 304."
    ),
    "resolve": (
        "Entitets-IRI:er under standardbasen (`http://127.0.0.1:8000/id/...`) pekar hit. "
        "Svarar 303 See Other till `/entities/{id}`; klienten skickar sin `Accept` igen "
        "där, så innehållsförhandlingen följer med."
    ),
}
FORMAT_DOC = (
    "Åsidosätter `Accept`: `json`, `jsonld`, `turtle` eller `html` (praktiskt för "
    "länkar i en webbläsare)."
)

LISTING_DOCS: dict[str, str] = {
    "description": (
        "Entiteter i stabil ordning (efter avsnitt, sedan id), med totalt antal träffar och "
        "länkar till nästa och föregående sida. Alla angivna filter måste gälla. Ogiltiga "
        "värden ger 422 med en lista över giltiga värden."
    ),
    "type": "Entitetstyp: "
    + ", ".join(f"`{t}`" for t in ENTITY_TYPES)
    + ". Upprepad (`type=mal&type=uppdrag`) betyder någon av dem.",
    "malomrade": (
        "Målområdets id (`goteborg/malomrade/tidiga-insatser`), namn (`Tidiga insatser`) eller, "
        "när bara en kommun har det, `malomrade/tidiga-insatser` eller `tidiga-insatser`."
    ),
    "namnd": (
        "Organisationens id (`goteborg/org/socialnamnden-sydvast`) eller, när bara en kommun "
        "har den, `org/socialnamnden-sydvast` eller `socialnamnden-sydvast`: entiteter "
        "där organisationen är ansvarig, samverkanspart, leder arbetet, är utförare eller "
        "har beslutat (mål, fokusområden och direktiv)."
    ),
    "ursprung": (
        "Filtrerar uppdrag på ursprung (kan upprepas; alla måste gälla): "
        + ", ".join(f"`{w}`" for w in URSPRUNG_WORDS)
        + " eller ett budgetår som `2022`."
    ),
    "kommun": (
        "Kommunens namn (`Kungsbacka kommun`), korta id (`kungsbacka`) eller id "
        "(`kommun/kungsbacka`): det kommunens dokument innehåller och det som hör till "
        "kommunen (organisationer, kommunövergripande mål, direktiv)."
    ),
    "limit": f"Antal entiteter per sida, 1 till {MAX_LIMIT}.",
    "offset": "Hur många entiteter som hoppas över (för sidindelning).",
}

ENTITY_EXAMPLE = {
    "id": "vp-2023-sn-sydvast/uppdrag/3.1.2.4",
    "iri": "http://127.0.0.1:8000/id/vp-2023-sn-sydvast/uppdrag/3.1.2.4",
    "type": "uppdrag",
    "type_label": "Uppdrag",
    "label": (
        "Socialnämnderna får i uppdrag att i samverkan med Framtiden AB säkerställa att "
        "vräkningar av barnfamiljer upphör."
    ),
    "section": "3.1.2.4",
    "goal_areas": [
        {
            "id": "goteborg/malomrade/tidiga-insatser",
            "label": "Tidiga insatser",
            "type": "malomrade",
        }
    ],
    "responsible": [
        {
            "id": "goteborg/org/socialnamnden-sydvast",
            "label": "Socialnämnden Sydväst",
            "type": "namnd",
        }
    ],
    "partners": [{"id": "goteborg/org/framtiden-ab", "label": "Framtiden AB", "type": "aktor"}],
    "origin": {
        "id": "vp-2023-sn-sydvast/uppdrag/3.1.2.4/ursprung",
        "text": "KF uppdrag budget 2023",
        "kind": "KF",
        "year": 2023,
        "in_budget": True,
        "decision_date": None,
        "paragraph": None,
        "point": None,
    },
    "source": {
        "document": {
            "id": "dokument/vp-2023-sn-sydvast",
            "label": "Verksamhetsplan 2023 – Socialnämnden Sydväst",
            "type": "dokument",
        },
        "section": "3.1.2.4",
        "line": 212,
        "page": 10,
        "source_text": "…",
    },
    "url": "/entities/vp-2023-sn-sydvast/uppdrag/3.1.2.4",
}
_TURTLE_EXAMPLE = f"""@prefix sg: <{SG}> .
<http://127.0.0.1:8000/id/vp-2023-sn-sydvast/uppdrag/3.1.2.4> a sg:Uppdrag ;
\tsg:avsnitt "3.1.2.4" ;
\tsg:samverkanspart <http://127.0.0.1:8000/id/goteborg/org/framtiden-ab> .
"""
_NOT_MODIFIED = {"description": "Oförändrad sedan `If-None-Match`: ingen kropp."}
_STORE = problem_doc(
    "Lagret på disk kan inte öppnas.",
    "store-unavailable",
    "cannot open .styrgraf/versions/…/oxigraph: …",
)

ENTITY_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Entiteten i det förhandlade formatet.",
        "content": {
            "application/json": {"example": ENTITY_EXAMPLE},
            "application/ld+json": {"schema": {"type": "array", "items": {"type": "object"}}},
            "text/turtle": {"schema": {"type": "string"}, "example": _TURTLE_EXAMPLE},
            "text/html": {"schema": {"type": "string"}},
        },
    },
    304: _NOT_MODIFIED,
    400: problem_doc("Ogiltigt id (otillåtna tecken).", "bad-request", "invalid id: ..."),
    404: problem_doc(
        "Ingen entitet med detta id (eller ingen graf inläst ännu).",
        "not-found",
        "there is no entity with id 'vp-2023-sn-sydvast/mal/9.9'",
    ),
    406: problem_doc(
        "Inget av formaten i `Accept` kan levereras.",
        "not-acceptable",
        "none of the formats in Accept can be delivered; available: ...",
    ),
    422: problem_doc("Ogiltigt värde för `format`.", "invalid-parameter", "format: ..."),
    503: _STORE,
}
LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "En sida entiteter.",
        "content": {
            "application/json": {
                "example": {
                    "total": 26,
                    "limit": 2,
                    "offset": 0,
                    "next": "/entities?type=uppdrag&limit=2&offset=2",
                    "previous": None,
                    "items": [
                        {
                            "id": "vp-2023-sn-sydvast/uppdrag/3.1.2.1",
                            "type": "uppdrag",
                            "label": "Kommunstyrelsen tillsammans med Socialnämnd Centrum, …",
                            "section": "3.1.2.1",
                            "url": "/entities/vp-2023-sn-sydvast/uppdrag/3.1.2.1",
                        }
                    ],
                }
            }
        },
    },
    304: _NOT_MODIFIED,
    404: problem_doc(
        "Ingen graf inläst ännu.",
        "no-graph",
        "no graph in .styrgraf yet; run `styrgraf ingest` first",
    ),
    406: problem_doc(
        "En lista levereras bara som JSON.",
        "not-acceptable",
        "none of the formats in Accept can be delivered; available: application/json",
    ),
    422: problem_doc(
        "Ogiltigt filtervärde; svaret listar giltiga värden.",
        "invalid-parameter",
        "type: invalid value 'foo'; valid values: mal, uppdrag, ...",
    ),
    503: _STORE,
}
REDIRECT_RESPONSES: dict[int | str, dict[str, Any]] = {
    303: {
        "description": "Se `/entities/{id}` (header `Location`).",
        "headers": {
            "Location": {
                "schema": {"type": "string"},
                "example": "/entities/vp-2023-sn-sydvast/mal/3.4.1.1",
            }
        },
    },
    400: ENTITY_RESPONSES[400],
    404: ENTITY_RESPONSES[404],
    503: _STORE,
}
