"""The search page (GET /?q=...): reading the form, checking it, and what the page shows.

Everything the user typed is checked here before it reaches the search: unknown filter values
and over-long questions become a Swedish message with status 400/422, shown above the same
form so that the user can correct it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from search_api.core import Styrgraf
from search_api.search.models import MAX_SEARCH_QUERY_CHARS
from search_api.web.filters import FilterOptions
from search_api.web.labels import SEARCH_TYPES
from search_api.web.searching import Hit, SearchInputError, run_search

PAGE_SIZE = 20
MAX_RESULTS = 100
EXAMPLES = (
    "vilka uppdrag rör hemlöshet?",
    "vad gör vi mot gängkriminalitet?",
    "våld i nära relationer",
    "barn som riskerar att bli vräkta",
    "missbruk och beroende",
    "ekonomiskt bistånd och arbete",
)
# The short examples suggested when a search finds nothing.
SHORT_EXAMPLES = ("hemlöshet", "gängkriminalitet", "våld i nära relationer")


@dataclass(frozen=True)
class SearchForm:
    q: str = ""
    typ: str = ""
    malomrade: str = ""
    namnd: str = ""
    amne: str = ""
    kommun: str = ""
    antal: int = PAGE_SIZE

    @property
    def has_filters(self) -> bool:
        return bool(self.typ or self.malomrade or self.namnd or self.amne or self.kommun)

    def query_string(self, **changes: str | int) -> str:
        """This search as URL parameters (empty ones left out), with `changes` applied."""
        form = replace(self, **changes)  # type: ignore[arg-type]
        params = [
            ("q", form.q),
            ("kommun", form.kommun),
            ("typ", form.typ),
            ("malomrade", form.malomrade),
            ("namnd", form.namnd),
            ("amne", form.amne),
            ("antal", str(form.antal) if form.antal != PAGE_SIZE else ""),
        ]
        return urlencode([(k, v) for k, v in params if v])


@dataclass(frozen=True)
class Problem:
    field: str  # the form field to point at
    message: str


@dataclass
class SearchPage:
    form: SearchForm
    hits: list[Hit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    status: int = 200
    searched: bool = False


def read_form(
    params: Mapping[str, str], options: FilterOptions
) -> tuple[SearchForm, list[Problem]]:
    """The form as given, and what is wrong with it. Values are kept as typed (to show them
    again), only trimmed."""
    q = params.get("q", "").strip()
    form = SearchForm(
        q=q,
        typ=params.get("typ", "").strip(),
        malomrade=params.get("malomrade", "").strip(),
        namnd=params.get("namnd", "").strip(),
        amne=params.get("amne", "").strip(),
        kommun=params.get("kommun", "").strip(),
    )
    problems = []
    if len(q) > MAX_SEARCH_QUERY_CHARS:
        problems.append(
            Problem(
                "q",
                f"Frågan är för lång: {len(q)} tecken. "
                f"Skriv högst {MAX_SEARCH_QUERY_CHARS} tecken, "
                "gärna bara några ord om det du söker.",
            )
        )
    if form.typ and form.typ not in dict(SEARCH_TYPES):
        names = ", ".join(label for _, label in SEARCH_TYPES)
        problems.append(Problem("typ", f"Okänd typ. Välj en av: {names}."))
    if form.malomrade and options.area(form.malomrade) is None:
        problems.append(Problem("malomrade", "Det finns inget sådant målområde; välj i listan."))
    if form.namnd and options.committee(form.namnd) is None:
        problems.append(Problem("namnd", "Det finns ingen sådan nämnd; välj i listan."))
    if form.amne and options.topic(form.amne) is None:
        problems.append(Problem("amne", "Det finns inget sådant ämne; välj i listan."))
    if form.kommun and options.kommun(form.kommun) is None:
        problems.append(Problem("kommun", "Det finns ingen sådan kommun; välj i listan."))
    antal = params.get("antal", "").strip()
    if antal:
        if antal.isdigit() and 1 <= int(antal) <= MAX_RESULTS:
            form = replace(form, antal=int(antal))
        else:
            problems.append(Problem("antal", f"Antal träffar ska vara 1–{MAX_RESULTS}."))
    return form, problems


def search_page(core: Styrgraf, params: Mapping[str, str], options: FilterOptions) -> SearchPage:
    form, problems = read_form(params, options)
    if problems:
        # An over-long question is a bad request; a bad filter value an unprocessable one.
        status = 400 if any(p.field == "q" for p in problems) else 422
        return SearchPage(form, problems=problems, status=status)
    if not form.q:
        return SearchPage(form)  # the start page, with examples
    area, committee = options.area(form.malomrade), options.committee(form.namnd)
    kommun = options.kommun(form.kommun)
    try:
        hits = run_search(
            core,
            form.q,
            k=form.antal,
            type=form.typ or None,
            malomrade=area.entity_id if area else None,
            namnd=committee.entity_id if committee else None,
            amne=form.amne or None,
            kommun=kommun.entity_id if kommun else None,
        )
    except SearchInputError as error:
        # A filter value the graph knows but no searchable item carries, for instance.
        found = [
            Problem(p.parameter, "Sökningen kunde inte göras med det filtret; välj ett annat.")
            for p in error.problems
        ]
        return SearchPage(form, problems=found, status=422, searched=True)
    return SearchPage(form, hits=hits, searched=True)
