"""Whether an organisation or a project lies in a call's territory (its EPCIs' communes)."""

from territory.models import Commune


def call_communes(call):
    return Commune.objects.filter(epci__in=call.epcis.all())


def organisation_in_territory(organisation, call):
    return organisation.communes.filter(epci__in=call.epcis.all()).exists()
