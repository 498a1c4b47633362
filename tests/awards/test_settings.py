"""The agency's eligibility settings: dated, validated, audited, edited on a page by the
emulation office, and used by every caller of the engine."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.awards.models import EligibilitySettings
from thidua.awards.selectors.registry import review_person, yearly_review
from thidua.awards.selectors.settings import eligibility_settings, settings_note
from thidua.awards.services.settings import eligibility_settings_save
from thidua.core.models import AuditEvent
from thidua.emulation.choices import RatingLevel
from thidua.emulation.models import AnnualRating

from .conftest import rate

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 1, 15)
CRITERION = {"rules": {"LDTT": {"agency_criteria": ["tham_gia_phong_trao"]}}}


def test_settings_apply_from_their_date_and_earlier_rounds_keep_theirs(officer):
    eligibility_settings_save(
        actor=officer.user, valid_from=date(2026, 1, 1), values=CRITERION, reason="Nghị quyết HĐ"
    )

    assert eligibility_settings(on=date(2025, 12, 31)) == {}
    assert eligibility_settings(on=RECEIVED) == CRITERION
    assert "01/01/2026" in settings_note(on=RECEIVED)
    event = AuditEvent.objects.get(action="awards.settings_changed")
    assert event.actor == officer.user and event.data["reason"] == "Nghị quyết HĐ"


@pytest.mark.parametrize(
    "values",
    [
        {"rulez": {}},
        {"rules": {"LDTT": {"min_rating": "XYZ"}}},
        {"rules": {"CSTDCS": {"combine": "and", "no_such": 1}}},
        {"rules": {"TLDXS": {"min_ldtt_share": 1.5}}},
    ],
)
def test_bad_settings_are_refused_and_nothing_is_written(officer, values):
    with pytest.raises(ValidationError) as caught:
        eligibility_settings_save(
            actor=officer.user, valid_from=date(2026, 1, 1), values=values, reason="Thử"
        )
    assert caught.value.message_dict["values"]
    assert not EligibilitySettings.objects.exists()
    assert not AuditEvent.objects.filter(action="awards.settings_changed").exists()


def test_a_change_needs_a_reason_and_the_office(officer, org):
    with pytest.raises(ValidationError):
        eligibility_settings_save(
            actor=officer.user, valid_from=date(2026, 1, 1), values={}, reason="  "
        )
    with pytest.raises(PermissionDenied):
        eligibility_settings_save(
            actor=org["head_a"].user, valid_from=date(2026, 1, 1), values={}, reason="x"
        )


def test_the_review_judges_with_the_settings_in_force(officer, org):
    person = org["colleague_a"]
    rate(person, {2025: RatingLevel.HTT})
    AnnualRating.objects.filter(person=person).update(
        agency_criteria={"tham_gia_phong_trao": False}
    )
    before = {
        r.person_id: r for r in yearly_review(year=2025, received_on=RECEIVED, viewer=officer.user)
    }
    eligibility_settings_save(
        actor=officer.user, valid_from=date(2026, 1, 1), values=CRITERION, reason="Tiêu chí"
    )
    after = {
        r.person_id: r for r in yearly_review(year=2025, received_on=RECEIVED, viewer=officer.user)
    }
    row, _history = review_person(
        viewer=officer.user, person=person, year=2025, received_on=RECEIVED
    )

    assert "LDTT" in before[person.pk].eligible
    assert "LDTT" not in after[person.pk].eligible
    assert "LDTT" not in row.eligible
    # a round judged with dossiers received before the change keeps the defaults
    older = yearly_review(year=2025, received_on=date(2025, 12, 20), viewer=officer.user)
    assert "LDTT" in {r.person_id: r for r in older}[person.pk].eligible


def test_the_api_uses_the_settings_in_force_unless_given(client, officer):
    eligibility_settings_save(
        actor=officer.user, valid_from=date(2026, 1, 1), values=CRITERION, reason="Tiêu chí"
    )
    client.force_login(officer.user)
    history = {
        "subject": "individual",
        "years": [{"year": 2025, "rating": "HTT", "criteria": {"tham_gia_phong_trao": False}}],
    }
    body = {"history": history, "year": 2025, "received_on": "2026-01-15"}

    in_force = client.post("/api/v1/awards/eligibility", body, content_type="application/json")
    given = client.post(
        "/api/v1/awards/eligibility", {**body, "settings": {}}, content_type="application/json"
    )

    ldtt = {v["code"]: v for v in in_force.json()}["LDTT"]
    assert not ldtt["eligible"]
    assert {v["code"]: v for v in given.json()}["LDTT"]["eligible"]


def test_the_page_shows_basis_default_and_mark_and_saves_a_change(client, officer):
    client.force_login(officer.user)
    url = reverse("awards:eligibility_settings")

    page = client.get(url).content.decode()
    assert "Luật Thi đua, khen thưởng" in page
    assert "Số tháng làm việc tối thiểu trong năm" in page
    # a table per title or form (each folds on its own)
    rows = "".join(part.split("</tbody>")[0] for part in page.split("<tbody>")[1:])
    assert "min_months" not in rows.replace('name="p:MIN_MONTHS:min_months"', "")
    assert ">cấp cơ sở<" in rows and ">co_so<" not in rows  # values in words

    answer = client.post(
        url,
        {"p:MIN_MONTHS:min_months": "10", "valid_from": "2026-01-01", "reason": "Quy chế mới"},
    )
    assert answer.status_code == 302
    assert eligibility_settings(on=RECEIVED) == {"rules": {"MIN_MONTHS": {"min_months": 10}}}

    bad = client.post(
        url,
        {"p:MIN_MONTHS:min_months": "mười", "valid_from": "2026-02-01", "reason": "x"},
    )
    assert bad.status_code == 400
    assert "số nguyên" in bad.content.decode()
    assert EligibilitySettings.objects.count() == 1


def test_the_page_is_for_the_office(client, org):
    client.force_login(org["head_a"].user)
    assert client.get(reverse("awards:eligibility_settings")).status_code == 403
