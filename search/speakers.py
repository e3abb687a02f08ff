"""Speakers: reading names in text, resolving a short mention to the full name used in
the same document, and giving every person one name and one id across the corpus.

Rules only, no tagger: a name is a run of capitalised words (initials, particles such as
"de" or "van", suffixes such as "Jr." allowed), honorifics and titles are dropped from
the canonical form ("Mr. Sharpton" → "Al Sharpton" when the full name appears), and a
source that is not a named person ("a campaign spokesman") keeps the words of its
mention. An ``aliases.toml`` beside the corpus settles what rules cannot know.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .first_names import FEMALE_NAMES, MALE_NAMES
from .record import Quote, slugify

HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "cllr",  # British: "Cllr Ian Moss"
    # local government and agency roles: "Councilmember Rhee", "City Manager Howard Lisk"
    "councilmember",
    "alderman",
    "alderwoman",
    "supervisor",
    "administrator",
    "manager",
    "trustee",
    "comptroller",
    "clerk",
    "marshal",
    "councillor",
    "prof",
    "professor",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "president",
    "vice",
    "gen",
    "general",
    "lt",
    "col",
    "sgt",
    "capt",
    "captain",
    "adm",
    "admiral",
    "rev",
    "reverend",
    "judge",
    "justice",
    "chief",
    "secretary",
    "chairman",
    "chairwoman",
    "chair",
    "speaker",
    "mayor",
    "sheriff",
    "sir",
    "dame",
    "shri",  # Indian English: "Shri Ram Prakash Verma", "Smt Ramkali Devi"
    "sri",
    "smt",
    "shrimati",
    "cr",  # Australian: "Cr Philippa Brosnan" (councillor)
    "mla",
    "mp",
    "msp",  # Scottish Parliament
    "mep",  # European Parliament
    "td",  # Irish Dáil: "Independent TD Declan Moriarty", addressed as "Deputy Moriarty"
    "deputy",  # also a sheriff's: "Deputy Ray Coles"
    "lord",
    "lady",
    "pope",
    "cardinal",
    "bishop",
    "rabbi",
    "imam",
    "father",
    "officer",
    "detective",
    "coach",
    "ambassador",
    "commissioner",
    "candidate",
    "nominee",
    "leader",
    "minister",
    "prime",
    "premier",
    "chancellor",
    "attorney",
    "cpl",
    "pvt",
    "maj",
    "major",
    "st",
    "hon",
    "del",
    "assemblyman",
    "assemblywoman",
    "councilman",
    "councilwoman",
    "congressman",
    "congresswoman",
    "superintendent",
    "director",
    "founder",
    "ceo",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "host",
    "anchor",
    "moderator",
    "correspondent",
    "reporter",
    "critic",
    "writer",
    "author",
    "actor",
    "actress",
    "filmmaker",
    "producer",
    "executive",
    "dean",
}
# The honorifics written abbreviated, with a period that does not end a sentence ("Gov.
# Chris Christie"); "the governor." ends one.
ABBREVIATED_HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "adm",
        "rev",
        "cpl",
        "pvt",
        "maj",
        "st",
        "hon",
        "del",
        "smt",
        "cr",
    ]
)
MALE = {
    "mr",
    "sir",
    "shri",
    "lord",
    "father",
    "congressman",
    "assemblyman",
    "councilman",
    "chairman",
    "spokesman",
}
FEMALE = {
    "mrs",
    "ms",
    "smt",
    "shrimati",
    "miss",
    "dame",
    "lady",
    "congresswoman",
    "assemblywoman",
    "councilwoman",
    "chairwoman",
    "spokeswoman",
    "actress",
}
PARTICLES = {
    "de",
    "da",
    "di",
    "del",
    "della",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "du",
    "dos",
    "bin",
    "al",
    "ibn",
    "st.",
    "ó",  # Irish: "Pádraig Ó Loingsigh", "Áine Ní Bhriain"
    "ní",
    "uí",
}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# The names of days and months, and the short forms of months that are no other word.
CALENDAR_NAMES = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "sept", "oct", "nov", "dec"}
    | {"jan", "feb", "aug"}
)
# ... and with the short forms that are names or words too ("Sun Yat-sen", "Mar", "Wed").
CALENDAR_WORDS = CALENDAR_NAMES | {
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "mar",
    "apr",
    "jun",
    "jul",
    "sep",
}
# Capitalised words that start sentences or name things, never people.
NOT_NAMES = {
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "if",
    "when",
    "while",
    "after",
    "before",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "there",
    "here",
    "so",
    "yet",
    "as",
    "for",
    "from",
    "with",
    "by",
    "to",
    "of",
    "not",
    "no",
    "yes",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "all",
    "some",
    "many",
    "most",
    "one",
    "two",
    "both",
    "each",
    "every",
    "then",
    "now",
    "still",
    "also",
    "even",
    "just",
    "only",
    "because",
    "since",
    "though",
    "although",
    "however",
    "meanwhile",
    "instead",
    "asked",
    "according",
    "mrs.",
    "democrats",
    "republicans",
    "democratic",
    "republican",
    "american",
    "americans",
    "congress",
    "senate",
    "house",
    "white",
    "new",
    "united",
    "states",
    "times",
    "news",
    "post",
    "journal",
    "press",
    "associated",
    "photo",
    "getty",
    "images",
    "read",
    "watch",
    "click",
    "share",
    "follow",
    "sign",
    "like",
    "related",
    "update",
    "editor",
    "note",
    "advertisement",
    "ap",
    "cnn",
    "fox",
    "nbc",
    "abc",
    "cbs",
    "msnbc",
    "npr",
    "bbc",
    "reuters",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "u.s.",
    "us",
    "uk",
    "q",
    "god",
    "lord",
    "film",
    "movie",
    "book",
    "show",
}
# Words that open sentences as adverbials ("During the debate, …"), never names.
NOT_NAMES |= set(
    [
        "during",
        "despite",
        "earlier",
        "later",
        "last",
        "next",
        "asked",
        "speaking",
        "following",
        "under",
        "over",
        "among",
        "without",
        "within",
        "through",
        "throughout",
        "until",
        "unlike",
        "amid",
        "against",
        "across",
        "along",
        "around",
        "behind",
        "beyond",
        "inside",
        "outside",
        "upon",
        "toward",
        "towards",
        "once",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "recently",
        "indeed",
        "perhaps",
        "maybe",
        "sometimes",
        "often",
        "finally",
        "nevertheless",
        "nonetheless",
        "moreover",
        "furthermore",
        "additionally",
        "overall",
        "ultimately",
        "regardless",
        "otherwise",
        "thus",
        "therefore",
        "hence",
        "accordingly",
        "consequently",
        "similarly",
        "likewise",
        "notably",
        "specifically",
        "currently",
        "previously",
        "initially",
        "originally",
        "eventually",
        "separately",
        "about",
        "into",
        "onto",
        "off",
        "out",
        "up",
        "down",
        "besides",
        "alongside",
        "citing",
    ]
)
# Verbs of a Title Case headline ("Mr. Sanders Is Not …"); not "Will" nor "May", which
# are names too.
NOT_NAMES |= {"is", "are", "was", "were", "has", "have", "had", "been", "does", "did"}
ROLES = {
    "interviewer",
    "audience",
    "announcer",
    "narrator",
    "panelist",
    "caller",
    "voice",
    "crowd",
    "q",
    "a",
    "question",
    "answer",
    "unidentified",
    "unknown",
    "male",
    "female",
}
PRONOUNS = {"he", "she", "they", "i", "we", "it"}
DETERMINERS = {
    "a",
    "an",
    "the",
    "another",
    "one",
    "some",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "this",
    "that",
    "several",
    "two",
    "three",
    "many",
    "other",
}
# A determiner opening a sentence is not a name: "Another child responded".
NOT_NAMES |= DETERMINERS
NOT_NAMES |= CALENDAR_NAMES  # days and months are no names
# Nouns that head the name of a body: "Department of Labor", "Harlan Springs Water
# Authority", "Writers Guild" (see also search.descriptions).
BODY_NOUNS = frozenset(
    {"department", "ministry", "authority", "agency", "council", "commission", "committee"}
    | {"board", "bureau", "office", "service", "institute", "university", "college"}
    | {"school", "hospital", "union", "federation", "association", "society", "foundation"}
    | {"trust", "museum", "bank", "league", "club", "party", "coalition", "alliance"}
    | {"network", "church", "centre", "center", "corporation", "group", "company"}
    | {"guild", "legion", "fund", "caucus", "academy", "organization", "organisation"}
    | {"institution", "administration"}
)
# Greetings and interjections before a name: "Hey Rick, hey Jo", "Thanks Maria".
NOT_NAMES |= {"hey", "hi", "hello", "thanks", "okay", "sorry", "welcome"}  # not "Oh", "Ok"
NOT_NAMES |= {"goodbye", "bye", "yeah", "wow", "congratulations", "listen"}
# "I" with a verb ("and I'm quoting, that …"), and the days around a story's own
NOT_NAMES |= {f"i{a}{v}" for a in "'’" for v in ("m", "ve", "d", "ll")}
NEARBY_DAYS = frozenset({"today", "tonight", "tomorrow", "yesterday"})
NOT_NAMES |= NEARBY_DAYS
NOT_NAMES |= {"war", "wars"}  # "World War II", "Civil War": events, never people
# Places and times written with initials, never a person's: "U.S. Sen. Jo Roe".
NOT_NAMES |= {"u.s", "u.n", "u.k", "d.c", "e.u", "l.a", "a.m", "p.m", "b.c", "a.d"}
NOT_NAMES |= {"n.y", "n.j", "n.c", "s.c", "n.h", "n.d", "s.d", "n.m", "r.i"}  # US states

# A number keeps its inner commas and points ("1,000", "3.50") and the words joined to it
# ("46-year-old"), but not the punctuation after it ("in 1998, …").
_WORD = re.compile(
    r"(?:[A-Z]\.){2,}|[^\W\d_][\w’'\-]*\.?|\d(?:\w|[,.](?=\w)|-(?=[^\W\d_]))*|\n|\S",
    re.UNICODE,
)
# A word of a name, or its initials: "J.", "G.K." ("U.S." is in NOT_NAMES).
_NAME_SHAPE = re.compile(r"(?:[A-Z]\.){1,3}|[^\W\d_][\w’'\-]*[^\W\d_-][\w’']*\.?", re.UNICODE)
# A possessive ending: "Obama’s", "Jones’".
POSSESSIVE = re.compile(r"[’']s?$")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark with its offsets in the document."""

    text: str
    start: int
    end: int

    @property
    def bare(self) -> str:
        """The word without a trailing period, lower-cased."""
        return self.text.rstrip(".").lower()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words and punctuation of ``text[start:end]`` with document offsets. A trailing
    period stays on a word only when it is an abbreviation or an initial."""
    end = len(text) if end is None else end
    out: list[Token] = []
    for m in _WORD.finditer(text, start, end):
        word, a, b = m.group(), m.start(), m.end()
        if word.endswith(".") and len(word) > 1 and not _keeps_period(word, text, b):
            out.append(Token(word[:-1], a, b - 1))
            out.append(Token(".", b - 1, b))
        else:
            out.append(Token(word, a, b))
    return out


def _keeps_period(word: str, text: str, end: int) -> bool:
    core = word[:-1].lower()
    after = text[end : end + 3]
    if re.match(r"[,);:]|\s+[a-z]", after) and len(core) <= 6:
        return True  # an abbreviation inside a sentence: "(R-Ky.), said", "Wash., recently"
    return (
        len(core) == 1
        or core in ABBREVIATED_HONORIFICS
        or core in {"jr", "sr", "wash", "calif", "fla", "ariz", "mass", "conn"}
        or "." in core
    )


@lru_cache(maxsize=8)
def lowercase_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case somewhere: a capitalised word that is also
    among them is probably a common word opening a sentence, not a name."""
    return frozenset(re.findall(r"\b[a-z][a-z’'\-]+\b", text))


