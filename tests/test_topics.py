"""Tests for search.topics: shared, readable topic labels for quotes."""

from __future__ import annotations

import hashlib
import pickle
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.stem.snowball import SnowballStemmer

from search.documents import Document
from search.record import Quote, Source
from search.spill import Spill
from search.topics import (
    FUNCTION_WORDS,
    GENERIC_WORDS,
    TopicModel,
    assign_topics,
    iter_shared_labels,
    share_labels,
)


def lines(*paragraphs: str) -> str:
    return "\n".join(paragraphs) + "\n"


# Three made-up interviews: a chef, a songwriter and an election official.
KITCHEN = lines(
    "Dinner with Marisol Quintero",
    "Marisol Quintero runs a small restaurant by the harbour. We asked Quintero about her kitchen.",
    "Q: Where did cooking start for you?",
    "A: My grandmother taught me cooking. Her kitchen smelled of garlic and bread, and every "
    "recipe lived in her head.",
    "Q: What makes a good recipe?",
    "A: A recipe is a promise. If the garlic is fresh and the bread is warm, the cooking "
    "takes care of itself.",
    "Q: Do you still bake bread every morning?",
    "A: Yes.",
    "Q: How do you choose what goes on the menu?",
    "A: The menu follows the market. I write a new recipe when the tomatoes arrive, and the "
    "kitchen tastes everything before it reaches a plate.",
    "Q: Any advice for cooking at home?",
    "A: Salt early, taste often, and never apologise for garlic. Home cooking should be generous.",
    "Quintero laughed when we asked about her television offers.",
)

STUDIO = lines(
    "In the studio with Tobiah Fenwick",
    "Tobiah Fenwick has written songs for twenty years. Fenwick met us at the studio.",
    "Q: How does a song begin?",
    "A: A song begins with a melody I hum on the bus. The guitar comes later, and the lyrics "
    "come last.",
    "Q: Do you write alone?",
    "A: Mostly I am collaborating with Ines Barra on drums and a cellist. Collaborating with"
    " Barra keeps the music honest.",
    "Q: What did the last album teach you?",
    "A: That collaboration is patience. Barra and I spent three winters on the music of that"
    " album, and every melody was argued over.",
    "Q: Is the guitar still your instrument?",
    "A: The guitar is where the melody lives, but Barra says the studio is where the music grows"
    " up.",
    "Fenwick played us an unfinished song on his guitar while Barra tapped the table.",
)

BALLOT = lines(
    "Counting the vote with Odalys Brandt",
    "Odalys Brandt supervises the county election office. Brandt walked us through election night.",
    "Q: What happens when the polls close?",
    "A: Every ballot is sealed, and the ballot boxes travel to the county office under "
    "escort. The vote count starts at nine.",
    "Q: How do you keep the count honest?",
    "A: Two clerks handle each ballot, one from each party. Observers can watch the whole "
    "count, and any voter can ask how a ballot was counted.",
    "Q: What worries you before an election?",
    "A: Turnout. When turnout drops, people stop trusting the election, even when every vote "
    "is counted correctly.",
    "Q: What would you change?",
    "A: I would mail every voter a ballot. Higher turnout makes a stronger election.",
    "Brandt said the county will publish the vote count online.",
)

NAMES = {"marisol", "quintero", "tobiah", "fenwick", "ines", "barra", "odalys", "brandt"}
CORPUS = {"kitchen.txt": KITCHEN, "studio.txt": STUDIO, "ballot.txt": BALLOT}


def document(path: str, text: str) -> Document:
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(path, text, sha, Source(id=sha[:12]))


def answer(doc: Document, start_words: str, context: str = "") -> Quote:
    """The answer line of ``doc`` that begins with ``start_words`` (after "A: ")."""
    start = doc.text.index("A: " + start_words) + 3
    end = doc.text.index("\n", start)
    spans = ((start, end),)
    return Quote(
        id=f"{doc.path}:{start}",
        doc=doc.path,
        speaker="Someone",
        speaker_id="someone",
        speaker_span=None,
        cue="",
        spans=spans,
        text=doc.text[start:end],
        context=context,
        topics=(),
        source=doc.source,
        kind="transcript",
    )


