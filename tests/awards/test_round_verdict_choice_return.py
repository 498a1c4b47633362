"""The round's verdicts page after the office's choice (walk-through of 07/12/2026, round
flow 1): "Vẫn đề nghị" / "Không đề nghị" brought the office back to the step's whole list,
page 1, unfiltered — the filter "Đã giữ hình thức khác của cùng thành tích" and the page it
had reached were lost at every click. And on a confirmed step the set-aside verdicts said
“chọn ‘Vẫn đề nghị’ kèm lý do” where no such button is: the page now says how to change a
choice (reopen the step) or, once proposals were made from the round, what to do instead."""

from datetime import date

import pytest
from django.urls import reverse

from thidua.awards.choices import RoundStep
from thidua.awards.models import RoundVerdict
from thidua.awards.services import round as services

from .test_round import run, run_and_confirm

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 1, 15)
NOTE = 'role="note"'


def test_a_choice_brings_the_office_back_to_the_filter_and_page_it_chose_from(
    client, officer, section
):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, [RoundStep.RATINGS, RoundStep.UNIT_RATINGS])
    run(round_, RoundStep.TITLES)
    client.force_login(officer.user)
    url = reverse("awards:round_step_verdicts", args=[2025, "titles"])
    page = client.get(url, {"code": "CSTDCS", "show": "capped", "page": "1"}).content.decode()
    assert 'name="back" value="code=CSTDCS&amp;show=capped&amp;page=1"' in page
    assert NOTE not in page  # the step is computed: the buttons are there

    row = RoundVerdict.objects.get(round=round_, code="CSTDCS", capped=True)
    choose = reverse("awards:round_verdict_choose", args=[row.pk])
    answer = client.post(
        choose, {"keep": "1", "reason": "Sáng kiến", "back": "code=CSTDCS&show=capped&page=1"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{url}?code=CSTDCS&show=capped&page=1"
    # only the list's own filters and a page number go back, nothing else
    odd = client.post(
        choose,
        {"keep": "0", "reason": "Thôi", "back": "show=evil&code=X&page=2a&next=//evil.example"},
    )
    assert odd["Location"] == url
    assert client.post(choose, {"keep": "1", "reason": "Lại"})["Location"] == url


def test_a_confirmed_step_says_how_to_change_a_choice_and_what_to_do_once_proposed(
    client, officer, section
):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    run_and_confirm(round_, services.COMPUTED_STEPS)
    client.force_login(officer.user)
    url = reverse("awards:round_step_verdicts", args=[2025, "titles"])
    confirmed = client.get(url).content.decode()
    assert NOTE in confirmed and "Vẫn đề nghị" not in confirmed.split(NOTE)[0]
    assert 'name="keep"' not in confirmed  # no button: the note says where to go
    assert any(w in confirmed for w in ("reopen the step", "mở lại bước"))

    services.round_propose(actor=officer.user, round_=round_)
    proposed = client.get(url).content.decode()
    assert NOTE in proposed
    assert any(w in proposed for w in ("make a new proposal", "lập đề nghị mới"))
