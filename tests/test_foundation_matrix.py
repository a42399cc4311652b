"""Every page of the foundation (accounts, audit, home) with its personas; adding a URL without an entry fails."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# url name: (kwargs, expected for the org admin, a practitioner of the same organisation,
#            a practitioner of another organisation, an anonymous visitor)
MATRIX = {
    "home": ({}, 200, 200, 200, 200),
    "neutral_exit": ({}, 200, 200, 200, 200),
    "health": ({}, 200, 200, 200, 200),
    # No job ran in a test database: the complete check fails, and says only « échec » (tests/operations/test_health.py).
    "health_full": ({}, 503, 503, 503, 503),
    "accessibility": ({}, 200, 200, 200, 200),
    "legal_notice": ({}, 200, 200, 200, 200),
    "privacy": ({}, 200, 200, 200, 200),
    "help": ({}, 200, 200, 200, 200),
    "help_page": ({"slug": "intervenante"}, 200, 200, 200, 200),
    "accounts:login": ({}, 302, 302, 302, 200),
    "accounts:verify": ({}, 302, 302, 302, 302),
    "accounts:setup_2fa": ({}, 302, 302, 302, 302),
    "accounts:backup_codes": ({}, 405, 405, 405, 302),
    "accounts:logout": ({}, 405, 405, 405, 302),
    "accounts:profile": ({}, 200, 200, 200, 302),
    "accounts:switch": ({}, 405, 405, 405, 302),
    "accounts:invitation_answer": ({"pk": 1}, 405, 405, 405, 302),
    "accounts:organisation": ({}, 200, 404, 404, 302),
    "accounts:members": ({}, 200, 404, 404, 302),
    "accounts:member_edit": ("member", 200, 404, 404, 302),
    "accounts:tokens": ({}, 200, 200, 200, 302),
    "accounts:token_revoke": ("token", 405, 405, 405, 302),
    "accounts:password_reset": ({}, 200, 200, 200, 200),
    "accounts:password_reset_done": ({}, 200, 200, 200, 200),
    "accounts:password_reset_confirm": ({"uidb64": "MQ", "token": "invalide"}, 200, 200, 200, 200),
    "accounts:password_reset_complete": ({}, 200, 200, 200, 200),
    "audit:journal": ({}, 200, 404, 404, 302),
}
FOUNDATION_NAMESPACES = {"", "accounts", "audit"}
# The apps' own pages and the API, each with a matrix of its own (tests/casework/test_authorisation_matrix.py…), and
# Django's admin (superusers only, Django's own permissions).
EXCLUDED_PREFIXES = ("suivi/", "guide/", "api/", "^api/", "admin-technique/")


def foundation_url_names():
    """Every route of the foundation's namespaces, through every include (tests.casework.urlwalk), unnamed ones by
    their path: a page added anywhere under them without an entry fails the test below."""
    from tests.casework.urlwalk import walk

    names = set()
    for route in walk():
        namespace = route.name.split(":")[0] if route.name and ":" in route.name else ""
        if namespace in FOUNDATION_NAMESPACES and not route.route.startswith(EXCLUDED_PREFIXES):
            names.add(route.key)
    return names


def test_every_foundation_url_has_an_entry():
    assert foundation_url_names() == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_personas(name, org_admin_client, member_client, other_client, anonymous_client, member):
    from accounts.models import ApiToken

    kwargs, *expected = MATRIX[name]
    if kwargs == "member":
        kwargs = {"pk": member.pk}
    elif kwargs == "token":
        kwargs = {"pk": ApiToken.issue(member, "x")[0].pk}
    url = reverse(name, kwargs=kwargs)
    got = [client.get(url).status_code for client in (org_admin_client, member_client, other_client, anonymous_client)]
    assert got == expected, url
