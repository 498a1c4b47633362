"""The audit log: before/after on changes, append-only, readable by administrators only."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from thidua.core.actors import SYSTEM
from thidua.core.agency_settings import setting_override
from thidua.core.audit import audit_change, audit_for, audit_record, snapshot
from thidua.core.audit_labels import ACTION_LABELS, _declared_classes, action_label, is_declared
from thidua.core.choices import AuditAction, CoreAudit
from thidua.core.models import AuditEvent
from thidua.org.choices import MembershipStatus, PartyRole, Role
from thidua.org.models import PartyMembership, RoleAssignment
from thidua.org.services import role_grant, role_revoke

from ..factories import PartyOrganizationFactory, PersonFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2] / "thidua"


@pytest.fixture
def superuser(db):
    return UserFactory(username="root-test", is_superuser=True, is_staff=True)


@pytest.fixture
def event(db):
    return audit_record(actor=None, action="unit.created", code="X")


# ------------------------------------------------------------------ append-only in the admin
def test_admin_refuses_to_add_change_or_delete_audit_events_even_for_a_superuser(
    client, superuser, event
):
    client.force_login(superuser)
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert client.post("/admin/core/auditevent/add/", {"action": "x"}).status_code == 403
    change = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"action": "forged"})
    assert change.status_code == 403
    assert (
        client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    bulk = client.post(
        "/admin/core/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    event.refresh_from_db()
    assert (event.action, event.data) == ("unit.created", {"code": "X"})


# ------------------------------------------------------------------ append-only in PostgreSQL
def _on_postgresql():
    # The trigger exists on PostgreSQL only; `make test` runs this file on both databases.
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's (this run is on SQLite)")


def test_postgresql_refuses_to_update_or_delete_an_audit_event(event):
    _on_postgresql()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        # Nulling the actor is allowed only when nothing else changes with it.
        AuditEvent.objects.filter(pk=event.pk).update(actor=None, data={})
    event.refresh_from_db()
    assert (event.action, event.data) == ("unit.created", {"code": "X"})


def test_deleting_a_user_keeps_their_events_and_who_they_were(db):
    user = UserFactory(username="se-ra-di")
    kept = audit_record(actor=user, action="user.language_set", language="vi")
    user.delete()  # SET_NULL: the one UPDATE the trigger allows
    kept.refresh_from_db()
    assert (kept.actor_id, kept.actor_name, kept.data) == (None, "se-ra-di", {"language": "vi"})


# ------------------------------------------------------------------ before / after
def test_audit_change_lists_only_the_fields_that_changed(db):
    user = UserFactory(username="changer")
    before = {"target": "10", "title": "A", "note": None}
    recorded = audit_change(
        actor=user,
        action="key_result.target_changed",
        before=before,
        after={"target": "12", "title": "A", "note": "x"},
        reason="r",
    )
    assert recorded.data == {
        "changes": {"target": ["10", "12"], "note": [None, "x"]},
        "reason": "r",
    }
    assert recorded.actor_name == "changer"


def test_snapshot_keeps_foreign_keys_by_id_and_dates_in_iso(db):
    user = UserFactory()
    assignment = role_grant(actor=SYSTEM, user=user, role=Role.STAFF, valid_from=date(2025, 1, 2))
    assert snapshot(assignment, ["user", "valid_from", "valid_to"]) == {
        "user": user.pk,
        "valid_from": "2025-01-02",
        "valid_to": None,
    }


def test_role_grant_and_revoke_record_before_and_after(org_admin):
    user = UserFactory()
    assignment = role_grant(
        actor=org_admin, user=user, role=Role.EMULATION_OFFICER, valid_from=date(2025, 1, 1)
    )
    granted = audit_for(assignment).get(action="role.granted")
    assert granted.data["changes"]["role"] == [None, Role.EMULATION_OFFICER]
    role_revoke(actor=org_admin, assignment=assignment, valid_to=date(2025, 6, 30))
    revoked = audit_for(assignment).get(action="role.revoked")
    assert revoked.data["changes"] == {"valid_to": [None, "2025-06-30"]}
    assert revoked.actor == org_admin


def test_agency_setting_override_records_the_legal_default_and_the_new_value(db):
    setting_override(
        actor=SYSTEM,
        key="awards.council_quorum",
        value=0.75,
        reason="Quy chế mới",
        valid_from=date(2026, 6, 1),
    )
    changed = AuditEvent.objects.get(action="setting.overridden")
    assert changed.data["changes"] == {
        "value": [2 / 3, 0.75],
        "valid_from": [None, "2026-06-01"],
    }


# ------------------------------------------------------------------ Django admin edits
def test_role_granted_and_changed_in_the_django_admin_is_audited(client, superuser):
    user = UserFactory(username="new-officer")
    client.force_login(superuser)
    form = {"user": user.pk, "role": Role.EMULATION_OFFICER, "valid_from": "2025-01-01"}
    assert client.post("/admin/org/roleassignment/add/", form).status_code == 302
    assignment = RoleAssignment.objects.get(user=user)
    created = audit_for(assignment).get(action="role.created_in_admin")
    assert created.actor == superuser
    assert created.data["changes"]["role"] == [None, Role.EMULATION_OFFICER]

    form["role"] = Role.ADMINISTRATOR
    url = f"/admin/org/roleassignment/{assignment.pk}/change/"
    assert client.post(url, form).status_code == 302
    changed = audit_for(assignment).get(action="role.changed_in_admin")
    assert changed.data["changes"] == {"role": [Role.EMULATION_OFFICER, Role.ADMINISTRATOR]}

    url = f"/admin/org/roleassignment/{assignment.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    deleted = AuditEvent.objects.get(action="role.deleted_in_admin")
    assert deleted.data["changes"]["role"] == [Role.ADMINISTRATOR, None]


def test_party_membership_changed_in_the_django_admin_is_audited(client, superuser, org):
    cell = PartyOrganizationFactory(code="CB-T", name="Chi bộ thử")
    person = PersonFactory(unit=org["sec_a"])
    membership = PartyMembership.objects.create(
        person=person,
        organization=cell,
        role=PartyRole.MEMBER,
        status=MembershipStatus.PROBATIONARY,
        joined_party_on=date(2024, 5, 1),
        valid_from=date(2024, 5, 1),
    )
    # Party memberships are changed in the admin only under a Party role over the body.
    role_grant(
        actor=SYSTEM,
        user=superuser,
        role=Role.PARTY_SECRETARY,
        party_organization=cell,
        valid_from=date(2020, 1, 1),
    )
    client.force_login(superuser)
    form = {
        "person": person.pk,
        "organization": cell.pk,
        "role": PartyRole.MEMBER,
        "status": MembershipStatus.OFFICIAL,
        "joined_party_on": "2024-05-01",
        "valid_from": "2024-05-01",
    }
    url = f"/admin/org/partymembership/{membership.pk}/change/"
    assert client.post(url, form).status_code == 302
    changed = audit_for(membership).get(action="party.membership.changed_in_admin")
    assert changed.data["changes"] == {
        "status": [MembershipStatus.PROBATIONARY, MembershipStatus.OFFICIAL]
    }


# ------------------------------------------------------------------ the audit page
def test_audit_page_shows_events_with_readable_actions_to_an_administrator(client, org_admin):
    assignment = role_grant(
        actor=org_admin, user=UserFactory(), role=Role.COUNCIL_MEMBER, valid_from=date(2025, 1, 1)
    )
    client.force_login(org_admin)
    response = client.get("/audit/", {"action": "role.granted"}, HTTP_ACCEPT_LANGUAGE="vi")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Giao vai trò" in body
    assert f"#{assignment.pk}" in body
    assert "role.granted" not in body.split("<tbody>")[1]  # no raw code in the rows
    assert "admin-test" in body


def test_audit_page_is_refused_to_staff(client, org):
    audit_record(actor=None, action="person.created", target=org["staff_a"])
    client.force_login(org["staff_a"].user)
    assert client.get("/audit/").status_code == 403


def test_a_unit_head_reads_only_the_events_on_the_people_and_units_they_lead(client, org):
    audit_record(actor=None, action="person.created", target=org["colleague_a"])
    audit_record(actor=None, action="unit.renamed", target=org["sec_a"])
    audit_record(actor=None, action="person.created", target=org["staff_b"])
    audit_record(actor=None, action="unit.renamed", target=org["dept_b"])
    audit_record(actor=None, action="setting.overridden", key="awards.council_quorum")
    client.force_login(org["head_a"].user)
    response = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    shown = {(row["event"].target_type, row["event"].target_id) for row in response.context["rows"]}
    assert shown == {
        ("org.person", str(org["colleague_a"].pk)),
        ("org.unit", str(org["sec_a"].pk)),
    }


def test_audit_page_sends_anonymous_visitors_to_log_in(client, db):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_audit_page_answers_400_to_a_bad_filter(client, org_admin):
    client.force_login(org_admin)
    assert client.get("/audit/", {"action": "x" * 10_000}).status_code == 400
    assert client.get("/audit/", {"page": "²"}).status_code == 200


AUDITING_CALLS = {"audit_record", "audit_change", "audit_values", "transition"}


def _literal_actions(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, code) of every action written as a string where an action is recorded: the
    `action=` of an auditing call, and a move's action in a `Flow(…)` table."""
    found = []

    def strings(node):
        values = [node.body, node.orelse] if isinstance(node, ast.IfExp) else [node]
        return [v for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)]

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in AUDITING_CALLS:
            for keyword in node.keywords:
                if keyword.arg == "action":
                    found += [(v.lineno, v.value) for v in strings(keyword.value)]
        if name == "Flow" and len(node.args) > 1 and isinstance(node.args[1], ast.Dict):
            for value in node.args[1].values:
                items = value.elts if isinstance(value, ast.Tuple) else [value]
                found += [(v.lineno, v.value) for item in items for v in strings(item)]
    return found


