"""Who a definite description that speaks stands for, when the sentences before it say.

News writing introduces a speaker once and then refers back with "the" and a noun:

- "A source told The Sun: ‘…’ ¶ ‘…,’ the source added": the same "a source";
- "Halvorsen Textiles will close its mill … ¶ “…,” the company said": the company the
  sentences before name (an organisation, written in capitals and called "it");
- "The state Department of Labor said … “…,” the department said": the name that
  carries the noun itself;
- "Kivuli Blooms said in a statement that … ¶ “…,” the statement said": whoever issued
  the statement;
- "Adjei-Barnes, who has scored nine goals, said … ¶ “…,” the 28-year-old said": the
  person of that age, or the person the sentence before is about;
- "“…,” wrote a user named nightowl_42": the name or handle given right after.

Each rule looks back only (a few sentences, or for an age or an acronym the text
before) and answers ``None`` when unsure, so that the description itself stays the
speaker, as :func:`as_speaker` writes it ("the National Rifle Association" is the
National Rifle Association; "The mayor's office" is "the mayor's office").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from .attribution import (
    CLAUSE_BREAKERS,
    POSSESSIVE_DETERMINERS,
    PREPOSITIONS,
    Mention,
    sentence_subject,
)
from .speakers import ARTICLES, BODY_NOUNS, POSSESSIVE, NameIndex, first_name_gender

# Nouns for an organisation that a name may carry ("Department of Labor", "Harlan
# Springs Water Authority"), and those that may stand for any organisation named as a
# sentence's subject ("the company": "Halvorsen Textiles").
NAMED_BODIES = BODY_NOUNS
ANY_BODY = frozenset(
    {"company", "firm", "corporation", "business", "group", "organisation", "organization"}
    | {"agency", "utility", "operator", "retailer", "lender", "insurer", "airline"}
    | {"carmaker", "automaker", "manufacturer", "startup", "chain", "charity", "studio"}
    | {"publisher", "label", "broadcaster", "developer", "brand", "bank", "nonprofit"}
)
_BODIES = NAMED_BODIES | ANY_BODY
# Nouns that the names of publications carry: "the journal" (the Journal of Inland
# Waters Biology).
_TITLED_BY_NAME = frozenset({"journal", "gazette", "review", "tribune"})
_NAMED_WITHIN = 10_000  # characters before "the council" searched for the council's name
# What an organisation issues ("the statement"), and the words that say someone issued
# one ("said in a statement", "issued a statement", "In a written statement, …"; not "a
# release date", "asked for a statement").
_ISSUED = frozenset({"statement", "release"})
_ISSUED_DOCUMENT = r"(?:[\w-]+[ \t]+){0,2}?(?:statement|press[ \t]+release|news[ \t]+release)\b"
_ISSUING = re.compile(
    r"\b(?:said|says|wrote|added|announced)[ \t]+in[ \t]+(?:a|an|its|his|her|their)[ \t]+"
    + _ISSUED_DOCUMENT
    + r"|\b(?:issued|released|put[ \t]+out|posted|sent)[ \t]+(?:a|an)[ \t]+"
    + _ISSUED_DOCUMENT
    + r"|^\W*In[ \t]+(?:a|an|its|his|her|their)[ \t]+"
    + _ISSUED_DOCUMENT
)
# Words before the noun in a sentence that still speaks of the same body ("with the
# board"), not of another one ("the trade group").
_SAME = frozenset({"the", "this", "that", "its"})
# The name or handle given right after an indefinite description: "a user named
# nightowl_42", "a commenter posting as KettlebellKat", "a reader who goes by Moss".
_HANDLE = re.compile(
    r"[ \t]+(?:named|called|posting[ \t]+as|who[ \t]+goes[ \t]+by|known[ \t]+as)[ \t]+"
    r"@?([A-Za-z0-9][\w.-]*[A-Za-z0-9_])"
)
_AGE = re.compile(r"the (\d{1,3})-year-old(?: [a-z]+)?", re.I)
# An indefinite description that introduces someone: "A source", "a senior official",
# "One show insider", "another viewer".
_INDEFINITE = r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+((?:[\w’'-]+\s+){0,3}?)"
# Words that cannot stand between an article and its noun.
_NOT_MODIFIERS = frozenset(
    {"of", "the", "a", "an", "to", "and", "or", "in", "on", "at", "for", "with", "by", "as"}
    | {"said", "says", "told", "who", "that", "which", "is", "was", "has", "had", "his"}
    | {"her", "their", "its", "it", "he", "she", "they", "from", "but"}
)
_CAPITALISED = r"[A-Z][\w’'&.-]*"
# Words that open a sentence before a name: "While the State Department …".
_OPENERS = frozenset(PREPOSITIONS | CLAUSE_BREAKERS | ARTICLES | {"meanwhile", "however"})
_LINKS = r"(?:of|and|for|the|on|&|de|du|des|la|le|ng|y)"
# What may follow the noun of a description, up to the comma or verb after it: "a
# person familiar with the matter", "a senior official at the state's agency".
_COMPLEMENT = re.compile(
    r"\s+(?:familiar\s+with|close\s+to|at|for|of|from|with|in)\s+"
    r"([^,.;:!?()\[\]“”\"\n]{1,60}?)(?=\s*,|\s+(?:who|said|says|told|tells|spoke|added|wrote)\b)"
)
_CLAUSE_WORDS = frozenset(
    {"that", "which", "and", "but", "or", "did", "does", "do", "is", "was", "are", "were"}
    | {"has", "had", "have", "will", "would", "could", "can", "may", "might", "should"}
)
# How many sentences back an organisation may be named only as a subject.
_SUBJECT_WITHIN = 2
# How far back a person given an age may be for "the 28-year-old".
_AGED_WITHIN = 5000
# How far back an earlier "a source" may be for "the source".
_INTRODUCED_WITHIN = 2500


def described(
    text: str,
    mention: Mention,
    names: NameIndex,
    before: Sequence[tuple[int, int]],
    speaker_at: Callable[[int, int], str | None],
) -> str | None:
    """The speaker that ``mention`` (a description such as "the company") stands for,
    or ``None``.

    ``before`` are the bounds of the sentences before the mention's own, nearest first
    (quotes left out); ``speaker_at(start, end)`` is the speaker of a quote attributed
    within those bounds, if any.
    """
    words = mention.text.split()
    handle = _HANDLE.match(text, mention.end)
    if (
        handle
        and len(words) >= 2
        and words[0].lower() in {"a", "an", "another", "one"}
        and re.search(r"[A-Z0-9_]", handle.group(1))  # a name, not "called it"
    ):
        return handle.group(1)  # "a user named nightowl_42"
    if len(words) < 2 or words[0].lower() != "the":
        return None
    rest = [w.lower() for w in words[1:]]
    head = rest[-1]
    age = _AGE.fullmatch(mention.text)
    if age:
        return _aged(text, int(age.group(1)), mention.start, names, before)
    if len(rest) == 1 and head in _ISSUED:
        return _issuer(text, names, before, speaker_at)
    if len(rest) <= 2 and (head in NAMED_BODIES or head in ANY_BODY or head in _TITLED_BY_NAME):
        return _organisation(text, head, names, before, mention.start)
    if len(rest) == 1 and head.isalpha() and words[1].islower():  # not "The Economist"
        return _introduced(text, head, mention.start)
    return None


def _introduced(text: str, head: str, position: int) -> str | None:
    """The latest "a <noun>" (with up to three modifiers) before ``position`` that
    introduced someone as ``head``: "a source", "a senior official"."""
    pattern = re.compile(_INDEFINITE + re.escape(head) + r"\b")
    found = None
    for m in pattern.finditer(text, max(0, position - _INTRODUCED_WITHIN), position):
        modifiers = m.group(1).split()
        if not any(w.lower() in _NOT_MODIFIERS for w in modifiers):
            found = m
    if found is None:
        return None
    phrase = found.group()
    more = _COMPLEMENT.match(text, found.end())
    if more and not any(_a_verb(w) for w in more.group(1).split()):
        phrase += more.group()
    phrase = " ".join(phrase.split())
    return phrase[0].lower() + phrase[1:]


def _a_verb(word: str) -> bool:
    """Whether a word of a description's complement starts a clause of its own ("…
    at Benghazi that evening backed Bob's account")."""
    return word in _CLAUSE_WORDS or (word.islower() and word.endswith("ed"))


