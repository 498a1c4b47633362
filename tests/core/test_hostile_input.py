"""Hostile input on the HTML pages: no 5xx, and a refused request writes nothing.

Every page pattern is discovered from the URLconf (the API and the admin have their own
sweeps), its path filled with real records of the demo ministry, and requested by the
administrator (a superuser) and by a plain staff member with hostile values in every query
parameter its view reads and in its path; every view that accepts POST gets garbage in
every field it reads. A new page is swept without anyone listing it; a new path argument
fails `test_every_page_with_path_arguments_declares_real_values` until declared below.

The default run samples the combinations with a fixed seed to stay fast; `make fuzz`
(marker `fuzz`) runs all of them.
"""

from __future__ import annotations

import contextlib
import inspect
import random
import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.messages import constants as message_levels
from django.db import connection
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ..conftest import demo_loaded

pytestmark = pytest.mark.django_db

HOSTILE = [
    "abc",
    "²",
    "99999999999999999999",
    "-1",
    "0",
    "2026-02-30",
    "NaN",
    "inf",
    "x" * 10_000,
]
SKIPPED_PREFIXES = ("api/", "admin/")
USERS = ("quantri", "canbo")  # the administrator (superuser) and a plain staff member
SEED = 20261203
# Tables a refused request may still touch: the session (login, messages) and nothing else.
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
ALLOWED_WRITES = ("django_session",)


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    view: object
    converters: dict

    @property
    def source(self) -> str:
        try:
            return inspect.getsource(inspect.unwrap(self.view))
        except (OSError, TypeError):
            return ""

    @property
    def module_source(self) -> str:
        try:
            return inspect.getsource(inspect.getmodule(inspect.unwrap(self.view)))
        except (OSError, TypeError):
            return ""


def discover_pages() -> list[Page]:
    found: list[Page] = []

    def walk(patterns, prefix: str, namespace: str, converters: dict):
        for p in patterns:
            route = prefix + str(p.pattern)
            convs = {**converters, **p.pattern.converters}
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, route, ns, convs)
            elif isinstance(p, URLPattern) and not route.startswith(SKIPPED_PREFIXES):
                name = f"{namespace}:{p.name}" if namespace else (p.name or route)
                found.append(Page(name=name, route=route, view=p.callback, converters=convs))

    walk(get_resolver().url_patterns, "", "", {})
    return found


PAGES = discover_pages()

# Query parameters read by hand (request.GET.get("x")) or through a form bound to
# request.GET, in the view's own source or in the module's helpers it calls.
GET_READ = re.compile(
    r"request\.GET(?:\.get|\.getlist)?[\(\[]\s*\"(\w+)\"|_params?\(\s*request\.GET,\s*\"(\w+)\""
)
POST_READ = re.compile(
    r"request\.POST(?:\.get|\.getlist)?[\(\[]\s*f?\"([\w-]+)|_params?\(\s*request\.POST,\s*\"(\w+)\""
)
FORM_USED = re.compile(r"\b([A-Z]\w*(?:Form|FormSet))\(")
LITERAL_CHOICE = re.compile(r"(?:action|decision|to)\"?\)?\s*==\s*\"([\w-]+)\"")
HELPER_CALL = re.compile(r"\b(_\w+)\(")


def _helpers_source(page: Page) -> str:
    """The view's source plus that of the module-level helpers it calls (one level deep)."""
    view = inspect.unwrap(page.view)
    module = inspect.getmodule(view)
    source = page.source
    parts = [source]
    for name in set(HELPER_CALL.findall(source)):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper):
            with contextlib.suppress(OSError):
                parts.append(inspect.getsource(helper))
    return "\n".join(parts)


def _form_fields(page: Page, source: str) -> set[str]:
    module = inspect.getmodule(inspect.unwrap(page.view))
    fields: set[str] = set()
    for name in set(FORM_USED.findall(source)):
        form = getattr(module, name, None)
        if isinstance(form, type) and issubclass(form, BaseForm):
            fields |= set(form.base_fields)
        elif isinstance(form, type) and issubclass(form, BaseFormSet):
            fields |= {f"form-0-{f}" for f in form.form.base_fields}
    return fields


