"""The template's [words] for this engine, checked before any document is read.

A template that lacks a word or holds a broken pattern is refused with one line naming the
template, the key and what was expected, instead of failing half-way through a document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ingest.engine_api import TemplateInfo
from ingest.errors import DocumentError

# key -> (kind, named groups a pattern must have)
_REQUIRED: dict[str, tuple[str, tuple[str, ...]]] = {
    "heading": ("regex", ("number", "title")),
    "decided_by": ("text", ()),
    "levels": ("table", ()),
    "fokus_heading": ("text", ()),
    "fokus_bullet": ("text", ()),
    "fokus_link_heading": ("text", ()),
    "fokus_link": ("regex", ("label",)),
    "direktiv_prefix": ("regex", ()),
    "formulering": ("text", ()),
    "direktiv_bullet": ("text", ()),
    "indicator_header": ("regex", ()),
    "year_column": ("regex", ("year",)),
    "target_column": ("regex", ("year",)),
}
_LEVELS = {"kf", "namnd"}
_NIVAER = {"Uppfylld", "DelvisUppfylld", "EjUppfylld"}


def checked(template: TemplateInfo, path: Path) -> Mapping[str, Any]:
    words = template.data.get("words")
    where = f"template {template.id}"
    if not isinstance(words, Mapping):
        raise DocumentError(path, f"{where} has no [words] table; expected the malstyrning words")
    for key, (kind, groups) in _REQUIRED.items():
        value = words.get(key)
        if kind == "table":
            ok = isinstance(value, Mapping) and bool(value)
        else:
            ok = isinstance(value, str) and bool(value)
        if not ok:
            expected = "a table" if kind == "table" else "a non-empty string"
            raise DocumentError(path, f"{where}: words.{key} is missing; expected {expected}")
        if kind == "regex":
            try:
                pattern = re.compile(str(value))
            except re.error as exc:
                raise DocumentError(path, f"{where}: words.{key} is not a regex ({exc})") from None
            missing = [g for g in groups if g not in pattern.groupindex]
            if missing:
                raise DocumentError(
                    path, f"{where}: words.{key} needs the named group(s) {', '.join(missing)}"
                )
    bad = sorted(set(map(str, words["levels"].values())) - _LEVELS)
    if bad:
        raise DocumentError(path, f"{where}: words.levels gives {bad}; expected kf or namnd")
    for item in words.get("level_phrases", []):
        if item.get("level") not in _NIVAER or not item.get("phrase"):
            raise DocumentError(
                path, f"{where}: words.level_phrases needs phrase and a level in {sorted(_NIVAER)}"
            )
    return words