def is_capitalised(tok: Token) -> bool:
    """True for a word that starts with a capital letter."""
    return tok.text[:1].isupper()


AGE = re.compile(r"-(?:years?|months?|weeks?|days?)-old$", re.I)  # "46-year-old"


def is_name_word(tok: Token) -> bool:
    """A word that can be part of a person's name."""
    t = tok.text
    if not t[:1].isupper() or tok.bare in NOT_NAMES or not _NAME_SHAPE.fullmatch(t):
        return False
    if t.isupper() and len(t) > 3 and not t.endswith("."):
        return False  # an acronym or a shouted word, not a name
    if AGE.search(t):
        return False  # "Fourteen-year-old Juniper Castellano"
    return any(c.isalpha() for c in t)


# Initials that are also words ("A" the article, "I"): initials only inside a name,
# before more of it ("Robert A. Pruzan", "Shri A. K. Tripathi"; not "A. Soon.").
_A_OR_I = frozenset({"A.", "I."})


def _an_initial(before: Token, tok: Token) -> bool:
    """Whether "A." or "I." is a middle initial: after a given name, a title or another
    initial ("Robert A. Pruzan", "Shri A. K."), not after a word ("Plan A. Johnson")."""
    return tok.text in _A_OR_I and (
        first_name_gender(before.text) is not None
        or before.bare in HONORIFICS
        or (len(before.text) == 2 and before.text.endswith("."))
    )


