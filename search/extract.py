"""Quote extraction: from one document's text to its attributed quotes.

Steps, each a small function below:
1. transcript turns (``(A-Faris): …``, ``Q:``/``A:``, ``NAME: …``) become quotes whole,
   with the question as their context;
2. quoted segments (:mod:`search.marks`) are attributed from the text around them
   (:mod:`search.attribution`): after the closing mark ("…,” Dayton says"), before the
   opening one ("Trump said, “…"), or earlier in the sentence for a partial quote;
3. segments are grouped into quotes: a split quote ("“A,” X says. “B.”"), a
   multi-paragraph quote and a continuation paragraph after an attributed quote join
   their speaker's quote; a segment with nobody to attribute it to (a title, a scare
   quote) is dropped;
4. mentions become canonical speakers (:mod:`search.speakers`), pronouns the most
   recent fitting person;
5. each quote gets its context: the question it answers, else the sentence that
   introduces it.
Everything is linear in the size of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field, replace
from functools import partial

from .attribution import (
    CUE_WORDS,
    NAMING_CUES,
    Attribution,
    Mention,
    attribution_after,
    attribution_leading_in,
    is_participle,
    paragraph_lead,
    person_noun,
    plural_noun,
    sentence_subject,
)
from .descriptions import as_speaker, described
from .documents import Document
from .mark_styles import quote_view
from .marks import ALL_MARKS, BOM, Segment, find_segments
from .posts import find_posts
from .record import Quote, joined_text, quote_id
from .speakers import (
    POSSESSIVE,
    ROLE_GENDER,
    NameIndex,
    is_person_name,
    speaker_id_for,
)
from .transcript_names import LabelNames, is_procedural
from .transcripts import Turn, find_turns
from .wrapping import unwrapped

MAX_CONTEXT = 400
MAX_LOOKBACK = 600  # characters searched around a quote for its attribution
MAX_ASIDE = 200  # characters of an aside after a subject: "Her grandson, a student who …,"
# An aside in which the subject names themself ("who gave his name only as Piotr"; not
# "who detained a man who gave his name as Marcus").
_NAMING_ASIDE = re.compile(r"\bwho[ \t]+(?:only[ \t]+)?(?:gave|would[ \t]+give)\b")
_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "for",
    "with",
    "by",
    "from",
    "de",
    "la",
    "le",
    "du",
    "des",
    "el",
    "y",
    "vs",
    "is",
    "as",
}
_ABBREV = re.compile(
    r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Sen|Rep|Gov|Gen|Lt|Col|Prof|vs|No|"
    r"Inc|Co|Corp|U\.S|a\.m|p\.m|e\.g|i\.e|Jan|Feb|Aug|Sept|Oct|Nov|Dec)$"
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n[ \t]*\n\s*")


@dataclass(slots=True)
class Draft:
    """A quote being assembled: its segments, attribution and what it is."""

    spans: list[tuple[int, int]]
    mention: Mention | None
    cue: str
    kind: str
    paragraph: int
    speaker: str = ""
    context: str = ""
    attribution_end: int = 0
    carried: list[int] = field(default_factory=list)
    at: str | None = None  # a transcript's time stamp for the turn


def extract_document(doc: Document) -> list[Quote]:
    """Every attributed quote in one document, in text order (topics left empty: they
    are assigned corpus-wide by :func:`search.topics.assign_topics`)."""
    text = doc.text
    if not text.strip():
        return []
    # the text as read for quotes: a hard-wrapped document's paragraphs each on one
    # line, and in a document quoted in single marks (‘…’), those swapped with the
    # double ones; offsets are the same, and what a quote says is always sliced from
    # the text itself
    plain = unwrapped(text)
    view = quote_view(plain)
    paras = Paragraphs(view)
    names = NameIndex(view)
    _genders_from_text(view, names)
    turns = find_turns(plain)
    drafts = _transcript_drafts(plain, turns, names) + _post_drafts(plain)
    covered = _covered_lines(paras, drafts)
    # in a question's line, the words after its label ("PR: Kaito told me that “…”")
    after_labels = {paras.index(t.label_start): t.label_end for t in turns}
    drafts += _segment_drafts(
        view,
        paras,
        [s for s in find_segments(view) if paras.index(s.start) not in covered],
        after_labels,
    )
    drafts.sort(key=lambda d: d.spans[0][0])
    _resolve_speakers(view, drafts, names, doc)
    _resolve_you(drafts, paras, set(after_labels) - covered)
    quotes = []
    seen: set[tuple[tuple[int, int], ...]] = set()
    for d in drafts:
        spans = tuple(d.spans)
        if not d.speaker or spans in seen:
            continue
        seen.add(spans)
        if not d.context:
            d.context = _context(view, text, paras, d)
        quotes.append(
            Quote(
                id=quote_id(doc.sha256, spans),
                doc=doc.path,
                speaker=d.speaker,
                speaker_id=speaker_id_for(d.speaker, doc.source.id),
                speaker_span=(d.mention.start, d.mention.end) if d.mention else None,
                cue=d.cue,
                spans=spans,
                text=joined_text(text, spans),
                context=d.context,
                topics=(),
                source=doc.source,
                kind=d.kind,
                at=d.at or doc.time_at(spans[0][0]),
            )
        )
    return quotes


class Paragraphs:
    """The lines of a text with their offsets, for paragraph lookups by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds: list[tuple[int, int]] = []
        pos = 0
        for line in text.split("\n"):
            self.bounds.append((pos, pos + len(line)))
            pos += len(line) + 1
        self._starts = [a for a, _ in self.bounds]

    def index(self, offset: int) -> int:
        """The paragraph (line) holding ``offset``."""
        return bisect_right(self._starts, offset) - 1

    def previous_nonempty(self, k: int) -> int | None:
        """The nearest earlier line with text, if any."""
        k -= 1
        while k >= 0:
            a, b = self.bounds[k]
            if self.text[a:b].strip():
                return k
            k -= 1
        return None

    def line(self, k: int) -> str:
        """The text of line ``k``."""
        a, b = self.bounds[k]
        return self.text[a:b]


