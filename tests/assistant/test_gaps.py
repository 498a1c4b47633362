"""Questions that found nothing (issue 14, point 6): document owners see them grouped, with
counts and the last date, to know which document to add; who asked is never shown."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from thidua.assistant import selectors
from thidua.assistant.choices import AnswerMode, Feedback
from thidua.assistant.models import Exchange
from thidua.core.actors import SYSTEM
from thidua.org.choices import PartyRole, Role
from thidua.org.models import PartyMembership
from thidua.org.services import role_grant

from ..factories import PartyOrganizationFactory, PersonFactory, UserFactory

DEADLINE = "Hạn nộp hồ sơ khen thưởng năm nay là khi nào?"


def ask(user, question, mode=AnswerMode.NOT_FOUND, feedback="", days_ago=1):
    x = Exchange.objects.create(
        asker=user, question=question, mode=mode, answer={}, feedback=feedback
    )
    Exchange.objects.filter(pk=x.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return x


@pytest.fixture
def people(org, org_admin):
    """An emulation officer, a cell's secretary and member, a staff member outside the Party,
    and their questions."""
    cell = PartyOrganizationFactory(code="CB-A1", name="Chi bộ A1")
    member = org["staff_a"]  # Trần Thị Hoa, user "hoa"
    secretary = PersonFactory(unit=org["sec_a"], user=UserFactory(username="bithu-a1"))
    for person, role in ((member, PartyRole.MEMBER), (secretary, PartyRole.SECRETARY)):
        PartyMembership.objects.create(
            person=person,
            organization=cell,
            role=role,
            joined_party_on=date(2010, 1, 1),
            valid_from=date(2020, 1, 1),
        )
    role_grant(
        actor=SYSTEM,
        user=secretary.user,
        role=Role.PARTY_SECRETARY,
        party_organization=cell,
        valid_from=date(2020, 1, 1),
    )
    officer = UserFactory(username="tdkt", first_name="Ngô", last_name="Văn Khen")
    role_grant(actor=SYSTEM, user=officer, role=Role.EMULATION_OFFICER, valid_from=date(2020, 1, 1))
    outsider = org["staff_b"].user  # Đỗ Minh Châu, user "chau", not in the Party
    ask(member.user, DEADLINE, days_ago=3)
    ask(member.user, "hạn nộp hồ sơ khen thưởng năm nay là khi nào", days_ago=2)
    ask(outsider, "Thời hạn nộp hồ sơ khen thưởng năm nay?", days_ago=1)
    ask(outsider, "Hạn nộp hồ sơ khen thưởng?", AnswerMode.EXTRACTIVE, Feedback.NOT_USEFUL)
    ask(outsider, "Giá vé máy bay đi Đà Nẵng bao nhiêu?", days_ago=5)
    # Not gaps: a useful answer, an answer nobody rated, a personal answer rated not useful,
    # and a question older than the period shown.
    ask(outsider, "Hồ sơ khen thưởng gồm những gì?", AnswerMode.EXTRACTIVE, Feedback.USEFUL)
    ask(outsider, "Tiền thưởng Lao động tiên tiến?", AnswerMode.EXTRACTIVE)
    ask(member.user, "Việc của tôi tuần này?", AnswerMode.PERSONAL, Feedback.NOT_USEFUL)
    ask(outsider, "Mẫu tờ trình khen thưởng đột xuất?", days_ago=200)
    return {
        "admin": org_admin,
        "officer": officer,
        "secretary": secretary.user,
        "member": member.user,
        "outsider": outsider,
        "head": org["head_a"].user,
    }


def test_the_office_sees_everyones_gaps_grouped_with_counts(people):
    groups = selectors.question_gaps(viewer=people["officer"], days=90)
    assert [(g.count, g.not_found, g.not_useful) for g in groups] == [(4, 3, 1), (1, 1, 0)]
    deadline, flight = groups
    assert deadline.question == "hạn nộp hồ sơ khen thưởng năm nay là khi nào"
    assert set(deadline.wordings) == {
        "Thời hạn nộp hồ sơ khen thưởng năm nay?",
        "Hạn nộp hồ sơ khen thưởng?",
    }
    asked = Exchange.objects.filter(question__icontains="hạn nộp hồ sơ khen thưởng")
    assert deadline.last_asked == max(asked.values_list("created_at", flat=True))
    assert flight.question == "Giá vé máy bay đi Đà Nẵng bao nhiêu?"
    # The longer period takes in the older question.
    older = selectors.question_gaps(viewer=people["officer"], days=365)
    assert sum(g.count for g in older) == 6


def test_a_party_secretary_sees_only_the_questions_of_the_members_of_her_bodies(people):
    groups = selectors.question_gaps(viewer=people["secretary"], days=90)
    assert [(g.question, g.count) for g in groups] == [
        ("hạn nộp hồ sơ khen thưởng năm nay là khi nào", 2)
    ]


@pytest.mark.parametrize("who", ["outsider", "member", "head"])
def test_people_who_cannot_add_documents_are_refused(people, who):
    with pytest.raises(PermissionDenied):
        selectors.question_gaps(viewer=people[who], days=90)


def test_the_page_shows_groups_and_never_who_asked(client, people):
    client.force_login(people["admin"])
    response = client.get("/assistant/gaps/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "hạn nộp hồ sơ khen thưởng năm nay là khi nào" in html
    assert "Thời hạn nộp hồ sơ khen thưởng năm nay?" in html  # another wording, folded away
    assert ">4<" in html  # times asked
    assert "Câu hỏi chưa có căn cứ" in html and "Số lần hỏi" in html  # in Vietnamese
    for trace in ("Trần Thị Hoa", "Đỗ Minh Châu", "hoa", "chau"):
        assert trace not in html.replace("Khen", "").replace("khen", ""), trace
    # nor the asker's id (the period's <option value="365"> may share its digits: ids run on)
    assert f'"{people["member"].pk}"' not in re.sub(r"<option[^>]*>", "", html)
    # Reachable from the documents page, for owners only.
    assert "/assistant/gaps/" in client.get("/assistant/documents/").content.decode()


def test_the_export_has_the_groups_and_never_who_asked(client, people):
    client.force_login(people["officer"])
    response = client.get("/assistant/gaps/export.csv?days=365")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 3  # the header and three groups
    assert lines[1].startswith("hạn nộp hồ sơ khen thưởng năm nay là khi nào,4,3,1,")
    for trace in ("Trần Thị Hoa", "Đỗ Minh Châu", "hoa,", "chau"):
        assert trace not in text, trace


def test_staff_get_403_and_no_link(client, people):
    client.force_login(people["outsider"])
    assert client.get("/assistant/gaps/").status_code == 403
    assert client.get("/assistant/gaps/export.csv").status_code == 403
    assert "/assistant/gaps/" not in client.get("/assistant/documents/").content.decode()


@pytest.mark.parametrize("days", ["abc", "-1", "99999999999999999999", "7", ""])
def test_a_bad_period_falls_back_to_the_default(client, people, days):
    client.force_login(people["officer"])
    response = client.get("/assistant/gaps/", {"days": days})
    assert response.status_code == 200
    assert 'value="90" selected' in response.content.decode()


def test_a_question_that_looks_like_a_formula_is_text_in_the_file(client, people):
    ask(people["outsider"], '=HYPERLINK("http://x")')
    client.force_login(people["officer"])
    text = client.get("/assistant/gaps/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