def name_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    """Index ranges ``[i, j)`` of runs of name words in ``tokens`` (particles allowed
    inside a run, honorifics at its start, suffixes at its end)."""
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if is_name_word(tok) or (tok.bare in HONORIFICS and tok.text[:1].isupper()):
            j = i + 1
            while j < n:
                t = tokens[j]
                if (
                    is_name_word(t)
                    or t.bare in SUFFIXES
                    or (
                        (t.text.lower() in PARTICLES or _an_initial(tokens[j - 1], t))
                        and j + 1 < n
                        and is_name_word(tokens[j + 1])
                    )
                ):
                    j += 1
                elif (
                    t.text in {"“", '"'}
                    and j + 3 < n
                    and tokens[j + 2].text in {"”", '"'}
                    and is_name_word(tokens[j + 1])
                    and is_name_word(tokens[j + 3])
                ):
                    j += 3  # a nickname in quotes: Robert C. "Bobby" Scott
                else:
                    break
            runs.append((i + 1, j) if j - i >= 3 and is_descriptor(tokens, i) else (i, j))
            i = j
        else:
            i += 1
    return runs


def is_descriptor(tokens: list[Token], i: int) -> bool:
    """Whether the capitalised word ``tokens[i]`` describes the person named after it,
    no part of the name: a word shaped like a nationality or a trade ("Canadian",
    "Olympian", "Journalist", "Pastor", "Pollster", "Alderman") that is no given name
    and no title, before a given name that tells a gender ("the Canadian Mary Smith",
    "Pastor Joseph Brown"; not "Norbert Leo Butz")."""
    if i + 1 >= len(tokens):
        return False
    tok, nxt = tokens[i], tokens[i + 1]
    # opening a sentence, its capital tells nothing: "Singer Kezia Blackwood-Asante was
    # frank", whatever the given name after it
    opening = i > 0 and tokens[i - 1].text in {".", "!", "?", "\n", "]"}  # "[5] Novelist …"
    return (
        tok.text[:1].isupper()
        and len(tok.text) >= 5
        and tok.text[1:].islower()
        and tok.text.lower().endswith(_DESCRIPTOR_ENDINGS)
        and tok.bare not in HONORIFICS
        and tok.bare not in TITLE_WORDS
        and first_name_gender(tok.text) is None
        and (opening or first_name_gender(nxt.text) is not None)
    )


# How nationalities, parties and trades end: Canadian, Olympian, Japanese, Irish,
# Democrat, Journalist, Pastor, Pollster, Alderman (not just "-at": Mahamat Saleh Oumar).
_DESCRIPTOR_ENDINGS = ("an", "ese", "ish", "crat", "ist", "er", "or")  # -man: -an


ARTICLES = frozenset({"the", "a", "an"})


def description_start(tokens: list[Token], i: int, j: int) -> int | None:
    """Where the description starts that the name run ``tokens[i:j]`` is part of: the
    article before it, directly or across other capitalised words, as in "the New Jersey
    governor", "a State Department official", "the New York Times" (a place or a group,
    not a person); ``None`` if there is none. A run with a title in it is a person's
    name ("the Rev. Al Sharpton", "the New Jersey Gov. Chris Christie")."""
    if any(t.bare in HONORIFICS for t in tokens[i:j]):
        return None
    if i and is_descriptor(tokens, i - 1):
        return None  # "the Canadian Mary Smith": a person described
    k = i - 1
    while k >= 0 and tokens[k].text.lower() not in ARTICLES and tokens[k].text[:1].isupper():
        k -= 1
    return k if k >= 0 and tokens[k].text.lower() in ARTICLES else None


