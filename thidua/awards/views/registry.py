"""Pages for the registry (see urls.py): the list of every award given, recording and
revoking one, importing history from CSV, statistics for any period with an Excel export,
and the yearly eligibility review of the emulation office."""

from datetime import date
from io import BytesIO
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from thidua.awards.choices import AwardCode
from thidua.awards.forms import AwardForm, ImportForm, RevokeForm, unit_choices
from thidua.awards.law import LAW_2022_FROM
from thidua.awards.rules import is_emulation_office
from thidua.awards.selectors import registry as selectors
from thidua.awards.selectors.settings import settings_in_force_note, settings_note
from thidua.awards.services import registry as services
from thidua.awards.services.council import proposals_create_from_verdicts
from thidua.core.numbers import format_number
from thidua.core.params import choice_param, date_param, id_param, year_param
from thidua.core.view_helpers import (
    add_form_errors,
    error_text,
    object_or_404,
    page_of,
    query_without_page,
    requires,
)
from thidua.org.models import Person, Unit
from thidua.org.selectors import person_public_get, unit_get

PAGE_SIZE = 50
REVIEW_PAGE_SIZE = 50
# The review's "Show" filter: eligible for something or with a history problem (default),
# history problems only, or everyone judged.
REVIEW_SHOW = ("eligible", "problems", "all")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UPLOAD_MAX_BYTES = 10 * 1024 * 1024


# ---------------------------------------------------------------- helpers
def _unit_or_none(request) -> Unit | None:
    """The unit the page is filtered by (?unit=): a reference row every member of staff
    sees; an unknown one filters nothing."""
    unit_id = id_param(request.GET, "unit")
    if unit_id is None:
        return None
    try:
        return unit_get(viewer=request.user, pk=unit_id)
    except Unit.DoesNotExist:
        return None


# ---------------------------------------------------------------- registry
@login_required
def registry_list(request):
    year = year_param(request.GET, "year")
    code = choice_param(request.GET, "code", AwardCode.values, default="")
    unit = _unit_or_none(request)
    qs = selectors.award_list(viewer=request.user, year=year, code=code, unit=unit)
    page = page_of(request, qs, PAGE_SIZE)
    context = {
        "page": page,
        "years": selectors.award_years(viewer=request.user),
        "year": year,
        "code": code,
        "unit": unit,
        "codes": AwardCode.choices,
        "units": unit_choices(),
        "query": query_without_page(request),
        "may_manage": is_emulation_office(request.user),
    }
    return render(request, "awards/registry/list.html", context)