def get_params(page: Page) -> list[str]:
    source = _helpers_source(page)
    names = {a or b for a, b in GET_READ.findall(source)}
    if "request.GET or None" in source or "request.GET," in source:
        names |= _form_fields(page, source)
    # Parameters every page may be sent by a link or a person.
    names |= {"page", "next"}
    return sorted(names)


def post_fields(page: Page) -> tuple[list[str], list[str]]:
    """(field names, literal action values) the view reads from a POST."""
    source = _helpers_source(page)
    names = {a or b for a, b in POST_READ.findall(source)} | _form_fields(page, source)
    return sorted(names), sorted(set(LITERAL_CHOICE.findall(source)))


def accepts_post(page: Page) -> bool:
    return "POST" in page.source


def _first(model, **filters):
    return model.objects.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def path_values() -> dict[str, dict]:
    """URL name → real path arguments (records of the demo ministry)."""
    from thidua.assistant.models import Document, Exchange
    from thidua.awards.models import (
        Award,
        Ballot,
        CertificateLayout,
        CouncilSession,
        Decision,
        RoundVerdict,
    )
    from thidua.awards.models import Proposal as AwardProposal
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
    from thidua.org.models import HrSyncRun, Person, PersonPosition, Unit
    from thidua.party.models import Campaign, CellMeeting, Inspection, Resolution

    person = Person.objects.get(user__username="canbo")
    unit = person.unit_id
    year = 2025
    goal = _first(Goal, owner_unit__isnull=False)
    rating = _first(AnnualRating, person=person) or _first(AnnualRating)
    movement = _first(Movement)
    session = _first(CouncilSession)
    decision = _first(Decision)
    resolution = _first(Resolution)
    campaign = _first(Campaign)
    lesson = _first(Lesson)
    layout = (
        CertificateLayout.objects.values_list("code", flat=True).first()
        or Award.objects.values_list("code", flat=True).first()
    )
    token = (
        Delivery.objects.filter(person=person).values_list("token", flat=True).first()
        or Delivery.objects.values_list("token", flat=True).first()
    )
    from thidua.core.models import Notification

    note = Notification.objects.create(
        user=person.user, key="hostile", title="Hostile", url="/", raised_at=timezone.now()
    )
    from thidua.goals.models import FieldVisit, GoodPractice
    from thidua.meetings.models import BriefingMeeting, Conclusion

    briefing = _first(BriefingMeeting)
    from datetime import timedelta

    from django.db.models import F

    from thidua.accounts.tokens import token_create
    from thidua.teams.models import Team, TeamMember

    access_token = token_create(
        actor=person.user,
        name="Hostile",
        scopes=["goals:read"],
        expires_on=timezone.localdate() + timedelta(days=30),
    ).token

    return {
        "notification_go": {"pk": note.pk},
        "accounts:token_revoke": {"pk": access_token.pk},
        "teams:detail": {"pk": _first(Team)},
        "teams:member_remove": {
            "pk": _first(Team),
            "person_id": TeamMember.objects.filter(team_id=_first(Team))
            .exclude(person_id=F("team__lead_id"))
            .values_list("person_id", flat=True)
            .first()
            or person.pk,
        },
        "teams:close": {"pk": _first(Team)},
        "meetings:detail": {"pk": briefing},
        "meetings:close": {"pk": briefing},
        "meetings:assignees": {"pk": briefing},
        "meetings:key_results": {"pk": briefing},
        "meetings:notice": {"pk": briefing},
        "meetings:conclusion_delete": {
            "pk": briefing,
            "item": _first(Conclusion, meeting_id=briefing),
        },
        "org:unit": {"pk": unit},
        "org:unit_staff": {"pk": unit},
        "org:person": {"pk": person.pk},
        "org:job": {"pk": _first(Job)},
        "org:hr_sync_run": {"pk": HrSyncRun.objects.create(trigger="manual", status="no_file").pk},
        "goals:detail": {"pk": goal},
        "goals:person": {"pk": person.pk},
        "goals:accept": {"pk": goal},
        "goals:publish": {"pk": goal},
        "goals:propose": {"pk": goal},
        "goals:proposal_decide": {"pk": _first(GoalChangeProposal)},
        "goals:checkin": {"kr_pk": _first(KeyResult)},
        "goals:verify": {"pk": _first(CheckIn)},
        "goals:checkin_edit": {"pk": _first(CheckIn)},
        "goals:checkin_evidence": {"pk": _first(CheckIn)},
        "goals:supports": {"pk": goal},
        "goals:unit_tree": {"pk": unit},
        "goals:children": {"pk": goal},
        "goals:task_status": {"pk": _first(Task)},
        "goals:template_apply": {"pk": _first(GoalTemplate)},
        "goals:program": {"pk": _first(Program)},
        "emulation:movement_detail": {"pk": movement},
        "emulation:movement_edit": {"pk": _first(Movement, status="draft") or movement},
        "emulation:movement_advance": {"pk": movement},
        "emulation:movement_publish": {"pk": movement},
        "emulation:movement_register": {"pk": movement},
        "emulation:movement_withdraw": {
            "pk": movement,
            "reg_pk": _first(Registration, movement_id=movement),
        },
        "emulation:movement_scores": {"pk": movement},
        "emulation:movement_scores_compute": {"pk": movement},
        "emulation:lesson_detail": {"pk": lesson},
        "emulation:lesson_adopt": {"pk": lesson},
        "emulation:practice_publish": {"pk": _first(GoodPractice)},
        "emulation:practice_decline": {"pk": _first(GoodPractice)},
        "goals:field_visit": {"pk": _first(FieldVisit)},
        "goals:field_visit_task": {"pk": _first(FieldVisit)},
        "goals:field_visit_practice": {"pk": _first(FieldVisit)},
        "emulation:rating_detail": {"pk": rating},
        "emulation:rating_conduct_facts": {"pk": rating},
        "emulation:rating_agency_criteria": {"pk": rating},
        # the demo runs the 2025 commendation round
        "awards:round_detail": {"year": year},
        "awards:round_job": {"year": year},
        "awards:round_step_run": {"year": year, "step": "titles"},
        "awards:round_step_confirm": {"year": year, "step": "titles"},
        "awards:round_step_reopen": {"year": year, "step": "titles"},
        "awards:round_step_verdicts": {"year": year, "step": "titles"},
        "awards:round_verdict_choose": {"pk": _first(RoundVerdict)},
        "awards:round_propose": {"year": year},
        "emulation:rating_self_assess": {"pk": rating},
        "emulation:rating_propose": {"pk": rating},
        "emulation:rating_task_group": {"pk": rating},
        "emulation:rating_approve": {"pk": rating},
        "emulation:rating_publish": {"pk": rating},
        "emulation:rating_appeal": {"pk": rating},
        "emulation:rating_appeal_decide": {"pk": _first(RatingAppeal)},
        "emulation:rating_prepare": {"pk": person.pk, "year": year},
        "emulation:rating_person_month": {"pk": person.pk, "year": year, "month": 3},
        "emulation:rating_unit": {"pk": unit, "year": year},
        "emulation:rating_unit_prepare": {"pk": unit, "year": year},
        "emulation:rating_unit_cap": {"pk": unit, "year": year},
        "emulation:rating_catalogue": {"pk": unit},
        "emulation:rating_unit_ratings": {"pk": _first(Unit, parent__isnull=True), "year": year},
        "emulation:record_year": {"person_pk": person.pk, "year": year},
        "emulation:record_edit": {
            "person_pk": person.pk,
            "year": year,
            "post_pk": _first(PersonPosition, person=person),
        },
        "emulation:record_evidence": {"pk": _first(ValueRecord)},
        "emulation:initiative_edit": {"pk": _first(Initiative)},
        "emulation:assessment_invite": {"person_pk": person.pk, "year": year},
        "emulation:assessment_answer": {"token": "no-such-token"},
        "awards:proposal_detail": {"pk": _first(AwardProposal)},
        "awards:proposal_submit": {"pk": _first(AwardProposal)},
        "awards:proposal_edit": {"pk": _first(AwardProposal)},
        "awards:proposal_override": {"pk": _first(AwardProposal)},
        "awards:proposal_check": {"pk": _first(AwardProposal)},
        "awards:session_detail": {"pk": session},
        "awards:session_attendance": {"pk": session},
        "awards:session_add_proposals": {"pk": session},
        "awards:session_decide": {"pk": session},
        "awards:session_close": {"pk": session},
        "awards:session_reschedule": {"pk": session},
        "awards:session_minutes": {"pk": session},
        "awards:ballot_open": {"pk": session},
        "awards:ballot_vote": {"pk": _first(Ballot)},
        "awards:ballot_close": {"pk": _first(Ballot)},
        "awards:decision_detail": {"pk": decision},
        "awards:decision_docx": {"pk": decision},
        "awards:decision_pdf": {"pk": decision},
        "awards:certificate_print": {"pk": _first(Award, person__isnull=False)},
        "awards:certificate_layout": {"code": layout},
        "awards:certificate_test": {"code": layout},
        "awards:registry_revoke": {"pk": _first(Award)},
        "awards:review_person": {"person_pk": person.pk},
        "party:resolution": {"pk": resolution},
        "party:resolution_file": {"pk": resolution},
        "party:meeting": {"pk": _first(CellMeeting)},
        "party:inspection_done": {"pk": _first(Inspection, done_on__isnull=True)},
        "party:inspection": {"pk": _first(Inspection)},
        "party:inspection_practice": {"pk": _first(Inspection)},
        "party:campaign_new": {"pk": resolution},
        "party:campaign": {"pk": campaign},
        "party:campaign_answers": {"pk": campaign},
        "party:campaign_export": {"pk": campaign, "fmt": "xlsx"},
        "messaging:message": {"token": token},
        "messaging:acknowledge": {"token": token},
        "messaging:dispatch_progress": {"pk": _first(Dispatch)},
        "assistant:feedback": {"pk": _first(Exchange)},
        "assistant:document": {"pk": _first(Document)},
    }


