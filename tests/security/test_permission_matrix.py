"""The permission matrix (issue 10, point 1): every page and API operation — discovered from
the URLconf and the OpenAPI schema — tried by every role, reading and writing.

For each role the test checks the status the expectations declare (expectations.py), that no
page or answer shows contact details of people outside the role's scope or a unit's private
notes, and that every write a role must not make is refused with nothing written.
"""

from __future__ import annotations

import json
import re

import pytest
from django.apps import apps
from django.contrib import messages
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from .discovery import operations, pages
from .expectations import LOGIN, OPERATIONS, PAGES, POST_ONLY, PUBLIC, SIGNED_IN
from .targets import MISSING, api_values, resolvers
from .world import PRIVATE_MARKER, RATING_MARKER, ROLES, build_world

EVERYTHING = {"leadership", "office", "admin"}  # ministry-wide private reads
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DIGITS = re.compile(r"\+?\d[\d .-]{7,}\d")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        built = build_world()
        built.ids["scopes"] = _scopes(built)
        yield built
        call_command("flush", interactive=False, verbosity=0)


def _scopes(world) -> dict[str, set[int] | None]:
    """Whose contact details each role may read (None: everyone) — computed here from the
    world, independently of the application's own scope code."""
    from thidua.org.models import PartyMembership, Person

    def person_of(role):
        return Person.objects.filter(user=world.users[role]).values_list("pk", flat=True).first()

    def subtree(unit):
        return set(
            Person.objects.filter(unit__path__startswith=unit.path).values_list("pk", flat=True)
        )

    def cell_members(cell):
        return set(
            PartyMembership.objects.filter(organization=cell, valid_to__isnull=True).values_list(
                "person_id", flat=True
            )
        )

    scopes: dict[str, set[int] | None] = {"anonymous": set()}
    for role in SIGNED_IN:
        scopes[role] = None if role in EVERYTHING else {person_of(role)} - {None}
    scopes["unit_head"] |= subtree(world.ids["attt"])
    scopes["other_head"] |= subtree(world.ids["other_unit"])
    scopes["secretary"] |= cell_members(world.ids["own_cell"])
    scopes["other_secretary"] |= cell_members(world.ids["other_cell"])
    return scopes


def _client(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _leaks(world, role: str, body: str) -> list[str]:
    """Contact details of people outside the role's scope, and ATTT's private notes."""
    scope = world.ids["scopes"][role]
    found: list[str] = []
    if scope is not None:
        shown = set(EMAIL.findall(body)) | {re.sub(r"[ .-]", "", d) for d in DIGITS.findall(body)}
        for person_id, contacts in world.contacts.items():
            if person_id not in scope and any(c in shown for c in contacts):
                found.append(f"contact details of person {person_id}")
    if role not in EVERYTHING | {"unit_head"} and PRIVATE_MARKER in body:
        found.append("the achievements of a proposal of ATTT")
    rated = world.ids["attt_person"].pk
    if scope is not None and rated not in scope and RATING_MARKER in body:
        found.append("a head's comment on a rating in ATTT")
    return found


def _is_login(response) -> bool:
    return response.status_code == 302 and "/accounts/login" in response.get("Location", "")


# Tables a request writes whatever it does: sessions and django-axes' access log.
BOOKKEEPING = {"django_session", "axes_accesslog", "axes_accessattempt", "axes_accessfailurelog"}


def _fingerprint() -> tuple:
    """Row counts of every table and the latest change of every timestamped one."""
    parts = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy or model._meta.db_table in BOOKKEEPING:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 (table names of our models)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            parts.append(f"(SELECT MAX(updated_at) FROM {table})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


def _body(response) -> str:
    if not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return ""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


# ---- pages ------------------------------------------------------------------------------


def test_every_page_and_operation_has_a_declared_expectation():
    discovered = {p.name for p in pages()}
    declared = set(PAGES)
    assert not discovered - declared, f"pages with no expectation: {sorted(discovered - declared)}"
    assert not declared - discovered, f"expectations of no page: {sorted(declared - discovered)}"
    found = {f"{op.method} {op.path}" for op in operations()}
    assert not found - set(OPERATIONS), (
        f"API operations with no expectation: {sorted(found - set(OPERATIONS))}"
    )
    assert not set(OPERATIONS) - found, (
        f"expectations of no operation: {sorted(set(OPERATIONS) - found)}"
    )


def _page_url(world, name: str) -> str:
    kwargs = resolvers(world)[name]() if name in resolvers(world) else {}
    return reverse(name, kwargs=kwargs)


def _check_get(rule, role: str, response) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"{role}: {status}"
    if role in rule.loose:
        return None
    if rule.get == PUBLIC:
        return None if status < 400 else f"{role}: {status}, expected the page"
    if role == "anonymous" and not rule.public_link:
        return None if _is_login(response) or status in (401, 405) else f"anonymous: {status}"
    if rule.get == POST_ONLY:
        return None if status == 405 else f"{role}: {status}, expected 405 (POST only)"
    allowed = rule.get == LOGIN or role in rule.get
    if allowed:
        return (
            None
            if status < 400 and not _is_login(response)
            else f"{role}: {status}, expected the page"
        )
    return None if status in (403, 404) else f"{role}: {status}, expected 403/404"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_answers_each_role_as_declared_and_leaks_nothing(world, name):
    rule = PAGES[name]
    url = _page_url(world, name)
    problems = []
    for role in ROLES:
        response = _client(world, role).get(url)
        problem = _check_get(rule, role, response)
        if problem:
            problems.append(problem)
        if response.status_code == 200:
            problems += [f"{role}: {leak}" for leak in _leaks(world, role, _body(response))]
    assert not problems, f"GET {url}: " + "; ".join(problems)


def _refused(response) -> bool:
    """Refused: the login page, 401/403/404/405, or back to a page with an error message."""
    if _is_login(response) or response.status_code in (401, 403, 404, 405):
        return True
    if response.status_code == 302:
        return any(m.level == messages.ERROR for m in messages.get_messages(response.wsgi_request))
    return False


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in PAGES.items() if r.get != PUBLIC))
def test_writes_a_role_must_not_make_are_refused_and_change_nothing(world, name):
    rule = PAGES[name]
    url = _page_url(world, name)
    problems = []
    for role in ["anonymous", *sorted(rule.refuse)]:
        client = _client(world, role)
        before = _fingerprint()
        response = client.post(url, rule.post)
        if not _refused(response):
            problems.append(f"{role}: {response.status_code}")
        if _fingerprint() != before:
            problems.append(f"{role}: something was written")
    assert not problems, f"POST {url} must be refused: " + "; ".join(problems)


