"""One achievement, one award (NĐ 98/2023 art. 4, law.py ONE_ACHIEVEMENT): a second form of
the same-achievement group (Giấy khen, Bằng khen cấp Bộ, Bằng khen Thủ tướng) for the same
subject and year needs an override with a written reason, recorded, audited and shown."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from thidua.awards.choices import ProposalStatus
from thidua.awards.models import Award, EligibilitySettings, Proposal
from thidua.awards.selectors import council as selectors
from thidua.awards.services import council as services
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def propose(actor, person, code, **kwargs):
    return services.proposal_create(actor=actor, code=code, year=2025, person=person, **kwargs)


def test_group_is_read_from_the_law_and_the_agency_settings():
    day = date(2026, 1, 15)
    assert selectors.same_achievement_forms(on=day) == {"GK", "BK_BO", "BK_TTG"}
    EligibilitySettings.objects.create(
        valid_from=date(2026, 1, 1),
        values={"rules": {"ONE_ACHIEVEMENT": {"same_achievement_forms": ["GK", "BK_BO"]}}},
        reason="Chỉ Giấy khen và Bằng khen cấp Bộ",
    )
    assert selectors.same_achievement_forms(on=day) == {"GK", "BK_BO"}
    assert selectors.same_achievement_forms(on=date(2025, 12, 31)) == {"GK", "BK_BO", "BK_TTG"}


def test_second_form_for_the_same_achievement_is_refused_without_a_reason(org, histories):
    head = org["head_a"].user
    star = histories["star"]
    first = propose(head, star, "GK")
    assert first.override is False
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        propose(head, star, "BK_BO")
    message = " ".join(exc.value.messages)
    assert "Một thành tích chỉ khen thưởng một lần" in message
    assert "Giấy khen" in message and f"số {first.pk}" in message
    assert star.full_name in message and "Bằng khen" in message
    assert Proposal.objects.filter(person=star).count() == 1
    # Blank reasons are no reasons.
    with pytest.raises(ValidationError):
        propose(head, star, "BK_BO", override_reason="   ")


def test_second_form_with_a_reason_is_recorded_audited_and_shown(client, org, officer, histories):
    head = org["head_a"].user
    star = histories["star"]
    first = propose(officer.user, star, "GK")
    reason = "Giấy khen cho chuyên đề riêng, Bằng khen cho thành tích cả năm"
    second = propose(officer.user, star, "BK_BO", override_reason=reason)
    second.refresh_from_db()
    assert second.override is True
    assert second.override_reason == reason and second.override_by == officer.user
    event = AuditEvent.objects.get(action="proposal.created", target_id=str(second.pk))
    assert event.data["override_reason"] == reason
    assert ["proposal", first.pk] in event.data["same_achievement_ids"]

    client.force_login(head)
    client.cookies["django_language"] = "vi"
    with translation.override("vi"):
        page = client.get(reverse("awards:proposal_detail", args=[second.pk])).content.decode()
    assert reason in page
    assert "Một thành tích chỉ khen thưởng một lần" in page
    assert f"đề nghị số {first.pk}" in page and "Giấy khen" in page
    assert officer.full_name in page and "tdkt" not in page  # a name, never a login
    assert "Cùng thành tích đã có" in page  # the history says what it was weighed against


def test_a_form_outside_the_group_or_another_year_needs_no_reason(org, histories):
    head = org["head_a"].user
    star = histories["star"]
    propose(head, star, "GK")
    assert propose(head, star, "CSTDCS").override is False  # a title, not a form of the group
    other_year = services.proposal_create(actor=head, code="BK_BO", year=2024, person=star)
    assert other_year.override is False


def test_a_rejected_proposal_does_not_count(org, histories):
    head = org["head_a"].user
    star = histories["star"]
    first = propose(head, star, "GK")
    Proposal.objects.filter(pk=first.pk).update(status=ProposalStatus.REJECTED)
    assert propose(head, star, "BK_BO").override is False


def test_a_granted_award_of_another_form_counts_and_a_revoked_one_does_not(org, histories):
    head = org["head_a"].user
    star = histories["star"]
    award = Award.objects.create(
        person=star,
        code="BK_BO",
        year=2025,
        decision_number="15/QĐ-BTN",
        decision_date=date(2026, 2, 10),
        issuer="Bộ Thử nghiệm",
    )
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        propose(head, star, "GK")
    message = " ".join(exc.value.messages)
    assert "Bằng khen" in message and "15/QĐ-BTN" in message and "10/02/2026" in message
    award.revoked_on = date(2026, 3, 1)
    award.save()
    assert propose(head, star, "GK").override is False


def test_a_head_cannot_use_the_reason_to_override_a_not_eligible_verdict(org, histories):
    """The office alone overrides what the engine found not eligible (proposal_override);
    a head's reason for a second form does not stand in for it."""
    head = org["head_a"].user
    steady = histories["steady"]  # LĐTT only: no Bằng khen Thủ tướng
    propose(head, steady, "GK")
    verdict = services.verdict_for(code="BK_TTG", year=2025, person=steady)
    assert verdict["eligible"] is False
    with pytest.raises(PermissionDenied):
        propose(head, steady, "BK_TTG", override_reason="Thành tích đặc biệt")
    assert not Proposal.objects.filter(person=steady, code="BK_TTG").exists()


