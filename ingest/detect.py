"""Which template reads a document, and its kind, kommun, issuing nämnd and year.

Everything is read from the document itself with the templates' [detect] patterns, applied to
the first `head_lines` non-empty lines: templates are tried in the registry's order (those
from STYRGRAF_TEMPLATE_DIRS, then the bundled ones, by file name) and the first whose `title`
matches and whose kommun fits wins. The corpus manifest overrides: `template` picks the
template, `kind` and `kommun` narrow the choice (and win over what the text says), `issuer`
and `year` replace what the patterns found.

The title (unless the manifest gives one) is the first title line after page markers and
Markdown noise are dropped, or the template's `[detect] title_format` filled in with `{line}`
(the whole head line the title pattern matched), `{issuer}`, `{year}` and the title pattern's
named groups: "{line} – {issuer}" gives "Nämndbudget 2025 – Nämnden för Vård & Omsorg".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ingest.engine_api import KommunInfo, TemplateInfo
from ingest.errors import DocumentError
from ingest.manifest import document_meta
from ingest.model import DocumentMeta
from ingest.source import SourceText
from ingest.templates import HOWTO, Registry


@dataclass(frozen=True)
class Detection:
    meta: DocumentMeta
    template: TemplateInfo
    kommun: KommunInfo


# Lines that are extraction noise, not text: page markers and other HTML comments, table
# links, horizontal rules. Markdown escapes ("\\-") and heading marks ("# ") are dropped.
_NOISE = re.compile(r"^(?:<!--.*-->|\[[^\]]*\]\([^)]*\)|[-*_=]{3,})$")
_ESCAPE = re.compile(r"\\([-*.\\_#+!\[\]()>|`])")


def head_lines(source: SourceText, lines: int) -> list[str]:
    """The first `lines` non-empty lines that are text (noise dropped, escapes undone)."""
    found: list[str] = []
    for raw in source.lines:
        text = _ESCAPE.sub(r"\1", raw.strip()).lstrip("#").strip()
        if text and not _NOISE.match(text):
            found.append(text)
            if len(found) == lines:
                break
    return found


def head(source: SourceText, lines: int) -> str:
    return "\n".join(head_lines(source, lines))


def _words(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.").lower()


def kommun_by_name(registry: Registry, name: str) -> str | None:
    """The id of the kommun whose label, id or one of whose names is `name`."""
    wanted = _words(name)
    for kommun in registry.kommuner.values():
        names = [kommun.id, kommun.label, *kommun.data.get("names", [])]
        if wanted in (_words(n) for n in names):
            return kommun.id
    return None


def kommun_in_text(registry: Registry, text: str) -> str | None:
    """The kommun named first in `text` by one of its names, if any."""
    best: tuple[int, str] | None = None
    for kommun in registry.kommuner.values():
        for name in [kommun.label, *kommun.data.get("names", [])]:
            match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
            if match and (best is None or match.start() < best[0]):
                best = (match.start(), kommun.id)
    return best[1] if best else None


@dataclass(frozen=True)
class _Found:
    """What a template's [detect] patterns read in a document's head."""

    year: int | None
    issuer: str | None
    kommun: str | None  # kommun id, or None when the document does not say
    title: str | None = None  # the document's title as the template reads it


def _read(
    template: TemplateInfo, source: SourceText, registry: Registry, force: bool
) -> _Found | None:
    """What the template's [detect] patterns find; None when its title does not match
    (unless `force`, when the manifest named the template or its kind)."""
    detect: dict[str, Any] = dict(template.data["detect"])
    text = head(source, int(detect.get("head_lines", 15)))
    title = re.search(detect["title"], text)
    if title is None and not force:
        return None
    groups = title.groupdict() if title else {}
    year = int(groups["year"]) if groups.get("year") else None
    issuer = None
    if "issuer" in detect and (match := re.search(detect["issuer"], text)):
        issuer = match["issuer"].strip()
    kommun = None
    title_text = _title(template, text, title, groups, issuer, year)
    if "kommun" in detect:
        if match := re.search(detect["kommun"], text):
            kommun = kommun_by_name(registry, match["kommun"]) or f"?{match['kommun'].strip()}"
    elif template.data.get("kommun"):
        # Title lines naming another known kommun keep a kommun's template off its document.
        kommun = kommun_in_text(registry, text)
    return _Found(year, issuer, kommun, title_text)


def _title(
    template: TemplateInfo,
    text: str,
    match: re.Match[str] | None,
    groups: dict[str, str | Any],
    issuer: str | None,
    year: int | None,
) -> str | None:
    """The title: `title_format` filled in, else the first head line."""
    lines = text.split("\n")
    if match is None:
        return lines[0] if lines and lines[0] else None
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    line = text[start : end if end >= 0 else len(text)].strip()
    fmt = template.data["detect"].get("title_format")
    if not fmt:
        return lines[0]
    fields = {k: v for k, v in groups.items() if v is not None}
    fields.update(line=line, year=year or "", issuer=issuer or "")
    if "{issuer}" in str(fmt) and not issuer:
        return line  # "Nämndbudget 2025 – " would be a broken title
    try:
        return str(fmt).format(**fields).strip()
    except (KeyError, IndexError, ValueError) as exc:
        raise DocumentError(
            Path(f"{template.id}.toml"),
            f"'detect.title_format' {fmt!r} names an unknown field ({exc}); expected "
            "{line}, {issuer}, {year} or a named group of 'detect.title'",
        ) from None


def _kommun(
    template: TemplateInfo, found: _Found, declared: str | None, source: SourceText, r: Registry
) -> str | None:
    """The document's kommun under this template, or None when the template does not fit."""
    said = declared or found.kommun
    fixed = template.data.get("kommun")
    if fixed:
        return fixed if said in (None, fixed) else None
    if said is None:
        said = kommun_in_text(r, source.text)
    if said is None or said.startswith("?"):
        what = f"names the kommun '{said[1:]}'" if said else "names no known kommun"
        raise DocumentError(
            source.path,
            f"is a {template.data['kind']} ({template.id}) but {what} (known: "
            f"{', '.join(r.kommuner)}); add a kommun file or 'kommun' in the manifest, {HOWTO}",
        )
    return said


