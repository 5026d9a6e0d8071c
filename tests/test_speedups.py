"""The shortcuts taken for speed give what the slow way gives.

- nlp.py: sentences counted on the array of sentence starts, the text of a parse kept once, and the
  component that starts a sentence after a blank line;
- events/triggers.py: folded lemma and text of every token, made once per document;
- language.py: detection reads three windows of a long text;
- nlp.ArrayAttributeRuler: the model's attribute ruler, its part-of-speech copies on arrays;
- actors/registry.py: the mentions of a text matched again are those matched the first time.
"""
from __future__ import annotations

import json
from importlib import resources

import pytest

from veille.events.extract import folded_tokens
from veille.language import SAMPLE_CHARS, detect, sample
from spacy.attrs import DEP, HEAD, MORPH, POS, TAG

from veille.actors import ActorRegistry, default_registry
from veille.nlp import ArrayAttributeRuler, count_sentences, doc_text, load_nlp, remember_text
from veille.textnorm import fold

TEXTS = [
    "",
    "Bamako",
    "Des heurts ont éclaté jeudi à Bamako. Deux manifestants ont été blessés, selon l'hôpital Gabriel-Touré.",
    "Un. Deux. Trois ! Quatre ? Cinq...",
    "Soudan: des attaques de drones sur Port-Soudan\n\nLes Forces de soutien rapide (FSR) ont lancé mardi des "
    "attaques de drones contre le port. « Nous riposterons », a déclaré l'armée.\n\nAFP",
    "Titre\n\n\nParagraphe un. Paragraphe deux.\n\nFin sans point",
    "   \n\n  ",
]

# Headlines without a full stop over a paragraph: the parser alone glues each into one sentence.
HEADLINES = [
    ("Mali : trois soldats tués dans une embuscade", "trois soldats maliens ont été tués jeudi."),
    ("Publié le 14 mars 2024", "Des heurts ont éclaté à Bamako."),
    ("Par Jean Dupont", "Des heurts ont éclaté à Bamako."),
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


# ---------------------------------------------------------------- nlp.py

@pytest.mark.parametrize("text", TEXTS)
def test_count_sentences_equals_the_number_of_doc_sents(nlp, text):
    doc = nlp(text)
    assert count_sentences(doc) == len(list(doc.sents))


def test_count_sentences_on_a_longer_dispatch(nlp):
    text = " ".join(f"Le {i} mars, des tirs ont visé la localité de Kidal. Aucune victime n'a été signalée."
                    for i in range(1, 21))
    doc = nlp(text)
    assert count_sentences(doc) == len(list(doc.sents)) >= 20


@pytest.mark.parametrize("starts", [[None, None, True, None], [False, False, True, False], [True, False, True, True]])
def test_count_sentences_counts_the_first_token_as_a_start_when_unmarked(starts):
    # A Doc whose boundaries come from the line-break component alone: spaCy opens a sentence at
    # the first token whatever its mark
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["Titre", "ici", "Des", "heurts"], sent_starts=starts)
    assert count_sentences(doc) == len(list(doc.sents))


def test_count_sentences_of_an_empty_parse_is_zero(nlp):
    assert count_sentences(nlp("")) == 0


def test_line_breaks_component_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert "veille_line_breaks" in names
    assert names.index("veille_line_breaks") < names.index("parser")


@pytest.mark.parametrize("headline, paragraph", HEADLINES)
def test_a_headline_without_a_full_stop_over_a_paragraph_is_its_own_sentence(nlp, headline, paragraph):
    text = f"{headline}\n\n{paragraph}"
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents == [headline, paragraph]
    # the parser alone glues them: the component is what splits them
    with nlp.select_pipes(disable=["veille_line_breaks"]):
        assert len(list(nlp(text).sents)) == 1


