"""Campaign results out (.xlsx, CSV, JSON) and Party members in (from such exports).

The export carries the membership columns (employee_code, full_name, cell, joined_party_on
dd/mm/yyyy, role, status) so that a file exported here can be imported back. In .xlsx and
CSV the headers, roles and statuses are the words a reader sees (Vietnamese: "Mã cán bộ",
"Đảng viên"); the import takes them as well as the codes (which JSON keeps). The import is
all-or-nothing (any row error and nothing changes) and idempotent (a row equal to the
member's current membership changes nothing). Every row is checked against its subject: a
person is moved, added or closed only by someone who manages both their current Party place
and the target body; every changed row is audited (who, person, before → after)."""

import csv
import io
import json
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from thidua.core.audit import audit_change, audit_record
from thidua.org.choices import MembershipStatus, PartyRole
from thidua.org.models import PartyMembership, PartyOrganization, Person
from thidua.org.rules import party_places, viewer_scope
from thidua.org.services import party_rights

from . import rules
from .choices import PartyAudit
from .models import Campaign

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MEMBER_COLUMNS = ["employee_code", "full_name", "cell", "joined_party_on", "role", "status"]
RESULT_COLUMNS = [*MEMBER_COLUMNS, "read_at", "acknowledged_at"]
DATE_FORMAT = "%d/%m/%Y"
COLUMN = "campaign export column"
HEADERS = {
    "employee_code": pgettext_lazy(COLUMN, "Employee code"),
    "full_name": pgettext_lazy(COLUMN, "Full name"),
    "cell": pgettext_lazy(COLUMN, "Party body code"),
    "joined_party_on": pgettext_lazy(COLUMN, "Date joined the Party (dd/mm/yyyy)"),
    "role": pgettext_lazy(COLUMN, "Party role"),
    "status": pgettext_lazy(COLUMN, "Membership status"),
    "read_at": pgettext_lazy(COLUMN, "Read at"),
    "acknowledged_at": pgettext_lazy(COLUMN, "Acknowledged at"),
}
CHOICES = {"role": PartyRole, "status": MembershipStatus}


def column_header(column: str) -> str:
    """The header a spreadsheet shows for one of RESULT_COLUMNS or "answer_<n>"."""
    if column.startswith("answer_"):
        return pgettext(COLUMN, "Answer to point %(n)s") % {"n": column.removeprefix("answer_")}
    return str(HEADERS[column])


def _spellings(label) -> set[str]:
    """A label as it may be read back: in the current language and in Vietnamese."""
    found = {str(label).casefold()}
    with translation.override("vi"):
        found.add(str(label).casefold())
    return found


def _column_of(header: str) -> str:
    """The column a header of an imported file names: the code itself or its header."""
    text = " ".join(header.split())
    if text in MEMBER_COLUMNS:
        return text
    return next((c for c, h in HEADERS.items() if text.casefold() in _spellings(h)), text)


def _choice_of(field: str, text: str) -> str:
    """A role or status as a code, from the code or the word an export shows."""
    choices = CHOICES[field]
    if text in choices.values:
        return text
    wanted = " ".join(text.split()).casefold()
    return next((v for v, label in choices.choices if wanted in _spellings(label)), text)


def excel_safe(value):
    """Text a spreadsheet would run as a formula gets an apostrophe, so it stays text."""
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


