"""Sign-in with the agency's directory (LDAP / Active Directory, or OpenID Connect): who may
use a local password, which Thi Đua person a directory account is, and the roles its groups
give. The backends (thidua/directory/backends.py, oidc.py) call these; docs/DIRECTORY.md explains
the choices.

- When the directory is on (settings.AUTH_LDAP_SERVER_URI), people sign in with their
  directory password. A local password works only for break-glass accounts: superusers and
  members of the group settings.THIDUA_BREAK_GLASS_GROUP. A directory account never signs
  in as a break-glass account, and an account linked to the directory loses its local
  password (a stale one cannot be used).
- A directory account is the Thi Đua person whose employee code equals the entry's
  employee-code attribute, else the one active person whose e-mail equals its e-mail
  attribute. With no such person the sign-in is refused with a clear message: every page
  of the platform is about the person signed in.
- A directory account is disabled by Active Directory's userAccountControl bit 2
  (ACCOUNTDISABLE) or by membership of settings.THIDUA_LDAP_DISABLED_GROUP (OpenLDAP).
- A role named in settings.THIDUA_LDAP_ROLE_GROUPS is managed by the directory for the
  accounts that sign in with it: at each sign-in such a user holds, among that role's
  assignments without a block or Party scope, exactly those their groups give.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from thidua.accounts.signin import DirectoryRefused, is_break_glass
from thidua.core.actors import SYSTEM
from thidua.core.audit import audit_record
from thidua.org.choices import Role
from thidua.org.models import Person, RoleAssignment, Unit
from thidua.org.rules import has_left_staff
from thidua.org.services import role_grant, role_revoke

from .choices import DirectoryAudit

logger = logging.getLogger(__name__)

# Active Directory: userAccountControl's ACCOUNTDISABLE flag.
AD_ACCOUNT_DISABLED = 0x2


@dataclass(frozen=True)
class RoleRule:
    group_dn: str  # lower case
    role: str
    unit_code: str | None  # None: the whole ministry, or the person's own unit for unit_head


def role_rules() -> list[RoleRule]:
    """THIDUA_LDAP_ROLE_GROUPS as rules. Party roles are refused: Party work is granted over
    a Party body by those holding a Party role (issue 10), never by a state directory."""
    rules: list[RoleRule] = []
    for dn, roles in getattr(settings, "THIDUA_LDAP_ROLE_GROUPS", {}).items():
        for text in roles:
            role, _sep, unit_code = text.partition("@")
            if role not in Role.values:
                raise ImproperlyConfigured(
                    f"THIDUA_LDAP_ROLE_GROUPS: {role!r} is not a role ({', '.join(Role.values)})"
                )
            if role == Role.PARTY_SECRETARY:
                raise ImproperlyConfigured(
                    "THIDUA_LDAP_ROLE_GROUPS: Party roles are granted in Thi Đua over a Party "
                    "body, not by directory groups"
                )
            rules.append(RoleRule(group_dn=dn.lower(), role=role, unit_code=unit_code or None))
    return rules


def entry_value(attrs, name: str) -> str:
    """The first value of an attribute of a directory entry ('' when absent)."""
    if not name or attrs is None:
        return ""
    values = attrs.get(name) or attrs.get(name.lower()) or []
    return str(values[0]).strip() if values else ""


def entry_disabled(*, attrs, group_dns: set[str] | frozenset[str]) -> bool:
    """Is this directory account disabled: AD's ACCOUNTDISABLE bit, or the disabled group?"""
    control = entry_value(attrs, "userAccountControl")
    if control:
        try:
            if int(control) & AD_ACCOUNT_DISABLED:
                return True
        except ValueError:
            logger.warning("userAccountControl %r is not a number", control)
    disabled_group = getattr(settings, "THIDUA_LDAP_DISABLED_GROUP", "").strip().lower()
    return bool(disabled_group) and disabled_group in group_dns


