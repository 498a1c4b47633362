# ruff: noqa: F811 (fixtures of the emulation tests, imported)
"""Drafting a movement and editing its draft check the same things (one function,
services.movement_checks.check_draft): a name or a criterion's name longer than the database
holds is refused with the same clear message on both ways, and nothing is written."""

import pytest
from django.core.exceptions import ValidationError

from thidua.emulation.models import Movement
from thidua.emulation.services.movement_edit import movement_update

from .test_movement_edit import _fields
from .test_movements_services import clusters, movement, new_movement  # noqa: F401

pytestmark = pytest.mark.django_db

TOO_LONG = "Đ" * 301  # Movement.name and Criterion.name hold 300 characters


@pytest.mark.parametrize(
    ("overrides", "code", "words"),
    [
        ({"name": TOO_LONG}, "name", "Tên phong trào quá dài"),
        (
            {"criteria": [{"name": TOO_LONG, "max_points": 10}]},
            "criterion_name",
            "tối đa 300 ký tự",
        ),
    ],
)
def test_drafting_and_editing_refuse_overlong_names_alike(
    officer, org, clusters, movement, overrides, code, words
):
    before = Movement.objects.count()
    with pytest.raises(ValidationError) as drafted:
        new_movement(officer, org, clusters, **overrides)
    assert Movement.objects.count() == before
    with pytest.raises(ValidationError) as edited:
        movement_update(actor=officer.user, movement=movement, **_fields(movement, **overrides))
    assert Movement.objects.get(pk=movement.pk).name == movement.name
    for error in (drafted.value, edited.value):
        assert [e.code for e in error.error_list] == [code]
        assert words in error.messages[0]
