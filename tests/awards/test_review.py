import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from django.core.exceptions import PermissionDenied

from thidua.awards.history import person_histories
from thidua.awards.selectors.registry import review_person, yearly_review
from thidua.awards.services.registry import award_record
from thidua.emulation.choices import RatingLevel

from ..factories import PersonFactory
from .conftest import rate

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs/eligibility-history.schema.json").read_text()
)
RECEIVED = date(2026, 1, 15)


def grant(officer, person, code, year, kind="cong_trang"):
    return award_record(
        actor=officer.user,
        person=person,
        code=code,
        kind=kind,
        year=year,
        decision_number=f"{year}-{code}/QĐ",
        decision_date=date(year + 1, 1, 20),
        issuer="Bộ trưởng",
    )


def test_histories_follow_the_documented_format(histories, officer):
    star = histories["star"]
    grant(officer, star, "LDTT", 2023)
    grant(officer, star, "CSTDCS", 2023)
    grant(officer, star, "BK_BO", 2022, kind="chuyen_de")

    loaded = person_histories(year=2025, on=RECEIVED)

    for history in loaded.values():
        jsonschema.validate(history, SCHEMA)
    star_history = loaded[star.pk]
    by_year = {y["year"]: y for y in star_history["years"]}
    assert [y["year"] for y in star_history["years"]] == [2021, 2022, 2023, 2024, 2025]
    assert by_year[2023]["titles"] == ["LDTT", "CSTDCS"]
    assert by_year[2023]["research"][0]["scope"] == "co_so"
    assert by_year[2025]["initiatives"][0]["scope"] == "bo"
    assert by_year[2025]["rating"] == "HTXS" and by_year[2025]["months_worked"] == 12
    assert star_history["awards"] == [
        {"form": "BK_BO", "year": 2022, "kind": "chuyen_de", "decision": "2022-BK_BO/QĐ"}
    ]
    discipline = {y["year"]: y["discipline"] for y in loaded[histories["disciplined"].pk]["years"]}
    assert discipline[2024] == {
        "form": "khien_trach",
        "from": "2024-05-10",
        "to": "2025-05-10",
        "duty_violation": True,
    }
    assert loaded[histories["pending"].pk]["pending_case"] is True
    assert loaded[histories["steady"].pk]["pending_case"] is False


def test_histories_leave_out_later_years_and_revoked_awards(histories, officer):
    from thidua.awards.services.registry import award_revoke

    star = histories["star"]
    award_revoke(actor=officer.user, award=grant(officer, star, "LDTT", 2022), reason="Sai")

    history = person_histories(year=2023, on=RECEIVED, person_ids=[star.pk])[star.pk]

    assert [y["year"] for y in history["years"]] == [2021, 2022, 2023]
    assert all(not y["titles"] for y in history["years"])


def test_loading_histories_takes_the_same_queries_for_few_or_many_people(
    histories, org, django_assert_num_queries
):
    with django_assert_num_queries(9):
        few = person_histories(year=2025, on=RECEIVED)
    for _ in range(20):
        rate(PersonFactory(unit=org["sec_a"]), {2024: RatingLevel.HTT, 2025: RatingLevel.HTXS})
    with django_assert_num_queries(9):
        many = person_histories(year=2025, on=RECEIVED)
    assert len(many) == len(few) + 20


def test_set_based_review_gives_each_persons_own_verdicts(histories, officer):
    star = histories["star"]
    for y in (2022, 2023, 2024):
        grant(officer, star, "LDTT", y)
        grant(officer, star, "CSTDCS", y)
    grant(officer, histories["steady"], "BK_BO", 2019)

    fast = yearly_review(year=2025, received_on=RECEIVED, viewer=officer.user)

    by_person = {row.person_id: row for row in fast}
    for person in (histories[k] for k in ("star", "steady", "pending", "disciplined")):
        one, _history = review_person(
            viewer=officer.user, person=person, year=2025, received_on=RECEIVED
        )
        assert one == by_person[person.pk]
    eligible = {row.person_id: row.eligible for row in fast}
    assert "CSTD_BO" in eligible[star.pk]
    assert "LDTT" in eligible[histories["steady"].pk]
    assert eligible[histories["pending"].pk] == ()
    assert "LDTT" not in eligible[histories["disciplined"].pk]


def test_review_split_across_processes_loads_each_part_and_judges_the_same(
    histories, org, officer, monkeypatch
):
    from functools import partial

    from thidua.awards.eligibility import split
    from thidua.awards.selectors import registry

    for level in (RatingLevel.HTT, RatingLevel.HTXS, RatingLevel.HT):
        rate(PersonFactory(unit=org["sec_a"]), {2024: RatingLevel.HTT, 2025: level})
    one = yearly_review(year=2025, received_on=RECEIVED, viewer=officer.user, processes=1)
    loaded: list[list[int]] = []
    fetch = registry.person_rows

    def person_rows(**kwargs):
        loaded.append([pk for pk, _name in kwargs["people"]])
        return fetch(**kwargs)

    monkeypatch.setattr(registry, "split", partial(split, min_per_process=1))
    monkeypatch.setattr(registry, "person_rows", person_rows)
    three = yearly_review(year=2025, received_on=RECEIVED, viewer=officer.user, processes=3)

    assert three == one
    assert len(loaded) == 3 and sum(loaded, []) == [row.person_id for row in one]


def test_yearly_review_is_for_the_emulation_office(histories, org, council_member):
    for user in (org["staff_a"].user, org["head_a"].user, council_member.user):
        with pytest.raises(PermissionDenied):
            yearly_review(year=2025, received_on=RECEIVED, viewer=user)
        with pytest.raises(PermissionDenied):
            review_person(viewer=user, person=histories["star"], year=2025, received_on=RECEIVED)