def corpus() -> tuple[list[Document], dict[str, Quote]]:
    docs = {path: document(path, text) for path, text in CORPUS.items()}
    kitchen, studio, ballot = docs["kitchen.txt"], docs["studio.txt"], docs["ballot.txt"]
    quotes = {
        "grandmother": answer(kitchen, "My grandmother"),
        "promise": answer(kitchen, "A recipe is a promise"),
        "yes": answer(kitchen, "Yes.", context="Do you still bake bread every morning?"),
        "menu": answer(kitchen, "The menu follows"),
        "advice": answer(kitchen, "Salt early"),
        "melody": answer(studio, "A song begins"),
        "collaborating": answer(studio, "Mostly I am"),
        "collaboration": answer(studio, "That collaboration"),
        "guitar": answer(studio, "The guitar is"),
        "sealed": answer(ballot, "Every ballot"),
        "clerks": answer(ballot, "Two clerks"),
        "turnout": answer(ballot, "Turnout."),
        "mail": answer(ballot, "I would mail"),
    }
    return list(docs.values()), quotes


def labelled() -> dict[str, tuple[str, ...]]:
    docs, quotes = corpus()
    out = assign_topics(list(quotes.values()), docs)
    return {name: quote.topics for name, quote in zip(quotes, out, strict=True)}


def test_every_quote_gets_one_to_three_labels():
    for name, topics in labelled().items():
        assert 1 <= len(topics) <= 3, (name, topics)
        assert len(set(topics)) == len(topics), (name, topics)


def test_quotes_on_the_same_subject_share_a_label():
    topics = labelled()
    kitchen = ["grandmother", "promise", "menu", "advice"]
    studio = ["melody", "collaborating", "collaboration", "guitar"]
    ballot = ["sealed", "clerks", "turnout", "mail"]
    for group in (kitchen, studio, ballot):
        for name in group:
            others = {label for other in group if other != name for label in topics[other]}
            assert set(topics[name]) & others, (name, topics[name], others)
    # ... and quotes on different subjects do not.
    for a, b in ((kitchen, studio), (studio, ballot), (ballot, kitchen)):
        labels_a = {label for name in a for label in topics[name]}
        labels_b = {label for name in b for label in topics[name]}
        assert not labels_a & labels_b


def test_inflections_share_one_label():
    model = TopicModel.fit(CORPUS.values())
    (label,) = model.labels("collaborating")
    assert model.labels("Collaboration!") == model.labels("They collaborated.") == (label,)
    assert model.labels("Collaborates.") == (label,)
    assert model.labels("Mr Collaborates") == ()
    topics = labelled()
    assert label in topics["collaborating"] and label in topics["collaboration"]


def test_labels_are_readable_words_of_the_corpus():
    text = " ".join(CORPUS.values()).lower()
    for topics in labelled().values():
        for label in topics:
            words = label.split(" ")
            assert 1 <= len(words) <= 2, label
            for word in words:
                assert re.fullmatch(r"[a-z]+(?:['-][a-z]+)*", word), label
                assert word not in FUNCTION_WORDS and word not in GENERIC_WORDS, label
            assert re.search(rf"\b{re.escape(label)}\b", text), label


def test_names_are_never_labels():
    for topics in labelled().values():
        for label in topics:
            assert not set(label.split()) & NAMES, label


def test_the_vocabulary_has_no_function_words_generic_words_numbers_or_names():
    stem = SnowballStemmer("english").stem
    generic = {stem(word) for word in GENERIC_WORDS}
    model = TopicModel.fit([*CORPUS.values(), "In 1999 the 3 clerks counted 250 ballots."])
    assert model.label_of
    for label in model.label_of.values():
        for word in label.split():
            assert word not in FUNCTION_WORDS and word not in NAMES, label
            assert stem(word) not in generic, label
            assert word.replace("-", "").replace("'", "").isalpha(), label


