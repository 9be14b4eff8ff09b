"""Identify a programme or plan from the name a table row gives it.

"Göteborgs Stads program och plan för en jämlik stad - område skapa god start i livet" and
"Göteborgs Stads program och plan för jämlik stad - hållbara livsmiljöer" are one programme
with two sub-areas: the identity is the name before " - ", normalised (case, "Göteborg Stads"
vs "Göteborgs Stads", articles). The kind is read from the head of the name, before its first
preposition: "program" or "plan" (handlingsplan, barnrättsplan, ...). When the head names
both ("program och plan för en jämlik stad") the first word decides; that is how the plans
count themselves ("7 program och 18 planer").
"""

from __future__ import annotations

import re

from ingest.text import slugify

_PREPOSITION = re.compile(r"\s(?:för|mot|om|i|med|kring)\s", re.IGNORECASE)


def _normalise(name: str) -> str:
    low = name.lower().strip(" .")
    low = re.sub(r"^göteborgs?\s+stads?\s+", "göteborgs stads ", low)
    low = re.sub(r"\s(?:en|ett)\s", " ", f" {low} ").strip()
    return re.sub(r"\s+", " ", low)


def programme_identity(name: str) -> tuple[str, str, str | None, str]:
    """(key, label, sub-area, kind) for a row's programme name; kind is "Program" or "Plan"."""
    base, _, rest = (part.strip() for part in name.partition(" - "))
    sub_area = re.sub(r"^område\s+", "", rest, flags=re.IGNORECASE) or None
    head = _PREPOSITION.split(f"{base} ", maxsplit=1)[0].lower()
    words = re.findall(r"[\wåäö]+", head)
    kinds = [w for w in words if w.endswith(("program", "programmet", "plan", "planen"))]
    kind = "Program" if kinds and "program" in kinds[0] else "Plan"
    return slugify(_normalise(base)), base.rstrip(". "), sub_area, kind
