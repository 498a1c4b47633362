"""Properties of the eligibility engine over generated histories (hypothesis)."""

import copy
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.awards import law
from thidua.awards.eligibility import HistoryError, evaluate

YEAR = 2025
RECEIVED = date(2026, 1, 15)
CHAINED = ("CSTD_BO", "CSTD_TQ", "GK", "BK_BO", "BK_TTG", "HCLD3", "HCLD2", "HCLD1")

works = st.lists(st.builds(lambda s: {"scope": s}, st.sampled_from(law.SCOPES)), max_size=2)
discipline = st.one_of(
    st.none(),
    st.builds(
        lambda form, y, months: {
            "form": form,
            "from": f"{y}-01-15",
            "to": f"{y}-{months:02d}-15",
        },
        st.sampled_from(law.DISCIPLINE_FORMS),
        st.integers(2019, YEAR),
        st.integers(2, 12),
    ),
)


@st.composite
def individual_histories(draw):
    years = []
    for y in draw(st.sets(st.integers(2018, YEAR), max_size=8)):
        entry = {
            "year": y,
            "rating": draw(st.sampled_from((*law.RATINGS, None))),
            "titles": sorted(draw(st.sets(st.sampled_from(law.INDIVIDUAL_TITLES)))),
            "initiatives": draw(works),
            "research": draw(works),
            "months_worked": draw(st.sampled_from((12, 12, 12, 3))),
        }
        if draw(st.integers(0, 9)) == 0:
            entry["discipline"] = draw(discipline)
        years.append(entry)
    awards = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "form": st.sampled_from(law.FORMS),
                    "year": st.integers(2010, YEAR),
                    "kind": st.sampled_from(law.AWARD_KINDS),
                }
            ),
            max_size=4,
        )
    )
    return {"subject": "individual", "years": years, "awards": awards, "pending_case": False}


@st.composite
def collective_histories(draw):
    total = draw(st.integers(0, 50))
    count = st.integers(0, total)
    entry = {
        "year": YEAR,
        "rating": draw(st.sampled_from(law.RATINGS)),
        "titles": sorted(draw(st.sets(st.sampled_from(law.COLLECTIVE_TITLES)))),
        "members": {
            "total": total,
            "completed": draw(count),
            "LDTT": draw(count),
            "CSTDCS": draw(count),
            "disciplined_canh_cao_or_above": draw(count),
        },
        "cluster_leader": draw(st.booleans()),
        "exceeded_targets": draw(st.booleans()),
        "clean_party_org": draw(st.booleans()),
        "pm_movement_years": draw(st.integers(0, 8)),
    }
    return {"subject": "collective", "years": [entry], "awards": [], "pending_case": False}


received = st.sampled_from((date(2026, 1, 15), date(2026, 9, 30), date(2026, 10, 1)))


@settings(max_examples=200, deadline=None)
@given(st.one_of(individual_histories(), collective_histories()), received)
def test_a_pending_case_always_blocks_everything(history, received_on):
    history["pending_case"] = True
    verdicts = evaluate(history, year=YEAR, received_on=received_on)
    assert verdicts and not any(v.eligible for v in verdicts)


@settings(max_examples=300, deadline=None)
@given(individual_histories(), st.integers(2018, YEAR - 1), received)
def test_a_kht_year_never_makes_a_chain_based_award_eligible(history, y, received_on):
    before = {v.code: v.eligible for v in evaluate(history, year=YEAR, received_on=received_on)}
    changed = copy.deepcopy(history)
    entry = next((e for e in changed["years"] if e["year"] == y), None)
    if entry is None:
        changed["years"].append({"year": y, "rating": "KHT"})
    else:
        entry["rating"] = "KHT"
    after = {v.code: v.eligible for v in evaluate(changed, year=YEAR, received_on=received_on)}
    for code in CHAINED:
        assert before[code] or not after[code], code


@settings(max_examples=200, deadline=None)
@given(individual_histories())
def test_the_judgement_does_not_depend_on_the_order_of_years_or_awards(history):
    reordered = copy.deepcopy(history)
    reordered["years"].reverse()
    reordered["awards"].reverse()
    assert evaluate(history, year=YEAR, received_on=RECEIVED) == evaluate(
        reordered, year=YEAR, received_on=RECEIVED
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    (
        "subject",
        "years",
        "awards",
        "pending_case",
        "year",
        "rating",
        "titles",
        "initiatives",
        "research",
        "discipline",
        "months_worked",
        "criteria",
        "members",
        "form",
        "kind",
        "from",
        "to",
        "scope",
        "total",
        "LDTT",
    )
)
near_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.sampled_from(("individual", "collective", "HTXS", "LDTT", "bo", "2025-01-01", "x")),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(field_names, children, max_size=6)
    ),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(json_values, near_json), st.one_of(st.none(), json_values))
def test_any_input_gives_verdicts_or_a_history_error_never_a_crash(history, settings_value):
    try:
        evaluate(history, year=YEAR, received_on=RECEIVED, settings=settings_value)
    except HistoryError as exc:
        assert exc.problems
        assert all(p.path and p.message and p.message_en for p in exc.problems)
