"""The parse run only where the extraction reads it (selective_parse.py, veille's default) gives
what the full parse gives there, at the same offsets, and leaves the other sentences unparsed."""
from __future__ import annotations

import pytest

from veille.nlp import remember_text
from veille.pipeline import Pipeline, full_parse_asked
from veille.readers import document_from_text

CALM = "Le ciel était bleu ce matin-là sur la vieille ville."
STRIKE = "Des avions russes ont bombardé jeudi la ville d'Ariha, dans la province d'Idleb."
TEXTS = [
    f"{CALM} {STRIKE} Les habitants racontaient leurs souvenirs d'enfance.",
    "Syrie : des frappes sur Idleb\n\nLe Hezbollah est un mouvement chiite libanais fondé dans les "
    "années 1980. Il a revendiqué mercredi l'attaque contre une patrouille israélienne près de la "
    "frontière.\n\nAFP",
    "Des heurts ont éclaté jeudi à Bamako entre des manifestants et la police. Deux manifestants ont été "
    "blessés, selon l'hôpital Gabriel-Touré. La police a arrêté une dizaine de personnes.",
    "Le temps était doux. Il faisait beau sur la côte.",  # no event at all
    "",
]


@pytest.fixture(scope="module")
def selective(pipeline) -> Pipeline:
    return Pipeline(nlp=pipeline.nlp, registry=pipeline.registry, resolver=pipeline.resolver, selective=True)


@pytest.fixture(scope="module")
def full(pipeline) -> Pipeline:
    return pipeline.with_full_parse()


def parse(p: Pipeline, text: str):
    tokens = p.nlp.make_doc(text)
    remember_text(tokens, text)
    return p.parser(tokens)


def sentence_of(doc, text: str):
    return next(s for s in doc.sents if text in s.text)


def test_a_sentence_without_a_trigger_is_not_parsed(selective):
    doc = parse(selective, TEXTS[0])
    calm, strike = sentence_of(doc, "ciel"), sentence_of(doc, "bombardé")
    assert all(t.dep_ == "" for t in calm)
    assert any(t.dep_ == "ROOT" for t in strike)
    assert [s.text for s in doc.sents][1] == STRIKE
    selection = selective.parser.last_selection[0]
    assert (selection.sentences, selection.parsed) == (3, 1)
    assert not doc.ents  # no entity recogniser: places come from the gazetteer
    # an unparsed word has no tag, and the lemma of the model's table
    assert [(t.pos_, t.lemma_) for t in calm][:3] == [("", "le"), ("", "ciel"), ("", "être")]


def test_the_parse_of_a_sentence_is_the_full_parse_at_the_same_offsets(selective, full):
    for text in TEXTS:
        doc, reference = parse(selective, text), parse(full, text)
        assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in reference]
        parsed = [t for t in doc if t.dep_]
        assert [(t.i, t.pos_, t.lemma_, str(t.morph), t.head.i, t.dep_) for t in parsed] == [
            (t.i, t.pos_, t.lemma_, str(t.morph), t.head.i, t.dep_) for t in reference if t.i in {p.i for p in parsed}]
        for sent in doc.sents:
            if any(t.dep_ for t in sent):
                assert sent.text == reference[sent.start:sent.end].text
                assert (sent.start_char, sent.end_char) == (reference[sent.start].idx, sent.end_char)


def test_the_sentence_a_pronoun_continues_is_parsed(selective):
    doc = parse(selective, TEXTS[1])
    topic = sentence_of(doc, "mouvement chiite")
    assert any(t.dep_ == "nsubj" and t.text == "Hezbollah" for t in topic)


def test_a_document_without_events_has_a_tree_to_walk(selective):
    # the tokenizer leaves the tree's edges unset: walking children must not read past the document
    doc = parse(selective, TEXTS[3])
    assert selective.parser.last_selection[0].parsed == 0
    for sent in doc.sents:
        assert sent.root.i == sent.start
        for t in sent:
            assert list(t.children) == [] and t.left_edge.i == t.i == t.right_edge.i


def test_events_are_those_of_the_full_parse(selective, full):
    found = 0
    for n, text in enumerate(TEXTS[:-1]):  # the empty text is no document
        doc = document_from_text(f"t{n}", text, doc_date="2024-03-14")
        events = [e.as_dict() for e in selective.process(doc)]
        assert events == [e.as_dict() for e in full.process(doc)]
        found += len(events)
    assert found >= 4


