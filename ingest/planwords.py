"""The words the structure-based plan parser ("omradesplan") reads, compiled from a template's
[words] table (ingest/templates/goteborg-verksamhetsplan.toml explains each key).

The parser's code knows structure (numbered headings, tables, bullets); every heading word,
phrase and pattern it looks for comes from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ingest.engine_api import TemplateInfo

Pattern = re.Pattern[str]

_PATTERNS = (
    "assignment_section",
    "programme_section",
    "goal_section",
    "care_label",
    "follow_label",
    "follow_start",
    "development_intro",
    "prose_measure",
    "target",
    "no_indicators",
    "indicator_word",
    "assignment_header",
    "programme_header",
    "care_mark",
    "programme_name",
    "origin",
    "follows",
    "within",
    "prepositions",
    "articles",
    "sub_area_prefix",
    "body",
    "body_start",
    "namnd_kind",
    "forvaltning_kind",
    "partner",
    "list_separator",
    "distributive",
)
_LISTS = ("subject", "lead")
ANNOUNCED = ("goals", "assignments", "programmes", "plans")
ORIGIN_GROUPS = ("issuer",)  # also read when captured: budget_year, outside_year, date, para, point


@dataclass(frozen=True)
class PlanWords:
    patterns: Mapping[str, Pattern]
    subject: tuple[Pattern, ...]
    lead: tuple[Pattern, ...]
    announced: Mapping[str, Pattern]
    own_administration: tuple[str, ...]
    programme_rewrites: tuple[tuple[Pattern, str], ...]

    def __getattr__(self, name: str) -> Pattern:
        # words.care_label etc.: the compiled pattern of that key
        try:
            return self.patterns[name]
        except KeyError:
            raise AttributeError(name) from None


def _compile(key: str, value: Any) -> Pattern:
    if not isinstance(value, str):
        raise ValueError(f"[words] '{key}' must be a string (a Python regex)")
    try:
        return re.compile(value)
    except re.error as exc:
        raise ValueError(f"[words] '{key}' is not a valid regex ({exc})") from None


def plan_words(words: Mapping[str, Any]) -> PlanWords:
    """Compile and check a template's [words]; ValueError names the missing or bad key."""
    for key in (*_PATTERNS, *_LISTS, "announced", "own_administration"):
        if key not in words:
            raise ValueError(f"[words] misses the key '{key}' (the omradesplan engine needs it)")
    patterns = {key: _compile(key, words[key]) for key in _PATTERNS}
    if patterns["list_separator"].groups:
        raise ValueError("[words] 'list_separator' must not capture: write (?:...) for groups")
    missing = [g for g in ORIGIN_GROUPS if g not in patterns["origin"].groupindex]
    if missing:
        raise ValueError("[words] 'origin' must capture the origin code as (?P<issuer>...)")
    lists = {}
    for key in _LISTS:
        if not isinstance(words[key], list):
            raise ValueError(f"[words] '{key}' must be a list of regexes")
        lists[key] = tuple(_compile(f"{key}[{n}]", p) for n, p in enumerate(words[key], 1))
    announced = words["announced"]
    if not isinstance(announced, Mapping):
        raise ValueError("[words.announced] must be a table")
    rewrites = []
    for n, pair in enumerate(words.get("programme_rewrites", []), start=1):
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str)):
            raise ValueError(f"[words] 'programme_rewrites[{n}]' must be [pattern, replacement]")
        rewrites.append((_compile(f"programme_rewrites[{n}]", pair[0]), pair[1]))
    own = words["own_administration"]
    if not isinstance(own, list) or not all(isinstance(w, str) for w in own):
        raise ValueError("[words] 'own_administration' must be a list of words")
    return PlanWords(
        patterns=patterns,
        subject=lists["subject"],
        lead=lists["lead"],
        announced={
            k: _compile(f"announced.{k}", v) for k, v in announced.items() if k in ANNOUNCED
        },
        own_administration=tuple(w.lower() for w in own),
        programme_rewrites=tuple(rewrites),
    )


_COMPILED: dict[int, tuple[Mapping[str, Any], PlanWords]] = {}


def words_of(template: TemplateInfo) -> PlanWords:
    """The compiled words of a (checked) template, compiled once per template file read."""
    data = template.data.get("words", {})
    cached = _COMPILED.get(id(data))
    if cached is None or cached[0] is not data:
        cached = _COMPILED[id(data)] = (data, plan_words(data))
    return cached[1]
