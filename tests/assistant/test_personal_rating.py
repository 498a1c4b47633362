"""The asker's own annual rating (walk-through of 07/12/2026: "năm nay toi duoc xep loai gi"
was answered with regulation passages): the year's rating when final; otherwise where it
stands, in words (not started, open for the self-assessment, self-assessed, proposed), with
the last final rating besides; scores as Vietnamese writes numbers. Questions about the rules
of rating still go to the documents."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.assistant.choices import AnswerMode
from thidua.assistant.personal_rating import NOT_STARTED
from thidua.assistant.services import question_ask
from thidua.emulation.choices import RatingLevel, RatingStatus
from thidua.emulation.models import AnnualRating

THIS_YEAR = timezone.localdate().year


def rating(person, year, *, status, level="", score=None, **fields):
    return AnnualRating.objects.create(
        person=person,
        year=year,
        unit=person.unit,
        rule_version="test",
        status=status,
        level=level,
        computed_level=fields.pop("computed_level", level),
        proposed_level=fields.pop("proposed_level", level),
        score=score,
        **fields,
    )


def ask(person, question):
    x = question_ask(actor=person.user, question=question)
    assert x.mode == AnswerMode.PERSONAL, (question, x.answer)
    return x.answer


def texts(part) -> str:
    return " ".join([part["title"], *(i["text"] for i in part["items"])])


@pytest.mark.parametrize(
    "question",
    [
        "năm nay toi duoc xep loai gi",
        "Năm nay tôi được xếp loại gì?",
        "Xếp loại năm nay của tôi thế nào?",
        f"Kết quả xếp loại của tôi năm {THIS_YEAR}?",
        "Mình được xếp loại chưa?",
        "Em được đánh giá xếp loại mức nào năm nay ạ",
    ],
)
def test_a_final_rating_of_this_year_is_the_answer(org, question):
    me = org["staff_a"]
    mine = rating(
        me,
        THIS_YEAR,
        status=RatingStatus.PUBLISHED,
        level=RatingLevel.HTT,
        score=Decimal("82.00"),
        published_at=timezone.now(),
        appeal_until=timezone.localdate() + timedelta(days=10),
    )
    rating(org["colleague_a"], THIS_YEAR, status=RatingStatus.PUBLISHED, level=RatingLevel.KHT)

    answer = ask(me, question)

    assert answer["state"] == RatingStatus.PUBLISHED and answer["year"] == THIS_YEAR
    assert str(RatingLevel.HTT.label) in answer["title"]
    assert str(RatingLevel.KHT.label) not in texts(answer)  # not a colleague's
    shown = texts(answer)
    assert " 82" in shown and "82.00" not in shown and "82,00" not in shown
    assert answer["items"][0]["url"] == reverse("emulation:rating_detail", args=[mine.pk])
    assert answer["link"] == f"{reverse('emulation:rating_mine')}?year={THIS_YEAR}"
    assert answer["more"] == []


@pytest.mark.parametrize(
    ("status", "fields"),
    [
        (RatingStatus.DRAFT, {"computed_level": RatingLevel.HTT}),
        (RatingStatus.SELF_ASSESSED, {"computed_level": RatingLevel.HTT}),
        (RatingStatus.PROPOSED, {"proposed_level": RatingLevel.HTXS}),
    ],
)
def test_a_rating_not_final_says_where_it_stands_and_the_last_final_one(org, status, fields):
    me = org["staff_a"]
    rating(me, THIS_YEAR, status=status, score=Decimal("82.50"), **fields)
    rating(
        me,
        THIS_YEAR - 1,
        status=RatingStatus.PUBLISHED,
        level=RatingLevel.HTXS,
        score=Decimal("93"),
        published_at=timezone.make_aware(datetime(THIS_YEAR - 1, 12, 20, 9)),
    )

    answer = ask(me, "nam nay toi duoc xep loai gi")

    assert answer["state"] == status and answer["year"] == THIS_YEAR
    shown = texts(answer)
    assert "82,5" in shown and "82.5" not in shown  # Vietnamese decimals
    assert not any(code in shown for code in ("draft", "self_assessed", NOT_STARTED))  # words
    if status == RatingStatus.PROPOSED:
        assert str(RatingLevel.HTXS.label) in answer["title"]
    else:
        assert str(RatingLevel.HTT.label) in shown  # the level from the score so far
    [last] = answer["more"]
    assert last["year"] == THIS_YEAR - 1 and str(RatingLevel.HTXS.label) in last["title"]
    assert last["state"] == RatingStatus.PUBLISHED


def test_a_rating_not_opened_yet_is_said_so(org):
    me = org["staff_a"]
    rating(org["colleague_a"], THIS_YEAR, status=RatingStatus.DRAFT, score=Decimal(70))

    answer = ask(me, "Năm nay tôi được xếp loại gì?")

    assert answer["state"] == NOT_STARTED and answer["items"] == [] and answer["empty"]
    assert str(THIS_YEAR) in answer["title"]
    assert answer["more"] == []  # no final rating of an earlier year either


def test_last_year_and_a_named_year_are_answered_for_that_year(org):
    me = org["staff_a"]
    rating(me, THIS_YEAR - 1, status=RatingStatus.APPROVED, level=RatingLevel.HT)
    rating(me, THIS_YEAR - 2, status=RatingStatus.APPEALED, level=RatingLevel.HTT)

    last = ask(me, "Năm ngoái tôi xếp loại gì?")
    named = ask(me, f"xep loai nam {THIS_YEAR - 2} cua minh la gi")

    assert last["year"] == THIS_YEAR - 1 and last["state"] == RatingStatus.APPROVED
    assert str(RatingLevel.HT.label) in last["title"]
    assert named["year"] == THIS_YEAR - 2 and named["state"] == RatingStatus.APPEALED
    assert str(RatingLevel.HTT.label) in named["title"]


@pytest.mark.parametrize(
    "question",
    [
        "Xếp loại HTXS cần điều kiện gì?",
        "xep loai hoan thanh xuat sac nhiem vu can dieu kien gi",
        "Xếp loại của tôi phải từ mức nào trở lên thì mới được bình Lao động tiên tiến?",
    ],
)
def test_a_question_about_the_rules_of_rating_goes_to_the_documents(library, org, question):
    rating(org["staff_a"], THIS_YEAR, status=RatingStatus.DRAFT)
    x = question_ask(actor=org["staff_a"].user, question=question)
    assert x.mode != AnswerMode.PERSONAL


def test_the_chat_page_shows_the_rating_and_the_last_final_one(client, org):
    me = org["staff_a"]
    rating(me, THIS_YEAR, status=RatingStatus.SELF_ASSESSED, score=Decimal("82.50"))
    last = rating(me, THIS_YEAR - 1, status=RatingStatus.PUBLISHED, level=RatingLevel.HTXS)
    client.force_login(me.user)

    page = client.post(
        reverse("assistant:chat"), {"question": "nam nay toi duoc xep loai gi"}, follow=True
    ).content.decode()

    assert "82,5" in page and str(RatingLevel.HTXS.label) in page
    assert reverse("emulation:rating_detail", args=[last.pk]) in page
    assert f"{reverse('emulation:rating_mine')}?year={THIS_YEAR}" in page