def _records_the_demo_lacks() -> None:
    """Plain rows for the pages whose record the demo does not make (a job, a template, an
    appeal, a value record with evidence, a decision, a planned inspection, an answer)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from thidua.assistant.choices import AnswerMode
    from thidua.assistant.models import Exchange
    from thidua.awards.models import Decision
    from thidua.core.models import Job
    from thidua.emulation.models import AnnualRating, RatingAppeal, ValueRecord
    from thidua.goals.models import GoalTemplate
    from thidua.org.models import PartyOrganization, Person
    from thidua.party.choices import InspectionKind
    from thidua.party.models import Inspection

    user = get_user_model().objects.get(username="canbo")
    person = Person.objects.get(user=user)
    Job.objects.create(kind="org.import_people")
    GoalTemplate.objects.create(name="Mẫu mục tiêu thử")
    rating = AnnualRating.objects.filter(person=person).first() or AnnualRating.objects.first()
    RatingAppeal.objects.create(rating=rating, text="Đề nghị xem xét lại mức xếp loại.")
    record = ValueRecord(person=person, year=2025)
    record.evidence.save("minh-chung.txt", ContentFile(b"minh chung"), save=False)
    record.save()
    Decision.objects.create(issuer="Bộ Thử nghiệm", summary="Khen thưởng thử")
    Inspection.objects.create(
        kind=InspectionKind.KIEM_TRA,
        by_body=PartyOrganization.objects.order_by("pk").first(),
        planned_on=date(2026, 6, 1),
    )
    Exchange.objects.create(asker=user, question="Thi đua là gì?", mode=AnswerMode.values[0])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo ministry, loaded once for the module and rolled back at its end."""
    with demo_loaded(django_db_blocker, people=300):
        _records_the_demo_lacks()
        yield path_values()