_WORDS = re.compile(r"[^\W\d_][\w’'.\-]*")
_NEXT_PRONOUN = re.compile(r"[.!?][\"”’]?[ \t]+(He|She)\b")


def _genders_from_text(text: str, names: NameIndex) -> None:
    """Give a person whose given name tells nothing the gender the text shows: the
    pronoun that opens the sentence right after one they are the subject of
    ("Marisela Dunn grew up in Maine. She studied film."), when every such sentence
    agrees. Only "He" and "She" opening a sentence count ("Clinton called him" says
    nothing about Clinton)."""
    unknown = {w for p in names.people.values() if p.gender is None for w in p.name.split()}
    if not unknown:
        return  # the usual case: every given name told
    votes: dict[str, set[str]] = {}
    for m in _NEXT_PRONOUN.finditer(text):
        end = m.start() + 1
        start = sentence_start(text, max(0, end - MAX_LOOKBACK), end - 1)
        if not unknown.intersection(_WORDS.findall(text, start, end)):
            continue
        subject = sentence_subject(text, start, end)
        if subject is None or subject.kind != "name":
            continue
        name, gender = names.resolve(subject.text, subject.start)
        if name in names.people and gender is None:
            votes.setdefault(name, set()).add(_GENDER[m.group(1).lower()])
    for name, said in votes.items():
        if len(said) == 1:
            names.people[name].gender = next(iter(said))


def sentence_start(text: str, lo: int, pos: int) -> int:
    """Where the sentence holding ``pos`` starts, looking no further back than ``lo``
    (nor than :data:`MAX_LOOKBACK` characters: attribution is always close by)."""
    lo = start = max(lo, pos - MAX_LOOKBACK)
    for m in _SENTENCE_END.finditer(text, lo, pos):
        head = text[max(lo, m.start() - 5) : m.start()]
        if text[m.start()] == "." and _ABBREV.search(head):
            continue
        start = m.end()
    return start


def is_title(text: str, a: int, b: int) -> bool:
    """A quoted string that reads as a title (every major word capitalised, short)."""
    words = re.findall(r"[^\W\d_][\w’'\-]*", text[a:b])
    if not words or len(words) > 10 or not words[0][:1].isupper():
        return False
    if re.search(r"[.!?]\s+\S", text[a:b]) or not any(c.islower() for c in text[a:b]):
        return False  # sentences ("The Donald. Big Daddy.") or a chant ("U-S-A!")
    major = [w for w in words[1:] if w.lower() not in _SMALL_WORDS]
    return all(w[:1].isupper() for w in major) and (len(words) > 1 or len(words[0]) > 1)


# Transcripts -----------------------------------------------------------------------


def _post_drafts(text: str) -> list[Draft]:
    """The embedded social-media posts of a document (see :mod:`search.posts`), each
    attributed to the name on its signature line."""
    return [
        Draft(
            spans=list(p.spans),
            mention=Mention(p.name, p.name_start, p.name_end, "name"),
            cue="",
            kind="post",
            paragraph=-1,  # no paragraph of prose: its words are its author's own
        )
        for p in find_posts(text)
    ]


def _covered_lines(paras: Paragraphs, answers: list[Draft]) -> set[int]:
    """The lines of the transcript's answers (and embedded posts), whose quote marks
    quote within them.
    A question's lines are read like any text: "Kaito told me that “the record was
    finished twice.”" is Kaito's."""
    # (an answer's first span is on its label's line: a label needs words after it)
    return {paras.index(a) for d in answers for a, _ in d.spans}


