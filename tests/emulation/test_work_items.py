"""Emulation's "Việc của tôi" items (thidua.emulation.nextsteps): ratings to self-assess,
propose, approve, publish and appeals to decide; registrations still open; movement scores
to enter and results to publish. Who sees which, with what count and a link that opens for
them; each disappears once the work is done through the real services."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.core.models import AuditEvent
from thidua.core.nextsteps import TODO
from thidua.emulation.choices import CriterionSource, MovementStatus
from thidua.emulation.models import AnnualRating
from thidua.emulation.nextsteps import emulation_next_steps
from thidua.emulation.services import movements as movement_services
from thidua.emulation.services import ratings as services

from ..factories import PersonFactory, unit_head
from .test_movements_services import advance_to, cluster_of, new_movement

YEAR = 2026


def todo(user) -> dict:
    """The person's emulation work items by key."""
    return {s.key: s for s in emulation_next_steps(user) if s.section == TODO}


def opens_for(client, user, url: str) -> bool:
    client.force_login(user)
    return client.get(url).status_code == 200


def fresh(rating) -> AnnualRating:
    return AnnualRating.objects.select_related("person", "unit", "unit__parent").get(pk=rating.pk)


@pytest.fixture
def section_head(org):
    """A head of Phòng A1 (Hoa's section), below Cục A's head."""
    return unit_head(org["sec_a"], username="phong", full_name="Bùi Văn Phòng")


@pytest.fixture
def ratings(org):
    """2026 ratings opened for Hoa (who has an account) and Nam (who has none)."""
    return {
        key: services.annual_rating_prepare(actor=org["head_a"].user, person=org[key], year=YEAR)
        for key in ("staff_a", "colleague_a")
    }


@pytest.fixture
def proposed(org, ratings):
    services.rating_self_assess(
        actor=org["staff_a"].user, rating=fresh(ratings["staff_a"]), text="Hoàn thành tốt"
    )
    return {
        key: services.rating_propose(actor=org["head_a"].user, rating=fresh(r), level="HTT")
        for key, r in ratings.items()
    }


# ---------------------------------------------------------------- ratings
def test_a_draft_rating_waits_for_the_persons_self_assessment(org, ratings, client):
    rating = ratings["staff_a"]
    key = f"emulation.self_assess:{rating.pk}"
    item = todo(org["staff_a"].user)[key]
    assert (item.count, item.since) == (1, rating.created_at)
    assert opens_for(client, org["staff_a"].user, item.url)
    assert key not in todo(org["head_a"].user)
    assert key not in todo(org["staff_b"].user)

    services.rating_self_assess(actor=org["staff_a"].user, rating=fresh(rating), text="Tốt")
    assert key not in todo(org["staff_a"].user)


def test_the_head_proposes_for_self_assessed_people_and_those_without_an_account(
    org, ratings, client
):
    key = f"emulation.propose:{org['sec_a'].pk}:{YEAR}"
    assert todo(org["head_a"].user)[key].count == 1  # Nam has no account: no self-assessment
    services.rating_self_assess(
        actor=org["staff_a"].user, rating=fresh(ratings["staff_a"]), text="Hoàn thành tốt"
    )
    item = todo(org["head_a"].user)[key]
    assert item.count == 2
    assert opens_for(client, org["head_a"].user, item.url)
    assert key not in todo(org["staff_a"].user)
    assert key not in todo(org["staff_b"].user)

    for rating in ratings.values():
        services.rating_propose(actor=org["head_a"].user, rating=fresh(rating), level="HTT")
    assert key not in todo(org["head_a"].user)


def test_the_nearest_head_proposes_and_a_heads_own_rating_goes_up(org, section_head, ratings):
    own = services.annual_rating_prepare(actor=section_head.user, person=section_head, year=YEAR)
    services.rating_self_assess(actor=section_head.user, rating=fresh(own), text="Tốt")
    key = f"emulation.propose:{org['sec_a'].pk}:{YEAR}"
    assert todo(section_head.user)[key].count == 1  # Nam; never their own
    assert todo(org["head_a"].user)[key].count == 1  # the section head's own rating


def test_proposals_wait_for_the_level_above_never_the_proposer(
    org, proposed, minister, officer, client
):
    key = f"emulation.approve:{YEAR}"
    item = todo(minister.user)[key]
    assert item.count == 2
    assert item.since == min(r.updated_at for r in proposed.values())
    assert opens_for(client, minister.user, item.url)
    assert key not in todo(org["head_a"].user)  # Cục A's head proposed them
    assert key not in todo(officer.user)  # the office publishes, the leadership approves
    assert key not in todo(org["staff_a"].user)

    for rating in proposed.values():
        services.rating_approve(actor=minister.user, rating=fresh(rating))
    assert key not in todo(minister.user)


def test_approved_ratings_wait_to_be_published_by_the_approver_or_the_office(
    org, proposed, minister, officer, client
):
    for rating in proposed.values():
        services.rating_approve(actor=minister.user, rating=fresh(rating))
    key = f"emulation.publish:{YEAR}"
    for user in (minister.user, officer.user):
        item = todo(user)[key]
        assert item.count == 2
        assert opens_for(client, user, item.url)
    assert key not in todo(org["staff_a"].user)
    assert key not in todo(org["staff_b"].user)

    for rating in proposed.values():
        services.rating_publish(actor=officer.user, rating=fresh(rating))
    assert key not in todo(minister.user)
    assert key not in todo(officer.user)