def _organisation(
    text: str, head: str, names: NameIndex, before: Sequence[tuple[int, int]], position: int
) -> str | None:
    """The organisation "the <head>" at ``position`` stands for: the latest name in the
    sentences ``before`` that carries the noun ("Department of Labor" for "the
    department"), else, for a noun any organisation may go by, the name one of the last
    two sentences opens with and calls "it" ("Halvorsen Textiles will close its mill"
    for "the company"), else the one name carrying the noun in all the text before
    (the "Port Aldery City Council" of the story's opening, for "the council")."""
    carrying = _carrying(head)
    for k, (start, end) in enumerate(before):
        found = [_name_carrying(m.group()) for m in carrying.finditer(text, start, end)]
        found = [name for name in found if " " in name]
        if found:
            return found[-1]
        if head in ANY_BODY and k < _SUBJECT_WITHIN:
            subject = sentence_subject(text, start, end)
            if subject is not None and _an_organisation(text, subject, names, end, head):
                return _spelled_out(text, _without_the(subject.text))
        before_head = re.findall(rf"([\w’'-]+)\s+{head}\b", text[start:end])
        if any(w.lower() not in _SAME for w in before_head):
            return None  # "the trade group for the plans …": a body the text does not name
    if head in ANY_BODY:
        return None  # "the company" may be any of them
    lo = max(0, position - _NAMED_WITHIN)
    named = {_name_carrying(m.group()) for m in carrying.finditer(text, lo, position)}
    named = {name for name in named if " " in name}
    other = re.compile(rf"\b[a-z][\w’'-]*\s+{head}\b")  # "the district council"
    if len(named) == 1 and not other.search(text, lo, position):
        return named.pop()
    return None


