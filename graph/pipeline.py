"""Ingest: documents -> parsed -> RDF (one named graph each) -> SHACL -> a new store version.

Nothing is written until every document has parsed and the whole graph has validated, so bad
input or a violation leaves the stored graph as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from graph.errors import ValidationFailed
from graph.remote import RemoteState, RemoteStore
from graph.store import GraphStore, Version, current_version, graph_hash, version_id, write_version
from graph.validation import ValidationReport, ontology_graph, validate
from ingest.detect import Detection, detect
from ingest.engines import ENGINES, LINKING
from ingest.errors import DocumentError, NotFound
from ingest.iris import Iris
from ingest.manifest import load_manifest
from ingest.news import KnownEntity
from ingest.pages import add_pages
from ingest.rdf import kommun_graph
from ingest.source import read_document
from ingest.templates import load_registry
from ontology import INITIATIV_TTL, SG

Progress = Callable[[str], None]
KNOWN_KINDS = (SG.Mal, SG.Malomrade, SG.Program, SG.Plan)
DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
COUNTED = (SG.Malomrade, SG.Mal, SG.Uppdrag, SG.Program, SG.Plan, SG.Indikator, SG.Bidrag)


@dataclass
class IngestResult:
    version: Version
    changed: bool
    documents: list[str]
    report: ValidationReport
    counts: dict[str, int] = field(default_factory=dict)
    parse_warnings: list[str] = field(default_factory=list)  # what the engines could not read


def corpus_files(directory: Path) -> list[Path]:
    """The documents of a corpus directory: its manifest's files, else every document file
    (.txt, .md, .pdf, .docx, .html, .htm; the readers go by content, the names only choose)."""
    if not directory.is_dir():
        raise DocumentError(
            directory,
            "is not a directory; expected a corpus directory of documents "
            "(with an optional manifest.json)",
        )
    manifest = load_manifest(directory)
    files = [directory / name for name in manifest] or sorted(
        p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
    )
    if not files:
        raise DocumentError(directory, "holds no documents (.txt, .pdf, .docx, .html)")
    return files


def _known_entities(graph: Graph, kommun: str) -> list[KnownEntity]:
    known = []
    for kind in KNOWN_KINDS:
        for node in sorted(graph.subjects(RDF.type, kind), key=str):
            label = graph.value(node, SKOS.prefLabel)
            if label is not None:
                known.append(KnownEntity(str(node), kind.rsplit("#", 1)[-1], str(label), kommun))
    return known


def known_in_store(version: Version) -> list[KnownEntity]:
    """Goals, areas and programmes already stored, for linking news items to them."""
    store = GraphStore(version.path.parent.parent)
    kinds = " ".join(f"<{k}>" for k in KNOWN_KINDS)
    # Inside GRAPH ?g with DISTINCT: shared nodes are restated in every document's graph and
    # the union default graph would return a row per graph and pair of graphs (k^2 rows).
    # The kommun is that of the graph's document (one document per named graph).
    rows = store.query(f"""SELECT DISTINCT ?x ?kind ?label ?k WHERE {{ VALUES ?kind {{ {kinds} }}
        GRAPH ?g {{ ?x a ?kind ; <{SKOS.prefLabel}> ?label
            OPTIONAL {{ ?d <{DCTERMS.identifier}> ?id ; <{SG.kommun}> ?kommun }} }}
        BIND(REPLACE(STR(?kommun), "^.*/", "") AS ?k) }} ORDER BY ?kind ?x""")
    return [
        KnownEntity(
            r["x"].value,
            r["kind"].value.rsplit("#", 1)[-1],
            r["label"].value,
            r["k"].value if r["k"] is not None else None,
        )
        for r in rows
    ]


@dataclass
class ParsedBatch:
    graphs: dict[str, Graph]  # document id -> its named graph
    warnings: list[str]  # "<file>: <what the engine could not read>"


def parse_batch(
    paths: Sequence[Path],
    iris: Iris,
    max_bytes: int,
    known: Sequence[KnownEntity] = (),
    progress: Progress = lambda _: None,
    template_dirs: Sequence[Path] = (),
    max_unpacked: int = 200_000_000,
) -> ParsedBatch:
    """Parse documents into one graph each, keyed by document id, each by the engine of the
    template that recognises it (ingest/detect.py); documents of linking engines (news items)
    after the others, so that they can link to what the others define (and to `known`,
    already stored). Every document is read and recognised before any is parsed."""
    registry = load_registry(template_dirs)
    manifests: dict[Path, dict[str, dict[str, object]]] = {}
    found: list[Detection] = []
    sources = [read_document(p, max_bytes, max_unpacked) for p in paths]
    for source in sources:
        folder = source.path.parent
        if folder not in manifests:
            manifests[folder] = load_manifest(folder)
        found.append(detect(source, manifests[folder].get(source.path.name), registry))
    order = sorted(range(len(found)), key=lambda i: found[i].template.engine in LINKING)
    graphs: dict[str, Graph] = {}
    kommuner: dict[str, str] = {}  # document id -> kommun id
    warnings: list[str] = []
    linkable: list[KnownEntity] | None = None
    for i in order:
        source, d = sources[i], found[i]
        progress(f"parsing {source.path.name}")
        if d.template.engine in LINKING:
            if linkable is None:
                batch = [e for doc, g in graphs.items() for e in _known_entities(g, kommuner[doc])]
                linkable = list({e.iri: e for e in [*known, *batch]}.values())
            engine = LINKING[d.template.engine]
            result = engine(source, d.meta, d.template, d.kommun, iris, known=linkable)
        else:
            result = ENGINES[d.template.engine](source, d.meta, d.template, d.kommun, iris)
        add_pages(result.graph, source)
        result.graph += kommun_graph(iris, d.kommun)
        graphs[d.meta.id] = result.graph
        kommuner[d.meta.id] = d.kommun.id
        warnings += [f"{source.path.name}: {w}" for w in result.warnings]
    return ParsedBatch(graphs, warnings)


def parse_documents(
    paths: Sequence[Path],
    iris: Iris,
    max_bytes: int,
    known: Sequence[KnownEntity] = (),
    progress: Progress = lambda _: None,
    template_dirs: Sequence[Path] = (),
    max_unpacked: int = 200_000_000,
) -> dict[str, Graph]:
    """The graphs of `parse_batch`, without its warnings."""
    return parse_batch(paths, iris, max_bytes, known, progress, template_dirs, max_unpacked).graphs


def vocabulary_graph() -> Graph:
    graph = Graph()
    graph += ontology_graph()
    graph.parse(INITIATIV_TTL, format="turtle")
    return graph


def build_dataset(iris: Iris, graphs: dict[str, Graph]) -> Dataset:
    """The vocabulary graph and one named graph per document."""
    dataset = Dataset()
    dataset.graph(iris.vocabulary_graph()).__iadd__(vocabulary_graph())
    for doc, graph in graphs.items():
        dataset.graph(iris.graph(doc)).__iadd__(graph)
    return dataset


def union_of(dataset: Dataset) -> Graph:
    union = Graph()
    for ctx in dataset.graphs():
        union += ctx
    return union


def count_entities(store: GraphStore) -> dict[str, int]:
    """Entities per class in the stored graph, plus documents and triples."""
    rows = store.query("""SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?kind }
        GROUP BY ?kind""")
    found = {r["kind"].value: int(r["n"].value) for r in rows}
    counts = {k.rsplit("#", 1)[-1]: found.get(str(k), 0) for k in COUNTED}
    counts["Dokument"] = sum(
        found.get(str(k), 0)
        for k in (SG.Dokument, SG.Verksamhetsplan, SG.Budget, SG.Uppfoljning, SG.Nyhet)
    )
    triples = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    counts["triples"] = int(next(iter(triples))["n"].value)
    return counts


def ingest(
    paths: Sequence[Path],
    data_dir: Path,
    base_iri: str,
    *,
    replace_all: bool,
    keep_versions: int = 3,
    max_bytes: int = 20_000_000,
    progress: Progress = lambda _: None,
    remote: RemoteStore | None = None,
    template_dirs: Sequence[Path] = (),
    max_unpacked: int = 200_000_000,
) -> IngestResult:
    """Parse, validate and store `paths`. With replace_all the stored graph becomes exactly
    these documents; otherwise they are added to (or replace) the stored ones, and only their
    named graphs are validated and written (documents do not constrain each other). With a
    `remote` store the graphs are written there and the local copy follows it."""
    iris = Iris(base_iri)
    if remote is not None and remote.state().version is not None:
        sync_local(data_dir, remote, keep_versions)
    try:
        before: Version | None = current_version(data_dir)
    except NotFound:
        before = None
    base = None if replace_all else before
    known = known_in_store(base) if base is not None else []
    batch = parse_batch(paths, iris, max_bytes, known, progress, template_dirs, max_unpacked)
    graphs = batch.graphs
    dataset = build_dataset(iris, graphs)
    progress("validating with SHACL")
    report = validate(union_of(dataset))
    if not report.conforms:
        raise ValidationFailed(report)
    progress("writing the store")
    serialised = {
        str(ctx.identifier): ctx.serialize(format="nt", encoding="utf-8")
        for ctx in dataset.graphs()
        if len(ctx) and isinstance(ctx.identifier, URIRef)
    }
    meta = {
        "documents": sorted(graphs),
        "base_iri": base_iri,
        "warnings": [f.describe() for f in report.warnings],
        "parse_warnings": batch.warnings,
    }
    if remote is not None:
        write_remote(remote, serialised, replace_all)
        version = sync_local(data_dir, remote, keep_versions)
    else:
        version = write_version(data_dir, serialised, meta, base=base, keep=keep_versions)
    store = GraphStore(data_dir)
    return IngestResult(
        version=version,
        changed=before is None or version.id != before.id,
        documents=sorted(graphs),
        report=report,
        counts=count_entities(store),
        parse_warnings=batch.warnings,
    )


def write_remote(
    remote: RemoteStore,
    graphs: dict[str, bytes],
    replace_all: bool,
    drop: frozenset[str] = frozenset(),
) -> None:
    """Write changed graphs to the external store and record its new version there."""
    state = remote.state()
    hashes = {} if replace_all else dict(state.graphs)
    removed = (set(state.graphs) - set(graphs)) if replace_all else set(drop)
    for iri in removed | set(graphs):
        hashes.pop(iri, None)
    hashes.update({iri: graph_hash(data) for iri, data in graphs.items()})
    remote.write(graphs, removed, RemoteState(version=version_id(hashes), graphs=hashes))


def sync_local(data_dir: Path, remote: RemoteStore, keep: int = 3) -> Version:
    """Make the local copy match the external store's current version; returns it."""
    state = remote.state()
    if state.version is None:
        raise NotFound(
            f"the external store at {remote.query_url} holds no styrgraf graph yet; "
            "run `styrgraf ingest` first"
        )
    try:
        local = current_version(data_dir)
        if local.id == state.version:
            return local
    except NotFound:
        pass
    graphs = {iri: remote.get_graph(iri) for iri in sorted(state.graphs)}
    return write_version(
        data_dir, graphs, {"external": remote.query_url}, keep=keep, version=state.version
    )
