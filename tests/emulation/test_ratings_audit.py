"""Ratings and monthly scores are audited with each changed field before and after."""

from thidua.core.audit import audit_for
from thidua.emulation.services import ratings as services

from .test_ratings_services import (  # noqa: F401 (fixtures)
    _rated_staff,
    drafting,
    frozen_today,
    score_month,
)


def test_rescoring_a_month_records_the_old_and_new_points(org, drafting):  # noqa: F811
    staff, head = org["staff_a"], org["head_a"]
    score = score_month(actor=head, person=staff, item=drafting, month=2, general=25)
    first = audit_for(score).get(action="period_score.computed")
    assert first.data["changes"]["general_points"] == [None, "25"]
    score_month(actor=head, person=staff, item=drafting, month=2, general=20)
    again = audit_for(score).filter(action="period_score.computed").latest("id")
    assert again.actor == head.user
    assert again.data["changes"]["general_points"] == ["25", "20"]
    assert "unit" not in again.data["changes"]  # unchanged fields are not listed


def test_proposal_approval_and_publication_record_level_and_status_changes(
    org,
    drafting,  # noqa: F811
    minister,
):
    staff, rating = _rated_staff(org, drafting)
    services.rating_self_assess(actor=staff.user, rating=rating, text="Đã hoàn thành tốt.")
    services.rating_propose(actor=org["head_a"].user, rating=rating, level="HTT")
    services.rating_approve(actor=minister.user, rating=rating, level="HT")
    services.rating_publish(actor=minister.user, rating=rating)

    def changes(action):
        return audit_for(rating).get(action=action).data["changes"]

    assert changes("rating.self_assessed") == {"status": ["draft", "self_assessed"]}
    assert changes("rating.proposed")["proposed_level"] == ["", "HTT"]
    assert changes("rating.proposed")["status"] == ["self_assessed", "proposed"]
    assert changes("rating.approved")["level"] == ["", "HT"]
    published = changes("rating.published")
    assert published["status"] == ["approved", "published"]
    assert published["appeal_until"] == [None, "2026-12-20"]


def test_a_unit_head_reads_the_rating_events_of_their_unit_not_of_others(
    org,
    drafting,  # noqa: F811
    client,
):
    staff, rating = _rated_staff(org, drafting)
    client.force_login(org["head_a"].user)
    rows = client.get("/audit/", {"target_type": "emulation.annualrating"}).context["rows"]
    assert {r["event"].target_id for r in rows} == {str(rating.pk)}
    client.force_login(org["staff_b"].user)
    assert client.get("/audit/").status_code == 403
