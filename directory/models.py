"""Guide models."""
