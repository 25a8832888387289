"""kpgov.accounts (being built)."""
