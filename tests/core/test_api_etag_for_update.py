"""core.api_etag.for_update: the one "find in scope + lock + If-Match + 404" every API write uses."""

import pytest
from django.db import transaction
from django.http import Http404

from thidua.core.api_etag import (
    PreconditionFailed,
    PreconditionRequired,
    etag_of,
    for_update,
)
from thidua.org.api import UnitDetailOut
from thidua.org.models import Unit


def test_it_returns_the_row_at_the_clients_version(org):
    unit = org["dept_a"]
    etag = etag_of(UnitDetailOut, unit)
    with transaction.atomic():
        found = for_update(unit, schema=UnitDetailOut, if_match=etag)
    assert found.pk == unit.pk and found is not unit
    with transaction.atomic():
        assert (
            for_update(
                Unit.objects.all(), pk=unit.pk, schema=UnitDetailOut, if_match=f"W/{etag}"
            ).pk
            == unit.pk
        )


def test_a_stale_or_missing_if_match_is_refused(org):
    unit = org["dept_a"]
    with transaction.atomic(), pytest.raises(PreconditionFailed):
        for_update(unit, schema=UnitDetailOut, if_match='"stale"')
    with transaction.atomic(), pytest.raises(PreconditionRequired):
        for_update(unit, schema=UnitDetailOut, if_match=None)
    with transaction.atomic():  # optional: no header, no check; "*" any version
        assert for_update(unit, schema=UnitDetailOut, if_match=None, required=False)
        assert for_update(unit, schema=UnitDetailOut, if_match="*")


def test_a_row_outside_the_scope_is_a_404(org):
    scoped = Unit.objects.filter(pk=org["dept_b"].pk)
    with transaction.atomic(), pytest.raises(Http404):
        for_update(scoped, pk=org["dept_a"].pk, schema=UnitDetailOut, if_match="*")
    with transaction.atomic(), pytest.raises(Http404):
        for_update(None, schema=UnitDetailOut, if_match="*")
    with pytest.raises(TypeError):
        for_update(scoped, schema=UnitDetailOut, if_match="*")
