"""Places: the offline gazetteer and toponym resolution."""
