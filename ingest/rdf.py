"""Turn parse results into RDF: one rdflib Graph per document (its named graph)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from ingest.engine_api import KommunInfo, TemplateInfo
from ingest.iris import Iris
from ingest.model import DocumentMeta, Organisation, ParsedNews, ParsedPlan, Provenance
from ingest.text import slugify
from ontology import INI, SG

MEDIA_TYPES = {
    "text": "text/plain",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}


def sv(text: str) -> Literal:
    return Literal(text, lang="sv")


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in (
        ("sg", SG._NS),
        ("skos", SKOS),
        ("dcterms", DCTERMS),
        ("prov", PROV),
        ("org", ORG),
        ("ini", INI),
    ):
        graph.bind(prefix, ns)
    return graph


class PlanMapper:
    """Writes the triples of one parsed document into `graph`."""

    def __init__(self, iris: Iris, graph: Graph, meta: DocumentMeta, kommun: KommunInfo) -> None:
        self.iris, self.g, self.meta, self.kommun = iris, graph, meta, kommun
        self.doc = iris.document(meta.id)
        self.k = kommun.id
        self.kommun_node = iris.kommun(kommun.id)

    def org(self, key: str) -> URIRef:
        return self.iris.organisation(self.k, key)

    def label(self, node: URIRef, text: str) -> None:
        self.g.add((node, SKOS.prefLabel, sv(text)))
        self.g.add((node, RDFS.label, sv(text)))

    def provenance(self, node: URIRef, prov: Provenance) -> None:
        self.g.add((node, SG.dokument, self.doc))
        self.g.add((node, SG.avsnitt, Literal(prov.section)))
        self.g.add((node, SG.kalltext, Literal(prov.source_text)))
        self.g.add((node, SG.kallrad, Literal(prov.line)))
        if prov.page is not None:
            self.g.add((node, SG.sida, Literal(prov.page)))

    def text(self, node: URIRef, prop: URIRef, value: str | None) -> None:
        if value:
            self.g.add((node, prop, sv(value)))

    def document(self, template: TemplateInfo) -> None:
        m, g = self.meta, self.g
        # Always sg:Dokument as well as the template's subclass: SPARQL without inference (the
        # store does none) finds every document with `?d a sg:Dokument`.
        g.add((self.doc, RDF.type, SG.Dokument))
        g.add((self.doc, RDF.type, getattr(SG, str(template.data["class"]))))
        self.label(self.doc, m.title)
        g.add((self.doc, DCTERMS.title, sv(m.title)))
        g.add((self.doc, DCTERMS.identifier, Literal(m.id)))
        g.add((self.doc, SG.dokumenttyp, Literal(m.kind)))
        g.add((self.doc, SG.sha256, Literal(m.sha256)))
        g.add((self.doc, DCTERMS.source, Literal(m.filename)))
        g.add((self.doc, DCTERMS["format"], Literal(MEDIA_TYPES.get(m.format, "text/plain"))))
        if m.page_count:
            g.add((self.doc, SG.sidantal, Literal(m.page_count)))
        if m.year:
            g.add((self.doc, SG.ar, Literal(str(m.year), datatype=XSD.gYear)))
        if m.date:
            g.add((self.doc, DCTERMS.issued, Literal(m.date)))
        for related in m.related:
            g.add((self.doc, DCTERMS.references, self.iris.document(related)))
        g.add((self.doc, SG.kommun, self.kommun_node))

    def organisations(self, orgs: Iterable[Organisation]) -> None:
        for org in orgs:
            node = self.org(org.key)
            self.g.add((node, RDF.type, getattr(SG, org.kind)))
            self.label(node, org.label)
            self.g.add((node, SG.dokument, self.doc))
            self.g.add((node, SG.kommun, self.kommun_node))
            if org.unit_of:
                self.g.add((node, ORG.unitOf, self.org(org.unit_of)))

    def item(
        self, node: URIRef, kind: URIRef, label: str, prov: Provenance, order: int, area: URIRef
    ) -> None:
        """An ordered item of a målområde: its class, label, source, place and area."""
        self.g.add((node, RDF.type, kind))
        self.label(node, label)
        self.provenance(node, prov)
        self.g.add((node, SG.ordning, Literal(order)))
        self.g.add((node, SG.malomrade, area))

    def initiatives(self, node: URIRef, keys: Iterable[str]) -> None:
        for key in keys:
            self.g.add((node, SG.omfattarInitiativ, INI[key]))


def plan_graph(iris: Iris, plan: ParsedPlan, template: TemplateInfo, kommun: KommunInfo) -> Graph:
    """All triples parsed from one plan."""
    graph = new_graph()
    m = PlanMapper(iris, graph, plan.meta, kommun)
    doc_id = plan.meta.id
    m.document(template)
    issuer = m.org(plan.issuer)
    graph.add((m.doc, SG.utfardadAv, issuer))
    m.organisations(plan.organisations.values())
    # Who gave an assignment of each origin code: the kommun file's origin_bodies (KF ->
    # Kommunfullmäktige); other codes (SN) are the issuing nämnd itself.
    bodies = {
        code: m.org(slugify(label)) for code, label in kommun.data.get("origin_bodies", {}).items()
    }
    areas = {}
    for area in plan.areas:
        node = areas[area.key] = iris.area(kommun.id, area.key)
        graph.add((node, RDF.type, SG.Malomrade))
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, SG.Malomraden))
        m.label(node, area.label)
        m.provenance(node, area.prov)
    for goal in plan.goals:
        node = iris.goal(doc_id, goal.number)
        order = int(goal.number.rsplit(".", 1)[-1])
        m.item(node, SG.Mal, goal.statement, goal.prov, order, areas[goal.area])
        m.text(node, SG.text, goal.statement)
        m.text(node, SG.omhandertagande, goal.care)
        m.text(node, SG.uppfoljning, goal.follow_up)
        for dev in goal.development_areas:
            m.text(node, SG.utvecklingsomrade, dev)
        m.initiatives(node, plan.initiatives.get(f"mal/{goal.number}", []))
        for order, indicator in enumerate(goal.indicators, start=1):
            ind = iris.indicator(doc_id, goal.number, order)
            m.item(ind, SG.Indikator, indicator.label, indicator.prov, order, areas[goal.area])
            graph.add((node, SG.indikator, ind))
            graph.add((ind, SG.tillhorMal, node))
            m.text(ind, SG.malvarde, indicator.target)
            m.text(ind, SG.datakalla, indicator.data_source)
    for a in plan.assignments:
        node = iris.assignment(doc_id, a.number)
        m.item(node, SG.Uppdrag, a.wording, a.prov, a.order, areas[a.area])
        m.text(node, SG.text, a.wording)
        m.text(node, SG.omhandertagande, a.care)
        for prop, keys in (
            (SG.ansvarig, a.responsible),
            (SG.samverkanspart, a.partners),
            (SG.ledsAv, a.led_by),
            (SG.utforare, a.performer),
        ):
            for key in keys:
                graph.add((node, prop, m.org(key)))
        m.initiatives(node, plan.initiatives.get(f"uppdrag/{a.number}", []))
        if a.origin:
            o = a.origin
            origin = iris.origin(doc_id, a.number)
            graph.add((node, SG.ursprung, origin))
            graph.add((origin, RDF.type, SG.Ursprung))
            m.label(origin, o.text)
            graph.add((origin, SG.ursprungstyp, Literal(o.issuer)))
            graph.add((origin, SG.utfardare, bodies.get(o.issuer, issuer)))
            graph.add((origin, SG.iBudget, Literal(o.in_budget)))
            if o.year:
                graph.add((origin, SG.budgetar, Literal(str(o.year), datatype=XSD.gYear)))
                if plan.meta.year:
                    graph.add((node, SG.overfort, Literal(o.year < plan.meta.year)))
            if o.decision_date:
                graph.add((origin, SG.beslutsdatum, Literal(o.decision_date)))
            if o.paragraph:
                graph.add((origin, SG.paragraf, Literal(o.paragraph)))
            if o.point:
                graph.add((origin, SG.punkt, Literal(o.point)))
    labels = {area.key: area.label for area in plan.areas}
    for c in plan.contributions:
        programme = plan.programmes[c.programme]
        prog = iris.programme(kommun.id, programme.kind, programme.key)
        if (prog, RDF.type, None) not in graph:
            graph.add((prog, RDF.type, getattr(SG, programme.kind)))
            m.label(prog, programme.label)
            m.provenance(prog, c.prov)
        graph.add((prog, SG.malomrade, areas[c.area]))
        node = iris.contribution(doc_id, c.number)
        label = f"{programme.label} – {labels[c.area]}"
        label += f" (område {c.sub_area})" if c.sub_area else ""
        m.item(node, SG.Bidrag, label, c.prov, c.order, areas[c.area])
        graph.add((node, SG.avser, prog))
        graph.add((node, SG.engagemang, getattr(SG, c.engagement)))
        m.text(node, SG.omhandertagande, c.care)
        m.text(node, SG.omrade, c.sub_area)
        m.initiatives(node, plan.initiatives.get(f"bidrag/{c.number}", []))
    return graph


def news_graph(iris: Iris, news: ParsedNews, template: TemplateInfo, kommun: KommunInfo) -> Graph:
    """Triples for a news item and the entities it mentions."""
    graph = new_graph()
    m = PlanMapper(iris, graph, news.meta, kommun)
    m.document(template)
    if news.issuer_key:
        graph.add((m.doc, SG.utfardadAv, m.org(news.issuer_key)))
    m.text(m.doc, SG.text, news.text)
    for iri in news.mentions:
        graph.add((m.doc, SG.namner, URIRef(iri)))
    for key in news.mentions_initiatives:
        graph.add((m.doc, SG.namner, INI[key]))
    return graph


def kommun_graph(iris: Iris, kommun: KommunInfo) -> Graph:
    """The kommun node and its allowed origin codes (SKOS concepts with skos:notation), which
    the pipeline adds to every document's graph whatever its engine: SHACL checks the code of
    an assignment's origin against its document's kommun (ontology/shapes.ttl)."""
    graph = new_graph()
    node = iris.kommun(kommun.id)
    graph.add((node, RDF.type, SG.Kommun))
    graph.add((node, SKOS.prefLabel, sv(kommun.label)))
    graph.add((node, RDFS.label, sv(kommun.label)))
    for code in kommun.data.get("origin_codes", []):
        concept = iris.origin_code(kommun.id, code)
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.notation, Literal(code)))
        graph.add((concept, SKOS.prefLabel, sv(code)))
        graph.add((concept, SG.kommun, node))
    return graph
