"""Records: the initiatives register, value-created records per post and year, and the
anonymous external assessment of director-level people through one-time links."""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.emulation.models import (
    ExternalAssessment,
    ExternalAssessmentAnswer,
    Initiative,
    ValueRecord,
)
from thidua.emulation.selectors.records import (
    AssessmentLinkError,
    external_assessment_summary,
    initiative_list,
    initiatives_by_person,
    value_record_year,
    value_records_of_person,
)
from thidua.emulation.services.records import (
    external_assessment_answer,
    external_assessment_invite,
    initiative_register,
    initiative_update,
    value_record_save,
)
from thidua.goals.choices import GoalStatus
from thidua.goals.services import goal_create
from thidua.org.models import PersonPosition

from ..factories import PersonFactory, PositionFactory, UserFactory

YEAR = 2025
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def year_goal(*, title, owner_person=None, owner_unit=None, year=YEAR):
    return goal_create(
        actor=SYSTEM,
        title=title,
        owner_person=owner_person,
        owner_unit=owner_unit,
        period_kind="year",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        status=GoalStatus.ACTIVE,
        key_results=[{"title": f"KR of {title}", "target": 10}],
    )


def post_of(person):
    return person.posts.get(kind="primary")


def save_record(actor, person, **kwargs):
    fields = {
        "actor": actor.user,
        "person": person,
        "year": YEAR,
        "post": post_of(person),
        "achievements": "Số hoá 12.000 hồ sơ",
    }
    fields.update(kwargs)
    return value_record_save(**fields)


@pytest.fixture
def director(org):
    """A Cục trưởng-level person in Cục A (head_a "huy" heads that subtree)."""
    return PersonFactory(
        unit=org["dept_a"],
        full_name="Ngô Văn Giám Đốc",
        user=UserFactory(username="giamdoc"),
        position=PositionFactory(code="CT", name="Cục trưởng", level=4),
        email="giamdoc@thidua.example",
        phone="0987654321",
    )


def invite(officer, person, *, count=1, year=YEAR, **kwargs):
    return external_assessment_invite(
        actor=officer.user, person=person, year=year, count=count, **kwargs
    )


# ---------------------------------------------------------------- value-created records
def test_record_is_kept_per_person_year_and_post_and_saved_again_in_place(org):
    hoa = org["staff_a"]
    first = save_record(hoa, hoa, value_quantity="12.000", value_unit="hồ sơ")
    again = save_record(hoa, hoa, products="Quy trình số hoá")
    assert first.pk == again.pk
    record = ValueRecord.objects.get()
    assert (record.person, record.year, record.post) == (hoa, YEAR, post_of(hoa))
    assert record.products == "Quy trình số hoá"
    assert record.value_quantity is None  # the second save did not give a value
    assert AuditEvent.objects.filter(action="value_record.created").count() == 1
    assert AuditEvent.objects.filter(action="value_record.updated").count() == 1


def test_quantified_value_is_read_in_vietnamese_format(org):
    hoa = org["staff_a"]
    record = save_record(hoa, hoa, value_quantity="1.234,5", value_unit="triệu đồng")
    assert record.value_quantity == Decimal("1234.50")
    assert record.value_unit == "triệu đồng"


def test_two_posts_held_in_a_year_give_two_records(org):
    hoa = org["staff_a"]
    acting = PersonPosition.objects.create(
        person=hoa,
        unit=org["sec_a"],
        position=PositionFactory(code="PTP", name="Phó Trưởng phòng", level=1),
        kind="acting",
        valid_from=date(YEAR, 6, 1),
        valid_to=date(YEAR, 12, 1),
    )
    save_record(hoa, hoa)
    save_record(hoa, hoa, post=acting, achievements="Điều hành phòng 6 tháng")
    year = value_record_year(viewer=hoa.user, person=hoa, year=YEAR)
    assert [p.record.achievements for p in year.posts] == [
        "Số hoá 12.000 hồ sơ",
        "Điều hành phòng 6 tháng",
    ]


def test_post_not_held_that_year_is_refused(org):
    hoa = org["staff_a"]
    old_post = PersonPosition.objects.create(
        person=hoa,
        unit=org["sec_a"],
        position=PositionFactory(code="CS", name="Cán sự", level=0),
        kind="concurrent",
        valid_from=date(2020, 1, 1),
        valid_to=date(2024, 1, 1),  # end exclusive: last day 31/12/2023
    )
    with pytest.raises(ValidationError) as error:
        save_record(hoa, hoa, post=old_post)
    assert "post" in error.value.message_dict
    assert not ValueRecord.objects.exists()


