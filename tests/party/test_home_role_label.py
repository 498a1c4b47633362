# ruff: noqa: F811 (the Party tests' fixtures, imported)
"""On the home page "Your roles" names a Party secretary role by its body's kind
(walk-through C3 of 06/12/2026): the committee office, holding the role over the Đảng bộ,
is not "Bí thư chi bộ"; a cell's secretary is."""

import re

from django.urls import reverse
from django.utils import translation

from .conftest import party  # noqa: F401


def _roles(client, user):
    client.force_login(user)
    with translation.override("vi"):
        page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    section = page[page.index('id="roles"') : page.index('id="next"')]
    return [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in section.split("<li>")[1:]]


def test_committee_office_reads_party_work_on_its_dang_bo(client, party):
    roles = _roles(client, party["office"].user)

    assert any(r.startswith("Phụ trách công tác Đảng — Đảng bộ Thử nghiệm") for r in roles)
    assert not any("Bí thư chi bộ" in r for r in roles)


def test_cell_secretary_reads_cell_secretary_on_her_cell(client, party):
    roles = _roles(client, party["secretary_a"].user)

    assert any(r.startswith("Bí thư chi bộ — Chi bộ A") for r in roles)
    assert not any("Phụ trách công tác Đảng" in r for r in roles)