@lru_cache(maxsize=64)
def _carrying(head: str) -> re.Pattern[str]:
    """A name that carries ``head`` capitalised: "Harlan Springs Water Authority",
    "Department of Labor", "Crowhaven Transit Workers Union Local 17" (at most six words
    before it, so that a page of capitals costs no more than its length)."""
    return re.compile(
        rf"(?:{_CAPITALISED}\s+(?:{_LINKS}\s+)?){{0,6}}{head.capitalize()}"
        rf"(?:\s+(?:of|for)(?:\s+the)?(?:\s+{_CAPITALISED}){{1,4}}|\s+Local\s+\d+)?"
    )


def _name_carrying(found: str) -> str:
    """A name found by :func:`_carrying`, without the function words that open its
    sentence, nor the full stop that ends it ("Biology." but not "Inc.")."""
    name = _without_openers(found)
    last = name.rsplit(" ", 1)[-1]
    if last.endswith(".") and last[:-1].isalpha() and last[:-1].lower() not in _SHORT_FORMS:
        name = name[:-1]
    return name


_SHORT_FORMS = frozenset({"inc", "corp", "co", "ltd", "bros", "assn", "assoc", "dept", "intl"})


def _without_the(name: str) -> str:
    """A name without the article that opens it: "The BSP" is "BSP"."""
    return re.sub(r"^[Tt][Hh][Ee]\s+", "", name)


def _without_openers(name: str) -> str:
    """A name without the capitalised function words that open its sentence: "While
    the State Department" is "State Department"."""
    words = name.split()
    while words and words[0].lower() in _OPENERS:
        words.pop(0)
    return " ".join(words)


def _an_organisation(text: str, subject: Mention, names: NameIndex, end: int, head: str) -> bool:
    """Whether a sentence's subject is an organisation: a name (or an acronym) that
    no given name opens, that is no one's surname, and that the rest of its sentence
    calls "it", not "he" or "she" ("Brightwater said it …")."""
    words = _without_the(subject.text).split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if len(words) == 1 and names.resolve(words[0], subject.start)[0] != words[0]:
        return False  # a person's surname or given name: "Trump said it …"
    if any(w.lower() in names.lower_words or w.isupper() and len(words) > 1 for w in words):
        return False  # common words ("Analysts", "Revenue", "Shares"), capitals' headings
    if len(words) == 1 and not re.search(rf"[a-z,]\s+{re.escape(words[0])}\b", text):
        return False  # a word capitalised only where it opens a sentence ("Analysts said")
    if any(w.lower() in NAMED_BODIES and w.lower() != head for w in words):
        return False  # another kind of body: the Federal Trade Commission is no company
    person = names.people.get(" ".join(words))
    if first_name_gender(words[0]) is not None or (person is not None and person.gender):
        return False
    rest = set(re.findall(r"[a-z]+", text[subject.end : end].lower()))
    return bool(rest & {"it", "its"}) and not rest & {"he", "his", "she", "her"}


def _spelled_out(text: str, name: str) -> str:
    """The full name an acronym stands for, where the text defines it ("Bangko Sentral
    ng Pilipinas (BSP)", not "Governor Eduardo Villaruz of Bangko …"): the run of words
    before "(BSP)" whose capitals spell it; any other name as it is."""
    if not (name.isupper() and name.isalpha()):
        return name
    at = text.find(f"({name})")
    words = text[max(0, at - 120) : at].split() if at > 0 else []
    for k in range(max(0, len(words) - 2 * len(name)), len(words)):
        if words[k][:1].isupper() and "".join(w[0] for w in words[k:] if w[0].isupper()) == name:
            return " ".join(words[k:])
    return name