@pytest.fixture
def clients(world, db):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(USERS, field_name="username")
    assert users["quantri"].is_superuser and not users["canbo"].is_superuser
    result = {}
    for username in USERS:
        client = Client(raise_request_exception=False)
        client.force_login(users[username])
        result[username] = client
    return result


def _url(page: Page, kwargs: dict) -> str:
    return reverse(page.name, kwargs=kwargs)


def _failure(response) -> str:
    exc = getattr(response, "exc_info", None)
    detail = f"{exc[0].__name__}: {str(exc[1])[:200]}" if exc else ""
    return f"{response.status_code} {detail}"


def _budget(items: list, size: int | None, key: str) -> list:
    """All items under `make fuzz`; otherwise a fixed-seed sample of `size`."""
    if size is None or len(items) <= size:
        return items
    return random.Random(f"{SEED}-{key}").sample(items, size)


# --- discovery is complete -------------------------------------------------------------


def test_every_page_with_path_arguments_declares_real_values(world):
    undeclared = [p.route for p in PAGES if p.converters and p.name not in world]
    assert undeclared == []
    missing = {name: kw for name, kw in world.items() if None in kw.values()}
    assert missing == {}, "the demo lacks a record for these pages"


def test_the_sweep_finds_the_pages_params_and_forms():
    names = {p.name for p in PAGES}
    assert {"awards:registry_list", "goals:unit_tree", "awards:session_attendance"} <= names
    by_name = {p.name: p for p in PAGES}
    assert "year" in get_params(by_name["awards:registry_list"])
    assert "from" in get_params(by_name["awards:statistics_page"])
    assert "on" in get_params(by_name["goals:unit_tree"])
    assert "parent" in get_params(by_name["goals:new"])
    assert "present" in post_fields(by_name["awards:session_attendance"])[0]
    assert "offset_x" in post_fields(by_name["awards:certificate_layout"])[0]