# ---- API --------------------------------------------------------------------------------


def _api_url(world, path: str) -> str:
    from thidua.goals.models import CheckIn, Goal, KeyResult, Task

    attt = world.ids["attt"]
    goal = Goal.objects.filter(owner_unit=attt, status="active").order_by("pk").first()
    key_result = KeyResult.objects.filter(goal=goal).order_by("pk").first()
    values = {
        "person_id": world.ids["attt_person"].pk,
        "goal_id": goal.pk,
        "kr_id": key_result.pk,
        "checkin_id": CheckIn.objects.filter(key_result=key_result).order_by("pk").first().pk,
        "task_id": Task.objects.filter(owner__user=world.users["staff"]).order_by("pk").first().pk,
        "exchange_id": MISSING,
        "year": world.ids["today"].year - 1,
    }
    extra = api_values(world)
    return re.sub(
        r"\{(\w+)\}",
        lambda m: str(values[m.group(1)] if m.group(1) in values else extra[m.group(1)]()),
        path,
    )


def _api_payload(world, rule) -> str:
    text = json.dumps(rule.post)
    text = text.replace('"{attt}"', str(world.ids["attt"].pk))
    return text.replace("{year}", str(world.ids["today"].year))


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(OPERATIONS))
def test_api_operation_answers_each_role_as_declared(world, key):
    method, path = key.split(" ", 1)
    rule = OPERATIONS[key]
    url = _api_url(world, path)
    problems = []
    for role in ROLES:
        client = _client(world, role)
        if method == "GET":
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"{role}: {response.status_code}")
            elif role == "anonymous":
                if response.status_code != 401:
                    problems.append(f"anonymous: {response.status_code}, expected 401")
            elif role in rule.loose:
                pass
            elif rule.get in (LOGIN, POST_ONLY, PUBLIC) or role in rule.get:
                if response.status_code != 200:
                    problems.append(f"{role}: {response.status_code}, expected 200")
            elif response.status_code not in (403, 404):
                # An operation whose `get` names roles: the others are refused.
                problems.append(f"{role}: {response.status_code}, expected 403/404")
            if response.status_code == 200:
                problems += [f"{role}: {leak}" for leak in _leaks(world, role, _body(response))]
        elif role == "anonymous" or role in rule.refuse:
            before = _fingerprint()
            # Updates carry `If-Match: *`: what refuses them is the permission, not the ETag.
            response = client.generic(
                method,
                url,
                _api_payload(world, rule),
                content_type="application/json",
                HTTP_IF_MATCH="*",
            )
            if response.status_code not in (401, 403, 404):
                problems.append(f"{role}: {response.status_code}, expected 401/403/404")
            if _fingerprint() != before:
                problems.append(f"{role}: something was written")
    assert not problems, f"{key}: " + "; ".join(problems)


# ---- scoped contents a status cannot show ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretary", "other_secretary"])
def test_a_cell_secretary_exports_only_her_cells_results_of_a_wider_campaign(world, role):
    from thidua.party.models import Campaign

    campaign = Campaign.objects.order_by("pk").first()
    cell = world.ids["own_cell" if role == "secretary" else "other_cell"]
    response = _client(world, role).get(
        reverse("party:campaign_export", kwargs={"pk": campaign.pk, "fmt": "json"})
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    rows = data["members"]
    assert rows, "the campaign reached the cell"
    assert {row["cell"] for row in rows} == {cell.code}