def test_someone_elses_post_is_refused(org):
    hoa = org["staff_a"]
    with pytest.raises(ValidationError):
        save_record(hoa, hoa, post=post_of(org["colleague_a"]))


def test_future_year_is_refused(org):
    hoa = org["staff_a"]
    with pytest.raises(ValidationError):
        save_record(hoa, hoa, year=timezone.localdate().year + 1)


def test_empty_record_is_refused(org):
    hoa = org["staff_a"]
    with pytest.raises(ValidationError):
        save_record(hoa, hoa, achievements="  ")


def test_own_and_unit_goals_can_be_linked(org):
    hoa = org["staff_a"]
    own = year_goal(title="Số hoá hồ sơ", owner_person=hoa)
    unit_goal = year_goal(title="Phòng A1 số hoá", owner_unit=org["sec_a"])
    record = save_record(hoa, hoa, goals=[own, unit_goal], key_results=[own.key_results.get()])
    assert set(record.goals.all()) == {own, unit_goal}
    assert list(record.key_results.all()) == [own.key_results.get()]


def test_linking_someone_elses_goal_is_refused(org):
    hoa = org["staff_a"]
    colleague_goal = year_goal(title="Mục tiêu của Nam", owner_person=org["colleague_a"])
    with pytest.raises(ValidationError) as error:
        save_record(hoa, hoa, goals=[colleague_goal])
    assert "goals" in error.value.message_dict
    other_unit_goal = year_goal(title="Cục B", owner_unit=org["dept_b"])
    with pytest.raises(ValidationError) as error:
        save_record(hoa, hoa, key_results=[other_unit_goal.key_results.get()])
    assert "key_results" in error.value.message_dict
    assert not ValueRecord.objects.exists()


def test_goal_of_another_year_is_refused(org):
    hoa = org["staff_a"]
    last_year = year_goal(title="Năm trước", owner_person=hoa, year=YEAR - 1)
    with pytest.raises(ValidationError):
        save_record(hoa, hoa, goals=[last_year])


def test_evidence_of_an_allowed_type_is_stored(org):
    hoa = org["staff_a"]
    record = save_record(
        hoa, hoa, evidence=SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")
    )
    assert record.evidence.name.startswith(f"records/{hoa.pk}/{YEAR}/")
    assert record.evidence.read() == PDF


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00"),
        ("renamed.pdf", b"MZ\x90\x00 not a pdf"),
        ("bang.xlsx", b"plain text, not a workbook"),
        ("anh.png", b"\xff\xd8\xff a jpeg named png"),
    ],
)
def test_evidence_of_another_type_is_refused(org, name, content):
    hoa = org["staff_a"]
    with pytest.raises(ValidationError) as error:
        save_record(hoa, hoa, evidence=SimpleUploadedFile(name, content))
    assert "evidence" in error.value.message_dict
    assert not ValueRecord.objects.exists()


def test_evidence_over_10_mb_is_refused(org):
    hoa = org["staff_a"]
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        save_record(hoa, hoa, evidence=big)
    assert error.value.message_dict["evidence"]
    assert not ValueRecord.objects.exists()


def test_replacing_evidence_deletes_the_old_file_after_commit(
    org, django_capture_on_commit_callbacks
):
    hoa = org["staff_a"]
    first = save_record(hoa, hoa, evidence=SimpleUploadedFile("a.pdf", PDF))
    old_name = first.evidence.name
    with django_capture_on_commit_callbacks(execute=True):
        second = save_record(hoa, hoa, evidence=SimpleUploadedFile("b.txt", b"bien ban"))
    assert second.evidence.name != old_name
    assert not second.evidence.storage.exists(old_name)


def test_head_may_write_the_record_of_someone_in_their_unit(org):
    record = save_record(org["head_a"], org["staff_a"])
    assert record.person == org["staff_a"]


def test_staff_of_another_unit_may_not_write_a_record(org):
    with pytest.raises(PermissionDenied):
        save_record(org["staff_b"], org["staff_a"])


