"""Events: the trigger lexicon and the extractor."""
from .extract import EventExtractor
from .lexicon import EVENT_TYPES, Lexicon, default_lexicon

__all__ = ["EVENT_TYPES", "EventExtractor", "Lexicon", "default_lexicon"]
