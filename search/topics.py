"""Topic labels: one to three short, readable labels per quote, shared across the corpus
so that they can serve as a search facet.

A label is a content word or a two-word collocation of the corpus, shown in its most
frequent surface form ("music", "romantic comedy", "health care"). Inflections share a
label through their Snowball stem (collaborate, collaborating and collaboration are one
label). A quote's labels are its candidates ranked by tf-idf over the corpus's
paragraphs, with very rare words damped so that a label names a subject that several
quotes share rather than one odd word. Stop words, generic verbs, numbers, names (words
mostly capitalised in mid-sentence) and words found in too many paragraphs are never
labels.

Only NLTK code that needs no downloaded data is used: the Snowball stemmer and the
bigram association measures. Tokens come from one regular expression (NLTK's
RegexpTokenizer would do the same, several times slower).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from typing import Any, NamedTuple, TypeVar

from nltk.metrics import BigramAssocMeasures
from nltk.stem.snowball import SnowballStemmer

from .documents import Document
from .record import Quote
from .spill import Column

# Words (letters, inner apostrophes and hyphens), other runs of word characters (numbers
# and codes), and single punctuation marks, which break collocations.
_TOKENS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*(?!\w)|\w+|[^\w\s]")
_STEMMER = SnowballStemmer("english")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words, never labels (compared as written, lower-cased).
FUNCTION_WORDS = _word_set(
    """
    a about above across after afterwards again against ago ahead all almost alone along
    already also although always am among amongst an and another any anybody anyhow anyone
    anything anyway anywhere are around as at away back be became because become becomes
    been before beforehand behind being below beside besides between beyond both but by
    can cannot could did do does doing done down during each either else elsewhere enough
    even ever every everybody everyone everything everywhere except few for former formerly
    from further had has have having he hence her here hereby herein hers herself him
    himself his how however i if in indeed instead into is it its itself just last latter
    least less many may maybe me meanwhile might mine more moreover most mostly much must
    my myself neither never nevertheless next no nobody none nor not nothing now nowhere of
    off often oh ok okay on once one only onto or other others otherwise our ours ourselves
    out over own per perhaps please quite rather same several shall she should since so
    some somebody somehow someone something sometime sometimes somewhere still such than
    that the their theirs them themselves then there thereby therefore these they this
    those though through throughout thus to together too toward towards under unless until
    up upon us very via was we well were what whatever when whenever where whereas wherever
    whether which while who whoever whole whom whose why will with within without would yeah
    yes yet you your yours yourself yourselves
    said told thought knew known got gotten goes went gone came took taken seen saw gave
    given felt made meant kept began begun shown heard added
    mr mrs ms dr st www http https com org html
    zero two three four five six seven eight nine ten eleven twelve twenty thirty forty
    fifty hundred thousand million billion trillion first second third fourth fifth half
    dozen
    """
)

# Words too generic to name a subject; matched by stem, so "says" and "saying" are
# excluded with "say" (irregular forms are listed with the function words).
GENERIC_WORDS = _word_set(
    """
    say tell ask think know feel want get make go come take see look give put seem try
    let mean need use keep call like love begin start stay turn become show hear talk
    happen include continue add note explain according work
    thing stuff people way lot kind sort bit part place point case fact question answer
    matter number reason sense word man longer
    time year day week month today tonight yesterday tomorrow moment percent
    really actually just also very much pretty quite always never ever already probably
    maybe certainly definitely especially obviously basically simply exactly sure
    good great bad big small little new old best better worse lot lots many different
    able whole real right wrong true certain important huge nice easy hard high low long
    short large major strong clear full likely possible special guy everybody
    """
)
_GENERIC_STEMS = frozenset(_STEMMER.stem(w) for w in GENERIC_WORDS)

_ADVERB_ENDINGS = ("ally", "ously", "ently", "antly", "ively", "fully", "ularly", "ately")

# Marks after which a capital letter says nothing about a name.
_SENTENCE_BREAKS = frozenset(".!?:;\"“”‘’'()[]{}—–-*•|/>#")

DETERMINERS = _word_set(
    "a an the this that these those my your his her its our their some any no every each another of"
)

MIN_SHARED = 2  # paragraphs a label must occur in to count as shared
MAX_PARAGRAPH_SHARE = 0.1  # ... and at most this share of them, in a big corpus
BIG_CORPUS = 200  # paragraphs from which the share above is applied
RARITY_DAMPING = 3.0  # df / (df + this) damps labels found in very few paragraphs
MIN_PAIR_COUNT = 2  # a collocation occurs at least this often, plus one per tenfold
PAIR_COUNT_FROM = 10_000  # ... growth of the corpus beyond this many words ...
MIN_PAIR_LR = 10.83  # ... its log-likelihood ratio is significant (p < 0.001) ...
MIN_PAIR_DICE = 0.1  # ... and its words mostly come together (Dice coefficient)
NOUN_FLOOR = 0.25  # the weight of a word never seen after a determiner
MAX_PAIRS = 2_000_000  # above this many distinct pairs (or triples), those seen once go
CONTEXT_WEIGHT = 0.5  # the question that prompted an answer counts half
CANDIDATES = 8  # a quote's best labels that are weighed against the other quotes'
FIT_ALL = 1_000  # documents of a corpus that are all counted for the model ...
FIT_SAMPLE = 8  # ... and, beyond them, one in this many
TOKEN_CACHE = 1 << 17  # tokens whose label keys a model remembers (about 25 MB)


def _normalise(token: str) -> str:
    """Lower case with typographic apostrophes made plain and a possessive dropped."""
    word = token.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


@lru_cache(maxsize=1 << 16)
def _content_stem(word: str) -> str | None:
    """The stem of a normalised word that may be a label, or ``None``."""
    if len(word) < 3 or "'" in word or word in FUNCTION_WORDS:
        return None
    parts = word.split("-")
    if not all(len(p) > 1 and p.isalpha() for p in parts) or all(
        p in FUNCTION_WORDS for p in parts
    ):
        return None
    stem = _STEMMER.stem(word)
    return None if stem in _GENERIC_STEMS else stem


def _paragraphs(text: str) -> Iterator[str]:
    """The non-empty lines of a text: paragraphs, transcript turns, headings."""
    for line in text.split("\n"):
        if line.strip():
            yield line


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


_LOWER, _CAPITAL, _NAME, _OTHER = range(4)  # token shapes


class _Token(NamedTuple):
    """A token as fitting sees it."""

    word: str  # normalised: lower case, plain apostrophe, no possessive
    stem: str | None  # None unless the word may be a label
    surface: str  # lower case as written, to begin collocations ("writer's block")
    shape: int  # _LOWER, _CAPITAL (first letter), _NAME ("A-Faris"), _OTHER
    is_word: bool
    long_word: bool  # a word of four letters or more: what a heading is judged by
    capitalised: bool
    determiner: bool  # "the", "a", "this" ...: the word after it is a noun
    sentence_break: bool  # punctuation after which a capital says nothing


def _title_like(tokens: list[_Token]) -> bool:
    """A heading or menu line, where capitals say nothing about names."""
    capitals = [t.capitalised for t in tokens if t.long_word]
    return bool(capitals) and sum(capitals) > 0.6 * len(capitals)


@dataclass(slots=True)
class _Pair:
    """Counts for one adjacent pair of content stems while fitting."""

    count: int = 0
    paragraphs: int = 0
    last_paragraph: int = -1
    # The pair's surface form by majority vote (Boyer-Moore): no per-pair Counter.
    surface: str = ""
    votes: int = 0

    def add(self, surface: str, paragraph: int) -> None:
        self.count += 1
        if paragraph != self.last_paragraph:
            self.paragraphs += 1
            self.last_paragraph = paragraph
        if surface == self.surface:
            self.votes += 1
        elif self.votes == 0:
            self.surface, self.votes = surface, 1
        else:
            self.votes -= 1


Key = str | tuple[str, str]  # a stem, or a collocation's two stems
K = TypeVar("K", bound=Hashable)  # a label key, or its number


@dataclass
class _Counts:
    """What one pass over a corpus counts; :meth:`model` turns it into a TopicModel."""

    paragraphs: int = 0
    words: int = 0
    tokens: dict[str, _Token] = field(default_factory=dict)  # cache by token
    stems: dict[str, str | None] = field(default_factory=dict)  # cache by word
    surfaces: dict[str, int] = field(default_factory=dict)  # content word -> count
    lower: dict[str, int] = field(default_factory=dict)  # ... written in lower case
    capital: dict[str, int] = field(default_factory=dict)  # ... capitalised like a name
    stem_count: dict[str, int] = field(default_factory=dict)
    after_determiner: dict[str, int] = field(default_factory=dict)  # word, as "the music"
    df: dict[str, int] = field(default_factory=dict)  # stem -> paragraphs
    pairs: dict[tuple[str, str], _Pair] = field(default_factory=dict)
    triples: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def stem(self, word: str) -> str | None:
        """The content stem of a normalised word, worked out once per word."""
        if word not in self.stems:
            self.stems[word] = _content_stem(word)
        return self.stems[word]

    def token(self, token: str) -> _Token:
        """What a token is, worked out once per distinct token."""
        info = self.tokens.get(token)
        if info is None:
            word = _normalise(token)
            is_word = token[0].isalpha()
            stem = self.stem(word) if is_word else None
            if any(_is_capitalised(part) for part in token.split("-")[1:]):
                shape = _NAME
            elif token.islower():
                shape = _LOWER
            else:
                shape = _CAPITAL if _is_capitalised(token) else _OTHER
            surface = token.lower().replace("’", "'")
            info = self.tokens[token] = _Token(
                word,
                stem,
                surface,
                shape,
                is_word,
                long_word=is_word and len(token) > 3,
                capitalised=_is_capitalised(token),
                determiner=word in DETERMINERS,
                sentence_break=token in _SENTENCE_BREAKS,
            )
        return info

    def add_paragraph(self, paragraph: str) -> None:
        """Count one paragraph's words, names, paragraph frequencies, and the pairs and
        triples of adjacent content words."""
        # Each distinct token is worked out once (see :meth:`token`); the loop below runs
        # for every word of the corpus, so what it reads is bound to local names.
        known = self.tokens.get
        tokens = [known(t) or self.token(t) for t in _TOKENS.findall(paragraph)]
        heading = _title_like(tokens)
        seen: set[str] = set()
        prev: _Token | None = None  # the token just before
        run: list[str] = []  # stems of the last words that may make a collocation
        surfaces, stem_count, df = self.surfaces, self.stem_count, self.df
        lower, capital, after_determiner = self.lower, self.capital, self.after_determiner
        pairs, triples, paragraphs = self.pairs, self.triples, self.paragraphs
        words = 0
        for info in tokens:
            words += info.is_word
            stem = info.stem
            if stem is None:
                prev, run = info, []
                continue
            word = info.word
            surfaces[word] = surfaces.get(word, 0) + 1
            stem_count[stem] = stem_count.get(stem, 0) + 1
            if prev is not None and prev.determiner:
                after_determiner[word] = after_determiner.get(word, 0) + 1
            # Capitals mean a name in mid-sentence, but not in a heading.
            name_like = not heading and (
                info.shape == _NAME
                or (info.shape == _CAPITAL and prev is not None and not prev.sentence_break)
            )
            if name_like:
                capital[word] = capital.get(word, 0) + 1
            elif info.shape == _LOWER:
                lower[word] = lower.get(word, 0) + 1
            if not name_like and stem not in seen:
                seen.add(stem)
                df[stem] = df.get(stem, 0) + 1
            # Collocations come from running text: no headings, no names ("White House").
            if name_like or heading:
                run = []
            else:
                if run:
                    pair = pairs.get((run[-1], stem))
                    if pair is None:
                        pair = pairs[(run[-1], stem)] = _Pair()
                    pair.add(f"{prev.surface} {word}", paragraphs)  # type: ignore[union-attr]
                if len(run) > 1:
                    triple = (run[-2], run[-1], stem)
                    triples[triple] = triples.get(triple, 0) + 1
                run = [*run[-1:], stem]
            prev = info
        self.words += words
        self.paragraphs += 1
        if len(self.pairs) > MAX_PAIRS:
            # Lossy counting: pairs seen once so far are unlikely collocations.
            self.pairs = {k: p for k, p in self.pairs.items() if p.count > 1}
        if len(self.triples) > MAX_PAIRS:
            self.triples = {k: n for k, n in self.triples.items() if n > 1}

    def is_name(self, word: str) -> bool:
        """Mostly capitalised in mid-sentence, or never written in lower case."""
        lower = self.lower.get(word, 0)
        return self.capital.get(word, 0) > lower or not lower

    def is_adverb(self, word: str) -> bool:
        """An "-ly" word with an adverb's ending (finally, seriously), or made from
        another word of the corpus (usually, easily, simply) and seldom after a
        determiner (unlike "the assembly", "a rally")."""
        if not word.endswith("ly"):
            return False
        if len(word) > 6 and word.endswith(_ADVERB_ENDINGS):
            return True
        bases = (word[:-2], word[:-3] + "y", word[:-1] + "e", word[:-2] + "e")
        if not any(len(base) > 3 and base in self.stems for base in bases):
            return False
        return self.after_determiner.get(word, 0) < 0.2 * self.surfaces[word]

    def model(self) -> TopicModel:
        """Drop names and too-common words, choose each label's surface form (its most
        frequent word, then the shortest, then the alphabetically first), weigh each
        label and keep the strong collocations."""
        n = self.paragraphs
        too_common = MAX_PARAGRAPH_SHARE * n if n >= BIG_CORPUS else math.inf
        key_of: dict[str, str] = {}
        blocked: set[str] = set()
        best: dict[str, tuple[int, int, str]] = {}  # stem -> (count, -length, word)
        for word, count in self.surfaces.items():
            stem = self.stems[word]
            if stem is None or not self.df.get(stem) or self.df[stem] > too_common:
                continue
            if self.is_name(word) or self.is_adverb(word):
                blocked.add(word)
                continue
            key_of[word] = stem
            rank = (count, -len(word), word)
            held = best.get(stem)
            if held is None or rank[:2] > held[:2] or (rank[:2] == held[:2] and word < held[2]):
                best[stem] = rank
        df: dict[Key, int] = {stem: self.df[stem] for stem in best}
        label_of: dict[Key, str] = {stem: rank[2] for stem, rank in best.items()}
        # Nouns follow determiners; verbs and adverbs seldom do.
        nounish: dict[str, int] = {}
        for word, stem in key_of.items():
            nounish[stem] = nounish.get(stem, 0) + self.after_determiner.get(word, 0)
        prior: dict[Key, float] = {}
        for stem in best:
            share = (nounish[stem] + 0.25) / (self.stem_count[stem] + 1)
            prior[stem] = min(1.0, NOUN_FLOOR + 2 * share)
        # The count of the commonest three-word phrase that each pair is part of.
        longer: dict[tuple[str, str], int] = {}
        for (a, b, c), count in self.triples.items():
            for part in ((a, b), (b, c)):
                longer[part] = max(count, longer.get(part, 0))
        pairs: set[tuple[str, str]] = set()
        min_count = MIN_PAIR_COUNT + max(0, int(math.log10(max(1, self.words) / PAIR_COUNT_FROM)))
        for (a, b), pair in self.pairs.items():
            if pair.count < min_count or a == b or a not in best or b not in best:
                continue
            if not all(_normalise(w) in key_of for w in pair.surface.split(" ")):
                continue  # made of a name or an adverb that shares a label's stem
            within = longer.get((a, b), 0)
            if within >= MIN_PAIR_COUNT and 2 * within >= pair.count:
                continue  # mostly part of a longer phrase: "gross domestic (product)"
            marginals = (self.stem_count[a], self.stem_count[b])
            if (
                BigramAssocMeasures.dice(pair.count, marginals, self.words) >= MIN_PAIR_DICE
                and BigramAssocMeasures.likelihood_ratio(pair.count, marginals, self.words)
                >= MIN_PAIR_LR
            ):
                pairs.add((a, b))
                df[(a, b)] = pair.paragraphs
                label_of[(a, b)] = pair.surface
                prior[(a, b)] = 1.0
        for key, count in df.items():
            prior[key] *= count / (count + RARITY_DAMPING)
        blocked_words = frozenset(w for w in blocked if self.stems[w] in best)
        return TopicModel(n, key_of, frozenset(pairs), df, label_of, prior, blocked_words)


class TopicFitter:
    """Fits a :class:`TopicModel` one text at a time, for texts streaming past (the
    counts it keeps are bounded: see :data:`MAX_PAIRS`)."""

    def __init__(self) -> None:
        self._counts = _Counts()
        self.offered = 0

    def add(self, text: str) -> None:
        """Count one text; each of its lines is a paragraph."""
        for paragraph in _paragraphs(text):
            self._counts.add_paragraph(paragraph)

    def wants(self, sha256: str) -> bool:
        """Whether the next document of a corpus being read is to be counted (then
        :meth:`add` it), by its content hash.

        The first :data:`FIT_ALL` documents are all counted; after them, one in
        :data:`FIT_SAMPLE`, chosen by content hash (the same documents whatever the
        reading order). Counting costs about half as much as extracting, and a large
        corpus's label vocabulary is settled well before its end.
        """
        self.offered += 1
        return self.offered <= FIT_ALL or not int(sha256[:8], 16) % FIT_SAMPLE

    def model(self) -> TopicModel:
        """The model of everything added so far."""
        return self._counts.model()


@dataclass
class TopicModel:
    """Label vocabulary and paragraph frequencies fitted on a corpus.

    ``key_of`` maps a normalised word to its label key (its stem); ``pairs`` holds the
    collocations as pairs of keys; ``df`` counts the paragraphs each key occurs in;
    ``label_of`` gives each key's readable form and ``prior`` its weight before
    tf-idf (lower for verbs and for keys in very few paragraphs). A word the corpus
    never had counts for its stem's label unless capitalised in mid-sentence
    ("collaborated" for "collaboration"); ``blocked`` keeps out the corpus's names and
    adverbs that share a label's stem. The model is plain data: it pickles, and
    labelling a new text does not change it (apart from a cache of the tokens looked
    up, which is not pickled).
    """

    paragraphs: int = 0
    key_of: dict[str, str] = field(default_factory=dict)
    pairs: frozenset[tuple[str, str]] = frozenset()
    df: dict[Key, int] = field(default_factory=dict)
    label_of: dict[Key, str] = field(default_factory=dict)
    prior: dict[Key, float] = field(default_factory=dict)
    blocked: frozenset[str] = frozenset()

    @cached_property
    def keys(self) -> list[Key]:
        """Every label key, numbered by its place in this list."""
        return list(self.label_of)

    @cached_property
    def key_ids(self) -> dict[Key, int]:
        """The number of each label key (its place in :attr:`keys`)."""
        return {key: i for i, key in enumerate(self.keys)}

    @cached_property
    def _token_keys(self) -> dict[str, tuple[str | None, str | None]]:
        """Tokens already looked up, each with its key in mid-sentence and at the start
        of a sentence (at most :data:`TOKEN_CACHE` of them)."""
        return {}

    @cached_property
    def _idf(self) -> dict[Key, float]:
        """The inverse paragraph frequency of the keys already looked up."""
        return {}

    def __getstate__(self) -> dict[str, Any]:
        # The numbering and the caches are worked out again where needed.
        skip = ("keys", "key_ids", "_token_keys", "_idf")
        return {k: v for k, v in self.__dict__.items() if k not in skip}

    @classmethod
    def fit(cls, texts: Iterable[str]) -> TopicModel:
        """Fit the vocabulary on ``texts`` (documents or quotes) in one linear pass.

        Each line of a text is a paragraph: the unit that frequencies are counted in.
        """
        fitter = TopicFitter()
        for text in texts:
            fitter.add(text)
        return fitter.model()

    def _keys(self, text: str) -> dict[Key, int]:
        """Label keys found in ``text`` with their counts; the words of a collocation
        count for the collocation only."""
        # This runs for every word of every quote: plain dicts, and what it reads bound
        # to local names.
        found: dict[Key, int] = {}
        prev: str | None = None
        before = "."
        known, pairs, breaks = self._token_keys, self.pairs, _SENTENCE_BREAKS
        for token in _TOKENS.findall(text):
            keys = known.get(token)
            if keys is None:
                keys = (self._key(token, False), self._key(token, True))
                if len(known) < TOKEN_CACHE:
                    known[token] = keys
            key = keys[before in breaks]
            before = token
            if key is None:
                prev = None
                continue
            if prev is not None and (prev, key) in pairs:
                if found[prev] == 1:
                    del found[prev]
                else:
                    found[prev] -= 1
                pair = (prev, key)
                found[pair] = found.get(pair, 0) + 1
                key = None
            else:
                found[key] = found.get(key, 0) + 1
            prev = key
        return found

    def _key(self, token: str, sentence_start: bool) -> str | None:
        """The label key of one token, if any."""
        if not token[0].isalpha():
            return None
        word = _normalise(token)
        key = self.key_of.get(word)
        common = token.islower() or (sentence_start and token[1:].islower())
        if key is None and common and word not in self.blocked:
            stem = _content_stem(word)
            if stem in self.df:
                key = stem
        return key

    def scores(self, text: str, weight: float = 1.0) -> dict[Key, float]:
        """Each label key found in ``text`` with its tf-idf score times ``weight``."""
        out: dict[Key, float] = {}
        idf = self._idf
        for key, tf in self._keys(text).items():
            key_idf = idf.get(key)
            if key_idf is None:
                key_idf = idf[key] = 1.0 + math.log((self.paragraphs + 1) / self.df[key])
            out[key] = weight * (1.0 + math.log(tf)) * key_idf * self.prior[key]
        return out

    def ranked(self, scores: dict[Key, float]) -> list[Key]:
        """Scored keys from best to worst (ties in alphabetical order of their labels),
        shared keys only, or the single best key when none is shared."""
        ranked = sorted(scores, key=lambda key: (-scores[key], self.label_of[key]))
        shared = [key for key in ranked if self.df[key] >= MIN_SHARED]
        return shared or ranked[:1]

    def labels(self, text: str, k: int = 3) -> tuple[str, ...]:
        """Up to ``k`` topic labels for ``text``, best first; empty when it holds no word
        of the fitted vocabulary."""
        return tuple(self.label_of[key] for key in self.ranked(self.scores(text))[:k])

    def most_widespread(self) -> tuple[str, ...]:
        """The label found in the most paragraphs: the last resort for a quote with no
        usable word and no document (empty for an empty model)."""
        keys = sorted(self.df, key=lambda key: (-self.df[key], self.label_of[key]))
        return tuple(self.label_of[key] for key in keys[:1])


def merge_scores(*scored: dict[Key, float]) -> dict[Key, float]:
    """The sum of several score tables (a quote's words plus its question's)."""
    total: dict[Key, float] = {}
    for table in scored:
        for key, value in table.items():
            total[key] = total.get(key, 0.0) + value
    return total


def _enclosing_paragraph(text: str, quote: Quote) -> tuple[int, int]:
    """The bounds of the line of the document ``text`` that holds the start of the
    quote's first segment (empty for a quote with no span)."""
    if not quote.spans:
        return 0, 0
    start, end = quote.spans[0]
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return a, b if b >= 0 else len(text)


