"""The guide's search form marks the option of each search as selected (the project's form renderer writes it)."""

from directory.forms import SearchForm


def test_select_marks_the_selected_option_of_each_search():
    first = str(SearchForm({"categorie": "shelter"})["categorie"])
    second = str(SearchForm({"categorie": "legal"})["categorie"])
    assert '<option value="shelter" selected>' in first and '<option value="legal">' in first
    assert '<option value="legal" selected>' in second and '<option value="shelter">' in second
