"""Event types the stages of event extraction share (their cue words are in cues.py)."""
from __future__ import annotations

# Speech acts happen where their speaker is, which the text seldom says: the places a
# statement names are its topic. They are placed at the speaker's country.
SPEECH_ACTS = {"ACCUSE", "REJECT", "DEMAND", "THREATEN", "SUPPORT", "CONSULT"}
