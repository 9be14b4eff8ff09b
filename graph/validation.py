"""SHACL validation of the graph with pyshacl, reported as typed findings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph
from rdflib.namespace import SH

from ontology import ONTOLOGY_TTL, SG, SHAPES_TTL

_SG = str(SG._NS)


@dataclass(frozen=True)
class Finding:
    """One SHACL result: severity ('Violation', 'Warning', 'Info'), focus node, path, message."""

    severity: str
    focus: str
    path: str | None
    message: str
    value: str | None = None

    def describe(self, base: str = "") -> str:
        """One line: severity, focus node (relative to `base`), path (as sg:...) and message."""
        focus = self.focus.removeprefix(base) if base else self.focus
        path = self.path.replace(_SG, "sg:") if self.path else None
        where = f" [{path}]" if path else ""
        return f"{self.severity}: {focus}{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self, base: str = "") -> str:
        lines = [f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)"]
        lines += [f.describe(base) for f in self.findings]
        return "\n".join(lines)


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


def validate(data: Graph) -> ValidationReport:
    """Validate `data` (the union of all documents' graphs) against ontology/shapes.ttl."""
    _, results, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        allow_warnings=True,
        advanced=False,
    )
    assert isinstance(results, Graph)
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        findings.append(
            Finding(
                severity=severity,
                focus=str(results.value(result, SH.focusNode)),
                path=str(path) if path is not None else None,
                message=messages[0] if messages else "constraint not met",
                value=str(value) if value is not None else None,
            )
        )
    findings.sort(key=lambda f: (f.severity != "Violation", f.focus, f.path or ""))
    return ValidationReport(findings=tuple(findings))
