"""The styrgraf vocabulary: Turtle files and their typed Python namespace."""

from importlib.resources import files
from pathlib import Path

from ontology.namespace import SG

__all__ = ["INITIATIV_TTL", "ONTOLOGY_TTL", "SG", "SHAPES_TTL"]

_HERE = Path(str(files("ontology")))
ONTOLOGY_TTL = _HERE / "styrgraf.ttl"
SHAPES_TTL = _HERE / "shapes.ttl"
INITIATIV_TTL = _HERE / "initiativ.ttl"
