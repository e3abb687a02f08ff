"""Attribution: the cue (a speech verb or marker) next to a quote and the speaker
mention that goes with it.

The cue lexicon is general English reporting vocabulary (checked against the verbs that
introduce quotes in the PolNeAR training articles); nothing in it is tied to a document.
A speaker mention is a person's name (with titles, a parenthetical and an appositive
allowed around it), a pronoun, or a short description ("a campaign spokesman"). A
sentence that leads into a quote with a colon may stand for the cue: its subject is the
speaker ("Rubio fired back: “…”", "Clinton: “…”").
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from .speakers import (
    AGE,
    ARTICLES,
    BODY_NOUNS,
    CALENDAR_NAMES,
    DETERMINERS,
    HONORIFICS,
    NEARBY_DAYS,
    NOT_NAMES,
    POSSESSIVE,
    PRONOUNS,
    ROLE_GENDER,
    Token,
    description_start,
    first_name_gender,
    is_descriptor,
    is_name_word,
    lowercase_words,
    name_runs,
    office_name_start,
    tokenize,
)

_IRREGULAR = {
    "say": ["say", "says", "said", "saying"],
    "tell": ["tell", "tells", "told", "telling"],
    "write": ["write", "writes", "wrote", "writing", "written"],
    "sing": ["sing", "sings", "sang", "sung", "singing"],
    "speak": ["speak", "speaks", "spoke", "speaking"],
    "swear": ["swear", "swears", "swore", "swearing"],
    "read": ["reads", "read"],
    "put": ["put", "puts"],
    "go": ["went on", "goes on", "going on"],
    "cry": ["cry", "cries", "cried", "crying"],
    "concur": ["concur", "concurs", "concurred", "concurring"],
    "aver": ["aver", "avers", "averred", "averring"],
    "deadpan": ["deadpanned", "deadpanning"],  # a noun too: see _NOUN_LIKE
    "reply": ["reply", "replies", "replied", "replying"],
    "deny": ["deny", "denies", "denied", "denying"],
    "testify": ["testify", "testifies", "testified", "testifying"],
    "quip": ["quip", "quips", "quipped", "quipping"],
    "admit": ["admit", "admits", "admitted", "admitting"],
    "snap": ["snap", "snaps", "snapped", "snapping"],
    "chide": ["chide", "chides", "chided", "chiding"],
    "begin": ["begins", "began"],
    "offer": ["offer", "offers", "offered", "offering"],
    "tweet": ["tweet", "tweets", "tweeted", "tweeting"],
}
_REGULAR = [
    # report, repeat and insist
    "reiterate",
    "affirm",
    "clarify",
    "theorize",
    "confess",
    "inquire",
    # in a tone of voice
    "exhort",
    "admonish",
    "blurt",
    "add",
    "explain",
    "ask",
    "note",
    "continue",
    "laugh",
    "muse",
    "recall",
    "argue",
    "insist",
    "warn",
    "declare",
    "claim",
    "state",
    "respond",
    "answer",
    "joke",
    "acknowledge",
    "concede",
    "counter",
    "observe",
    "remark",
    "suggest",
    "urge",
    "announce",
    "boast",
    "complain",
    "caution",
    "predict",
    "emphasize",
    "emphasise",
    "stress",
    "agree",
    "shout",
    "yell",
    "whisper",
    "scream",
    "chant",
    "exclaim",
    "demand",
    "plead",
    "promise",
    "vow",
    "thunder",
    "sigh",
    "venture",
    "opine",
    "contend",
    "maintain",
    "assert",
    "confirm",
    "post",
    "recount",
    "reflect",
    "confide",
    "describe",
    "call",
    "liken",
    "dub",
    "label",
    "brand",
    "term",
    "allege",
    "charge",
    "lament",
    "marvel",
    "scoff",
    "retort",
    "interject",
    "elaborate",
    "mutter",
    "murmur",
    "grumble",
    "bark",
    "growl",
    "proclaim",
    "report",
    "reveal",
    "disclose",
    "speculate",
    "wonder",
    "pledge",
    "implore",
    "advise",
    "recommend",
    "propose",
    "conclude",
    "reason",
    "quote",
    "cite",
    "email",
    "text",
    "message",
    "type",
    "summarize",
    "summarise",
    "sum",
    "tout",
    "gush",
    "rave",
    "enthuse",
    "smile",
    "grin",
    "shrug",
    "nod",
    "pause",
    "remind",
    "assure",
    "reassure",
    "concur",
    "object",
    "protest",
    "fume",
    "rail",
    "seethe",
    "mock",
    "taunt",
    "tease",
    "question",
    "challenge",
    "write",
    "comment",
    "interrupt",
    "repeat",
    "mention",
    "attack",
    "slam",
    "blast",
    "criticize",
    "criticise",
    "praise",
    "hail",
    "dismiss",
    "decry",
    "denounce",
    "condemn",
    "ridicule",
    "defend",
    "accuse",
    "lambaste",
    "assail",
    "chastise",
    "scold",
    "apologize",
    "thank",
    "beam",
    "chuckle",
    "cheer",
    "crow",
    "gloat",
    "groan",
    "sneer",
    "snort",
    "bellow",
    "holler",
    "roar",
    "gasp",
    "hiss",
    "rant",
    "fret",
    "boom",
    "echo",
    "intone",
    "snarl",
    "sniff",
]

MULTIWORD_CUES = [
    "according to",
    "pointed out",
    "points out",
    "pointing out",
    "chimed in",
    "went on",
    "goes on",
    "going on",
    "in a statement",
    "issued a statement",
    "released a statement",
    "summed up",
    "sums up",
    "spelled out",
    "put it",
    "puts it",
    "wrote in",
    "told reporters",
    # a retort: "Hillary shot back, “…”"
    *(f"{verb} back" for verb in ("fired", "fires", "firing", "shot", "shoots", "shooting")),
    *(f"{verb} back" for verb in ("hit", "hits", "hitting", "snapped", "snaps")),
]
# Cues after which a quote names or labels something ("called it “…”"): the only ones
# that may attribute a one- or two-word fragment, which is otherwise a scare quote.
NAMING_CUES = {
    f
    for base in ("call", "describe", "liken", "dub", "label", "brand", "term", "nickname")
    for f in (base, base + "s", base + "ed", base + "d", base + "ing", base[:-1] + "ing")
} | {"according to", "put it", "puts it"}


def is_participle(cue: str) -> bool:
    """Whether a cue word is a participle ("saying", "adding"), whose subject is the
    sentence's rather than the words around it."""
    return cue.endswith("ing")


# Words that may stand between a subject and its verb: "Trump has often said".
AUX = {
    "has",
    "had",
    "have",
    "would",
    "will",
    "also",
    "later",
    "then",
    "often",
    "once",
    "recently",
    "previously",
    "again",
    "long",
    "earlier",
    "just",
    "even",
    "never",
    "simply",
    "only",
    "quickly",
    "flatly",
    "repeatedly",
    "frequently",
    "famously",
    "reportedly",
    "publicly",
    "privately",
    "bluntly",
    "candidly",
    "further",
    "first",
    "finally",
    "succinctly",
    "jokingly",
    "angrily",
    "quietly",
    "softly",
    "proudly",
    "tersely",
    "wryly",
    "dryly",
    "still",
    "all",
    "both",
    "is",
    "was",
    "were",
    "are",
    "being",
    "been",
    "did",
    "does",
    "do",
    "may",
    "might",
    "could",
    "should",
    "can",
    "not",
    "n't",
}
PREPOSITIONS = {
    "from",
    "of",
    "at",
    "with",
    "for",
    "in",
    "on",
    "to",
    "about",
    "during",
    "after",
    "before",
    "when",
    "while",
    "who",
    "which",
    "that",
    "as",
    "by",
    "whose",
    "where",
    "last",
    "this",
    "earlier",
    "told",
}
# Words that end a time adverbial opening a sentence ("Minutes later, she …").
TIME_ENDINGS = {"later", "earlier", "ago", "afterward", "afterwards"}
CLAUSE_BREAKERS = {
    "and",
    "but",
    "or",
    "so",
    "because",
    "if",
    "when",
    "while",
    "although",
    "though",
    "that",
    "which",
    "who",
    "whether",
    "than",
    "what",
    "where",
    "why",
    "how",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "not",
    "no",
}