def _line_breaks_token_by_token(doc):
    """The component as it was before the speed-up: a token holding a line break ends a sentence."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


@pytest.mark.parametrize("text", [
    TEXTS[4], TEXTS[5],
    "Des avions ont bombardé jeudi la ville\nd'Ariha, dans la province d'Idleb.",
    "Titre\r\n\r\nTexte du paragraphe. Suite.\n \n\tAutre paragraphe\n",
    "\n\nDébut après deux lignes vides.\n",
])
def test_line_breaks_marks_the_same_starts_as_token_by_token(nlp, text):
    from veille.nlp import line_breaks

    fast, slow = nlp.make_doc(text), nlp.make_doc(text)
    line_breaks(fast)
    _line_breaks_token_by_token(slow)
    # the starts it marks are the old ones (it also forbids some: a lower-case word after a word)
    assert [t.is_sent_start is True for t in fast] == [t.is_sent_start is True for t in slow]
    assert any(t.is_sent_start for t in fast[1:])


def test_the_sentence_after_a_blank_line_starts_on_its_first_word(nlp):
    text = "Publié le 14 mars 2024\n\nDes heurts ont éclaté à Bamako."
    doc = nlp(text)
    [first_word] = [t for t in doc if t.idx == text.index("Des")]
    assert first_word.is_sent_start


def test_doc_text_is_the_text_parsed(nlp):
    text = "Un texte.  Avec  des espaces\n\net des lignes\tet une tabulation. "
    doc = nlp(text)
    assert doc_text(doc) == text == doc.text
    assert doc_text(doc) is doc_text(doc)  # joined once, then kept


def test_remember_text_is_what_doc_text_returns(nlp):
    text = "Des heurts ont éclaté à Bamako."
    doc = nlp(text)
    remember_text(doc, text)
    assert doc_text(doc) is text


# ---------------------------------------------------------------- events/triggers.py

FOLD_SAMPLE = ("Des hélicoptères de l'armée malienne ont bombardé jeudi Ménaka, où des Touaregs s'étaient "
               "réfugiés ; à Gao, l'État-major a évoqué « une opération réussie » contre l'ÉTAT ISLAMIQUE.")


def test_folded_tokens_are_the_folded_lemma_and_text_of_every_token(nlp):
    doc = nlp(FOLD_SAMPLE)
    lemmas, words = folded_tokens(doc)
    assert lemmas == [fold(t.lemma_.lower()) for t in doc]
    assert words == [fold(t.text.lower()) for t in doc]
    assert len(words) == len(doc)


def test_folded_tokens_strip_accents_and_case(nlp):
    doc = nlp(FOLD_SAMPLE)
    _, words = folded_tokens(doc)
    assert "helicopteres" in words and "menaka" in words and "islamique" in words
    assert all(w == w.lower() and w.isascii() or not w.isalpha() for w in words)


def test_folded_tokens_are_made_once_per_document(nlp):
    doc = nlp(FOLD_SAMPLE)
    assert folded_tokens(doc) is folded_tokens(doc)
    # another document with the same words gets its own, equal lists
    other = nlp(FOLD_SAMPLE)
    assert folded_tokens(other) == folded_tokens(doc) and folded_tokens(other) is not folded_tokens(doc)


# ---------------------------------------------------------------- language.py

def _numbered(n_words: int) -> tuple[str, list[str]]:
    words = [f"mot{i}" for i in range(n_words)]
    return " ".join(words), words


@pytest.mark.parametrize("n_words", [130, 200, 1000, 50_000])
def test_a_long_text_sample_holds_its_start_middle_and_end(n_words):
    text, words = _numbered(n_words)
    assert len(text) > SAMPLE_CHARS
    s = sample(text)
    assert len(s) <= SAMPLE_CHARS + 2
    tokens = s.split()
    assert tokens[0] == words[0] and tokens[-1] == words[-1]
    middle = text[:len(text) // 2].count(" ")  # the word at the middle character
    assert words[middle] in tokens


@pytest.mark.parametrize("length", [SAMPLE_CHARS + 1, SAMPLE_CHARS + 7, 2 * SAMPLE_CHARS, 10 * SAMPLE_CHARS + 3, 5_000_000])
def test_a_sample_is_at_most_sample_chars_plus_two(length):
    spaced = ("abc de fghij " * (length // 13 + 1))[:length]
    assert len(sample(spaced)) <= SAMPLE_CHARS + 2
    unspaced = "x" * length  # no white space to cut at
    assert len(sample(unspaced)) <= SAMPLE_CHARS + 2


def test_a_sample_window_never_starts_inside_a_word():
    text, words = _numbered(3000)
    windows = sample(text).split("\n")
    assert len(windows) == 3
    for window in windows:
        assert window.split()[0] in set(words)


def test_a_text_up_to_sample_chars_is_read_whole():
    text = "é" * SAMPLE_CHARS
    assert sample(text) == text


def test_geowebnews_documents_are_english(shared_dir):
    lines = (shared_dir / "geoparse" / "geowebnews.jsonl").read_text(encoding="utf-8").splitlines()[:50]
    texts = [json.loads(line)["text"] for line in lines]
    assert len(texts) == 50
    assert [detect(t) for t in texts] == ["en"] * 50


# Spaces of every kind (double spaces, a blank line, a tab, a trailing line break) are what the
# ruler's rules other than the copies are about.
RULED = TEXTS[2:6] + ["Deux  blindés\tont   été touchés\n\n à l'aube près de Kidal.\n"]


@pytest.mark.parametrize("text", RULED)
def test_the_array_attribute_ruler_sets_what_the_models_ruler_sets(nlp, text):
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp(text)
    ruler = nlp.get_pipe("attribute_ruler")
    by_model, by_arrays = ruler(doc.copy()), ArrayAttributeRuler(ruler)(doc.copy())
    attrs = [TAG, POS, MORPH, DEP, HEAD]
    assert by_arrays.to_array(attrs).tolist() == by_model.to_array(attrs).tolist()
    assert [t.tag_ for t in by_arrays] == [t.tag_ for t in by_model]


def test_the_array_attribute_ruler_takes_the_copies_that_come_first(nlp):
    fast = ArrayAttributeRuler(nlp.get_pipe("attribute_ruler"))
    assert fast.known.sum() >= 17  # the universal parts of speech
    assert fast.rest_rules == len(nlp.get_pipe("attribute_ruler").patterns) - int(fast.known.sum())


def test_a_ruler_whose_first_rule_is_no_copy_runs_whole(nlp):
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "kidal"}]], {"TAG": "PROPN"})
    ruler.add([[{"POS": "NOUN"}]], {"TAG": "NOUN"})
    fast = ArrayAttributeRuler(ruler)
    assert not fast.known.any() and fast.rest_rules == 2
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp("Les blindés sont entrés dans Kidal.")
    assert [t.tag_ for t in fast(doc.copy())] == [t.tag_ for t in ruler(doc.copy())]


def test_a_text_matched_again_gives_the_same_actor_mentions():
    text = "Moscou a démenti les accusations du Pentagone, selon Sergueï Lavrov."
    fresh = ActorRegistry.from_data_dir(resources.files("veille.actors").joinpath("data")).find(text)
    registry = default_registry()
    first = registry.find(text)
    first.clear()  # a caller's list is its own
    again = registry.find(text)
    assert again == registry.find(text) == fresh
    assert [m.text for m in again][:2] == ["Moscou", "Pentagone"]


@pytest.mark.parametrize("text", [
    "Le chef d'état-major des armées a démissionné mardi à Niamey.",
    "Des jihadistes d'Al-Qaïda ont attaqué lundi un poste près de Bobo-Dioulasso.",
    "Les combats ont repris dans la région du Centre-Nord, selon le chef-lieu de la province.",
])
def test_a_word_the_tokenizer_cut_at_its_hyphen_stays_in_one_sentence(nlp, text):
    assert len(list(nlp(text).sents)) == 1


def test_a_dash_between_spaces_may_still_start_a_sentence(nlp):
    text = "Fin du communiqué.\n- Un tiret ouvre la ligne suivante."
    assert [s.text.strip() for s in nlp(text).sents if s.text.strip()] == [
        "Fin du communiqué.", "- Un tiret ouvre la ligne suivante."]
