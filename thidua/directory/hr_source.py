"""The HR sync's other source: people read from the directory's attributes (LDAP / Active
Directory) instead of the HR system's export file (thidua/org/hr_sync.py; docs/HR_SYNC.md).

With settings.THIDUA_HR_SYNC_SOURCE = "directory" the sync searches
THIDUA_HR_SYNC_LDAP_BASE (default: the sign-in's user search base) with
THIDUA_HR_SYNC_LDAP_FILTER (default: entries with an employee code) over the sign-in's
connection (URI, service account, StartTLS, CA, timeouts), and turns each entry into the
same row as a line of the CSV export — {column key: value}, by the attribute map
THIDUA_HR_SYNC_LDAP_ATTRS — so every check, the dated changes and the report are the
file's. What a directory does not hold:

- a column with no attribute, or an entry without it, takes THIDUA_HR_SYNC_LDAP_DEFAULTS'
  value (e.g. {"category": "Công chức"});
- "Từ ngày" and "Ngày hiệu lực" without an attribute are the day of the sync: a move or a
  leave seen in the directory takes effect the day it is seen; a leave already stored with
  the same status keeps its stored day (so the nightly sync does not move it each night);
- the title (position) may be a position's code or its name ("Chuyên viên"), matched
  without case when one position has that name.

Rows are numbered in the order of employee codes; the report shows the entry's DN instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import date
from typing import Any

import ldap
from django.conf import settings
from django.utils import timezone
from ldap.controls import SimplePagedResultsControl

from thidua.org.choices import EmploymentStatus
from thidua.org.hr_sync_file import LEAVING, STATUS_LABELS, PeopleRead, PeopleSourceUnreadable
from thidua.org.importing import MAX_ROWS_PER_SHEET, choice_lookup
from thidua.org.importing.format import label_key
from thidua.org.models import Person, Position

logger = logging.getLogger(__name__)

PAGE_SIZE = 500  # Active Directory answers at most 1,000 entries a page
# column key → attribute, when THIDUA_HR_SYNC_LDAP_ATTRS does not say otherwise
DEFAULT_ATTRS = {
    "employee_code": "",  # settings.THIDUA_LDAP_EMPLOYEE_CODE_ATTR
    "full_name": "cn",
    "email": "",  # settings.THIDUA_LDAP_EMAIL_ATTR
    "phone": "telephoneNumber",
    "unit": "departmentNumber",
    "position": "title",
    "status": "employeeType",
}
_DATE_COLUMNS = frozenset({"date_of_birth", "post_from", "effective_on"})
_GENERALIZED_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})\d*(\.\d+)?(Z|[+-]\d{4})?")


class DirectoryUnreadable(PeopleSourceUnreadable):
    """The directory could not be searched (down, refused bind, bad base or filter)."""


def attribute_map() -> dict[str, str]:
    """Column key → attribute: the defaults, the sign-in's employee code and e-mail
    attributes, then THIDUA_HR_SYNC_LDAP_ATTRS (an empty attribute unmaps a column)."""
    attrs = dict(DEFAULT_ATTRS)
    attrs["employee_code"] = getattr(settings, "THIDUA_LDAP_EMPLOYEE_CODE_ATTR", "employeeNumber")
    attrs["email"] = getattr(settings, "THIDUA_LDAP_EMAIL_ATTR", "mail")
    attrs.update(getattr(settings, "THIDUA_HR_SYNC_LDAP_ATTRS", {}) or {})
    return {key: value for key, value in attrs.items() if value}


def directory_columns() -> frozenset[str]:
    """The columns a directory entry fills: those mapped to an attribute or given a default
    (THIDUA_HR_SYNC_LDAP_DEFAULTS). The sync leaves the others as Thi Đua has them."""
    defaults = getattr(settings, "THIDUA_HR_SYNC_LDAP_DEFAULTS", {}) or {}
    return frozenset(attribute_map()) | frozenset(defaults)


def search_base() -> str:
    base = getattr(settings, "THIDUA_HR_SYNC_LDAP_BASE", "")
    if base:
        return base
    search = getattr(settings, "AUTH_LDAP_USER_SEARCH", None)
    return getattr(search, "base_dn", "") or ""


def search_filter(attrs: dict[str, str]) -> str:
    return getattr(settings, "THIDUA_HR_SYNC_LDAP_FILTER", "") or f"({attrs['employee_code']}=*)"


def directory_configured() -> bool:
    return bool(getattr(settings, "AUTH_LDAP_SERVER_URI", "")) and bool(search_base())


def _connect():
    connection = ldap.initialize(settings.AUTH_LDAP_SERVER_URI)
    for option, value in (getattr(settings, "AUTH_LDAP_CONNECTION_OPTIONS", {}) or {}).items():
        connection.set_option(option, value)
    if getattr(settings, "AUTH_LDAP_START_TLS", False):
        connection.start_tls_s()
    connection.simple_bind_s(
        getattr(settings, "AUTH_LDAP_BIND_DN", ""), getattr(settings, "AUTH_LDAP_BIND_PASSWORD", "")
    )
    return connection


def _search(base: str, query: str, attrs: list[str]) -> list[tuple[str, dict[str, list[bytes]]]]:
    """Every entry under `base`, page after page (the paged-results control)."""
    try:
        connection = _connect()
    except ldap.LDAPError as error:
        raise DirectoryUnreadable(_ldap_text(error)) from error
    entries: list[tuple[str, dict[str, list[bytes]]]] = []
    control = SimplePagedResultsControl(True, size=PAGE_SIZE, cookie="")
    try:
        while True:
            message = connection.search_ext(
                base, ldap.SCOPE_SUBTREE, query, attrs, serverctrls=[control]
            )
            _type, data, _id, controls = connection.result3(message)
            entries.extend((dn, found) for dn, found in data if dn)  # no referrals
            if len(entries) > MAX_ROWS_PER_SHEET:
                break
            cookie = next(
                (
                    c.cookie
                    for c in controls
                    if c.controlType == SimplePagedResultsControl.controlType
                ),
                b"",
            )
            if not cookie:
                break
            control.cookie = cookie
    except ldap.LDAPError as error:
        raise DirectoryUnreadable(_ldap_text(error)) from error
    finally:
        connection.unbind_s()
    return entries


def _ldap_text(error: ldap.LDAPError) -> str:
    info = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    return " ".join(str(info.get(k, "")) for k in ("desc", "info")).strip() or repr(error)


def _value(found: dict[str, list[bytes]], attribute: str) -> str:
    for name, values in found.items():
        if name.lower() == attribute.lower() and values:
            return values[0].decode("utf-8", errors="replace").strip()
    return ""


def _date_value(text: str) -> Any:
    """LDAP's GeneralizedTime (20270101000000Z) as a date; other text for the cell checks."""
    match = _GENERALIZED_TIME.fullmatch(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return text
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _position_codes() -> tuple[set[str], dict[str, str]]:
    """Position codes, and the code of each name that one position has (without case)."""
    codes: set[str] = set()
    by_name: dict[str, list[str]] = {}
    for code, name in Position.objects.values_list("code", "name"):
        codes.add(code)
        by_name.setdefault(name.casefold().strip(), []).append(code)
    return codes, {name: found[0] for name, found in by_name.items() if len(found) == 1}


def read_directory_people() -> PeopleRead:
    """The directory's people as the export's rows. Raises DirectoryUnreadable."""
    attrs = attribute_map()
    defaults: dict[str, Any] = dict(getattr(settings, "THIDUA_HR_SYNC_LDAP_DEFAULTS", {}) or {})
    base, query = search_base(), search_filter(attrs)
    entries = _search(base, query, sorted(set(attrs.values())))
    raw = []
    for dn, found in entries:
        raw.append((dn, {key: _value(found, attribute) for key, attribute in attrs.items()}))
    raw.sort(key=lambda item: (item[1].get("employee_code", ""), item[0].lower()))
    digest = hashlib.sha256(
        json.dumps([attrs, defaults, base, query, raw], ensure_ascii=False).encode()
    ).hexdigest()
    read = PeopleRead(name=f"LDAP {base}"[:255], digest=digest)

    today = timezone.localdate()
    statuses = choice_lookup(STATUS_LABELS, EmploymentStatus)
    codes, position_by_name = _position_codes()
    leaving_codes = [
        values.get("employee_code")
        for _dn, values in raw
        if statuses.get(label_key(values.get("status") or "")) in LEAVING
    ]
    stored_leave = {
        code: (status, since)
        for code, status, since in Person.objects.filter(
            employee_code__in=[c for c in leaving_codes if c][:MAX_ROWS_PER_SHEET]
        ).values_list("employee_code", "status", "status_since")
    }
    for number, (dn, values) in enumerate(raw, start=1):
        row: dict[str, Any] = {}
        for key, value in values.items():
            row[key] = _date_value(value) if key in _DATE_COLUMNS else value
        for key, value in defaults.items():
            if not row.get(key):
                row[key] = value
        position = str(row.get("position") or "")
        if position and position not in codes:
            row["position"] = position_by_name.get(position.casefold(), position)
        if not row.get("post_from"):
            row["post_from"] = today
        status = statuses.get(label_key(str(row.get("status") or "")))
        if status in LEAVING and not row.get("effective_on"):
            stored_status, since = stored_leave.get(str(row.get("employee_code")), ("", None))
            row["effective_on"] = since if stored_status == status and since else today
        read.rows.append((number, row))
        read.labels[number] = dn
    return read