_SHORT_CVC = re.compile(r"(?:qu|[^aeiou])*[aeiou][bdgklmnprt]")


# Worked out once, for the per-chunk and per-token tests below.
_COMMON_OPENERS = frozenset(NOT_NAMES - DETERMINERS)
_PHRASE_ENDS = frozenset(PREPOSITIONS | CLAUSE_BREAKERS)
_DESCRIPTION_ENDS = _PHRASE_ENDS | AUX
# Words before a name that make it an object, not the subject ("to Tampa", "the Times").
_BEFORE_A_NON_SUBJECT = frozenset(
    {"the", "from", "at", "for", "in", "on", "to", "into", "near"}
    | {"his", "her", "their", "its", "our", "my", "your"}  # "chairman of Our Principles PAC"
)
# Cue words that attribute only the quote before them: "“…,” the statement read", but
# not "The sign on the barn read “…”" (a sign, not a speaker). ("reads" stays a cue both
# ways, as before: "The statement reads: “…”".)
_AFTER_ONLY = frozenset({"read"})
_DETERMINERS_OF_A_NAME = frozenset({"the", "his", "her", "their", "its", "our", "my", "your"})
# Words between a person's name and their place ("Marco Rubio of Florida").
_PLACE_LINKS = frozenset({"of", "from", "in", "at"})
# Words that link a role to what it is a role in ("director of", "fellow at").
_ROLE_LINKS = frozenset({"of", "at", "for", "with", "in", "on"})
_QUOTE_MARKS = frozenset({"“", "”", '"'})


