""" "Cập nhật tiến độ cần xác nhận" on a phone (issue 12, walk-through of 07/12/2026 at
390×844): each row becomes a card without the table's header, so a bare "2" and a bare date
said nothing. Each cell now says what it is — "2 lần cập nhật", "chờ từ 07/12/2026" — on a
phone as on a computer."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from thidua.goals.services import checkin_create

pytestmark = pytest.mark.django_db


def test_each_row_says_how_many_check_ins_wait_and_since_when(cascade, client):
    staff = cascade["staff_a"].user
    for kr in cascade["personal"].key_results.all():
        checkin_create(
            actor=staff,
            key_result=kr,
            value=Decimal(1),
            confidence="on_track",
            checked_on=date(2025, 6, 25),
        )
    client.force_login(cascade["head_a"].user)

    html = client.get(reverse("goals:verify_list")).content.decode()

    today = timezone.localdate().strftime("%d/%m/%Y")
    assert ngettext("%(n)s check-in", "%(n)s check-ins", 2) % {"n": 2} in html
    assert gettext("waiting since %(day)s") % {"day": today} in html
    assert 'class="card-head"' in html  # the goal heads its card on a phone