def _transcript_drafts(text: str, turns: list[Turn], names: NameIndex) -> list[Draft]:
    if not turns:
        return []
    drafts: list[Draft] = []
    question = ""
    previous: Turn | None = None
    who = LabelNames(text, names)
    interviewers = _interviewers(text, turns)
    first_question = next((t.label_start for t in turns if t.role == "q"), len(text))
    for n, turn in enumerate(turns):
        body = joined_text(text, turn.spans)
        following = turns[n + 1] if n + 1 < len(turns) else None
        label = who.label(turn.name) if turn.name else None
        asks = turn.role == "name" and (
            turn.name in interviewers
            or (_a_question(body) and following is not None and following.name != turn.name)
        )
        if turn.role in ("q", "narrator") or asks or (label and is_procedural(label)):
            question = body  # an interviewer's question: context, not a quote
            previous = turn
            continue
        mention_at: tuple[int, int] | None = (turn.label_start, turn.label_end)
        if label is None or label.upper() == "THE WITNESS":
            # "A.", "THE WITNESS:" or an answer with no label: the person a heading
            # above names ("CROSS-EXAMINATION OF DR. PRIYA VENKAT"), else the interviewee
            # (for an answer to a question in bold, the one the introduction names)
            heading = who.heading_before(turn.label_start)
            if heading:
                name = heading[0]
                if label is None:
                    mention_at = heading[1:]
            elif turn.role == "answer":
                name, mention_at = who.introduced(first_question), None
            else:
                name = who.interviewee
                if label is None and turn.label_end - turn.label_start <= 1:
                    # an answer with no label, or a dash's: only a heading names its
                    # speaker in a press conference; in an article's FAQ no one speaks
                    if turn.label_end == turn.label_start:
                        continue
                    mention_at = None  # the interviewee, whom the dash does not name
        else:
            name = who.name_of(label)
        if not name:
            continue
        # "Speaker 3" whom the document does not name stays so
        kind = "description" if name[-1:].isdigit() else "name"
        mention = Mention(name, *mention_at, kind) if mention_at else None
        context = question
        if turn.role == "name" and previous is not None and previous.name != turn.name:
            context = question if previous.role == "name" and question else ""
        question = "" if turn.role == "name" else question
        cue = text[turn.label_start : turn.label_end]
        draft = Draft(list(turn.spans), mention, cue, "transcript", -1, context=context, at=turn.at)
        draft.speaker = "" if mention else name
        drafts.append(draft)
        previous = turn
    return drafts


_SENTENCES = re.compile(r"[^.!?…]+[.!?…]+[\"”’)]*|[^.!?…]+$")


def _a_question(body: str) -> bool:
    """Whether a turn asks: it ends with a question, and at least half its sentences
    are questions ("We met in 2019. What happened?"), not an answer that ends on a
    question of its own ("It is a real road. … So I thought, what if …? What would
    you say to each other?")."""
    if not body.rstrip().rstrip('"”’)').endswith("?"):
        return False
    sentences = [x.strip() for x in _SENTENCES.findall(body) if x.strip()]
    asked = sum(1 for x in sentences if x.rstrip('"”’)').endswith("?"))
    return 2 * asked >= len(sentences)


def _interviewers(text: str, turns: list[Turn]) -> set[str]:
    """In a ``NAME:`` transcript, the people who mostly ask: at least half of their turns
    (two or more) are questions. Their lines ("You recorded it in a boathouse.") are
    context."""
    asked: dict[str, list[int]] = {}
    for turn in turns:
        if turn.role == "name" and turn.name:
            body = joined_text(text, turn.spans).rstrip()
            counts = asked.setdefault(turn.name, [0, 0])
            counts[0] += body.endswith("?")
            counts[1] += 1
    if len(asked) < 2:
        return set()
    # one turn tells nothing about a label ("Florentyna Kask:" once, ending on a
    # question of her own, then "FK:"): its own words decide (see _a_question)
    return {name for name, (q, n) in asked.items() if n >= 2 and q * 2 >= n}


# Quoted segments -------------------------------------------------------------------


@dataclass(slots=True)
class _Seg:
    seg: Segment
    paragraph: int
    pre: Attribution | None = None
    post: Attribution | None = None