def _regular_forms(base: str) -> list[str]:
    if _SHORT_CVC.fullmatch(base):  # one syllable ending consonant-vowel-consonant: "nodded"
        return [base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"]
    if base.endswith("e"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2] not in "aeiou":
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return [base, base + "es", base + "ed", base + "ing"]
    return [base, base + "s", base + "ed", base + "ing"]


# Verbs whose base and "-s" forms are mostly nouns ("his biggest gripe"): only their
# past and participle are cues.
_NOUN_LIKE = [
    "gripe",
    "grouse",
    "moan",
    "chime",
    "giggle",
    "stammer",
    "mumble",
    "underscore",
    "brag",
    "whine",
    "posit",
]


def _cue_words() -> set[str]:
    words = {w for forms in _IRREGULAR.values() for w in forms}
    for base in _REGULAR:
        if base not in _IRREGULAR:
            words.update(_regular_forms(base))
    for base in _NOUN_LIKE:
        words.update(_regular_forms(base)[2:])  # "griped", "griping"
    return words


CUE_WORDS = _cue_words()
# The past forms among them, which end a description ("a spokesman said in a statement");
# base and "-s" forms may be nouns ("the weather report", "emails").
_CUE_PASTS = frozenset(
    w
    for w in CUE_WORDS
    if " " not in w and w not in _IRREGULAR and w not in _REGULAR and not w.endswith(("s", "ing"))
)
# Multi-word cues by their first word: "according" → ["according to"].
_MULTI_BY_FIRST: dict[str, list[str]] = {}
for _cue in sorted(MULTIWORD_CUES + [w for w in CUE_WORDS if " " in w], key=len, reverse=True):
    _MULTI_BY_FIRST.setdefault(_cue.split()[0], []).append(_cue)
_WORD_RE = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Mention:
    """Who a cue attributes a quote to: the words, their span and what they are."""

    text: str
    start: int
    end: int
    kind: str  # "name", "pronoun" or "description"


@dataclass(frozen=True, slots=True)
class Attribution:
    """A cue and the speaker mention it attributes a quote to."""

    # None: a participle cue; the caller finds the speaker (carried over from the quote
    # before, or the subject of the quote's own sentence)
    mention: Mention | None
    cue: str
    cue_start: int
    cue_end: int


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word or phrase found in the text (match-like: ``group``, ``start``, ``end``)."""

    text: str
    begin: int
    finish: int

    def group(self) -> str:
        return self.text

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """Cues in ``text[start:end]``, in order: a word lookup per word, so the cost is
    linear in the window whatever the size of the lexicon."""
    cues = []
    for m in _WORD_RE.finditer(text, start, end):
        word = m.group().lower()
        found = None
        for phrase in _MULTI_BY_FIRST.get(word, ()):
            candidate = text[m.start() : m.start() + len(phrase)]
            if " ".join(candidate.lower().split()) == phrase and len(candidate) == len(phrase):
                after = text[m.start() + len(phrase) : m.start() + len(phrase) + 1]
                if not after.isalpha():
                    found = Cue(candidate, m.start(), m.start() + len(phrase))
                    break
        if found is None and word in CUE_WORDS and " " not in word:
            found = Cue(m.group(), m.start(), m.end())
        if found is not None and found.finish <= end and _is_cue(found, text):
            cues.append(found)
    return cues


def _is_cue(cue: Cue, text: str) -> bool:
    word = cue.text
    if word[:1].isupper() and word.lower() != "according to":
        # A capitalised cue word mid-sentence is a name ("Price", "Post", "Call").
        before = text[max(0, cue.begin - 8) : cue.begin]
        if not re.search(r"(^|\n\s*|[.!?“\"]\s*)$", before):
            return False
    return True


def _trim_aux(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[-1].text.lower() in AUX:
        tokens = tokens[:-1]
    return tokens


def _drop_parentheticals(tokens: list[Token]) -> list[Token]:
    out, depth = [], 0
    for t in tokens:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(t)
    return out


def _split_commas(tokens: list[Token]) -> list[list[Token]]:
    chunks: list[list[Token]] = [[]]
    for t in tokens:
        if t.text in {",", "—", "–"}:
            chunks.append([])
        else:
            chunks[-1].append(t)
    return [c for c in chunks if c]


def _run_mention(tokens: list[Token], i: int, j: int, kind: str = "name") -> Mention:
    """The mention made of ``tokens[i:j]``, its words joined by single spaces (with the
    number of a union's local: "Transit Workers Union Local 17")."""
    if tokens[j - 1].text == "Local" and j < len(tokens) and tokens[j].text.isdigit():
        j += 1
    return Mention(" ".join(t.text for t in tokens[i:j]), tokens[i].start, tokens[j - 1].end, kind)


def _chunks(tokens: list[Token]) -> list[list[Token]]:
    """``tokens`` without parentheticals, split at commas."""
    return _split_commas(_drop_parentheticals(tokens))


def _name_in(chunk: list[Token]) -> Mention | None:
    """The person's name that heads a noun phrase chunk, if there is one.

    The head of "Stephen Holden from the New York Times" is before the preposition; of
    "White House press secretary Josh Earnest" it is the last name run.
    """
    head = _up_to(chunk, PREPOSITIONS)
    runs = [
        (i, j)
        for i, j in name_runs(head)
        if description_start(head, i, j) is None and any(is_name_word(t) for t in head[i:j])
    ]
    if not runs:
        return None
    i, j = runs[-1]
    rest = [t.text for t in head[j:]]
    words = 0 < len(rest) <= 2 and all(w.isalpha() and w.islower() for w in rest)
    if words and plural_noun(rest[-1]) and not any(w in _NOT_A_NOUN for w in rest):
        return None  # the name qualifies a group: "Trump supporters", "Clinton aides"
    return _run_mention(head, i, j)


def plural_noun(word: str) -> bool:
    """Whether a lower-case word reads as a plural noun ("supporters"; not "always")."""
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ys", "ways", "wards"))
        and word not in CUE_WORDS
        and word not in _S_ADVERBS
    )


def _description(chunk: list[Token], text: str) -> Mention | None:
    """A short descriptive noun phrase ("a campaign spokesman", "the consensus")."""
    words = [t for t in chunk if t.text not in {"“", "”", '"', "’", "'"}]
    if not words or len(words) > 7:
        return None
    for k in range(2, len(words)):
        # A participle or a speech verb after the head noun starts a clause: "the
        # audience gathered", "a court document filed", "a spokesman said in a
        # statement" ("the retired judge" keeps its adjective).
        w = words[k].text
        # a present-tense cue before its object: "the foundation describes itself" (not
        # a plural noun before the verb: "a lawyer for both states said")
        following = words[k + 1] if k + 1 < len(words) else None
        present = (
            w in CUE_WORDS
            and w.endswith("s")
            and following is not None
            and not _verb_like(following)
        )
        if w.islower() and ((len(w) > 4 and w.endswith("ed")) or w in _CUE_PASTS or present):
            words = words[:k]
            break
    first, last = words[0].text.lower(), words[-1].text.lower()
    if first == "that" or (first not in DETERMINERS and not words[0].text[:1].isupper()):
        return None
    if len(words) == 1 and (first in NEARBY_DAYS or first in CALENDAR_NAMES):
        return None  # a sentence's opening time: "Tonight, state officials say …"
    if first in _SUBORDINATORS and first != "as":
        return None  # a clause: "While old Iowa hands say" (but "As one employee told")
    if last in ARTICLES or last in PREPOSITIONS or last in AUX:
        return None
    if any(w.text.lower() in CLAUSE_BREAKERS | PRONOUNS for w in words[1:]):
        return None
    if not all(any(c.isalpha() for c in w.text) for w in words):
        return None
    return Mention(
        text[words[0].start : words[-1].end], words[0].start, words[-1].end, "description"
    )


# Words that open a clause inside a sentence: "Cruz said as the heckler yelled".
_SUBORDINATORS = frozenset({"as", "while", "when", "after", "before"})
# ... and the words that open a clause with a subject of its own before a cue: "an end
# to what their union called “…”".
_CLAUSE_OPENERS = _SUBORDINATORS | {"what"}
# Words that open a sentence's adverbial phrase or clause, not its subject: "Since
# Senator Warren spoke, …".
_OPENING_LINKS = frozenset(
    PREPOSITIONS
    | CLAUSE_BREAKERS
    | _SUBORDINATORS
    | {"since", "despite", "unless", "until", "upon", "without", "amid", "among", "once"}
    | {"like", "unlike", "following", "given", "under", "over", "through", "throughout"}
)
_COORDINATORS = frozenset({"but", "and", "yet", "so"})
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my"})
# Determiners of a plain description (not a possessive: "its senior vice president").
_PLAIN_DETERMINERS = frozenset({"the", "a", "an", "another", "many", "some", "several"})
# Prepositions that set one person beside another: "said Clinton alongside Sanders".
_BETWEEN_PEOPLE = frozenset(
    {"alongside", "beside", "besides", "against", "versus", "vs", "like", "unlike", "than"}
    | {"behind", "near", "toward", "towards", "over", "under", "among", "amid", "beyond"}
)
# Words after a verb that make a phrasal verb: "Weighing in", "Reached out".
_PARTICLES = frozenset({"to", "in", "on", "up", "out", "by", "off", "back", "down"})
# Adverbs that end in "s" like a plural noun.
_S_ADVERBS = frozenset(
    {"sometimes", "perhaps", "besides", "nowadays", "overseas", "indoors", "outdoors"}
    | {"unawares", "nevertheless", "regardless", "thus", "hereabouts", "afterwards"}
)
# A party and state tag after a politician's name: "Mitch McConnell, R-Ky., said",
# "R-Texas", "D-N.Y." (not "D-Day", "I-Team").
_PARTY_TAG = re.compile(
    r"[RDI]-(?:[A-Z][a-z]{0,4}\.|[A-Z]\.[A-Z]\.|Texas|Ohio|Iowa|Utah|Idaho|Maine|Alaska|Hawaii)"
    r"(?![\w-])"
)
# Prepositions that open a phrase set off by commas ("Trump, in Kentucky, said"), and
# those that name an author ("a letter from Tom Lind", "a post by Jane Roe").
_ASIDE_PREPOSITIONS = frozenset(
    {"in", "at", "on", "of", "with", "for", "during", "after", "before", "near"}
)
_AUTHOR_PREPOSITIONS = frozenset({"from", "by", "to", "with", "for", "around"})
# Words that make a sentence's subject a state, not a speaker ("The results were stark:").
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "'s", "’s"})
# Words that make a lower-case phrase something other than a role (see _lowercase_role),
# and words after a name that make it no noun's modifier (see _name_in).
_NOT_IN_A_ROLE = frozenset(
    PRONOUNS | AUX | CLAUSE_BREAKERS | CUE_WORDS | PREPOSITIONS | DETERMINERS
)
_NOT_A_NOUN = frozenset(CLAUSE_BREAKERS | AUX)
# Words before a name that make it an object, not a subject (see _trailing_name).
_BEFORE_AN_OBJECT = _BEFORE_A_NON_SUBJECT | {"of"}
_BEFORE_A_NON_ANTECEDENT = _BEFORE_AN_OBJECT - _AUTHOR_PREPOSITIONS
# How the last word of a role of several words ends: "communications adviser", "campaign
# manager", "political strategist", "senior consultant", "deputy spokeswoman".
_AGENT_ENDINGS = ("er", "or", "ist", "ant", "ent", "man", "ian")  # -man: -woman too
# Verbs that end like agent nouns: "Berg supporters want Tom Lind to …".
_VERBS_LIKE_AGENTS = frozenset(
    {"want", "represent", "prevent", "present", "invent", "consent", "resent", "grant"}
    | {"remember", "consider", "offer", "answer", "deliver", "enter", "gather", "wonder"}
    | {"order", "bother", "suffer", "cover", "discover", "prefer", "render", "register"}
    | {"encounter", "counter", "monitor", "honor", "favor", "mentor", "implement"}
    | {"comment", "document", "lament", "govern", "alter", "matter", "differ"}
    # past tenses: "Obama sent Joe Biden to the rally", "Trump lent Chris Christie his plane"
    | {"sent", "lent", "spent", "meant", "went", "bent", "rent", "dreamt", "learnt", "burnt"}
    | {"ever", "never", "over", "under", "after", "later", "rather", "either", "neither"}
)
# Adverbs between a subject and its verb: "He then listed".
_ADVERBS_BEFORE_A_VERB = frozenset({"then", "also", "later", "again", "once", "still", "now"})
# Whom something is said to, right after the cue: "told her:".
_ADDRESSEES = frozenset({"him", "her", "them", "me", "us", "you", "it"})
# Prepositions between a cue and a name that make the name the cue's object: "a message
# to Trump:" (not "a message from his aide Jane Roe:").
_TO_A_RECIPIENT = frozenset({"to", "for", "at", "in", "on", "into", "near"})
# Words before a full name that make it no participle's subject: as _BEFORE_A_NON_SUBJECT,
# but "from" names one ("no different from George H.W. Bush calling").
_BEFORE_A_NON_AUTHOR = _BEFORE_A_NON_SUBJECT - {"from"}
_LOWER_WORD = re.compile(r"[a-z]+")
_TO_BEFORE = re.compile(r"\bto\s+$")  # an infinitive's "to" before a cue
# A passive's "be" before a cue ("employees would be offered"): its subject is not the
# speaker, so an earlier cue in the sentence is the one ("Stanhope said employees …").
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:[a-z]+ly\s+)?$", re.I)


def _aside(chunk: list[Token], text: str) -> bool:
    """A chunk set off by commas after the subject that cannot be the subject itself: a
    place or a time ("Trump, in Kentucky, said") or a relative clause ("Zimmerman, who
    identifies as Hispanic, told"). Party tags are :func:`_party_tag`'s."""
    words = {t.text.lower() for t in chunk}
    return (
        chunk[0].text.lower() in _ASIDE_PREPOSITIONS and not words & CLAUSE_BREAKERS
    ) or _relative(chunk)


def _party_tag(chunk: list[Token], text: str) -> bool:
    """Whether ``chunk`` opens with a party and state tag ("R-Ky., on Tuesday")."""
    return bool(_PARTY_TAG.match(text, chunk[0].start))


