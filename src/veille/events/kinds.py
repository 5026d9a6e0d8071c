"""Types and words the stages of event extraction share.

Each stage module keeps its own windows and word lists; only what two or more of them read
lives here, so that a rule about, say, speech acts reads the same set everywhere.
"""
from __future__ import annotations

import re

PERSONAL_PRONOUNS = {"il", "elle", "ils", "elles"}
# Counts and spans that an event noun hangs on ("des dizaines de frappes", "une série d'attaques").
QUANTITY_NOUNS = {"dizaine", "vingtaine", "trentaine", "centaine", "millier", "serie", "vague", "nombre", "salve",
                  "multitude", "succession", "suite", "jour", "nuit", "semaine", "mois", "journee", "heure",
                  "recrudescence", "regain", "multiplication", "flambee", "escalade", "reprise", "bilan"}
# Speech acts happen where their speaker is, which the text seldom says: the places a
# statement names are its topic. They are placed at the speaker's country.
SPEECH_ACTS = {"ACCUSE", "REJECT", "DEMAND", "THREATEN", "SUPPORT", "CONSULT"}
# Who backs or leads a group, named in an attribute of it ("les rebelles, soutenus par l'Iran, ont
# tiré", "les Houthis alignés sur l'Iran"): not who acts. Read on folded text before a name.
BACKER_BEFORE = re.compile(r"\b(?:soutenu|appuye|aligne|arme|finance|allie|proche|lie|affilie|parraine)e?s?\s+"
                           r"(?:par|sur|de|a|au|aux|d')\s*(?:l'|le |la |les )?$")
