"""Proposals created in bulk from a round's verdicts (proposals_create_from_verdicts): the
verdict the round judged is stored as given, duplicates are skipped, a verdict not eligible
needs an override reason, a head stays in their subtree, and the cost does not grow with the
number of items."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from thidua.awards.models import Award, Proposal
from thidua.awards.services import council as services
from thidua.core.models import AuditEvent

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 1, 15)


def verdict(code: str, eligible: bool = True, note: str = "✓ Xét trong đợt năm 2025") -> dict:
    return {
        "code": code,
        "name": code,
        "eligible": eligible,
        "basis": "Luật Thi đua, khen thưởng 2022",
        "confidence": "F",
        "rule_version": "luat-2022",
        "reasons": [note if eligible else "✗ Chưa đủ điều kiện"],
        "already_granted": False,
        "received_on": RECEIVED.isoformat(),
    }


def item(person, code="LDTT", eligible=True, **extra) -> dict:
    return {
        "code": code,
        "person": person,
        "unit": None,
        "verdict": verdict(code, eligible),
        **extra,
    }


def bulk(actor, items):
    return services.proposals_create_from_verdicts(
        actor=actor, year=2025, received_on=RECEIVED, items=items
    )


def test_creates_draft_proposals_carrying_the_rounds_verdict(client, org, officer, histories):
    steady, disciplined = histories["steady"], histories["disciplined"]
    # The round's verdict is stored as given, not judged again (the disciplined person's own
    # history would say otherwise).
    created = bulk(officer.user, [item(steady), item(disciplined, "LDTT")])
    assert {p.person for p in created} == {steady, disciplined}
    for proposal in Proposal.objects.filter(pk__in=[p.pk for p in created]):
        assert proposal.verdict["reasons"] == ["✓ Xét trong đợt năm 2025"]
        assert proposal.verdict["eligible"] is True and proposal.code == "LDTT"
        assert proposal.proposing_unit == proposal.person.unit
        assert proposal.created_by == officer.user and proposal.override is False
    events = AuditEvent.objects.filter(action="proposal.created_from_round")
    assert sorted(int(e.target_id) for e in events) == sorted(p.pk for p in created)
    summary = AuditEvent.objects.get(action="proposals.created_from_round")
    assert summary.data["created"] == 2 and summary.data["skipped"] == 0

    client.force_login(officer.user)
    with translation.override("vi"):
        client.cookies["django_language"] = "vi"
        page = client.get(reverse("awards:proposal_detail", args=[created[0].pk])).content.decode()
    assert "Tạo đề nghị khen thưởng từ đợt xét khen thưởng hằng năm" in page
    assert "proposal.created_from_round" not in page


def test_skips_subjects_already_proposed_and_repeated_items(org, officer, histories):
    steady, star = histories["steady"], histories["star"]
    services.proposal_create(actor=officer.user, code="LDTT", year=2025, person=steady)
    created = bulk(officer.user, [item(steady), item(star), item(star)])
    assert [p.person for p in created] == [star]
    assert Proposal.objects.filter(person=star, code="LDTT").count() == 1
    assert AuditEvent.objects.get(action="proposals.created_from_round").data["skipped"] == 2
    # Running the same selection again creates nothing.
    assert bulk(officer.user, [item(steady), item(star)]) == []


def test_not_eligible_without_a_reason_is_refused_and_nothing_is_written(org, officer, histories):
    steady, disciplined = histories["steady"], histories["disciplined"]
    events = AuditEvent.objects.count()
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        bulk(officer.user, [item(steady), item(disciplined, "CSTDCS", eligible=False)])
    message = " ".join(exc.value.messages)
    assert disciplined.full_name in message and "chưa đủ điều kiện" in message
    assert not Proposal.objects.exists() and AuditEvent.objects.count() == events


def test_not_eligible_with_a_reason_is_an_override_by_the_office(org, officer, histories):
    disciplined = histories["disciplined"]
    reason = "Kỷ luật đã hết hiệu lực, thành tích đột xuất"
    [proposal] = bulk(
        officer.user, [item(disciplined, "CSTDCS", eligible=False, override_reason=reason)]
    )
    proposal.refresh_from_db()
    assert proposal.override and proposal.override_reason == reason
    assert proposal.override_by == officer.user
    event = AuditEvent.objects.get(action="proposal.created_from_round")
    assert event.data["override_reason"] == reason
    # The office's check accepts it once submitted, like any overridden proposal.
    assert proposal.verdict["eligible"] is False


def test_a_head_proposes_in_bulk_only_inside_their_subtree(org, histories):
    head = org["head_a"].user
    steady = histories["steady"]  # under the head's department
    outsider = org["staff_b"]  # another department
    with pytest.raises(PermissionDenied) as exc:
        bulk(head, [item(steady), item(outsider)])
    assert outsider.full_name in str(exc.value)
    assert not Proposal.objects.exists()
    assert [p.person for p in bulk(head, [item(steady)])] == [steady]
    # A head's reason cannot override what the engine found not eligible.
    with pytest.raises(PermissionDenied):
        bulk(head, [item(histories["star"], "CSTD_TQ", eligible=False, override_reason="x")])


def test_one_achievement_one_award_in_bulk(org, officer, histories):
    star, steady = histories["star"], histories["steady"]
    Award.objects.create(
        person=steady,
        code="GK",
        year=2025,
        decision_number="3/QĐ",
        decision_date=date(2026, 1, 5),
        issuer="Cục A",
    )
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        bulk(officer.user, [item(star, "GK"), item(star, "BK_BO"), item(steady, "BK_BO")])
    messages = exc.value.messages
    assert len(messages) == 2  # the second form of the batch, and the one against the registry
    assert any(star.full_name in m and "Giấy khen" in m for m in messages)
    assert any(steady.full_name in m and "3/QĐ" in m for m in messages)
    assert not Proposal.objects.exists()
    created = bulk(
        officer.user,
        [
            item(star, "GK"),
            item(star, "BK_BO", override_reason="Hai thành tích khác nhau"),
            item(steady, "BK_BO", override_reason="Giấy khen cho chuyên đề"),
        ],
    )
    overridden = {(p.person_id, p.code): p.override for p in created}
    assert overridden == {
        (star.pk, "GK"): False,
        (star.pk, "BK_BO"): True,
        (steady.pk, "BK_BO"): True,
    }


def test_a_pending_case_refuses_the_batch(org, officer, histories):
    with pytest.raises(ValidationError) as exc:
        bulk(officer.user, [item(histories["pending"]), item(histories["steady"])])
    assert histories["pending"].full_name in " ".join(exc.value.messages)
    assert not Proposal.objects.exists()


def test_query_count_does_not_grow_with_the_number_of_items(
    org, officer, django_assert_max_num_queries
):
    few = [PersonFactory(unit=org["sec_a"]) for _ in range(3)]
    # 50 items: on SQLite an INSERT holds at most 999 values (about 58 proposals), so a
    # larger batch is split by the backend itself; PostgreSQL inserts 1,000 rows at a time.
    many = [PersonFactory(unit=org["sec_b"]) for _ in range(25)]
    Proposal.objects.all().delete()
    officer.user.refresh_from_db()
    bulk(officer.user, [item(PersonFactory(unit=org["sec_a"]))])  # warm the viewer's scope
    with CaptureQueriesContext(connection) as small:
        bulk(officer.user, [item(p, "GK") for p in few] + [item(few[0], "LDTT")])
    with django_assert_max_num_queries(len(small.captured_queries)):
        created = bulk(officer.user, [item(p, "GK") for p in many] + [item(p) for p in many])
    assert len(created) == 50