def _appositive(chunk: list[Token], text: str) -> bool:
    """A chunk that describes a name before it: "the executive director at …", "25",
    "at a later press gaggle", "who has …", "founder of the Media Research Center"."""
    first = chunk[0].text.lower()
    return (
        first in DETERMINERS
        or first in PREPOSITIONS
        or first[:1].isdigit()
        or _description(chunk, text) is not None
        or (len(chunk) <= 2 and chunk[0].text[:1].isupper())  # "R-Ky."
        or _role(chunk)
        or _aside(chunk, text)
        or _party_tag(chunk, text)
    )


def _lowercase_role(chunk: list[Token]) -> bool:
    """A short phrase of lower-case words that names a role, without an article or a
    preposition: "deputy homeland security advisor" (not a clause: "he said", "who
    was", nor a group: "members of the board")."""
    words = [t.text for t in chunk]
    return (
        len(words) <= 5
        and all(w.replace("-", "").isalpha() and w.islower() for w in words)
        and not any(w in _NOT_IN_A_ROLE for w in words)
        and not plural_noun(words[-1])  # a role is one person's: "officials" is a group
    )


def _role(chunk: list[Token]) -> bool:
    """A person's role named without an article, then what it is a role in: "founder of
    …", "senior fellow at …", "co-founder and chairman of …" (not a group: "members of
    the board said")."""
    for k, tok in enumerate(chunk[:5]):
        word = tok.text.lower()
        if k and word in _ROLE_LINKS:
            head = chunk[k - 1].text.lower()
            return not (head.endswith("s") and not head.endswith("ss"))
        if not (tok.text.islower() and word.replace("-", "").isalpha()):
            return False
        if (
            word in PRONOUNS
            or word in AUX
            or (word in CLAUSE_BREAKERS and (k == 0 or word != "and"))
        ):
            return False
    return False


def _plain_noun_phrase(chunk: list[Token]) -> bool:
    """A short phrase that opens with its only determiner and holds no verb we know of
    ("an intelligence source", not "The poll has bad news for Bush" nor "The crowd booed
    the mayor")."""
    words = [t.text.lower() for t in chunk]
    return (
        len(words) <= 5
        and words[0] in DETERMINERS
        and not any(w in DETERMINERS for w in words[1:])
        and not any(w in AUX or w in CLAUSE_BREAKERS or w in CUE_WORDS for w in words)
    )


def _up_to(tokens: list[Token], ends: Container[str], symbols: bool = False) -> list[Token]:
    """``tokens`` up to the first one after the first that is in ``ends`` (in lower
    case), or with ``symbols`` that does not start with a letter: the head of a phrase
    ("a spokesman" of "a spokesman for the mayor")."""
    for k, tok in enumerate(tokens):
        if k and (tok.text.lower() in ends or (symbols and not tok.text[:1].isalpha())):
            return tokens[:k]
    return tokens


def _relative(tokens: list[Token]) -> bool:
    """Whether ``tokens`` open a relative clause about a person ("who …")."""
    return bool(tokens) and tokens[0].text.lower() == "who"


def _pronoun(tok: Token) -> Mention | None:
    if tok.text.lower() in PRONOUNS and tok.text.lower() != "it":
        return Mention(tok.text, tok.start, tok.end, "pronoun")
    return None


def _participle_opening(chunk: list[Token]) -> bool:
    """A phrase opened by a participle or an adverb, not a name: "Reprising one of her
    lines,", "Weighing in on the debate,", "Reached by phone,", "Shortly after the call
    ended," (a function word after the first word; the caller asks only of a phrase set
    off by a comma, so "Biden in a speech attacked" keeps Biden)."""
    if len(chunk) < 2 or not chunk[0].text[:1].isupper():
        return False
    first, second = chunk[0].text.lower(), chunk[1].text.lower()
    shaped = len(first) > 4 and first.endswith(("ing", "ed", "en", "ly"))
    return shaped and (second in PREPOSITIONS or second in DETERMINERS or second in _PARTICLES)


def _clause_opening(chunks: list[list[Token]], text: str) -> Mention | None:
    """The subject that opens a sentence: the first chunk that starts with a name, a
    pronoun or a determiner ("Earlier in the day, Trump attacked …, saying")."""
    for chunk in chunks:
        if len(chunk) > 1 and chunk[0].text.lower() in _COORDINATORS:
            chunk = chunk[1:]  # "But he says …", "And Trump said …"
        pronoun = _pronoun(chunk[0])
        if pronoun:
            return pronoun
        first, last = chunk[0].text.lower(), chunk[-1].text.lower()
        if (
            first in _OPENING_LINKS
            or (last in TIME_ENDINGS and len(chunk) <= 4)
            or (chunk is not chunks[-1] and _participle_opening(chunk))
        ):
            continue  # an opening adverbial: "During the debate, Trump …", "Days later, …"
        runs = name_runs(chunk)
        opened = chunk[1:] if first in ARTICLES else chunk  # "A Plus reporter Isaac Saul"
        titled = _opening_title(opened, runs if opened is chunk else name_runs(opened))
        if titled:
            return titled
        if chunk[0].bare in _COMMON_OPENERS:
            continue  # "Earlier, …" ("Senate Majority Leader Mitch McConnell" is titled)
        common = first in lowercase_words(text)
        if runs and runs[0][0] == 0 and not (common and runs[0][1] == 1):
            i, j = runs[0]
            return _run_mention(chunk, i, j)
        if first in ARTICLES or first in POSSESSIVE_DETERMINERS or common:
            words = _up_to(chunk, _DESCRIPTION_ENDS)  # "Her campaign sent out an email"
            desc = _description(words, text) if len(words) <= 5 else None
            if desc:
                return _appositive_name(chunks, chunk, words) or _named_after(words) or desc
    return None


# Words for people by their relation to someone, beyond the agent nouns ("adviser") and
# family roles: "her bandmate", "his coach", "their friend".
_RELATIONS = frozenset(
    {"friend", "colleague", "partner", "boss", "coach", "agent", "co-star", "costar"}
    | {"neighbour", "neighbor", "cousin", "spouse", "fiancé", "fiancée", "mentor", "pal"}
)


def person_noun(word: str) -> bool:
    """Whether a lower-case noun names a person by role or relation: "adviser",
    "sister", "bandmate", "coach"."""
    return _agent_noun(word) or word in ROLE_GENDER or word in _RELATIONS or word.endswith("mate")


def _named_after(words: list[Token]) -> Mention | None:
    """The full name that ends a description after a word for a person: "Her former
    bandmate Shay Kilbride" (not "Her film Ruby Sparks")."""
    runs = name_runs(words)
    if not runs or runs[-1][1] != len(words) or runs[-1][1] - runs[-1][0] < 2:
        return None
    i, j = runs[-1]
    return _run_mention(words, i, j) if i and person_noun(words[i - 1].text.lower()) else None


_OF_PHRASES = frozenset({"of", "for", "at", "from", "since", "on"})


def _appositive_name(
    chunks: list[list[Token]], chunk: list[Token], words: list[Token]
) -> Mention | None:
    """The full name set off by commas after a description of a person that is the
    whole of its chunk: "Her producer, Dan Whitcomb, says" (Whitcomb, not "Her
    producer"); not a group's name ("The group, Moms Demand Action, said")."""
    k = next((n for n, c in enumerate(chunks) if c is chunk), None)
    if k is None or k + 1 >= len(chunks):
        return None
    if len(words) != len(chunk) and chunk[len(words)].text.lower() not in _OF_PHRASES:
        return None  # the chunk may go on with "of …": "Her vocal coach of fifteen years"
    after = chunks[k + 1]
    runs = name_runs(after)
    if len(runs) != 1 or runs[0] != (0, len(after)) or len(after) < 2:
        return None
    if after[-1].text.lower() in BODY_NOUNS:
        return None  # a team, a school: "said the coach, Boston College"
    head = words[-1].text.lower()
    person = person_noun(head)
    if not (person or first_name_gender(after[0].text)):
        return None
    return _run_mention(after, 0, len(after))