def _quoted(tokens: list[Token], i: int, j: int) -> bool:
    """Whether the run ``tokens[i:j]`` stands alone in quotation marks: a title ("ABC's
    “Good Morning America”", "on “Good Morning America,” he said"), not a person."""
    if j < len(tokens) and tokens[j].text in {",", ".", "!", "?"}:
        j += 1
    before, after = tokens[i - 1].text if i else "", tokens[j].text if j < len(tokens) else ""
    return before in {"“", '"'} and after in {"”", '"'}


# The words of a title that come before an honorific or a name, and the end of a title
# whose start is not part of the name run: "Labor Secretary", "(Secretary of) State",
# "(Chief of) Staff", "Homeland Security", "Press Secretary".
TITLE_WORDS = {
    "state",
    "staff",
    "defense",
    "homeland",
    "security",
    "commerce",
    "energy",
    "labor",
    "education",
    "transportation",
    "treasury",
    "agriculture",
    "interior",
    "veterans",
    "affairs",
    "health",
    "housing",
    "foreign",
    "finance",
    "press",
    "police",
    "deputy",
    "assistant",
    "acting",
    "former",
    # the body or office before a role: "City Manager", "Deputy Administrator for Field
    # Operations Kofi Brandt"
    "city",
    "field",
    "operations",
    "senior",
    "executive",
    "interim",
    "ranking",  # "Ranking Member Dekker": Dekker, a surname the text gives in full
}


def strip_name(words: list[str]) -> tuple[list[str], str | None]:
    """Drop honorifics and titles from the front of a name's words (and a possessive
    from its end); also return the gender an honorific tells, if any. A title word
    (:data:`TITLE_WORDS`) goes only when at least two words are left after it, and a
    place before a title ("Texas Sen.", "Atlantic City Mayor") only when two are left
    after that."""
    gender = None
    words = [w for w in words if w not in {"“", "”", '"'}]
    # An owner before the name: "ABC's George Stephanopoulos", "Fox News' Sean Hannity".
    owned = [k for k, w in enumerate(words[:-1]) if POSSESSIVE.search(w)]
    if owned:
        words = words[owned[-1] + 1 :]
    titled = False
    while len(words) > 1:
        key = words[0].rstrip(".").lower()
        if key not in HONORIFICS and key[-1:] == "s" and key[:-1] in HONORIFICS:
            # a list's title before a name: "Councilmembers Jane Wojcik, Sam Ortega",
            # "Senators Rubio and Cruz" (not "Judges Association", "Fathers for Justice")
            person = first_name_gender(words[1]) is not None or (
                len(words) == 2 and words[1].lower() not in BODY_NOUNS
            )
            key = key[:-1] if person else key
        if key in HONORIFICS:
            gender = gender or ("m" if key in MALE else "f" if key in FEMALE else None)
        elif key == "member" and titled:
            pass  # "Ranking Member Dekker" (but "Member States" is a name)
        elif key not in TITLE_WORDS or len(words) == 2:
            break  # "State Department" is a name; "State Hillary Clinton" is not
        titled = True
        words = words[1:]
    # A place or a body before the title: "Texas Sen. Ted Cruz", "Atlantic City Mayor Don
    # Guardian", "Circuit Court Judge Ann Berg", "Board Member Ann Lee".
    for k in range(1, len(words) - 2):
        place = all(w[:1].isupper() for w in words[:k])
        title = words[k].rstrip(".").lower()
        if place and words[k][:1].isupper() and (title in HONORIFICS or title == "member"):
            return strip_name(words[k + (title == "member") :])
    # A role we have no list for before a given name and a surname: "Supervisor Gerald
    # Pohl", "Commissioner Ana Ruiz" (not "Mary Jane Watson": Mary is a given name too).
    if (
        len(words) >= 3
        and _ROLE_SHAPED.fullmatch(words[0])
        and first_name_gender(words[0]) is None
        and first_name_gender(words[1]) is not None
    ):
        words = words[1:]
    if words:
        words[-1] = POSSESSIVE.sub("", words[-1]) or words[-1]
    return words, gender


# (long enough to pass over given names such as Taylor, Parker, Fletcher)
_ROLE_SHAPED = re.compile(r"[A-Z][a-z]{6,}(?:er|or|ist|ant|ent|ian|man|woman)")


def canonical_words(name: str) -> list[str]:
    """The words of a name without honorifics: "Mr. Obama" → ["Obama"]."""
    return strip_name(name.split())[0]


def is_person_name(name: str) -> bool:
    """True when ``name`` reads as a person's name rather than a description
    ("a campaign spokesman") or a pronoun."""
    words = name.split()
    if not words or not words[0][:1].isupper():
        return False
    if len(words) == 1 and words[0].lower() in HONORIFICS | ROLES:
        return False  # a role ("Host", "Moderator"), not one person across documents
    first = words[0].lower()
    return first not in DETERMINERS and first not in PRONOUNS


@dataclass(slots=True)
class Person:
    """A full name seen in one document, where it was seen, and any gender known."""

    name: str
    positions: list[int]
    gender: str | None = None


_OPENINGS = frozenset({".", "\n", "!", "?", "“", '"', "(", "["})  # a sentence starts after
_FUNCTION_WORDS = frozenset(DETERMINERS | PRONOUNS)  # "That's", "It's" open no name
_PLACE_PREPOSITIONS = frozenset({"in", "at", "on", "from", "near", "into", "across", "outside"})


def _a_place(tokens: list[Token], i: int, j: int) -> bool:
    """Whether the name run ``tokens[i:j]`` is used as a place: after "in", "at", "on", "from"
    ... and not a possessive ("in South Carolina", but "in Anna Berg's speech")."""
    before = tokens[i - 1].text.lower() if i else ""
    return before in _PLACE_PREPOSITIONS and not POSSESSIVE.search(tokens[j - 1].text)


