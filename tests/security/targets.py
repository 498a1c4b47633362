"""Path arguments for every URL pattern: a real record of the target unit (Cục An toàn
thông tin) or the target cell wherever the record belongs to a unit or a cell."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from .world import World

MISSING = 999_999_999  # an id that exists nowhere


def _first(qs) -> int:
    pk = qs.order_by("pk").values_list("pk", flat=True).first()
    return MISSING if pk is None else pk


def _hr_sync_run() -> int:
    """A stored HR sync report (the world has none)."""
    from thidua.org.models import HrSyncRun

    run = HrSyncRun.objects.order_by("pk").first()
    return (run or HrSyncRun.objects.create(trigger="scheduled", status="no_file")).pk


def resolvers(world: World) -> dict[str, Callable[[], dict]]:
    """URL name → a function giving its path kwargs (evaluated lazily, after the world)."""
    from thidua.assistant.models import Document, Exchange
    from thidua.awards.models import Award, Ballot, CouncilSession, Decision
    from thidua.core.models import Job
    from thidua.emulation.models import (
        AnnualRating,
        Initiative,
        Lesson,
        Movement,
        RatingAppeal,
        Registration,
        ValueRecord,
    )
    from thidua.goals.models import (
        CheckIn,
        Goal,
        GoalChangeProposal,
        GoalTemplate,
        KeyResult,
        Program,
        Task,
    )
    from thidua.messaging.models import Delivery, Dispatch
    from thidua.org.models import Person
    from thidua.party.models import Campaign, CellMeeting, Inspection

    attt = world.ids["attt"]
    cell = world.ids["own_cell"]
    year = world.ids["today"].year
    in_attt = {"unit__path__startswith": attt.path}
    target_person = lambda: world.ids["attt_person"].pk  # noqa: E731
    goal = lambda: _first(Goal.objects.filter(owner_unit=attt, status="active"))  # noqa: E731
    kr = lambda: _first(KeyResult.objects.filter(goal__owner_unit=attt))  # noqa: E731
    checkin = lambda: _first(CheckIn.objects.filter(key_result__goal__owner_unit=attt))  # noqa: E731
    movement = lambda: _first(Movement.objects.filter(status="registration_open"))  # noqa: E731
    rating = lambda: _first(AnnualRating.objects.filter(person_id=target_person()))  # noqa: E731
    proposal = lambda: world.ids["attt_proposal"].pk  # noqa: E731
    session = lambda: _first(CouncilSession.objects.all())  # noqa: E731
    resolution = lambda: world.ids["cell_resolution"].pk  # noqa: E731
    campaign = lambda: _first(Campaign.objects.all())  # noqa: E731 (the ministry committee's)

    def draft_movement() -> int:
        """A draft movement (one of ATTT is drafted by the office if the world has none)."""
        from thidua.emulation.choices import MovementStatus
        from thidua.emulation.services.movements import movement_create

        found = Movement.objects.filter(status=MovementStatus.DRAFT).order_by("pk").first()
        if found is None:
            found = movement_create(
                actor=world.users["office"],
                name="Phong trào nháp thử",
                kind="regular",
                objectives="Thử",
                period_start=world.ids["today"].replace(month=1, day=1),
                period_end=world.ids["today"].replace(month=12, day=31),
                launched_by=attt,
                scope_units=[attt],
                criteria=[{"name": "Thử", "max_points": 10}],
            )
        return found.pk

    def notification() -> int:
        from thidua.core.models import Notification

        note, _ = Notification.objects.get_or_create(
            user=world.users["unit_head"],
            key="security.matrix",
            defaults={"title": "Matrix", "url": "/", "raised_at": timezone.now()},
        )
        return note.pk

    def briefing() -> int:
        """This month's giao ban of ATTT, chaired by its head (the demo holds the ministry's)."""
        from datetime import date as date_

        from thidua.meetings.models import BriefingMeeting
        from thidua.meetings.services import conclusion_add, meeting_create

        meeting = BriefingMeeting.objects.filter(unit=attt).first()
        if meeting is None:
            head = world.users["unit_head"]
            today = world.ids["today"]
            meeting = meeting_create(
                actor=head,
                unit=attt,
                year=today.year,
                month=today.month,
                held_on=date_(today.year, today.month, 1),
                chair=head.person,
            )
            conclusion_add(actor=head, meeting=meeting, text="Kết luận thử")
        return meeting.pk

    def team() -> int:
        """A team hosted by ATTT, led by its head."""
        from thidua.teams.models import Team
        from thidua.teams.services import team_create

        found = Team.objects.filter(unit=attt, name="Nhóm thử").first()  # not the demo's
        if found is None:
            head = world.users["unit_head"]
            today = world.ids["today"]
            found = team_create(
                actor=head,
                name="Nhóm thử",
                unit=attt,
                lead=head.person,
                period_start=today.replace(month=1, day=1),
                period_end=today.replace(month=12, day=31),
            )
        return found.pk

    def briefing_item() -> int:
        from thidua.meetings.models import Conclusion

        return _first(Conclusion.objects.filter(meeting_id=briefing()))

    def field_visit() -> int:
        """A visit of ATTT's head to ATTT (the demo's are the minister's and a deputy's)."""
        from thidua.goals.models import FieldVisit
        from thidua.goals.services.fieldwork import field_visit_record

        head = world.users["unit_head"]
        visit = FieldVisit.objects.filter(person__user=head).first()
        if visit is None:
            visit = field_visit_record(
                actor=head,
                person=head.person,
                visited_on=world.ids["yesterday"],
                findings="Đi cơ sở thử",
                unit=attt,
            )
        return visit.pk

    def cell_inspection() -> int:
        """An inspection by the target cell, planned by its secretary."""
        from thidua.party import services as party_services

        inspection = Inspection.objects.filter(by_body=cell).first()
        if inspection is None:
            inspection = party_services.inspection_plan(
                actor=world.users["secretary"],
                kind="kiem_tra",
                by_body=cell,
                subject="Kiểm tra thử",
                planned_on=world.ids["yesterday"],
            )
        return inspection.pk

    def access_token() -> int:
        """A personal API token of `canbo` (staff): only she may revoke it."""
        from datetime import timedelta

        from thidua.accounts.models import AccessToken
        from thidua.accounts.tokens import token_create

        staff = world.users["staff"]
        found = AccessToken.objects.filter(user=staff, revoked_at__isnull=True).first()
        if found is None:
            found = token_create(
                actor=staff,
                name="Ma tran",
                scopes=["goals:read"],
                expires_on=world.ids["today"] + timedelta(days=30),
            ).token
        return found.pk

    def practice() -> int:
        from thidua.goals.models import GoodPractice

        return _first(GoodPractice.objects.filter(status="proposed"))

    def delivery() -> str:
        # A personal link of a member of ATTT with no login: nobody in the matrix owns it.
        token = (
            Delivery.objects.filter(
                person__unit__path__startswith=attt.path,
                person__user__isnull=True,
                channel="in_app",
            )
            .order_by("pk")
            .values_list("token", flat=True)
            .first()
        )
        assert token, "the demo campaign reached no member of ATTT without a login"
        return token

    return {
        "notification_go": lambda: {"pk": notification()},
        "accounts:token_revoke": lambda: {"pk": access_token()},
        "meetings:detail": lambda: {"pk": briefing()},
        "meetings:close": lambda: {"pk": briefing()},
        "meetings:assignees": lambda: {"pk": briefing()},
        "meetings:key_results": lambda: {"pk": briefing()},
        "meetings:notice": lambda: {"pk": briefing()},
        "meetings:conclusion_delete": lambda: {"pk": briefing(), "item": briefing_item()},
        "org:unit": lambda: {"pk": attt.pk},
        "org:unit_staff": lambda: {"pk": attt.pk},
        "org:person": lambda: {"pk": target_person()},
        "org:job": lambda: {"pk": _first(Job.objects.all())},
        "org:hr_sync_run": lambda: {"pk": _hr_sync_run()},
        "goals:detail": lambda: {"pk": goal()},
        "goals:person": lambda: {"pk": target_person()},
        "goals:accept": lambda: {"pk": goal()},
        "goals:publish": lambda: {"pk": goal()},
        "goals:propose": lambda: {"pk": goal()},
        "goals:proposal_decide": lambda: {"pk": _first(GoalChangeProposal.objects.all())},
        "goals:checkin": lambda: {"kr_pk": kr()},
        "goals:verify": lambda: {"pk": checkin()},
        "goals:checkin_edit": lambda: {"pk": checkin()},
        "goals:checkin_evidence": lambda: {"pk": checkin()},
        "goals:supports": lambda: {"pk": goal()},
        "goals:unit_tree": lambda: {"pk": attt.pk},
        "goals:children": lambda: {"pk": goal()},
        "goals:task_status": lambda: {"pk": _first(Task.objects.all())},
        "goals:template_apply": lambda: {"pk": _first(GoalTemplate.objects.all())},
        "goals:program": lambda: {"pk": _first(Program.objects.all())},
        "emulation:movement_detail": lambda: {"pk": movement()},
        "emulation:movement_edit": lambda: {"pk": draft_movement()},
        "emulation:movement_advance": lambda: {"pk": movement()},
        "emulation:movement_publish": lambda: {"pk": movement()},
        "emulation:movement_register": lambda: {"pk": movement()},
        "emulation:movement_withdraw": lambda: {
            "pk": movement(),
            "reg_pk": _first(Registration.objects.filter(movement_id=movement())),
        },
        "emulation:movement_scores": lambda: {"pk": movement()},
        "emulation:movement_scores_compute": lambda: {"pk": movement()},
        "emulation:lesson_detail": lambda: {"pk": _first(Lesson.objects.all())},
        "emulation:lesson_adopt": lambda: {"pk": _first(Lesson.objects.all())},
        "emulation:rating_detail": lambda: {"pk": rating()},
        "emulation:rating_self_assess": lambda: {"pk": rating()},
        "emulation:rating_conduct_facts": lambda: {"pk": rating()},
        "emulation:rating_agency_criteria": lambda: {"pk": rating()},
        "teams:detail": lambda: {"pk": team()},
        "teams:member_remove": lambda: {"pk": team(), "person_id": world.ids["attt_person"].pk},
        "teams:close": lambda: {"pk": team()},
        "emulation:rating_propose": lambda: {"pk": rating()},
        "emulation:rating_task_group": lambda: {"pk": rating()},
        "emulation:rating_approve": lambda: {"pk": rating()},
        "emulation:rating_publish": lambda: {"pk": rating()},
        "emulation:rating_appeal": lambda: {"pk": rating()},
        "emulation:rating_appeal_decide": lambda: {"pk": _first(RatingAppeal.objects.all())},
        "emulation:rating_prepare": lambda: {"pk": target_person(), "year": year},
        "emulation:rating_person_month": lambda: {"pk": target_person(), "year": year, "month": 1},
        "emulation:rating_unit": lambda: {"pk": attt.pk, "year": year},
        "emulation:rating_unit_prepare": lambda: {"pk": attt.pk, "year": year},
        "emulation:rating_unit_cap": lambda: {"pk": attt.pk, "year": year},
        "emulation:rating_catalogue": lambda: {"pk": attt.pk},
        "emulation:rating_unit_ratings": lambda: {"pk": attt.pk, "year": year},
        "emulation:record_year": lambda: {"person_pk": target_person(), "year": year},
        "emulation:record_edit": lambda: {
            "person_pk": target_person(),
            "year": year,
            "post_pk": _first(
                Person.objects.get(pk=target_person()).posts.all()
                if target_person() != MISSING
                else Person.objects.none()
            ),
        },
        "emulation:record_evidence": lambda: {"pk": _first(ValueRecord.objects.all())},
        "emulation:initiative_edit": lambda: {"pk": _first(Initiative.objects.filter(unit=attt))},
        "emulation:assessment_invite": lambda: {"person_pk": target_person(), "year": year},
        "emulation:assessment_answer": lambda: {"token": "not-a-real-token"},
        "awards:proposal_detail": lambda: {"pk": proposal()},
        "awards:proposal_submit": lambda: {"pk": proposal()},
        "awards:proposal_edit": lambda: {"pk": proposal()},
        "awards:proposal_override": lambda: {"pk": proposal()},
        "awards:proposal_check": lambda: {"pk": proposal()},
        "awards:session_detail": lambda: {"pk": session()},
        "awards:session_attendance": lambda: {"pk": session()},
        "awards:session_reschedule": lambda: {"pk": session()},
        "awards:session_add_proposals": lambda: {"pk": session()},
        "awards:session_decide": lambda: {"pk": session()},
        "awards:session_close": lambda: {"pk": session()},
        "awards:session_minutes": lambda: {"pk": session()},
        "awards:ballot_open": lambda: {"pk": session()},
        "awards:ballot_vote": lambda: {"pk": _first(Ballot.objects.all())},
        "awards:ballot_close": lambda: {"pk": _first(Ballot.objects.all())},
        "awards:decision_detail": lambda: {"pk": _first(Decision.objects.all())},
        "awards:decision_docx": lambda: {"pk": _first(Decision.objects.all())},
        "awards:decision_pdf": lambda: {"pk": _first(Decision.objects.all())},
        "awards:certificate_print": lambda: {
            "pk": _first(Award.objects.filter(person__isnull=False))
        },
        "awards:certificate_layout": lambda: {"code": "BK_BO"},
        "awards:certificate_test": lambda: {"code": "BK_BO"},
        "awards:registry_revoke": lambda: {
            "pk": _first(Award.objects.filter(**{"person__" + k: v for k, v in in_attt.items()}))
        },
        "awards:review_person": lambda: {"person_pk": target_person()},
        # the world has no round: every round page is a 404 for the office
        "awards:round_detail": lambda: {"year": year - 1},
        "awards:round_job": lambda: {"year": year - 1},
        "awards:round_step_run": lambda: {"year": year - 1, "step": "ratings"},
        "awards:round_step_confirm": lambda: {"year": year - 1, "step": "ratings"},
        "awards:round_step_reopen": lambda: {"year": year - 1, "step": "ratings"},
        "awards:round_step_verdicts": lambda: {"year": year - 1, "step": "titles"},
        "awards:round_verdict_choose": lambda: {"pk": MISSING},
        "awards:round_propose": lambda: {"year": year - 1},
        "party:resolution": lambda: {"pk": resolution()},
        "party:resolution_file": lambda: {"pk": resolution()},
        "party:meeting": lambda: {"pk": _first(CellMeeting.objects.filter(cell=cell))},
        "party:inspection_done": lambda: {
            "pk": _first(Inspection.objects.filter(done_on__isnull=True))
        },
        "party:inspection": lambda: {"pk": cell_inspection()},
        "party:inspection_practice": lambda: {"pk": cell_inspection()},
        "goals:field_visit": lambda: {"pk": field_visit()},
        "goals:field_visit_task": lambda: {"pk": field_visit()},
        "goals:field_visit_practice": lambda: {"pk": field_visit()},
        "emulation:practice_publish": lambda: {"pk": practice()},
        "emulation:practice_decline": lambda: {"pk": practice()},
        "party:campaign_new": lambda: {"pk": resolution()},
        "party:campaign": lambda: {"pk": campaign()},
        "party:campaign_answers": lambda: {"pk": campaign()},
        "party:campaign_export": lambda: {"pk": campaign(), "fmt": "csv"},
        "messaging:message": lambda: {"token": delivery()},
        "messaging:acknowledge": lambda: {"token": delivery()},
        "messaging:dispatch_progress": lambda: {"pk": _first(Dispatch.objects.all())},
        "assistant:feedback": lambda: {"pk": _first(Exchange.objects.all())},
        "assistant:document": lambda: {"pk": _first(Document.objects.filter(audience="unit"))},
    }


def api_values(world: World) -> dict[str, Callable[[], int | str]]:
    """API path parameter → a function giving its value (records of ATTT or its cell), for
    the parameters the goals' operations do not already name (test_permission_matrix)."""
    from thidua.core.models import Job
    from thidua.messaging.models import Delivery

    attt = world.ids["attt"]
    pages = resolvers(world)

    def message() -> int:
        # An in-app message of a member of ATTT with no login: nobody in the matrix owns it.
        return _first(
            Delivery.objects.filter(
                person__unit__path__startswith=attt.path,
                person__user__isnull=True,
                channel="in_app",
            )
        )

    def role() -> int:
        # ATTT's head's role (a state role): the administrator manages it.
        from thidua.org.models import RoleAssignment

        return _first(RoleAssignment.objects.filter(role="unit_head", unit=attt))

    def movement() -> int:
        from thidua.emulation.models import Movement

        return _first(Movement.objects.filter(status="registration_open"))

    def party_values() -> dict[str, Callable[[], int]]:
        from thidua.org.models import PartyMembership
        from thidua.party.models import Campaign, CellMeeting, Inspection

        cell = world.ids["own_cell"]

        def inspection() -> int:
            found = Inspection.objects.filter(by_body=cell).order_by("pk").first()
            if found is None:
                from thidua.party import services as party_services

                found = party_services.inspection_plan(
                    actor=world.users["secretary"],
                    kind="kiem_tra",
                    by_body=cell,
                    subject="Kiểm tra thử",
                    planned_on=world.ids["yesterday"],
                )
            return found.pk

        return {
            "body_id": lambda: cell.pk,
            "membership_id": lambda: _first(PartyMembership.objects.filter(organization=cell)),
            "resolution_id": lambda: world.ids["cell_resolution"].pk,
            "campaign_id": lambda: _first(Campaign.objects.all()),
            "meeting_id": lambda: _first(CellMeeting.objects.filter(cell=cell)),
            "inspection_id": inspection,
        }

    def emulation_values() -> dict[str, Callable[[], int]]:
        from thidua.emulation.models import (
            AnnualRating,
            Initiative,
            Lesson,
            RatingAppeal,
            Registration,
            UnitRating,
            ValueRecord,
            WorkAssignment,
        )
        from thidua.goals.models import GoodPractice

        person = world.ids["attt_person"]
        return {
            "lesson_id": lambda: _first(Lesson.objects.all()),
            "appeal_id": lambda: _first(RatingAppeal.objects.filter(rating__person=person)),
            "registration_id": lambda: _first(Registration.objects.filter(movement_id=movement())),
            "unit_id": lambda: attt.pk,
            "rating_id": lambda: _first(AnnualRating.objects.filter(person=person)),
            "record_id": lambda: _first(ValueRecord.objects.filter(person=person)),
            "initiative_id": lambda: _first(Initiative.objects.all()),
            "month": lambda: 1,
            "assignment_id": lambda: _first(WorkAssignment.objects.filter(person=person)),
            "unit_rating_id": lambda: _first(UnitRating.objects.filter(unit=attt)),
            "practice_id": lambda: _first(GoodPractice.objects.filter(status="proposed")),
        }

    def awards_values() -> dict[str, Callable[[], int | str]]:
        from thidua.awards.models import Award, Ballot, CouncilSession, Decision, RoundVerdict

        return {
            "decision_id": lambda: _first(Decision.objects.all()),
            "award_id": lambda: _first(Award.objects.filter(person__isnull=False)),
            "code": lambda: "BK_BO",
            "step": lambda: "ratings",
            "verdict_id": lambda: _first(RoundVerdict.objects.all()),
            "session_id": lambda: _first(CouncilSession.objects.all()),
            "ballot_id": lambda: _first(Ballot.objects.all()),
        }

    def goals_values() -> dict[str, Callable[[], int]]:
        from thidua.goals.models import GoalChangeProposal, GoalTemplate

        return {
            "goal_proposal_id": lambda: _first(GoalChangeProposal.objects.all()),
            "template_id": lambda: _first(GoalTemplate.objects.all()),
            "visit_id": lambda: resolvers(world)["goals:field_visit"]()["pk"],
        }

    return {
        **goals_values(),
        "message_id": message,
        "dispatch_id": lambda: pages["messaging:dispatch_progress"]()["pk"],
        "movement_id": movement,
        **party_values(),
        **emulation_values(),
        "proposal_id": lambda: world.ids["attt_proposal"].pk,
        **awards_values(),
        "role_id": role,
        "run_id": _hr_sync_run,
        "job_id": lambda: _first(Job.objects.all()),  # an import job: none in the world
        # Teams, giao ban and the bell: the pages' targets (ATTT's team and meeting, the
        # unit head's notification).
        "team_id": lambda: pages["teams:detail"]()["pk"],
        "briefing_id": lambda: pages["meetings:detail"]()["pk"],
        "conclusion_id": lambda: pages["meetings:conclusion_delete"]()["item"],
        "notification_id": lambda: pages["notification_go"]()["pk"],
        "key": lambda: "awards.cstdcs_cap_share",  # an agency setting
        # The assistant's document of ATTT's audience (the page's target).
        "document_id": lambda: pages["assistant:document"]()["pk"],
    }
