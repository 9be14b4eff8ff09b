"""Find the bodies an assignment names: who must act, with whom, and who leads the work.

Names are read from the wording's subject ("X, Y samt Z får i uppdrag ..."), from partner
phrases ("i samverkan med", "i dialog med", "tillsammans med") and, in the omhändertagande,
from phrases saying another body leads ("leds av", "omhändertas av", "X samordnar"): those
patterns are the template's [words]. What the documents take for granted about the kommun's
organisation ("Socialnämnderna" are the four social services committees, "SN Sydväst" is
Socialnämnden Sydväst, the kommun's own name) is its kommun file (ingest/kommuner/*.toml).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ingest.engine_api import KommunInfo
from ingest.model import Organisation
from ingest.planwords import PlanWords
from ingest.text import first_upper, slugify


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.").lower()


def fill(template: str, groups: Mapping[str, str | None]) -> str:
    """'Socialnämnden {District}' with the match's groups: {x} as written, {X} with its first
    letter upper case and the rest lower case."""
    values: dict[str, str] = {}
    for name, value in groups.items():
        values[name] = value or ""
        values[name[:1].upper() + name[1:]] = first_upper((value or "").lower())
    return template.format_map(values)


class KommunRules:
    """A kommun file's organisation knowledge, ready for lookups."""

    def __init__(self, kommun: KommunInfo) -> None:
        data: Mapping[str, Any] = kommun.data
        self.kommun = kommun
        self.kinds = {
            _norm(label): (label, kind) for label, kind in data.get("organisation", {}).items()
        }
        for alias, label in data.get("aliases", {}).items():
            self.kinds[_norm(alias)] = (
                label,
                dict(data.get("organisation", {})).get(label, "Namnd"),
            )
        self.groups = {_norm(g): list(m) for g, m in data.get("groups", {}).items()}
        self.group_rest = {_norm(w): _norm(g) for w, g in data.get("group_rest", {}).items()}
        self.stop = {_norm(p) for p in data.get("stop_phrases", [])}
        self.origin_bodies = dict(data.get("origin_bodies", {}))
        self.naming = [
            (re.compile(r["pattern"]), r["label"], r.get("kind", "Namnd"), r.get("unit_of"))
            for r in data.get("naming", [])
        ]
        self.administration = [
            (re.compile(r["issuer"]), r["label"]) for r in data.get("administration", [])
        ]

    def administration_of(self, issuer: str) -> str:
        """The label of the issuing nämnd's administration (the nämnd itself when no rule
        says)."""
        for pattern, label in self.administration:
            match = pattern.search(issuer)
            if match:
                return fill(label, match.groupdict())
        return issuer


class OrganisationIndex:
    """Canonical organisations for one document, keyed by slug."""

    def __init__(self, issuer_label: str, rules: KommunRules, words: PlanWords | None) -> None:
        self.rules, self.words = rules, words
        self.found: dict[str, Organisation] = {}
        # A title line the rules do not read as a body still names the issuing committee.
        self.issuer = (
            self.resolve(issuer_label)
            or [self._add(Organisation(slugify(issuer_label), issuer_label.strip(), "Namnd"))]
        )[0]
        admin = rules.administration_of(issuer_label.strip())
        self.administration = self._add(
            Organisation(key=slugify(admin), label=admin, kind="Forvaltning", unit_of=self.issuer)
        )

    def _add(self, org: Organisation) -> str:
        self.found.setdefault(org.key, org)
        return org.key

    def _named(self, label: str, kind: str, unit_of: str | None = None) -> str:
        return self._add(Organisation(key=slugify(label), label=label, kind=kind, unit_of=unit_of))

    def _is_body(self, name: str) -> bool:
        assert self.words is not None
        return bool(self.words.body.search(name) or self.words.body_start.match(name))

    def resolve(self, name: str) -> list[str]:
        """Organisation keys for one name as written; [] when it names no body."""
        text = re.sub(r"\s+", " ", name).strip(" ,.")
        low = text.lower()
        rules = self.rules
        if not text:
            return []
        if low in rules.groups:
            return [k for member in rules.groups[low] for k in self.resolve(member)]
        if low in rules.group_rest:
            members = [
                k for m in rules.groups.get(rules.group_rest[low], []) for k in self.resolve(m)
            ]
            return [k for k in members if k != self.issuer]
        if low in rules.kinds:
            label, kind = rules.kinds[low]
            return [self._named(label, kind)]
        if low in rules.stop:
            # The kommun as a whole, not one of its bodies.
            return [self._named(rules.kommun.label, "Aktor")]
        own = self.words.own_administration if self.words else ()
        if low in own and hasattr(self, "administration"):
            return [self.administration]
        for pattern, label, kind, unit_of in rules.naming:
            match = pattern.fullmatch(text)
            if match:
                parent = self.resolve(fill(unit_of, match.groupdict())) if unit_of else []
                return [self._named(fill(label, match.groupdict()), kind, next(iter(parent), None))]
        if self.words is None or not self._is_body(text):
            return []
        words = self.words
        kind = (
            "Namnd"
            if words.namnd_kind.search(low)
            else "Forvaltning"
            if words.forvaltning_kind.search(low)
            else "Aktor"
        )
        label = first_upper(text)
        return [self._add(Organisation(key=slugify(label), label=label, kind=kind))]

    def resolve_list(self, phrase: str) -> list[str]:
        """Resolve 'A, B samt C och D' into keys, keeping compound names whole."""
        whole = _norm(phrase)
        if whole in self.rules.kinds or whole in self.rules.groups or whole in self.rules.stop:
            return self.resolve(phrase)  # "Alla nämnder och styrelser" is one name
        assert self.words is not None
        # The separators are kept (a capturing group) to rejoin a name the split broke.
        parts = re.split(f"({self.words.list_separator.pattern})", phrase)
        names: list[str] = []
        for piece, separator in zip(parts[::2], ["", *parts[1::2]], strict=True):
            piece = piece.strip()
            if not piece:
                continue
            if names and not self._is_body(names[-1]) and not names[-1][:1].isupper():
                # "äldre samt vård- och omsorgsnämnden"
                names[-1] = f"{names[-1]} {separator.strip(' ,') or 'samt'} {piece}"
            elif (
                names
                and re.fullmatch(r"[A-ZÅÄÖ][a-zåäö]+", piece)
                and self.words.distributive.match(names[-1])
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
        assert self.words is not None
        for pattern in self.words.subject:
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
            for m in self.words.partner.finditer(rest)
            for k in self.resolve_list(m["name"])
            if k not in responsible
        ]
        led_by = [
            k
            for p in self.words.lead
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
