"""Storing a round step's verdicts: on PostgreSQL with COPY, rows equal to what the ORM's
`bulk_create` stores (the same JSON, foreign keys and defaults), in the step's transaction —
nothing half-written when a row fails."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.awards.choices import RoundStep
from thidua.awards.models import RoundVerdict
from thidua.awards.round import VerdictRow
from thidua.awards.services import round as services

pytestmark = pytest.mark.django_db
RECEIVED = date(2026, 1, 15)
ORDER = ("code", "person_id", "unit_id", "eligible", "capped")

# what COPY's text format must escape, and what JSON must (quotes, backslashes, control
# characters, Vietnamese, null, numbers, nesting)
AWKWARD = {
    "code": "CSTDCS",
    "name": "Chiến sĩ thi đua cơ sở",
    "reasons": ['✓ "Hoàn thành xuất sắc"\tnhiệm vụ\nnăm 2025', "C:\\đường\\dẫn", "\\N", ""],
    "confidence": None,
    "score": 97.5,
    "nested": {"a": [1, 2, {"b": False}]},
}


def stored(round_) -> list[dict]:
    # the added awkward row shares code, person and unit with a computed one: eligible and
    # capped break the tie, so both paths' rows are listed in one order on PostgreSQL too
    rows = RoundVerdict.objects.filter(round=round_).order_by(*ORDER)
    return list(
        rows.values(*[f.attname for f in RoundVerdict._meta.concrete_fields if not f.primary_key])
    )


def json_texts(round_) -> list[str]:
    """The verdicts as the database holds them (jsonb's own text on PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT verdict FROM awards_roundverdict WHERE round_id = %s "
            "ORDER BY code, person_id, unit_id, eligible, capped",  # ORDER
            [round_.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def orm_insert(round_, step, verdicts) -> None:
    """The ORM's way, as `round_step_store` stored them before COPY."""
    RoundVerdict.objects.bulk_create(
        RoundVerdict(
            round=round_,
            step=step,
            code=row.code,
            person_id=row.person_id,
            unit_id=row.unit_id,
            eligible=row.eligible,
            capped=row.capped,
            kept=row.kept,
            verdict=row.verdict,
        )
        for row in verdicts
    )


def test_the_copy_path_stores_the_rows_the_orm_stores(officer, org, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    outcome = services.round_step_compute(round_=round_, step=RoundStep.TITLES)
    distinct = {id(v.verdict) for v in outcome.verdicts}
    assert len(distinct) < len(outcome.verdicts)  # equal verdicts share one dict (and text)
    outcome.verdicts += [
        VerdictRow("CSTDCS", True, AWKWARD, person_id=section[3].pk, unit_id=org["dept_b"].pk),
        VerdictRow("TLDTT", False, {"reasons": []}, unit_id=org["sec_b"].pk, capped=True),
    ]

    with CaptureQueriesContext(connection) as queries:
        services.round_step_store(round_=round_, step=RoundStep.TITLES, outcome=outcome)
    inserts = [
        q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "awards_roundverdict"')
    ]
    assert not inserts if connection.vendor == "postgresql" else inserts  # COPY is not logged
    copied, copied_json = stored(round_), json_texts(round_)

    RoundVerdict.objects.filter(round=round_).delete()
    orm_insert(round_, RoundStep.TITLES, outcome.verdicts)
    assert stored(round_) == copied
    assert json_texts(round_) == copied_json
    assert len(copied) == len(outcome.verdicts) > 2
    awkward = next(r for r in copied if r["verdict"].get("nested"))
    assert awkward["verdict"] == AWKWARD and awkward["step"] == "titles"
    assert awkward["override_reason"] == "" and awkward["proposal_id"] is None


def test_a_row_that_cannot_be_written_leaves_the_step_as_it_was(officer, section):
    round_ = services.round_start(actor=officer.user, year=2025, received_on=RECEIVED)
    outcome = services.round_step_compute(round_=round_, step=RoundStep.TITLES)
    services.round_step_store(round_=round_, step=RoundStep.TITLES, outcome=outcome)
    before = stored(round_)

    outcome.verdicts.append(VerdictRow("LDTT", True, {"not json": {1, 2}}, person_id=section[0].pk))
    with pytest.raises(TypeError):
        services.round_step_store(round_=round_, step=RoundStep.TITLES, outcome=outcome)
    assert stored(round_) == before  # the delete and the rows written before it undone
