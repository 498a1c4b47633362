"""/favicon.ico answers with the site's icon (browsers ask for it on every visit; it was a 404
in every walk-through's log), and every page links the icon itself."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_static_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("thidua/favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    with open(finders.find("thidua/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    with open(finders.find("thidua/favicon.svg"), encoding="utf-8") as svg:
        assert svg.read().startswith("<svg")


def test_every_page_links_the_icon(client):
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert f'<link rel="icon" href="{static("thidua/favicon.svg")}"' in page.text
    assert f'href="{static("thidua/favicon.ico")}"' in page.text