def test_a_quote_without_content_words_takes_its_question_s_labels():
    docs, quotes = corpus()
    (yes,) = assign_topics([quotes["yes"]], docs)
    model = TopicModel.fit(doc.text for doc in docs)
    assert model.labels(yes.text) == ()
    assert set(yes.topics) & set(model.labels(yes.context))


def test_a_quote_without_any_clue_takes_labels_from_its_document():
    docs, quotes = corpus()
    bare = quotes["yes"].with_changes(context="")
    (out,) = assign_topics([bare], docs)
    model = TopicModel.fit(doc.text for doc in docs)
    assert len(out.topics) == 1
    assert out.topics[0] in model.labels(KITCHEN)


def test_share_labels_prefers_labels_that_other_quotes_carry():
    candidates = [["apple", "kiwi", "pear", "plum"], ["fig", "pear", "plum"], ["lime"], []]
    assert share_labels(candidates) == [["pear", "plum"], ["pear", "plum"], ["lime"], []]
    assert share_labels(candidates, k=1) == [["pear"], ["pear"], ["lime"], []]


def test_shared_labels_can_be_chosen_from_numbers_in_scratch_files(tmp_path):
    # A corpus of any size: candidates and each round's picks wait on disk as numbers.
    words = ["apple", "kiwi", "pear", "plum", "fig", "lime"]
    candidates = [["apple", "kiwi", "pear", "plum"], ["fig", "pear", "plum"], ["lime"], []]
    spill = Spill(tmp_path / "spill")
    column = spill.column()
    for keys in candidates:
        column.append([words.index(key) for key in keys])
    # Quotes already in the index carry "fig": now two quotes have it.
    prior = Counter({words.index("fig"): 1})
    chosen = iter_shared_labels(column, prior=prior, scratch=spill.column)
    expected = [["pear", "plum"], ["fig", "pear", "plum"], ["lime"], []]
    assert [[words[i] for i in ids] for ids in chosen] == expected
    assert share_labels(candidates, prior=Counter({"fig": 1})) == expected
    spill.close()
    assert not (tmp_path / "spill").exists()


def test_a_model_numbers_its_labels_without_pickling_the_numbers():
    docs, _ = corpus()
    model = TopicModel.fit(doc.text for doc in docs)
    assert [model.keys[model.key_ids[key]] for key in model.label_of] == list(model.label_of)
    again = pickle.loads(pickle.dumps(model))
    assert "key_ids" not in again.__dict__
    assert again == model and again.key_ids == model.key_ids


def test_a_model_remembers_a_bounded_number_of_tokens_and_labels_the_same(monkeypatch):
    import search.topics

    text = "Counting every ballot by hand. Ballot counting, then a melody on the guitar."
    model = TopicModel.fit(CORPUS.values())
    expected = model.labels(text)
    assert expected and len(model._token_keys) > 3
    # Each token keeps its key in mid-sentence, then at a sentence's start.
    for token in ("Ballot", "ballot", "melody"):
        assert model._token_keys[token] == (model._key(token, False), model._key(token, True))
    assert "_token_keys" not in pickle.loads(pickle.dumps(model)).__dict__
    monkeypatch.setattr(search.topics, "TOKEN_CACHE", 3)
    small = TopicModel.fit(CORPUS.values())
    assert small.labels(text) == small.labels(text) == expected
    assert len(small._token_keys) == 3


def test_labels_do_not_depend_on_quote_order():
    docs, quotes = corpus()
    forward = assign_topics(list(quotes.values()), docs)
    backward = assign_topics(list(reversed(quotes.values())), docs)
    assert [q.topics for q in forward] == [q.topics for q in reversed(backward)]
    assert forward == assign_topics(list(quotes.values()), docs)


def test_a_single_document_still_labels_every_quote():
    doc = document("only.txt", STUDIO)
    quotes = [answer(doc, start) for start in ("A song begins", "Mostly I am", "That collab")]
    for quote in assign_topics(quotes, [doc]):
        assert 1 <= len(quote.topics) <= 3


