"""Swedish words the pages show: entity type names, report column headings, sort order."""

from __future__ import annotations

from search_api.entities.vocab import TYPE_LABELS
from search_api.search.models import SEARCHABLE_TYPES

# The types a staff member searches for and their names, in the order the filter offers them.
SEARCH_TYPES: tuple[tuple[str, str], ...] = tuple((t, TYPE_LABELS[t]) for t in SEARCHABLE_TYPES)
TYPE_NAMES: dict[str, str] = {**TYPE_LABELS, "bidrag": "Rad i Program och planer"}

# One colour family per kind of thing (static/web.css); organisations share one.
_BADGES = {
    "mal": "mal",
    "uppdrag": "uppdrag",
    "program": "program",
    "plan": "plan",
    "bidrag": "program",
    "indikator": "indikator",
    "malomrade": "malomrade",
    "namnd": "org",
    "forvaltning": "org",
    "aktor": "org",
    "namndgrupp": "org",
    "kommun": "org",
    "fokusomrade": "malomrade",
    "direktiv": "uppdrag",
    "utfall": "indikator",
    "malvarde": "indikator",
}


def badge_class(entity_type: str | None) -> str:
    return "badge-" + _BADGES.get(entity_type or "", "ovrigt")


# Headings for the variables of the saved queries (search_api/gaps/queries/*.rq).
COLUMN_NAMES: dict[str, str] = {
    "mal": "Mål",
    "mal_avsnitt": "Målets avsnitt",
    "uppdrag": "Uppdrag",
    "avsnitt": "Avsnitt",
    "avsnitt_lista": "Avsnitt",
    "malomrade": "Målområde",
    "malomraden": "Målområden",
    "delomraden": "Delområden",
    "uppfoljning": "Uppföljning",
    "indikator": "Indikator",
    "indikatorer": "Indikatorer",
    "med_malvarde": "Med mål- eller referensvärde",
    "datakalla": "Datakälla",
    "antal_ansvariga": "Antal ansvariga",
    "ansvariga": "Ansvariga",
    "samverkansparter": "Samverkansparter",
    "leds_av": "Leds av",
    "program": "Program eller plan",
    "planer": "Planer",
    "antal_malomraden": "Antal målområden",
    "antal_bidrag": "Antal rader",
    "bidrag": "Rad i Program och planer",
    "engagemang": "Engagemang",
    "omhandertagande": "Omhändertagande",
    "ursprung": "Ursprung",
    "ursprungstyp": "Utfärdare",
    "budgetar": "Budgetår",
    "i_budget": "I budget",
    "beslutsdatum": "Beslutsdatum",
    "paragraf": "Paragraf",
    "punkt": "Punkt",
    "overfort": "Överfört",
    "antal": "Antal",
    "direktiv": "Direktiv",
    "beslutad_av": "Beslutad av",
    "dokument": "Dokument",
    "utan_utfall": "Utan utfall",
    "indikatorer_utan_utfall": "Indikatorer utan utfall",
    "fokusomrade": "Fokusområde",
    "kopplade_mal": "Kopplade mål",
    "forra_ar": "Förra året",
    "forra_varde": "Förra värdet",
    "senaste_ar": "Senaste året",
    "senaste_varde": "Senaste värdet",
    "malvarde": "Målvärde",
    "riktning": "Riktning",
}
# Suffixes of a column that holds the readable name of the entity in column <base>.
NAME_SUFFIXES = ("_text", "_namn")


def column_name(variable: str) -> str:
    return COLUMN_NAMES.get(variable) or variable.replace("_", " ").capitalize()


# Swedish alphabetical order puts å, ä, ö after z; plain str sorting would not.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_key(text: str) -> str:
    return text.casefold().translate(_SWEDISH)