# --- the sweeps ------------------------------------------------------------------------


def _sweep_get(clients, world, page: Page, budget: int | None) -> list[str]:
    kwargs = world.get(page.name, {})
    url = _url(page, kwargs)
    cases = [(user, None, None) for user in USERS]
    cases += [
        (user, name, value) for user in USERS for name in get_params(page) for value in HOSTILE
    ]
    # Hostile path values: those the converter lets through reach the view.
    for arg, converter in page.converters.items():
        for value in HOSTILE:
            if re.fullmatch(converter.regex, value):
                for user in USERS:
                    cases.append((user, f"path:{arg}", value))
    failures = []
    for user, name, value in _budget(cases, budget, page.name):
        if name is None:
            target, data = url, {}
        elif name.startswith("path:"):
            target, data = _url(page, {**kwargs, name[5:]: value}), {}
        else:
            target, data = url, {name: value}
        response = clients[user].get(target, data)
        if response.status_code >= 500:
            shown = value if value is None or len(value) < 30 else value[:10] + "…"
            failures.append(f"GET {target} {name}={shown} as {user}: {_failure(response)}")
    return failures


def _refused(response) -> bool:
    if response.status_code >= 400:
        return True
    # Only the messages this request added (earlier ones wait in the cookie).
    added = response.wsgi_request._messages._queued_messages
    if any(m.level >= message_levels.WARNING for m in added):
        return True
    for context in response.context or []:  # a form shown again with its errors
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                return True
            if isinstance(value, BaseFormSet) and value.is_bound and not value.is_valid():
                return True
    return False


