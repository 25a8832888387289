"""kpgov.indicators (being built)."""
