"""The dispatch that defines the job (../shared/seed): the issue's acceptance, measured."""
from veille.geometry import great_circle_km
from veille.readers import read_paths


def km(a, b):
    return great_circle_km(*a, *b)


JISR = (35.81418, 36.31983)
IDLIB = (35.93062, 36.63393)
HAMA_HAWASH = (35.25, 36.45)  # the al-Ghab plain, north-west of Hama


def test_seed(pipeline, shared_dir):
    [doc] = list(read_paths(sorted((shared_dir / "seed").glob("*.txt"))))
    assert doc.doc_date == "2021-10"
    events = pipeline.process(doc)
    for e in events:
        assert doc.text[e.evidence_start:e.evidence_end] == e.evidence_text
        assert "inscrire" not in e.evidence_text
    near = [e for e in events if e.type == "ASSAULT" and e.location and e.location.precision != "country"
            and min(km((e.location.lat, e.location.lon), ref) for ref in (JISR, IDLIB, HAMA_HAWASH)) <= 40]
    assert len(near) >= 4, [(e.location.name, e.evidence_text[:40]) for e in events]
    meets = [e for e in events if e.type == "MEET"]
    assert meets and meets[0].location.name == "New York City"
    reject = [e for e in events if e.type == "REJECT" and e.actor and e.actor.country == "RUS"]
    accuse = [e for e in events if e.type == "ACCUSE" and e.actor and e.actor.country == "USA"
              and e.target and e.target.country == "RUS"]
    assert reject and accuse
    assert any(e.claimed_by and "source de sécurité syrienne" in e.claimed_by for e in events if e.type == "ASSAULT")
    # the US-Russia talks that "vont se réunir" are planned, not a MEET of their own
    assert all("vont se réunir" not in e.evidence_text for e in meets)
    # "Américains et Russes" are who will meet, not a second author of "les bombardements de l'aviation
    # russe"; the coalition led by the United States is the coalition; and "l'Armée de la conquête
    # combat à la fois le régime et l'EI" tells a standing enmity, not an attack
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert all(e.actor is None or e.actor.name != "United States" for e in assaults)
    assert all("combat à la fois" not in e.evidence_text for e in assaults)
    # the brief's parties: Russia strikes Jaish al-Fatah and the Islamic State, Lavrov meets Kerry;
    # "des frappes sur quatre positions de l'EI, qui ont détruit ..." are not the Islamic State's strikes
    assert {"Jaish al-Fatah", "Islamic State"} <= {e.target.name for e in assaults if e.target and e.actor
                                                     and e.actor.country == "RUS"}
    assert all(e.actor is None or e.actor.name != "Islamic State" for e in assaults)
    assert meets[0].actor is not None and meets[0].actor.name == "Sergey Lavrov"
    assert meets[0].target is not None and meets[0].target.name == "John Kerry"
