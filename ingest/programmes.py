"""Identify a programme or plan from the name a table row gives it.

"Göteborgs Stads program och plan för en jämlik stad - område skapa god start i livet" and
"Göteborgs Stads program och plan för jämlik stad - hållbara livsmiljöer" are one programme
with two sub-areas: the identity is the name before " - ", normalised (case, articles, and the
template's `programme_rewrites`, e.g. "Göteborg Stads" vs "Göteborgs Stads"). The kind is
read from the head of the name, before its first preposition (the template's `prepositions`):
"program" or "plan" (handlingsplan, barnrättsplan, ...). When the head names
both ("program och plan för en jämlik stad") the first word decides; that is how the plans
count themselves ("7 program och 18 planer").
"""

from __future__ import annotations

import re

from ingest.planwords import PlanWords
from ingest.text import slugify


def _normalise(name: str, words: PlanWords) -> str:
    low = name.lower().strip(" .")
    for pattern, replacement in words.programme_rewrites:
        low = pattern.sub(replacement, low)
    low = words.articles.sub(" ", f" {low} ").strip()
    return re.sub(r"\s+", " ", low)


def programme_identity(name: str, words: PlanWords) -> tuple[str, str, str | None, str]:
    """(key, label, sub-area, kind) for a row's programme name; kind is "Program" or "Plan"."""
    base, _, rest = (part.strip() for part in name.partition(" - "))
    sub_area = words.sub_area_prefix.sub("", rest) or None
    head = words.prepositions.split(f"{base} ", maxsplit=1)[0].lower()
    tokens = re.findall(r"[\wåäö]+", head)
    kinds = [w for w in tokens if w.endswith(("program", "programmet", "plan", "planen"))]
    kind = "Program" if kinds and "program" in kinds[0] else "Plan"
    return slugify(_normalise(base, words)), base.rstrip(". "), sub_area, kind
