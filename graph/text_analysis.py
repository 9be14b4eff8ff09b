"""Swedish text analysis for the lexical side: words, Snowball stems and compound parts.

Staff write "gängkriminalitet" where the plan says "kriminella gäng", "vräkning" where it says
"vräkningsförebyggande", and the PDF extraction splits words ("arbets sätt"). Stemming alone
matches none of these, so the analyser also emits

* compound parts: a word that splits into a known head (+ linking "s") and a known tail adds
  the stems of both parts, on the document and on the query side alike;
* joins: two adjacent words whose concatenation is a corpus word add the joined stem, which
  repairs the extraction's split words.

"Known" means seen in the indexed texts (the `Vocabulary`, saved with the index), so the
analyser adapts to the corpus instead of needing a Swedish dictionary.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

WORD = re.compile(r"[^\W_]+")
# Question and filler words staff put around what they mean ("vilka uppdrag rör ...?").
QUERY_FILLERS = frozenset(
    [
        "vilka",
        "vilken",
        "vilket",
        "vad",
        "hur",
        "var",
        "varför",
        "när",
        "finns",
        "rör",
        "gäller",
        "handlar",
        "gör",
        "göra",
        "görs",
        "jobbar",
        "arbetar",
        "kring",
        "om",
        "mot",
        "åt",
        "oss",
        "vi",
        "också",
        "något",
        "några",
    ]
)
STOPWORDS = frozenset(STOPWORDS_SWEDISH) | {"ska", "samt", "får", "kan", "även", "bl", "t", "ex"}
MIN_HEAD, MIN_TAIL, MIN_COMPOUND = 3, 4, 8

_local = threading.local()  # PyStemmer objects hold state and must not be shared by threads


def stem(words: list[str]) -> list[str]:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("swedish")
    result: list[str] = stemmer.stemWords(words)
    return result


# Administrations' units are named like topics: "avdelning Boende och hemlöshet", "inom Barn
# och unga". Mid-sentence, such a name starts with a capital that a topic phrase would not
# have; indexing it as one word keeps a unit's name from matching the topic ("hemlöshet").
UNIT_NAME = re.compile(r"(?<=[a-zåäö,] )([A-ZÅÄÖ][a-zåäö]+) och ([a-zåäö]+)")


def mask_unit_names(text: str) -> str:
    return UNIT_NAME.sub(lambda m: f"{m.group(1)}och{m.group(2)}", text)


def words(text: str) -> list[str]:
    return [m.group().lower() for m in WORD.finditer(text)]


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lowercased word) for every word of `text`, for highlighting."""
    for m in WORD.finditer(text):
        yield m.start(), m.end(), m.group().lower()


@dataclass
class Vocabulary:
    """The words and stems of the indexed texts; decides what counts as a known word part."""

    words: frozenset[str]
    stems: frozenset[str]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        seen: set[str] = set()
        for text in texts:
            seen.update(words(text))
        return cls(frozenset(seen), frozenset(stem(sorted(seen))))

    def knows(self, word: str) -> bool:
        return word in self.words or stem([word])[0] in self.stems


@dataclass(frozen=True)
class AnalyzerOptions:
    """Which of the extra token sources are on (the evaluation switches them to compare)."""

    compounds: bool = True
    joins: bool = True


class Analyzer:
    """Turns text into BM25 tokens: stems of non-stopwords plus compound parts and joins."""

    def __init__(self, vocabulary: Vocabulary, options: AnalyzerOptions | None = None) -> None:
        self.vocabulary = vocabulary
        self.options = options or AnalyzerOptions()
        self._splits: dict[str, tuple[str, str] | None] = {}

    def split(self, word: str) -> tuple[str, str] | None:
        """The (head, tail) of a compound such as 'vräkningsförebyggande', or None.

        The longest known head wins: it is the most specific reading ('hemlöshets|strategi'
        rather than 'hem|...'). Heads may have dropped or changed their final vowel
        ('folkhälso|program' from 'folkhälsa', 'skol|gång' from 'skola')."""
        if word in self._splits:
            return self._splits[word]
        found: tuple[str, str] | None = None
        if len(word) >= MIN_COMPOUND and not word.isdigit():
            for cut in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
                head = self._known_head(word[:cut])
                rest = word[cut:]
                if head is None:
                    continue
                tails = [rest[1:]] if rest.startswith("s") and len(rest) > MIN_TAIL else []
                tail = next((t for t in [rest, *tails] if self._known_part(t)), None)
                if tail is not None:
                    found = (head, tail)
                    break
        if len(self._splits) < 100_000:  # bounded: queries bring arbitrary words
            self._splits[word] = found
        return found

    def _known_part(self, part: str) -> bool:
        """A corpus word, or a form whose stem is a corpus stem of 4+ letters (a shorter stem
        matches too much by chance: 'löshet' stems to 'lös')."""
        if part in self.vocabulary.words:
            return True
        stemmed = stem([part])[0]
        return len(stemmed) >= MIN_TAIL and stemmed in self.vocabulary.stems

    def _known_head(self, head: str) -> str | None:
        variants = [head, head + "a"]
        if head[-1] in "oue":
            variants.append(head[:-1] + "a")
        return next((v for v in variants if self._known_part(v)), None)

    def word_tokens(self, word: str) -> list[str]:
        """Stem of one word plus the stems of its compound parts."""
        tokens = [stem([word])[0]]
        if self.options.compounds:
            parts = self.split(word)
            if parts is not None:
                tokens += [t for t in stem(list(parts)) if t not in STOPWORDS]
        return tokens

    def tokens(self, text: str, stopwords: frozenset[str] = STOPWORDS) -> list[str]:
        """BM25 tokens of `text` (documents and queries go through the same path)."""
        found = words(mask_unit_names(text))
        tokens: list[str] = []
        for i, word in enumerate(found):
            if word not in stopwords:
                tokens += self.word_tokens(word)
            if self.options.joins and i + 1 < len(found) and len(word) >= 2:
                joined = stem([word + found[i + 1]])[0]
                if len(joined) >= MIN_COMPOUND - 2 and joined in self.vocabulary.stems:
                    tokens.append(joined)
        return tokens

    def query_tokens(self, text: str, ignore: frozenset[str] = frozenset()) -> list[str]:
        return self.tokens(text, STOPWORDS | QUERY_FILLERS | ignore)
