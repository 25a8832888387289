"""kpgov.budget (being built)."""
