"""Pages for records (see urls.py): a person's value-created record per year and post, the
initiatives register, invitations to external assessors, and the public one-time page where
an assessor outside the agency answers without an account."""

import os
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from thidua.core.params import choice_param, year_param
from thidua.core.templatetags.formatting import number
from thidua.core.view_helpers import add_form_errors, object_or_404, page_of, query_without_page
from thidua.emulation import rules
from thidua.emulation.choices import InitiativeKind, InitiativeScope
from thidua.emulation.forms import AnswerForm, InitiativeForm, InviteForm, ValueRecordForm
from thidua.emulation.models import Initiative, ValueRecord
from thidua.emulation.selectors import records as selectors
from thidua.emulation.selectors.ratings import record_person_get
from thidua.emulation.selectors.records import AssessmentLinkError
from thidua.emulation.services import records as services
from thidua.org.models import Person
from thidua.org.selectors import person_for_user

AUTHOR_SPLIT = re.compile(r"[\n;]+")


def _year_or_404(year: int) -> int:
    if not services.EARLIEST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def _person_or_404(request, pk: int) -> Person:
    """A person whose records the viewer may read: themselves, their heads and the office
    (who reads everyone's private data); 403 for anyone else, as the records' selectors."""
    return object_or_404(record_person_get, viewer=request.user, pk=pk)


def _is_director(person: Person) -> bool:
    return person.position is not None and person.position.level >= rules.DIRECTOR_LEVEL


# ---------------------------------------------------------------- value-created records
@login_required
def record_mine(request):
    person = person_for_user(user=request.user)
    if person is None:
        raise Http404
    return redirect("emulation:record_year", person_pk=person.pk, year=timezone.localdate().year)


@login_required
def record_year(request, person_pk: int, year: int):
    person = _person_or_404(request, person_pk)
    _year_or_404(year)
    data = selectors.value_record_year(viewer=request.user, person=person, year=year)
    director = _is_director(person)
    context = {
        "person": person,
        "year": year,
        "posts": data.posts,
        "unattached": data.unattached,
        "may_edit": rules.can_edit_value_record(request.user, person),
        "director": director,
        "may_invite": director and rules.can_invite_assessors(request.user, person),
        "summary": selectors.external_assessment_summary(
            viewer=request.user, person=person, year=year
        )
        if director
        else None,
        "initiatives": selectors.initiative_list(viewer=request.user, year=year, author=person),
        "previous_year": year - 1 if year > services.EARLIEST_YEAR else None,
        "next_year": year + 1 if year < timezone.localdate().year else None,
    }
    return render(request, "emulation/records/year.html", context)


@login_required
def record_edit(request, person_pk: int, year: int, post_pk: int):
    person = _person_or_404(request, person_pk)
    _year_or_404(year)
    if not rules.can_edit_value_record(request.user, person):
        raise PermissionDenied
    post = selectors.person_posts_in_year(person=person, year=year).filter(pk=post_pk).first()
    if post is None:
        raise Http404
    goals = list(
        selectors.value_record_linkable_goals(
            viewer=request.user, person=person, year=year, post=post
        ).prefetch_related("key_results")
    )
    record = ValueRecord.objects.filter(person=person, year=year, post=post).first()
    initial = {}
    if record is not None:
        initial = {
            "achievements": record.achievements,
            "products": record.products,
            "value_created": record.value_created,
            "value_quantity": number(record.value_quantity)
            if record.value_quantity is not None
            else "",
            "value_unit": record.value_unit,
            "goals": [str(pk) for pk in record.goals.values_list("pk", flat=True)],
            "key_results": [str(pk) for pk in record.key_results.values_list("pk", flat=True)],
        }
    form = ValueRecordForm(
        request.POST or None, request.FILES or None, goals=goals, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        chosen_goals = {int(pk) for pk in form.cleaned_data["goals"]}
        chosen_krs = {int(pk) for pk in form.cleaned_data["key_results"]}
        data = form.cleaned_data
        try:
            services.value_record_save(
                actor=request.user,
                person=person,
                year=year,
                post=post,
                achievements=data["achievements"],
                products=data["products"],
                value_created=data["value_created"],
                value_quantity=data["value_quantity"],
                value_unit=data["value_unit"],
                goals=[g for g in goals if g.pk in chosen_goals],
                key_results=[
                    kr for g in goals for kr in g.key_results.all() if kr.pk in chosen_krs
                ],
                evidence=data["evidence"],
                remove_evidence=data["remove_evidence"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Record saved."))
            return redirect("emulation:record_year", person_pk=person.pk, year=year)
    return render(
        request,
        "emulation/records/edit.html",
        {"person": person, "year": year, "post": post, "record": record, "form": form},
    )


@login_required
def record_evidence(request, pk: int):
    """Evidence is private: served through this check, never from a public media URL."""
    record = object_or_404(selectors.value_record_get, viewer=request.user, pk=pk)
    if not record.evidence:
        raise Http404
    try:
        handle = record.evidence.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(record.evidence.name))


# ---------------------------------------------------------------- initiatives register
@login_required
def initiative_list(request):
    year = year_param(request.GET, "year")
    scope = choice_param(request.GET, "scope", InitiativeScope.values, default="")
    kind = choice_param(request.GET, "kind", InitiativeKind.values, default="")
    search = request.GET.get("q", "").strip()[:100]
    qs = selectors.initiative_list(
        viewer=request.user, year=year, scope=scope, kind=kind, search=search
    )
    page = page_of(request, qs, 50)
    context = {
        "page": page,
        "years": selectors.initiative_years(viewer=request.user),
        "year": year,
        "scope": scope,
        "kind": kind,
        "search": search,
        "scopes": InitiativeScope.choices,
        "kinds": InitiativeKind.choices,
        "query": query_without_page(request),
        "may_manage": rules.can_manage_initiatives(request.user),
    }
    return render(request, "emulation/records/initiatives.html", context)


def _authors_text(initiative: Initiative) -> str:
    return "\n".join(f"{p.employee_code} — {p.full_name}" for p in initiative.authors.all())


def _initiative_form_submit(request, form: InitiativeForm, initiative: Initiative | None):
    """Resolve the authors typed, then call the service; returns the saved initiative or None."""
    entries = [
        line.split("—")[0].strip() for line in AUTHOR_SPLIT.split(form.cleaned_data["authors"])
    ]
    people, problems = selectors.people_by_code_or_name(viewer=request.user, entries=entries)
    if problems:
        for problem in problems:
            form.add_error(
                "authors",
                _("No single person matches “%(entry)s”: give the employee code.")
                % {"entry": problem},
            )
        return None
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "kind": data["kind"],
        "scope": data["scope"],
        "year": data["year"],
        "authors": people,
        "unit": data["unit"],
        "decision_number": data["decision_number"],
        "decision_date": data["decision_date"],
        "recognized_by": data["recognized_by"],
    }
    try:
        if initiative is None:
            return services.initiative_register(actor=request.user, **fields)
        return services.initiative_update(actor=request.user, initiative=initiative, **fields)
    except ValidationError as exc:
        add_form_errors(form, exc)
        return None


@login_required
def initiative_new(request):
    if not rules.can_manage_initiatives(request.user):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, initial={"year": timezone.localdate().year})
    if (
        request.method == "POST"
        and form.is_valid()
        and _initiative_form_submit(request, form, None) is not None
    ):
        messages.success(request, _("Initiative entered in the register."))
        return redirect("emulation:initiative_list")
    return render(request, "emulation/records/initiative_form.html", {"form": form})