_INITIAL = re.compile(r"[A-Z]\.")


def office_name_start(tokens: list[Token], i: int, j: int) -> int:
    """Where the person's name starts in the name run ``tokens[i:j]``. After a title and
    "of", the run begins with the office's own words: the name is the last two words
    (with a middle initial: "Secretary of State John F. Kerry"), or the last one when
    the run has two ("Secretary of State Kerry"). Otherwise the run is the name."""
    if i < 2 or tokens[i - 1].text != "of":
        return i
    title = tokens[i - 2]
    if title.bare not in HONORIFICS or not title.text[:1].isupper() or j - i < 2:
        return i
    k = j - 1 if j - i == 2 else j - 2
    while k > i and _INITIAL.fullmatch(tokens[k].text):
        k -= 1
    return k


def initials(name: str) -> set[str]:
    """The initials ``name`` may be written with: first and last name ("YM" for Ysolde
    Marchetti), with a middle name ("JFK"), and with each part of a double surname
    ("KAL" for Kwabena Asante-Lowe)."""
    words = name.split()
    parts = [p for w in words for p in w.split("-") if p]
    found = {words[0][0] + words[-1][0], "".join(p[0] for p in parts)}
    if len(words) >= 3:
        found.add(words[0][0] + words[1][0] + words[-1][0])
    return {i.upper() for i in found}


def first_name_gender(word: str) -> str | None:
    """ "m" or "f" when ``word`` is a given name that tells (see :mod:`search.first_names`);
    accents do not count ("José" is "jose")."""
    key = _unaccented(word.lower())
    return "f" if key in FEMALE_NAMES else "m" if key in MALE_NAMES else None


# Words for a person that tell a gender, and the gender: "her husband, Tobiah Renwick",
# "actress Zoe Kazan", "Anna Berg, his sister,".
ROLE_GENDER = {
    **dict.fromkeys(
        ["husband", "father", "son", "brother", "uncle", "nephew", "grandfather", "grandson"]
        + ["boyfriend", "stepfather", "stepson", "dad", "widower", "king", "prince"],
        "m",
    ),
    **dict.fromkeys(
        ["wife", "mother", "daughter", "sister", "aunt", "niece", "grandmother"]
        + ["granddaughter", "girlfriend", "stepmother", "stepdaughter", "mom", "mum"]
        + ["widow", "queen", "princess", "actress"],
        "f",
    ),
}
_ROLE_GAP = 3  # words between a role and the name it describes: "husband and co-director, X"
# Words that put a role on someone else: "the wife of Tom Lind", "Anna Berg, whose husband"
_NOT_BETWEEN = frozenset(
    {"of", "to", "for", "with", "by", "from", "who", "whose", "whom", "which", "that"}
)


def role_gender(tokens: list[Token], i: int, j: int) -> str | None:
    """The gender a role next to the name run ``tokens[i:j]`` tells: before it, a few
    words away at most ("Her husband and co-director, Tobiah Renwick"), or in an
    apposition after it ("Marisela Dunn, his wife,")."""
    before = tokens[max(0, i - _ROLE_GAP - 1) : i]
    after: list[Token] = []
    if j < len(tokens) and tokens[j].text == ",":
        after = tokens[j + 1 : j + 2 + _ROLE_GAP]
    for side, words in (("before", reversed(before)), ("after", after)):
        for tok in words:
            word = tok.text.lower()
            if word in ROLE_GENDER:
                return ROLE_GENDER[word]
            if word in _NOT_BETWEEN or (side == "after" and tok.text in {",", ".", ";", ":"}):
                break  # "the wife of Tom Lind", "Anna Berg, whose husband …"
            if side == "before" and tok.text not in {",", "and"} and not tok.text.islower():
                break  # another name or a sentence's end stands between
    return None


def _unaccented(word: str) -> str:
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


