"""The lexical side and the text plumbing: analysis, spelling, synonyms, chunks, snippets,
fusion. Small corpora written here; no model needed."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from search_api.search.analysis import Analyzer, Vocabulary, stem
from search_api.search.chunking import ChunkParams, chunk_text
from search_api.search.lexical import LexicalIndex
from search_api.search.models import SearchInputError
from search_api.search.ranking import doc_filter, fold, fuse, ranks, type_intent
from search_api.search.snippets import chunk_words, make_snippet, snippet_of
from search_api.search.spelling import Speller, distance

CORPUS = [
    "Hemlösheten ska upphöra till 2028.",
    "Stärka det vräkningsförebyggande arbetet med personer som riskerar att hamna i hemlöshet.",
    "Minska nyrekryteringen av unga i riskzon till kriminella gäng.",
    "Uppdatera rutiner och arbets sätt. Familjecentrerat arbetssätt och förebyggande arbete.",
    "Göteborgs Stads folkhälsoprogram och socialtjänstens vräkningar av barnfamiljer.",
    "Folkhälsa, ett program för fritid.",
]


@pytest.fixture(scope="module")
def lexical() -> LexicalIndex:
    return LexicalIndex.build(CORPUS)


def best(lexical: LexicalIndex, q: str) -> int:
    return int(np.argmax(lexical.scores(lexical.analyse(q), 0.5)))


def test_stemming_matches_inflections(lexical: LexicalIndex) -> None:
    scores = lexical.scores(lexical.analyse("hemlöshet", synonyms=False), 0.5)
    assert scores[0] > 0 and scores[1] > 0 and not scores[2:].any()


def test_compound_parts_match_both_ways(lexical: LexicalIndex) -> None:
    analyzer = lexical.analyzer
    parts = analyzer.split("vräkningsförebyggande")
    assert parts and stem(list(parts)) == ["vräkning", "förebygg"]
    assert analyzer.split("hemlöshet") is None  # not hem|löshet: 'lös' is too short a stem
    assert analyzer.split("folkhälsoprogram") == ("folkhälsa", "program")
    assert best(lexical, "gängkriminalitet") == 2  # query compound, words apart in the text


def test_split_words_are_joined(lexical: LexicalIndex) -> None:
    assert "arbetssät" in lexical.analyzer.tokens("arbets sätt")


def test_typos_are_corrected_against_the_corpus(lexical: LexicalIndex) -> None:
    assert lexical.analyse("hemlöshett").corrections == {"hemlöshett": "hemlöshet"}
    assert lexical.analyse("slagen hemma").corrections == {}  # known Swedish, not 'lagen'
    assert distance("kvinojour", "kvinnojour") == 1 and distance("ab", "ba") == 1
    assert Speller.from_words(["familjehem"]).correct("famijehem") == "familjehem"


def test_synonyms_expand_with_lower_weight(lexical: LexicalIndex) -> None:
    terms = lexical.analyse("bostadslösa")
    assert any(["hemlös"] in term for group in terms.expansions for term in group)
    scores = lexical.scores(terms, 0.5)
    assert scores[0] > 0 and scores[1] > 0 and scores[2] == 0
    plain = lexical.scores(lexical.analyse("hemlöshet", synonyms=False), 0.5)
    expanded = lexical.scores(lexical.analyse("hemlöshet"), 0.5)
    assert expanded[4] > plain[4] == 0  # 'vräkningar' reached through the synonym group


def test_synonyms_come_from_the_given_topics_dir(lexical: LexicalIndex, tmp_path: Path) -> None:
    """The topics a core adds (its STYRGRAF_TOPICS_DIR) give synonyms to its index only."""
    (tmp_path / "egna.ttl").write_text(
        """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix amne: <https://w3id.org/styrgraf/amne/> .
amne:fritidsbanker a skos:Concept ; skos:inScheme amne: ; skos:broader amne:fritid ;
  skos:prefLabel "Fritidsbanker"@sv ; skos:altLabel "utlåning av sportutrustning"@sv .
