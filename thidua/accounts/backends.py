"""The local password (Django's ModelBackend); once a directory sign-in is on, only for
break-glass administrators (thidua.accounts.signin). The directory's own backends are in
thidua.directory."""

import logging
from dataclasses import dataclass
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection, models

from thidua.core.rawrows import build, hot_cursor, select_list
from thidua.core.standing import account_refusal

from .signin import directory_enabled, is_break_glass, refusal_set

logger = logging.getLogger(__name__)

# ModelBackend's caches of a user object's permissions (Django's own attribute names).
_PERMISSION_CACHES = ("_user_perm_cache", "_group_perm_cache", "_perm_cache")


@dataclass(frozen=True)
class UserColumns:
    """Fields of an app's row pointing at the user one-to-one (`user_field`), read in the
    session's user statement and kept on the user object under `attr`: a tuple of the
    fields' values, or None when the user has no such row. An app above accounts registers
    it in its ready() (org: the person's standing, for core.standing), so the check costs no
    query of its own on a signed-in request."""

    model: type[models.Model]
    user_field: str
    fields: tuple[str, ...]
    attr: str


_user_columns: list[UserColumns] = []


def register_user_columns(columns: UserColumns) -> None:
    if columns not in _user_columns:
        _user_columns.append(columns)
        _user_statement.cache_clear()


@cache
def _user_statement(vendor: str) -> str:
    """The user's row, and whether any Django permission is given to them (directly or by a
    group): two index lookups in the same statement, so that a user with none — every
    account but a few administrators' — never reads Django's permission tables."""
    user = get_user_model()
    qn = connection.ops.quote_name
    direct = user._meta.get_field("user_permissions")
    in_group = user._meta.get_field("groups")
    group_perms = Group._meta.get_field("permissions")
    user_id = qn(user._meta.pk.column)
    direct_user = qn(direct.m2m_column_name())
    group_user, group_group = qn(in_group.m2m_column_name()), qn(in_group.m2m_reverse_name())
    perms_group = qn(group_perms.m2m_column_name())
    direct_table = qn(direct.m2m_db_table())
    group_table, perms_table = qn(in_group.m2m_db_table()), qn(group_perms.m2m_db_table())
    has_permissions = (
        f"EXISTS (SELECT 1 FROM {direct_table} p WHERE p.{direct_user} = u.{user_id}) "  # noqa: S608 - the models' own names
        f"OR EXISTS (SELECT 1 FROM {group_table} g INNER JOIN {perms_table} gp "
        f"ON gp.{perms_group} = g.{group_group} WHERE g.{group_user} = u.{user_id})"
    )
    extra, joins = "", ""
    for index, columns in enumerate(_user_columns):
        meta, alias = columns.model._meta, f"x{index}"
        fk = qn(meta.get_field(columns.user_field).column)
        extra += "".join(f", {alias}.{qn(meta.get_field(f).column)}" for f in columns.fields)
        joins += f" LEFT JOIN {qn(meta.db_table)} {alias} ON {alias}.{fk} = u.{user_id}"
    return (
        f"SELECT {select_list(user, 'u')}, {has_permissions}{extra} "  # noqa: S608 - the models' own names
        f"FROM {qn(user._meta.db_table)} u{joins} WHERE u.{user_id} = %s"
    )


def session_user(user_id):
    """The session's user (None when there is no such account), for the backend that signed
    them in — the local password's and the directory's alike: one statement written once per
    process (thidua.core.rawrows) instead of a queryset built each time. Whether they may
    still sign in (active, break-glass) is the calling backend's to say.

    The same statement says whether the user is given any Django permission: when not,
    their (empty) permissions are known at once, and a `has_perm` that the rules answer
    no (the menu asks several on every page) no longer reads the permission tables — one
    or two queries a page. A superuser (Django gives them every permission) and a user who
    has some are left to ModelBackend as before.

    The same statement reads the columns apps registered (register_user_columns: the
    person's standing, for core.standing), kept on the user object."""
    with hot_cursor() as cursor:
        cursor.execute(_user_statement(connection.vendor), [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    model = get_user_model()
    count = len(model._meta.concrete_fields)
    user = build(model, row[:count])
    if not row[count] and not user.is_superuser:
        for name in _PERMISSION_CACHES:
            setattr(user, name, set())
    start = count + 1
    for columns in _user_columns:
        values = row[start : start + len(columns.fields)]
        start += len(columns.fields)
        fields = [columns.model._meta.get_field(name) for name in columns.fields]
        kept = None
        if any(value is not None for value in values):
            kept = tuple(f.to_python(v) for f, v in zip(fields, values, strict=True))
        setattr(user, columns.attr, kept)
    return user


class LocalBackend(ModelBackend):
    """The local password (Django's ModelBackend). While a directory is on, only break-glass
    accounts (superusers, members of THIDUA_BREAK_GLASS_GROUP) may use it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        """As ModelBackend's; an account an app refuses (core.standing: its person has left
        the staff) is refused with the reason on the login page, and logged."""
        user = super().authenticate(request, username=username, password=password, **kwargs)
        refusal = account_refusal(user)
        if refusal is not None:
            logger.warning("Local sign-in of %s refused: %s", user.get_username(), refusal.detail)
            refusal_set(request, refusal.code)
            return None
        return user

    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        return not directory_enabled() or is_break_glass(user)

    def get_user(self, user_id):
        """The session's user, on every signed-in request (session_user: one statement,
        and no permission table read for a user given no Django permission); Django then
        checks the session's password hash against it as usual."""
        user = session_user(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user

    def get_all_permissions(self, user_obj, obj=None):
        """As ModelBackend's, read in one query (the user's own and their groups'
        permissions together) instead of two, for a user whose permissions session_user did
        not already know: one who has some."""
        if (
            obj is None
            and user_obj.is_active
            and not user_obj.is_anonymous
            and not user_obj.is_superuser
            and not hasattr(user_obj, "_perm_cache")
        ):
            user_obj._perm_cache = _permissions_of(user_obj)
        return super().get_all_permissions(user_obj, obj)


def _permissions_of(user) -> set[str]:
    """`app_label.codename` of every permission given to `user`, directly or by a group."""
    in_groups = f"group__{get_user_model()._meta.get_field('groups').related_query_name()}"
    fields = ("content_type__app_label", "codename")
    direct = Permission.objects.filter(
        **{user._meta.get_field("user_permissions").related_query_name(): user}
    )
    by_group = Permission.objects.filter(**{in_groups: user})
    rows = direct.values_list(*fields).order_by().union(by_group.values_list(*fields).order_by())
    return {f"{app_label}.{codename}" for app_label, codename in rows}