def _sweep_post(clients, world, page: Page, budget: int | None) -> list[str]:
    url = _url(page, world.get(page.name, {}))
    fields, actions = post_fields(page)
    cases = []
    for user in USERS:
        for value in HOSTILE:
            for action in actions or [None]:
                cases.append((user, value, action))
    failures = []
    for user, value, action in _budget(cases, budget, "post-" + page.name):
        data = dict.fromkeys(fields, value)
        if action is not None:
            for key in ("action", "decision", "to"):
                if key in data:
                    data[key] = action
        clients[user].cookies.pop("messages", None)
        with CaptureQueriesContext(connection) as queries:
            response = clients[user].post(url, data)
        shown = value if len(value) < 30 else value[:10] + "…"
        where = f"POST {url} fields={fields} value={shown} action={action} as {user}"
        if response.status_code >= 500:
            failures.append(f"{where}: {_failure(response)}")
            continue
        if _refused(response):
            writes = [
                q["sql"][:120]
                for q in queries.captured_queries
                if WRITE.match(q["sql"]) and not any(t in q["sql"] for t in ALLOWED_WRITES)
            ]
            if writes:
                failures.append(f"{where}: refused ({response.status_code}) but wrote {writes}")
    return failures


GET_PAGES = [pytest.param(p, id=p.name) for p in PAGES]
POST_PAGES = [pytest.param(p, id=p.name) for p in PAGES if accepts_post(p)]


@pytest.mark.parametrize("page", GET_PAGES)
def test_hostile_query_and_path_values_never_give_a_server_error(clients, world, page):
    assert _sweep_get(clients, world, page, budget=10) == []


@pytest.mark.parametrize("page", POST_PAGES)
def test_garbage_posts_never_give_a_server_error_nor_write_when_refused(clients, world, page):
    assert _sweep_post(clients, world, page, budget=4) == []


@pytest.mark.fuzz
@pytest.mark.parametrize("page", GET_PAGES)
def test_fuzz_every_hostile_query_and_path_value(clients, world, page):
    assert _sweep_get(clients, world, page, budget=None) == []


@pytest.mark.fuzz
@pytest.mark.parametrize("page", POST_PAGES)
def test_fuzz_every_garbage_post(clients, world, page):
    assert _sweep_post(clients, world, page, budget=None) == []


# --- the 500s the issue found, one by one ----------------------------------------------


def _text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/awards/registry/?year=²", "phải là một số nguyên"),
        ("/awards/registry/?unit=²", "phải là một số nguyên"),
        ("/awards/statistics/?from=²", "phải là một số nguyên"),
        ("/awards/statistics/export.xlsx?to=99999999999999999999", "phải nằm trong khoảng"),
        ("/emulation/initiatives/?year=²", "phải là một số nguyên"),
        ("/emulation/initiatives/?kind=NaN", "phải là một trong các giá trị"),
        ("/goals/new/?parent=abc", "phải là một số nguyên"),
        ("/emulation/ratings/?year=inf", "phải là một số nguyên"),
    ],
)
def test_an_unreadable_query_parameter_is_a_400_naming_it_in_vietnamese(clients, url, said):
    response = clients["quantri"].get(url)
    assert response.status_code == 400
    assert said in _text(response)
    assert "Chưa có gì được lưu" in _text(response)


def test_an_impossible_date_on_the_unit_goal_tree_is_a_400(clients, world):
    url = reverse("goals:unit_tree", kwargs=world["goals:unit_tree"])
    response = clients["canbo"].get(url, {"on": "2026-02-30"})
    assert response.status_code == 400
    assert "ngày có thật" in _text(response)
    assert clients["canbo"].get(url, {"on": "2026-02-28"}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/org/units/99999999999999999999/",
        "/goals/99999999999999999999/",
        "/emulation/ratings/units/1/99999/",
        "/emulation/ratings/unit-ratings/1/0/",
        "/emulation/ratings/people/1/2025/13/",
    ],
)
def test_a_path_argument_no_record_can_have_is_a_404(clients, url):
    assert clients["quantri"].get(url).status_code == 404