def test_an_appeal_waits_to_be_decided(org, proposed, minister, officer, client):
    rating = proposed["staff_a"]
    services.rating_approve(actor=minister.user, rating=fresh(rating))
    services.rating_publish(actor=officer.user, rating=fresh(rating))
    appeal = services.rating_appeal(
        actor=org["staff_a"].user, rating=fresh(rating), text="Tôi đã hoàn thành xuất sắc"
    )
    key = f"emulation.appeals:{YEAR}"
    for user in (officer.user, minister.user):
        item = todo(user)[key]
        assert (item.count, item.since) == (1, appeal.created_at)
        assert opens_for(client, user, item.url)
    assert key not in todo(org["staff_a"].user)
    assert key not in todo(org["staff_b"].user)

    appeal.rating = fresh(rating)
    services.appeal_decide(actor=officer.user, appeal=appeal, upheld=False, note="Giữ nguyên")
    assert key not in todo(officer.user)
    assert key not in todo(minister.user)


def test_rating_items_take_a_fixed_number_of_queries(org, ratings, minister):
    def queries(user) -> int:
        for attr in [a for a in vars(user) if a.startswith("_thidua_scope_")]:
            delattr(user, attr)
        with CaptureQueriesContext(connection) as ctx:
            emulation_next_steps(user)
        return len(ctx.captured_queries)

    def add_proposed(n: int) -> None:
        for i in range(n):
            person = PersonFactory(unit=org["sec_a"], full_name=f"Người {n} {i}")
            rating = services.annual_rating_prepare(
                actor=org["head_a"].user, person=person, year=YEAR
            )
            services.rating_propose(actor=org["head_a"].user, rating=fresh(rating), level="HT")

    add_proposed(1)
    before = queries(org["head_a"].user), queries(minister.user)
    add_proposed(3)
    assert todo(minister.user)[f"emulation.approve:{YEAR}"].count == 4
    assert (queries(org["head_a"].user), queries(minister.user)) == before


# ---------------------------------------------------------------- movements
@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2025, 7, 1))


@pytest.fixture
def open_movement(frozen, officer, org):
    clusters = {"depts": cluster_of("Cụm các Cục", org["dept_a"], org["dept_b"])}
    return advance_to(
        new_movement(officer, org, clusters), officer, MovementStatus.REGISTRATION_OPEN
    )


def test_an_open_registration_waits_for_the_person_and_for_the_head_of_a_unit(
    org, open_movement, client
):
    opened = AuditEvent.objects.filter(
        action="movement.status_changed", target_id=str(open_movement.pk)
    ).latest("id")
    mine = f"emulation.register:{open_movement.pk}:p{org['staff_a'].pk}"
    item = todo(org["staff_a"].user)[mine]
    assert (item.count, item.since) == (1, opened.created_at)
    assert opens_for(client, org["staff_a"].user, item.url)
    unit_key = f"emulation.register:{open_movement.pk}:u{org['dept_a'].pk}"
    assert opens_for(client, org["head_a"].user, todo(org["head_a"].user)[unit_key].url)
    assert unit_key not in todo(org["staff_a"].user)

    movement_services.registration_create(
        actor=org["staff_a"].user, movement=open_movement, person=org["staff_a"], commitments="CK"
    )
    assert mine not in todo(org["staff_a"].user)
    movement_services.registration_create(
        actor=org["head_a"].user, movement=open_movement, unit=org["dept_a"], commitments="CK"
    )
    assert unit_key not in todo(org["head_a"].user)


def test_a_movement_named_with_its_slogan_in_quotes_is_not_quoted_again(org, open_movement):
    from django.utils import translation

    mine = f"emulation.register:{open_movement.pk}:p{org['staff_a'].pk}"
    with translation.override("vi"):
        plain = todo(org["staff_a"].user)[mine].title
        open_movement.name = "Phong trào thi đua năm 2025: “Mỗi ngày một việc tốt”"
        open_movement.save(update_fields=["name"])
        slogan = todo(org["staff_a"].user)[mine].title
    assert plain.startswith("Đăng ký tham gia “") and plain.endswith("”")
    assert slogan == "Đăng ký tham gia Phong trào thi đua năm 2025: “Mỗi ngày một việc tốt”"


def test_scores_to_enter_wait_for_the_office_and_the_council_until_every_cell_is_scored(
    org, open_movement, officer, council_member, client
):
    registration = movement_services.registration_create(
        actor=org["staff_a"].user, movement=open_movement, person=org["staff_a"], commitments="CK"
    )
    movement = advance_to(open_movement, officer, MovementStatus.MID_REVIEW)
    key = f"emulation.scores:{movement.pk}"
    for user in (officer.user, council_member.user):
        item = todo(user)[key]
        assert item.count == 1
        assert opens_for(client, user, item.url)
    assert key not in todo(org["staff_a"].user)
    assert key not in todo(org["head_a"].user)

    manual = movement.criteria.filter(source=CriterionSource.MANUAL)
    movement_services.criterion_scores_set(
        actor=council_member.user,
        movement=movement,
        entries={(registration.pk, c.pk): "10" for c in manual},
    )
    assert todo(officer.user)[key].count == 1  # the key-result criterion is not computed yet
    movement_services.criteria_scores_compute(actor=officer.user, movement=movement)
    assert key not in todo(officer.user)
    assert key not in todo(council_member.user)


def test_results_to_publish_wait_for_the_office_after_the_final_review(
    org, open_movement, officer, council_member, client
):
    movement = advance_to(open_movement, officer, MovementStatus.FINAL_REVIEW)
    key = f"emulation.publish_results:{movement.pk}"
    assert opens_for(client, officer.user, todo(officer.user)[key].url)
    assert key not in todo(council_member.user)

    movement_services.results_publish(actor=officer.user, movement=movement)
    assert key not in todo(officer.user)