def person_for_directory(*, employee_code: str, email: str) -> Person:
    """The Thi Đua person of a directory account, on the staff today: by employee code, else
    by a unique e-mail among the people on the staff. Raises DirectoryRefused("left_staff")
    for a person whose leave, retirement or transfer has come — on its day already, before
    the nightly HR run turns the record off (org.rules.has_left_staff) — and
    DirectoryRefused("no_person") when no record matches."""
    people = Person.objects.select_related("user", "unit")
    person = None
    if employee_code:
        person = people.filter(employee_code=employee_code).first()
    if person is None and email:
        matches = list(people.filter(is_active=True, email__iexact=email)[:2])
        if len(matches) > 1:
            raise DirectoryRefused("no_person", f"e-mail {email} is shared by several people")
        person = matches[0] if matches else None
    if person is None:
        raise DirectoryRefused("no_person", f"employee code {employee_code!r}, e-mail {email!r}")
    if has_left_staff(
        is_active=person.is_active, status=person.status, status_since=person.status_since
    ):
        raise DirectoryRefused(
            "left_staff",
            f"{person.employee_code} has left the staff "
            f"(active={person.is_active}, {person.status} since {person.status_since})",
        )
    return person


def user_for_person(*, username: str, person: Person):
    """The Thi Đua account a directory sign-in uses: the person's own account if it has one,
    else the account of that username (created if missing, unsaved). Returns (user, built).
    A break-glass account, or an account that is another person's, is refused."""
    model = get_user_model()
    user = person.user
    if user is None:
        user = model.objects.filter(username__iexact=username).first()
        if user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise DirectoryRefused("conflict", f"account {user.username} is another person's")
    if user is not None and is_break_glass(user):
        raise DirectoryRefused("conflict", f"account {user.username} is a break-glass account")
    if user is None:
        return model(username=username), True
    return user, False


@transaction.atomic
def directory_sign_in_complete(
    *, user, person: Person, group_dns: set[str] | frozenset[str], source: str
) -> None:
    """After the directory proved who signed in: link the person to the account (once) and
    bring the account's directory-managed roles in line with its groups."""
    if person.user_id != user.pk:
        Person.objects.filter(pk=person.pk).update(user=user)
        person.user = user
        audit_record(
            actor=SYSTEM,  # the directory's answer links them, not a person
            action=DirectoryAudit.ACCOUNT_LINKED,
            target=person,
            user=user.username,
            source=source,
        )
    if source == "ldap":
        directory_roles_sync(user=user, person=person, group_dns=group_dns)


def directory_roles_sync(*, user, person: Person, group_dns: set[str] | frozenset[str]) -> None:
    """Grant the roles the user's groups give and end the directory-managed ones they no
    longer give (through org's role services, so each change is audited)."""
    rules = role_rules()
    if not rules:
        return
    today = timezone.localdate()
    groups = {dn.lower() for dn in group_dns}
    wanted: set[tuple[str, int | None]] = set()
    for rule in rules:
        if rule.group_dn not in groups:
            continue
        if rule.unit_code:
            unit = Unit.objects.filter(code=rule.unit_code).first()
            if unit is None:
                logger.error(
                    "THIDUA_LDAP_ROLE_GROUPS: unit %s of role %s does not exist; not granted",
                    rule.unit_code,
                    rule.role,
                )
                continue
            wanted.add((rule.role, unit.pk))
        elif rule.role == Role.UNIT_HEAD:
            wanted.add((rule.role, person.unit_id))
        else:
            wanted.add((rule.role, None))
    managed = {rule.role for rule in rules}
    current = list(
        RoleAssignment.objects.as_of(today).filter(
            user=user, role__in=managed, unit_group=None, party_organization=None
        )
    )
    held = set()
    for assignment in current:
        key = (assignment.role, assignment.unit_id)
        if key in wanted and key not in held:
            held.add(key)
        else:
            role_revoke(actor=SYSTEM, assignment=assignment, valid_to=today)
    units = Unit.objects.in_bulk([unit_id for _role, unit_id in wanted if unit_id])
    for role, unit_id in sorted(wanted - held, key=str):
        role_grant(
            actor=SYSTEM,
            user=user,
            role=role,
            unit=units.get(unit_id) if unit_id else None,
            valid_from=today,
        )


def directory_settings_check(app_configs=None, **kwargs):
    """System check (manage.py check, migrate, runserver): the role mapping names real,
    non-Party roles."""
    from django.core import checks

    try:
        role_rules()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="thidua.accounts.E001")]
    return []