def _segment_drafts(
    text: str, paras: Paragraphs, segments: list[Segment], after_labels: dict[int, int]
) -> list[Draft]:
    by_para: dict[int, list[_Seg]] = {}
    for s in segments:
        by_para.setdefault(paras.index(s.start), []).append(_Seg(s, paras.index(s.start)))
    drafts: list[Draft] = []
    last: Draft | None = None  # the latest attributed quote, for continuations
    # an unattributed quote running on over paragraphs, which its last paragraph may
    # attribute: "“A. ¶ “B,” she said." (start, end, paragraph) of each segment
    pending: list[tuple[int, int, int]] = []
    for k in sorted(by_para):
        items = by_para[k]
        para_start, para_end = paras.bounds[k]
        para_start = max(para_start, after_labels.get(k, para_start))  # not the label
        _attribute(text, items, para_start, para_end, paras)
        prev_k = paras.previous_nonempty(k)
        current: Draft | None = None
        scare: tuple[Segment, Attribution] | None = None  # the last one passed over
        for n, item in enumerate(items):
            s = item.seg
            attribution = _choose(text, item)
            if attribution is None and scare is not None and _after_scare_quote(text, *scare, s):
                attribution = scare[1]
            scare = None
            # goes on with an unattributed quote that ran on from the paragraph before
            runs_on = s.continued and bool(pending) and pending[-1][2] == prev_k
            if runs_on and attribution is None:
                pending.append((s.start, s.end, k))  # still no one named: read on
                continue
            if (
                s.continued
                and attribution is None
                and last is not None
                and last.paragraph == prev_k
            ):
                last.spans.append((s.start, s.end))
                last.paragraph = k
                current = last
                continue
            title = is_title(text, s.start, s.end)
            if title and (attribution is None or attribution is item.pre or _partial(text, s)):
                continue  # a title or a name in quotes, not words someone said
            if current is not None and _next_fragment(text, current, s, attribution):
                # fragments of one sentence ("called it “short-sighted” and “reckless”")
                # are two quotes of the same speaker, not one run of words (a short one
                # is no scare quote here: "Cruz is “a basket case” and “a liar.”")
                current = replace(current, spans=[(s.start, s.end)], carried=[])
                drafts.append(current)
                last = current
                continue
            if (
                attribution is not None
                and current is not None
                and (
                    _same(attribution, current)
                    or (
                        attribution is item.pre
                        and _after_its_attribution(text, current, items[n - 1].seg, s, attribution)
                    )
                )
            ):
                current.spans.append((s.start, s.end))
                continue
            if attribution is None:
                if current is not None and _joins(text, current, s):
                    current.spans.append((s.start, s.end))
                    continue
                if n == 0 and last is not None and _continues(text, paras, last, k, s):
                    current = Draft(
                        [(s.start, s.end)],
                        last.mention,
                        last.cue,
                        "direct",
                        k,
                        speaker=last.speaker,
                        carried=[1],
                    )
                    drafts.append(current)
                    last = current
                elif s.close_mark is None and not text[para_start : s.open_mark].strip():
                    pending = [(s.start, s.end, k)]
                elif (lead := _subject_before_quote(text, para_start, s)) is not None:
                    current = Draft([(s.start, s.end)], lead, "", "direct", k)
                    drafts.append(current)
                    last = current
                continue
            kind = "partial" if _partial(text, s) else "direct"
            if kind == "partial" and _scare_quote(text, s, attribution):
                scare = (s, attribution)
                continue
            spans = [(s.start, s.end)]
            if runs_on:
                spans = [(a, b) for a, b, _ in pending] + spans
            elif (
                s.continued
                and last is not None
                and last.carried
                and last.paragraph == prev_k
                and drafts[-1] is last
            ):
                # the quote names its own speaker at last: that outweighs the guess that
                # it went on with the quote before it
                spans = last.spans + spans
                drafts.pop()
            current = Draft(
                spans,
                attribution.mention,
                attribution.cue,
                kind,
                k,
                attribution_end=attribution.cue_end,
            )
            if attribution.mention is None and drafts:
                current.mention, current.speaker = drafts[-1].mention, drafts[-1].speaker
                if not current.mention:
                    continue
            elif attribution.mention is None:
                continue
            drafts.append(current)
            last = current
    return drafts


def _next_fragment(text: str, current: Draft, s: Segment, attribution: Attribution | None) -> bool:
    """Whether ``s`` is a fragment woven into the same sentence as the partial quote
    ``current``, by the same speaker: "called the plan “short-sighted” and “reckless”"."""
    if current.kind != "partial" or not _partial(text, s):
        return False
    if attribution is None:
        return _joins(text, current, s)
    return _same(attribution, current)


def _attribute(
    text: str, items: list[_Seg], para_start: int, para_end: int, paras: Paragraphs
) -> None:
    """Look for an attribution before and after each segment of one paragraph."""
    for n, item in enumerate(items):
        s = item.seg
        prev_close = items[n - 1].seg.close_mark if n else None
        lo = para_start if prev_close is None else prev_close + 1
        start = sentence_start(text, lo, s.open_mark)
        if not s.continued:
            item.pre = attribution_leading_in(text, start, s.open_mark)
            if item.pre is None and start == para_start and n == 0:
                opens = not text[para_start : s.open_mark].strip()
                item.pre = _colon_lead(text, paras, paras.index(s.start), opens)
        if s.close_mark is not None:
            # a quote broken by a line break closes in a later paragraph than it opens
            end = (
                para_end if s.close_mark < para_end else paras.bounds[paras.index(s.close_mark)][1]
            )
            nxt = items[n + 1].seg.open_mark if n + 1 < len(items) else end
            item.post = attribution_after(text, s.close_mark + 1, min(nxt, s.close_mark + 400))
            if item.post is not None and item.post.mention is None:
                # a participle: "Trump defended “New York values,” saying …"
                mention = sentence_subject(text, start, s.open_mark)
                item.post = replace(item.post, mention=mention) if mention else None


def _colon_lead(text: str, paras: Paragraphs, k: int, opens: bool) -> Attribution | None:
    """An attribution that ends the previous paragraph with a colon ("Caddell
    continued:") and so introduces this one; when the quote ``opens`` the paragraph,
    that sentence's subject may also be its speaker (see :func:`paragraph_lead`)."""
    prev = paras.previous_nonempty(k)
    if prev is None:
        return None
    a, b = paras.bounds[prev]
    a = max(a, b - MAX_LOOKBACK)
    line = text[a:b].rstrip()
    if not line.endswith(":"):
        return None
    end = a + len(line) - 1
    start = sentence_start(text, a, end)
    if opens:
        return paragraph_lead(text, start, end)
    return attribution_leading_in(text, start, end, max_gap=3)