def test_every_recorded_action_is_named_by_its_declared_member():
    # audit_values refuses an undeclared code when it runs; this finds a string at a call
    # site before it runs, and keeps the codes where their words are (the app's choices).
    literal = [
        f"{path.relative_to(ROOT)}:{line} {code}"
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts
        for line, code in _literal_actions(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not literal, literal
    assert _literal_actions(ast.parse('audit_record(actor=a, action="x.y")')) == [(1, "x.y")]
    assert _literal_actions(ast.parse('Flow("m", {(1, 2): ("a.b", "c.d")})')) == [
        (1, "a.b"),
        (1, "c.d"),
    ]
    assert not _literal_actions(ast.parse("transition(r, action=GoalsAudit.GOAL_CREATED)"))


def test_the_menu_links_the_audit_log_for_those_who_may_read_it(client, org_admin, org):
    client.force_login(org_admin)
    assert 'href="/audit/"' in client.get("/").content.decode()
    client.force_login(org["staff_a"].user)
    assert 'href="/audit/"' not in client.get("/").content.decode()


def _admin_post_data(response) -> dict:
    """The change form's current values, as the browser would post them back."""

    def value(bound):
        v = bound.value()
        if v is None:
            return ""
        if isinstance(v, list | tuple):
            return [str(x) for x in v]
        return str(v)

    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        data[form[name].html_name] = value(form[name])
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form[name].html_name] = value(formset.management_form[name])
        for inline_form in formset.forms:
            for name in inline_form.fields:
                data[inline_form[name].html_name] = value(inline_form[name])
    return {k: v for k, v in data.items() if v not in (None, "False")}


def test_a_key_result_target_edited_in_the_goal_admin_is_audited(client, superuser, org):
    from thidua.goals.services import goal_create

    goal = goal_create(
        actor=SYSTEM,
        title="Số hoá hồ sơ",
        owner_person=org["staff_a"],
        period_kind="year",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        key_results=[{"title": "Hồ sơ số hoá", "baseline": 0, "target": 1000}],
    )
    kr = goal.key_results.get()
    client.force_login(superuser)
    url = f"/admin/goals/goal/{goal.pk}/change/"
    data = _admin_post_data(client.get(url))
    target_field = next(k for k in data if k.endswith("-target"))
    data[target_field] = "1500"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    changed = audit_for(kr).get(action="goals.keyresult.changed_in_admin")
    assert changed.actor == superuser
    assert changed.data["changes"]["target"] == ["1000", "1500"]


def test_making_an_account_superuser_in_the_admin_is_audited_without_the_password(
    client, superuser
):
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from thidua.accounts.admin import UserAdmin

    user = UserFactory(username="len-chuc")
    before_hash = user.password
    request = RequestFactory().post("/admin/")
    request.user = superuser
    user.is_superuser = True
    UserAdmin(type(user), django_admin.site).save_model(request, user, form=None, change=True)
    changed = audit_for(user).get(action="accounts.user.changed_in_admin")
    assert changed.data["changes"] == {"is_superuser": [False, True]}
    assert before_hash not in str(changed.data)


def test_audit_page_reads_a_page_of_events_in_a_bounded_number_of_queries(
    client, org_admin, django_assert_max_num_queries
):
    for n in range(60):
        audit_change(
            actor=org_admin,
            action="setting.overridden",
            before={"value": n},
            after={"value": n + 1},
            key="awards.council_quorum",
        )
    # An action no longer declared (recorded by an earlier version) is still read.
    AuditEvent.objects.create(action="something.unknown", data={"odd": ["a", {"b": 1}]})
    client.force_login(org_admin)
    client.get("/audit/")  # warm the session and permission caches
    with django_assert_max_num_queries(12):
        response = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="vi")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thay đổi khác" in body  # an unknown action reads as a generic change
    assert body.count("Thay đổi thiết lập của cơ quan") >= 19  # the first page holds 20


