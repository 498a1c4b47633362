"""One word for a Party campaign in Vietnamese (issues 12/13): the pages said "chiến dịch" and
"đợt học tập", "đợt phổ biến", "đợt quán triệt" for the same thing — a campaign to study and
disseminate a resolution. They now say "đợt quán triệt", the Party's own term. The catalogue
is compiled afresh for the test, so it reads the .po as it is."""

import polib
import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from .test_campaigns import _campaign, _digest

pytestmark = pytest.mark.django_db
PO = django_settings.BASE_DIR / "thidua" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def catalogue(tmp_path, settings):
    """The Vietnamese catalogue compiled from the .po (Django drops its cached catalogues when
    LOCALE_PATHS changes)."""
    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    polib.pofile(str(PO)).save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]


def test_the_party_pages_say_dot_quan_triet_never_chien_dich(
    client, party, resolution_text, catalogue
):
    campaign = _campaign(party, _digest(party, resolution_text))
    client.force_login(party["office"].user)
    pages = {
        "campaign": client.get(
            reverse("party:campaign", args=[campaign.pk]), HTTP_ACCEPT_LANGUAGE="vi"
        ),
        "resolution": client.get(
            reverse("party:resolution", args=[campaign.digest.resolution.pk]),
            HTTP_ACCEPT_LANGUAGE="vi",
        ),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        text = page.content.decode()
        assert "chiến dịch" not in text.lower(), name
        assert "đợt quán triệt" in text.lower(), name
    assert "<h1>Đợt quán triệt:" in pages["campaign"].content.decode()
    assert "Các đợt quán triệt" in pages["resolution"].content.decode()


def test_no_party_message_says_chien_dich_or_another_word_for_the_campaign():
    for entry in polib.pofile(str(PO)):
        if entry.obsolete or "campaign" not in entry.msgid.lower():
            continue
        if "(chuyên đề)" in entry.msgid:  # an emulation movement's kind, not a Party campaign
            continue
        text = (entry.msgstr or "".join(entry.msgstr_plural.values())).lower()
        for other in ("chiến dịch", "đợt học tập", "đợt phổ biến"):
            assert other not in text, (entry.msgid, entry.msgstr)