def test_records_are_private_both_ways(org, officer):
    hoa, chau = org["staff_a"], org["staff_b"]
    save_record(hoa, hoa)
    save_record(chau, chau, achievements="Thành tích của Châu")
    with pytest.raises(PermissionDenied):
        value_records_of_person(viewer=chau.user, person=hoa)
    with pytest.raises(PermissionDenied):
        value_records_of_person(viewer=hoa.user, person=chau)
    with pytest.raises(PermissionDenied):
        value_records_of_person(viewer=org["head_a"].user, person=chau)
    assert value_records_of_person(viewer=hoa.user, person=hoa).count() == 1
    assert value_records_of_person(viewer=org["head_a"].user, person=hoa).count() == 1
    assert value_records_of_person(viewer=officer.user, person=chau).count() == 1


# ---------------------------------------------------------------- initiatives register
def register(officer, **kwargs):
    fields = {
        "actor": officer.user,
        "title": "Phần mềm quản lý văn bản điện tử",
        "scope": "bo",
        "year": 2024,
        "authors": [],
        "decision_number": "1234/QĐ-BTTTT",
    }
    fields.update(kwargs)
    return initiative_register(**fields)


def test_office_registers_an_initiative_with_the_decision_number_as_entered(org, officer):
    typed = "  số 07/qđ-HĐSK ngày 5/12  "
    initiative = register(
        officer,
        authors=[org["staff_a"], org["colleague_a"], org["staff_a"]],
        decision_number=typed,
        decision_date=date(2024, 12, 5),
        recognized_by="Hội đồng sáng kiến Bộ",
        unit=org["sec_a"],
    )
    initiative.refresh_from_db()
    assert initiative.decision_number == typed.strip()
    assert set(initiative.authors.all()) == {org["staff_a"], org["colleague_a"]}
    event = AuditEvent.objects.get(action="initiative.registered")
    assert event.data["decision_number"] == typed.strip()


@pytest.mark.parametrize("who", ["staff_a", "head_a"])
def test_only_the_office_registers_initiatives(org, who):
    with pytest.raises(PermissionDenied):
        register(org[who], authors=[org["staff_a"]])
    assert not Initiative.objects.exists()


def test_council_member_may_not_register_initiatives(org, council_member):
    with pytest.raises(PermissionDenied):
        register(council_member, authors=[org["staff_a"]])


def test_initiative_needs_an_author(org, officer):
    with pytest.raises(ValidationError) as error:
        register(officer, authors=[])
    assert "authors" in error.value.message_dict


def test_initiative_needs_a_decision_number_from_the_register(org, officer):
    with pytest.raises(ValidationError) as error:
        register(officer, authors=[org["staff_a"]], decision_number="  ")
    assert "decision_number" in error.value.message_dict


@pytest.mark.parametrize("year", [1900, 1989, 2099])
def test_initiative_year_out_of_range_is_refused(org, officer, year):
    with pytest.raises(ValidationError) as error:
        register(officer, authors=[org["staff_a"]], year=year)
    assert "year" in error.value.message_dict


def test_unknown_scope_is_refused(org, officer):
    with pytest.raises(ValidationError) as error:
        register(officer, authors=[org["staff_a"]], scope="tinh")
    assert "scope" in error.value.message_dict


def test_office_corrects_an_initiative_and_the_change_is_audited(org, officer):
    initiative = register(officer, authors=[org["staff_a"]])
    initiative_update(
        actor=officer.user,
        initiative=initiative,
        title=initiative.title,
        scope="toan_quoc",
        year=2024,
        authors=[org["staff_a"], org["staff_b"]],
        decision_number="1234/QĐ-BTTTT",
    )
    initiative.refresh_from_db()
    assert initiative.scope == "toan_quoc"
    event = AuditEvent.objects.get(action="initiative.updated")
    assert event.data["changes"]["scope"] == ["bo", "toan_quoc"]
    assert event.data["changes"]["authors"] == [
        [org["staff_a"].pk],
        sorted([org["staff_a"].pk, org["staff_b"].pk]),
    ]


def test_staff_may_not_correct_an_initiative(org, officer):
    initiative = register(officer, authors=[org["staff_a"]])
    with pytest.raises(PermissionDenied):
        initiative_update(
            actor=org["staff_a"].user,
            initiative=initiative,
            title="Đổi tên",
            scope="toan_quoc",
            year=2024,
            authors=[org["staff_a"]],
            decision_number="1234/QĐ-BTTTT",
        )