def test_an_action_is_recorded_only_when_declared(db, org_admin):
    # Declared in core's choices (a core.choices.AuditAction member): recorded under its
    # code, read on the audit page by its label.
    event = audit_record(actor=org_admin, action=CoreAudit.SETTING_OVERRIDDEN)
    event.refresh_from_db()
    assert event.action == "setting.overridden" and type(event.action) is str
    assert action_label(event.action) == str(CoreAudit.SETTING_OVERRIDDEN.label)
    # A typo or an action no app declares is a programming error: refused, nothing written.
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="undeclared audit action 'setting.overriden'"):
        audit_record(actor=org_admin, action="setting.overriden")
    assert AuditEvent.objects.count() == before
    # An administration change of any model is declared by its verb.
    assert is_declared("party.partymembership.changed_in_admin")
    assert not is_declared("changed_in_admin")


def test_every_action_has_one_code_and_words_of_its_own():
    # Two apps declaring one code, or two actions read alike, would make the audit log's
    # filter lie about what it shows.
    codes = [m.value for cls in _declared_classes() for m in cls]
    assert len(codes) == len(set(codes))
    labels = [str(label) for label in ACTION_LABELS.values()]
    assert len(labels) == len(set(labels))


def test_an_action_declared_outside_the_apps_is_recorded_but_never_offered(db):
    # A test's own actions (declared as an app declares its own) may be recorded, but the
    # audit page's filter and labels hold only the apps' actions, whichever tests ran first.
    class OutsideAudit(AuditAction):
        PROBED = "outside.probed", "Probed from outside"

    assert is_declared(OutsideAudit.PROBED)
    assert "outside.probed" not in ACTION_LABELS
    assert all(cls.__module__.startswith("thidua.") for cls in _declared_classes())
