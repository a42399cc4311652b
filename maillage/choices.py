"""Faster `get_FOO_display()` for models shown in long lists.

Django rebuilds a dictionary of a field's choices on every call (`dict(make_hashable(field.flatchoices))`): on a
page of 25 situations with their events that is a hundred rebuilds. The dictionary is built once per field here;
its labels stay lazy, so each call still answers in the active language."""

from functools import cache

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@cache
def _choices(field):
    return dict(make_hashable(field.flatchoices))


class FastChoiceDisplay:
    """Mixin for models: same answer as Django's `_get_FIELD_display`, without rebuilding the choices."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_choices(field).get(make_hashable(value), value), strings_only=True)
