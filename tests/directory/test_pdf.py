"""Printable guides: generated from the data, per EPCI or commune, never carrying a confidential address."""

import subprocess

import pytest
from django.urls import reverse


def _text(pdf, tmp_path):
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("kind", ["victimes", "professionnels"])
def test_guides_for_a_commune_list_its_services_and_the_lines(guide, anonymous_client, tmp_path, kind):
    response = anonymous_client.get(reverse("directory:print_pdf", args=[kind]), {"territoire": "commune:59172"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _text(response.content, tmp_path)
    assert "Denain" in text and "114" in text and "03 27 62 99 00" in text
    assert "urgence fictif" in text  # the shelter in Denain
    assert "Permanence juridique fictive" not in text  # given in Saint-Amand only
    assert "Secrète" not in text
    assert not response.cookies


def test_guide_for_an_epci(guide, anonymous_client, tmp_path):
    response = anonymous_client.get(reverse("directory:print_pdf", args=["professionnels"]), {"territoire": "epci:200042190"})
    text = _text(response.content, tmp_path)
    assert "Porte du Hainaut" in text and "Permanence juridique fictive" in text and "Accueil de jour fictif" not in text


def test_unknown_territory_is_refused(guide, anonymous_client):
    response = anonymous_client.get(reverse("directory:print_pdf", args=["victimes"]), {"territoire": "epci:000"})
    assert response.status_code == 400 and "Territoire" in response.content.decode()
    assert anonymous_client.get("/guide/imprimer/autre.pdf").status_code == 404


def test_print_index_page(guide, anonymous_client):
    response = anonymous_client.get(reverse("directory:print_index"))
    assert response.status_code == 200 and "epci:245901160" in response.content.decode()
