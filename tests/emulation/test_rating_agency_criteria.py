# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""The agency's own LĐTT criteria (issue 11, point 1), recorded on the annual rating: with a
criterion configured in the awards settings, the head records met / not met (page, service,
or with the proposal through the API) and the person's LĐTT verdict follows; nobody outside
the rating's scope marks it, an unknown criterion is refused in Vietnamese, and with no
criterion configured nothing is asked."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.awards.eligibility import evaluate
from thidua.awards.history import person_histories
from thidua.awards.services.settings import eligibility_settings_save
from thidua.core.models import AuditEvent
from thidua.emulation.agency_criteria import criteria_for_year
from thidua.emulation.choices import EmulationAudit, RatingLevel, RatingStatus
from thidua.emulation.models import AnnualRating
from thidua.emulation.services import ratings as services

from .conftest import minister  # noqa: F401  fixture
from .test_ratings_services import TODAY, head_b  # noqa: F401  fixture

pytestmark = pytest.mark.django_db
YEAR = 2026
RECEIVED = date(2027, 1, 15)
CODE = "tham_gia_phong_trao"
API = "/api/v1/emulation"


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def criterion(officer):
    """The office's LĐTT criterion, in force from the start of the year."""
    eligibility_settings_save(
        actor=officer.user,
        valid_from=date(YEAR, 1, 1),
        values={"rules": {"LDTT": {"agency_criteria": [CODE]}}},
        reason="Tiêu chí riêng của Bộ",
    )
    return CODE


@pytest.fixture
def rating(org):
    """Lê Văn Nam's rating (no account: the head proposes from the draft)."""
    person = org["colleague_a"]
    return AnnualRating.objects.create(
        person=person, year=YEAR, unit=person.unit, rule_version="test", computed_level="HTT"
    )


def _ldtt(person):
    history = person_histories(year=YEAR, on=RECEIVED, person_ids=[person.pk])[person.pk]
    settings = {"rules": {"LDTT": {"agency_criteria": [CODE]}}}
    verdicts = evaluate(history, year=YEAR, received_on=RECEIVED, settings=settings)
    return next(v for v in verdicts if v.code == "LDTT")


def _approve(rating, *, head, approver):
    services.rating_propose(actor=head.user, rating=rating, level=RatingLevel.HTT)
    services.rating_approve(actor=approver.user, rating=AnnualRating.objects.get(pk=rating.pk))


def test_met_recorded_on_the_page_makes_the_person_eligible(
    org,
    criterion,
    rating,
    minister,
    client,
):
    head = org["head_a"]
    client.force_login(head.user)
    page = client.get(reverse("emulation:rating_detail", args=[rating.pk])).content.decode()
    assert CODE in page and 'name="code-1"' in page  # the criterion is asked, in words

    response = client.post(
        reverse("emulation:rating_agency_criteria", args=[rating.pk]),
        {"code-1": CODE, "met-1": "yes"},
    )

    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.agency_criteria == {CODE: True}
    event = AuditEvent.objects.get(action=EmulationAudit.RATING_AGENCY_CRITERIA_RECORDED)
    assert event.actor == head.user and event.data["changes"]["agency_criteria"] == [
        {},
        {CODE: True},
    ]
    page = client.get(reverse("emulation:rating_detail", args=[rating.pk])).content.decode()
    assert f"{CODE}:\n✓" in page
    _approve(rating, head=head, approver=minister)
    verdict = _ldtt(rating.person)
    assert verdict.eligible
    assert any(CODE in r and "Đạt" in r for r in verdict.reasons)