def test_quotes_without_documents_are_labelled_from_their_own_text():
    _, quotes = corpus()
    out = assign_topics(list(quotes.values()), [])
    assert all(1 <= len(q.topics) <= 3 for q in out)
    assert set(out[5].topics) & {label for q in out[6:9] for label in q.topics}


def test_a_strong_word_pair_becomes_one_label():
    paragraphs = [
        "Critics called it a romantic comedy with a bitter ending.",
        "She never wanted to make a romantic comedy about weddings.",
        "The studio sold the romantic comedy to three countries.",
        "Her last film was a thriller set on a night train.",
        "The thriller did well abroad, the critics were kinder at home.",
    ]
    model = TopicModel.fit(["\n".join(paragraphs)])
    assert "romantic comedy" in model.labels("Is it a romantic comedy at heart?")
    assert "romantic" not in model.labels("Is it a romantic comedy at heart?")


def test_part_of_a_longer_phrase_is_not_a_label():
    paragraphs = [
        "The gross domestic product grew again this spring.",
        "Nobody trusts the gross domestic product figures from the ministry.",
        "A falling gross domestic product frightens the markets.",
        "The markets rose when the ministry spoke.",
    ]
    model = TopicModel.fit(["\n".join(paragraphs)])
    labels = model.labels("What about the gross domestic product?")
    assert labels
    assert not {"gross domestic", "domestic product"} & set(labels)


def test_words_in_too_many_paragraphs_are_not_labels():
    subjects = [
        *("taxes", "schools", "bridges", "hospitals", "farms", "parks", "libraries"),
        *("buses", "housing", "water", "police", "museums", "harbours", "markets"),
        *("roads", "airports", "tunnels", "beaches", "forests", "rivers"),
    ]
    paragraphs = [
        f"On the podcast this week the mayor talked about {subjects[i % 20]}." for i in range(250)
    ]
    model = TopicModel.fit(["\n".join(paragraphs)])
    labels = model.labels("The podcast covered schools again.")
    assert "schools" in labels
    assert "podcast" not in labels


def test_labels_respects_k_and_ignores_unknown_words():
    docs, _ = corpus()
    model = TopicModel.fit(doc.text for doc in docs)
    text = "Garlic, bread and a recipe: cooking in a kitchen."
    assert len(model.labels(text, k=1)) == 1
    assert len(model.labels(text)) <= 3
    assert model.labels(text, k=1) == model.labels(text)[:1]
    assert model.labels("Zyxx qwerty 1234 the and of.") == ()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_labels_of_any_text_come_from_the_vocabulary(text):
    model = TopicModel.fit(CORPUS.values())
    labels = model.labels(text)
    assert len(labels) <= 3
    assert set(labels) <= set(model.label_of.values())


def test_a_fitted_model_survives_pickling():
    model = TopicModel.fit(CORPUS.values())
    copy = pickle.loads(pickle.dumps(model))
    for text in ("A melody on the guitar.", "Counting every ballot by hand."):
        assert copy.labels(text) == model.labels(text) != ()


def test_quotes_without_clues_in_one_paragraph_score_it_once(monkeypatch):
    # a long line of bare "Yes." answers: each takes its paragraph's labels, and the
    # paragraph is scored once, not once per quote (which grew with the square)
    docs, quotes = corpus()
    bare = quotes["yes"].with_changes(context="")
    many = [bare.with_changes(id=f"yes-{i}") for i in range(30)]
    model = TopicModel.fit(doc.text for doc in docs)
    scored: list[str] = []
    original = TopicModel.scores

    def counting(self, text, weight=1.0):
        scored.append(text)
        return original(self, text, weight)

    monkeypatch.setattr(TopicModel, "scores", counting)
    out = assign_topics(many, docs, model)
    assert len({q.topics for q in out}) == 1
    surroundings = [t for t in scored if t not in (bare.text, "")]
    assert len(surroundings) <= 2  # its paragraph, and the document if that gave nothing
