"""The yearly review's bulk path: `evaluate_many` split across forked processes gives, in
order, exactly what `evaluate()` gives one history at a time — broken histories included."""

from datetime import date

import pytest

from thidua.awards.eligibility import HistoryError, evaluate, evaluate_many, in_processes, split

from .helpers import award, initiative, person, year

RECEIVED = date(2026, 1, 15)


def histories() -> list[dict]:
    good = [
        person(
            year(2023, "HTXS", ["LDTT", "CSTDCS"]),
            year(2024, "HTXS", ["LDTT", "CSTDCS"]),
            year(2025, "HTXS", initiatives=initiative("bo")),
        ),
        person(year(2025, "HTT")),
        person(year(2025, "KHT")),
        person(
            year(2021, "HTT"),
            year(2022, "HTT"),
            year(2023, "HTT"),
            year(2024, "HTXS"),
            year(2025, "HTT"),
            awards=[award("BK_BO", 2020)],
        ),
        person(year(2025, "HTXS"), pending=True),
    ]
    broken = {"subject": "individual", "years": [{"year": "năm ngoái", "rating": "XYZ"}]}
    return [good[i % len(good)] if i % 7 else broken for i in range(40)]


def as_comparable(outcome):
    if isinstance(outcome, HistoryError):
        return ("error", str(outcome))
    return tuple(v.to_dict() for v in outcome)


def serial(items):
    out = []
    for h in items:
        try:
            out.append(tuple(evaluate(h, year=2025, received_on=RECEIVED)))
        except HistoryError as exc:
            out.append(exc)
    return out


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_split_across_processes_gives_the_same_verdicts_in_order(processes):
    items = histories()
    many = evaluate_many(
        items, year=2025, received_on=RECEIVED, processes=processes, min_per_process=5
    )
    assert [as_comparable(o) for o in many] == [as_comparable(o) for o in serial(items)]
    assert any(isinstance(o, HistoryError) for o in many)


def test_a_part_whose_child_fails_is_judged_here():
    def judge(part):
        import os

        if os.getpid() != parent:
            raise RuntimeError("the child dies")
        return [len(x) for x in part]

    parent = __import__("os").getpid()
    parts = split(["a", "bb", "ccc", "dddd"], 2, min_per_process=1)
    assert len(parts) == 2
    assert in_processes(judge, parts) == [1, 2, 3, 4]


def test_the_parts_judged_in_children_are_larger_by_the_lead():
    parts = split(list(range(23)), 2, min_per_process=1, lead=1.3)
    assert [len(p) for p in parts] == [13, 10]
    parts = split(list(range(10)), 3, min_per_process=1)
    assert [x for p in parts for x in p] == list(range(10)) and len(parts) == 3


def test_each_part_is_loaded_here_before_its_child_judges_it():
    import os

    loaded_in = []

    def load(part):
        loaded_in.append(os.getpid())
        return [x * 2 for x in part]

    parts = split(list(range(9)), 3, min_per_process=1)
    assert in_processes(list, parts, load=load) == [x * 2 for x in range(9)]
    assert loaded_in == [os.getpid()] * 3
