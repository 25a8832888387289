"""kpgov.storage (being built)."""
