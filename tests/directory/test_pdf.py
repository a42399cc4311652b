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


def test_victims_pocket_guide_has_shelters_and_no_section_for_professionals_or_perpetrators(
    guide, organisation, anonymous_client, tmp_path
):
    """Issue 11, point 6: the Valenciennes Métropole pocket guide had no shelter and a « Formation des professionnels »
    section."""
    from tests.directory.factories import ServiceFactory

    organisation.communes.set(["59606", "59172"])  # the shelter's organisation takes people from Valenciennes too
    ServiceFactory(name="Formation fictive des professionnels", is_remote=True, categories=["training"], audiences=["professionals"])
    ServiceFactory(name="Stage fictif pour les auteurs", is_remote=True, categories=["perpetrators"], audiences=["perpetrators"])
    victims = _text(
        anonymous_client.get(reverse("directory:print_pdf", args=["victimes"]), {"territoire": "epci:245901160"}).content, tmp_path
    )
    assert "urgence fictif" in victims  # the shelter (in Denain, outside the EPCI) that takes people from it
    assert "Secrète" not in victims and "adresse donnée par téléphone" in victims
    assert "Formation" not in victims and "auteurs" not in victims.lower()
    pros = _text(
        anonymous_client.get(reverse("directory:print_pdf", args=["professionnels"]), {"territoire": "epci:245901160"}).content, tmp_path
    )
    pros = " ".join(pros.split())
    assert "Formation fictive" in pros and "Stage fictif" in pros


def test_print_page_offers_the_whole_arrondissement_labelled_fields_and_a_commune(guide, anonymous_client, tmp_path):
    """Issue 11, point 6: the hint's « <code INSEE> » was eaten as HTML, there was no whole-arrondissement choice,
    two selects shared one label, and a commune could be chosen only by editing the URL."""
    import re

    html = anonymous_client.get(reverse("directory:print_index")).content.decode()
    assert "<code" not in html and "&lt;code" not in html
    assert 'value="arrondissement:596"' in html and "Tout l&#x27;arrondissement de Valenciennes" in html
    ids = re.findall(r'<(?:select|input)[^>]* id="([^"]+)"', html)
    labels = re.findall(r'<label for="([^"]+)">([^<]+)</label>', html)
    assert sorted(ids) == sorted(for_id for for_id, _text_ in labels if for_id in ids)
    assert len({text for _for, text in labels}) == len(labels)  # no two fields share one label
    whole = anonymous_client.get(reverse("directory:print_pdf", args=["professionnels"]), {"territoire": "arrondissement:596"})
    text = _text(whole.content, tmp_path)
    assert "Arrondissement de Valenciennes" in text and "Permanence juridique fictive" in text and "Accueil de jour fictif" in text
    # A commune typed in the form, by name or postal code.
    one = anonymous_client.get(reverse("directory:print_pdf", args=["victimes"]), {"territoire": "epci:245901160", "commune": "59230"})
    assert one.status_code == 200
    assert "Saint-Amand-les-Eaux" in _text(one.content, tmp_path)
    unknown = anonymous_client.get(
        reverse("directory:print_pdf", args=["victimes"]), {"territoire": "epci:245901160", "commune": "Denian-sur-Mer"}
    )
    assert unknown.status_code == 400
    assert "Commune : nous ne trouvons pas « Denian-sur-Mer »" in unknown.content.decode()
