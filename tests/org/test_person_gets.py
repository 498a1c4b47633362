"""The selectors other apps' pages and API read a person through (issue 16, point 2; issue
10): a name, unit and post are public to staff; private data only within the viewer's scope."""

import pytest
from django.core.exceptions import PermissionDenied

from thidua.org import selectors as org_selectors


def test_a_persons_private_card_is_refused_outside_the_viewers_scope(org):
    hoa = org["staff_a"]
    assert org_selectors.person_private_get(viewer=org["head_a"].user, pk=hoa.pk) == hoa
    assert org_selectors.person_public_get(viewer=org["staff_b"].user, pk=hoa.pk) == hoa
    with pytest.raises(PermissionDenied):
        org_selectors.person_private_get(viewer=org["staff_b"].user, pk=hoa.pk)
