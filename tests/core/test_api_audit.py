"""API of the audit log (/api/v1/audit/events, issue 15, point 2): the page's events to the
page's viewers in the page's scope — an administrator everything, a unit head their units'
people and units, staff 403 — newest first, paged by cursor, the actor by name and the action
in words; bad filters 422; the read-only `audit` scope."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from thidua.accounts.tokens import ALL_SCOPES, token_create
from thidua.core.audit import audit_record
from thidua.core.models import AuditEvent
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/audit/events"


def test_an_administrator_reads_every_event_newest_first_with_names_and_words(
    client, org, org_admin
):
    PersonFactory(unit=org["root"], full_name="Ngô Quản Trị", user=org_admin)
    assignment = role_grant(
        actor=org_admin, user=UserFactory(), role=Role.COUNCIL_MEMBER, valid_from=date(2025, 1, 1)
    )
    audit_record(actor=None, action="setting.overridden", key="awards.council_quorum")
    client.force_login(org_admin)
    answer = client.get(API, HTTP_ACCEPT_LANGUAGE="vi")
    assert answer.status_code == 200, answer.content
    items = answer.json()["items"]
    assert items[0]["action"] == "setting.overridden" and items[0]["actor"] == ""
    granted = next(i for i in items if i["action"] == "role.granted")
    assert granted["actor"] == "Ngô Quản Trị" and granted["actor_login"] == "admin-test"
    assert granted["action_label"] == "Giao vai trò"
    assert granted["target_id"] == str(assignment.pk) and f"#{assignment.pk}" in granted["target"]
    assert granted["target_type"] == "org.roleassignment"
    assert any(c["after"] for c in granted["changes"]) or granted["details"]
    stamps = [i["created_at"] for i in items]
    assert stamps == sorted(stamps, reverse=True)


def test_the_filters_and_the_cursor_as_the_page(client, org, org_admin):
    for i in range(5):
        audit_record(actor=org_admin, action="unit.renamed", target=org["sec_a"], new=f"P{i}")
    audit_record(actor=None, action="person.created", target=org["staff_b"])
    client.force_login(org_admin)
    renamed = client.get(API, {"action": "unit.renamed", "limit": 2}).json()
    assert len(renamed["items"]) == 2 and renamed["next_cursor"]
    seen = [i["id"] for i in renamed["items"]]
    cursor = renamed["next_cursor"]
    while cursor:
        page = client.get(API, {"action": "unit.renamed", "limit": 2, "cursor": cursor}).json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
    assert seen == list(
        AuditEvent.objects.filter(action="unit.renamed")
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)
    )
    by_target = client.get(API, {"target_type": "org.person", "target_id": org["staff_b"].pk})
    assert [i["action"] for i in by_target.json()["items"]] == ["person.created"]
    by_actor = client.get(API, {"actor": "ADMIN-TEST"}).json()["items"]
    assert {i["action"] for i in by_actor} == {"unit.renamed"}
    today = timezone.localdate()
    assert client.get(API, {"since": today, "until": today}).json()["items"]
    later = client.get(API, {"since": today + timedelta(days=1)})
    assert later.status_code == 200 and later.json()["items"] == []


def test_a_unit_head_reads_only_the_events_of_the_units_they_lead(client, org):
    audit_record(actor=None, action="person.created", target=org["colleague_a"])
    audit_record(actor=None, action="unit.renamed", target=org["sec_a"])
    audit_record(actor=None, action="person.created", target=org["staff_b"])
    audit_record(actor=None, action="unit.renamed", target=org["dept_b"])
    audit_record(actor=None, action="setting.overridden", key="awards.council_quorum")
    client.force_login(org["head_a"].user)
    answer = client.get(API)
    assert answer.status_code == 200
    shown = {(i["target_type"], i["target_id"]) for i in answer.json()["items"]}
    assert shown == {("org.person", str(org["colleague_a"].pk)), ("org.unit", str(org["sec_a"].pk))}


def test_staff_and_anonymous_callers_are_refused_as_on_the_page(client, org):
    audit_record(actor=None, action="person.created", target=org["staff_a"])
    assert client.get(API).status_code == 401
    client.force_login(org["staff_a"].user)
    refused = client.get(API, HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 403 and refused.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        {"action": "no.such.action"},
        {"action": "x" * 10_000},
        {"since": "2026-02-30"},
        {"since": "2026-05-02", "until": "2026-05-01"},
        {"cursor": "!!"},
        {"limit": 0},
        {"target_id": "1" * 65},
    ],
)
def test_a_bad_filter_is_answered_422_in_vietnamese(client, org_admin, query):
    client.force_login(org_admin)
    answer = client.get(API, query, HTTP_ACCEPT_LANGUAGE="vi")
    assert answer.status_code == 422, answer.content
    assert answer.json()["detail"][0]["msg"]


def test_the_audit_scope_is_read_only_and_needed(org, org_admin):
    assert "audit:read" in ALL_SCOPES and "audit:write" not in ALL_SCOPES
    reader = token_create(
        actor=org_admin,
        name="SIEM",
        scopes=["audit:read"],
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    other = token_create(
        actor=org_admin,
        name="khác",
        scopes=["org:write"],
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    assert Client(HTTP_AUTHORIZATION=f"Bearer {reader.secret}").get(API).status_code == 200
    assert Client(HTTP_AUTHORIZATION=f"Bearer {other.secret}").get(API).status_code == 403
    with pytest.raises(ValidationError):
        token_create(
            actor=org_admin,
            name="ghi",
            scopes=["audit:write"],
            expires_on=timezone.localdate() + timedelta(days=30),
        )
