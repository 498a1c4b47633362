"""Schemathesis over the whole API (/api/v1/openapi.json) as a signed-in unit head: no 5xx,
every answer (status, content type, body, headers) as the schema declares, schema-violating
input refused, auth enforced, and a refused request writes nothing."""

import os
from datetime import date

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from thidua.assistant.models import Exchange
from thidua.core.actors import SYSTEM
from thidua.core.models import AuditEvent
from thidua.goals.choices import GoalStatus
from thidua.goals.models import CheckIn, Goal, KeyResult, KeyResultTarget, Task
from thidua.goals.services import checkin_create, goal_create, task_create
from thidua.org.choices import Role
from thidua.org.services import role_grant

from ..factories import PersonFactory, UnitFactory, UserFactory

TODAY = date(2025, 7, 1)


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    root = UnitFactory(code="BO", name="Bộ", kind="ministry")
    dept = UnitFactory(code="CA", name="Cục A", parent=root)
    other = UnitFactory(code="CB", name="Cục B", parent=root)
    head = PersonFactory(unit=dept, full_name="Phạm Quốc Huy", user=UserFactory(username="huy"))
    staff = PersonFactory(unit=dept, full_name="Trần Thị Hoa", user=UserFactory(username="hoa"))
    PersonFactory(unit=other, full_name="Đỗ Minh Châu", user=UserFactory(username="chau"))
    role_grant(
        actor=SYSTEM, user=head.user, role=Role.UNIT_HEAD, unit=dept, valid_from=date(2020, 1, 1)
    )
    year = {
        "period_kind": "year",
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
    }
    goal = goal_create(
        actor=SYSTEM,
        title="Dịch vụ công",
        owner_unit=dept,
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Số dịch vụ", "target": 100}],
        **year,
    )
    personal = goal_create(
        actor=SYSTEM,
        title="Số hoá",
        owner_person=staff,
        parent=goal,
        status=GoalStatus.ACTIVE,
        key_results=[{"title": "Hồ sơ", "target": 1000}],
        **year,
    )
    kr = personal.key_results.get()
    checkin_create(actor=SYSTEM, key_result=kr, value=10, confidence="on_track")
    task_create(actor=SYSTEM, title="Việc", owner=head, key_result=goal.key_results.get())
    return head.user


@pytest.fixture(autouse=True)
def in_test_transaction():
    # Requests reach Django in this thread, inside the test's transaction: as Django's test
    # client does, the per-request connection clean-up is off meanwhile.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


WRITTEN_BY_THE_API = (Goal, KeyResult, KeyResultTarget, CheckIn, Task, Exchange, AuditEvent)


def _rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN_BY_THE_API}


# The signed-in user's cookies and CSRF header for the current test (set by `signed_in`).
CREDENTIALS: dict[str, dict[str, str]] = {}


@pytest.fixture
def signed_in(world):
    """The unit head's session and CSRF cookies, and the matching header, as a browser has them."""
    client = Client()
    client.force_login(world)
    token = get_random_string(32)
    CREDENTIALS["cookies"] = {"sessionid": client.cookies["sessionid"].value, "csrftoken": token}
    CREDENTIALS["headers"] = {"X-CSRFToken": token}
    yield
    CREDENTIALS.clear()


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@schema.auth(refresh_interval=None)
class SessionCookie:
    """Declared to schemathesis as the API's auth, so its auth check can also try each call
    without it (and expect 401)."""

    def get(self, case, context):
        return CREDENTIALS

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), **data.get("cookies", {})}
        case.headers = {**(case.headers or {}), **data.get("headers", {})}


# A small fixed budget in the normal suite (derandomized: the same cases every run);
# `make fuzz` sets API_FUZZ_EXAMPLES higher and lets Hypothesis pick new ones.
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "10"))


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize="API_FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_every_answer_matches_the_schema(case, signed_in):
    before = _rows()
    # Not checked: that every schema-valid request succeeds: business rules (a period
    # inside the parent's, the caller's rights) refuse many with 403/404/422, as they should.
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
    if response.status_code >= 400:
        assert _rows() == before, "a refused request wrote something"
