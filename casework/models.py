"""Shared follow-up models."""
