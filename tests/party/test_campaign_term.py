"""One word for a Party campaign in Vietnamese (issues 12/13): the pages said "chiến dịch" and
"đợt học tập", "đợt phổ biến", "đợt quán triệt" for the same thing — a campaign to study and
disseminate a resolution. They now say "đợt quán triệt", the Party's own term. The compiled
catalogue is read (tests/core/test_translations checks it matches the .po)."""

import gettext

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from .test_campaigns import _campaign, _digest

pytestmark = pytest.mark.django_db
MO = django_settings.BASE_DIR / "thidua" / "locale" / "vi" / "LC_MESSAGES" / "django.mo"


def test_the_party_pages_say_dot_quan_triet_never_chien_dich(client, party, resolution_text):
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
    with open(MO, "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    checked = 0
    for key, msgstr in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key  # a plural's forms: (msgid, n)
        msgid = msgid.split("\x04")[-1]  # without its context
        if "campaign" not in msgid.lower() or "(chuyên đề)" in msgid:
            continue  # "(chuyên đề)": an emulation movement's kind, not a Party campaign
        checked += 1
        for other in ("chiến dịch", "đợt học tập", "đợt phổ biến"):
            assert other not in msgstr.lower(), (msgid, msgstr)
    assert checked > 20