def _issuer(
    text: str,
    names: NameIndex,
    before: Sequence[tuple[int, int]],
    speaker_at: Callable[[int, int], str | None],
) -> str | None:
    """Who issued "the statement": the speaker of the latest sentence before that
    mentions a statement (its attributed quote's, else its subject's)."""
    for k, (start, end) in enumerate(before):
        if not _ISSUING.search(text[start:end]):
            continue  # none, or "according to the statement": one issued before
        spoke = speaker_at(start, end)
        if spoke:
            return spoke
        subject = sentence_subject(text, start, end)
        if subject is None or subject.kind == "pronoun":
            return None
        if subject.kind == "name":
            return names.resolve(subject.text, subject.start)[0]
        # "In a written statement, the authority said": the authority named before
        bodies = [w for w in subject.text.lower().split() if w in _BODIES]
        return _organisation(text, bodies[0], names, before[k:], subject.start) if bodies else None
    return None


def _aged(
    text: str, age: int, position: int, names: NameIndex, before: Sequence[tuple[int, int]]
) -> str | None:
    """The person "the 28-year-old" stands for: the one the text gives that age in the
    :data:`_AGED_WITHIN` characters before ``position`` ("Kofi Adjei-Barnes, 28,"),
    else the named subject of the nearest sentence before that has one."""
    aged = set()
    given = re.compile(rf",[ \t]+{age},")
    for m in given.finditer(text, max(0, position - _AGED_WITHIN), position):
        last = text[max(0, m.start() - 40) : m.start()].split()[-1:]
        if last and last[0][:1].isupper():
            name = names.resolve(last[0], m.start())[0]
            if name in names.people:
                aged.add(name)
    if len(aged) == 1:
        return aged.pop()
    for start, end in before:
        if len(text[start:end].split()) < 6:
            continue  # a caption or a credit ("Neilson Barnard via Getty Images.")
        subject = sentence_subject(text, start, end)
        if subject is None:
            continue
        if subject.kind == "name":
            name = names.resolve(subject.text, subject.start)[0]
            return name if name in names.people else None
        if subject.kind == "pronoun":
            continue
        return None
    return None


# First words of a description written in lower case mid-sentence: "the consensus",
# "her campaign".
_LOWER_OPENERS = frozenset(ARTICLES | POSSESSIVE_DETERMINERS)
# Words that make capitalised words the name of an institution or a newspaper (besides
# speakers.BODY_NOUNS), and the lower-case words inside such a name: "the White House",
# "the Miami Herald", "the Bank of England".
_INSTITUTION_WORDS = frozenset(
    {"House", "Court", "Senate", "Parliament", "Assembly", "Congress", "Times", "Post"}
    | {"Herald", "Journal", "Tribune", "Guardian", "Telegraph", "Gazette", "Sentinel"}
    | {"Observer", "Review", "Magazine", "Press", "News", "Inquirer", "Courier", "Chronicle"}
)
_BODY_LINKS = frozenset({"of", "for", "and", "on", "the", "&", "in", "to", "de"})


def _names_a_body(words: list[str], text: str) -> bool:
    """Whether the words after "the" name a body: capitalised words headed by a word
    for a body (the last, or the one before "of": "National Rifle Association", "Bank
    of England"; not "Medical Examiner", "School Principal", nor someone's, "Post's
    Dana Milbank"), or an acronym the text also writes alone or spells out ("FBI")."""
    if len(words) == 1:
        return words[0] in _acronyms_alone(text)
    heads = [w for w, nxt in zip(words, [*words[1:], ""], strict=True) if nxt in ("", "of", "for")]
    return any(w.lower() in BODY_NOUNS or w in _INSTITUTION_WORDS for w in heads) and all(
        (w[:1].isupper() or w in _BODY_LINKS) and not POSSESSIVE.search(w) for w in words
    )


_ACRONYM = re.compile(r"(?<![\w.])(?:[A-Z]\.?){2,6}(?![\w.])")


@lru_cache(maxsize=4)
def _acronyms_alone(text: str) -> frozenset[str]:
    """The acronyms a text writes without "the" before them, or in brackets after the
    words they stand for ("Federal Bureau of Investigation (FBI)")."""
    return frozenset(
        m.group()
        for m in _ACRONYM.finditer(text)
        if text[max(0, m.start() - 4) : m.start()].lower() != "the "
        or text[m.start() - 1 : m.start()] == "("
    )


def as_speaker(words: str, text: str) -> str:
    """A description as a speaker, when no rule of :func:`described` says who it is:
    the name of a body without its article ("the National Association of County
    Managers": National Association of County Managers; see :func:`_names_a_body`),
    else the words, their opening article in lower case ("The mayor's office": the
    mayor's office)."""
    first, *rest = words.split()
    if first.lower() == "the" and _names_a_body(rest, text):
        return " ".join(rest)
    if words[:2].istitle() and first.lower() in _LOWER_OPENERS:
        return words[0].lower() + words[1:]
    return words
