"""The malstyrning parse result as RDF (the document's named graph), per the steering contract.

Shared things (KF goals, fokusområden, nämndmål, direktiv and their points, indicators) get
kommun-scoped ids from their normalised labels, so two documents that state the same thing
give one node; what each document says about it goes on a sg:Omnamnande of that document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ingest.engine_api import KommunInfo, TemplateInfo
from ingest.iris import Iris
from ingest.malstyrning.ids import clean_label, direktiv_title, label_slug, point_slug
from ingest.malstyrning.model import Assessment, Goal, Mention, Parsed
from ingest.model import DocumentMeta
from ingest.rdf import new_graph, sv
from ingest.text import slugify
from ontology import SG

_CLASSES = {
    "Verksamhetsplan": SG.Verksamhetsplan,
    "Budget": SG.Budget,
    "Uppfoljning": SG.Uppfoljning,
}


class Mapper:
    def __init__(
        self, iris: Iris, meta: DocumentMeta, template: TemplateInfo, kommun: KommunInfo
    ) -> None:
        self.iris, self.meta, self.template, self.kommun = iris, meta, template, kommun
        self.words: Mapping[str, Any] = template.data.get("words", {})
        self.g: Graph = new_graph()
        self.doc = iris.document(meta.id)
        self.k = kommun.id
        self.kommun_node = iris.of(f"kommun/{self.k}")
        self.kf = iris.of(f"{self.k}/org/kommunfullmaktige")
        self.namnd_slug = slugify(meta.issuer or "namnd")
        self.namnd = iris.of(f"{self.k}/org/{self.namnd_slug}")
        self.labelled: set[URIRef] = set()
        self.used: Counter[str] = Counter()

    # ------------------------------------------------------------- helpers
    def local(self, node: URIRef) -> str:
        return str(node)[len(self.iris.base) :].removeprefix(f"{self.k}/")

    def shared(self, node: URIRef, cls: URIRef, label: str) -> None:
        self.g.add((node, RDF.type, cls))
        if node not in self.labelled:  # one label per node even if spellings differ
            self.labelled.add(node)
            self.g.add((node, SKOS.prefLabel, sv(label)))
            self.g.add((node, RDFS.label, sv(label)))
        self.g.add((node, SG.dokument, self.doc))
        self.g.add((node, SG.kommun, self.kommun_node))

    def unique(self, path: str) -> str:
        self.used[path] += 1
        n = self.used[path]
        return path if n == 1 else f"{path}/{n}"

    def omnamnande(self, node: URIRef, m: Mention, warning: str | None = None) -> URIRef:
        om = self.iris.of(self.unique(f"{self.meta.id}/omnamnande/{self.local(node)}"))
        g = self.g
        g.add((om, RDF.type, SG.Omnamnande))
        g.add((om, SG.avser, node))
        g.add((om, SG.dokument, self.doc))
        g.add((om, SG.avsnitt, Literal(m.section)))
        g.add((om, SG.kalltext, Literal(m.source_text)))
        g.add((om, SG.kallrad, Literal(m.line.no)))
        g.add((om, SG.lydelse, sv(m.wording)))
        if m.line.page is not None:
            g.add((om, SG.sida, Literal(m.line.page)))
        if warning:
            g.add((om, SG.tolkningsvarning, Literal(warning)))
        return om

    def year(self, value: int) -> Literal:
        return Literal(str(value), datatype=XSD.gYear)

    # ------------------------------------------------------------- document
    def document(self) -> None:
        m, g = self.meta, self.g
        # sg:Dokument and its subclass, so SPARQL without inference finds every document.
        g.add((self.doc, RDF.type, SG.Dokument))
        g.add((self.doc, RDF.type, _CLASSES.get(str(self.template.data.get("class")), SG.Dokument)))
        g.add((self.doc, SKOS.prefLabel, sv(m.title)))
        g.add((self.doc, RDFS.label, sv(m.title)))
        g.add((self.doc, DCTERMS.title, sv(m.title)))
        g.add((self.doc, DCTERMS.identifier, Literal(m.id)))
        g.add((self.doc, SG.dokumenttyp, Literal(m.kind)))
        g.add((self.doc, SG.sha256, Literal(m.sha256)))
        g.add((self.doc, DCTERMS.source, Literal(m.filename)))
        g.add((self.doc, SG.kommun, self.kommun_node))
        if m.year:
            g.add((self.doc, SG.ar, self.year(m.year)))
        if m.date:
            g.add((self.doc, DCTERMS.issued, Literal(m.date)))
        g.add((self.kommun_node, RDF.type, SG.Kommun))
        g.add((self.kommun_node, SKOS.prefLabel, sv(self.kommun.label)))
        g.add((self.kommun_node, RDFS.label, sv(self.kommun.label)))
        orgs = [(self.kf, "Kommunfullmäktige")]
        if m.issuer:
            orgs.append((self.namnd, m.issuer))
            g.add((self.doc, SG.utfardadAv, self.namnd))
        for node, label in orgs:
            self.shared(node, SG.Namnd, label)

    # ------------------------------------------------------------- goals
    def goal(self, goal: Goal, scope: str, decided_by: URIRef) -> URIRef:
        """A goal decided by `decided_by` (KF or the nämnd), its id under `scope`."""
        node = self.iris.of(f"{scope}/mal/{label_slug(goal.title)}")
        self.shared(node, SG.Mal, clean_label(goal.title))
        self.g.add((node, SG.beslutadAv, decided_by))
        self.omnamnande(node, goal.mention)
        return node

    def goals(self, parsed: Parsed) -> dict[str, URIRef]:
        nodes: dict[str, URIRef] = {}
        fokus: dict[str, URIRef] = {}
        for goal in parsed.goals:
            if goal.level != "kf":
                continue
            node = nodes[goal.number] = self.goal(goal, self.k, self.kf)
            for f in goal.fokus:
                fnode = self.iris.of(f"{self.k}/fokusomrade/{label_slug(f.label)}")
                fokus[label_slug(f.label)] = fnode
                self.shared(fnode, SG.Fokusomrade, clean_label(f.label))
                self.g.add((fnode, SG.tillhorMal, node))
                self.g.add((fnode, SG.beslutadAv, self.kf))
                self.g.add((node, SG.harFokusomrade, fnode))
                self.omnamnande(fnode, f.mention)
        for goal in parsed.goals:
            if goal.level == "kf":
                continue
            node = nodes[goal.number] = self.goal(goal, f"{self.k}/{self.namnd_slug}", self.namnd)
            parent = nodes.get(goal.number.rsplit(".", 1)[0])
            if parent is not None:
                self.g.add((node, SG.delmalAv, parent))
            if goal.fokus_link:
                target = fokus.get(label_slug(goal.fokus_link))
                if target is None:
                    parsed.warnings.append(
                        f"mål {goal.number}: fokusområdet '{goal.fokus_link}'"
                        " finns inte i dokumentet"
                    )
                else:
                    self.g.add((node, SG.bidrarTill, target))
        for goal in parsed.goals:
            self.assessments(nodes[goal.number], goal.assessments)
        return nodes

    def assessments(self, node: URIRef, found: list[Assessment]) -> None:
        for n, a in enumerate(found, 1):
            path = f"{self.meta.id}/bedomning/{self.local(node)}" + (
                f"/{n}" if len(found) > 1 else ""
            )
            b = self.iris.of(path)
            g = self.g
            g.add((b, RDF.type, SG.Bedomning))
            g.add((b, SKOS.prefLabel, sv(f"{a.kind} {a.mention.section}")))
            g.add((b, SG.bedomer, node))
            g.add((b, SG.text, sv(a.text)))
            g.add((b, SG.bedomningstyp, Literal(a.kind)))
            g.add((b, SG.dokument, self.doc))
            g.add((b, SG.avsnitt, Literal(a.mention.section)))
            g.add((b, SG.kallrad, Literal(a.mention.line.no)))
            if a.mention.line.page is not None:
                g.add((b, SG.sida, Literal(a.mention.line.page)))
            if self.meta.year:
                g.add((b, SG.ar, self.year(self.meta.year)))
            if a.level:
                g.add((b, SG.niva, SG[a.level]))

    # ------------------------------------------------------------- direktiv
    def directives(self, parsed: Parsed) -> dict[str, URIRef]:
        nodes: dict[str, URIRef] = {}
        prefix = str(self.words.get("direktiv_prefix", r"^$"))
        for d in parsed.directives:
            title = direktiv_title(d.title, prefix)
            scope = self.k if d.level == "kf" else f"{self.k}/{self.namnd_slug}"
            node = self.iris.of(f"{scope}/direktiv/{label_slug(title)}")
            nodes[d.number] = node
            self.shared(node, SG.Direktiv, title)
            self.g.add((node, SG.beslutadAv, self.kf if d.level == "kf" else self.namnd))
            self.g.add((node, SG.ansvarig, self.namnd))
            if d.formulering:
                self.g.add((node, SG.text, sv(d.formulering)))
            self.omnamnande(node, d.mention)
            for p in d.points:
                pnode = self.iris.of(f"{self.local_full(node)}/punkt/{point_slug(p.text)}")
                self.shared(pnode, SG.Uppdrag, clean_label(p.text))
                self.g.add((pnode, SG.delAv, node))
                self.g.add((pnode, SG.ordning, Literal(p.order)))
                self.omnamnande(pnode, p.mention)
                self.assessments(pnode, p.followups)
        return nodes

    def local_full(self, node: URIRef) -> str:
        return str(node)[len(self.iris.base) :]

    # ------------------------------------------------------------- indicators