def test_an_award_granted_after_the_draft_is_weighed_at_submission(org, officer, histories):
    head = org["head_a"].user
    star = histories["star"]
    draft = propose(head, star, "GK")
    Award.objects.create(
        person=star,
        code="BK_BO",
        year=2025,
        decision_number="20/QĐ",
        decision_date=date(2026, 2, 1),
        issuer="Bộ Thử nghiệm",
    )
    with pytest.raises(ValidationError) as exc:
        services.proposal_submit(actor=head, proposal=draft)
    assert "20/QĐ" in " ".join(exc.value.messages)
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT
    services.proposal_submit(actor=head, proposal=draft, override_reason="Thành tích khác")
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED
    assert draft.override and draft.override_reason == "Thành tích khác"
    event = AuditEvent.objects.get(action="proposal.submitted", target_id=str(draft.pk))
    assert event.data["override_reason"] == "Thành tích khác"


def test_the_later_proposal_carries_the_override_not_the_earlier(org, officer, histories):
    star = histories["star"]
    first = propose(officer.user, star, "GK")
    propose(officer.user, star, "BK_BO", override_reason="Hai thành tích")
    services.proposal_submit(actor=officer.user, proposal=first)
    first.refresh_from_db()
    assert first.status == ProposalStatus.SUBMITTED and first.override is False


def test_a_heads_reason_does_not_pass_a_not_eligible_verdict_at_the_check(org, officer, histories):
    """The head's override covers the second form only; if the verdict on submission is not
    eligible, the office must still override it, and both reasons are kept."""
    head = org["head_a"].user
    star = histories["star"]
    propose(head, star, "GK")
    second = propose(head, star, "BK_BO", override_reason="Hai thành tích")
    Proposal.objects.filter(pk=second.pk).update(verdict={**second.verdict, "eligible": False})
    second.refresh_from_db()
    Proposal.objects.filter(pk=second.pk).update(status=ProposalStatus.SUBMITTED)
    assert services.verdict_overridden(second) is False
    with pytest.raises(ValidationError):
        services.proposal_check(actor=officer.user, proposal=second, accept=True)
    services.proposal_override(actor=officer.user, proposal=second, reason="Đặc cách")
    second.refresh_from_db()
    assert second.override_reason == "Hai thành tích\nĐặc cách"
    assert services.verdict_overridden(second) is True
    services.proposal_check(actor=officer.user, proposal=second, accept=True)


def test_the_new_proposal_page_warns_and_saves_with_a_reason(client, org, histories):
    head = org["head_a"].user
    star = histories["star"]
    first = propose(head, star, "GK")
    client.force_login(head)
    client.cookies["django_language"] = "vi"
    data = {"subject": "person", "subject_code": star.employee_code, "code": "BK_BO", "year": 2025}
    with translation.override("vi"):
        page = client.post(
            reverse("awards:proposal_new"), {**data, "action": "preview"}
        ).content.decode()
        words = re.sub(r"<[^>]+>", "", page)  # its number links to the proposal
        assert f"đề nghị số {first.pk}" in words.lower() and "phải ghi lý do" in page
        refused = client.post(reverse("awards:proposal_new"), {**data, "action": "create"})
        assert refused.status_code == 200
        assert "Một thành tích chỉ khen thưởng một lần" in refused.content.decode()
        saved = client.post(
            reverse("awards:proposal_new"),
            {**data, "action": "create", "override_reason": "Hai thành tích riêng"},
        )
    assert saved.status_code == 302
    assert Proposal.objects.get(person=star, code="BK_BO").override_reason == "Hai thành tích riêng"
