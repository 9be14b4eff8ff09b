"""Swedish text analysis, shared with graph building: it lives in graph/text_analysis.py (the
topic tagger uses it and must not import upwards); re-exported here for the search modules."""

from graph.text_analysis import (
    MIN_COMPOUND,
    MIN_HEAD,
    MIN_TAIL,
    QUERY_FILLERS,
    STOPWORDS,
    UNIT_NAME,
    Analyzer,
    AnalyzerOptions,
    Vocabulary,
    mask_unit_names,
    stem,
    word_spans,
    words,
)

__all__ = [
    "MIN_COMPOUND",
    "MIN_HEAD",
    "MIN_TAIL",
    "QUERY_FILLERS",
    "STOPWORDS",
    "UNIT_NAME",
    "Analyzer",
    "AnalyzerOptions",
    "Vocabulary",
    "mask_unit_names",
    "stem",
    "word_spans",
    "words",
]
