"""EntityService: look one entity up by id and describe it as a typed `Entity`.

The service pins one graph version when it is created, so everything one request reads (the
entity, its links, the ETag) comes from the same version even if an ingest swaps CURRENT.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ingest.errors import NotFound
from search_api.core import PREFIXES
from search_api.entities.chain import ChainReader
from search_api.entities.describe import description, serialize
from search_api.entities.listing import EntityLister, EntityQuery
from search_api.entities.model import (
    Concept,
    Entity,
    EntityPage,
    IndicatorRef,
    Link,
    Origin,
    Ref,
    Source,
    TopicLink,
)
from search_api.entities.reader import GraphReader, Term, natural_key, number
from search_api.entities.vocab import (
    RDF_TYPE,
    RELATION_LABELS,
    TYPE_LABELS,
    check_id,
    local_name,
    sg,
)

if TYPE_CHECKING:
    from search_api.core import Styrgraf


DCTERMS_FORMAT = "http://purl.org/dc/terms/format"
# What the document page calls the media types ingest stores as dcterms:format.
FORMAT_LABELS = {
    "text/plain": "text",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "text/html": "webbsida (HTML)",
}


def _literal(terms: list[Term]) -> str | None:
    values = [t.value for t in terms if isinstance(t, ox.Literal)]
    return values[0] if values else None


def _literals(terms: list[Term]) -> list[str]:
    return [t.value for t in terms if isinstance(t, ox.Literal)]


def _int(terms: list[Term]) -> int | None:
    return number(_literal(terms), int)


def _bool(terms: list[Term]) -> bool | None:
    text = _literal(terms)
    return None if text is None else text in ("true", "1")


def _in_text_order(items: list[str], text: str | None) -> list[str]:
    """RDF keeps no order, so list items are put back in the order the text mentions them."""
    if not text:
        return items

    def position(item: str) -> tuple[int, str]:
        found = text.find(item)
        return (found if found >= 0 else len(text), item)

    return sorted(items, key=position)


class EntityService:
    """Entity lookup over the current graph version of `core`."""

    def __init__(self, core: Styrgraf) -> None:
        version, store = core.graph.current()
        self.version = version.id
        self.base = core.settings.base_iri
        self.read = GraphReader(store, self.base)
        self.core = core

    def node(self, entity_id: str) -> ox.NamedNode:
        """The entity's IRI as a NamedNode: InvalidEntityId for a bad id, NotFound if absent."""
        return self._resolve(entity_id)[0]

    def _resolve(self, entity_id: str) -> tuple[ox.NamedNode, str]:
        node = self.read.node(check_id(entity_id))
        # Only nodes of the entity types are entities: named graph IRIs and anything typed
        # with a class this API does not describe stay 404, as they are absent from listings.
        kind = self.read.entity_type(node)
        if kind is None:
            raise NotFound(f"there is no entity with id {entity_id!r}")
        return node, kind

    def exists(self, entity_id: str) -> bool:
        try:
            self.node(entity_id)
        except NotFound:
            return False
        return True

    def get(self, entity_id: str) -> Entity:
        node, kind = self._resolve(entity_id)
        r = self.read

        def values(local: str) -> list[Term]:
            return r.objects(node, sg(local))

        def ref_list(local: str) -> list[Ref]:
            return r.refs(values(local))

        def one_ref(local: str) -> Ref | None:
            found = ref_list(local)
            return found[0] if found else None

        origin_nodes = [o for o in values("ursprung") if isinstance(o, ox.NamedNode)]
        if kind == "ursprung":
            origin_nodes = [node]
        return Entity(
            id=entity_id,
            iri=node.value,
            type=kind,
            type_label=TYPE_LABELS[kind],
            label=r.label(node) or entity_id,
            text=_literal(values("text")),
            care=_literal(values("omhandertagande")),
            section=_literal(values("avsnitt")),
            order=_int(values("ordning")),
            goal_areas=ref_list("malomrade"),
            responsible=ref_list("ansvarig"),
            partners=ref_list("samverkanspart"),
            led_by=ref_list("ledsAv"),
            performed_by=ref_list("utforare"),
            origin=self._origin(origin_nodes[0]) if origin_nodes else None,
            carried_over=_bool(values("overfort")),
            indicators=self._indicators(node),
            goal=one_ref("tillhorMal"),
            target=_literal(values("malvarde")),
            reference_value=_literal(values("referensvarde")),
            data_source=_literal(values("datakalla")),
            development_areas=_in_text_order(
                _literals(values("utvecklingsomrade")), _literal(values("omhandertagande"))
            ),
            follow_up=_literal(values("uppfoljning")),
            refers_to=one_ref("avser"),
            engagement=next(iter(self._concepts(values("engagemang"))), None),
            area=_literal(values("omrade")),
            contributions=r.refs(
                s for s, p in r.incoming(node) if p == sg("avser") and r.entity_type(s) == "bidrag"
            ),
            initiatives=self._concepts(values("omfattarInitiativ")),
            topics=self._topics(node),
            links=self._links(node),
            source=self._source(node),
            format=FORMAT_LABELS.get(_literal(r.objects(node, ox.NamedNode(DCTERMS_FORMAT))) or ""),
            page_count=_int(values("sidantal")),
            **ChainReader(r).fields(node, kind),
        )

    def describe(self, entity_id: str) -> list[ox.Triple]:
        """The entity's RDF description (see describe.py)."""
        return description(self.read, self.node(entity_id))

    def rdf(self, entity_id: str, media_type: str) -> bytes:
        """The description as text/turtle or application/ld+json."""
        # No prefix for the base: local names with '/' would need escaping in Turtle.
        return serialize(self.describe(entity_id), media_type, PREFIXES)

    def find(self, query: EntityQuery | None = None) -> EntityPage:
        """One page of entities matching `query` (InvalidFilter for bad values)."""
        return EntityLister(self.read).find(query or EntityQuery())

    def area_ids(self) -> list[str]:
        return EntityLister(self.read).area_ids()

    def organisation_ids(self) -> list[str]:
        return EntityLister(self.read).organisation_ids()

    # ---------------------------------------------------------------- parts
    def _origin(self, node: ox.NamedNode) -> Origin:
        r = self.read
        year = _literal(r.objects(node, sg("budgetar")))
        return Origin(
            id=r.entity_id(node) or node.value,
            text=r.label(node) or "",
            kind=_literal(r.objects(node, sg("ursprungstyp"))),
            year=int(year) if year and year.isdigit() else None,
            in_budget=_bool(r.objects(node, sg("iBudget"))),
            decision_date=_literal(r.objects(node, sg("beslutsdatum"))),
            paragraph=_literal(r.objects(node, sg("paragraf"))),
            point=_literal(r.objects(node, sg("punkt"))),
        )

    def _indicators(self, node: ox.NamedNode) -> list[IndicatorRef]:
        r = self.read
        found = []
        chain = ChainReader(r)
        for ref in r.refs(r.objects(node, sg("indikator"))):
            indicator = r.node(ref.id)
            target = _literal(r.objects(indicator, sg("malvarde")))
            targets = chain.targets(indicator)
            if target is None and targets:
                target = targets[-1].target
            latest = next(
                (o for o in reversed(chain.outcomes(indicator)) if o.value is not None), None
            )
            found.append(
                IndicatorRef(
                    id=ref.id,
                    label=ref.label,
                    type=ref.type,
                    target=target,
                    latest_year=latest.year if latest else None,
                    latest_value=latest.value if latest else None,
                    unit=latest.unit if latest else None,
                )
            )
        return found

    def _topics(self, node: ox.NamedNode) -> list[TopicLink]:
        from search_api.topics.data import topics_of  # the topic pages build on this package

        return [
            TopicLink(
                id=t.id,
                iri=t.iri,
                label=t.label,
                words=t.evidence.words if t.evidence else [],
                similarity=t.evidence.similarity if t.evidence else None,
                rule=t.evidence.rule if t.evidence else None,
            )
            for t in topics_of(self.core, node.value)
        ]

    def _concepts(self, terms: list[Term]) -> list[Concept]:
        return [
            Concept(iri=t.value, label=self.read.label(t) or local_name(t.value))
            for t in terms
            if isinstance(t, ox.NamedNode)
        ]

    def _links(self, node: ox.NamedNode) -> list[Link]:
        """Every link to or from another entity under the base, both directions."""
        r = self.read
        pairs: list[tuple[ox.NamedNode, object, str]] = [
            (p, o, "out") for p, o in r.outgoing(node) if p != RDF_TYPE
        ]
        # topic evidence (sg:belagtObjekt) is shown under "amnen", not as a neighbour
        pairs += [
            (p, s, "in") for s, p in r.incoming(node) if local_name(p.value) != "belagtObjekt"
        ]
        links = []
        for prop, other, direction in pairs:
            ref = r.ref(other)
            if ref is None or other == node:
                continue
            name = local_name(prop.value)
            out_label, in_label = RELATION_LABELS.get(name, (name, name))
            links.append(
                Link(
                    relation=name,
                    direction=direction,
                    id=ref.id,
                    label=ref.label,
                    type=ref.type,
                    relation_label=out_label if direction == "out" else in_label,
                )
            )
        links.sort(key=lambda link: (link.direction != "out", link.relation, natural_key(link.id)))
        return links

    def _source(self, node: ox.NamedNode) -> Source | None:
        r = self.read
        documents = r.refs(r.objects(node, sg("dokument")))
        if not documents:
            return None
        text = _literal(r.objects(node, sg("kalltext")))
        return Source(
            document=documents[0],
            section=_literal(r.objects(node, sg("avsnitt"))),
            line=_int(r.objects(node, sg("kallrad"))),
            page=_int(r.objects(node, sg("sida"))),
            source_text=text,
        )
