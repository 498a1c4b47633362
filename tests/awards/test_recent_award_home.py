"""The end of the round as the person sees it (walk-through of 06/12/2026): once the decision
is signed, the person awarded finds it first among what they can do next on the home page —
the title, the year, the decision's number and date — linked to their entry in the registry;
not someone else, and not after RECENT_AWARD_DAYS."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from thidua.awards.nextsteps import awards_next_steps
from thidua.awards.selectors.work import RECENT_AWARD_DAYS
from thidua.awards.services import council as services

from .test_council_services import approved_path

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    day = {"value": TODAY}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day["value"])
    return day


def signed_ldtt(org, officer, person):
    proposal = approved_path(org["head_a"].user, officer, person, code="LDTT")
    session = services.session_create(actor=officer.user, title="Phiên họp", held_on=TODAY)
    services.session_add_proposals(actor=officer.user, session=session, proposals=[proposal])
    services.session_decide(actor=officer.user, session=session, proposal=proposal, approve=True)
    decision = services.decision_create(
        actor=officer.user, summary="công nhận danh hiệu", proposals=[proposal], issuer="Bộ",
        signer_title="Cục trưởng", signer_name="Nguyễn Văn B",
    )  # fmt: skip
    services.decision_sign(
        actor=officer.user, decision=decision, number="130/QĐ-BKHCN", signed_on=TODAY
    )


def awarded(user):
    return [s for s in awards_next_steps(user) if s.section == "next"]


def test_the_person_awarded_sees_it_on_the_home_page(client, org, officer, histories, today):
    hoa = histories["star"]  # Trần Thị Hoa, with an account
    signed_ldtt(org, officer, hoa)
    [step] = awarded(hoa.user)
    assert step.title == "Anh/chị được tặng Lao động tiên tiến năm 2025"
    assert step.detail == "Quyết định số 130/QĐ-BKHCN ngày 07/12/2026"
    client.force_login(hoa.user)
    home = client.get(reverse("home")).content.decode()
    assert "Anh/chị được tặng Lao động tiên tiến năm 2025" in home
    registry = client.get(step.url)
    assert registry.status_code == 200
    assert hoa.full_name in registry.content.decode()
    assert not awarded(org["head_a"].user)
    today["value"] = TODAY + timedelta(days=RECENT_AWARD_DAYS + 1)
    assert not awarded(hoa.user)