def _choose(text: str, item: _Seg) -> Attribution | None:
    """Pick the attribution of a segment when text on both sides could attribute it."""
    pre, post = item.pre, item.post
    if pre and post:
        inside_end = text[item.seg.end - 1]
        if post.cue.lower() == "according to" and pre.mention is not None:
            return pre  # the source of the report: "Trump said it was “a mess,” according to AP"
        return pre if inside_end in ".?!…" else post
    return pre or post


def _scare_quote(text: str, s: Segment, attribution: Attribution) -> bool:
    """A one- or two-word fragment in running prose ("wrote about the “relationship”")
    is the writer's scare quote unless a naming cue introduces it ("called it “…”")."""
    words = text[s.start : s.end].split()
    if len(words) > 2 or attribution.cue.lower() in NAMING_CUES:
        return False
    if text[s.start].isupper() or text[s.end - 1] in "?!":
        return False  # an utterance of its own: “What curfew?”
    # the object of the cue itself ("typed “homicidal ideation”") is what was said
    return attribution.cue_end < s.open_mark and bool(
        re.search(r"\w", text[attribution.cue_end : s.open_mark])
    )


def _after_scare_quote(text: str, scare: Segment, attribution: Attribution, s: Segment) -> bool:
    """Whether ``s`` is a fragment later in the sentence of a scare quote that its cue
    reaches as well: "Trentway said it was “actively recruiting” and would “welcome
    applications”" (the cue's window for ``s`` starts after the scare quote)."""
    if scare.close_mark is None or not _partial(text, s):
        return False
    gap = text[scare.close_mark + 1 : s.open_mark]
    return not _sentence_ends(gap) and len(gap.split()) <= 12


def _same(a: Attribution, d: Draft) -> bool:
    return d.attribution_end == a.cue_end


# Verbs after which a sentence's subject is acted on or only described, and does not go
# on to speak: "Ashdown was heckled as she left. “…”", "Ashdown received a letter. “…”"
# (but "Anna Berg remembers the night. “…”", "Salgaocar-Reyes finds it exhausting. “…”").
_NOT_SPEAKING_VERBS = frozenset(
    {"is", "was", "are", "were", "be", "been", "has", "had", "have", "got", "gets", "get"}
    | {"received", "receives", "became", "becomes", "seemed", "seems", "appeared"}
    | {"appears", "lost", "loses", "faced", "faces", "died", "dies"}
)


def _subject_before_quote(text: str, para_start: int, s: Segment) -> Mention | None:
    """The speaker of a quote with no cue that follows a sentence of the same paragraph
    about a person: "Her sister, Constance, remembers the call. “She didn’t say hello.”"
    is Constance's. Only whole sentences (not a fragment in the prose, nor one going on
    to a cue: "“…,” said one adviser") after a sentence with no quote of its own, whose
    subject is a name or a pronoun followed by a verb it does (not one of
    :data:`_NOT_SPEAKING_VERBS`: "Ashdown was heckled as she left. “Resign now!”"; not a
    reference: "Challen, Sophie (July 25, 2012). “Title”")."""
    before = text[para_start : s.open_mark].rstrip()
    if not before or before[-1] not in ".!?" or _partial(text, s):
        return None
    if text[s.start : s.end].rstrip()[-1:] not in (".", "!", "?", "…"):
        return None
    end = para_start + len(before)
    begin = sentence_start(text, para_start, end)
    if any(c in ALL_MARKS for c in text[begin:end]):
        return None
    subject = sentence_subject(text, begin, end)
    if subject is None or subject.kind not in ("name", "pronoun"):
        return None
    verb = _WORDS.search(text, subject.end, end)
    word = verb.group() if verb else ""
    acts = word.islower() and word not in _NOT_SPEAKING_VERBS
    return subject if acts or word in CUE_WORDS else None


def _partial(text: str, s: Segment) -> bool:
    """True when the quote starts mid-sentence (a fragment woven into the prose)."""
    before = text[max(0, s.open_mark - 40) : s.open_mark].rstrip()
    return bool(before) and before[-1] not in ".!?:\n—–-…" and not before.endswith(",")


def _joins(text: str, current: Draft, s: Segment) -> bool:
    """An unattributed segment joins the paragraph's quote when only that quote's
    attribution (one sentence at most) stands between them: "“A,” X says. “B.”"."""
    if s.start - current.spans[-1][1] > MAX_LOOKBACK:
        return False
    gap = text[current.spans[-1][1] : s.start]
    if is_title(text, s.start, s.end) and len(text[s.start : s.end].split()) < 4:
        return False
    if (
        current.attribution_end
        and current.attribution_end < current.spans[0][0]
        and len(text[s.start : s.end].split()) <= 2
        and _sentence_ends(gap)
    ):
        # a word or two in quotes a sentence after a quote attributed before it is the
        # writer's: "X tells him, “A,” and the camera holds. It's a “prestige” image."
        return False
    if current.attribution_end and current.attribution_end < s.start:
        tail = text[current.attribution_end : s.open_mark]
        return len(_SENTENCE_END.findall(tail)) <= 1 and len(tail.split()) <= 60
    return len(gap.split()) <= 3


def _sentence_ends(words: str) -> bool:
    """Whether a sentence ends in ``words`` (not at an abbreviation: "Mr. Trump")."""
    return any(not _ABBREV.search(words[: m.start()]) for m in _SENTENCE_END.finditer(words + " X"))


