"""kpgov.adp (being built)."""