def _dt(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _flat(campaign: Campaign, rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    orders = list(campaign.digest.points.exclude(question="").values_list("order", flat=True))
    header = [column_header(c) for c in [*RESULT_COLUMNS, *(f"answer_{n}" for n in orders)]]
    out = []
    for r in rows:
        out.append(
            [
                r["employee_code"],
                r["full_name"],
                r["cell"],
                r["joined_party_on"].strftime(DATE_FORMAT) if r["joined_party_on"] else "",
                str(PartyRole(r["role"]).label) if r["role"] in PartyRole.values else r["role"],
                str(MembershipStatus(r["status"]).label)
                if r["status"] in MembershipStatus.values
                else r["status"],
                _dt(r["read_at"]),
                _dt(r["acknowledged_at"]),
                *(r["answers"].get(n, "") for n in orders),
            ]
        )
    return header, out


def results_csv(campaign: Campaign, rows: list[dict]) -> bytes:
    header, data = _flat(campaign, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[excel_safe(v) for v in row] for row in data])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def results_xlsx(campaign: Campaign, rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    header, data = _flat(campaign, rows)
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext(COLUMN, "Results")
    sheet.append(header)
    for row in data:
        sheet.append([excel_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def results_json(campaign: Campaign, rows: list[dict], *, show_resolution: bool = True) -> bytes:
    points = {p.order: p.question for p in campaign.digest.points.exclude(question="")}
    payload = {
        "campaign": campaign.pk,
        "resolution": str(campaign.digest.resolution) if show_resolution else None,
        "questions": {str(k): v for k, v in points.items()},
        "members": [
            {
                "employee_code": r["employee_code"],
                "full_name": r["full_name"],
                "cell": r["cell"],
                "joined_party_on": r["joined_party_on"].strftime(DATE_FORMAT)
                if r["joined_party_on"]
                else "",
                "role": r["role"],
                "status": r["status"],
                "read_at": r["read_at"].isoformat() if r["read_at"] else None,
                "acknowledged_at": r["acknowledged_at"].isoformat()
                if r["acknowledged_at"]
                else None,
                "answers": {str(k): v for k, v in r["answers"].items()},
            }
            for r in rows
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


RESULT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def results_export(*, campaign: Campaign, viewer, fmt: str) -> bytes:
    """The campaign's results as `fmt` (a key of RESULT_CONTENT_TYPES) for `viewer`, the page's
    and the API's one way: the members of the viewer's cells; a classified resolution's number
    and title only for who may read it (a cell secretary following the campaign may not)."""
    from .selectors import campaign_results

    rows = campaign_results(campaign, viewer)
    if fmt == "json":
        resolution = campaign.digest.resolution
        show = not resolution.is_classified or rules.can_manage_resolution(viewer, resolution)
        return results_json(campaign, rows, show_resolution=show)
    return {"xlsx": results_xlsx, "csv": results_csv}[fmt](campaign, rows)


# ------------------------------------------------------------------ import
def _read_rows(name: str, data: bytes) -> list[dict]:
    text = data.decode("utf-8-sig")
    if name.lower().endswith(".json"):
        try:
            payload = json.loads(text)
        except ValueError as error:
            raise ValidationError(_("The file is not valid JSON.")) from error
        members = payload.get("members") if isinstance(payload, dict) else payload
        if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
            raise ValidationError(_("The JSON file has no list of members."))
        return [{k: str(v or "").strip() for k, v in m.items()} for m in members]
    reader = csv.DictReader(io.StringIO(text))
    columns = {name: _column_of(name) for name in reader.fieldnames or [] if name}
    missing = [c for c in MEMBER_COLUMNS if c not in columns.values()]
    if missing:
        names = ", ".join(f"{column_header(c)} ({c})" for c in missing)
        raise ValidationError(_("Missing columns: %(cols)s") % {"cols": names})
    return [
        {columns[k]: (v or "").strip().lstrip("'") for k, v in row.items() if k in columns}
        for row in reader
    ]


def _check_row(n: int, row: dict, people, cells, actor) -> tuple[list[str], dict | None]:
    errors = []
    person = people.get(row.get("employee_code", ""))
    if person is None:
        errors.append(_("row %(n)d: unknown employee code") % {"n": n})
    elif " ".join(row.get("full_name", "").split()).casefold() != person.full_name.casefold():
        errors.append(_("row %(n)d: the name does not match the employee code") % {"n": n})
    cell = cells.get(row.get("cell", ""))
    if cell is None:
        errors.append(_("row %(n)d: unknown Party body code") % {"n": n})
    elif not rules.covers_party_body(actor, cell):
        errors.append(_("row %(n)d: you do not cover this Party body") % {"n": n})
    try:
        joined = datetime.strptime(row.get("joined_party_on", ""), DATE_FORMAT).date()
    except ValueError:
        joined = None
        errors.append(_("row %(n)d: joined_party_on must be dd/mm/yyyy") % {"n": n})
    row["role"] = _choice_of("role", row.get("role", ""))
    row["status"] = _choice_of("status", row.get("status", ""))
    if row.get("role") not in PartyRole.values:
        errors.append(_("row %(n)d: unknown Party role") % {"n": n})
    if row.get("status") not in MembershipStatus.values:
        errors.append(_("row %(n)d: unknown membership status") % {"n": n})
    if errors:
        return errors, None
    return [], {
        "person": person,
        "organization": cell,
        "joined_party_on": joined,
        "role": row["role"],
        "status": row["status"],
    }


def _membership_state(membership: PartyMembership | None) -> dict:
    """What the audit keeps of a membership, before or after a row."""
    if membership is None:
        return {}
    return {
        "cell": membership.organization.code,
        "role": membership.role,
        "status": membership.status,
        "joined_party_on": membership.joined_party_on.isoformat(),
        "valid_from": membership.valid_from.isoformat(),
    }


def _subject_error(n: int, person: Person, membership, places, actor) -> str | None:
    """A row moves, adds or closes a person's membership: the actor must manage the
    person's current Party place as well as the target body (checked in `_check_row`)."""
    scope = viewer_scope(actor)
    if membership is not None:
        if scope.covers_party_path(membership.organization.path):
            return None
        return _(
            "row %(n)d: %(code)s belongs to %(body)s, which you do not manage; a member is "
            "moved only by someone who manages both the current and the new Party body"
        ) % {"n": n, "code": person.employee_code, "body": membership.organization.code}
    if any(scope.covers_party_path(path) for path in places):
        return None
    return _(
        "row %(n)d: %(code)s is not a Party member under a body you manage; only the Party "
        "body of their unit (or the committee above it) may add them"
    ) % {"n": n, "code": person.employee_code}


@transaction.atomic
def members_import(*, actor, name: str, data: bytes, today: date | None = None) -> dict:
    """Import Party memberships from our CSV/JSON export. Raises ValidationError with every
    row error (nothing is changed); returns counts {created, updated, unchanged}.

    Each row's subject is checked, not only its target: the actor must manage the target
    body and the person's current Party place (`org.rules.party_places`). Each changed row
    is audited with the membership before and after."""
    if not actor.is_authenticated:
        raise PermissionDenied
    today = today or timezone.localdate()
    rows = _read_rows(name, data)
    if not rows:
        raise ValidationError(_("The file has no rows."))
    people = Person.objects.in_bulk(
        [r.get("employee_code", "") for r in rows], field_name="employee_code"
    )
    cells = PartyOrganization.objects.in_bulk([r.get("cell", "") for r in rows], field_name="code")
    current = {
        m.person_id: m
        for m in PartyMembership.objects.as_of(today)
        .filter(person_id__in=[p.pk for p in people.values()])
        .select_related("organization")
    }
    places = party_places(list(people.values()), on=today)
    errors, checked, seen = [], [], set()
    for n, row in enumerate(rows, start=2 if not name.lower().endswith(".json") else 1):
        row_errors, value = _check_row(n, row, people, cells, actor)
        person = people.get(row.get("employee_code", ""))
        if person is not None:
            refusal = _subject_error(
                n, person, current.get(person.pk), places.get(person.pk, []), actor
            )
            if refusal:
                row_errors.append(refusal)
                value = None
        if value and value["person"].pk in seen:
            row_errors.append(_("row %(n)d: this member appears twice") % {"n": n})
        errors += row_errors
        if value:
            seen.add(value["person"].pk)
            checked.append(value)
    if errors:
        raise ValidationError(errors)
    rights = party_rights.rights_held(
        body_ids=[v["organization"].pk for v in checked]
        + [m.organization_id for m in current.values()],
        days=[today],
    )
    counts = _memberships_write(
        actor=actor, name=name, checked=checked, current=current, today=today
    )
    party_rights.rights_record(actor=actor, before=rights, cause=PartyAudit.MEMBERSHIP_IMPORTED)
    audit_record(actor=actor, action=PartyAudit.MEMBERS_IMPORTED, target=None, file=name, **counts)
    return counts


def _memberships_write(*, actor, name: str, checked: list, current: dict, today: date) -> dict:
    """Write the checked rows; each changed one is audited before and after."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for value in checked:
        person, membership = value["person"], current.get(value["person"].pk)
        before = _membership_state(membership)
        # another Party role begins a new membership row from today (unless the current one
        # began today), as the membership services do: the history of roles is kept and the
        # secretary's rights, which follow the membership that began last, pass on today
        same_body = membership and membership.organization_id == value["organization"].pk
        if same_body and (membership.role == value["role"] or membership.valid_from >= today):
            fields = [
                f
                for f in ("role", "status", "joined_party_on")
                if getattr(membership, f) != value[f]
            ]
            if not fields:
                counts["unchanged"] += 1
                continue
            for f in fields:
                setattr(membership, f, value[f])
            membership.save(update_fields=fields)
            counts["updated"] += 1
            changed = membership
        else:
            PartyMembership.objects.filter(person=person, valid_to__isnull=True).update(
                valid_to=today
            )
            changed = PartyMembership.objects.create(valid_from=today, **value)
            counts["updated" if same_body else "created"] += 1
        audit_change(
            actor=actor,
            action=PartyAudit.MEMBERSHIP_IMPORTED,
            target=changed,
            before=before,
            after=_membership_state(changed),
            file=name,
            person=person.employee_code,
        )
    return counts