# Words that bring a second speaker into an attribution's sentence: "“A?” a reporter
# asked, and Jane Roe replied.", "…, who replied."
_SECOND_SPEAKER = frozenset({"and", "but", "while", "whereas", "who"})
_LETTERS = re.compile(r"[A-Za-z]+")
_WORD_CHAR = re.compile(r"\w")


def _after_its_attribution(
    text: str, current: Draft, prev: Segment, s: Segment, later: Attribution
) -> bool:
    """Whether ``s`` opens the sentence after the one that attributes the quote before
    it (``prev``, part of ``current``), so that it goes on with that quote whatever the
    ``later`` cue found in that sentence: "“A,” Trump said, two hours after news outlets
    declared him the winner. “B.”", "“A,” said a party member who supports Trump,
    asking for anonymity. “B.”". Someone else named after "and", "but", "while",
    "whereas" or "who" answers instead, when their cue ends that sentence: "“A?” a
    reporter asked, and Jane Roe replied. “B.”"."""
    if prev.close_mark is None or current.spans[-1][1] != prev.end:
        return False
    if not prev.close_mark < current.attribution_end <= later.cue_start < s.open_mark:
        return False
    between = {w.lower() for w in _LETTERS.findall(text, current.attribution_end, later.cue_start)}
    named = later.mention is not None and (
        current.mention is None or later.mention.start != current.mention.start
    )
    # Only a finite cue that ends the sentence answers: "Jane Roe, who told CNN the wall
    # was dead. “B.”" goes on with the first speaker, and so does a participle (its
    # subject is the sentence's: "…, asking for anonymity").
    closes = not _WORD_CHAR.search(text, later.cue_end, s.open_mark)
    if named and closes and between & _SECOND_SPEAKER and not is_participle(later.cue):
        return False  # someone else answers: "a reporter asked, and Jane Roe replied."
    head = text[prev.close_mark + 1 : s.open_mark].rstrip()
    if len(_SENTENCE_END.findall(head + " X")) != 1:
        return False  # more than the attribution's own sentence stands between them
    return head[-1:] in (".", "!", "?", "…") and not _ABBREV.search(head[-6:-1])


def _continues(text: str, paras: Paragraphs, last: Draft, k: int, s: Segment) -> bool:
    """A paragraph that opens with a quote continues the previous paragraph's attributed
    quote when that paragraph ended with the quote or its attribution."""
    prev = paras.previous_nonempty(k)
    if prev is None or last.paragraph != prev:
        return False
    a, b = paras.bounds[k]
    if text[a:b].lstrip()[:1] not in '"“„«':
        return False
    end = max(last.spans[-1][1], last.attribution_end)
    tail = text[end : paras.bounds[prev][1]]
    if len(_SENTENCE_END.findall(tail + " X")) > 1:
        return False
    # the new paragraph must be mostly quote, not narrative with a quote in it
    return (s.end - s.start) >= 0.6 * len(text[a:b].strip())


# Speakers and context --------------------------------------------------------------


def _resolve_speakers(text: str, drafts: list[Draft], names: NameIndex, doc: Document) -> None:
    """Turn each draft's mention into a canonical speaker name."""
    recent: list[tuple[int, str, str | None]] = []  # (position, name, gender)
    author = doc.source.author
    quote_spans = sorted(span for d in drafts for span in d.spans)
    spoken: list[tuple[int, str]] = []  # (mention position, speaker) so far, in order
    for d in drafts:
        if d.speaker and d.mention is not None:
            insort(spoken, (d.mention.start, d.speaker))
        if d.speaker and d.carried:
            continue
        m = d.mention
        if m is None:
            continue
        if m.kind == "name":
            d.speaker, gender = names.resolve(m.text, m.start)
            recent.append((m.start, d.speaker, gender))
        elif m.kind == "pronoun":
            d.speaker = _subject_before(text, m, names, quote_spans, recent) or _resolve_pronoun(
                m, recent, names, author, d.spans
            )
        else:
            who = names.by_role(m.text, m.start) or (  # "the mayor": Corinne Ashdown
                (m.text.split() or [""])[0].lower() in _DESCRIBED
                and described(
                    text,
                    m,
                    names,
                    _sentences_before(text, m.start, quote_spans),
                    partial(_spoke_within, spoken),
                )
            )
            d.speaker = who or as_speaker(m.text, text)
            gender = None if who else _one_persons_gender(text, m, d.spans[0][0])
            if gender is not None:
                recent.append((m.start, d.speaker, gender))  # "“…,” she said" is theirs
        if d.speaker:
            insort(spoken, (m.start, d.speaker))


_ONE_PERSON_OPENERS = frozenset({"a", "an", "one", "another"})  # not "the senator": named before
_AFTER_THE_HEAD = frozenset({"for", "of", "at", "with", "from", "in", "on", "who", "whose"})
_NOUN_GENDER = dict.fromkeys(
    ["man", "spokesman", "chairman", "businessman", "congressman", "councilman", "policeman"]
    + ["fisherman", "alderman", "frontman", "doorman", "fireman", "salesman"],
    "m",
)  # not by the ending: "a German", "a human"
_GENDERED = re.compile(r"\b(?:(he|his|him)|(she|her))\b", re.I)


