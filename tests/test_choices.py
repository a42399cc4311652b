"""The faster get_FOO_display() answers what Django's would, in the active language."""

from django.db.models import Model
from django.utils import translation

from casework.models import Situation, Status


def test_fast_display_matches_django_for_known_and_unknown_values():
    situation = Situation(status=Status.CLOSED)
    assert situation.get_status_display() == Model._get_FIELD_display(situation, Situation._meta.get_field("status"))
    assert situation.get_status_display() == str(Status.CLOSED.label)
    situation.status = "inconnu"
    assert situation.get_status_display() == "inconnu"


def test_fast_display_follows_the_active_language():
    situation = Situation(status=Status.OPEN)
    with translation.override("fr"):
        french = situation.get_status_display()
    assert isinstance(french, str) and french == str(Status.OPEN.label)
