from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from thidua.core.nextsteps import TODO, capped, collect, newest_first
from thidua.core.params import date_param
from thidua.core.services import notifications_sync
from thidua.core.view_helpers import object_or_404, page_of

from .. import selectors
from ..rules import viewer_scope

STAFF_PAGE_SIZE = 50  # a unit's staff directory, a page (the ministry has hundreds)


@login_required
def home(request):
    """'Việc của tôi' and who the user is. The person is read once for the page and every
    app's next steps (selectors.viewer_person)."""
    person = selectors.viewer_person(user=request.user)
    steps = collect(request.user)
    work = newest_first([s for s in steps if s.section == TODO])
    notifications_sync(user=request.user, items=work)  # the bell agrees with the page
    shown, more = capped(work)
    context = {
        "person": person,
        "roles": selectors.roles_of(user=request.user),
        # the scope has already looked for such a membership: no query when there is none
        "party_rights": selectors.secretary_rights_by_membership(user=request.user)
        if viewer_scope(request.user).membership_party_paths
        else [],
        "work": shown,
        "work_more": more,
        "next_steps": [s for s in steps if s.section == "next"],
        "highlights": [s for s in steps if s.section == "highlight"],
    }
    return render(request, "org/home.html", context)


@login_required
def tree(request):
    """The units tree on a date (?on=YYYY-MM-DD, today by default), with their names then."""
    today = timezone.localdate()
    on = date_param(request.GET, "on", default=today)
    roots = selectors.unit_tree_nested(viewer=request.user, on=on)
    me = selectors.person_for_user(user=request.user)
    context = {"roots": roots, "my_unit_id": me.unit_id if me else None, "on": on}
    context["is_today"] = on == today
    return render(request, "org/tree.html", context)


@login_required
def unit_detail(request, pk: int):
    unit = object_or_404(selectors.unit_get, viewer=request.user, pk=pk)
    today = timezone.localdate()
    on = date_param(request.GET, "on", default=today)
    names = selectors.unit_names_on(units=[u for u in (unit, unit.parent) if u], on=on)
    context = {
        "unit": unit,
        "on": on,
        "is_today": on == today,
        "name_then": names[unit.pk][0],
        "short_name_then": names[unit.pk][1],
        "parent_name_then": names[unit.parent_id][0] if unit.parent_id else "",
        "existed": unit.valid_from <= on and (unit.valid_to is None or unit.valid_to > on),
        "history": selectors.unit_history(unit=unit),
        "children": selectors.units_as_of(on=on).filter(parent=unit).order_by("sort_order", "name"),
        "people": selectors.unit_people_public(viewer=request.user, unit=unit),
        "groups": selectors.unit_groups_of(unit=unit, on=on),
        "may_see_private": request.user.has_perm("org.view_unit_private", unit),
    }
    return render(request, "org/unit_detail.html", context)


@login_required
def unit_staff(request, pk: int):
    """The unit's private staff directory: contact details of everyone under it."""
    # the unit's card is public to staff; its people's contact details are not (403)
    unit = object_or_404(selectors.unit_get, viewer=request.user, pk=pk)
    people = selectors.unit_people_private(viewer=request.user, unit=unit)
    page = page_of(request, people, STAFF_PAGE_SIZE)
    return render(
        request, "org/unit_staff.html", {"unit": unit, "people": page, "page": page, "query": ""}
    )


@login_required
def person_detail(request, pk: int):
    person = object_or_404(selectors.person_get, viewer=request.user, pk=pk)
    context = {"person": person}
    if person.viewer_may_see_private:
        context["posts"] = selectors.person_posts(viewer=request.user, person=person)
        context["membership"] = selectors.person_party_membership(
            viewer=request.user, person=person
        )
    return render(request, "org/person_detail.html", context)