def test_register_is_public_to_staff_and_filters_by_year_and_scope(org, officer):
    register(officer, authors=[org["staff_a"]], title="A", scope="co_so", year=2023)
    register(officer, authors=[org["staff_b"]], title="B", scope="bo", year=2024)
    viewer = org["staff_b"].user
    assert [i.title for i in initiative_list(viewer=viewer)] == ["B", "A"]
    assert [i.title for i in initiative_list(viewer=viewer, year=2023)] == ["A"]
    assert [i.title for i in initiative_list(viewer=viewer, scope="bo")] == ["B"]


def test_initiatives_by_person_gives_each_persons_initiatives_per_year_in_one_query(
    org, officer, django_assert_num_queries
):
    hoa, nam, chau = org["staff_a"], org["colleague_a"], org["staff_b"]
    a = register(officer, authors=[hoa, nam], title="Sáng kiến A", scope="co_so", year=2023)
    b = register(officer, authors=[hoa], title="Đề tài B", scope="bo", year=2024, kind="research")
    register(officer, authors=[hoa], title="Ngoài kỳ", scope="toan_quoc", year=2020)
    with django_assert_num_queries(1):
        result = initiatives_by_person([hoa.pk, nam.pk, chau.pk], [2023, 2024])
    assert result == {
        hoa.pk: {
            2023: [
                {
                    "id": a.pk,
                    "title": "Sáng kiến A",
                    "kind": "initiative",
                    "scope": "co_so",
                    "decision_number": "1234/QĐ-BTTTT",
                }
            ],
            2024: [
                {
                    "id": b.pk,
                    "title": "Đề tài B",
                    "kind": "research",
                    "scope": "bo",
                    "decision_number": "1234/QĐ-BTTTT",
                }
            ],
        },
        nam.pk: {
            2023: [
                {
                    "id": a.pk,
                    "title": "Sáng kiến A",
                    "kind": "initiative",
                    "scope": "co_so",
                    "decision_number": "1234/QĐ-BTTTT",
                }
            ]
        },
        chau.pk: {},
    }


def test_initiatives_by_person_query_count_does_not_grow_with_people(
    org, officer, django_assert_num_queries
):
    people = [PersonFactory(unit=org["sec_b"]) for _ in range(30)]
    for i, person in enumerate(people):
        register(officer, authors=[person], title=f"SK {i}", year=2024)
    with django_assert_num_queries(1):
        result = initiatives_by_person((p.pk for p in people), range(2020, 2026))
    assert all(len(result[p.pk][2024]) == 1 for p in people)


# ---------------------------------------------------------------- external assessments
def test_invitation_only_for_director_level_and_above(org, officer, director):
    with pytest.raises(ValidationError):
        invite(officer, org["staff_a"])
    assert not ExternalAssessment.objects.exists()
    assert len(invite(officer, director, count=3)) == 3


def test_head_of_the_directors_unit_may_invite_but_not_staff_or_the_person(org, director):
    assert len(invite(org["head_a"], director)) == 1
    for who in (org["staff_a"], org["staff_b"], director):
        with pytest.raises(PermissionDenied):
            invite(who, director)


def test_token_is_stored_only_as_its_sha256(org, officer, director):
    invitations = invite(officer, director, count=2)
    for invitation in invitations:
        token = invitation.token
        assert len(token) >= 43
        row = ExternalAssessment.objects.get(pk=invitation.assessment.pk)
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert invitation.path.endswith(f"/emulation/assess/{token}/")
        stored = [
            *ExternalAssessment.objects.values_list(),
            *AuditEvent.objects.values_list(),
        ]
        assert token not in repr(stored)
        assert token not in repr(invitation)


def test_invitation_expires_after_30_days_by_default(org, officer, director):
    before = timezone.now()
    (invitation,) = invite(officer, director)
    expires = invitation.assessment.expires_at
    assert before + timedelta(days=30) <= expires <= timezone.now() + timedelta(days=30)


def test_answer_through_a_link_is_stored_once(org, officer, director):
    (invitation,) = invite(officer, director)
    external_assessment_answer(token=invitation.token, score=4, comment=" Uy tín trong ngành ")
    assert ExternalAssessment.objects.get().answered_at is not None
    with pytest.raises(AssessmentLinkError) as error:
        external_assessment_answer(token=invitation.token, score=1)
    assert error.value.reason == AssessmentLinkError.USED
    answers = list(ExternalAssessmentAnswer.objects.values_list("score", "comment"))
    assert answers == [(4, "Uy tín trong ngành")]


