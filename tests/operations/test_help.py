"""The help section: one page per role from docs/aide/, public (the quick exit stays), every screenshot it shows
present in static/aide/ (taken by tests/browser/test_help_screenshots.py), links between pages kept inside /aide/."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from operations.help import PAGES

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize("slug", ["", *PAGES])
def test_each_page_answers_publicly_with_the_quick_exit(anonymous_client, member_client, slug):
    url = reverse("help_page", args=[slug]) if slug else reverse("help")
    for client in (anonymous_client, member_client):
        response = client.get(url)
        assert response.status_code == 200
        assert "<h1>" in response.text
    assert 'id="quick-exit"' in anonymous_client.get(url).text


def test_an_unknown_page_is_a_404(anonymous_client):
    assert anonymous_client.get("/aide/inconnue/").status_code == 404


def test_every_role_has_its_page_and_every_screenshot_exists():
    assert set(PAGES) == {"intervenante", "administration-organisation", "coordination", "observatoire", "administration-technique"}
    shots = set()
    for slug in ("index", *PAGES):
        text = (ROOT / "docs" / "aide" / f"{slug}.md").read_text()
        shots |= set(re.findall(r"\.\./\.\./static/(aide/[\w.-]+\.png)", text))
    assert len(shots) >= 5
    for shot in shots:
        assert (ROOT / "static" / shot).stat().st_size > 1000, shot
    # Each screenshot is taken by the browser test (not by hand).
    taker = (ROOT / "tests" / "browser" / "test_help_screenshots.py").read_text()
    for shot in shots:
        assert f'"{Path(shot).stem}"' in taker, shot


def test_links_stay_in_the_help_and_images_come_from_static(anonymous_client):
    index = anonymous_client.get(reverse("help")).text
    assert f'href="{reverse("help_page", args=["intervenante"])}"' in index
    page = anonymous_client.get(reverse("help_page", args=["intervenante"])).text
    assert 'src="/static/aide/intervenante-situations.png"' in page and 'alt="La liste des situations' in page
    technical = anonymous_client.get(reverse("help_page", args=["administration-technique"])).text
    assert "<code>docs/deploiement.md</code>" in technical and '.md"' not in technical
