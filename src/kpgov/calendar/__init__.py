"""kpgov.calendar (being built)."""
