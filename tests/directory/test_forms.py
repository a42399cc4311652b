"""The guide's search form: its selects, kept once rendered, write exactly what Django's own select writes."""

import pytest
from django import forms
from django.utils import translation

from directory.forms import FixedChoicesSelect, SearchForm


def _as_django_writes_it(data, name):
    form = SearchForm(data)
    form.fields[name].widget = forms.Select(choices=form.fields[name].choices)
    form.is_valid()
    return str(form[name])


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"categorie": "shelter", "public": "women"},
        {"categorie": "", "public": "relatives"},
        {"categorie": "nimporte", "public": "women"},  # invalid: nothing selected, the field marked invalid
    ],
)
def test_kept_select_writes_what_django_writes(data):
    for language in ("fr", "en", "fr"):
        with translation.override(language):
            form = SearchForm(data)
            form.is_valid()
            for name in ("categorie", "public"):
                assert isinstance(form.fields[name].widget, FixedChoicesSelect)
                assert str(form[name]) == _as_django_writes_it(data, name)


def test_kept_select_marks_the_selected_option_of_each_search():
    first = str(SearchForm({"categorie": "shelter"})["categorie"])
    second = str(SearchForm({"categorie": "legal"})["categorie"])
    assert '<option value="shelter" selected>' in first and '<option value="legal">' in first
    assert '<option value="legal" selected>' in second and '<option value="shelter">' in second