def assign_topics(
    quotes: list[Quote], documents: list[Document], model: TopicModel | None = None
) -> list[Quote]:
    """Give every quote 1-3 topic labels shared across the corpus.

    The model (unless given, fitted as the documents stream past) is fitted on the
    documents and on the text of any quote whose document is not among them. A quote's
    candidates come from its words plus, at half weight, the question that prompted it;
    a quote with no usable word ("Yes.") takes those of its paragraph, else of its
    document, else the corpus's most widespread label. Candidates that no other quote
    has are passed over, and a label that ends up on a single quote is kept only as that
    quote's one label, so that labels work as facets.
    """
    by_path = {doc.path: doc.text for doc in documents}
    if model is None:
        orphans = [q.text for q in quotes if q.doc not in by_path]
        model = TopicModel.fit([*by_path.values(), *orphans])
    memos: dict[str, SurroundingScores] = defaultdict(SurroundingScores)
    candidates = [
        quote_candidates(model, q, lambda q=q: by_path.get(q.doc), memos[q.doc]) for q in quotes
    ]
    return label_quotes(model, quotes, candidates)


def label_quotes(
    model: TopicModel, quotes: list[Quote], candidates: list[list[Key]]
) -> list[Quote]:
    """The quotes with the labels chosen from their candidates (see
    :func:`share_labels`)."""
    return [
        quote.with_changes(topics=labels_of(model, keys))
        for quote, keys in zip(quotes, share_labels(candidates), strict=True)
    ]


