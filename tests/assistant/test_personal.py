"""Personal questions are answered from the asker's own data through the goals and awards
selectors, with links, with or without diacritics."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from thidua.assistant.choices import AnswerMode
from thidua.assistant.services import question_ask
from thidua.awards.eligibility import evaluate
from thidua.awards.history import history_for
from thidua.core.actors import SYSTEM
from thidua.goals.choices import GoalStatus, RiskReason
from thidua.goals.models import Goal
from thidua.goals.services import goal_create, task_create


def quarter_of(day: date) -> tuple[date, date]:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last = (first + timedelta(days=95)).replace(day=1) - timedelta(days=1)
    return first, last


@pytest.fixture
def own_work(org):
    today = timezone.localdate()
    start, end = quarter_of(today)
    mine = goal_create(
        actor=SYSTEM,
        title="Số hoá 500 hồ sơ lưu trữ",
        owner_person=org["staff_a"],
        period_kind="quarter",
        period_start=start,
        period_end=end,
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Hồ sơ số hoá", "baseline": 0, "target": 500, "due_date": end}],
    )
    goal_create(
        actor=SYSTEM,
        title="Mục tiêu của đồng nghiệp",
        owner_person=org["colleague_a"],
        period_kind="quarter",
        period_start=start,
        period_end=end,
        status=GoalStatus.ACTIVE,
    )
    kr = mine.key_results.get()
    # Tasks linked to the key result must fall in the quarter; the others stand alone.
    task_create(
        actor=SYSTEM,
        title="Quét hồ sơ phòng A1",
        owner=org["staff_a"],
        due_date=today - timedelta(days=2),
    )
    task_create(
        actor=SYSTEM,
        title="Kiểm tra chất lượng bản quét",
        owner=org["staff_a"],
        key_result=kr,
        due_date=today,
    )
    task_create(
        actor=SYSTEM,
        title="Việc của quý sau",
        owner=org["staff_a"],
        due_date=today + timedelta(days=90),
    )
    return {"goal": mine}


@pytest.mark.parametrize("question", ["Mục tiêu của tôi quý này?", "muc tieu cua toi quy nay"])
def test_my_goals_this_quarter(org, own_work, question):
    x = question_ask(actor=org["staff_a"].user, question=question)
    assert x.mode == AnswerMode.PERSONAL
    texts = [i["text"] for i in x.answer["items"]]
    assert texts == ["Số hoá 500 hồ sơ lưu trữ"]  # not a colleague's
    assert x.answer["items"][0]["url"] == f"/goals/{own_work['goal'].pk}/"
    assert "quý này" in x.answer["title"]


@pytest.mark.parametrize("question", ["Việc nào sắp quá hạn?", "viec nao sap qua han"])
def test_tasks_coming_due_and_overdue(org, own_work, question):
    x = question_ask(actor=org["staff_a"].user, question=question)
    assert x.mode == AnswerMode.PERSONAL
    items = {i["text"]: i for i in x.answer["items"]}
    assert set(items) == {"Quét hồ sơ phòng A1", "Kiểm tra chất lượng bản quét"}
    assert items["Quét hồ sơ phòng A1"]["overdue"] is True
    assert "quá hạn" in items["Quét hồ sơ phòng A1"]["detail"]
    assert items["Kiểm tra chất lượng bản quét"]["overdue"] is False
    assert items["Kiểm tra chất lượng bản quét"]["url"] == f"/goals/{own_work['goal'].pk}/"


def test_what_i_lack_for_a_title_is_the_engines_verdict(org, monkeypatch):
    """The last year with a final rating, judged by the engine (more in
    test_personal_eligibility.py)."""
    from thidua.assistant import personal

    from ..awards.conftest import rate

    today = date(2026, 12, 3)
    monkeypatch.setattr(personal, "_today", lambda: today)
    rate(org["staff_a"], {2025: "HTT"})
    x = question_ask(
        actor=org["staff_a"].user, question="Tôi còn thiếu gì để được Chiến sĩ thi đua cơ sở?"
    )
    assert x.mode == AnswerMode.PERSONAL
    verdict = next(
        v
        for v in evaluate(
            history_for(org["staff_a"], 2025, on=today), year=2025, received_on=date(2026, 1, 15)
        )
        if v.code == "CSTDCS"
    )
    assert not verdict.eligible
    assert [i["text"] for i in x.answer["items"]] == list(verdict.reasons)
    assert x.answer["basis"] == verdict.basis
    assert "Chiến sĩ thi đua cơ sở" in x.answer["title"]


def test_where_my_unit_is_behind(org, own_work):
    today = timezone.localdate()
    start, end = quarter_of(today)
    behind = goal_create(
        actor=SYSTEM,
        title="Dịch vụ công toàn trình của Phòng A1",
        owner_unit=org["sec_a"],
        period_kind="quarter",
        period_start=start,
        period_end=end,
        status=GoalStatus.ACTIVE,
    )
    Goal.objects.filter(pk=behind.pk).update(is_at_risk=True, risk_reasons=["behind_schedule"])
    goal_create(
        actor=SYSTEM,
        title="Mục tiêu của Cục B",
        owner_unit=org["sec_b"],
        period_kind="quarter",
        period_start=start,
        period_end=end,
        status=GoalStatus.ACTIVE,
    )
    x = question_ask(actor=org["staff_a"].user, question="don vi toi dang cham o chi tieu nao")
    assert x.mode == AnswerMode.PERSONAL
    assert [i["text"] for i in x.answer["items"]] == ["Dịch vụ công toàn trình của Phòng A1"]
    assert str(RiskReason.BEHIND_SCHEDULE.label) in x.answer["items"][0]["detail"]


def test_a_document_question_is_not_taken_as_personal(library, org):
    x = question_ask(
        actor=org["staff_a"].user,
        question="Điều kiện để được tặng danh hiệu Chiến sĩ thi đua cơ sở là gì?",
    )
    assert x.mode == AnswerMode.EXTRACTIVE


def test_an_account_without_a_person_gets_a_clear_answer(org_admin):
    x = question_ask(actor=org_admin, question="Mục tiêu của tôi quý này?")
    assert x.mode == AnswerMode.PERSONAL
    assert x.answer["items"] == [] and "không gắn với" in x.answer["empty"].lower()