def _opening_title(chunk: list[Token], runs: list[tuple[int, int]]) -> Mention | None:
    """The person named after a title or a role that opens ``chunk`` (after its article,
    if any): "Former Secretary of State Hillary Clinton took", "(A) Clinton spokesman
    Brian Fallon wrote", "Republican presidential candidate Donald Trump took", "Senate
    Majority Leader Mitch McConnell" (not "Obama praised Hillary Clinton", "Voters love
    Senator Warren", "Trump supporters Jane Roe and …")."""
    if not runs or not chunk[0].text[:1].isupper():
        return None  # "sent to Clinton Chief of Staff Cheryl Mills": an object
    for _, j in runs[:3]:
        titled = _titled_name(chunk[:j])
        if titled:
            return titled
    if runs[0][0] == 0:
        if len(runs) < 2:
            return None
        (_, a), (i, j) = runs[0], runs[1]
        between = chunk[a:i]  # "Clinton spokesman Brian Fallon": a role between names
        if not 0 < len(between) <= 3:
            return None
        if j - i < 2 and not (_agent_noun(between[-1].text) or between[-1].bare in HONORIFICS):
            return None  # one word is a name only after a person's role: "Band member Flea"
    else:
        i, j = runs[0]
        between = chunk[:i]  # "Republican presidential candidate Donald Trump"
        if len(between) > 4:
            return None
        if i == 1 and j - i >= 2 and (AGE.search(between[0].text) or is_descriptor(chunk, 0)):
            # "Fourteen-year-old Juniper Castellano", "Canadian Mary Smith"
            return _run_mention(chunk, i, j)
        titled = any(t.bare in HONORIFICS for t in chunk[i:j])
        last = between[-1]
        if not (last.bare in HONORIFICS or (titled and last.text[:1].isupper())):
            return None
    role_end = between[-1].text
    agent = person_noun(role_end)  # "spokesman", "co-star"
    if role_end.islower() and between[-1].bare not in HONORIFICS and not agent:
        return None  # a verb, not a role: "Voters love Senator Warren" (but "Trump senior
        # communications adviser Jason Miller")
    words = [t.text for t in between]
    if not all(w.replace("-", "").isalpha() for w in words):
        return None
    if any(t.text.lower() in _NOT_IN_A_ROLE or _verb_like(t) for t in between):
        return None
    if words[-1].islower() and (plural_noun(words[-1]) or words[-1].endswith("ing")):
        return None
    return _run_mention(chunk, i, j)


def _agent_noun(word: str) -> bool:
    """Whether a lower-case ``word`` reads as a person's role ("adviser", "member",
    "chairman"), not a verb that ends like one ("want", "remember")."""
    return word.islower() and word.endswith(_AGENT_ENDINGS) and word not in _VERBS_LIKE_AGENTS


def _line_before(text: str, start: int, end: int) -> list[Token]:
    """The words of ``text[start:end]`` on the line that ``end`` is on, without quote
    marks and without the auxiliary verbs that end them ("has said")."""
    tokens = _trim_aux(tokenize(text, start, end))
    tokens = [t for t in tokens if t.text not in _QUOTE_MARKS]
    if "\n" in (t.text for t in tokens):
        tokens = tokens[max(i for i, t in enumerate(tokens) if t.text == "\n") + 1 :]
    return tokens


def sentence_subject(text: str, start: int, end: int) -> Mention | None:
    """The subject that opens the sentence ``text[start:end]`` (a pronoun, a name or a
    description): "Trump defended “New York values,” saying …" (Trump, not the name
    nearest the quote)."""
    tokens = _line_before(text, start, end)
    if tokens and tokens[0].text.isupper() and len(tokens[0].text) > 1:
        # a dateline: "LA CROSSE, Wisc. — Gov. Mike Pence on Thursday blamed …"
        dash = next((k for k, t in enumerate(tokens[:8]) if t.text in {"—", "–"}), None)
        tokens = tokens[dash + 1 :] if dash is not None else tokens
    return _clause_opening(_chunks(tokens), text) if tokens else None


def subject_before(
    text: str, start: int, end: int, clause_subject: bool, participle: bool = False
) -> Mention | None:
    """The speaker mention that ends just before a cue at ``end``, looking no further
    back than ``start``.

    Tried in order: a pronoun or name right before the cue ("he said", "Kazan
    explains"); the head of a noun phrase ("Stephen Holden from the New York Times
    described"); a name before appositives ("Rep. Jim Jordan, an oversight panel
    member, said"); a description ("a campaign spokesman said"). With
    ``clause_subject`` the subject may also open the clause ("She pauses before
    adding") or be the name a "who" clause is about ("a tweet from Rikkie Wells, who
    wrote"), and for a participle after a comma it is the sentence's subject.
    """
    tokens = _line_before(text, start, end)
    if not tokens:
        return None
    pronoun = _pronoun(tokens[-1])
    if pronoun:
        return pronoun
    after_comma = tokens[-1].text == ","
    chunks = _chunks(tokens)
    if not chunks:
        return None
    if participle:
        # "footage of Hillary Clinton asking": the name right before a participle
        if not after_comma:
            near = _trailing_name(chunks[-1], allow_of=True)
        else:  # "…, Spicer said, adding": the reporting clause's speaker
            near = _reporting_clause(chunks[-1]) if len(chunks) > 1 else None
        return near or _clause_opening(chunks, text)
    last = chunks[-1]
    aside = len(chunks) > 1 and (_party_tag(last, text) or (after_comma and _aside(last, text)))
    if not aside:
        mention = _titled_name(last) or _trailing_name(last)
        if mention:
            return mention
        if clause_subject and _pronoun(last[0]):
            return _pronoun(last[0])
        mention = _name_in(last)
        if mention and _plausible_subject(last, mention):
            return mention
    if _relative(last) and len(chunks) > 1:
        # "Sen. Marco Rubio of Florida, who mused": the person, not the place
        prev, runs = chunks[-2], name_runs(chunks[-2])
        if len(runs) >= 2 and runs[-1][1] == len(prev) and runs[-1][0] == runs[-2][1] + 1:
            a, b = runs[-2]
            if prev[b].text.lower() in _PLACE_LINKS:
                mention = _trailing_name(prev[:b])
                if mention:
                    return mention
        if len(last) == 1 and clause_subject:
            # "a message from Anna Berg, who wrote": who is the name just before
            mention = _trailing_name(prev, antecedent=True)
            if mention:
                return mention
    if clause_subject and len(last) > 1 and _relative(last[-1:]):
        # the same without a comma: "a tweet from Rikkie Wells who tweeted"
        mention = _trailing_name(last[:-1], antecedent=True) or _antecedent_description(
            last[:-1], text
        )
        if mention:
            return mention
    mention = _subordinate_subject(last, text, end) if not after_comma else None
    if mention:
        return mention
    # appositives: walk back over descriptive chunks to the name they describe
    k = len(chunks) - 1

    def passed_over(n: int) -> bool:
        # a lower-case role only between commas: "Amy Pope, deputy … advisor, said" (not
        # the subject itself: "In a meeting with Jane Roe, officials said")
        enclosed = after_comma or n < len(chunks) - 1
        return _appositive(chunks[n], text) or (enclosed and _lowercase_role(chunks[n]))

    while k > 0 and k >= len(chunks) - 4 and passed_over(k):
        k -= 1
        mention = None if _party_tag(chunks[k], text) else _trailing_name(chunks[k])
        opening = k == 0 and chunks[0][0].text.lower() in _SUBORDINATORS
        if opening and mention and any(_verb_like(t) for t in chunks[0] if t.end <= mention.start):
            break  # "As Trump attacked Clinton, the attendees chanted": not Clinton
        if mention:
            return mention
        if k == 0 and _relative(chunks[1]) and _plain_noun_phrase(chunks[0]):
            # "an intelligence source, who was not authorized to speak, told"
            mention = _description(chunks[0], text)
            if mention:
                return mention
    as_put_it = last[0].text.lower() == "as" and text.startswith("put it", end)
    desc = _description(last[1:] if as_put_it else last, text)  # "as a memo put it"
    if desc:
        return desc
    if clause_subject:
        return _clause_opening(chunks[-1:], text)
    return None


