"""Friendly Swedish error pages: what went wrong, and what to do instead. Never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import InputError, NotFound, StoreError, StyrgrafError


@dataclass(frozen=True)
class Hint:
    """A suggestion on an error page, with a link where there is somewhere to go."""

    text: str
    href: str | None = None


@dataclass
class WebError(Exception):
    status: int
    title: str
    message: str
    hints: list[Hint] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.message}"


def not_found(message: str, hints: list[Hint] | None = None) -> WebError:
    return WebError(404, "Sidan finns inte", message, hints or [])


def from_styrgraf(error: StyrgrafError, home: str) -> WebError:
    """The page for an error raised below the web layer (the JSON API answers the same errors
    as problem+json; a person gets a page that says what to do)."""
    back = [Hint("Gå till sökningen", home)]
    if isinstance(error, NotFound):
        if "no graph" in str(error).lower() or "ingest" in str(error).lower():
            return WebError(
                503,
                "Grafen är inte inläst",
                "Det finns ännu inga styrdokument att visa: grafen har inte lästs in.",
                [Hint("Be den som driftar tjänsten köra `styrgraf ingest`.")],
            )
        return not_found("Det vi letade efter finns inte i grafen.", back)
    if isinstance(error, StoreError):
        return WebError(
            503,
            "Tjänsten är tillfälligt otillgänglig",
            "Grafen kunde inte läsas just nu. Försök igen om en stund.",
            back,
        )
    if isinstance(error, InputError):
        return WebError(400, "Felaktig uppgift", str(error), back)
    return WebError(500, "Något gick fel", "Ett oväntat fel inträffade.", back)
