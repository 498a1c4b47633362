"""The yearly review split across forked processes outside a transaction: on PostgreSQL
each child fetches its own part's rows on a connection of its own (the parent's connection
is left alone and still works afterwards); elsewhere the parent fetches every part. Either
way the rows are those of the review in one process."""

import os
from datetime import date
from functools import partial

import pytest
from django.db import connection

from thidua.awards.eligibility import in_processes, split
from thidua.awards.selectors import registry
from thidua.awards.selectors.registry import yearly_review
from thidua.emulation.choices import RatingLevel
from thidua.org.models import Person

from ..factories import PersonFactory
from .conftest import rate

RECEIVED = date(2026, 1, 15)


@pytest.mark.django_db(transaction=True)
def test_children_fetch_their_own_parts_on_postgresql(histories, org, officer, monkeypatch):
    for level in (RatingLevel.HTT, RatingLevel.HTXS, RatingLevel.HT, RatingLevel.KHT):
        rate(PersonFactory(unit=org["sec_a"]), {2024: RatingLevel.HTT, 2025: level})
    one = yearly_review(year=2025, received_on=RECEIVED, viewer=officer.user, processes=1)
    loaded_here: list[list[int]] = []
    fetch = registry.person_rows
    parent = os.getpid()

    def person_rows(**kwargs):
        if os.getpid() == parent:  # a child's list is its own copy
            loaded_here.append([pk for pk, _name in kwargs["people"]])
        return fetch(**kwargs)

    monkeypatch.setattr(registry, "split", partial(split, min_per_process=1))
    monkeypatch.setattr(registry, "person_rows", person_rows)
    three = yearly_review(year=2025, received_on=RECEIVED, viewer=officer.user, processes=3)

    assert three == one
    assert [r.reasons for row in three for r in row.verdicts] == [
        r.reasons for row in one for r in row.verdicts
    ]
    if connection.vendor == "postgresql":
        assert loaded_here == [[row.person_id for row in one][-len(loaded_here[0]) :]]
    else:
        assert sum(loaded_here, []) == [row.person_id for row in one]
    assert Person.objects.count() == len(one)  # this process's connection still works


def test_a_child_may_load_its_own_part():
    parent = os.getpid()

    def load(part):
        return [(x, os.getpid()) for x in part]

    parts = split(list(range(9)), 3, min_per_process=1)
    judged = in_processes(list, parts, load=load, child_load=load)
    assert [x for x, _pid in judged] == list(range(9))
    assert {pid for _x, pid in judged[:6]}.isdisjoint({parent})
    assert {pid for _x, pid in judged[6:]} == {parent}