def test_not_met_given_with_the_proposal_keeps_the_person_failing(
    org,
    criterion,
    rating,
    minister,
    client,
):
    head = org["head_a"]
    client.force_login(head.user)
    url = f"{API}/ratings/{rating.pk}"
    etag = client.get(url)["ETag"]

    response = client.post(
        f"{url}/propose",
        json.dumps({"level": "HTT", "agency_criteria": {CODE: False}}),
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200, response.content
    assert response.json()["agency_criteria"] == {CODE: False}
    rating.refresh_from_db()
    assert rating.status == RatingStatus.PROPOSED and rating.agency_criteria == {CODE: False}
    services.rating_approve(actor=minister.user, rating=rating)
    verdict = _ldtt(rating.person)
    assert not verdict.eligible
    assert any(f"Chưa đạt tiêu chí của đơn vị “{CODE}”" in r for r in verdict.reasons)


def test_nobody_outside_the_ratings_scope_marks_it(org, criterion, rating, head_b, client):
    with pytest.raises(PermissionDenied):
        services.rating_record_agency_criteria(
            actor=head_b.user, rating=rating, criteria={CODE: True}
        )
    with pytest.raises(PermissionDenied):  # nor the person rated, for themself
        services.rating_record_agency_criteria(
            actor=org["staff_a"].user, rating=rating, criteria={CODE: True}
        )
    client.force_login(head_b.user)
    response = client.post(
        reverse("emulation:rating_agency_criteria", args=[rating.pk]),
        {"code-1": CODE, "met-1": "yes"},
    )
    assert response.status_code in (403, 404)
    rating.refresh_from_db()
    assert rating.agency_criteria == {}
    assert not AuditEvent.objects.filter(
        action=EmulationAudit.RATING_AGENCY_CRITERIA_RECORDED
    ).exists()


def test_an_unknown_criterion_is_refused_in_vietnamese(org, criterion, rating, client):
    with pytest.raises(ValidationError) as caught:
        services.rating_record_agency_criteria(
            actor=org["head_a"].user, rating=rating, criteria={"khong_co": True}
        )
    message = " ".join(caught.value.messages)
    assert "Không có tiêu chí riêng của cơ quan “khong_co”" in message
    assert CODE in message  # and which ones apply
    # through the API, with the proposal: 422 and nothing written, not even the level
    client.force_login(org["head_a"].user)
    url = f"{API}/ratings/{rating.pk}"
    response = client.post(
        f"{url}/propose",
        json.dumps({"level": "HTT", "agency_criteria": {"khong_co": True}}),
        content_type="application/json",
        HTTP_IF_MATCH=client.get(url)["ETag"],
    )
    assert response.status_code == 422
    [item] = response.json()["detail"]
    assert item["loc"][-1] == "agency_criteria" and "Không có tiêu chí riêng" in item["msg"]
    rating.refresh_from_db()
    assert rating.status == RatingStatus.DRAFT and rating.agency_criteria == {}


def test_closed_ratings_are_not_marked(org, criterion, rating, minister):
    _approve(rating, head=org["head_a"], approver=minister)
    with pytest.raises(ValidationError):
        services.rating_record_agency_criteria(
            actor=org["head_a"].user,
            rating=AnnualRating.objects.get(pk=rating.pk),
            criteria={CODE: True},
        )


def test_with_no_criterion_configured_nothing_is_asked(org, rating, client):
    assert criteria_for_year(year=YEAR) == ()
    client.force_login(org["head_a"].user)
    page = client.get(reverse("emulation:rating_detail", args=[rating.pk])).content.decode()
    assert 'id="agency-criteria"' not in page
    assert reverse("emulation:rating_agency_criteria", args=[rating.pk]) not in page
    services.rating_propose(actor=org["head_a"].user, rating=rating, level=RatingLevel.HTT)
    rating.refresh_from_db()
    assert rating.agency_criteria == {}
    with pytest.raises(ValidationError):
        services.rating_record_agency_criteria(
            actor=org["head_a"].user, rating=rating, criteria={CODE: True}
        )


def test_the_criteria_asked_are_those_a_verdict_on_the_year_may_apply(officer):
    """A round judges a year with the settings in force on its receipt date, after the year:
    the settings in force on the year's last day and any dated later count for its ratings;
    those replaced before the year ended do not."""
    for valid_from, codes in (
        (date(YEAR - 1, 1, 1), ["cu"]),
        (date(YEAR, 6, 1), ["giua_nam"]),
        (date(YEAR + 1, 1, 1), ["moi"]),
    ):
        eligibility_settings_save(
            actor=officer.user,
            valid_from=valid_from,
            values={"rules": {"LDTT": {"agency_criteria": codes}}},
            reason="Tiêu chí",
        )
    assert [c.code for c in criteria_for_year(year=YEAR - 1)] == ["cu", "giua_nam", "moi"]
    assert [c.code for c in criteria_for_year(year=YEAR)] == ["giua_nam", "moi"]
    assert [c.code for c in criteria_for_year(year=YEAR + 1)] == ["moi"]