def group_candidates(model: TopicModel, group: tuple[list[Quote], str | None]) -> list[list[int]]:
    """The candidates of one document's quotes, given with the document's text, as
    numbers (see :attr:`TopicModel.key_ids`): compact to send between processes (see
    :func:`search.workers.ordered_map`) and to keep in a scratch file."""
    quotes, text = group
    ids = model.key_ids
    memo = SurroundingScores()
    return [[ids[key] for key in quote_candidates(model, q, lambda: text, memo)] for q in quotes]


def quote_candidates(
    model: TopicModel,
    quote: Quote,
    doc_text: Callable[[], str | None],
    memo: SurroundingScores | None = None,
) -> list[Key]:
    """A quote's best label keys, best first. ``doc_text`` gives its document's text,
    asked for only when the quote's own words give nothing; ``memo`` (one per document)
    keeps the scores of its paragraphs and of the whole text, so that many such quotes
    in one long paragraph cost one scoring of it, not one each."""
    scores = _quote_scores(model, quote, doc_text, memo or SurroundingScores())
    return model.ranked(scores)[:CANDIDATES]


def labels_of(model: TopicModel, keys: list[Key]) -> tuple[str, ...]:
    """The readable labels of chosen keys (the corpus's commonest label for none)."""
    return tuple(model.label_of[key] for key in keys) or model.most_widespread()


