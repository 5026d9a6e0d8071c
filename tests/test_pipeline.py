"""The whole pipeline on French dispatches the project wrote: events, roles, places, dates, sources."""
from veille.actors import default_registry
from veille.readers import document_from_text


def events_of(pipeline, text, doc_date=None):
    doc = document_from_text("t", text, doc_date=doc_date)
    evs = pipeline.process(doc)
    for e in evs:  # every evidence is an exact substring at its offsets
        assert doc.text[e.evidence_start:e.evidence_end] == e.evidence_text
    return evs


def test_one_assault_per_struck_place_with_division_stand_in(pipeline):
    text = ("Des avions russes ont bombardé jeudi les villes de Jisr al-Choughour et de Maaret al-Noomane, "
            "dans la province d'Idleb, selon l'Observatoire syrien des droits de l'Homme.")
    evs = [e for e in events_of(pipeline, text, "2019-05-10") if e.type == "ASSAULT"]
    names = sorted(e.location.name for e in evs)
    assert len(evs) == 2, names
    assert all(e.location.country == "SY" and e.location.precision == "point" for e in evs)
    assert all(e.actor.country == "RUS" and e.mode == "aerial" for e in evs)
    assert all(e.date.value == "2019-05-09" for e in evs)  # jeudi before Friday 10 May
    assert all(e.claimed_by == "Syrian Observatory for Human Rights" for e in evs)


def test_planned_and_negated_acts_are_not_events(pipeline):
    text = ("Les ministres russe et américain vont se réunir lundi à Genève. "
            "L'armée pourrait frapper les positions rebelles. "
            "Les avions n'ont pas bombardé la ville d'Alep.")
    evs = events_of(pipeline, text, "2016-09-22")
    assert [e.type for e in evs] == []


def test_suicide_attack_toll_and_place(pipeline):
    text = ("Un kamikaze s'est fait exploser dimanche près d'un marché de Kaboul, tuant au moins sept personnes "
            "et en blessant vingt-quatre autres, selon le ministère afghan de l'Intérieur.")
    [ev] = [e for e in events_of(pipeline, text, "2018-09-10") if e.type == "ASSAULT"]
    assert ev.mode == "suicide"
    assert ev.location.name == "Kabul" and ev.location.country == "AF"
    assert (ev.killed, ev.injured) == (7, 24)
    assert ev.date.value == "2018-09-09"


def test_denial_yields_reject_and_accuse(pipeline):
    text = ("Le chef de la diplomatie russe Sergueï Lavrov a balayé mercredi les accusations du Pentagone "
            "selon lesquelles les avions russes avaient visé des civils.")
    evs = events_of(pipeline, text, "2015-10-01")
    reject = [e for e in evs if e.type == "REJECT"]
    accuse = [e for e in evs if e.type == "ACCUSE"]
    assert reject and reject[0].actor.country == "RUS"
    assert accuse and accuse[0].actor.country == "USA" and accuse[0].target.country == "RUS"


def test_crowd_control_is_coerce_not_assault(pipeline):
    text = "A Bamako, la police a dispersé les manifestants à coups de gaz lacrymogène samedi."
    types = {e.type for e in events_of(pipeline, text, "2018-09-22")}
    assert "COERCE" in types and "ASSAULT" not in types


def test_sport_is_not_war(pipeline):
    text = "Nantes met le feu à Bastia dans cette première période, avant un penalty à la mi-temps."
    assert [e for e in events_of(pipeline, text) if e.type == "ASSAULT"] == []


def test_meeting_at_the_un_is_in_new_york(pipeline):
    text = "Le ministre russe Sergueï Lavrov a rencontré lundi à l'ONU son homologue américain John Kerry."
    [meet] = [e for e in events_of(pipeline, text, "2015-09-28") if e.type == "MEET"]
    assert meet.location.name == "New York City"
    assert {meet.actor.name, meet.target.name} == {"Sergey Lavrov", "John Kerry"}


def test_generic_army_takes_the_document_country(pipeline):
    text = ("Au Mali, des jihadistes ont attaqué un poste de l'armée à Tessit. "
            "L'armée a riposté avec des frappes aériennes contre les assaillants à Tessit.")
    evs = [e for e in events_of(pipeline, text, "2020-01-01") if e.type == "ASSAULT"]
    assert any(e.actor is not None and e.actor.country == "MLI" for e in evs)


