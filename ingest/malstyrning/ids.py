"""Ids of shared things (contract: same kommun + kind + normalised label = one node)."""

from __future__ import annotations

import re

from ingest.text import slugify

_SLUG_LEN = 250  # long labels ("Andelen elever som ... ÅK 4 ...") differ only late


def clean_label(text: str) -> str:
    """The label a shared node carries: spaces collapsed, "vård-och" as "vård- och", footnote
    stars and trailing punctuation and quotes dropped (the wording stays on sg:Omnamnande)."""
    text = " ".join(text.split())
    text = re.sub(r"(\w)-och\b", r"\1- och", text)
    return text.rstrip("*").rstrip(" .,;:\"'”“").strip()


def label_slug(text: str) -> str:
    return slugify(clean_label(text).casefold(), max_len=_SLUG_LEN)


def direktiv_title(title: str, prefix: str) -> str:
    """The title without "Direktiv -"; all capitals made sentence case.

    "DIREKTIV - INNOVATION OCH ..." -> "Innovation och ..."
    """
    bare = re.sub(prefix, "", " ".join(title.split())).strip()
    letters = [c for c in bare if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        bare = bare[:1] + bare[1:].lower()
    return clean_label(bare)


def point_slug(text: str) -> str:
    return slugify(" ".join(clean_label(text).split()[:8]).casefold(), max_len=_SLUG_LEN)
