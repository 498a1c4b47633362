"""A goal's page offers one check-in form per key result (issue 12, walk-through of
07/12/2026 as canbo on "Kế hoạch công tác năm 2026 của …"): every form had the same ids
(id_value, id_confidence, id_checked_on …), so the label "Giá trị" of the second key result
opened the first one's field. Each form now has its own ids, and each label names a field of
its own form."""

import re
from collections import Counter

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_each_key_results_check_in_form_has_its_own_ids(cascade, client):
    goal = cascade["personal"]
    assert goal.key_results.count() == 2
    client.force_login(cascade["staff_a"].user)

    html = client.get(reverse("goals:detail", args=[goal.pk])).content.decode()

    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert not [i for i, n in ids.items() if n > 1]
    forms = re.findall(r'action="/goals/key-results/(\d+)/check-in/".*?</form>', html, re.S)
    assert len(forms) == 2
    for kr_pk, form in zip(forms, re.findall(r'check-in/".*?</form>', html, re.S), strict=True):
        labels = re.findall(r'<label for="([^"]+)"', form)
        assert labels and all(label.startswith(f"kr{kr_pk}-") for label in labels)
        assert all(f'id="{label}"' in form for label in labels)