def _one_persons_gender(text: str, m: Mention, end: int) -> str | None:
    """The gender an indefinite description of one person by role shows ("a
    spokeswoman for the council"; "one forklift driver, who …, because she …, said"):
    the noun's, else that of the first "he" or "she" in its sentence before ``end``.
    None when it shows none, or describes no person (a group, a statement, a report):
    such a description is no antecedent of "he" or "she"."""
    words = m.text.lower().split()
    if len(words) < 2 or words[0] not in _ONE_PERSON_OPENERS:
        return None
    head = words[1:]
    for n, w in enumerate(head):
        if w in _AFTER_THE_HEAD:
            head = head[:n]
            break
    noun = head[-1] if head else ""
    gender = ROLE_GENDER.get(noun) or _NOUN_GENDER.get(noun)
    if gender is None and noun.endswith("woman"):
        gender = "f"
    if gender is not None:
        return gender
    if not person_noun(noun) or plural_noun(noun):
        return None
    pronoun = _GENDERED.search(text, m.end, max(m.end, end))
    if pronoun is None or _sentence_ends(text[m.end : pronoun.start()]):
        return None
    return "m" if pronoun.group(1) else "f"


def _sentences_before(
    text: str, position: int, quote_spans: list[tuple[int, int]], count: int = 4
) -> list[tuple[int, int]]:
    """The bounds of up to ``count`` sentences before the one holding ``position``,
    nearest first, passing over those that start inside a quote (of ``quote_spans``)."""
    found: list[tuple[int, int]] = []
    floor = max(0, position - 4 * MAX_LOOKBACK)
    end = sentence_start(text, floor, position)
    while len(found) < count and end > floor:
        start = sentence_start(text, floor, end - 1)
        k = bisect_right(quote_spans, (start, len(text))) - 1
        if not (k >= 0 and quote_spans[k][0] <= start < quote_spans[k][1]):
            found.append((start, start + len(text[start:end].rstrip())))
        end = start
    return found


def _spoke_within(spoken: list[tuple[int, str]], start: int, end: int) -> str | None:
    """The speaker of the last quote resolved so far whose mention lies between
    ``start`` and ``end`` (``spoken``: mention positions and speakers, in order)."""
    k = bisect_left(spoken, (end,))
    return spoken[k - 1][1] if k and spoken[k - 1][0] >= start else None


# The first words of the descriptions search.descriptions may say more about.
_DESCRIBED = frozenset({"the", "a", "an", "another", "one"})


def _resolve_you(drafts: list[Draft], paras: Paragraphs, questions: set[int]) -> None:
    """ "You" in an interviewer's question (a line of ``questions``) is the person who
    answers it ("PR: You told me that “…” ¶ YM: …" is YM's quote); anywhere else it
    names no one, and the quote is left out."""
    answers = [d for d in drafts if d.kind == "transcript"]  # in text order
    starts = [a.spans[0][0] for a in answers]
    for d in drafts:
        if d.kind == "transcript" or d.mention is None or d.mention.text.lower() != "you":
            continue
        k = bisect_right(starts, d.mention.start)
        asked = paras.index(d.mention.start) in questions
        d.speaker = answers[k].speaker if asked and k < len(answers) else ""


_GENDER = {"he": "m", "she": "f"}


def _subject_before(
    text: str,
    m: Mention,
    names: NameIndex,
    quote_spans: list[tuple[int, int]],
    named: list[tuple[int, str, str | None]],
    sentences: int = 3,
    steps: int = 12,
) -> str | None:
    """The person "he" or "she" stands for when the sentences around it say: a name
    that is the subject of the pronoun's own sentence ("Kerr Putney said …, but he
    said"), else the subject of one of the last few ``sentences`` before it (outside
    the ``quote_spans``, the spans of every quote), passing back over sentences whose
    subject is the same pronoun or a person of the other gender ("Raynard Jackson, a
    campaign consultant, is a Virginia resident. “…,” he said": Jackson, not a person
    named later in that sentence), or a description ("The Republican nominee linked
    …"). A quoted sentence stands for its speaker, as ``named`` (position of the
    mention, name, gender) in text order gives it ("“…,” Bozell says. “…,” he notes").
    None, for the caller's fallback, when the nearest subject is no one, another
    pronoun, an owner ("Trump's wife") or a capitalised word no person bears, or when
    none is found within ``steps`` sentences."""
    want = _GENDER.get(m.text.lower())
    if want is None:
        return None
    end, own = m.start, True
    floor = max(0, m.start - 4 * MAX_LOOKBACK)
    for _ in range(steps):
        if not sentences or end <= floor:
            break
        # the pronoun's own sentence may start at the pronoun: "… there. He said, “…”"
        start = sentence_start(text, floor, m.end if own else end - 1)
        k = bisect_right(quote_spans, (start, len(text))) - 1
        inside = k >= 0 and quote_spans[k][0] <= start < quote_spans[k][1]
        sentence = text[start:end]
        opening = sentence.strip()[:1]
        if opening and not inside and opening not in ALL_MARKS:
            sentences -= 0 if own else 1
            subject = sentence_subject(text, start, start + len(sentence.rstrip()))
            if subject is not None and subject.kind == "name":
                if POSSESSIVE.search(subject.text):
                    return None  # "Trump's wife, Melania, is": not Trump
                name, gender = names.resolve(subject.text, subject.start)
                if " " not in name and name not in names.people and not _spoke(name, named, m):
                    # a capitalised word, not a person: "Footage of … appears" (but a
                    # surname that a quote before was attributed to: "Fowler said")
                    return None
                if gender in (None, want):
                    return name
            elif not own and (
                subject is None
                or (subject.kind == "pronoun" and subject.text.lower() != m.text.lower())
            ):
                return None  # no one, or another pronoun, is the subject
            elif subject is not None and text.startswith(",", subject.end):
                # a description whose aside gives a name: "Her neighbour, who gave his
                # name only as Piotr, said …"
                aside_end = text.find(",", subject.end + 1, subject.end + MAX_ASIDE)
                aside = text[subject.end : aside_end] if aside_end > 0 else ""
                called = _NAMING_ASIDE.search(aside) and names.one_name_between(
                    subject.end, aside_end
                )
                if called and names.people[called].gender in (None, want):
                    return called
            # a description ("The Republican nominee also linked …") may be the same
            # person, named further back
        elif opening:
            for at, name, gender in reversed(named):  # the latest first
                if at < start:
                    break
                if at < end and gender in (None, want):
                    return name
        end, own = start, False
    return None