def _reporting_clause(chunk: list[Token]) -> Mention | None:
    """The speaker of a reporting clause that makes up a whole ``chunk``, one set off
    by commas after what was said: "…, Spicer said, adding", "…, said Sen. Jane Roe,
    adding", "…, she said, adding" (the participle goes with it, not with the subject
    that opens the sentence: "Ryan and Trump will meet, Spicer said, adding")."""
    if len(chunk) < 2:
        return None
    if chunk[-1].text in _CUE_PASTS:
        who = chunk[:-1]
    elif chunk[0].text in _CUE_PASTS:
        who = chunk[1:]
    else:
        return None
    if len(who) == 1 and _pronoun(who[0]):
        return _pronoun(who[0])
    runs = name_runs(who)
    if not runs or runs[-1][1] != len(who):
        return None
    titled = _titled_name(who)  # "Secretary of State John Kerry said"
    if titled:
        return titled
    return _run_mention(who, 0, len(who)) if runs[-1][0] == 0 else None


def _trailing_name(
    chunk: list[Token], allow_of: bool = False, antecedent: bool = False
) -> Mention | None:
    """A name that ends right before the cue ("Kazan explains"), unless it is part of an
    organisation's name ("the New York Times described") or a preposition's object
    ("Clinton, on her way to Tampa, said"). An ``antecedent`` (the name a "who" clause
    is about) may follow a preposition that names an author: "a tweet from Rikkie
    Wells, who wrote" (not a place: "Protesters at Trump Tower who chanted")."""
    runs = name_runs(chunk)
    if not runs or runs[-1][1] != len(chunk):
        return None
    i, j = runs[-1]
    k = description_start(chunk, i, j)
    if k is not None and (k == 0 or chunk[k - 1].text.lower() == "as"):
        # A group's or a paper's name as the subject: "as The New Yorker put it".
        return _run_mention(chunk, k, j, "description")
    if antecedent:
        blocked = _BEFORE_A_NON_ANTECEDENT
    else:
        # before a participle, "of" names its subject ("footage of Hillary Clinton
        # asking"), and so does "from" before a full name ("no different from George
        # H.W. Bush calling"), unless it says where a person is from ("the senator from
        # Pennsylvania saying", "a farmer from North Carolina calling")
        blocked = _BEFORE_AN_OBJECT
        if allow_of:
            someone = any(t.text.lower() in ARTICLES for t in chunk[max(0, i - 4) : i - 1])
            full = j - i >= 2 and not someone
            blocked = _BEFORE_A_NON_AUTHOR if full else _BEFORE_A_NON_SUBJECT
    if k is not None or (i > 0 and chunk[i - 1].text.lower() in blocked):
        return None
    if len(runs) > 1 and runs[-2][1] == i - 1 and chunk[i - 1].text in ("and", "&"):
        # one name joined by "and" after an article ("for the Transport and Logistics
        # Workers' Union"), not two ("of the Institute for Science and International
        # Security")
        first = runs[-2][0]
        if first > 0 and chunk[first - 1].text.lower() in _DETERMINERS_OF_A_NAME:
            return None
    return _run_mention(chunk, i, j)


def _antecedent_description(tokens: list[Token], text: str) -> Mention | None:
    """The description that ends ``tokens`` (from its last plain determiner: "a", "the",
    "some", ...) when a "who" clause follows it: "remarks made by a campaign surrogate
    who said" (the surrogate, not the sentence's subject)."""
    k = max((n for n, t in enumerate(tokens) if t.text.lower() in _PLAIN_DETERMINERS), default=None)
    if k is None or len(tokens) - k > 5:
        return None
    return _description(tokens[k:], text)


def _titled_name(chunk: list[Token]) -> Mention | None:
    """The person named after a title with "of" that ends ``chunk``: "Secretary of State
    John F. Kerry", "Former Speaker of the House Paul Ryan" (see
    :func:`search.speakers.office_name_start` for where the office's words end)."""
    t = next((k for k, tok in enumerate(chunk[:4]) if tok.bare in HONORIFICS), None)
    if t is None or t + 3 > len(chunk) or chunk[t + 1].text != "of":
        return None
    if not chunk[t].text[:1].isupper():
        return None  # a role, not a title: "founder of the Media Research Center"
    runs = name_runs(chunk)
    if not runs or runs[-1][1] != len(chunk) or runs[-1][0] <= t + 1:
        return None
    i, j = runs[-1]
    before = chunk[i - 1].text.lower()
    if before in ARTICLES:
        return None  # the office's own name: "Chairman of the Hillsborough County GOP"
    if before in PREPOSITIONS and i - 1 != t + 1:
        return None  # a place: "Secretary of State of Vermont"
    if i == t + 2 and j - i < 2:
        return None  # the office alone: "the Secretary of State"
    return _run_mention(chunk, office_name_start(chunk, i, j), j)


def _plausible_subject(chunk: list[Token], mention: Mention) -> bool:
    """A name stands for the subject only if no clause boundary follows it in its chunk
    ("Trump told the forum he was" has its subject before "told", not after)."""
    after = [t for t in chunk if t.start >= mention.end]
    if any(t.text.lower() in CLAUSE_BREAKERS for t in after):
        return False
    # "Cruz said as the heckler": a clause of its own after a verb ("Clinton as
    # secretary of state said" keeps Clinton)
    return _subordinator_after_verb(after, _CLAUSE_OPENERS) is None


def _verb_like(tok: Token) -> bool:
    """Whether a token is a verb by :func:`_verb_word`."""
    return _verb_word(tok.text)


def _verb_word(word: str) -> bool:
    """A lower-case word that reads as a verb: a form of "be", "have", "will" or "do",
    a past form or a cue's present form ("says")."""
    if not word.islower():
        return False
    return (
        word in _COPULAS
        or word in {"has", "had", "have", "will", "would", "did", "does"}
        or _past_form(word)
        or (word in CUE_WORDS and word.endswith("s"))
    )


def _past_form(word: str) -> bool:
    """Whether a lower-case word reads as a verb's past form ("said", "yelled")."""
    return word in _CUE_PASTS or word.endswith("ed")


def _subordinator_after_verb(
    tokens: list[Token], openers: frozenset[str] = _SUBORDINATORS
) -> int | None:
    """The place of the last subordinator (of ``openers``) in ``tokens`` that follows a
    verb, so that it opens a clause ("said as the heckler"), not a phrase ("after the
    debate")."""
    for m in range(len(tokens) - 1, 0, -1):
        word = tokens[m].text.lower()
        # "what" opens a clause wherever it stands inside the sentence
        if word in openers and (word == "what" or any(map(_verb_like, tokens[:m]))):
            return m
    return None


def _subordinate_subject(chunk: list[Token], text: str, cue_at: int) -> Mention | None:
    """The subject of a clause that a subordinator opens inside ``chunk``, right before
    a cue verb at ``cue_at``: "Cruz said as the heckler yelled" (the heckler), "an end
    to what their union called “…”" (their union, not the sentence's subject)."""
    verb = _LOWER_WORD.match(text, cue_at)
    if verb is None or not _past_form(verb.group()):
        return None  # a noun, not a verb: "when the private server emails surfaced"
    if not chunk or text[chunk[-1].end : cue_at].strip():
        return None
    m = _subordinator_after_verb(chunk[:-1], _CLAUSE_OPENERS)
    if m is None:
        return None
    tail = chunk[m + 1 :]
    runs = name_runs(tail)
    if runs and runs[0] == (0, len(tail)):
        return _run_mention(tail, 0, len(tail))
    words = [t.text.lower() for t in tail]
    plain = not any(w in PREPOSITIONS or w in DETERMINERS for w in words[1:])
    determined = words[0] in _PLAIN_DETERMINERS or words[0] in POSSESSIVE_DETERMINERS
    if determined and len(tail) <= 4 and plain and words[-1].isalpha():
        return _description(tail, text)
    return None


