"""Issue 10, points 10 to 12: public pages keep to one history entry, write nothing in the browser, and the discretion
page says exactly what is stored. (The browser side is proven in tests/browser/test_quick_exit.py.)"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/guide/",
    "/guide/besoin/partir/",
    "/guide/recherche/?commune=Denain",
    "/guide/numeros/",
    "/guide/effacer-ses-traces/",
    "/guide/imprimer/",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_load_the_one_entry_script_and_never_htmx(client, territory, path):
    html = client.get(path).content.decode()
    assert "data-public" in html and "js/one-entry.js" in html and "js/quick-exit.js" in html
    assert "htmx" not in html.split("<body", 1)[1]  # htmx writes to sessionStorage as soon as it loads
    assert client.cookies == {} or set(client.cookies) == set()


def test_professional_pages_load_htmx_and_not_the_public_scripts(member_client):
    html = member_client.get(reverse("accounts:profile")).content.decode()
    assert "vendor/htmx.min.js" in html and "js/htmx-forms.js" in html
    assert "data-public" not in html and "one-entry.js" not in html


def test_discretion_page_says_what_the_site_stores(client):
    text = client.get(reverse("directory:erase_traces")).content.decode()
    assert "aucun cookie" in text and "stockage local" in text and "stockage de session" in text
    assert "csrftoken" in text and "fermeture du navigateur" in text
    assert "une seule page" in text
    assert "Ce site ne dépose aucun cookie et ne charge rien depuis un autre site." not in text  # was untrue (login's csrftoken)