def test_deciding_a_decided_goal_proposal_again_says_so_and_changes_nothing(clients, world):
    from thidua.core.models import AuditEvent
    from thidua.goals.models import GoalChangeProposal

    proposal = GoalChangeProposal.objects.get(pk=world["goals:proposal_decide"]["pk"])
    url = reverse("goals:proposal_decide", kwargs={"pk": proposal.pk})
    clients["quantri"].post(url, {"decision": "reject"})
    proposal.refresh_from_db()
    decided = (proposal.status, proposal.decided_at)
    events = AuditEvent.objects.count()

    response = clients["quantri"].post(url, {"decision": "approve"})

    assert response.status_code == 302
    said = [str(m) for m in response.wsgi_request._messages._queued_messages]
    assert any("đã được quyết định" in m for m in said), said
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_at) == decided
    assert AuditEvent.objects.count() == events


def test_garbage_council_attendance_is_a_400_and_changes_nobodys_presence(clients, world):
    from thidua.awards.models import CouncilMember

    session = world["awards:session_attendance"]["pk"]
    before = list(CouncilMember.objects.filter(session_id=session).values_list("pk", "present"))
    url = reverse("awards:session_attendance", kwargs={"pk": session})

    response = clients["quantri"].post(url, {"present": ["abc", str(before[0][0])]})

    assert response.status_code == 400
    assert "phải là một số nguyên" in _text(response)
    after = list(CouncilMember.objects.filter(session_id=session).values_list("pk", "present"))
    assert after == before


@pytest.mark.parametrize("value", ["NaN", "inf", "-Infinity", "1e400", "abc"])
def test_a_certificate_offset_that_is_not_a_number_is_refused_and_not_saved(clients, world, value):
    from thidua.awards.models import CertificateLayout

    code = world["awards:certificate_layout"]["code"]
    url = reverse("awards:certificate_layout", kwargs={"code": code})
    saved = list(CertificateLayout.objects.values_list("code", "offset_x_mm", "offset_y_mm"))

    response = clients["quantri"].post(url, {"offset_x": value, "offset_y": "0"})

    assert response.status_code == 200
    assert "Nhập số milimét." in _text(response)
    assert (
        list(CertificateLayout.objects.values_list("code", "offset_x_mm", "offset_y_mm")) == saved
    )


# --- the parsing layer itself ----------------------------------------------------------


@pytest.mark.parametrize("raw", ["²", "abc", "1.5", "1e3", "NaN", " ", "-", "+1", "١٢"])
def test_int_param_reads_only_ascii_whole_numbers(raw):
    from thidua.core.params import BadParameter, int_param

    if raw.strip():
        with pytest.raises(BadParameter):
            int_param({"n": raw}, "n")
    else:
        assert int_param({"n": raw}, "n", default=7) == 7


def test_id_param_refuses_ids_no_table_can_hold_and_accepts_the_largest():
    from thidua.core.params import MAX_ID, BadParameter, id_param

    assert id_param({"id": str(MAX_ID)}, "id") == MAX_ID
    for raw in ("0", "-1", str(MAX_ID + 1), "99999999999999999999"):
        with pytest.raises(BadParameter):
            id_param({"id": raw}, "id")


def test_date_param_refuses_days_that_do_not_exist():
    from thidua.core.params import BadParameter, date_param

    assert date_param({"on": "2024-02-29"}, "on") == date(2024, 2, 29)
    for raw in ("2026-02-30", "2026-2-3", "20260203", "x" * 10_000, "２０２６-01-01"):
        with pytest.raises(BadParameter):
            date_param({"on": raw}, "on")


@pytest.mark.parametrize("raw", ["NaN", "inf", "-Infinity", "sNaN", "1e", "²"])
def test_decimal_param_refuses_what_is_not_a_finite_number(raw):
    from thidua.core.params import BadParameter, decimal_param

    with pytest.raises(BadParameter):
        decimal_param({"x": raw}, "x")


def test_next_url_param_takes_only_a_path_on_this_site(rf):
    from thidua.core.params import next_url_param

    for raw, expected in [
        ("/goals/1/", "/goals/1/"),
        ("abc", None),
        ("//evil.example/", None),
        ("https://evil.example/", None),
        ("/\\evil.example", None),
    ]:
        assert next_url_param(rf.post("/", {"next": raw})) == expected, raw