def subject_after(text: str, start: int, end: int) -> Mention | None:
    """The speaker mention right after an inverted cue ("said Daryl Kimball, ...")."""
    window = tokenize(text, start, end)[:30]
    tokens = [t for t in window[:12] if t.text not in _QUOTE_MARKS]
    if not tokens:
        return None
    pronoun = _pronoun(tokens[0])
    if pronoun:
        return pronoun
    chunk: list[Token] = []
    for t in tokens:
        if t.text in {",", ".", ";", ":", "!", "?", "(", "—", "–", "\n"}:
            break
        chunk.append(t)
    if not chunk:
        return None
    titled = _titled_name(chunk)
    if titled:
        return titled
    head = _up_to(chunk[:7], _PHRASE_ENDS)
    runs = [(i, j) for i, j in name_runs(head) if not (i and head[i - 1].text.lower() == "the")]
    # "his campaign manager Jeff Weaver": a full name after the words of a role
    # (and "Clinton spokesman Brian Fallon", "Judicial Watch President Tom Fitton")
    named_role = (
        bool(runs)
        and runs[-1][1] == len(head) == len(_up_to(chunk, _PHRASE_ENDS))  # the whole name
        and runs[-1][1] - runs[-1][0] >= 2
    )
    if named_role and runs[-1][0] > 0:
        # not "an Iowa Democrat", "a New Hampshire Democrat", nor "a sign reading Make
        # America Great Again"; a capitalised word between names is part of a group's
        # name: "Judicial Watch President Tom Fitton"
        k = runs[-1][0] - 1
        word = head[k].text
        after_a_name = len(runs) > 1 and runs[-2][1] == k
        named_role = (
            (word.islower() and not word.endswith(("ing", "ed")))
            or (word[:1].isupper() and after_a_name)
            or is_descriptor(head, k)  # "the Canadian Mary Smith"
        )
        named_role = (
            named_role and word.lower() not in DETERMINERS and word.lower() not in _BETWEEN_PEOPLE
        )
    if runs and (runs[0][0] == 0 or chunk[0].text.lower() not in DETERMINERS or named_role):
        i, j = runs[-1] if named_role or runs[0][0] else runs[0]  # "MSNBC host Chris Matthews"
        if j < len(head) and POSSESSIVE.search(head[j - 1].text):
            # an owner: "Clinton's introducer" (not Clinton), "Clinton's aide Jake Sullivan"
            later = [(a, b) for a, b in name_runs(chunk) if a >= j] if i == 0 else []
            if not later:
                return _description(head, text)
            head, (i, j) = chunk, later[0]
        return _run_mention(head, i, j)
    if chunk[0].text.lower() in DETERMINERS:
        words = _up_to(chunk, _PHRASE_ENDS)
        if 1 < len(words) <= 6:
            # "said his wife of 61 years, Margaret Quist.": the name, not the role
            return _name_after_inverted_role(window, chunk, words) or _description(words, text)
    return _organisation(chunk)


_APPOSITIVE_ENDS = frozenset({",", ".", ";", ":", "!", "?", "(", "—", "–", "\n"})


def _name_after_inverted_role(
    window: list[Token], chunk: list[Token], words: list[Token]
) -> Mention | None:
    """The full name set off by a comma after the description of a person (``chunk``,
    its words up to a phrase's end ``words``) that follows an inverted cue, in the
    cue's ``window`` of tokens, ending where the sentence or clause does: "said his
    wife, Margaret Quist." (see :func:`_appositive_name`)."""
    tokens = [t for t in window if t.text not in _QUOTE_MARKS]
    rest = tokens[len(chunk) :]
    if not rest or rest[0].text != ",":
        return None
    after: list[Token] = []
    for t in rest[1:]:
        if t.text in _APPOSITIVE_ENDS:
            return _appositive_name([chunk, after], chunk, words)
        after.append(t)
    return None  # the window ended inside the name


# Words of a date after a cue, not an organisation: "said Thursday".
_CALENDAR = CALENDAR_NAMES | {"today", "tonight", "yesterday", "tomorrow"}


def _organisation(chunk: list[Token]) -> Mention | None:
    """An organisation named after an inverted cue, whose words are no person's name:
    "according to CNN", "said NBC News on Tuesday" (not a day: "said Thursday")."""
    words = _up_to(chunk, _PHRASE_ENDS)
    if not 0 < len(words) <= 4 or (
        len(words) < len(chunk) and chunk[len(words)].text[:1].isupper()
    ):
        return None
    shaped = all(w.text[:1].isupper() and w.text.replace("&", "").isalnum() for w in words)
    if not shaped or any(w.text.lower() in _CALENDAR for w in words):
        return None
    return _run_mention(words, 0, len(words), "description")


_SENTENCE_PUNCT = {".", "!", "?", ";", ":"}
# A dash that may set a source apart from a headline: an em or en dash, or hyphens
# after a space ("Polls got it right - Pew Research:", "…right—Pew Research:").
_DASH = re.compile(r"\s*[–—]+\s*|\s-+\s*")
# An appositive between commas, and nothing else, before a quote's opening mark.
_APPOSITIVE = re.compile(r"\s*,([^.!?;:“”\"]+),\s*[“\"]?\s*")


def attribution_after(text: str, start: int, end: int, max_words: int = 8) -> Attribution | None:
    """An attribution in ``text[start:end]``, the text right after a quote's closing
    mark: "…,” Dayton says", "…,” said Faris", "…” ― Carla Sanchez", "…,” Rep. Jim
    Jordan (R-Ohio), an oversight panel member, said"."""
    m = re.compile(r"[\s,.;!?…]*").match(text, start, end)
    pos = m.end() if m else start
    dash = re.compile(r"[―—–]+\s*|-{1,2}\s+").match(text, pos, end)
    if dash:
        tokens = tokenize(text, dash.end(), end)[:6]
        runs = name_runs(tokens)
        if runs and runs[0][0] == 0:
            i, j = runs[0]
            mention = _run_mention(tokens, i, j)
            return Attribution(mention, "―", dash.start(), dash.end())
        return None
    window = tokenize(text, pos, end)[:40]
    flat = _drop_parentheticals(window)
    # A name followed by a comma may carry a long appositive before its verb.
    runs = name_runs(flat)
    appositive = bool(
        runs and runs[0][0] == 0 and runs[0][1] < len(flat) and flat[runs[0][1]].text == ","
    )
    if not appositive and flat and flat[0].text.lower() in DETERMINERS:
        # "an intelligence source, who was not authorized to speak, told"
        comma = next((k for k, t in enumerate(flat[:8]) if t.text == ","), None)
        appositive = comma is not None and comma + 1 < len(flat) and _relative(flat[comma + 1 :])
    limit = 25 if appositive else max_words
    cues = find_cues(text, pos, window[-1].end if window else pos)
    for n, cue in enumerate(cues):
        nxt = cues[n + 1] if n + 1 < len(cues) else None
        verb_first = cue.text.lower() in _CUE_PASTS and nxt is not None and nxt.text.endswith("ing")
        if nxt and _adjacent(text, cue, nxt) and not _phrase(nxt) and not verb_first:
            continue  # a noun before the verb: "the weather report said" (not "told cheering")
        before = [t for t in flat if t.end <= cue.start()]
        if before and before[-1].text.lower() == "to":
            continue  # an infinitive: "who was not authorized to speak, told"
        if len([t for t in before if t.text.isalpha()]) > limit:
            break
        if any(t.text in _SENTENCE_PUNCT for t in before):
            break
        if not before or all(t.text in {",", "“", "”", '"'} for t in before):
            mention = subject_after(text, cue.end(), end)
            if mention and is_participle(cue.group().lower()):
                # "…,” saying the city …": what follows a participle is what was said;
                # the speaker is the subject of the quote's own sentence (the caller's
                # to find)
                return Attribution(None, cue.group(), cue.start(), cue.end())
            if mention:
                return Attribution(mention, cue.group(), cue.start(), cue.end())
            return None
        mention = subject_before(text, pos, cue.start(), clause_subject=False)
        if mention and (appositive or _covers(before, mention)):
            return Attribution(mention, cue.group(), cue.start(), cue.end())
    return None


def _has_object(text: str, start: int, end: int) -> bool:
    """Whether the words after a cue, up to a colon, are an object of its own ("promised
    mass deportation:"), not whom it was said to or how ("told her:", "told the crowd:",
    "said simply:")."""
    words = _predicate(text, start, end)
    return len(words) >= 2 and words[0] not in DETERMINERS and words[0] not in _ADDRESSEES