def test_a_word_with_a_context_of_its_own_is_parsed_in_it(selective, full):
    # "enlever" reads its own context ("un imam"), which the type's does not hold
    doc = document_from_text("own", "Des inconnus ont enlevé lundi un imam près de Maradi.", doc_date="2024-03-14")
    events = [e.as_dict() for e in selective.process(doc)]
    assert events and events == [e.as_dict() for e in full.process(doc)]


def test_a_batch_gives_what_one_document_gives(selective):
    docs = [document_from_text(f"t{n}", text, doc_date="2024-03-14") for n, text in enumerate(TEXTS[:-1])]
    alone = [[e.as_dict() for e in selective.process(d)] for d in docs]
    batched = [[e.as_dict() for e in r] for _, r in selective.process_stream(docs, batch_size=3)]
    assert batched == alone


def test_the_full_parse_switch(monkeypatch):
    monkeypatch.setenv("VEILLE_FULL_PARSE", "1")
    assert full_parse_asked()
    monkeypatch.setenv("VEILLE_FULL_PARSE", "0")
    assert not full_parse_asked()
    monkeypatch.delenv("VEILLE_FULL_PARSE")
    assert not full_parse_asked()


def test_the_selective_parse_is_the_default(pipeline, monkeypatch):
    monkeypatch.delenv("VEILLE_FULL_PARSE", raising=False)
    assert Pipeline(nlp=pipeline.nlp, registry=pipeline.registry, resolver=pipeline.resolver).selective
    assert not Pipeline(nlp=pipeline.nlp, registry=pipeline.registry, resolver=pipeline.resolver,
                        selective=False).selective


def test_a_pipeline_made_with_the_switch_parses_everything(pipeline, monkeypatch):
    monkeypatch.setenv("VEILLE_FULL_PARSE", "1")
    p = Pipeline(nlp=pipeline.nlp, registry=pipeline.registry, resolver=pipeline.resolver)
    assert not p.selective
    doc = parse(p, TEXTS[0])
    assert all(any(t.dep_ == "ROOT" for t in s) for s in doc.sents)
    assert Pipeline(nlp=pipeline.nlp, registry=pipeline.registry, resolver=pipeline.resolver, selective=True).selective


def test_a_quote_and_its_source_are_one_sentence(selective, full):
    # the senter alone starts sentences after "«" and before "», a indiqué": the parse does not
    text = ("« Nous avons distribué mercredi des vivres à 5.000 familles à Maiduguri », a indiqué jeudi le "
            "Programme alimentaire mondial (PAM).")
    doc, reference = parse(selective, text), parse(full, text)
    assert [s.text for s in doc.sents] == [s.text for s in reference.sents] == [text]


def test_every_sentence_with_a_trigger_is_selected(selective, full, shared_dir):
    # the selection repeats the checks of triggers.find_triggers that need no parse: it must stay
    # a superset of what find_triggers keeps on the full parse (a lexicon or rule change that
    # widens the triggers must widen it too)
    import json

    from veille.clean import mask
    from veille.events.triggers import find_triggers

    lex = selective.extractor.lex
    texts = [mask(json.loads(line)["text"]).text
             for line in (shared_dir / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    with_hits = 0
    for text in texts:
        doc, reference = parse(selective, text), parse(full, text)
        parsed = {t.i for t in doc if t.dep_}
        for sent in reference.sents:
            if find_triggers(lex, sent):
                with_hits += 1
                assert any(h.token.i in parsed for h in find_triggers(lex, sent)), sent.text
    assert with_hits > 100


def selected(p: Pipeline, text: str) -> list[str]:
    doc = p.nlp.make_doc(text)
    remember_text(doc, text)
    doc = p.parser(doc)
    return [s.text.strip() for s in doc.sents if any(t.dep_ for t in s)]


def test_a_phrase_selects_its_sentence_only_with_its_words_in_order(selective):
    # "battre le pavé" (a protest) told in its words' order, then the same words apart and reversed
    told = "Des milliers d'enseignants ont battu le pavé mardi à Rennes."
    apart = "Le pavé de la place, que l'équipe a battu avec soin, a été refait mardi à Rennes."
    assert selected(selective, told) == [told]
    assert selected(selective, apart) == []


def test_a_verb_form_the_lemmatiser_may_leave_inflected_selects_its_sentence(selective):
    # no parse yet, so no part of speech: every lemma the lemmatiser may give the word counts
    text = "Chaque nuit, les forces adverses pilonnent les quartiers est de la ville."
    assert selected(selective, text) == [text]
    keys = selective.parser.selector.keys(selective.nlp.vocab.strings.add("pilonnent"), selective.nlp.vocab.strings)
    assert "pilonner" in keys[1]
