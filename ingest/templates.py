"""Load and check the template and kommun files (TOML) that say what a kommun's documents look
like and how to read them.

Bundled files live in ingest/templates/ and ingest/kommuner/. Every directory listed in
STYRGRAF_TEMPLATE_DIRS is read the same way: DIR/templates/*.toml and DIR/kommuner/*.toml.
A later file with the same id replaces an earlier one (directories in the order listed, after
the bundled ones). A bad file is refused with one line naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.engine_api import KommunInfo, TemplateInfo
from ingest.errors import DocumentError

HERE = Path(__file__).parent
BUNDLED = HERE  # holds templates/ and kommuner/
CLASSES = ("Verksamhetsplan", "Budget", "Uppfoljning", "Nyhet")
ORG_KINDS = ("Namnd", "Namndgrupp", "Forvaltning", "Aktor")
HOWTO = "see README 'Adding a kommun or a template'"


@dataclass
class Registry:
    """All known templates (in detection order) and kommuner, with the file each came from."""

    templates: dict[str, TemplateInfo] = field(default_factory=dict)
    kommuner: dict[str, KommunInfo] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)  # "template:<id>" / "kommun:<id>"

    def template_path(self, template_id: str) -> Path:
        return self.paths[f"template:{template_id}"]

    def known(self) -> str:
        """'verksamhetsplan (goteborg-verksamhetsplan), nyhet (goteborg-nyhet), ...'"""
        return ", ".join(f"{t.data['kind']} ({t.id})" for t in self.templates.values())


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(path, f"is not valid TOML ({exc})") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from None


def _need(path: Path, data: Mapping[str, Any], key: str, kind: type, where: str = "") -> Any:
    value = data.get(key)
    name = f"{where}{key}"
    if value is None:
        raise DocumentError(path, f"misses the key '{name}'; {HOWTO}")
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise DocumentError(path, f"'{name}' must be a non-empty {kind.__name__}; {HOWTO}")
    return value


def _regex(path: Path, where: str, pattern: Any, groups: Sequence[str] = ()) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise DocumentError(path, f"'{where}' must be a string (a Python regex)")
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise DocumentError(path, f"'{where}' is not a valid regex ({exc})") from None
    for group in groups:
        if group not in compiled.groupindex:
            raise DocumentError(path, f"'{where}' must capture the named group (?P<{group}>...)")
    return compiled


def _strings(path: Path, data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DocumentError(path, f"'{key}' must be a list of strings")
    return value


def check_kommun(path: Path, data: dict[str, Any]) -> KommunInfo:
    kommun_id = _need(path, data, "id", str)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", kommun_id):
        raise DocumentError(path, f"'id' {kommun_id!r} must be a slug (a-z, 0-9, '-')")
    label = _need(path, data, "label", str)
    _need(path, data, "names", list)
    for key in ("names", "origin_codes", "stop_phrases"):
        _strings(path, data, key)
    for label_, kind in data.get("organisation", {}).items():
        if kind not in ORG_KINDS:
            raise DocumentError(
                path,
                f"[organisation] '{label_}' = {kind!r}; expected one of {', '.join(ORG_KINDS)}",
            )
    for group, members in data.get("groups", {}).items():
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise DocumentError(path, f"[groups] '{group}' must be a list of names")
    for n, rule in enumerate(data.get("naming", []), start=1):
        _regex(path, f"naming[{n}].pattern", rule.get("pattern"))
        _need(path, rule, "label", str, f"naming[{n}].")
        if rule.get("kind", "Namnd") not in ORG_KINDS:
            raise DocumentError(path, f"naming[{n}].kind must be one of {', '.join(ORG_KINDS)}")
    for n, rule in enumerate(data.get("administration", []), start=1):
        _regex(path, f"administration[{n}].issuer", rule.get("issuer"))
        _need(path, rule, "label", str, f"administration[{n}].")
    return KommunInfo(id=kommun_id, label=label, data=data)


def check_template(path: Path, data: dict[str, Any]) -> TemplateInfo:
    from ingest.engines import ENGINES, check_words

    template_id = _need(path, data, "id", str)
    engine = _need(path, data, "engine", str)
    if engine not in ENGINES:
        raise DocumentError(
            path, f"'engine' {engine!r} is not an engine; expected one of {', '.join(ENGINES)}"
        )
    _need(path, data, "kind", str)
    if _need(path, data, "class", str) not in CLASSES:
        raise DocumentError(path, f"'class' must be one of {', '.join(CLASSES)}")
    if "kommun" in data:
        _need(path, data, "kommun", str)
    detect = _need(path, data, "detect", dict)
    _regex(path, "detect.title", _need(path, detect, "title", str, "detect."))
    for key, group in (("issuer", "issuer"), ("kommun", "kommun")):
        if key in detect:
            _regex(path, f"detect.{key}", detect[key], [group])
    if not isinstance(detect.get("head_lines", 15), int) or detect.get("head_lines", 15) < 1:
        raise DocumentError(path, "'detect.head_lines' must be a positive integer")
    try:
        check_words(engine, data.get("words", {}))
    except ValueError as exc:
        raise DocumentError(path, str(exc)) from None
    return TemplateInfo(id=template_id, engine=engine, data=data)


def _files(directory: Path, sub: str) -> list[Path]:
    return sorted((directory / sub).glob("*.toml")) if (directory / sub).is_dir() else []


def _merge_words(base: Mapping[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """A template that `extends` another takes its [words] and replaces the keys it gives."""
    merged = dict(base)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def load_registry(extra_dirs: Sequence[Path] = ()) -> Registry:
    """Bundled templates and kommuner, then those of `extra_dirs` (later ids replace earlier)."""
    registry = Registry()
    raw_templates: dict[str, tuple[Path, dict[str, Any]]] = {}
    for directory in [BUNDLED, *extra_dirs]:
        if directory is not BUNDLED:
            if not directory.is_dir():
                raise DocumentError(
                    directory,
                    "(in STYRGRAF_TEMPLATE_DIRS) is not a directory; expected one holding "
                    "templates/ and/or kommuner/",
                )
            if not (directory / "templates").is_dir() and not (directory / "kommuner").is_dir():
                raise DocumentError(
                    directory,
                    "(in STYRGRAF_TEMPLATE_DIRS) holds neither templates/ nor kommuner/; "
                    "expected DIR/templates/*.toml and DIR/kommuner/*.toml",
                )
        for path in _files(directory, "kommuner"):
            info = check_kommun(path, _read(path))
            registry.kommuner[info.id] = info
            registry.paths[f"kommun:{info.id}"] = path
        for path in _files(directory, "templates"):
            data = _read(path)
            template_id = _need(path, data, "id", str)
            raw_templates.pop(template_id, None)  # a replacement is tried where it is read
            raw_templates[template_id] = (path, data)
    # Detection order: templates from STYRGRAF_TEMPLATE_DIRS first (a user's own template wins
    # over a bundled one that would also match), then the bundled ones, each by file name.
    ordered = sorted(raw_templates.items(), key=lambda kv: kv[1][0].parent.parent == BUNDLED)
    for template_id, (path, data) in ordered:
        if "extends" in data:
            base = raw_templates.get(data["extends"])
            if base is None:
                raise DocumentError(path, f"'extends' names no known template {data['extends']!r}")
            data = {**data, "words": _merge_words(base[1].get("words", {}), data.get("words", {}))}
        template = check_template(path, data)
        if data.get("kommun") and data["kommun"] not in registry.kommuner:
            raise DocumentError(
                path,
                f"'kommun' {data['kommun']!r} has no kommun file (known: "
                f"{', '.join(registry.kommuner)}); add kommuner/{data['kommun']}.toml",
            )
        registry.templates[template_id] = template
        registry.paths[f"template:{template_id}"] = path
    return registry
