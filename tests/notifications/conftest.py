"""Personas of the notifications' tests: those of the shared follow-up (tests/casework/conftest.py)."""

from tests.casework.conftest import (  # noqa: F401 (fixtures)
    analyst,
    coordinator,
    coordinator_client,
    perpetrator_client,
    perpetrator_member,
    perpetrator_org,
    situation,
)