@login_required
@requires(is_emulation_office)
def registry_new(request):
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.award_record(
                actor=request.user,
                person=data["person"],
                unit=data["unit"],
                code=data["code"],
                kind=data["kind"],
                year=data["year"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                issuer=data["issuer"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The award was entered in the registry."))
            return redirect("awards:registry_list")
    return render(request, "awards/registry/form.html", {"form": form})


@login_required
@requires(is_emulation_office)
def registry_revoke(request, pk: int):
    award = object_or_404(selectors.award_get, viewer=request.user, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_revoke(
                actor=request.user, award=award, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The award was revoked."))
            return redirect("awards:registry_list")
    return render(request, "awards/registry/revoke.html", {"form": form, "award": award})


@login_required
@requires(is_emulation_office)
def registry_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            form.add_error("file", _("The file is larger than 10 MB."))
        else:
            try:
                result = services.awards_import_csv(actor=request.user, data=upload.read())
            except services.AwardImportError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    _("%(created)s awards imported; %(unchanged)s already in the registry.")
                    % {
                        "created": format_number(result.created, grouping=True),
                        "unchanged": format_number(result.unchanged, grouping=True),
                    },
                )
                return redirect("awards:registry_list")
    context = {"form": form, "errors": errors[:500], "error_count": len(errors)}
    context["columns"] = services.CSV_COLUMNS
    return render(request, "awards/registry/import.html", context)


# ---------------------------------------------------------------- statistics
def _period(request) -> tuple[int, int, Unit | None]:
    year_from, year_to = selectors.statistics_period(
        year_from=year_param(request.GET, "from", default=None),
        year_to=year_param(request.GET, "to", default=None),
    )
    return year_from, year_to, _unit_or_none(request)


@login_required
def statistics_page(request):
    year_from, year_to, unit = _period(request)
    stats = selectors.statistics(
        viewer=request.user, year_from=year_from, year_to=year_to, unit=unit
    )
    context = {"stats": stats, "units": unit_choices(), "query": request.GET.urlencode()}
    return render(request, "awards/registry/statistics.html", context)


def _write(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # stored as a string, never evaluated as a formula


def statistics_workbook(stats: selectors.Statistics) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    heading = _("Awards %(start)d–%(end)d") % {"start": stats.year_from, "end": stats.year_to}
    if stats.unit is not None:
        heading = f"{heading} — {stats.unit.name}"
    _write(sheet, 1, 1, heading)
    _write(sheet, 3, 1, _("Title or form"))
    _write(sheet, 3, 2, pgettext("count", "Number"))
    for i, (_key, label, count) in enumerate(stats.summary, start=4):
        _write(sheet, i, 1, label)
        _write(sheet, i, 2, count)
    detail = workbook.create_sheet(_("By title or form")[:31])
    headers = [
        _("Code"),
        _("Title or form"),
        _("Individuals"),
        _("Collectives"),
        _("Total"),
        _("Multiple of the base salary"),
        _("Reward money (VND)"),
    ]
    for column, text in enumerate(headers, start=1):
        _write(detail, 1, column, text)
    for r, row in enumerate(stats.rows, start=2):
        values = [
            row.code,
            row.name,
            row.individual,
            row.collective,
            row.total,
            row.multiple if row.multiple is not None else _("no multiple yet"),
            int(row.money) if row.money is not None else _("not computed"),
        ]
        for column, value in enumerate(values, start=1):
            _write(detail, r, column, value)
    last = len(stats.rows) + 2
    _write(detail, last, 2, _("Total"))
    _write(detail, last, 3, stats.individual)
    _write(detail, last, 4, stats.collective)
    _write(detail, last, 5, stats.total)
    _write(detail, last, 7, int(stats.money))
    _write(
        detail,
        last + 2,
        1,
        _(
            "Each award is priced at the base salary in force on its decision date "
            "(today: %(amount)s VND)."
        )
        % {"amount": f"{stats.base_salary:,}".replace(",", ".")},
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
def statistics_export(request):
    year_from, year_to, unit = _period(request)
    stats = selectors.statistics(
        viewer=request.user, year_from=year_from, year_to=year_to, unit=unit
    )
    response = HttpResponse(
        statistics_workbook(stats),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="thong-ke-khen-thuong-{year_from}-{year_to}.xlsx"'
    )
    return response


# ---------------------------------------------------------------- yearly review
def _review_params(source) -> tuple[int, date]:
    """Year and receipt date from a request's GET (or any mapping, e.g. request.POST)."""
    source = getattr(source, "GET", source)
    today = timezone.localdate()
    year = year_param(
        source,
        "year",
        default=today.year - 1,
        min_value=services.EARLIEST_YEAR,
        max_value=today.year,
    )
    received_on = date_param(
        source, "received_on", default=max(date(year + 1, 1, 15), LAW_2022_FROM)
    )
    return year, received_on


@login_required
@requires(is_emulation_office)
def review_page(request):
    year, received_on = _review_params(request)
    unit = _unit_or_none(request)
    only_code = choice_param(request.GET, "code", AwardCode.values, default="") or ""
    legacy_all = "all" if request.GET.get("all") == "1" else "eligible"
    show = choice_param(request.GET, "show", REVIEW_SHOW, default=legacy_all) or legacy_all
    error = ""
    rows, shown, counts = [], [], {}
    if received_on < LAW_2022_FROM or received_on.year < year:
        error = _(
            "The receipt date must be in or after the year reviewed and not before 01/01/2024, "
            "when the 2022 law took effect."
        )
    else:
        review = selectors.review_shown(
            viewer=request.user, year=year, received_on=received_on, unit=unit,
            code=only_code, show=show,
        )  # fmt: skip
        rows, shown, counts = review.rows, review.shown, review.counts
    page = page_of(request, shown, REVIEW_PAGE_SIZE)
    names = dict(AwardCode.choices)
    units = dict(
        Person.objects.filter(pk__in=[r.person_id for r in page]).values_list("pk", "unit__name")
    )
    entries = [
        (row, units.get(row.person_id, ""), [(code, names[code]) for code in row.eligible])
        for row in page
    ]
    context = {
        "year": year,
        "received_on": received_on,
        "page": page,
        "entries": entries,
        "people": len(rows),
        "shown_count": len(shown),
        "show": show,
        "code": only_code,
        "codes": AwardCode.choices,
        "unit": unit,
        "units": unit_choices(),
        "counts": [
            (code, names[code], counts[code]) for code in AwardCode.values if code in counts
        ],
        "error": error,
        "settings_in_force": settings_in_force_note(viewer=request.user, on=received_on),
        "query": query_without_page(request),
    }
    return render(request, "awards/registry/review.html", context)


MAX_PICKS = 500


@login_required
@require_POST
@requires(is_emulation_office)
def review_propose(request):
    """ "Lập đề nghị" from the review: proposals for the chosen (person, title or form) pairs,
    each with the verdict the review gives, in one transaction."""
    year, received_on = _review_params(request.POST)
    picks: dict[int, set[str]] = {}
    for raw in request.POST.getlist("pick")[:MAX_PICKS]:
        pid, _sep, code = raw.partition(":")
        if pid.isascii() and pid.isdigit() and len(pid) < 12 and code in AwardCode.values:
            picks.setdefault(int(pid), set()).add(code)
    back_query = {"year": year, "received_on": f"{received_on:%Y-%m-%d}"}
    # back to the page of the review the picks were made on, with its filters
    unit_id = id_param(request.POST, "unit")
    only_code = choice_param(request.POST, "code", AwardCode.values, default="")
    show = choice_param(request.POST, "show", REVIEW_SHOW, default="")
    page_number = id_param(request.POST, "page")
    for name, value in (("unit", unit_id), ("show", show), ("code", only_code)):
        if value:
            back_query[name] = value
    if page_number:
        back_query["page"] = page_number
    back = f"{reverse('awards:review_page')}?{urlencode(back_query)}"
    if not picks:
        messages.error(request, _("Choose at least one title or form to propose."))
        return redirect(back)
    rows = selectors.yearly_review(
        year=year,
        received_on=received_on,
        viewer=request.user,
        person_ids=list(picks),
        processes=1,
    )
    people = Person.objects.in_bulk([r.person_id for r in rows])
    note = settings_note(on=received_on)
    items = [
        {
            "code": v.code,
            "person": people[row.person_id],
            "unit": None,
            "verdict": {
                **v.to_dict(),
                "received_on": received_on.isoformat(),
                "settings_note": note,
            },
        }
        for row in rows
        for v in row.verdicts
        if v.code in picks.get(row.person_id, ()) and v.eligible
    ]
    try:
        created = proposals_create_from_verdicts(
            actor=request.user, year=year, received_on=received_on, items=items
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc, sep="; "))
    else:
        messages.success(
            request,
            _("%(created)s proposals created with their verdicts (%(skipped)s already proposed).")
            % {
                "created": format_number(len(created), grouping=True),
                "skipped": format_number(len(items) - len(created), grouping=True),
            },
        )
    return redirect(back)


@login_required
@requires(is_emulation_office)
def review_person(request, person_pk: int):
    year, received_on = _review_params(request)
    # the office reviews everyone: the person is read as staff see them, the review's
    # own selector checks the office
    person = object_or_404(person_public_get, viewer=request.user, pk=person_pk)
    row, history = selectors.review_person(
        viewer=request.user, person=person, year=year, received_on=received_on
    )
    context = {
        "person": person,
        "year": year,
        "received_on": received_on,
        "row": row,
        "history": history,
        "settings_in_force": settings_in_force_note(viewer=request.user, on=received_on),
    }
    return render(request, "awards/registry/review_person.html", context)