def _spoke(name: str, named: list[tuple[int, str, str | None]], m: Mention) -> bool:
    """Whether a quote before the mention ``m`` was attributed to ``name`` (``named``
    is in text order; only the last :data:`_SPOKE_REACH` are looked at)."""
    k = bisect_right(named, (m.start,))
    return any(n == name for _, n, _ in named[max(0, k - _SPOKE_REACH) : k])


_SPOKE_REACH = 40


def _resolve_pronoun(
    m: Mention,
    recent: list[tuple[int, str, str | None]],
    names: NameIndex,
    author: str | None,
    own_spans: list[tuple[int, int]],
) -> str:
    """The person a pronoun stands for: the latest one named before it of the gender it
    asks for, but not one named in the words it attributes (``own_spans``) ("“Everybody
    thought Hillary Clinton was unbeatable,” he told Fox News")."""
    word = m.text.lower()
    if word in {"i", "we"}:
        return author if author and is_person_name(author) and word == "i" else m.text
    want = _GENDER.get(word)
    if want is None:
        return m.text
    candidates = recent[-40:] + names.recent(m.start)
    candidates.sort(key=lambda c: c[0])
    for at, name, gender in reversed(candidates):
        if gender in (None, want) and not any(a <= at < b for a, b in own_spans):
            return name
    return m.text


def _context(view: str, text: str, paras: Paragraphs, d: Draft) -> str:
    """The question a quote answers (an interviewer's line just before it), else the
    sentence that introduces it: found in the ``view`` (see :func:`quote_view`), its
    words sliced from the ``text`` itself."""
    first = d.spans[0][0]
    k = paras.index(first)
    a = max(paras.bounds[k][0], first - MAX_LOOKBACK)
    lead = view[a:first].strip().lstrip('"“').strip()
    prev = paras.previous_nonempty(k)
    if not lead:
        question = _question_before(text, paras, k)
        if question:
            return question
    if len(lead.split()) >= 3:
        start = sentence_start(view, a, first)
        end = start + len(view[start:first].rstrip())
        while end > start and view[end - 1] in '"“':  # opening marks, not words
            end -= 2 if text[end - 2 : end] == "''" else 1  # ('' is " “" in the view)
        return _clip(text[start:end].strip())
    for _ in range(4):  # the nearest narrative paragraph, passing over other quotes
        if prev is None:
            break
        pa, end = paras.bounds[prev]
        if view[pa:end].lstrip()[:1] not in '"“„«':
            start = sentence_start(view, pa, max(pa, end - 1))
            return _clip(text[start:end].strip())
        prev = paras.previous_nonempty(prev)
    return ""


def _question_before(text: str, paras: Paragraphs, k: int, reach: int = 3) -> str:
    """The interviewer's question line an answer responds to: the nearest earlier
    paragraph ending with "?", looking back over other answers (paragraphs that open
    with a quote) but never past narrative. Read in the view, sliced from ``text``."""
    for _ in range(reach):
        prev = paras.previous_nonempty(k)
        if prev is None:
            return ""
        b = paras.bounds[prev][1]
        line = paras.line(prev)[-MAX_LOOKBACK:]
        if line.strip()[:1] in '"“„«':
            k = prev  # another answer: keep looking
            continue
        if line.strip().endswith("?") and len(line.split()) <= 60:
            return _clip(text[b - len(line) : b].strip())
        return ""
    return ""


def _clip(s: str) -> str:
    s = " ".join(s.replace(BOM, " ").split())  # a byte-order mark is no word
    return s if len(s) <= MAX_CONTEXT else s[: MAX_CONTEXT - 1].rsplit(" ", 1)[0] + "…"
