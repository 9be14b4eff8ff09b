"""Find the bodies an assignment names: who must act, with whom, and who leads the work.

Names are read from the wording's subject ("X, Y samt Z får i uppdrag ..."), from partner
phrases ("i samverkan med", "i dialog med", "tillsammans med") and, in the omhändertagande,
from phrases saying another body leads ("leds av", "omhändertas av", "X samordnar").

The one piece of outside knowledge is the city's organisation that the documents take for
granted: "Socialnämnderna" are the four social services committees (DOMAIN.md).
"""

from __future__ import annotations

import re

from ingest.model import Organisation
from ingest.text import first_upper, slugify

SOCIAL_DISTRICTS = ("Centrum", "Hisingen", "Nordost", "Sydväst")
KF = Organisation(key="kommunfullmaktige", label="Kommunfullmäktige", kind="Namnd")
ALL_BODIES = Organisation(
    key="alla-namnder-och-styrelser", label="Alla nämnder och styrelser", kind="Namndgrupp"
)
CITY = Organisation(key="goteborgs-stad", label="Göteborgs Stad", kind="Aktor")

_HEAD = re.compile(
    r"(nämnd\w*|styrelse\w*|förvaltning\w*|kontor\w*|direktör\w*|\bAB\b|region\w*|"
    r"myndighet\w*|\bstad\b|kommun\w*)$",
    re.IGNORECASE,
)


def _is_body(name: str) -> bool:
    return bool(_HEAD.search(name) or re.match(r"(nämnden|styrelsen)\s", name, re.I))


_SUBJECT = [
    re.compile(r"^(?P<subject>.+?)\s+ger\s+(?P<performer>.+?)\s+i\s+uppdrag\b", re.I),
    re.compile(r"^(?P<subject>.+?)\s*,?\s+(?:får|fick)\s+i\s+uppdrag\b", re.I),
    re.compile(r"^uppdrag\s+åt\s+(?P<performer>.+?)\s+att\b", re.I),
    re.compile(r"^(?P<subject>(?:\S+\s+){0,3}?\S*(?:Stad|nämnd\w*|styrelse\w*))\s+\w+\s", re.I),
]
_PARTNER = re.compile(
    r"\b(?:i\s+samverkan\s+med|i\s+dialog\s+med|tillsammans\s+med)\s+"
    r"(?P<name>(?:[\wåäöÅÄÖ-]+\s+){0,3}?(?:[\wåäöÅÄÖ-]*(?:nämnd\w*|styrelse\w*|förvaltning\w*|"
    r"regionen)|[\wåäöÅÄÖ-]+\s+AB))\b"
)
_LEAD = [
    re.compile(r"\bleds\s+av\s+(?P<name>[\wåäöÅÄÖ-]+(?:\s+(?!och\b)[A-ZÅÄÖ][\wåäö]+)?)"),
    re.compile(r"\bomhändertas\s+av\s+(?P<name>[\wåäöÅÄÖ-]+förvaltningen(?:\s+[A-ZÅÄÖa-zåäö]+)?)"),
    re.compile(r"(?P<name>[Ss]ocialförvaltningen\s+[A-ZÅÄÖ][\wåäö]+)\s+samordnar\b"),
    re.compile(r"(?P<name>[\wåäö]+-?\s*(?:och\s+)?[\wåäö]*förvaltningen)\s+får\s+en\s+samordnande"),
    # Swedish inverts subject and verb after a fronted phrase: "... får X-förvaltningen en
    # samordnande roll".
    re.compile(
        r"\bfår\s+(?P<name>(?:[\wåäö]+-\s+och\s+)?[\wåäö]*förvaltningen)\s+en\s+samordnande"
    ),
]