# Titles and roles that "the …" may stand for, by the words that give them.
TITLED_ROLES = {
    **{w: w for w in ("mayor", "coach", "judge", "sheriff", "governor", "senator", "premier")},
    **{w: w for w in ("president", "minister", "chairman", "chairwoman", "chair")},
    **{w: w for w in ("councillor", "councilwoman", "councilman", "commissioner")},
    **{w: w for w in ("superintendent", "supervisor", "chancellor", "bishop", "pastor")},
    **{w: w for w in ("congressman", "congresswoman", "professor", "principal", "captain")},
    "gov": "governor",
    "sen": "senator",
    "cllr": "councillor",
    "prof": "professor",
    "capt": "captain",
}
# How the names of days, contests and gatherings end.
_EVENT_WORDS = frozenset(
    {"day", "open", "cup", "games", "festival", "prize", "award", "awards", "week", "series"}
    | {"championship", "championships", "conference", "summit", "expo", "fair", "marathon"}
    | {"classic", "trophy", "show", "gala", "convention", "parade", "eve"}
)
# How the names of places and bodies end.
_PLACE_WORDS = frozenset(
    {"state", "street", "valley", "city", "sea", "county", "island", "islands", "river"}
    | {"lake", "park", "court", "square", "avenue", "road", "bay", "mountain", "beach"}
    | {"coast", "center", "centre", "hall", "house", "university", "college", "school"}
    | {"church", "airport", "station", "bridge", "district", "province", "ocean", "gulf"}
)
# Words that make a title another one: "Vice President", "Deputy Mayor".
_NOT_THE_ROLE = frozenset({"vice", "deputy", "assistant", "acting", "former", "associate"})
# "known to fans as Moose", "has been called Jet", "nicknamed “Dutch”" (not "a clinic
# called Haven")
_NICKNAME = re.compile(
    r"\b(?:known(?:[ \t]+to[ \t]+[^,.;\n]{1,40}?)?[ \t]+as|(?:been|is|was|often)[ \t]+called"
    r"|nicknamed|dubbed)"
    r"[ \t]+[“\"‘']?([A-Z][a-z]{2,})\b(?![ \t]+[A-Z])"
)
NEAR = 600  # characters: a full name this close before a short mention is its referent
# A person the text names by one name only: "Teodora, 34, who also asked …", "Maria, who
# asked that her last name not be used", "a neighbour who gave only her first name, Dot".
_ONE_NAME = re.compile(
    r"(?<![\w’'.-])(?<![A-Za-z] )(?P<name>[A-Z][a-z]{2,})(?P<age>,[ \t]+\d{1,3})?"
    r"(?P<who>,[ \t]+who[ \t]+(?:also[ \t]+)?(?:asked|requested|gave|wanted|would[ \t]+give"
    r"|declined[ \t]+to[ \t]+give|did[ \t]+not[ \t]+want|didn’t[ \t]+want|didn't[ \t]+want)"
    r"[^.\n]{0,60}?\b(?:first|last)[ \t]+name)?"
    r"|\b(?:her|his|their)[ \t]+(?:first|given)[ \t]+name,?[ \t]+(?P<given>[A-Z][a-z]{2,})\b"
    # "who gave his name only as Piotr", "identifying herself only as Dot" (not
    # "identified as Muslim", nor "a man identified only as Marcus", who may not speak)
    r"|\b(?:(?:gave|give|giving)[ \t]+(?:her|his|their|a)[ \t]+(?:first[ \t]+)?name"
    r"(?:[ \t]+only)?|identifying[ \t]+(?:herself|himself|themselves)[ \t]+only)"
    r"[ \t]+as[ \t]+(?P<called>[A-Z][a-z]{2,})\b"
)


