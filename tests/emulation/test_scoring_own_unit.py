"""Nobody scores their own unit or themselves in a movement: a council member who heads a
registered unit (truongdonvi in the demo) sees that row read-only with the reason, and the
service refuses the score whatever path it comes by (the grid, one cell, the API)."""

# The fixtures are shared with the movement tests; tests name them as parameters.
# ruff: noqa: F811

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from thidua.core.actors import SYSTEM
from thidua.emulation.models import CriterionScore, Registration
from thidua.emulation.services import movements as services
from thidua.org.choices import Role
from thidua.org.services import role_grant

from .test_movements_services import (  # noqa: F401  fixtures shared with the movement tests
    clusters,
    criteria_by_name,
    frozen_today,
    movement,
    open_movement,
    running,
)

OWN_UNIT = "Anh/chị không chấm điểm đơn vị của mình."
OWN_SELF = "Anh/chị không tự chấm điểm cho mình."


def council(person):
    role_grant(
        actor=SYSTEM, user=person.user, role=Role.COUNCIL_MEMBER, valid_from=date(2020, 1, 1)
    )
    # a fresh user object, as the next request has: the old one keeps the scope it read
    person.user = type(person.user).objects.get(pk=person.user_id)
    return person


@pytest.fixture
def head_on_council(org):
    """The head of Cục A, also a member of the council."""
    return council(org["head_a"])


def test_a_council_member_cannot_score_his_own_unit_but_scores_another(running, head_on_council):
    manual = criteria_by_name(running["movement"])["Hoàn thành nhiệm vụ"]
    with translation.override("vi"), pytest.raises(PermissionDenied) as refused:
        services.criterion_score_set(
            actor=head_on_council.user,
            registration=running["dept_a"],
            criterion=manual,
            points="40",
        )
    assert str(refused.value) == f"Cục A: {OWN_UNIT}"
    assert not CriterionScore.objects.exists()

    score = services.criterion_score_set(
        actor=head_on_council.user, registration=running["dept_b"], criterion=manual, points="40"
    )
    assert score.points == Decimal("40")


def test_a_member_inside_the_registered_unit_and_a_registered_person_are_refused(running, org):
    member = council(org["staff_a"])  # Hoa: Phòng A1 inside Cục A, registered herself
    manual = criteria_by_name(running["movement"])["Hoàn thành nhiệm vụ"]
    for registration, reason in ((running["dept_a"], OWN_UNIT), (running["hoa"], OWN_SELF)):
        with translation.override("vi"), pytest.raises(PermissionDenied) as refused:
            services.criterion_scores_set(
                actor=member.user,
                movement=running["movement"],
                entries={(registration.pk, manual.pk): "30"},
            )
        assert reason in str(refused.value)
    # Châu's registration is neither hers nor her unit's
    saved = services.criterion_scores_set(
        actor=member.user,
        movement=running["movement"],
        entries={(running["chau"].pk, manual.pk): "30"},
    )
    assert [s.registration_id for s in saved] == [running["chau"].pk]


def test_a_grid_holding_the_scorers_own_unit_saves_nothing(running, head_on_council):
    manual = criteria_by_name(running["movement"])["Hoàn thành nhiệm vụ"]
    with pytest.raises(PermissionDenied):
        services.criterion_scores_set(
            actor=head_on_council.user,
            movement=running["movement"],
            entries={
                (running["dept_b"].pk, manual.pk): "30",
                (running["dept_a"].pk, manual.pk): "50",
            },
        )
    assert not CriterionScore.objects.exists()


def test_the_scores_page_shows_the_own_unit_row_read_only_with_the_reason(
    running, head_on_council, officer, client
):
    manual = criteria_by_name(running["movement"])["Hoàn thành nhiệm vụ"]
    services.criterion_score_set(
        actor=officer.user, registration=running["dept_a"], criterion=manual, points="45"
    )
    client.force_login(head_on_council.user)
    url = reverse("emulation:movement_scores", args=[running["movement"].pk])
    page = client.get(url).content.decode()
    assert f'name="score-{running["dept_a"].pk}-{manual.pk}"' not in page
    assert f'name="score-{running["dept_b"].pk}-{manual.pk}"' in page
    assert OWN_UNIT in page
    assert ">45<" in page  # the office's score stays visible

    forged = client.post(url, {f"score-{running['dept_a'].pk}-{manual.pk}": "50"})
    assert forged.status_code == 403
    assert CriterionScore.objects.get().points == Decimal("45")


def test_the_office_still_scores_every_registration(running, officer, client):
    manual = criteria_by_name(running["movement"])["Hoàn thành nhiệm vụ"]
    client.force_login(officer.user)
    page = client.get(reverse("emulation:movement_scores", args=[running["movement"].pk]))
    body = page.content.decode()
    for key in ("dept_a", "dept_b", "hoa", "chau"):
        assert f'name="score-{running[key].pk}-{manual.pk}"' in body
    assert OWN_UNIT not in body


def test_computing_key_result_criteria_is_not_refused_for_a_member_whose_unit_registered(
    running, head_on_council
):
    written = services.criteria_scores_compute(
        actor=head_on_council.user, movement=running["movement"]
    )
    assert written == 4  # the four registrations on the one key-result criterion


def test_the_ministry_registered_as_a_whole_is_still_scored(running, head_on_council, org):
    ministry = Registration.objects.create(
        movement=running["movement"], unit=org["root"], commitments="CK của Bộ"
    )
    manual = criteria_by_name(running["movement"])["Hoàn thành nhiệm vụ"]
    score = services.criterion_score_set(
        actor=head_on_council.user, registration=ministry, criterion=manual, points="35"
    )
    assert score.points == Decimal("35")
