"""Maillage: the shared platform of a territorial network against domestic violence."""