def share_labels(
    candidates: list[list[Key]],
    k: int = 3,
    rounds: int = 3,
    prior: Counter[Key] | None = None,
) -> list[list[Key]]:
    """Up to ``k`` labels per quote from its ranked candidates, preferring labels that
    other quotes carry too (see :func:`iter_shared_labels`), all in memory."""
    return list(iter_shared_labels(candidates, k, rounds, prior))


def iter_shared_labels(
    candidates: Iterable[list[K]],
    k: int = 3,
    rounds: int = 3,
    prior: Counter[K] | None = None,
    scratch: Callable[[], Column] = list,
) -> Iterator[list[K]]:
    """Up to ``k`` labels per quote from its ranked candidates, preferring labels that
    other quotes carry too, in the order of ``candidates``.

    Candidates no other quote has are passed over; each round, a quote takes first the
    candidates that other quotes took in the round before (best first), then its best
    remaining ones. At the end a label taken by one quote only is dropped, unless it is
    that quote's only label. ``prior`` counts the labels that quotes outside
    ``candidates`` already carry (those of an index being updated).

    The counting is done in plain dicts, key by key: ``Counter.update`` costs more
    than that for the few keys of one quote, and this runs for every quote of a corpus.
    ``candidates`` is read several times over (a list, or a column of label ids in a
    scratch file), and each round's picks go into a new ``scratch()`` column, so that
    only the label counts need to be in memory, whatever the number of quotes.
    """
    prior = prior or Counter()
    support = Counter(prior)
    support.update(chain.from_iterable(candidates))
    # The candidates some other quote has too, and the first picks among them.
    live, picks, used = scratch(), scratch(), dict(prior)
    for keys in candidates:
        shared = [key for key in keys if support[key] > 1]
        live.append(shared)
        mine = shared[:k]
        picks.append(mine)
        for key in mine:
            used[key] = used.get(key, 0) + 1
    for _ in range(rounds):
        new_picks, new_used, changed = scratch(), dict(prior), False
        for keys, mine in zip(live, picks, strict=True):
            chosen = _others_first(keys, used, mine)[:k] if keys else keys
            changed = changed or chosen != mine
            new_picks.append(chosen)
            for key in chosen:
                new_used[key] = new_used.get(key, 0) + 1
        picks, used = new_picks, new_used
        if not changed:
            break  # the same picks again: so would every later round be
    for all_keys, keys, mine in zip(candidates, live, picks, strict=True):
        shared = [key for key in keys if key in mine and used.get(key, 0) > 1]
        yield shared or mine[:1] or all_keys[:1]