@login_required
def initiative_edit(request, pk: int):
    if not rules.can_manage_initiatives(request.user):
        raise PermissionDenied
    initiative = object_or_404(selectors.initiative_get, viewer=request.user, pk=pk)
    initial = {
        "title": initiative.title,
        "kind": initiative.kind,
        "scope": initiative.scope,
        "year": initiative.year,
        "authors": _authors_text(initiative),
        "unit": initiative.unit_id,
        "decision_number": initiative.decision_number,
        "decision_date": initiative.decision_date,
        "recognized_by": initiative.recognized_by,
    }
    form = InitiativeForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _initiative_form_submit(request, form, initiative) is not None
    ):
        messages.success(request, _("Initiative updated."))
        return redirect("emulation:initiative_list")
    return render(
        request,
        "emulation/records/initiative_form.html",
        {"form": form, "initiative": initiative},
    )


# ---------------------------------------------------------------- external assessments
@never_cache
@login_required
def assessment_invite(request, person_pk: int, year: int):
    """The office or the person's head makes one-time links; they are shown on this response
    only (not stored, not cached) together with the aggregate so far."""
    person = _person_or_404(request, person_pk)
    _year_or_404(year)
    if not rules.can_invite_assessors(request.user, person):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    links: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            invitations = services.external_assessment_invite(
                actor=request.user,
                person=person,
                year=year,
                count=form.cleaned_data["count"],
                valid_days=form.cleaned_data["valid_days"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            links = [request.build_absolute_uri(i.path) for i in invitations]
            form = InviteForm()
    context = {
        "person": person,
        "year": year,
        "form": form,
        "links": links,
        "summary": selectors.external_assessment_summary(
            viewer=request.user, person=person, year=year
        ),
    }
    return render(request, "emulation/records/invite.html", context)


def _link_error(request, error: AssessmentLinkError):
    status = 404 if error.reason == AssessmentLinkError.UNKNOWN else 410
    context = {
        "used": error.reason == AssessmentLinkError.USED,
        "expired": error.reason == AssessmentLinkError.EXPIRED,
    }
    response = render(request, "emulation/records/assess_link.html", context, status=status)
    return _private_headers(response)


def _private_headers(response):
    # The token is in the URL: keep it out of Referer headers, caches and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@csrf_protect
def assessment_answer(request, token: str):
    """Public (no login): the assessor sees only the person's name and position."""
    try:
        card = selectors.assessment_card(token=token)
    except AssessmentLinkError as error:
        return _link_error(request, error)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_assessment_answer(
                token=token,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except AssessmentLinkError as error:
            return _link_error(request, error)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return redirect("emulation:assessment_thanks")
    response = render(request, "emulation/records/assess.html", {"card": card, "form": form})
    return _private_headers(response)


@never_cache
def assessment_thanks(request):
    return render(request, "emulation/records/assess_thanks.html")