def detect(source: SourceText, entry: dict[str, Any] | None, registry: Registry) -> Detection:
    """Choose the template for `source`; raise DocumentError when none reads it."""
    entry = entry or {}
    candidates = list(registry.templates.values())
    force = False
    if entry.get("template"):
        chosen = registry.templates.get(str(entry["template"]))
        if chosen is None:
            raise DocumentError(
                source.path,
                f"the manifest names the template {entry['template']!r}, which does not exist "
                f"(known: {registry.known()}); {HOWTO}",
            )
        candidates, force = [chosen], True
    elif entry.get("kind"):
        candidates = [t for t in candidates if t.data["kind"] == entry["kind"]]
        if not candidates:
            raise DocumentError(
                source.path,
                f"the manifest says kind {entry['kind']!r}, which no template reads "
                f"(known: {registry.known()}); add a template file, {HOWTO}",
            )
    declared = None
    if entry.get("kommun"):
        declared = kommun_by_name(registry, str(entry["kommun"]))
        if declared is None:
            raise DocumentError(
                source.path,
                f"the manifest names the kommun {entry['kommun']!r}, which has no kommun file "
                f"(known: {', '.join(registry.kommuner)}); {HOWTO}",
            )
    # With the manifest's kind but no matching title, the first template of that kind that
    # fits the kommun reads it: the manifest overrides what the text says.
    passes = [True] if force else [False, True] if entry.get("kind") else [False]
    for forced in passes:
        for template in candidates:
            found = _read(template, source, registry, forced)
            if found is None:
                continue
            kommun = _kommun(template, found, declared, source, registry)
            if kommun is None:
                continue
            meta = document_meta(
                source,
                entry,
                kind=str(template.data["kind"]),
                year=found.year,
                issuer=found.issuer,
                kommun=kommun,
                template=template.id,
            )
            # The manifest's title wins, then the one the file states (a web page's <h1>).
            if found.title and not entry.get("title") and not source.title:
                meta = replace(meta, title=found.title)
            return Detection(meta, template, registry.kommuner[kommun])
    raise DocumentError(
        source.path,
        f"is not a document of a known kind (known: {registry.known()}); add a template "
        f"file, {HOWTO}",
    )
