from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from thidua.core.api_schemas import ERRORS, Day, Id

from . import selectors
from .models import Person

router = Router(tags=["org"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    depth: int
    people_total: int


class PersonPublicOut(Schema):
    id: int
    full_name: str
    unit_id: int
    unit_name: str
    position_name: str | None


class PersonPrivateOut(PersonPublicOut):
    # Private as on the person's page: an employee code names the person in imports.
    employee_code: str
    email: str
    phone: str
    date_of_birth: date | None
    category: str
    rank: str
    grade: int | None


@router.get("/units", response={200: list[UnitOut], **ERRORS})
def units(request, on: Day | None = None):
    return [
        UnitOut(
            id=u.pk,
            code=u.code,
            name=u.name_then or u.name,
            short_name=u.short_name_then or "",
            kind=u.kind,
            parent_id=u.parent_id,
            depth=u.depth,
            people_total=u.people_total,
        )
        for u in selectors.unit_tree(viewer=request.user, on=on)
    ]


@router.get("/people/{person_id}", response={200: PersonPrivateOut | PersonPublicOut, **ERRORS})
def person(request, person_id: Id):
    get_object_or_404(Person, pk=person_id)
    p = selectors.person_get(viewer=request.user, pk=person_id)
    base = {
        "id": p.pk,
        "full_name": p.full_name,
        "unit_id": p.unit_id,
        "unit_name": p.unit.name,
        "position_name": p.position.name if p.position else None,
    }
    if not p.viewer_may_see_private:
        return PersonPublicOut(**base)
    return PersonPrivateOut(
        **base,
        employee_code=p.employee_code,
        email=p.email,
        phone=p.phone,
        date_of_birth=p.date_of_birth,
        category=p.category,
        rank=p.rank,
        grade=p.grade,
    )