def _others_first(keys: list[K], used: dict[K, int], mine: list[K]) -> list[K]:
    """``keys`` with those that other quotes use first, each part in its old order."""
    others, alone = [], []
    for key in keys:
        (others if used.get(key, 0) > (key in mine) else alone).append(key)
    return others + alone


def _quote_scores(
    model: TopicModel,
    quote: Quote,
    doc_text: Callable[[], str | None],
    memo: SurroundingScores,
) -> dict[Key, float]:
    """A quote's scored label keys, from its words and question, else from its
    surroundings (scored once per document in ``memo``)."""
    context = memo.contexts.get(quote.context)
    if context is None:
        context = memo.contexts[quote.context] = model.scores(quote.context, CONTEXT_WEIGHT)
    scores = merge_scores(model.scores(quote.text), context)
    if not scores:
        text = doc_text()
        if text is not None:
            bounds = _enclosing_paragraph(text, quote)
            if bounds not in memo.paragraphs:
                memo.paragraphs[bounds] = model.scores(text[bounds[0] : bounds[1]])
            scores = memo.paragraphs[bounds]
            if not scores:
                if memo.document is None:
                    memo.document = model.scores(text)
                scores = memo.document
    return scores


@dataclass
class SurroundingScores:
    """The label scores of one document's paragraphs (by their bounds) and of its whole
    text, kept for the quotes that fall back on them (see :func:`quote_candidates`),
    and those of the contexts its quotes share (the question before several answers,
    the sentence around several fragments)."""

    contexts: dict[str, dict[Key, float]] = field(default_factory=dict)
    paragraphs: dict[tuple[int, int], dict[Key, float]] = field(default_factory=dict)
    document: dict[Key, float] | None = None
