"""veille: French news dispatches to geocoded, dated, evidence-linked event data."""
__version__ = "0.1.0"
