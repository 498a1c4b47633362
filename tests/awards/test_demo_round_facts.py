"""The demo ministry's own records give the 2025 commendation round its collective facts:
Cục An toàn thông tin leads its cluster in the published 2025 movement, exceeded its targets
(unit rating and goals) and has a clean Party organisation, so Cờ thi đua cấp Bộ is open to
it; other units fall short of their targets or have a Party body rated only HT."""

from datetime import date

from thidua.awards.eligibility import evaluate
from thidua.awards.history import (
    FINAL_RATING_STATUSES,
    collective_facts,
    person_histories,
    unit_histories,
)
from thidua.emulation.models import AnnualRating, Movement
from thidua.emulation.selectors.movements import cluster_leaders
from thidua.org.choices import UnitGroupKind, UnitKind
from thidua.org.models import Absence, Unit, UnitGroup

YEAR = 2025
RECEIVED = date(2026, 1, 15)


def _units():
    return {
        u.code: u for u in Unit.objects.filter(valid_to__isnull=True).exclude(kind=UnitKind.SECTION)
    }


def test_cuc_attt_leads_its_cluster_exceeded_its_targets_and_is_eligible_for_co_bo(demo_read_only):
    units = _units()
    attt = units["ATTT"]
    facts = collective_facts(year=YEAR, unit_ids=[u.pk for u in units.values()])

    assert (
        facts[attt.pk].cluster_leader,
        facts[attt.pk].exceeded_targets,
        facts[attt.pk].clean_party_org,
    ) == (True, True, True)
    # the facts are not true of everyone
    assert any(not f.exceeded_targets for f in facts.values())
    assert any(not f.clean_party_org for f in facts.values())
    assert not facts[units["PTTH"].pk].exceeded_targets
    assert not facts[units["PTTH"].pk].clean_party_org

    history = unit_histories(year=YEAR, unit_ids=[attt.pk])[attt.pk]
    verdicts = {v.code: v for v in evaluate(history, year=YEAR, received_on=RECEIVED)}
    assert verdicts["CO_BO"].eligible
    # a unit that leads no cluster is not
    ptth = unit_histories(year=YEAR, unit_ids=[units["PTTH"].pk])[units["PTTH"].pk]
    assert not {v.code: v for v in evaluate(ptth, year=YEAR, received_on=RECEIVED)}[
        "CO_BO"
    ].eligible


def test_every_cluster_is_led_by_its_leader_unit_in_the_published_2025_movement(demo_read_only):
    assert Movement.objects.filter(
        period_end__year=YEAR, results_published_at__isnull=False
    ).exists()
    leaders = cluster_leaders(year=YEAR)
    clusters = UnitGroup.objects.filter(kind=UnitGroupKind.EMULATION_CLUSTER)
    assert clusters.count() == 2
    led = {lead.cluster for leads in leaders.values() for lead in leads}
    assert led == set(clusters.values_list("name", flat=True))
    for cluster in clusters:
        assert any(lead.cluster == cluster.name for lead in leaders[cluster.leader_unit_id])


def test_long_absences_shorten_the_months_worked_except_maternity_leave(demo_read_only):
    unpaid = Absence.objects.get(kind="unpaid_leave")
    maternity = Absence.objects.get(kind="maternity")
    histories = person_histories(
        year=YEAR, on=RECEIVED, person_ids=[unpaid.person_id, maternity.person_id]
    )

    def months(pid):
        return next(y for y in histories[pid]["years"] if y["year"] == YEAR)["months_worked"]

    assert months(unpaid.person_id) == 8
    assert months(maternity.person_id) == 12


def test_a_kht_year_rests_on_a_recorded_conduct_fact(demo_read_only):
    rating = AnnualRating.objects.get(year=YEAR, kht_degradation=True)
    assert rating.level == "KHT" and rating.status in FINAL_RATING_STATUSES
    assert "minh hoạ" in rating.kht_facts_note
    assert any("suy thoái" in reason for reason in rating.reasons)
