"""Audit: the append-only, hash-chained journal of who read or changed what, from which organisation."""