def test_boilerplate_never_becomes_an_event(pipeline):
    text = "Des frappes ont visé Alep jeudi.\n\nRecevez l'actualité gratuitement S'inscrire\nÀ lire aussi : attaque à Homs"
    evs = events_of(pipeline, text, "2016-09-22")
    assert all("Homs" not in e.evidence_text and "inscrire" not in e.evidence_text for e in evs)
    assert any(e.location and e.location.name == "Aleppo" for e in evs)


def test_coordinated_attackers_make_one_event_each(pipeline):
    text = ("Des dizaines de frappes aériennes du régime syrien et de son allié russe ont visé la ville d'Alep "
            "dans la nuit de mardi à mercredi.")
    evs = [e for e in events_of(pipeline, text, "2016-09-28") if e.type == "ASSAULT"]
    assert {e.actor.country for e in evs} == {"SYR", "RUS"}
    assert len({e.event_id for e in evs}) == len(evs)


def test_arrests_without_agent_are_the_authorities(pipeline):
    text = "Au Mali, plusieurs militants de l'opposition ont été interpellés samedi à Bamako."
    [ev] = [e for e in events_of(pipeline, text, "2018-09-22") if e.type == "COERCE"]
    assert ev.actor.country == "MLI" and ev.confidence < 0.6


def test_deployed_forces_are_who_mobilises(pipeline):
    text = "Plusieurs centaines de membres des forces de sécurité irakiennes ont été déployées dans les rues de Bagdad."
    [ev] = [e for e in events_of(pipeline, text, "2016-05-11") if e.type == "MOBILIZE"]
    assert ev.actor.country == "IRQ" and ev.location.name == "Baghdad"


def test_generic_police_in_a_territory_the_registry_has_no_state_for(pipeline):
    # Hong Kong is a GeoNames country but no state of the registry: "la police" stays the generic
    # police rather than failing the document
    text = ("La police a dispersé dimanche à Kowloon, à Hong Kong, des milliers de manifestants "
            "qui défilaient contre le gouvernement.")
    evs = events_of(pipeline, text, "2019-10-07")
    assert any(e.type == "COERCE" and e.actor is not None and e.actor.kind == "police" for e in evs)


def test_generic_organ_of_a_state_without_nationality_adjective():
    # the Republic of the Congo has no adjective in nationalities.tsv; its police is still its own
    registry = default_registry()
    police = registry.organ_actor("COG", "police")
    assert police is not None and police.country == "COG" and police.kind == "police"
    assert registry.organ_actor("COG", "police") is police


def test_a_lower_case_word_after_a_word_never_starts_a_sentence():
    from veille.nlp import load_nlp
    text = ("Le ministère a également rejeté l’implication de Téhéran dans l’explosion survenue mardi soir sur "
            "le territoire et a appelé Bagdad à la retenue.\nsuite de la dépêche")
    sents = [s.text.strip() for s in load_nlp()(text).sents]
    # one sentence up to the line break (the parser alone cuts after "rejeté"); a line break still
    # starts one, whatever its first letter
    assert sents == [text.split("\n")[0], "suite de la dépêche"]


def test_a_batch_parsed_again_one_by_one_keeps_the_writers_text(pipeline, monkeypatch):
    # the parser is given "réfute" for "dément"; after a failed batch the stages still read "dément"
    from veille.nlp import doc_text

    text = "Le gouvernement dément toute implication dans l'attaque."
    tokens = [pipeline.admit(document_from_text("t", text))]
    parse_one = pipeline.parser

    class FailingBatch:
        def pipe(self, docs, batch_size=16):
            raise RuntimeError("batch lost")
            yield  # pragma: no cover

        def __call__(self, doc):
            return parse_one(doc)

    monkeypatch.setattr(pipeline, "parser", FailingBatch())
    [sdoc] = list(pipeline._parse(tokens, batch_size=4))
    assert doc_text(sdoc) == text and any(t.lemma_ == "réfuter" for t in sdoc)
