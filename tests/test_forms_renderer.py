"""The fast form renderer writes exactly the HTML of Django's widget templates, and falls back to them otherwise."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from maillage.forms_renderer import FastTemplates


class Everything(forms.Form):
    text = forms.CharField(max_length=5, widget=forms.TextInput(attrs={"placeholder": 'ex. « 59300 » & "<b>"', "autofocus": True}))
    number = forms.IntegerField(min_value=0, max_value=20)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField(required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    check = forms.BooleanField(required=False)
    off = forms.CharField(required=False, widget=forms.TextInput(attrs={"disabled": False}))
    choice = forms.ChoiceField(choices=[("", "—"), ("a", "Un & deux"), ("b", "<Trois>")])
    grouped = forms.ChoiceField(choices=[("Groupe « 1 »", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    many = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q"), ("r", "R")])
    maybe = forms.NullBooleanField()
    text_area = forms.CharField(widget=forms.Textarea)
    radio = forms.ChoiceField(choices=[("1", "Un"), ("2", "Deux")], widget=forms.RadioSelect)


def _normalised(html):
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": 'a"<&',
            "number": "7",
            "day": "2026-11-23",
            "email": "x@y.fr",
            "hidden": "3",
            "check": "on",
            "choice": "b",
            "grouped": "y",
            "many": ["p", "r"],
            "maybe": "true",
            "text_area": "<script>",
            "radio": "2",
        },
    ],
)
def test_same_html_as_djangos_templates(data):
    fast = Everything(data, renderer=FastTemplates(), initial={"day": datetime.date(2026, 3, 1)})
    stock = Everything(data, renderer=DjangoTemplates(), initial={"day": datetime.date(2026, 3, 1)})
    for name in Everything.base_fields:
        assert _normalised(str(fast[name])) == _normalised(str(stock[name])), name


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    assert isinstance(get_default_renderer(), FastTemplates)