def _adjacent(text: str, first: Cue, second: Cue) -> bool:
    """Whether two cues follow each other with nothing but space between them."""
    return not text[first.end() : second.start()].strip()


def _phrase(cue: Cue) -> bool:
    """A cue of several words ("in a statement"), which may follow a verb ("said")."""
    return " " in cue.text


def _covers(before: list[Token], mention: Mention) -> bool:
    """The words between a quote and its cue must all belong to the speaker mention (its
    titles, parenthetical, appositive): no other clause may stand there."""
    rest = [t for t in before if t.end <= mention.start]
    words = [t for t in rest if t.text.isalpha()]
    if any(t.text.lower() in CLAUSE_BREAKERS for t in words):
        return False
    return len(words) <= 8


def attribution_before(text: str, start: int, end: int, max_gap: int = 14) -> Attribution | None:
    """An attribution in ``text[start:end]``, the text of the sentence before a quote's
    opening mark: "Trump said, “…", "Said Ellis: “…", "according to X, “…", "Kazan
    explains she wanted to explore “…"". ``max_gap`` bounds the words between the cue
    and the quote."""
    cues = find_cues(text, start, end)
    for n in range(len(cues) - 1, -1, -1):
        cue = cues[n]
        if n and _phrase(cue) and _adjacent(text, cues[n - 1], cue):
            continue  # the verb's phrase: "said in a statement"
        if cue.text.lower() in _AFTER_ONLY:
            continue
        gap = [t for t in tokenize(text, cue.end(), end) if t.text.isalpha()]
        infinitive = _TO_BEFORE.search(text[max(start, cue.start() - 4) : cue.start()])
        if infinitive and gap:
            continue  # "asking for anonymity to speak freely." (but "went on to say, “…")
        word = cue.group().lower()
        if (
            n
            and not word.endswith("ing")  # not "has been saying"
            and _PASSIVE_BEFORE.search(text[max(start, cue.start() - 20) : cue.start()])
        ):
            continue
        if len(gap) > max_gap:
            return None
        if word == "according to":
            mention = subject_after(text, cue.end(), end)
            if mention:
                return Attribution(mention, cue.group(), cue.start(), cue.end())
            continue
        participle = is_participle(word)
        mention = subject_before(
            text, start, cue.start(), clause_subject=True, participle=participle
        )
        if mention is None and participle and not gap:
            return Attribution(None, cue.group(), cue.start(), cue.end())
        if mention is None:
            after = subject_after(text, cue.end(), end)
            rest = text[after.end : end] if after else ""
            if after and _TO_A_RECIPIENT.intersection(_predicate(text, cue.end(), after.start)):
                after = None  # the cue's object, not an inverted subject: "a message to Trump:"
            elif after and word in NAMING_CUES and word not in ("according to", "put it"):
                after = None  # "remembers the phone call from Iceland": no one says "called X"
            if after and not re.search(r"\w", rest):
                mention = after  # inverted: "Said Ellis: “…"
            elif after and not re.search(r"\w", text[start : cue.start()]):
                # "Said Ellis, who grew up there, “…": an appositive after the name
                m = _APPOSITIVE.fullmatch(rest)
                if m and len(m.group(1).split()) <= max_gap:
                    mention = after
        if mention:
            return Attribution(mention, cue.group(), cue.start(), cue.end())
    return None


def attribution_leading_in(
    text: str, start: int, end: int, max_gap: int = 14
) -> Attribution | None:
    """The attribution in the sentence ``text[start:end]`` before a quote's opening
    mark: by a cue (:func:`attribution_before`), or by the subject of a sentence that
    leads into the quote with a colon (:func:`colon_subject`). The colon's subject wins
    over a cue when it is a person named after the cue's clause and does something
    ("When Trump suggested …, Rubio fired back:"; not "As Trump said, Washington is
    broken:")."""
    cued = attribution_before(text, start, end, max_gap)
    lead = colon_subject(text, start, end)
    if lead is None or lead.mention is None:
        return cued
    if cued is None:
        return lead
    mention = lead.mention
    predicate = _predicate(text, mention.end, lead.cue_start)
    acts = not predicate or predicate[0] not in _COPULAS  # a label ("- Pew Research:") or a verb
    if mention.kind != "description" and cued.cue_end <= mention.start and acts:
        return lead
    described = cued.mention is not None and cued.mention.kind == "description"
    if mention.kind == "name" and described and _has_object(text, cued.cue_end, lead.cue_start):
        # the cue has an object of its own before the colon: "Isaac Saul tweeted …
        # coming from a candidate who promised mass deportation:" (Saul, not the candidate)
        return lead
    return cued


def paragraph_lead(text: str, start: int, colon: int) -> Attribution | None:
    """The attribution of a quote that opens a paragraph by the sentence
    ``text[start:colon]`` that ended the paragraph before with a colon: a cue close to
    the colon ("Caddell continued:"), or the sentence's subject when it does something
    ("President Clinton released the following statement:", or a full name as a label;
    not a label such as "Partial transcript as follows:" or "Transcript:", nor "Wait,
    it gets better:")."""
    cued = attribution_leading_in(text, start, colon, max_gap=3)
    if cued is not None:
        return cued
    lead = colon_subject(text, start, colon + 1)
    if lead is None or lead.mention is None or lead.mention.kind == "pronoun":
        return lead
    mention = lead.mention
    predicate = _predicate(text, mention.end, colon)
    if not predicate:
        # a label ("Hillary Clinton:"), if it is a full name ("Transcript:" is not)
        return lead if mention.kind == "name" and " " in mention.text else None
    first = predicate[0]
    acts = _verb_word(first) and first not in _COPULAS
    return lead if acts or first in _ADVERBS_BEFORE_A_VERB else None


def colon_subject(text: str, start: int, end: int, max_words: int = 30) -> Attribution | None:
    """The subject of the sentence in ``text[start:end]`` when it leads into a quote with
    a colon: "Rubio fired back forcefully: “…", "She then addressed the supporters
    again: “…", a name alone, as a label: "Clinton: “…", or the source after a
    headline: "Polls got it right - Pew Research: “…". Whether a cue in the sentence
    attributes the quote instead is the caller's choice."""
    lead = text[start:end].rstrip()
    if not lead.endswith(":"):
        return None
    colon = start + len(lead) - 1
    dashes = list(_DASH.finditer(text, start, colon))
    if dashes and text[dashes[-1].end() : dashes[-1].end() + 1].isupper():
        begin = dashes[-1].end()  # a source after a headline, or nobody
    else:
        begin = start  # no dash, or one inside the sentence: "Trump - who … - fired back:"
    mention = _lead_subject(text, begin, colon, max_words)
    return Attribution(mention, ":", colon, colon + 1) if mention else None


def _lead_subject(text: str, start: int, end: int, max_words: int) -> Mention | None:
    """The subject of the words in ``text[start:end]`` (a sentence before a colon)."""
    tokens = [t for t in tokenize(text, start, end) if t.text not in _QUOTE_MARKS]
    if not tokens or len([t for t in tokens if t.text.isalpha()]) > max_words:
        return None
    mention = _clause_opening(_chunks(tokens), text)
    if mention is None:
        return None
    if mention.kind == "name" and POSSESSIVE.search(mention.text):
        # "Obama's questioners were hostile:": the questioners, not Obama
        words = [t for t in tokens if t.start >= mention.start]
        mention = _description(_up_to(words, _PHRASE_ENDS, symbols=True), text)
        if mention is None:
            return None
    predicate = _predicate(text, mention.end, end)
    if mention.kind == "description" and (
        " " not in mention.text or not predicate or predicate[0] in _COPULAS
    ):
        return None  # "More from …:", "The headline:", "The results were stark:"
    one_word_name = mention.kind == "name" and " " not in mention.text
    if one_word_name and predicate[:1] and predicate[0] in DETERMINERS:
        return None  # an imperative: "Consider this line from the speech:"
    return mention


def _predicate(text: str, start: int, end: int) -> list[str]:
    """The words in ``text[start:end]`` after a subject, in lower case."""
    return [t.text.lower() for t in tokenize(text, start, end) if t.text[:1].isalpha()]