class NameIndex:
    """The full names of people mentioned in one document, for resolving short
    mentions ("Faris", "Mr. Sharpton") to them."""

    def __init__(self, text: str) -> None:
        self.people: dict[str, Person] = {}
        self._mentions: list[tuple[int, str]] = []  # (position, name), ascending
        self._by_last: dict[str, list[str]] = defaultdict(list)
        self._by_first: dict[str, list[str]] = defaultdict(list)
        # the word before the last of a longer name, when no given name: the first of
        # two surnames ("Castañeda" for "María José Castañeda Ruiz")
        self._by_first_surname: dict[str, list[str]] = defaultdict(list)
        self._places: set[int] = set()  # where a name is used as a place: see `recent`
        self._initials: dict[str, list[Person]] | None = None  # see by_initials
        self._text = text
        self._surname_pattern: re.Pattern[str] | None = None  # see _surnames
        self._one_named: list[tuple[int, str]] = []  # (position, name): see _one_names
        tokens = tokenize(text)
        lower_words = self._lower_words = lowercase_words(text)
        self._roles: dict[str, list[tuple[int, str]]] = defaultdict(list)  # see by_role
        for i, j in name_runs(tokens):
            run_start = i
            first = tokens[i].text.lower().replace("’", "'")
            if j - i >= 2 and (
                (first in lower_words and (i == 0 or tokens[i - 1].text in _OPENINGS))
                or ("'" in first and first.split("'")[0] in _FUNCTION_WORDS)
            ):
                i += 1  # "Directors Faris and …", "That's Anna Berg": a common word
            i = office_name_start(tokens, i, j)  # "Secretary of State John Kerry"
            words, gender = strip_name([t.text for t in tokens[i:j]])
            if description_start(tokens, i, j) is not None or _quoted(tokens, i, j):
                continue
            if len(words) < 2 or len(words) > 4 or any(w.lower() in NOT_NAMES for w in words):
                continue
            self.add(" ".join(words), tokens[i].start, gender or role_gender(tokens, i, j))
            if _a_place(tokens, i, j):
                self._places.add(tokens[i].start)
            # the role a title or a word before the name gives: "Mayor Corinne Ashdown",
            # "head coach Darlene Van Oosten", "Sen. Ted Cruz"
            before = tokens[max(0, run_start - 1) : j - len(words)]
            for n, tok in enumerate(before):
                role = TITLED_ROLES.get(tok.bare)
                # "Vice President Kamala Harris" is no president
                if role and not (n and before[n - 1].bare in _NOT_THE_ROLE):
                    self._roles[role].append((tokens[i].start, " ".join(words)))
        self._nicknames(text)
        self._one_names(text)

    def by_role(self, mention: str, position: int) -> str | None:
        """The person a role stands for ("the mayor", "the coach"): the one person of
        the document named with that title or role before ``position`` (not "Vice
        President" for "the president"), if its surname is the last of anyone's, as a
        whole word, within ``2 * NEAR`` characters before it; ``None`` if none or
        several."""
        words = mention.lower().split()
        if len(words) != 2 or words[0] != "the":
            return None
        return self._role_holder(words[1], position)

    def _role_holder(self, word: str, position: int) -> str | None:
        """The one person given the role ``word`` names ("mayor", "gov"): see
        :meth:`by_role`."""
        name = self.titled(word, position)
        if name is None:
            return None
        # named not long before (in full or by surname), and no one else since: far off,
        # "the senator" may be someone never titled so, and "Rubio sought to stoke …
        # the senator said" is not the Sen. Bernie Sanders of three paragraphs before
        surname = name.split()[-1]
        window = self._surnames().finditer(self._text, max(0, position - 2 * NEAR), position)
        named = [m.group() for m in window]
        if surname not in named:
            return None
        return name if named[-1] == surname else None

    def titled(self, word: str, before: int) -> str | None:
        """The one person the text gives the title ``word`` before ``before`` ("Chairman
        Roland Ashworth" for "chairman", in a hearing's heading, not a witness called
        "Federal Reserve Chairman" later); ``None`` if no one or several."""
        role = TITLED_ROLES.get(word.lower())
        roles = self._roles.get(role, ()) if role else ()
        held = {name for at, name in roles if at < before}
        return held.pop() if len(held) == 1 else None

    def _surnames(self) -> re.Pattern[str]:
        """One pattern for the last names of everyone in the document, as whole words."""
        if self._surname_pattern is None:
            names = sorted({p.split()[-1] for p in self.people}, key=len, reverse=True)
            body = "|".join(map(re.escape, names)) or "(?!)"
            self._surname_pattern = re.compile(rf"(?<![\w’'-])(?:{body})(?![\w’'-])")
        return self._surname_pattern

    def _nicknames(self, text: str) -> None:
        """Let a nickname stand for the person it is given to in the same sentence:
        "Jerome Okereke, who has been called Jet since he was eight", "a Swede known to
        fans as Moose", "nicknamed “Dutch”" (not a name someone in the text bears)."""
        for m in _NICKNAME.finditer(text):
            nick = m.group(1)
            key = nick.lower()
            if key in self._by_last or key in self._by_first or key in self._lower_words:
                continue
            k = bisect_right(self._mentions, (m.start(),))
            if not k:
                continue
            position, name = self._mentions[k - 1]
            if not any(c in ".!?\n" for c in text[position + len(name) : m.start()]):
                self._by_first[key].append(name)

    def _one_names(self, text: str) -> None:
        """Take in the people the text names by one name only (see :data:`_ONE_NAME`),
        unless the name is someone's given name or surname already, or a common word."""
        for m in _ONE_NAME.finditer(text):
            name = m.group("name") or m.group("given") or m.group("called")
            if m.group("name") and not m.group("who"):
                # an age alone follows a known given name ("Liverpool, 82," is a score)
                if not (m.group("age") and text.startswith(",", m.end("age"))):
                    continue
                if first_name_gender(name) is None:
                    continue
            key = name.lower()
            if key in self._by_last or key in self._by_first or key in self._lower_words:
                continue
            if key in NOT_NAMES or key in CALENDAR_WORDS:
                continue
            at = m.start("name") if m.group("name") else m.start(m.lastgroup)
            self.add(name, at)
            self._one_named.append((at, name))

    def one_name_between(self, start: int, end: int) -> str | None:
        """The first person the text names by one name only between ``start`` and
        ``end`` ("a welding student who gave his name only as Marcus"), if any."""
        return next((name for at, name in self._one_named if start <= at < end), None)

    @property
    def lower_words(self) -> frozenset[str]:
        """The words the text also writes in lower case ("revenue", "analysts")."""
        return self._lower_words

    def has_surname(self, word: str) -> bool:
        """Whether someone in the document has ``word`` as their last name."""
        return word.lower() in self._by_last

    def by_initials(self, letters: str) -> str | None:
        """The person whose names begin with ``letters`` (see :func:`initials`), the
        most mentioned if several; ``None`` if no one."""
        if self._initials is None:  # built once, on the first transcript label
            self._initials = defaultdict(list)
            for p in self.people.values():
                for letters_of in initials(p.name):
                    self._initials[letters_of].append(p)
        found = self._initials.get(letters.upper())
        if not found:
            return None
        return max(found, key=lambda p: len(p.positions)).name

    def add(self, name: str, position: int, gender: str | None = None) -> None:
        """Record a full name seen at ``position``."""
        person = self.people.get(name)
        if person is None:
            self._initials = self._surname_pattern = None  # built again when needed
            words = name.split()
            person = self.people[name] = Person(name, [], first_name_gender(words[0]))
            self._by_last[words[-1].lower()].append(name)
            self._by_first[words[0].lower()].append(name)
            if (
                len(words) >= 3
                and _a_first_surname(words[-2])
                and words[-1].lower() not in self._lower_words
                and not _in_a_headline(self._text, position)
            ):
                # not a headline's "Hillary Clinton Goes (After Trump)"
                self._by_first_surname[words[-2].lower()].append(name)
        person.positions.append(position)
        person.gender = person.gender or gender
        self._mentions.append((position, name))

    def resolve(self, mention: str, position: int) -> tuple[str, str | None]:
        """The canonical name for a mention at ``position`` and its gender if known."""
        words, gender = strip_name(mention.split())
        if not words:
            return mention, gender
        # "the Premier said": the one premier the document names
        person = len(words) == 1 and self._role_holder(words[0].rstrip(".").lower(), position)
        if person:
            return person, gender or self.people[person].gender
        if len(words) >= 2:
            name = " ".join(words)
            if name in self.people:
                if words[0].lower() in PARTICLES:
                    # "Van Oosten" is the surname of "Darlene Van Oosten", if she is named
                    longer = [
                        c
                        for c in self._by_last[words[-1].lower()]
                        if c.endswith(" " + name)
                        and (gender is None or self.people[c].gender in (None, gender))
                    ]
                    if longer:
                        best = max(longer, key=lambda c: self._salience(c, position))
                        return best, gender or self.people[best].gender
                return name, gender or self.people[name].gender
            if words[-1].lower() not in self._by_last or words[0][:1].islower():
                return name, gender
            words = words[-1:]  # "Directors Faris": a title we do not know, then a surname
        key = words[0].lower()
        candidates = (
            self._by_last.get(key)
            or self._by_first.get(key)
            or self._by_first_surname.get(key)
            or []
        )
        if gender is not None:
            # "Mr. Obama" is not Michelle Obama, whoever was named last
            candidates = [c for c in candidates if self.people[c].gender in (None, gender)]
        if not candidates:
            return words[0], gender
        best = max(candidates, key=lambda c: self._salience(c, position))
        return best, gender or self.people[best].gender

    def _salience(self, name: str, position: int) -> tuple[int, int, int, int]:
        """How likely a short mention at ``position`` is ``name``: named before it at
        all; then, if named within the last :data:`NEAR` characters, the latest so
        named ("Bill Clinton greeted voters … Clinton said"); else the one named most
        often before it, the subject of the piece rather than a relative named once
        ("Her brother, Evander Achterberg, …" paragraphs before "Achterberg says")."""
        positions = self.people[name].positions  # ascending: the text is read in order
        k = bisect_right(positions, position)
        last = positions[k - 1] if k else 0
        near = bool(k) and position - last <= NEAR
        return (1 if k else 0, near, last if near else k, last)

    def recent(self, position: int, limit: int = 40) -> list[tuple[int, str, str | None]]:
        """The last ``limit`` mentions of full names before ``position``, oldest first,
        as (position, name, gender): who "he" or "she" may stand for, so a name used as
        a place ("in South Carolina") is left out."""
        k = bisect_right(self._mentions, (position,))
        mentions = self._mentions[max(0, k - limit) : k]
        return [
            (p, n, self.people[n].gender)
            for p, n in mentions
            if p not in self._places and not self._a_thing(n)
        ]

    def _a_thing(self, name: str) -> bool:
        """Whether a "name" is an event's, a place's or a thing's ("Labor Day", "Reykjavík
        Open", "Wall Street"): no known given name first, and a last word of
        :data:`_EVENT_WORDS`, or one the text also writes in lower case when the first is
        too or the last is a place's (:data:`_PLACE_WORDS`); not "Chidi Bush"."""
        words = name.split()
        if first_name_gender(words[0]) is not None or self.people[name].gender is not None:
            return False
        first, last = words[0].lower(), words[-1].lower()
        if last in _EVENT_WORDS:
            return True
        # "Wall Street", "Islamic State", "Night Baseball": common words (not "Chidi Bush")
        return last in self._lower_words and (first in self._lower_words or last in _PLACE_WORDS)

    def most_mentioned(
        self, before: int | None = None, besides: set[str] | frozenset[str] = frozenset()
    ) -> str | None:
        """The person named most often (for an unnamed interviewee's "A:" turns), not
        counting a name used as a place ("in South Dakota"); with ``before``, in the
        text before that position only (an interview's headline and introduction);
        never one of ``besides`` (the writer)."""
        end = len(self._text) if before is None else before
        counts = [
            (
                sum(p not in self._places and p < end for p in person.positions),
                -person.positions[0],
                name,
            )
            for name, person in self.people.items()
            if name not in besides
        ]
        best = max(counts, default=None)
        return best[2] if best and best[0] else None