class OrganisationIndex:
    """Canonical organisations for one document, keyed by slug."""

    def __init__(self, issuer_label: str) -> None:
        self.found: dict[str, Organisation] = {}
        # A title line the rules do not read as a body still names the issuing committee.
        self.issuer = (
            self.resolve(issuer_label)
            or [self._add(Organisation(slugify(issuer_label), issuer_label.strip(), "Namnd"))]
        )[0]
        district = issuer_label.split()[-1]
        self.administration = self._add(
            Organisation(
                key=slugify(f"socialförvaltningen {district}")
                if "social" in issuer_label.lower()
                else slugify(issuer_label.replace("nämnden", "förvaltningen")),
                label=(
                    f"Socialförvaltningen {district}"
                    if "social" in issuer_label.lower()
                    else issuer_label.replace("nämnden", "förvaltningen")
                ),
                kind="Forvaltning",
                unit_of=self.issuer,
            )
        )

    def _add(self, org: Organisation) -> str:
        self.found.setdefault(org.key, org)
        return org.key

    def _social(self, district: str) -> str:
        return self._add(
            Organisation(
                key=slugify(f"socialnämnden {district}"),
                label=f"Socialnämnden {district}",
                kind="Namnd",
            )
        )

    def _group(self, phrase: str) -> list[str]:
        if re.fullmatch(r"(alla|stadens) nämnder och styrelser", phrase.strip(" ,.").lower()):
            return [self._add(ALL_BODIES)]
        return []

    def resolve(self, name: str) -> list[str]:
        """Organisation keys for one name as written; [] when it names no body."""
        text = re.sub(r"\s+", " ", name).strip(" ,.")
        low = text.lower()
        if not text:
            return []
        if low in ("socialnämnderna", "de fyra socialnämnderna"):
            return [self._social(d) for d in SOCIAL_DISTRICTS]
        if low in ("övriga socialnämnder", "övriga socialnämnderna"):
            return [self._social(d) for d in SOCIAL_DISTRICTS if self._social(d) != self.issuer]
        if self._group(text):
            return self._group(text)
        if low in ("göteborgs stad", "göteborg stad"):
            return [self._add(CITY)]
        if low in ("kommunfullmäktige", "kf"):
            return [self._add(KF)]
        if low in ("förvaltningen", "förvaltningsdirektören") and hasattr(self, "administration"):
            return [self.administration]
        social = re.fullmatch(r"(?:socialnämnd(?:en)?|sn)\s+([A-ZÅÄÖa-zåäö]+)", text, re.I)
        if social:
            return [self._social(first_upper(social.group(1).lower()))]
        admin = re.fullmatch(r"socialförvaltning(?:en)?\s+([A-ZÅÄÖa-zåäö]+)", text, re.I)
        if admin:
            district = first_upper(admin.group(1).lower())
            return [
                self._add(
                    Organisation(
                        key=slugify(f"socialförvaltningen {district}"),
                        label=f"Socialförvaltningen {district}",
                        kind="Forvaltning",
                        unit_of=self._social(district),
                    )
                )
            ]
        if not _is_body(text):
            return []
        kind = (
            "Namnd"
            if re.search(r"(nämnd\w*|styrelse\w*)$|^(nämnden|styrelsen)\s", low)
            else "Forvaltning"
            if re.search(r"(förvaltning\w*|kontor\w*)$", low)
            else "Aktor"
        )
        label = first_upper(text)
        return [self._add(Organisation(key=slugify(label), label=label, kind=kind))]

    def resolve_list(self, phrase: str) -> list[str]:
        """Resolve 'A, B samt C och D' into keys, keeping compound names whole."""
        if self._group(phrase):
            return self._group(phrase)
        pieces = re.split(r"\s*,\s*|\s+samt\s+|(?<!-)\s+och\s+|\s+tillsammans\s+med\s+", phrase)
        names: list[str] = []
        for piece in (p.strip() for p in pieces):
            if not piece:
                continue
            if names and not _is_body(names[-1]) and not names[-1][:1].isupper():
                names[-1] = f"{names[-1]} samt {piece}"  # "äldre samt vård- och omsorgsnämnden"
            elif (
                names
                and re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+", piece)
                and re.match(r"^(\S*nämnd\S*|SN)\s+\S+$", names[-1], re.I)
            ):
                names.append(names[-1].split()[0] + " " + piece)  # "Socialnämnd Centrum, Hisingen"
            else:
                names.append(piece)
        keys: list[str] = []
        for name in names:
            for key in self.resolve(name):
                if key not in keys:
                    keys.append(key)
        return keys

    def roles(self, wording: str, care: str) -> dict[str, list[str]]:
        """responsible / performer / partners / led_by keys for one assignment."""
        responsible: list[str] = []
        performer: list[str] = []
        rest = wording
        for pattern in _SUBJECT:
            match = pattern.search(wording)
            if not match:
                continue
            groups = match.groupdict()
            if groups.get("subject"):
                responsible = self.resolve_list(groups["subject"])
            if groups.get("performer"):
                performer = self.resolve_list(groups["performer"])
            rest = wording[match.end() :]
            if responsible or performer:
                break
        if responsible == [self.administration]:
            # "Förvaltningen får i uppdrag": the committee's own administration performs it,
            # the committee answers for it.
            performer, responsible = responsible, []
        if performer and not responsible:
            responsible = [self.issuer]
        partners = [
            k
            for m in _PARTNER.finditer(rest)
            for k in self.resolve_list(m["name"])
            if k not in responsible
        ]
        led_by = [
            k
            for p in _LEAD
            for m in p.finditer(care)
            for k in self.resolve(m["name"])
            if k not in (self.administration, self.issuer)
        ]
        return {
            "responsible": responsible,
            "performer": performer,
            "partners": list(dict.fromkeys(partners)),
            "led_by": list(dict.fromkeys(led_by)),
        }
