"""The optional columnar fast path (``kpgov[fast]``, issue 12)."""