def test_an_answer_cannot_be_tied_to_its_invitation(org, officer, director):
    (invitation,) = invite(officer, director)
    external_assessment_answer(token=invitation.token, score=3)
    answer_fields = {f.name for f in ExternalAssessmentAnswer._meta.get_fields()}
    assert answer_fields == {"id", "person", "year", "score", "comment"}  # no link, no time
    assert not {"score", "comment"} & {f.name for f in ExternalAssessment._meta.get_fields()}


def test_expired_link_is_refused(org, officer, director):
    (invitation,) = invite(officer, director)
    ExternalAssessment.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AssessmentLinkError) as error:
        external_assessment_answer(token=invitation.token, score=5)
    assert error.value.reason == AssessmentLinkError.EXPIRED
    assert ExternalAssessment.objects.get().answered_at is None


@pytest.mark.parametrize("token", ["", "short", "x" * 43, "../../etc/passwd" + "a" * 30])
def test_unknown_link_is_refused(org, officer, director, token):
    invite(officer, director)
    with pytest.raises(AssessmentLinkError) as error:
        external_assessment_answer(token=token, score=5)
    assert error.value.reason == AssessmentLinkError.UNKNOWN


@pytest.mark.parametrize("score", [0, 6, "5.0", None, True])
def test_score_outside_1_to_5_is_refused_and_the_link_stays_usable(org, officer, director, score):
    (invitation,) = invite(officer, director)
    with pytest.raises(ValidationError):
        external_assessment_answer(token=invitation.token, score=score)
    external_assessment_answer(token=invitation.token, score=3)


def test_answer_audit_event_does_not_tie_the_answer_to_its_link(org, officer, director):
    (invitation,) = invite(officer, director)
    external_assessment_answer(token=invitation.token, score=2, comment="Bí mật")
    event = AuditEvent.objects.get(action="external_assessment.answered")
    assert event.actor is None
    assert event.target_type == "org.person"
    assert event.data == {"year": YEAR}


def test_aggregate_is_hidden_below_three_answers(org, officer, director):
    invitations = invite(officer, director, count=4)
    for invitation, score in zip(invitations[:2], [5, 1], strict=True):
        external_assessment_answer(token=invitation.token, score=score, comment="Nhận xét")
    summary = external_assessment_summary(viewer=officer.user, person=director, year=YEAR)
    assert (summary.invited, summary.answered, summary.open) == (4, 2, 2)
    assert summary.enough is False
    assert summary.mean is None
    assert summary.comments == ()


def test_aggregate_shows_the_mean_and_comments_at_three_answers(org, officer, director):
    invitations = invite(officer, director, count=3)
    for invitation, score, comment in zip(
        invitations,
        [4, 5, 5],
        ["Chuyên môn vững", "", "Được giới chuyên môn tin cậy"],
        strict=True,
    ):
        external_assessment_answer(token=invitation.token, score=score, comment=comment)
    summary = external_assessment_summary(viewer=org["head_a"].user, person=director, year=YEAR)
    assert summary.enough is True
    assert summary.mean == Decimal("4.7")
    assert sorted(summary.comments) == ["Chuyên môn vững", "Được giới chuyên môn tin cậy"]
    assert all(isinstance(c, str) for c in summary.comments)  # text only, no dates


def test_aggregate_is_private(org, officer, director):
    with pytest.raises(PermissionDenied):
        external_assessment_summary(viewer=org["staff_b"].user, person=director, year=YEAR)
    assert external_assessment_summary(viewer=director.user, person=director, year=YEAR)


@pytest.mark.parametrize("score", ["²", "٣", " ", "4.5"])
def test_an_answer_that_is_not_a_whole_number_from_1_to_5_is_refused_and_the_link_kept(
    org, officer, director, score
):
    # "²" and "٣" are digits to str.isdigit(): int() refuses the first (a 500 before)
    (invitation,) = invite(officer, director)
    with pytest.raises(ValidationError) as error:
        external_assessment_answer(token=invitation.token, score=score)
    assert "score" in error.value.message_dict
    assert ExternalAssessment.objects.get().answered_at is None