_WORDS_OF_A_LINE = re.compile(r"[^\W\d_][\w’'-]*")


def _in_a_headline(text: str, position: int) -> bool:
    """Whether the line at ``position`` is in title case: four words or more, nearly
    all capitalised."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    words = _WORDS_OF_A_LINE.findall(text, start, end if end >= 0 else len(text))
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _a_first_surname(word: str) -> bool:
    """Whether the word before a name's last may be a first surname: capitalised, not
    a particle, an initial or a given name ("Castañeda" in "María José Castañeda Ruiz";
    not "José" nor "F." in "John F. Kennedy")."""
    return (
        len(word) > 2
        and word[0].isupper()
        and word[1:].islower()
        and word.lower() not in PARTICLES
        and first_name_gender(word) is None
    )


def speaker_id_for(name: str, source_id: str) -> str:
    """A speaker's id: the slug of a person's name, shared across documents; a
    description or pronoun ("a spokesman") is scoped to its source."""
    if is_person_name(name):
        return slugify(name)
    return f"{slugify(name)}--{source_id[:8]}"


class SpeakerNames:
    """One name and one id per person across a corpus, settled in two steps: every
    speaker name of the corpus is seen first, then each quote is settled.

    Aliases (compared case-insensitively) are applied first; then a one-word name that
    is the surname of exactly one full name seen in the corpus becomes that full name.
    """

    def __init__(self, aliases: dict[str, str]) -> None:
        self._alias = {k.casefold(): v for k, v in aliases.items()}
        self._full_by_part: dict[str, set[str]] = defaultdict(set)

    def _named(self, name: str) -> str:
        return self._alias.get(name.casefold(), name)

    def see(self, name: str) -> None:
        """Note a speaker name found in the corpus (or already in an index)."""
        name = self._named(name)
        words = name.split()
        if len(words) >= 2 and is_person_name(name):
            self._full_by_part[words[-1].casefold()].add(name)

    def settle(self, quote: Quote, **changes: Any) -> Quote:
        """The quote with its speaker's corpus-wide name and id (and any other
        ``changes``, such as its topics: one copy of the quote is made, not two);
        ``changes`` are for other fields than the speaker's, which are settled here."""
        name = self._named(quote.speaker)
        if len(name.split()) == 1 and is_person_name(name):
            candidates = self._full_by_part.get(name.casefold(), ())
            if len(candidates) == 1:
                name = next(iter(candidates))
        if name != quote.speaker or not quote.speaker_id:
            changes.update(speaker=name, speaker_id=speaker_id_for(name, quote.source.id))
        return quote.with_changes(**changes) if changes else quote


def unify_speakers(quotes: list[Quote], aliases: dict[str, str]) -> list[Quote]:
    """One name and one id per person across the corpus of ``quotes`` (see
    :class:`SpeakerNames`)."""
    names = SpeakerNames(aliases)
    for q in quotes:
        names.see(q.speaker)
    return [names.settle(q) for q in quotes]