""",
        "utf-8",
    )
    own = LexicalIndex.build(CORPUS, topics_dir=tmp_path)
    assert ("fritidsbanker", "utlåning av sportutrustning") in own.synonym_groups
    assert ("fritidsbanker", "utlåning av sportutrustning") not in lexical.synonym_groups
    lending = [["utlåning"], ["sportutrustning"]]  # the added term, as BM25 tokens
    assert [lending] in own.analyse("fritidsbanker").expansions
    assert [lending] not in lexical.analyse("fritidsbanker").expansions
    own.save(tmp_path / "index")
    assert LexicalIndex.load(tmp_path / "index", tmp_path).synonym_groups == own.synonym_groups


def test_lexical_index_round_trip(lexical: LexicalIndex, tmp_path: Path) -> None:
    lexical.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    for q in ["hemlöshet", "gängkriminalitet", "kvinojour", "arbetssätt"]:
        np.testing.assert_array_equal(
            loaded.scores(loaded.analyse(q), 0.5), lexical.scores(lexical.analyse(q), 0.5)
        )


def test_chunks_keep_sentences_and_overlap() -> None:
    sentence = "Ord " * 29 + "slut."
    text = "\n".join(f"{sentence} Nummer {i}." for i in range(6))
    chunks = chunk_text(text, ChunkParams(max_words=80, overlap_words=40))
    assert len(chunks) > 1 and all(len(c.split()) <= 80 for c in chunks)
    for before, after in itertools.pairwise(chunks):
        assert before.split(". ")[-1] in after  # the last sentence is repeated
    assert chunk_text("ett " * 300, ChunkParams(100, 20))[1].startswith("ett")


def test_snippet_marks_stems_and_compound_parts_and_escapes() -> None:
    analyzer = Analyzer(Vocabulary.from_texts(CORPUS))
    text = 'Stärka <det> "vräkningsförebyggande" arbetet & hemlösheten.'
    snippet = make_snippet(text, frozenset({"vräkning", "hemlös"}), analyzer)
    assert snippet.marked == ["vräkningsförebyggande", "hemlösheten"]
    assert "&lt;det&gt;" in snippet.html and "&amp;" in snippet.html
    assert "<mark>vräkningsförebyggande</mark>" in snippet.html
    long = " ".join(["fyllnad"] * 60 + ["hemlöshet"] + ["slut"] * 60)
    cut = make_snippet(long, frozenset({"hemlös"}), analyzer, max_words=20)
    assert cut.text.startswith("…") and cut.text.endswith("…") and "hemlöshet" in cut.text


def test_snippet_window_is_the_first_with_most_matches_and_chunk_words_are_reusable() -> None:
    """The index computes a chunk's words once and reuses them for every query: nothing of
    one query's marks may stay behind for the next."""
    analyzer = Analyzer(Vocabulary.from_texts(CORPUS))
    text = " ".join(
        ["fyllnad"] * 30 + ["hemlöshet", "vräkning"] + ["mitt"] * 30 + ["vräkning", "hemlösheten"]
    )
    words = chunk_words(text, analyzer)
    both = snippet_of(words, frozenset({"hemlös", "vräkning"}), max_words=10)
    assert both.marked == ["hemlöshet", "vräkning"]  # the first of two windows with two hits
    assert both.text == "…" + "fyllnad " * 8 + "hemlöshet vräkning…"  # the earliest such
    none = snippet_of(words, frozenset({"gäng"}), max_words=10)
    assert none.marked == [] and none.text == " ".join(["fyllnad"] * 10) + "…"
    assert snippet_of(words, frozenset({"hemlös"}), 10) == make_snippet(
        text, frozenset({"hemlös"}), analyzer, 10
    )


def test_fusion_and_type_intent() -> None:
    a = ranks(np.array([3.0, 1.0, -np.inf], dtype=np.float32))
    assert list(a) == [1, 2, np.inf]
    fused = fuse([(1.0, a), (1.0, np.array([2.0, 1.0, np.inf]))], 60)
    assert fused[2] == 0 and fused[0] == fused[1]
    assert type_intent("vilka uppdrag rör hemlöshet?") == (
        frozenset({"uppdrag"}),
        frozenset({"uppdrag"}),
    )
    assert type_intent("uppdrag") == (frozenset(), frozenset())
    assert fold("Delaktighet och tillit") == fold("delaktighet-och-tillit")


def test_unknown_filter_values_are_input_errors() -> None:
    with pytest.raises(SearchInputError):
        doc_filter([], None, "Rymdfart", None)
