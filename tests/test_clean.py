"""The cleaner masks boilerplate without moving offsets."""
from veille.clean import mask


def test_masking_keeps_length_and_offsets():
    text = "Des frappes ont visé Alep.\n\nRecevez l'actualité gratuitement S'inscrire"
    m = mask(text)
    assert len(m.text) == len(text)
    assert m.text.startswith("Des frappes ont visé Alep.")
    assert "Recevez" not in m.text and "inscrire" not in m.text


def test_wire_section_heading_is_masked_but_prose_kept():
    text = 'Les avions sont basés près de Lattaquié. - "Rumeurs non fondées" - Après avoir rencontré son homologue, il a parlé.'
    m = mask(text)
    assert "Rumeurs" not in m.text
    assert "Après avoir rencontré son homologue" in m.text
    assert "Les avions sont basés près de Lattaquié." in m.text


def test_share_buttons_read_also_cookies_and_stamps():
    text = "\n".join([
        "Partager Facebook Twitter",
        "À lire aussi : Les raids se poursuivent à Idleb",
        "Nous utilisons des cookies pour améliorer votre navigation, acceptez-les.",
        "Publié le 25/01/2012 - 17:59",
        "Un kamikaze s'est fait exploser dimanche à Kaboul.",
    ])
    m = mask(text)
    assert m.text.split("\n")[-1] == "Un kamikaze s'est fait exploser dimanche à Kaboul."
    for gone in ("Partager", "lire aussi", "cookies", "Publié"):
        assert gone not in m.text
    assert len(m.spans) == 4


def test_prose_that_mentions_a_newsletter_in_a_long_sentence_is_kept():
    line = ("Le ministère a annoncé dans sa newsletter hebdomadaire que les frappes avaient repris dans la province "
            "d'Idleb, où des dizaines de civils ont été tués selon les secouristes locaux qui ont publié un bilan, "
            "et que les négociations reprendraient à Genève la semaine prochaine.")
    assert mask(line).text == line
